import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApportionParty, apportion } from '../../shared/domain/apportion.ts';
import { Decimal } from '../../shared/domain/money.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const sum = (m: Map<string, bigint>) => [...m.values()].reduce((s, v) => s + v, 0n);
const abs = (n: bigint) => (n < 0n ? -n : n);

/** Parties with unique ids, weights in millionths (0 allowed), at least one weight positive. */
const partiesArb = fc
  .uniqueArray(fc.constantFrom('icb', 'police', 'council', 'fire', 'probation', 'a', 'b', 'z', 'Z', 'é'), { minLength: 1, maxLength: 8 })
  .chain((ids) =>
    fc
      .tuple(
        fc.array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1_000_000n }), fc.bigInt({ min: 1n, max: 10n ** 12n })), {
          minLength: ids.length,
          maxLength: ids.length,
        }),
        fc.boolean(),
      )
      .map(([micros, asDecimal]) => ids.map((id, i) => ({ id, micro: micros[i] ?? 0n, asDecimal })))
      .filter((ps) => ps.some((p) => p.micro > 0n)),
  );

const toParties = (ps: readonly { id: string; micro: bigint; asDecimal: boolean }[]): ApportionParty[] =>
  ps.map((p) => ({ id: p.id, weight: p.asDecimal ? new Decimal(p.micro.toString()).dividedBy(1_000_000) : p.micro }));

const totalArb = fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n });

/** Permutes `xs` by sorting on random keys. */
const permuted = <T>(xs: readonly T[]) =>
  fc.array(fc.nat(), { minLength: xs.length, maxLength: xs.length }).map((keys) =>
    xs
      .map((x, i) => ({ x, k: keys[i] ?? 0, i }))
      .sort((p, q) => p.k - q.k || p.i - q.i)
      .map((e) => e.x),
  );

