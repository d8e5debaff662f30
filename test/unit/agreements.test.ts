/**
 * Agreements that say what partnerships agree (DESIGN 10.3): zero shares (fixed contributors),
 * splits by weights among some partners, refunds by weights, other income netted from the outturn,
 * draws on the reserve, the in-full pool warning, and the engine's invariant with all of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Agreement,
  type AgreementWire,
  agreementToWire,
  agreementWarnings,
  parseAgreement,
  type Split,
  type UnderspendRule,
  validateAgreement,
  type WeightedSplit,
} from '../../shared/domain/agreement.ts';
import { agreementInWords } from '../../shared/domain/agreement-words.ts';
import { computeRecharge, type RechargeInput, type RechargeResult } from '../../shared/domain/engine.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { Decimal, Money } from '../../shared/domain/money.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const m = (text: string) => Money.parse(text);
const map = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, m(v)]));
const weights = (o: Record<string, string>): WeightedSplit => ({
  weights: new Map(Object.entries(o).map(([k, v]) => [k, new Decimal(v)])),
});
const additionalOf = (r: RechargeResult) => Object.fromEntries(r.partners.map((p) => [p.partnerId, p.additional.toString()]));
const linesOf = (r: RechargeResult, id: string) =>
  r.partners.find((p) => p.partnerId === id)?.lines.map((l) => [l.rule, l.description, l.amount.toString()]);

// ------------------------------------------------------------------ the five-partner children's partnership (issue 14)

const FIVE = ['anytown-council', 'anytown-icb', 'anytown-police', 'anytown-probation', 'anytown-fire'];
const NAMES = new Map([
  ['anytown-council', 'Anytown Borough Council'],
  ['anytown-icb', 'Anytown ICB'],
  ['anytown-police', 'Anytown Police'],
  ['anytown-probation', 'Probation Service (Anytown)'],
  ['anytown-fire', 'Anytown Fire and Rescue'],
]);
const AS_AGREED = weights({ 'anytown-council': '45', 'anytown-icb': '35', 'anytown-police': '15' });

/** Council hosts; council, ICB and police split 45 / 35 / 15; probation and fire pay fixed baselines only. */
const five = (over: Partial<Agreement> = {}): Agreement => ({
  basis: 'full-cost-recovery',
  host: 'anytown-council',
  rounding: 'penny',
  partners: [
    { partnerId: 'anytown-council', baseline: m('90000.00'), share: new Decimal(0) },
    { partnerId: 'anytown-icb', baseline: m('70000.00'), share: new Decimal(0) },
    { partnerId: 'anytown-police', baseline: m('30000.00'), share: new Decimal(0), additionalCap: m('2000.00') },
    { partnerId: 'anytown-probation', baseline: m('5000.00'), share: new Decimal(0) },
    { partnerId: 'anytown-fire', baseline: m('5000.00'), share: new Decimal(0) },
  ],
  pools: [{ categories: ['sar'], charge: 'in-full', split: AS_AGREED }],
  variance: { overspend: AS_AGREED, underspend: { refund: AS_AGREED } },
  baselineShortfall: 'host',
  ...over,
});

const FIVE_SPEND = map({ staffing: '185000.00', training: '12000.00', other: '7500.00', sar: '9500.00' });
const FIVE_CTX = { partnerIds: new Set(FIVE), categories: new Set(['staffing', 'training', 'other', 'sar']) };

