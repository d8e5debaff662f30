/**
 * The figures Money and the ratio arithmetic produce, pinned against decimal.js (the library they
 * replaced, kept as a development dependency to be the oracle): each property computes a figure
 * the way the code did before integer pence (decimal.js at 50 digits, half up) and expects the
 * same text. What was compared once against the whole old domain (engine, forecast, roll-forward,
 * agreement round trip, import) is kept here for the operations those are built from.
 */
import { Decimal as Oracle } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastYear, percentOf } from '../../shared/domain/forecast.ts';
import { formatPercent, formatWholePounds } from '../../shared/domain/format.ts';
import { amountFromNumber, parseAmountText } from '../../shared/domain/import.ts';
import { Decimal, Money } from '../../shared/domain/money.ts';
import { uplifted } from '../../shared/domain/roll-forward.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const O = Oracle.clone({ precision: 50, rounding: Oracle.ROUND_HALF_UP, toExpNeg: -50, toExpPos: 50 });

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const pence = fc.bigInt({ min: -99_999_999_999n, max: 99_999_999_999n });
const small = fc.bigInt({ min: -100_000n, max: 100_000n });
const amount = fc.oneof(pence, small).map((p) => Money.fromPence(p));

/**
 * What DynamoDB may hand back as a number's text (and what the code stores): plain decimals with
 * any number of places and leading or trailing zeros, exponents, a sign, "-0".
 */
const storedText = fc.oneof(
  fc
    .tuple(fc.constantFrom('', '-'), digits(1, 18), fc.option(digits(1, 4)), fc.option(fc.integer({ min: -20, max: 20 })))
    .map(([s, w, f, e]) => `${s}${w}${f === null ? '' : `.${f}`}${e === null ? '' : `e${e}`}`),
  fc.constantFrom('81305', '1e3', '-0', '0.10', '-0.00', '1e15', '-1e15', '1000000000000000.01', '0.5e1', '1E2', '12.5e-1'),
  pence.map((p) => Money.fromPence(p).toString()),
);

/** The code before integer pence: a stored number's text read by decimal.js, refused past two places or 1e15. */
function oracleFromStored(text: string): string | undefined {
  const d = new O(text);
  if (!d.isFinite() || d.decimalPlaces() > 2 || d.abs().greaterThan('1e15')) return undefined;
  return d.toFixed(2);
}

const grouped = (fixed: string) => fixed.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

