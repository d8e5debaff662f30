/**
 * The exact decimal the domain computes ratios with, checked against decimal.js (the library it
 * replaced, kept as a development dependency to be the oracle): every operation on random
 * decimals of up to 12 whole digits and 8 decimals gives the same digits as decimal.js at 50
 * significant digits, where decimal.js is exact; a quotient rounded to a few places agrees too.
 */
import { Decimal as Oracle } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, type Rounding } from '../../shared/domain/decimal.ts';
import { Money } from '../../shared/domain/money.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const O = Oracle.clone({ precision: 50, rounding: Oracle.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
const MODES: Record<Rounding, Oracle.Rounding> = {
  'half-up': Oracle.ROUND_HALF_UP,
  down: Oracle.ROUND_DOWN,
  floor: Oracle.ROUND_FLOOR,
  ceil: Oracle.ROUND_CEIL,
};

/** A decimal string: optional sign, up to 12 whole digits, up to 8 decimals, sometimes trailing zeros. */
const decimalText = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }),
    fc.integer({ min: 0, max: 8 }),
    fc.bigInt({ min: 0n, max: 10n ** 8n - 1n }),
  )
  .map(([negative, whole, places, fraction]) => {
    const frac = places === 0 ? '' : `.${(fraction % 10n ** BigInt(places)).toString().padStart(places, '0')}`;
    return `${negative ? '-' : ''}${whole}${frac}`;
  });
const nonZero = decimalText.filter((t) => !new O(t).isZero());
const places = fc.integer({ min: 0, max: 8 });
const rounding = fc.constantFrom<Rounding>('half-up', 'down', 'floor', 'ceil');

/** The oracle's plain digits, with "-0" spelled "0" (our type has no negative zero). */
const plain = (o: Oracle, dp?: number, rm?: Oracle.Rounding): string => {
  const text = dp === undefined ? o.toFixed() : o.toFixed(dp, rm ?? Oracle.ROUND_HALF_UP);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
};

