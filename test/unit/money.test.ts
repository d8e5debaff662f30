import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, MoneyFormatError } from '../../shared/domain/money.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);

/** Wire amounts as a finance officer would type them: pounds and optional pence. */
const amountText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 99_999_999_999n }))
  .map(([neg, pence]) => `${neg && pence > 0n ? '-' : ''}${pence / 100n}.${String(pence % 100n).padStart(2, '0')}`);

describe('Money', () => {
  it('parses and prints two decimals exactly', () => {
    expect(Money.parse('81305').toString()).toBe('81305.00');
    expect(Money.parse('12.5').toString()).toBe('12.50');
    expect(Money.parse('-0.01').toString()).toBe('-0.01');
    expect(Money.parse('-0').toString()).toBe('0.00');
    expect(Money.parse('0.10').plus(Money.parse('0.20')).toString()).toBe('0.30');
  });

  it.each([
    ['1.234', 'three decimals'],
    ['1e5', 'exponent'],
    ['12,000.00', 'grouping'],
    ['£12', 'currency sign'],
    [' 12', 'whitespace'],
    ['0012', 'leading zeros'],
    ['1000000000.00', 'over the maximum'],
    ['', 'empty'],
    ['NaN', 'not a number'],
    ['Infinity', 'infinity'],
    ['--1', 'double sign'],
    ['1.', 'dangling point'],
  ])('refuses %j (%s)', (text) => {
    expect(() => Money.parse(text)).toThrow(MoneyFormatError);
  });

  it('refuses a JS number even when one is smuggled in', () => {
    expect(() => Money.parse(12.5 as unknown as string)).toThrow(MoneyFormatError);
  });

  it('formats for people with thousands separators', () => {
    expect(Money.parse('1234567.8').toDisplay()).toBe('1,234,567.80');
    expect(Money.parse('-999.99').toDisplay()).toBe('-999.99');
  });

  it('round-trips every wire amount (parse then print is the identity on canonical text)', () => {
    fc.assert(
      fc.property(amountText, (text) => {
        expect(Money.parse(text).toString()).toBe(text);
        expect(Money.fromStored(Money.parse(text).toString()).equals(Money.parse(text))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('adds exactly: the sum of amounts equals the sum of their pence, in any order', () => {
    fc.assert(
      fc.property(fc.array(amountText, { maxLength: 50 }), (texts) => {
        const values = texts.map(Money.parse);
        const pence = values.reduce((a, m) => a + m.pence, 0n);
        expect(Money.sum(values).pence).toBe(pence);
        expect(Money.sum([...values].reverse()).equals(Money.sum(values))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('an amount and its negation cancel (an entry and its reversal net to zero)', () => {
    fc.assert(
      fc.property(amountText, (text) => {
        const m = Money.parse(text);
        expect(m.plus(m.negate()).isZero()).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