describe('the five-partner case, priced by hand', () => {
  const run = (a: Agreement, income = { cash: m('1000.00'), inKind: m('4000.00') }) =>
    computeRecharge({ agreement: a, budgetSet: m('200000.00'), budgets: new Map(), spend: FIVE_SPEND, income, names: NAMES });

  it('is a valid agreement: zero shares, weights among three of five', () => {
    expect(validateAgreement(five(), FIVE_CTX)).toEqual([]);
  });

  it('splits the SAR pool and the overspend 45 / 35 / 15 among three, leaves the fixed contributors alone, and caps the police', () => {
    // Outturn 214,000 = SARs 9,500 + 204,500. SAR pool: 9,500 x 45/95 = 4,500; x 35/95 = 3,500; x 15/95 = 1,500.
    // Variance: 214,000 - 9,500 (pool) - 1,000 (grant) - 200,000 (budget set) = 3,500 overspend.
    //   x 45/95 = 1,657.894..., x 35/95 = 1,289.473..., x 15/95 = 552.631...: floors 1,657.89 / 1,289.47 / 552.63 leave
    //   one penny, to the largest remainder (council, .47 of a penny): 1,657.90 / 1,289.47 / 552.63.
    // Police: 1,500 + 552.63 = 2,052.63, capped at 2,000: 52.63 to the host.
    // Council: 4,500 + 1,657.90 + 52.63 = 6,210.53; ICB: 3,500 + 1,289.47 = 4,789.47.
    const r = run(five());
    expect(additionalOf(r)).toEqual({
      'anytown-council': '6210.53',
      'anytown-icb': '4789.47',
      'anytown-police': '2000.00',
      'anytown-probation': '0.00',
      'anytown-fire': '0.00',
    });
    // 200,000 baselines + 13,000 additional + 1,000 grant = 214,000 outturn; the in-kind 4,000 is in no figure.
    expect(r.additional.toString()).toBe('13000.00');
    expect(r.cashIncome.toString()).toBe('1000.00');
    expect(r.inKindIncome.toString()).toBe('4000.00');
    expect(r.contributions.plus(r.cashIncome).equals(r.outturn)).toBe(true);

    expect(linesOf(r, 'anytown-council')).toEqual([
      ['pool', '45 of 95 parts of SAR pool (sar) 9,500.00', '4500.00'],
      ['overspend', '45 of 95 parts of overspend 3,500.00', '1657.90'],
      ['cap', 'excess 52.63 of Anytown Police over its cap 2,000.00, to the host', '52.63'],
    ]);
    expect(linesOf(r, 'anytown-police')).toEqual([
      ['pool', '15 of 95 parts of SAR pool (sar) 9,500.00', '1500.00'],
      ['overspend', '15 of 95 parts of overspend 3,500.00', '552.63'],
      ['cap', 'additional 2,052.63 capped at 2,000.00 by the agreement; excess 52.63 to the host', '-52.63'],
    ]);
    expect(linesOf(r, 'anytown-probation')).toEqual([['none', 'no additional contribution', '0.00']]);
    expect(r.steps.map((s) => s.description)).toEqual([
      'other income 1,000.00 in cash (grants, fees and other) netted from the outturn',
      'SAR pool (sar): spend 9,500.00 charged in full at year end, by weights: Anytown Borough Council 45, Anytown ICB 35, Anytown Police 15 (95 parts)',
      'outturn 214,000.00 less pool charges 9,500.00 less other income 1,000.00 less budget set 200,000.00: overspend 3,500.00, by weights: Anytown Borough Council 45, Anytown ICB 35, Anytown Police 15 (95 parts)',
      'baselines 200,000.00 equal the budget set: no shortfall',
      'excess 52.63 of Anytown Police over its cap 2,000.00, to the host',
    ]);
    // Never an internal id or a rescaled fraction on any line.
    const text = JSON.stringify(r.partners.flatMap((p) => p.lines.map((l) => l.description)));
    expect(text).not.toMatch(/anytown-|%|47\.36/);
  });

  it('refunds an underspend by the same weights', () => {
    // Outturn 205,000 less pool 9,500 less grant 1,000 = 194,500: underspend 5,500 refunded 45/35/15 of 95:
    // 2,605.263... / 2,026.315... / 868.421...: floors 2,605.26 / 2,026.31 / 868.42 leave one penny, to ICB (.58 of a penny).
    const r = computeRecharge({
      agreement: five(),
      budgetSet: m('200000.00'),
      budgets: new Map(),
      spend: map({ staffing: '195500.00', sar: '9500.00' }),
      income: { cash: m('1000.00'), inKind: Money.zero },
      names: NAMES,
    });
    expect(additionalOf(r)).toMatchObject({
      'anytown-council': '1894.74',
      'anytown-icb': '1473.68',
      'anytown-police': '631.58',
      'anytown-probation': '0.00',
    });
    expect(linesOf(r, 'anytown-icb')?.[1]).toEqual(['underspend', 'refund of 35 of 95 parts of underspend 5,500.00', '-2026.32']);
  });

  it('under pound rounding charges the weighted partners whole pounds and gives the pennies to the host', () => {
    const r = run({ ...five(), rounding: 'pound' }, { cash: Money.zero, inKind: Money.zero });
    for (const id of ['anytown-icb', 'anytown-police']) expect(BigInt(m(additionalOf(r)[id] ?? '0').pence) % 100n).toBe(0n);
    expect(r.contributions.equals(r.outturn)).toBe(true);
  });
});