describe('Decimal against decimal.js', () => {
  it('reads and writes back every decimal string', () => {
    fc.assert(
      fc.property(decimalText, (t) => {
        expect(new Decimal(t).toString()).toBe(plain(new O(t)));
        expect(new Decimal(t).decimalPlaces()).toBe(new O(t).decimalPlaces());
      }),
      { numRuns: RUNS },
    );
  });

  it('adds, subtracts, multiplies and compares exactly', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const x = new Decimal(a);
        const y = new Decimal(b);
        expect(x.plus(y).toString()).toBe(plain(new O(a).plus(b)));
        expect(x.minus(y).toString()).toBe(plain(new O(a).minus(b)));
        expect(x.times(y).toString()).toBe(plain(new O(a).times(b)));
        expect(x.comparedTo(y)).toBe(new O(a).comparedTo(b));
      }),
      { numRuns: RUNS },
    );
  });

  it('rounds to any number of places in every mode as decimal.js does', () => {
    fc.assert(
      fc.property(decimalText, places, rounding, (t, dp, rm) => {
        expect(new Decimal(t).toFixed(dp, rm)).toBe(plain(new O(t), dp, MODES[rm]));
        expect(new Decimal(t).toDecimalPlaces(dp, rm).toString()).toBe(plain(new O(t).toDecimalPlaces(dp, MODES[rm])));
      }),
      { numRuns: RUNS },
    );
  });

  it('divides exactly: a quotient rounded to a few places is decimal.js rounded from 50 digits', () => {
    fc.assert(
      fc.property(decimalText, nonZero, fc.integer({ min: 0, max: 6 }), (a, b, dp) => {
        expect(new Decimal(a).dividedBy(b).toFixed(dp)).toBe(plain(new O(a).dividedBy(b), dp));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads a number through the decimal JavaScript prints for it', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (n) => {
        expect(new Decimal(n).equals(new Decimal(String(n)))).toBe(true);
        expect(new Decimal(n).toFixed(6)).toBe(plain(new O(String(n)), 6));
      }),
      { numRuns: RUNS },
    );
  });

  it('writes every decimal a value has, however many, as decimal.js does', () => {
    // A terminating decimal is written in full: beyond 20 places too (1e-25, a weight of 30
    // decimals, a tiny double's 0.000012345678901234568), never cut to 20.
    const longText = fc
      .tuple(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }),
        fc.integer({ min: 0, max: 40 }),
        fc.bigInt({ min: 0n, max: 10n ** 40n - 1n }),
      )
      .map(([negative, whole, dp, fraction]) => {
        const frac = dp === 0 ? '' : `.${(fraction % 10n ** BigInt(dp)).toString().padStart(dp, '0')}`;
        return `${negative ? '-' : ''}${whole}${frac}`;
      });
    fc.assert(
      fc.property(longText, fc.integer({ min: -30, max: 30 }), (t, e) => {
        const text = `${t}e${e}`;
        expect(new Decimal(text).toString()).toBe(plain(new O(text)));
        expect(new Decimal(text).toFixed()).toBe(plain(new O(text)));
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(new Decimal(n).toString()).toBe(plain(new O(String(n))));
      }),
      { numRuns: RUNS },
    );
    expect(new Decimal('1e-25').toString()).toBe('0.0000000000000000000000001');
  });

  it('sums money as decimal.js does', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n }), { maxLength: 50 }), (pence) => {
        const monies = pence.map((p) => Money.fromPence(p));
        const oracle = pence.reduce((s, p) => s.plus(new O(p.toString()).dividedBy(100)), new O(0));
        expect(Money.sum(monies).toString()).toBe(plain(oracle, 2));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Decimal', () => {
  it('keeps every digit of a fraction that never ends until it is rounded', () => {
    const third = new Decimal(1).dividedBy(3);
    expect(third.times(3).toString()).toBe('1');
    expect(third.toFixed(2)).toBe('0.33');
    expect(third.decimalPlaces()).toBe(Number.POSITIVE_INFINITY);
    expect(third.toString()).toBe('0.33333333333333333333');
    // decimal.js at 50 digits rounds 0.03 / 14 down on the way, so x 21 gives 0.04499...9 and
    // "0.04"; the exact value is 0.045, half a penny, which rounds up.
    expect(new Decimal('0.03').dividedBy(14).times(21).toFixed(2)).toBe('0.05');
    expect(new O('0.03').dividedBy(14).times(21).toFixed(2)).toBe('0.04');
  });

  it('never writes a negative zero', () => {
    expect(new Decimal('-0.001').toFixed(2)).toBe('0.00');
    expect(new Decimal('-0').toString()).toBe('0');
    expect(new Decimal('-0.004').toDecimalPlaces(2).isNegative()).toBe(false);
  });

  it('reads exponents and refuses what is not a number', () => {
    expect(new Decimal('1e-7').toString()).toBe('0.0000001');
    expect(new Decimal('2.5E3').toString()).toBe('2500');
    expect(new Decimal(1e21).toString()).toBe('1000000000000000000000');
    for (const bad of ['', '.', '-', '1.2.3', '0x10', 'NaN', 'Infinity', '1e', '£1', '1,000']) {
      expect(() => new Decimal(bad), bad).toThrow(RangeError);
    }
    expect(() => new Decimal(Number.NaN)).toThrow(RangeError);
    expect(() => new Decimal(1).dividedBy(0)).toThrow(RangeError);
    expect(() => new Decimal('1e100000')).toThrow(RangeError);
    // Trailing zeros are no digits of the value, however many: decimal.js reads them, and so do we.
    expect(new Decimal(`12.5${'0'.repeat(1200)}`).toString()).toBe('12.5');
    expect(new Decimal(`-0.${'0'.repeat(5000)}`).isZero()).toBe(true);
    expect(() => new Decimal(`0.${'0'.repeat(1100)}1`)).toThrow(RangeError);
  });

  it("takes another bundle's Decimal as its own (a side bundle carries its own copy of the class)", async () => {
    const second = new URL('../../shared/domain/decimal.ts?copy', import.meta.url).href;
    const copy = (await import(second)) as typeof import('../../shared/domain/decimal.ts');
    expect(copy.Decimal).not.toBe(Decimal);
    const foreign = new copy.Decimal('279900');
    expect(foreign instanceof Decimal).toBe(false);
    expect(Decimal.isDecimal(foreign)).toBe(true);
    expect(new Decimal('1399.50').dividedBy(foreign).times(100).toFixed(1)).toBe('0.5');
    expect(new Decimal(foreign).plus('0.1').toString()).toBe('279900.1');
  });

  it('rounds halves away from zero by default, and as told otherwise', () => {
    expect(new Decimal('2.345').toFixed(2)).toBe('2.35');
    expect(new Decimal('-2.345').toFixed(2)).toBe('-2.35');
    expect(new Decimal('-2.345').toFixed(2, 'floor')).toBe('-2.35');
    expect(new Decimal('-2.345').toFixed(2, 'ceil')).toBe('-2.34');
    expect(new Decimal('-2.345').toFixed(2, 'down')).toBe('-2.34');
    expect(new Decimal('2.5').pow(3).toString()).toBe('15.625');
  });
});