describe('apportion', () => {
  describe('examples', () => {
    it('splits 10,000.00 three ways with the odd penny to the preferred party (the host)', () => {
      // Prepare
      const parties = [
        { id: 'blmk-icb', weight: 1n },
        { id: 'beds-police', weight: 1n },
        { id: 'luton-council', weight: 1n },
      ];
      // Act
      const parts = apportion(1_000_000n, parties, { preferred: 'luton-council' });
      // Assess
      expect(Object.fromEntries(parts)).toEqual({ 'blmk-icb': 333_333n, 'beds-police': 333_333n, 'luton-council': 333_334n });
      expect([...parts.keys()]).toEqual(['blmk-icb', 'beds-police', 'luton-council']);
    });

    it('breaks ties by id ascending when no party is preferred', () => {
      const parts = apportion(2n, [
        { id: 'c', weight: 1n },
        { id: 'a', weight: 1n },
        { id: 'b', weight: 1n },
      ]);
      expect(Object.fromEntries(parts)).toEqual({ a: 1n, b: 1n, c: 0n });
    });

    it('gives the leftover to the largest remainder before the preferred party', () => {
      // 7 by 0.6 / 0.4: quotas 4.2 and 2.8; the leftover unit goes to the .8, not to the preferred party
      expect(
        Object.fromEntries(
          apportion(
            7n,
            [
              { id: 'h', weight: new Decimal('0.6') },
              { id: 'x', weight: new Decimal('0.4') },
            ],
            { preferred: 'h' },
          ),
        ),
      ).toEqual({
        h: 4n,
        x: 3n,
      });
    });

    it('splits the reference overspend 64,400.00 by 0.4 / 0.1 / 0.5 exactly', () => {
      const parts = apportion(6_440_000n, [
        { id: 'icb', weight: new Decimal('0.4') },
        { id: 'police', weight: new Decimal('0.1') },
        { id: 'council', weight: new Decimal('0.5') },
      ]);
      expect(Object.fromEntries(parts)).toEqual({ icb: 2_576_000n, police: 644_000n, council: 3_220_000n });
    });

    it('mirrors refunds: the preferred party gets the extra unit of refund', () => {
      const parts = apportion(
        -100n,
        [
          { id: 'a', weight: 1n },
          { id: 'b', weight: 1n },
          { id: 'h', weight: 1n },
        ],
        { preferred: 'h' },
      );
      expect(Object.fromEntries(parts)).toEqual({ a: -33n, b: -33n, h: -34n });
    });

    it('gives zero weights nothing and returns zeros for a zero total', () => {
      expect(
        Object.fromEntries(
          apportion(10n, [
            { id: 'a', weight: 0n },
            { id: 'b', weight: 3n },
          ]),
        ),
      ).toEqual({ a: 0n, b: 10n });
      expect(Object.fromEntries(apportion(0n, [{ id: 'a', weight: 0n }]))).toEqual({ a: 0n });
    });

    it('re-apportions a binding cap among the others by weight', () => {
      const parts = apportion(100n, [
        { id: 'a', weight: 1n, cap: 10n },
        { id: 'b', weight: 1n },
        { id: 'c', weight: 2n },
      ]);
      // 90 left for b and c at 1:2
      expect(Object.fromEntries(parts)).toEqual({ a: 10n, b: 30n, c: 60n });
    });

    it('cascades caps until none binds', () => {
      // 100 equally: a capped at 20 -> 80 for b, c, d; b capped at 25 -> 55 for c, d (27.5 each) -> c 28 (tie by id), d 27
      const parts = apportion(100n, [
        { id: 'a', weight: 1n, cap: 20n },
        { id: 'b', weight: 1n, cap: 25n },
        { id: 'c', weight: 1n },
        { id: 'd', weight: 1n },
      ]);
      expect(Object.fromEntries(parts)).toEqual({ a: 20n, b: 25n, c: 28n, d: 27n });
    });

    it('leaves a non-binding cap alone', () => {
      const parts = apportion(90n, [
        { id: 'a', weight: 1n, cap: 30n },
        { id: 'b', weight: 2n, cap: 1000n },
      ]);
      expect(Object.fromEntries(parts)).toEqual({ a: 30n, b: 60n });
    });

    it.each([
      [
        'duplicate ids',
        () =>
          apportion(1n, [
            { id: 'a', weight: 1n },
            { id: 'a', weight: 1n },
          ]),
      ],
      ['a negative weight', () => apportion(1n, [{ id: 'a', weight: -1n }])],
      ['a negative decimal weight', () => apportion(1n, [{ id: 'a', weight: new Decimal('-0.5') }])],
      ['a negative cap', () => apportion(1n, [{ id: 'a', weight: 1n, cap: -1n }])],
      ['all weights zero', () => apportion(1n, [{ id: 'a', weight: 0n }])],
      ['no parties', () => apportion(1n, [])],
      [
        'caps too small for the total',
        () =>
          apportion(10n, [
            { id: 'a', weight: 1n, cap: 4n },
            { id: 'b', weight: 1n, cap: 5n },
          ]),
      ],
    ])('refuses %s', (_name, act) => {
      expect(act).toThrow(RangeError);
    });
  });

  describe('properties', () => {
    it('adds up exactly to the total', () => {
      fc.assert(
        fc.property(totalArb, partiesArb, (total, ps) => {
          expect(sum(apportion(total, toParties(ps)))).toBe(total);
        }),
        { numRuns: RUNS },
      );
    });

    it('gives each party the floor or the ceiling of its exact quota, and zero weights zero', () => {
      fc.assert(
        fc.property(totalArb, partiesArb, fc.option(fc.constantFrom('icb', 'council', 'a')), (total, ps, preferred) => {
          // Prepare
          const weightSum = ps.reduce((s, p) => s + p.micro, 0n);
          // Act
          const parts = apportion(total, toParties(ps), preferred === null ? {} : { preferred });
          // Assess: |part| is floor(|total| * w / W) or one more
          for (const p of ps) {
            const part = abs(parts.get(p.id) ?? -1n);
            const floor = (abs(total) * p.micro) / weightSum;
            const exact = (abs(total) * p.micro) % weightSum === 0n;
            expect(part === floor || (!exact && part === floor + 1n)).toBe(true);
            if (p.micro === 0n) expect(parts.get(p.id)).toBe(0n);
            if (total !== 0n && part !== 0n) expect((parts.get(p.id) ?? 0n) < 0n).toBe(total < 0n);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it('gives everybody the same figure whatever the order of the parties', () => {
      fc.assert(
        fc.property(
          totalArb,
          partiesArb.chain((ps) => fc.tuple(fc.constant(ps), permuted(ps))),
          fc.option(fc.constantFrom('icb', 'council', 'a')),
          (total, [ps, shuffled], preferred) => {
            const opts = preferred === null ? {} : { preferred };
            expect(Object.fromEntries(apportion(total, toParties(shuffled), opts))).toEqual(
              Object.fromEntries(apportion(total, toParties(ps), opts)),
            );
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('mirrors a negative total exactly', () => {
      fc.assert(
        fc.property(totalArb, partiesArb, (total, ps) => {
          const plus = apportion(total, toParties(ps), { preferred: 'council' });
          const minus = apportion(-total, toParties(ps), { preferred: 'council' });
          for (const [id, part] of plus) expect(minus.get(id)).toBe(-part);
        }),
        { numRuns: RUNS },
      );
    });

    it('treats a decimal weight exactly like the same ratio in integers', () => {
      fc.assert(
        fc.property(totalArb, partiesArb, (total, ps) => {
          const asBigint = apportion(total, toParties(ps.map((p) => ({ ...p, asDecimal: false }))));
          const asDecimal = apportion(total, toParties(ps.map((p) => ({ ...p, asDecimal: true }))));
          expect(Object.fromEntries(asDecimal)).toEqual(Object.fromEntries(asBigint));
        }),
        { numRuns: RUNS },
      );
    });

    it('never exceeds a cap, still adds up, and never gives an uncapped party less than the floor of its quota', () => {
      const capped = partiesArb.chain((ps) =>
        fc
          .array(fc.option(fc.bigInt({ min: 0n, max: 10n ** 9n }), { nil: undefined }), { minLength: ps.length, maxLength: ps.length })
          .map((caps) => ps.map((p, i) => ({ ...p, cap: caps[i] }))),
      );
      fc.assert(
        fc.property(totalArb, capped, (rawTotal, ps) => {
          // Prepare: the total must fit under the caps of the weighted parties
          const room = ps.some((p) => p.micro > 0n && p.cap === undefined)
            ? undefined
            : ps.filter((p) => p.micro > 0n).reduce((s, p) => s + (p.cap ?? 0n), 0n);
          const total = room !== undefined && abs(rawTotal) > room ? (rawTotal < 0n ? -room : room) : rawTotal;
          const weightSum = ps.reduce((s, p) => s + p.micro, 0n);
          // Act
          const parts = apportion(
            total,
            toParties(ps).map((p, i) => ({ ...p, cap: ps[i]?.cap })),
            { preferred: 'council' },
          );
          // Assess
          expect(sum(parts)).toBe(total);
          for (const p of ps) {
            const part = abs(parts.get(p.id) ?? 0n);
            if (p.cap !== undefined) expect(part <= p.cap).toBe(true);
            if (p.cap === undefined || part < p.cap) expect(part >= (abs(total) * p.micro) / weightSum).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it('is permutation-invariant with caps too', () => {
      const capped = partiesArb.chain((ps) =>
        fc
          .array(fc.option(fc.bigInt({ min: 0n, max: 10n ** 9n }), { nil: undefined }), { minLength: ps.length, maxLength: ps.length })
          .map((caps) => toParties(ps).map((p, i) => ({ ...p, cap: caps[i] }))),
      );
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: 10n ** 9n }),
          capped.chain((ps) => fc.tuple(fc.constant(ps), permuted(ps))),
          (total, [ps, shuffled]) => {
            const run = (xs: ApportionParty[]) => {
              try {
                return Object.fromEntries(apportion(total, xs, { preferred: 'icb' }));
              } catch (e) {
                return String(e);
              }
            };
            expect(run(shuffled)).toEqual(run(ps));
          },
        ),
        { numRuns: RUNS },
      );
    });
  });
});