// ------------------------------------------------------------------ other income and the reserve

describe('other income and the reserve in the engine', () => {
  const three: Agreement = {
    basis: 'full-cost-recovery',
    host: 'h',
    rounding: 'penny',
    partners: [
      { partnerId: 'a', baseline: m('500.00'), share: new Decimal('0.5') },
      { partnerId: 'b', baseline: m('300.00'), share: new Decimal('0.3') },
      { partnerId: 'h', baseline: m('100.00'), share: new Decimal('0.2') },
    ],
    pools: [],
    variance: { overspend: 'share', underspend: 'carry-forward' },
    baselineShortfall: 'host',
  };

  it('funds part of the budget set from the reserve: the shortfall is what neither the baselines nor the draw cover', () => {
    const r = computeRecharge({
      agreement: { ...three, fundedFromReserve: m('80.00') },
      budgetSet: m('1000.00'),
      budgets: new Map(),
      spend: map({ staffing: '1000.00' }),
    });
    // budget set 1,000 - baselines 900 - reserve 80 = 20 shortfall, to the host
    expect(additionalOf(r)).toEqual({ a: '0.00', b: '0.00', h: '20.00' });
    expect(r.drawnFromReserve.toString()).toBe('80.00');
    expect(r.steps.map((s) => [s.rule, s.description])).toEqual([
      ['reserve', 'drawn from the reserve towards the budget set: 80.00'],
      ['overspend', 'outturn 1,000.00 less budget set 1,000.00: no overspend or underspend'],
      [
        'baseline-shortfall',
        'baseline shortfall 20.00 (budget set 1,000.00 less baselines 900.00 less drawn from the reserve 80.00), to the host',
      ],
    ]);
  });

  it('carries an underspend forward after netting cash income: baselines + additional + drawn + income = outturn + carried forward', () => {
    const r = computeRecharge({
      agreement: { ...three, fundedFromReserve: m('100.00') },
      budgetSet: m('1000.00'),
      budgets: new Map(),
      spend: map({ staffing: '850.00' }),
      income: { cash: m('50.00'), inKind: m('999.00') },
    });
    // variance 850 - 50 - 1,000 = -200, carried forward; shortfall 1,000 - 900 - 100 = 0
    expect(r.carryForward.toString()).toBe('200.00');
    expect(additionalOf(r)).toEqual({ a: '0.00', b: '0.00', h: '0.00' });
    expect(r.baselines.plus(r.additional).plus(r.drawnFromReserve).plus(r.cashIncome).equals(r.outturn.plus(r.carryForward))).toBe(true);
  });

  it('gives the host the committal variance net of the draw and the income', () => {
    const r = computeRecharge({
      agreement: { ...three, basis: 'committal', fundedFromReserve: m('40.00') },
      budgetSet: m('1000.00'),
      budgets: new Map(),
      spend: map({ staffing: '1000.00' }),
      income: { cash: m('10.00'), inKind: Money.zero },
    });
    expect(additionalOf(r)).toEqual({ a: '0.00', b: '0.00', h: '50.00' });
    expect(linesOf(r, 'h')).toEqual([
      [
        'committal',
        'committal basis: outturn 1,000.00 less baselines 900.00 less drawn from the reserve 40.00 less other income 10.00, to the host',
        '50.00',
      ],
    ]);
  });
});

// ------------------------------------------------------------------ validation, parsing, warnings

