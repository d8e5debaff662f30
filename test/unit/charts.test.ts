/**
 * The axis step of the PDF charts: a round 1, 2 or 5 x 10^n, in pence, never nothing (the charts
 * grow their axis by the step until it reaches the largest value, so a step of 0.00 never ends).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '../../shared/domain/money.ts';
import { niceStep } from '../../shared/infrastructure/pdf/charts.ts';

describe('niceStep', () => {
  it('is at least a penny, however small the largest value: a 1p chart of five ticks once stepped by 0.00 and never ended', () => {
    expect(niceStep(Money.parse('0.01'), 5).toString()).toBe('0.01');
    for (let pence = 1n; pence <= 1000n; pence++) {
      for (const ticks of [4, 5]) expect(niceStep(Money.fromPence(pence), ticks).isPositive(), `${pence}p, ${ticks} ticks`).toBe(true);
    }
  });

  it('is a round step giving about the ticks asked, as before', () => {
    expect(niceStep(Money.parse('279900.00'), 5).toString()).toBe('100000.00');
    expect(niceStep(Money.parse('218300.00'), 4).toString()).toBe('100000.00');
    expect(niceStep(Money.parse('0.04'), 4).toString()).toBe('0.01');
    expect(niceStep(Money.zero, 5).toString()).toBe('1.00');
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 99_999_999_999n }), fc.constantFrom(4, 5), (pence, ticks) => {
        const step = niceStep(Money.fromPence(pence), ticks);
        expect(['1', '2', '5']).toContain(step.pence.toString().replace(/0+$/, ''));
        // The axis reaches the largest value within about the ticks asked (never hundreds of steps).
        expect(Money.fromPence(pence).pence / step.pence).toBeLessThanOrEqual(BigInt(ticks) * 2n);
      }),
    );
  });
});