describe('Money against decimal.js', () => {
  it('reads every stored number text as decimal.js did, and refuses the same ones', () => {
    fc.assert(
      fc.property(storedText, (text) => {
        const want = oracleFromStored(text);
        if (want === undefined) expect(() => Money.fromStored(text)).toThrow();
        else {
          const m = Money.fromStored(text);
          expect(m.toString()).toBe(want);
          expect(m.toDisplay()).toBe(want.startsWith('-') ? `-${grouped(want.slice(1))}` : grouped(want));
          expect(m.isNegative()).toBe(new O(want).isNegative() && !new O(want).isZero());
        }
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('adds, compares and prints as decimal.js did', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 20 }), amount, (list, other) => {
        const total = list.reduce((s, m) => s.plus(m.toString()), new O(0));
        expect(Money.sum(list).toString()).toBe(total.toFixed(2));
        for (const m of list) {
          expect(m.compare(other)).toBe(new O(m.toString()).comparedTo(other.toString()));
          expect(m.minus(other).toString()).toBe(new O(m.toString()).minus(other.toString()).toFixed(2));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('works out percentages and whole pounds as decimal.js did, half up', () => {
    fc.assert(
      fc.property(amount, amount, fc.integer({ min: 0, max: 3 }), (part, whole, places) => {
        const ratio = () => new O(part.toString()).times(100).dividedBy(whole.toString());
        expect(percentOf(part, whole)).toBe(whole.isZero() ? '0.0' : ratio().toDecimalPlaces(1, O.ROUND_HALF_UP).toFixed(1));
        expect(formatPercent(part, whole, places)).toBe(
          whole.isZero() ? '-' : `${ratio().toDecimalPlaces(places, O.ROUND_HALF_UP).toFixed(places)}%`,
        );
        const pounds = new O(part.toString()).toDecimalPlaces(0, O.ROUND_HALF_UP);
        expect(formatWholePounds(part)).toBe(`${pounds.isNegative() && !pounds.isZero() ? '-' : ''}£${grouped(pounds.abs().toFixed(0))}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('uplifts to the penny or the pound as decimal.js did', () => {
    const uplift = fc
      .tuple(fc.constantFrom('', '-'), fc.integer({ min: 0, max: 1_000_000 }))
      .map(([s, k]) => `${s}${k === 1_000_000 ? '1' : `0.${String(k).padStart(6, '0')}`}`);
    fc.assert(
      fc.property(amount, uplift, fc.constantFrom<'penny' | 'pound'>('penny', 'pound'), (m, u, rounding) => {
        const raw = new O(m.toString()).times(new O(1).plus(u));
        const want = raw.toDecimalPlaces(rounding === 'pound' ? 0 : 2, O.ROUND_HALF_UP).toFixed(2);
        expect(uplifted(m, new Decimal(u), rounding).toString()).toBe(want === '-0.00' ? '0.00' : want);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("forecasts a run-rate and a profile's rest at every month as decimal.js did", () => {
    const months = ['04', '05', '06', '07', '08', '09', '10', '11', '12', '01', '02', '03'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 11 }),
        amount,
        fc.bigInt({ min: 0n, max: 99_999_999_999n }),
        fc.array(fc.bigInt({ min: 0n, max: 5_000_000n }), { minLength: 12, maxLength: 12 }),
        (i, actual, budgetPence, profile) => {
          const asOf = `${i >= 9 ? 2026 : 2025}-${months[i]}-15`;
          const budget = Money.fromPence(budgetPence);
          const f = forecastYear({
            yearId: '2025-26',
            asOf,
            lines: [{ category: 'staffing', name: 'Staffing', amount: budget, profile: profile.map((p) => Money.fromPence(p)) }],
            entries: [
              { date: '2025-04-01', category: 'other', amount: actual },
              { date: '2025-04-01', category: 'staffing', amount: actual },
            ],
            commitments: [],
          });
          const m = i + 1;
          const half = (d: Oracle) =>
            d
              .toDecimalPlaces(2, O.ROUND_HALF_UP)
              .toFixed(2)
              .replace(/^-0\.00$/, '0.00');
          const runRate = f.categories.find((c) => c.category === 'other');
          expect(runRate?.rest.toString()).toBe(half(new O(actual.toString()).dividedBy(m).times(12 - m)));
          const whole = profile.reduce((s, p) => s + p, 0n);
          const rest = profile.slice(m).reduce((s, p) => s + p, 0n);
          const want =
            whole === budgetPence
              ? Money.fromPence(rest).toString()
              : whole === 0n
                ? half(new O(budget.toString()).times(12 - m).dividedBy(12))
                : half(new O(budget.toString()).times(Money.fromPence(rest).toString()).dividedBy(Money.fromPence(whole).toString()));
          expect(f.categories.find((c) => c.category === 'staffing')?.rest.toString()).toBe(want);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('import amounts against decimal.js', () => {
  it('reads a number cell as decimal.js did: float noise to pence, a real third decimal refused by its digits', () => {
    const FLOAT_NOISE = new O('0.000001');
    const double = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -100_000_000, max: 100_000_000 }).map((k) => k / 100),
      fc.tuple(fc.integer({ min: -1e8, max: 1e8 }), fc.integer({ min: -1e8, max: 1e8 })).map(([a, b]) => a / 100 + b / 100),
      fc.tuple(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 1, max: 1000 })).map(([a, b]) => a / b),
    );
    fc.assert(
      fc.property(double, (n) => {
        const d = new O(String(n));
        const p = d.toDecimalPlaces(2, O.ROUND_HALF_UP);
        const got = amountFromNumber(n);
        if (!d.equals(p) && d.minus(p).abs().greaterThan(FLOAT_NOISE)) {
          expect(got).toEqual({ ok: false, problem: `has more than two decimal places: ${d.toString()}` });
        } else if (p.isZero()) expect(got).toEqual({ ok: false, problem: 'must not be zero' });
        else if (p.abs().greaterThan('999999999.99')) expect(got).toMatchObject({ ok: false });
        else expect(got).toEqual({ ok: true, value: p.toFixed(2) });
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('reads amount text as decimal.js did, whatever the number of decimals', () => {
    const text = fc
      .tuple(fc.constantFrom('', '-', '£', '-£'), digits(1, 12), fc.option(digits(1, 6)), fc.integer({ min: 0, max: 1500 }))
      .map(([sign, whole, fraction, zeros]) => `${sign}${whole}${fraction === null ? '' : `.${fraction}${'0'.repeat(zeros)}`}`);
    fc.assert(
      fc.property(text, (t) => {
        const d = new O(t.replace('£', ''));
        const got = parseAmountText(t);
        if (d.decimalPlaces() > 2) expect(got).toEqual({ ok: false, problem: `has more than two decimal places: ${t}` });
        else if (d.isZero()) expect(got).toEqual({ ok: false, problem: 'must not be zero' });
        else if (d.abs().greaterThan('999999999.99')) expect(got).toMatchObject({ ok: false });
        else expect(got).toEqual({ ok: true, value: d.toFixed(2) });
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