describe('validating what partnerships agree', () => {
  it('refuses weights that are zero, negative or name partners outside the agreement, naming each field', () => {
    const a = five({
      pools: [{ categories: ['sar'], charge: 'in-full', split: weights({ 'anytown-council': '0', 'anytown-icb': '-5' }) }],
      variance: { overspend: weights({ 'anytown-council': '45', ghost: '10' }), underspend: { refund: weights({}) } },
    });
    expect(validateAgreement(a, FIVE_CTX)).toEqual([
      { path: 'body/pools/0/split/weights/anytown-council', message: 'must be a positive weight, such as 45' },
      { path: 'body/pools/0/split/weights/anytown-icb', message: 'must be a positive weight, such as 45' },
      { path: 'body/variance/overspend/weights/ghost', message: "partner ghost is not one of the agreement's partners" },
      { path: 'body/variance/underspend/refund/weights', message: 'must name at least one partner with a positive weight' },
    ]);
  });

  it('refuses non-zero shares that do not add up to 1, and a rule by share when every share is 0', () => {
    const shares = (s: string[]) => five().partners.map((p, i) => ({ ...p, share: new Decimal(s[i] ?? '0') }));
    expect(validateAgreement(five({ partners: shares(['0.45', '0.35', '0.15']) }), FIVE_CTX)).toEqual([
      { path: 'body/partners', message: 'shares must add up to exactly 1; they add up to 0.95' },
    ]);
    expect(validateAgreement(five({ partners: shares(['0.5', '0.35', '0.15']) }), FIVE_CTX)).toEqual([]);
    expect(validateAgreement(five({ baselineShortfall: 'share' }), FIVE_CTX)).toEqual([
      {
        path: 'body/baselineShortfall',
        message: 'splits by share, but every share is 0: give the shares (the non-zero ones adding up to 1) or split by weights',
      },
    ]);
  });

  it('refuses a negative draw on the reserve, and pennies under pound rounding', () => {
    expect(validateAgreement(five({ fundedFromReserve: m('-1.00') }), FIVE_CTX).map((p) => p.path)).toEqual(['body/fundedFromReserve']);
    expect(validateAgreement(five({ rounding: 'pound', fundedFromReserve: m('10.50') }), FIVE_CTX).map((p) => p.path)).toEqual([
      'body/fundedFromReserve',
    ]);
  });

  it('round-trips weights, refunds by weights and the draw through the wire form, and refuses unreadable weights', () => {
    const wire = agreementToWire(five({ fundedFromReserve: m('1200.00') }));
    expect(wire.pools[0]?.split).toEqual({ weights: { 'anytown-council': '45', 'anytown-icb': '35', 'anytown-police': '15' } });
    expect(wire.variance.underspend).toEqual({
      refund: { weights: { 'anytown-council': '45', 'anytown-icb': '35', 'anytown-police': '15' } },
    });
    expect(wire.fundedFromReserve).toBe('1200.00');
    expect(agreementToWire(parseAgreement(wire))).toEqual(wire);

    const bad: AgreementWire = { ...wire, variance: { ...wire.variance, overspend: { weights: { 'anytown-icb': '4,5' } } } };
    expect(() => parseAgreement(bad)).toThrow(ValidationError);
  });

  it('warns (never refuses) when an in-full pool covers a category budgeted inside the budget set', () => {
    const lines = map({ staffing: '180000.00', sar: '4500.00', training: '0.00' });
    expect(agreementWarnings(five(), lines)).toEqual([
      {
        code: 'AGREEMENT.POOL_BUDGETED',
        path: 'body/pools/0/categories/0',
        message:
          'pool 0 charges the whole spend of sar in full at year end, outside the budget set, but sar also has a budget line of 4,500.00 inside the budget set: that 4,500.00 would be charged twice. Charge the pool "over-budget" instead, or set the line to 0.',
      },
    ]);
    expect(agreementWarnings(five(), map({ sar: '0.00' }))).toEqual([]);
    expect(agreementWarnings(five({ pools: [{ categories: ['sar'], charge: 'over-budget', split: 'host' }] }), lines)).toEqual([]);
  });
});

describe('the agreement in words (the annual report)', () => {
  it('says weights as agreed, names the fixed contributors and the draw on the reserve', () => {
    const words = agreementInWords(
      agreementToWire(five({ fundedFromReserve: m('1200.00') })),
      (id) => NAMES.get(id) ?? id,
      (c) => (c === 'sar' ? 'Safeguarding adults reviews' : c),
    );
    expect(words).toBe(
      'The partners agreed full cost recovery: Safeguarding adults reviews costs are met at year end in full, among Anytown Borough Council 45, Anytown ICB 35 and Anytown Police 15 parts; ' +
        'the rest of any overspend is met among Anytown Borough Council 45, Anytown ICB 35 and Anytown Police 15 parts; ' +
        'any underspend is refunded among Anytown Borough Council 45, Anytown ICB 35 and Anytown Police 15 parts; ' +
        'and any shortfall of the baselines against the budget falls to the host, Anytown Borough Council. ' +
        'Probation Service (Anytown) and Anytown Fire and Rescue contribute fixed baselines only. ' +
        "£1,200.00 of the budget is funded from the board's reserve.",
    );
  });

  it('calls nobody a fixed contributor whom a rule charges: equal splits and splits by baseline include zero shares', () => {
    const name = (id: string) => NAMES.get(id) ?? id;
    const sar = (c: string) => c;
    // SARs split equally: the engine charges probation and fire 1/5 each, so the words must not say "fixed baselines only".
    const equal = five({ pools: [{ categories: ['sar'], charge: 'in-full', split: 'equal' }] });
    const priced = computeRecharge({
      agreement: equal,
      budgetSet: m('200000.00'),
      budgets: new Map(),
      spend: map({ sar: '5000.00' }),
      names: NAMES,
    });
    expect(additionalOf(priced)['anytown-probation']).toBe('1000.00');
    expect(agreementInWords(agreementToWire(equal), name, sar)).not.toMatch(/fixed baselines? only/);
    // A refund pro-rata to baselines reaches them too.
    const byBaseline = five({ variance: { overspend: AS_AGREED, underspend: 'refund-baseline' } });
    expect(agreementInWords(agreementToWire(byBaseline), name, sar)).not.toMatch(/fixed baselines? only/);
    // Weights among three, shortfall to the host: they are fixed.
    expect(agreementInWords(agreementToWire(five()), name, sar)).toContain(
      'Probation Service (Anytown) and Anytown Fire and Rescue contribute fixed baselines only.',
    );
  });
});

// ------------------------------------------------------------------ properties with every new option

const IDS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const CATEGORIES = ['staffing', 'sar', 'training', 'other'];
const CTX = { partnerIds: new Set(IDS), categories: new Set(CATEGORIES) };

const pence = (max: bigint) => fc.bigInt({ min: 0n, max });
const money = (max: bigint, whole: boolean) => pence(max).map((p) => Money.fromPence(whole ? p * 100n : p));

/** Shares in millionths over a random subset (possibly none) adding up to 1; the rest 0 (fixed contributors). */
const sharesArb = (n: number) =>
  fc.subarray(Array.from({ length: n }, (_, i) => i)).chain((holders) =>
    holders.length === 0
      ? fc.constant(Array.from({ length: n }, () => new Decimal(0)))
      : fc
          .uniqueArray(fc.integer({ min: 1, max: 999_999 }), { minLength: holders.length - 1, maxLength: holders.length - 1 })
          .map((cuts) => {
            const points = [0, ...cuts.sort((x, y) => x - y), 1_000_000];
            const parts = points.slice(1).map((p, i) => new Decimal(p - (points[i] ?? 0)).dividedBy(1_000_000));
            return Array.from({ length: n }, (_, i) =>
              holders.includes(i) ? (parts[holders.indexOf(i)] ?? new Decimal(0)) : new Decimal(0),
            );
          }),
  );

/** Weights over a random non-empty subset: whole numbers or up to two decimals. */
const weightsArb = (n: number): fc.Arbitrary<WeightedSplit> =>
  fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }).chain((who) =>
    fc
      .array(
        fc.oneof(
          fc.integer({ min: 1, max: 100 }).map(String),
          fc.integer({ min: 1, max: 9999 }).map((c) => (c / 100).toFixed(2)),
        ),
        {
          minLength: who.length,
          maxLength: who.length,
        },
      )
      .map((ws) => ({ weights: new Map(who.map((i, k) => [IDS[i] ?? '', new Decimal(ws[k] ?? '1')])) })),
  );

const splitArb = (n: number): fc.Arbitrary<Split> =>
  fc.oneof(fc.constantFrom<Split>('equal', 'share', 'baseline', 'host'), weightsArb(n), weightsArb(n));
const underspendArb = (n: number): fc.Arbitrary<UnderspendRule> =>
  fc.oneof(
    fc.constantFrom<UnderspendRule>('refund-share', 'refund-baseline', 'host', 'carry-forward'),
    weightsArb(n).map((w) => ({ refund: w })),
  );

const inputArb: fc.Arbitrary<RechargeInput> = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    rounding: fc.constantFrom<Agreement['rounding']>('penny', 'pound'),
    basis: fc.constantFrom<Agreement['basis']>('full-cost-recovery', 'full-cost-recovery', 'full-cost-recovery', 'committal'),
  })
  .chain(({ n, rounding, basis }) => {
    const whole = rounding === 'pound';
    return fc.record({
      agreement: fc
        .record({
          shares: sharesArb(n),
          baselines: fc.array(money(whole ? 100_000n : 10_000_000n, whole), { minLength: n, maxLength: n }),
          caps: fc.array(fc.option(money(whole ? 50_000n : 5_000_000n, whole), { nil: undefined }), { minLength: n, maxLength: n }),
          hostIndex: fc.integer({ min: 0, max: n - 1 }),
          pools: fc.subarray(['sar', 'training']).chain((cats) =>
            fc
              .array(fc.record({ charge: fc.constantFrom<'in-full' | 'over-budget'>('in-full', 'over-budget'), split: splitArb(n) }), {
                minLength: cats.length === 0 ? 0 : 1,
                maxLength: Math.min(2, cats.length),
              })
              .map((kinds) => kinds.map((k, i) => ({ ...k, categories: cats.filter((_, j) => j % kinds.length === i) }))),
          ),
          overspend: splitArb(n),
          underspend: underspendArb(n),
          baselineShortfall: fc.constantFrom<'host' | 'share'>('host', 'share'),
          draw: fc.option(money(whole ? 50_000n : 5_000_000n, whole), { nil: undefined }),
        })
        .map(
          (g): Agreement => ({
            basis,
            rounding,
            host: IDS[g.hostIndex] ?? 'p0',
            partners: g.shares.map((share, i) => ({
              partnerId: IDS[i] ?? '',
              share,
              baseline: g.baselines[i] ?? Money.zero,
              ...(g.caps[i] === undefined || i === g.hostIndex ? {} : { additionalCap: g.caps[i] }),
            })),
            pools: g.pools.filter((p) => p.categories.length > 0),
            variance: { overspend: g.overspend, underspend: g.underspend },
            baselineShortfall: g.baselineShortfall,
            ...(g.draw !== undefined ? { fundedFromReserve: g.draw } : {}),
          }),
        )
        .filter((a) => validateAgreement(a, CTX).length === 0),
      budgetSet: money(50_000_000n, false),
      budgets: fc.dictionary(fc.constantFrom(...CATEGORIES), money(10_000_000n, false)).map((d) => new Map(Object.entries(d))),
      spend: fc
        .dictionary(fc.constantFrom(...CATEGORIES), fc.bigInt({ min: -100_000n, max: 20_000_000n }).map(Money.fromPence))
        .map((d) => new Map(Object.entries(d))),
      income: fc.record({ cash: money(5_000_000n, false), inKind: money(5_000_000n, false) }),
      names: fc.constant(new Map(IDS.map((id) => [id, `Partner ${id.toUpperCase()}`]))),
    });
  });

/** The same input with the partners, the weights and the maps in another order. */
const shuffled = (input: RechargeInput) =>
  fc
    .array(fc.nat(), { minLength: input.agreement.partners.length, maxLength: input.agreement.partners.length })
    .map((keys): RechargeInput => {
      const order = input.agreement.partners.map((p, i) => ({ p, k: keys[i] ?? 0, i })).sort((x, y) => x.k - y.k || x.i - y.i);
      const flip = (s: Split): Split => (typeof s === 'object' ? { weights: new Map([...s.weights].reverse()) } : s);
      const u = input.agreement.variance.underspend;
      return {
        ...input,
        agreement: {
          ...input.agreement,
          partners: order.map((o) => o.p),
          pools: input.agreement.pools.map((p) => ({ ...p, split: flip(p.split) })),
          variance: {
            overspend: flip(input.agreement.variance.overspend),
            underspend: typeof u === 'object' ? { refund: { weights: new Map([...u.refund.weights].reverse()) } } : u,
          },
        },
        budgets: new Map([...input.budgets].reverse()),
        spend: new Map([...input.spend].reverse()),
      };
    });

const byPartner = (r: RechargeResult) =>
  Object.fromEntries(
    r.partners.map((p) => [
      p.partnerId,
      { additional: p.additional.toString(), lines: p.lines.map((l) => `${l.rule}|${l.description}|${l.amount.toString()}`).sort() },
    ]),
  );

describe('the engine with every new option: properties', () => {
  it('baselines + additional + drawn from reserve + cash income = outturn + carried forward, to the penny', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRecharge(input);
        const outturn = Money.sum(input.spend.values());
        const baselines = Money.sum(input.agreement.partners.map((p) => p.baseline));
        const additional = Money.sum(r.partners.map((p) => p.additional));
        const drawn = input.agreement.fundedFromReserve ?? Money.zero;
        const cash = input.income?.cash ?? Money.zero;
        expect(baselines.plus(additional).plus(drawn).plus(cash).equals(outturn.plus(r.carryForward))).toBe(true);
        expect(r.drawnFromReserve.equals(drawn) && r.cashIncome.equals(cash)).toBe(true);
        expect(r.carryForward.isNegative()).toBe(false);
        if (input.agreement.variance.underspend !== 'carry-forward' || input.agreement.basis === 'committal') {
          expect(r.carryForward.isZero()).toBe(true);
        }
        for (const [i, p] of input.agreement.partners.entries()) {
          const got = r.partners[i];
          expect(Money.sum(got?.lines.map((l) => l.amount) ?? []).equals(got?.additional ?? Money.zero)).toBe(true);
          if (p.partnerId !== input.agreement.host && p.additionalCap) {
            expect(got?.additional.compare(p.additionalCap)).toBeLessThanOrEqual(0);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a fixed contributor (share 0, in no weights) gets nothing from splits by share or weights', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const a = input.agreement;
        const named = [a.variance.overspend, ...a.pools.map((p) => p.split)];
        const u = a.variance.underspend;
        const refund = typeof u === 'object' ? u.refund : u === 'refund-share' ? 'share' : u === 'refund-baseline' ? 'baseline' : undefined;
        const touched = new Set<string>();
        for (const s of [...named, ...(refund ? [refund] : [])]) {
          if (typeof s === 'object') for (const id of s.weights.keys()) touched.add(id);
          else if (s !== 'share') for (const p of a.partners) touched.add(p.partnerId); // equal, baseline, host: anyone
        }
        if (a.baselineShortfall === 'share') for (const p of a.partners) if (!p.share.isZero()) touched.add(p.partnerId);
        for (const p of a.partners) if (!p.share.isZero()) touched.add(p.partnerId);
        const r = computeRecharge(input);
        for (const [i, p] of a.partners.entries()) {
          if (p.partnerId === a.host || touched.has(p.partnerId)) continue;
          expect(r.partners[i]?.additional.isZero(), `${p.partnerId} is fixed`).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('permuting the partners (and the weights and maps) changes nobody\u2019s figure or line', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => fc.tuple(fc.constant(input), shuffled(input))),
        ([input, other]) => {
          const a = computeRecharge(input);
          const b = computeRecharge(other);
          expect(byPartner(b)).toEqual(byPartner(a));
          expect(b.steps.map((s) => `${s.rule}|${s.description}|${s.amount.toString()}`).sort()).toEqual(
            a.steps.map((s) => `${s.rule}|${s.description}|${s.amount.toString()}`).sort(),
          );
          expect(b.carryForward.equals(a.carryForward)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('in-kind income changes no figure', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const without = computeRecharge({ ...input, income: { cash: input.income?.cash ?? Money.zero, inKind: Money.zero } });
        const withIt = computeRecharge(input);
        expect(byPartner(withIt)).toEqual(byPartner(without));
        expect(withIt.carryForward.equals(without.carryForward)).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });
});
