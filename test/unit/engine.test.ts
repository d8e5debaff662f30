import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Agreement,
  type AgreementPartner,
  type AgreementWire,
  agreementToWire,
  assertValidAgreement,
  parseAgreement,
  type Split,
  type UnderspendRule,
  validateAgreement,
} from '../../shared/domain/agreement.ts';
import { computeRecharge, type RechargeInput, type RechargeResult } from '../../shared/domain/engine.ts';
import { UnprocessableError, ValidationError } from '../../shared/domain/errors.ts';
import { Decimal, Money } from '../../shared/domain/money.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const m = (text: string) => Money.parse(text);
const map = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, m(v)]));
const additionalOf = (r: RechargeResult) => Object.fromEntries(r.partners.map((p) => [p.partnerId, p.additional.toString()]));
const linesOf = (r: RechargeResult, id: string) =>
  r.partners.find((p) => p.partnerId === id)?.lines.map((l) => ({ rule: l.rule, description: l.description, amount: l.amount.toString() }));

const CATEGORIES = ['staffing', 'independent-chair', 'sar', 'training', 'business-support', 'communications', 'other'];
const CTX = { partnerIds: new Set(['blmk-icb', 'beds-police', 'luton-council', 'a', 'b', 'h']), categories: new Set(CATEGORIES) };

// ------------------------------------------------------------------ the reference year (DESIGN section 2)

const reference: Agreement = {
  basis: 'full-cost-recovery',
  host: 'luton-council',
  rounding: 'penny',
  partners: [
    { partnerId: 'blmk-icb', baseline: m('81305.00'), share: new Decimal('0.4') },
    { partnerId: 'beds-police', baseline: m('20390.00'), share: new Decimal('0.1') },
    { partnerId: 'luton-council', baseline: m('101591.00'), share: new Decimal('0.5') },
  ],
  pools: [{ categories: ['sar'], charge: 'in-full', split: 'equal' }],
  variance: { overspend: 'share', underspend: 'refund-share' },
  baselineShortfall: 'host',
};

// Illustrative split of the non-SAR spend; only the total of 279,900 and SAR 12,000 come from the report.
const referenceSpend = map({
  staffing: '218300.00',
  'independent-chair': '15000.00',
  sar: '12000.00',
  training: '3000.00',
  other: '31600.00',
});

describe('computeRecharge: the reference year 2024/25', () => {
  it('reproduces the published additional contributions exactly', () => {
    // Act
    const r = computeRecharge({ agreement: reference, budgetSet: m('203500.00'), budgets: new Map(), spend: referenceSpend });
    // Assess
    expect(additionalOf(r)).toEqual({ 'blmk-icb': '29760.00', 'beds-police': '10440.00', 'luton-council': '36414.00' });
    expect(r.partners.map((p) => p.total.toString())).toEqual(['111065.00', '30830.00', '138005.00']);
    expect(r.outturn.toString()).toBe('279900.00');
    expect(r.baselines.toString()).toBe('203286.00');
    expect(r.additional.toString()).toBe('76614.00');
    expect(r.contributions.toString()).toBe('279900.00');
    expect(r.baselines.plus(r.additional).equals(r.outturn)).toBe(true);
    expect(r.carryForward.isZero()).toBe(true);
  });

  it('explains every figure in words and numbers', () => {
    const r = computeRecharge({ agreement: reference, budgetSet: m('203500.00'), budgets: new Map(), spend: referenceSpend });
    expect(linesOf(r, 'blmk-icb')).toEqual([
      { rule: 'pool', description: '1/3 of SAR pool (sar) 12,000.00, split equally', amount: '4000.00' },
      { rule: 'overspend', description: '40% of overspend 64,400.00', amount: '25760.00' },
    ]);
    expect(linesOf(r, 'beds-police')).toEqual([
      { rule: 'pool', description: '1/3 of SAR pool (sar) 12,000.00, split equally', amount: '4000.00' },
      { rule: 'overspend', description: '10% of overspend 64,400.00', amount: '6440.00' },
    ]);
    expect(linesOf(r, 'luton-council')).toEqual([
      { rule: 'pool', description: '1/3 of SAR pool (sar) 12,000.00, split equally', amount: '4000.00' },
      { rule: 'overspend', description: '50% of overspend 64,400.00', amount: '32200.00' },
      {
        rule: 'baseline-shortfall',
        description: 'baseline shortfall 214.00 (budget set 203,500.00 less baselines 203,286.00), to the host',
        amount: '214.00',
      },
    ]);
    expect(r.steps.map((s) => [s.rule, s.amount.toString()])).toEqual([
      ['pool', '12000.00'],
      ['overspend', '64400.00'],
      ['baseline-shortfall', '214.00'],
    ]);
    expect(r.steps[1]?.description).toBe(
      'outturn 279,900.00 less pool charges 12,000.00 less budget set 203,500.00: overspend 64,400.00, by agreed share',
    );
  });

  it('gives the same answer from the wire form', () => {
    const wire = agreementToWire(reference);
    expect(wire.partners[0]).toEqual({ partnerId: 'blmk-icb', baseline: '81305.00', share: '0.4' });
    const r = computeRecharge({ agreement: parseAgreement(wire), budgetSet: m('203500.00'), budgets: new Map(), spend: referenceSpend });
    expect(additionalOf(r)).toEqual({ 'blmk-icb': '29760.00', 'beds-police': '10440.00', 'luton-council': '36414.00' });
  });

  it('prices the committal basis of 2025/26: the host takes the whole variance', () => {
    // Prepare
    const agreement: Agreement = {
      ...reference,
      basis: 'committal',
      partners: [
        { partnerId: 'blmk-icb', baseline: m('113350.00'), share: new Decimal('0.4') },
        { partnerId: 'beds-police', baseline: m('28300.00'), share: new Decimal('0.1') },
        { partnerId: 'luton-council', baseline: m('141150.00'), share: new Decimal('0.5') },
      ],
    };
    // Act
    const r = computeRecharge({
      agreement,
      budgetSet: m('282800.00'),
      budgets: new Map(),
      spend: map({ staffing: '280000.00', sar: '9000.00' }),
    });
    // Assess
    expect(additionalOf(r)).toEqual({ 'blmk-icb': '0.00', 'beds-police': '0.00', 'luton-council': '6200.00' });
    expect(linesOf(r, 'luton-council')).toEqual([
      { rule: 'committal', description: 'committal basis: outturn 289,000.00 less baselines 282,800.00, to the host', amount: '6200.00' },
    ]);
    expect(linesOf(r, 'blmk-icb')?.map((l) => [l.rule, l.amount])).toEqual([['committal', '0.00']]);
    expect(r.steps.map((s) => s.rule)).toEqual(['committal']);
  });
});

// ------------------------------------------------------------------ every rule option

/** A (40%, baseline 600), B (10%, baseline 300), H the host (50%, baseline 100); baselines = budget set 1,000. */
const abh = (over: Partial<Agreement> = {}): Agreement => ({
  basis: 'full-cost-recovery',
  host: 'h',
  rounding: 'penny',
  partners: [
    { partnerId: 'a', baseline: m('600.00'), share: new Decimal('0.4') },
    { partnerId: 'b', baseline: m('300.00'), share: new Decimal('0.1') },
    { partnerId: 'h', baseline: m('100.00'), share: new Decimal('0.5') },
  ],
  pools: [],
  variance: { overspend: 'share', underspend: 'refund-share' },
  baselineShortfall: 'host',
  ...over,
});
const run = (agreement: Agreement, spend: Record<string, string>, budgetSet = '1000.00', budgets: Record<string, string> = {}) =>
  computeRecharge({ agreement, budgetSet: m(budgetSet), budgets: map(budgets), spend: map(spend) });

describe('computeRecharge: rule options', () => {
  describe('pools', () => {
    it.each<[Split, Record<string, string>, string]>([
      ['equal', { a: '100.00', b: '100.00', h: '100.00' }, '1/3 of SAR pool (sar) 300.00, split equally'],
      ['share', { a: '120.00', b: '30.00', h: '150.00' }, '40% of SAR pool (sar) 300.00'],
      ['baseline', { a: '180.00', b: '90.00', h: '30.00' }, '600.00/1,000.00 of SAR pool (sar) 300.00, pro-rata to baselines'],
      ['host', { a: '0.00', b: '0.00', h: '300.00' }, 'SAR pool (sar) 300.00, to the host'],
    ])('charges an in-full pool split %s', (split, expected, description) => {
      // Prepare: the rest of the spend is exactly the budget set, so only the pool is recharged
      const agreement = abh({ pools: [{ categories: ['sar'], charge: 'in-full', split }] });
      // Act
      const r = run(agreement, { sar: '300.00', staffing: '1000.00' });
      // Assess
      expect(additionalOf(r)).toEqual(expected);
      expect(r.partners.flatMap((p) => p.lines).find((l) => l.rule === 'pool')?.description).toBe(description);
      expect(r.steps[0]?.description).toContain('SAR pool (sar): spend 300.00 charged in full at year end');
    });

    it('falls back to shares for a baseline split when every baseline is zero', () => {
      const agreement = abh({
        pools: [{ categories: ['sar'], charge: 'in-full', split: 'baseline' }],
        partners: abh().partners.map((p) => ({ ...p, baseline: Money.zero })),
      });
      const r = run(agreement, { sar: '300.00' }, '0.00');
      expect(additionalOf(r)).toEqual({ a: '120.00', b: '30.00', h: '150.00' });
      expect(linesOf(r, 'a')?.[0]?.description).toBe('40% of SAR pool (sar) 300.00, by agreed share as all baselines are zero');
    });

    it('charges nothing for an over-budget pool within its budget lines', () => {
      const agreement = abh({ pools: [{ categories: ['sar', 'training'], charge: 'over-budget', split: 'equal' }] });
      const r = run(agreement, { sar: '300.00', training: '100.00', staffing: '600.00' }, '1000.00', { sar: '350.00', training: '100.00' });
      expect(additionalOf(r)).toEqual({ a: '0.00', b: '0.00', h: '0.00' });
      expect(r.steps[0]).toMatchObject({
        rule: 'pool',
        description: 'pool (sar, training): spend 400.00 within its budget 450.00, nothing to charge',
      });
      expect(linesOf(r, 'a')).toEqual([{ rule: 'none', description: 'no additional contribution', amount: '0.00' }]);
    });

    it('charges only the spend beyond the pool budget for an over-budget pool', () => {
      // Prepare: SAR contingency 500 inside the budget set; SAR spend 800; the rest 500 on budget
      const agreement = abh({ pools: [{ categories: ['sar'], charge: 'over-budget', split: 'share' }] });
      // Act
      const r = run(agreement, { sar: '800.00', staffing: '500.00' }, '1000.00', { sar: '500.00', staffing: '500.00' });
      // Assess
      expect(additionalOf(r)).toEqual({ a: '120.00', b: '30.00', h: '150.00' });
      expect(r.steps[0]?.description).toBe(
        'SAR pool (sar): spend 800.00 over its budget 500.00 by 300.00, charged at year end, by agreed share',
      );
      expect(r.steps[1]).toMatchObject({ rule: 'overspend', description: expect.stringContaining('no overspend or underspend') });
    });

    it('splits 10,000.00 equally three ways with the odd penny to the host', () => {
      const agreement = abh({ pools: [{ categories: ['sar'], charge: 'in-full', split: 'equal' }] });
      const r = run(agreement, { sar: '10000.00', staffing: '1000.00' });
      expect(additionalOf(r)).toEqual({ a: '3333.33', b: '3333.33', h: '3333.34' });
    });
  });

  describe('overspend', () => {
    it.each<[Split, Record<string, string>]>([
      ['equal', { a: '100.00', b: '100.00', h: '100.00' }],
      ['share', { a: '120.00', b: '30.00', h: '150.00' }],
      ['baseline', { a: '180.00', b: '90.00', h: '30.00' }],
      ['host', { a: '0.00', b: '0.00', h: '300.00' }],
    ])('splits an overspend %s', (overspend, expected) => {
      const r = run(abh({ variance: { overspend, underspend: 'refund-share' } }), { staffing: '1300.00' });
      expect(additionalOf(r)).toEqual(expected);
      expect(r.steps).toEqual([
        expect.objectContaining({ rule: 'overspend', amount: m('300.00') }),
        expect.objectContaining({ rule: 'baseline-shortfall', amount: Money.zero }),
      ]);
    });

    it('writes shares that are not whole percentages with up to four decimals', () => {
      const agreement = abh({
        partners: [
          { partnerId: 'a', baseline: m('600.00'), share: new Decimal('0.333333') },
          { partnerId: 'b', baseline: m('300.00'), share: new Decimal('0.333333') },
          { partnerId: 'h', baseline: m('100.00'), share: new Decimal('0.333334') },
        ],
      });
      const r = run(agreement, { staffing: '1300.00' });
      expect(linesOf(r, 'h')?.[0]).toEqual({ rule: 'overspend', description: '33.3334% of overspend 300.00', amount: '100.00' });
      expect(linesOf(r, 'a')?.[0]?.description).toBe('33.3333% of overspend 300.00');
    });
  });

  describe('underspend', () => {
    it.each<[UnderspendRule, Record<string, string>, string]>([
      ['refund-share', { a: '-120.00', b: '-30.00', h: '-150.00' }, '0.00'],
      ['refund-baseline', { a: '-180.00', b: '-90.00', h: '-30.00' }, '0.00'],
      ['host', { a: '0.00', b: '0.00', h: '-300.00' }, '0.00'],
      ['carry-forward', { a: '0.00', b: '0.00', h: '0.00' }, '300.00'],
    ])('handles an underspend by %s', (underspend, expected, carried) => {
      // Act
      const r = run(abh({ variance: { overspend: 'share', underspend } }), { staffing: '700.00' });
      // Assess
      expect(additionalOf(r)).toEqual(expected);
      expect(r.carryForward.toString()).toBe(carried);
      expect(r.steps[0]).toMatchObject({ rule: 'underspend', amount: m('-300.00') });
      expect(r.contributions.equals(r.outturn.plus(r.carryForward))).toBe(true);
    });

    it('words a refund as a refund', () => {
      const r = run(abh(), { staffing: '700.00' });
      expect(linesOf(r, 'a')).toEqual([{ rule: 'underspend', description: 'refund of 40% of underspend 300.00', amount: '-120.00' }]);
      expect(r.steps[0]?.description).toBe('outturn 700.00 less budget set 1,000.00: underspend 300.00, refunded by agreed share');
    });

    it('says when the underspend is carried forward', () => {
      const r = run(abh({ variance: { overspend: 'share', underspend: 'carry-forward' } }), { staffing: '700.00' });
      expect(r.steps[0]?.description).toBe('outturn 700.00 less budget set 1,000.00: underspend 300.00, carried forward to next year');
      expect(linesOf(r, 'h')).toEqual([{ rule: 'none', description: 'no additional contribution', amount: '0.00' }]);
    });
  });

  describe('baseline shortfall', () => {
    it('puts the shortfall on the host', () => {
      const r = run(abh(), { staffing: '1200.00' }, '1200.00');
      expect(additionalOf(r)).toEqual({ a: '0.00', b: '0.00', h: '200.00' });
      expect(linesOf(r, 'h')?.[0]?.description).toBe(
        'baseline shortfall 200.00 (budget set 1,200.00 less baselines 1,000.00), to the host',
      );
    });

    it('splits the shortfall by share', () => {
      const r = run(abh({ baselineShortfall: 'share' }), { staffing: '1200.00' }, '1200.00');
      expect(additionalOf(r)).toEqual({ a: '80.00', b: '20.00', h: '100.00' });
      expect(linesOf(r, 'a')?.[0]?.description).toBe('40% of baseline shortfall 200.00 (budget set 1,200.00 less baselines 1,000.00)');
    });

    it('refunds baselines above the budget set to the host', () => {
      const r = run(abh(), { staffing: '900.00' }, '900.00');
      expect(additionalOf(r)).toEqual({ a: '0.00', b: '0.00', h: '-100.00' });
      expect(linesOf(r, 'h')).toEqual([
        {
          rule: 'baseline-shortfall',
          description: 'refund of baseline excess 100.00 (baselines 1,000.00 less budget set 900.00), to the host',
          amount: '-100.00',
        },
      ]);
      expect(r.contributions.equals(r.outturn)).toBe(true);
    });

    it('refunds baselines above the budget set by share', () => {
      const r = run(abh({ baselineShortfall: 'share' }), { staffing: '900.00' }, '900.00');
      expect(additionalOf(r)).toEqual({ a: '-40.00', b: '-10.00', h: '-50.00' });
    });
  });

  describe('committal basis', () => {
    it('ignores pools and variance rules; the host takes an underspend too', () => {
      const agreement = abh({ basis: 'committal', pools: [{ categories: ['sar'], charge: 'in-full', split: 'equal' }] });
      const r = run(agreement, { sar: '100.00', staffing: '650.00' });
      expect(additionalOf(r)).toEqual({ a: '0.00', b: '0.00', h: '-250.00' });
      expect(r.carryForward.isZero()).toBe(true);
      expect(r.contributions.equals(r.outturn)).toBe(true);
    });
  });

  describe('rounding', () => {
    it('rounds to the penny by largest remainder, ties to the host', () => {
      const r = run(abh({ variance: { overspend: 'equal', underspend: 'refund-share' } }), { staffing: '1000.02' });
      // 0.02 equally: remainders tie, so the host first, then ids ascending
      expect(additionalOf(r)).toEqual({ a: '0.01', b: '0.00', h: '0.01' });
      expect(linesOf(r, 'b')).toEqual([{ rule: 'none', description: 'no additional contribution', amount: '0.00' }]);
    });

    it('splits whole pounds and hands the pennies to the host', () => {
      // Prepare
      const agreement = abh({ rounding: 'pound', pools: [{ categories: ['sar'], charge: 'in-full', split: 'equal' }] });
      // Act
      const r = run(agreement, { sar: '10000.50', staffing: '1000.00' });
      // Assess
      expect(additionalOf(r)).toEqual({ a: '3333.00', b: '3333.00', h: '3334.50' });
      expect(linesOf(r, 'h')).toEqual([
        { rule: 'pool', description: '1/3 of SAR pool (sar) 10,000.50, split equally', amount: '3334.00' },
        { rule: 'rounding', description: '0.50 of SAR pool (sar) 10,000.50 cannot be split in whole pounds, to the host', amount: '0.50' },
      ]);
      expect(r.steps.map((s) => s.rule)).toEqual(['pool', 'rounding', 'overspend', 'baseline-shortfall']);
    });

    it('rounds a share split to the pound', () => {
      const r = run(abh({ rounding: 'pound' }), { staffing: '1333.99' });
      // 333 pounds by 0.4/0.1/0.5: 133.2, 33.3, 166.5 -> 133, 33, 167; 0.99 to the host
      expect(additionalOf(r)).toEqual({ a: '133.00', b: '33.00', h: '167.99' });
    });

    it('hands the pennies of a refund back to the host', () => {
      const r = run(abh({ rounding: 'pound' }), { staffing: '666.01' });
      // underspend 333.99: 333 pounds refunded by share (-133, -33, -167), -0.99 to the host
      expect(additionalOf(r)).toEqual({ a: '-133.00', b: '-33.00', h: '-167.99' });
      expect(linesOf(r, 'h')?.[1]?.description).toBe('0.99 of underspend 333.99 cannot be split in whole pounds, refunded to the host');
    });
  });

  describe('caps', () => {
    const capped = (cap: string) =>
      abh({
        partners: [
          { partnerId: 'a', baseline: m('600.00'), share: new Decimal('0.4'), additionalCap: m(cap) },
          { partnerId: 'b', baseline: m('300.00'), share: new Decimal('0.1') },
          { partnerId: 'h', baseline: m('100.00'), share: new Decimal('0.5') },
        ],
      });

    it('cuts a partner to its cap and gives the excess to the host', () => {
      // Act: overspend 300 by share would be 120 / 30 / 150
      const r = run(capped('100.00'), { staffing: '1300.00' });
      // Assess
      expect(additionalOf(r)).toEqual({ a: '100.00', b: '30.00', h: '170.00' });
      expect(linesOf(r, 'a')?.[1]).toEqual({
        rule: 'cap',
        description: 'additional 120.00 capped at 100.00 by the agreement; excess 20.00 to the host',
        amount: '-20.00',
      });
      expect(linesOf(r, 'h')?.[1]).toEqual({
        rule: 'cap',
        description: 'excess 20.00 of a over its cap 100.00, to the host',
        amount: '20.00',
      });
      expect(r.steps.at(-1)).toMatchObject({ rule: 'cap', amount: m('20.00') });
    });

    it('leaves a partner under its cap alone', () => {
      const r = run(capped('120.00'), { staffing: '1300.00' });
      expect(additionalOf(r)).toEqual({ a: '120.00', b: '30.00', h: '150.00' });
      expect(r.steps.some((s) => s.rule === 'cap')).toBe(false);
    });

    it('caps at zero but never touches a refund', () => {
      expect(additionalOf(run(capped('0.00'), { staffing: '1300.00' }))).toEqual({ a: '0.00', b: '30.00', h: '270.00' });
      expect(additionalOf(run(capped('0.00'), { staffing: '700.00' }))).toEqual({ a: '-120.00', b: '-30.00', h: '-150.00' });
    });
  });

  it('gives nobody anything when the year lands exactly on the budget set', () => {
    const r = run(abh(), { staffing: '1000.00' });
    expect(r.partners.map((p) => p.lines)).toEqual(
      [1, 2, 3].map(() => [{ rule: 'none', description: 'no additional contribution', amount: Money.zero }]),
    );
  });

  it('refuses an invalid agreement', () => {
    const bad = abh({ host: 'nobody' });
    expect(() => run(bad, { staffing: '1000.00' })).toThrow(UnprocessableError);
  });
});

// ------------------------------------------------------------------ validation and parsing

describe('validateAgreement', () => {
  const paths = (a: Agreement, ctx = CTX) => validateAgreement(a, ctx).map((p) => p.path);

  it('accepts the reference agreement', () => {
    expect(validateAgreement(reference, CTX)).toEqual([]);
    expect(() => assertValidAgreement(reference, CTX)).not.toThrow();
  });

  it('refuses shares that do not add up to exactly 1, and more than 6 decimals', () => {
    const a = abh({
      partners: [
        { partnerId: 'a', baseline: m('600.00'), share: new Decimal('0.4') },
        { partnerId: 'b', baseline: m('300.00'), share: new Decimal('0.1') },
        { partnerId: 'h', baseline: m('100.00'), share: new Decimal('0.4999999') },
      ],
    });
    expect(validateAgreement(a, CTX)).toEqual([
      { path: 'body/partners/2/share', message: 'must have at most 6 decimal places' },
      { path: 'body/partners', message: 'shares must add up to exactly 1; they add up to 0.9999999' },
    ]);
  });

  it('refuses shares out of range (0 is allowed since DESIGN 10.3: a fixed contributor)', () => {
    const a = abh({
      partners: [
        { partnerId: 'a', baseline: m('600.00'), share: new Decimal('0') },
        { partnerId: 'b', baseline: m('300.00'), share: new Decimal('-0.5') },
        { partnerId: 'h', baseline: m('100.00'), share: new Decimal('1.5') },
      ],
    });
    expect(paths(a)).toEqual(['body/partners/1/share', 'body/partners/2/share']);
  });

  it('refuses a host that is not one of the partners', () => {
    expect(validateAgreement(abh({ host: 'luton-council' }), CTX)).toEqual([
      { path: 'body/host', message: "partner luton-council is not one of the agreement's partners" },
    ]);
  });

  it('refuses unknown and duplicate partners', () => {
    const [pa, pb] = abh().partners as [AgreementPartner, AgreementPartner, AgreementPartner];
    const a = abh({
      host: 'a',
      partners: [
        { ...pa, share: new Decimal('0.5') },
        { ...pa, share: new Decimal('0.25') },
        { ...pb, partnerId: 'ghost', share: new Decimal('0.25') },
      ],
    });
    expect(validateAgreement(a, CTX)).toEqual([
      { path: 'body/partners/1/partnerId', message: 'partner a is listed twice' },
      { path: 'body/partners/2/partnerId', message: 'partner ghost does not exist' },
    ]);
  });

  it('refuses an agreement without partners', () => {
    expect(paths(abh({ partners: [] }))).toEqual(['body/partners', 'body/host']);
  });

  it('refuses unknown categories, categories in two pools and empty pools', () => {
    const a = abh({
      pools: [
        { categories: ['sar', 'dhr'], charge: 'in-full', split: 'equal' },
        { categories: ['sar', 'training', 'training'], charge: 'over-budget', split: 'share' },
        { categories: [], charge: 'in-full', split: 'host' },
      ],
    });
    expect(validateAgreement(a, CTX)).toEqual([
      { path: 'body/pools/0/categories/1', message: 'category dhr does not exist' },
      { path: 'body/pools/1/categories/0', message: 'category sar is already in pool 0' },
      { path: 'body/pools/1/categories/2', message: 'category training is listed twice' },
      { path: 'body/pools/2/categories', message: 'must list at least one category' },
    ]);
  });

  it('refuses a cap on the host, negative caps and negative baselines', () => {
    const a = abh({
      partners: [
        { partnerId: 'a', baseline: m('-1.00'), share: new Decimal('0.4'), additionalCap: m('-5.00') },
        { partnerId: 'b', baseline: m('300.00'), share: new Decimal('0.1') },
        { partnerId: 'h', baseline: m('100.00'), share: new Decimal('0.5'), additionalCap: m('10.00') },
      ],
    });
    expect(validateAgreement(a, CTX)).toEqual([
      { path: 'body/partners/0/baseline', message: 'must not be negative' },
      { path: 'body/partners/0/additionalCap', message: 'must not be negative' },
      { path: 'body/partners/2/additionalCap', message: 'the host cannot have a cap: it absorbs the residuals' },
    ]);
  });

  it('wants whole pounds for baselines and caps when the agreement rounds to the pound', () => {
    const a = abh({
      rounding: 'pound',
      partners: [
        { partnerId: 'a', baseline: m('600.50'), share: new Decimal('0.4'), additionalCap: m('10.01') },
        { partnerId: 'b', baseline: m('300.00'), share: new Decimal('0.1') },
        { partnerId: 'h', baseline: m('100.00'), share: new Decimal('0.5') },
      ],
    });
    expect(paths(a)).toEqual(['body/partners/0/baseline', 'body/partners/0/additionalCap']);
    expect(paths({ ...a, rounding: 'penny' })).toEqual([]);
  });

  it('reports every problem at once, under a chosen prefix', () => {
    const a = abh({ host: 'x', pools: [{ categories: ['nope'], charge: 'in-full', split: 'equal' }], partners: [] });
    expect(validateAgreement(a, { ...CTX, pathPrefix: 'agreement' }).map((p) => p.path)).toEqual([
      'agreement/partners',
      'agreement/host',
      'agreement/pools/0/categories/0',
    ]);
    expect(() => assertValidAgreement(a, CTX)).toThrow(UnprocessableError);
  });
});

describe('parseAgreement', () => {
  it('reads amounts and shares exactly and round-trips', () => {
    const wire = agreementToWire(reference);
    const parsed = parseAgreement(wire);
    expect(parsed.partners[0]?.share.equals(new Decimal('0.4'))).toBe(true);
    expect(agreementToWire(parsed)).toEqual(wire);
  });

  it('refuses unreadable amounts and shares, listing all of them', () => {
    const wire: AgreementWire = {
      ...agreementToWire(reference),
      partners: [
        { partnerId: 'blmk-icb', baseline: '81,305', share: '40%' },
        { partnerId: 'beds-police', baseline: '20390.00', share: '0.1', additionalCap: '1e3' },
        { partnerId: 'luton-council', baseline: '101591.00', share: 0.5 as unknown as string },
      ],
    };
    try {
      parseAgreement(wire);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).errors?.map((p) => p.path)).toEqual([
        'body/partners/0/share',
        'body/partners/0/baseline',
        'body/partners/1/additionalCap',
        'body/partners/2/share',
      ]);
    }
  });
});

// ------------------------------------------------------------------ engine properties

const IDS = ['p0', 'p1', 'p2', 'p3', 'p4'];
const POOLABLE = ['sar', 'training', 'independent-chair'];
const splitArb = fc.constantFrom<Split>('equal', 'share', 'baseline', 'host');

/** Shares in millionths that add up to exactly 1: cut points on (0, 1e6). */
const sharesArb = (n: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 999_999 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((x, y) => x - y), 1_000_000];
    return points.slice(1).map((p, i) => new Decimal(p - (points[i] ?? 0)).dividedBy(1_000_000));
  });

const penceArb = (max: bigint) => fc.bigInt({ min: 0n, max });
const moneyArb = (max: bigint, whole: boolean) => penceArb(max).map((p) => Money.fromPence(whole ? p * 100n : p));

const inputArb: fc.Arbitrary<RechargeInput> = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    rounding: fc.constantFrom<Agreement['rounding']>('penny', 'pound'),
    basis: fc.constantFrom<Agreement['basis']>('full-cost-recovery', 'full-cost-recovery', 'committal'),
  })
  .chain(({ n, rounding, basis }) => {
    const whole = rounding === 'pound';
    return fc.record({
      agreement: fc
        .record({
          shares: sharesArb(n),
          baselines: fc.oneof(
            fc.array(moneyArb(whole ? 100_000n : 10_000_000n, whole), { minLength: n, maxLength: n }),
            fc.constant(Array.from({ length: n }, () => Money.zero)),
          ),
          caps: fc.array(fc.option(moneyArb(whole ? 50_000n : 5_000_000n, whole), { nil: undefined }), { minLength: n, maxLength: n }),
          hostIndex: fc.integer({ min: 0, max: n - 1 }),
          pools: fc.subarray(POOLABLE).chain((cats) =>
            fc
              .array(fc.record({ charge: fc.constantFrom<'in-full' | 'over-budget'>('in-full', 'over-budget'), split: splitArb }), {
                minLength: cats.length === 0 ? 0 : 1,
                maxLength: Math.min(2, cats.length),
              })
              .map((kinds) => kinds.map((k, i) => ({ ...k, categories: cats.filter((_, j) => j % kinds.length === i) }))),
          ),
          overspend: splitArb,
          underspend: fc.constantFrom<UnderspendRule>('refund-share', 'refund-baseline', 'host', 'carry-forward'),
          baselineShortfall: fc.constantFrom<'host' | 'share'>('host', 'share'),
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
          }),
        ),
      budgetSet: moneyArb(50_000_000n, false),
      budgets: fc.dictionary(fc.constantFrom(...CATEGORIES), moneyArb(10_000_000n, false)).map((d) => new Map(Object.entries(d))),
      spend: fc
        .dictionary(fc.constantFrom(...CATEGORIES), fc.bigInt({ min: -100_000n, max: 20_000_000n }).map(Money.fromPence))
        .map((d) => new Map(Object.entries(d))),
    });
  });

const shuffledInput = (input: RechargeInput) =>
  fc
    .array(fc.nat(), { minLength: input.agreement.partners.length, maxLength: input.agreement.partners.length })
    .map((keys): RechargeInput => {
      const order = input.agreement.partners.map((p, i) => ({ p, k: keys[i] ?? 0, i })).sort((x, y) => x.k - y.k || x.i - y.i);
      return {
        agreement: { ...input.agreement, partners: order.map((o) => o.p) },
        budgetSet: input.budgetSet,
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

describe('computeRecharge: properties', () => {
  it('keeps Σ additional - carry-forward = outturn - Σ baselines, and contributions = outturn under full recovery', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        // Act
        const r = computeRecharge(input);
        // Assess
        const outturn = Money.sum(input.spend.values());
        const baselines = Money.sum(input.agreement.partners.map((p) => p.baseline));
        const additional = Money.sum(r.partners.map((p) => p.additional));
        expect(r.outturn.equals(outturn)).toBe(true);
        expect(r.baselines.equals(baselines)).toBe(true);
        expect(r.additional.equals(additional)).toBe(true);
        expect(additional.minus(r.carryForward).equals(outturn.minus(baselines))).toBe(true);
        expect(r.contributions.equals(baselines.plus(additional))).toBe(true);
        expect(r.carryForward.isNegative()).toBe(false);
        if (input.agreement.basis === 'committal' || input.agreement.variance.underspend !== 'carry-forward') {
          expect(r.carryForward.isZero()).toBe(true);
          expect(r.contributions.equals(outturn)).toBe(true);
        }
        for (const p of r.partners) {
          expect(p.lines.length).toBeGreaterThan(0);
          expect(Money.sum(p.lines.map((l) => l.amount)).equals(p.additional)).toBe(true);
          expect(p.total.equals(p.baseline.plus(p.additional))).toBe(true);
          if (p.lines.length > 1) expect(p.lines.every((l) => !l.amount.isZero())).toBe(true);
        }
        expect(r.partners.map((p) => p.partnerId)).toEqual(input.agreement.partners.map((p) => p.partnerId));
      }),
      { numRuns: RUNS },
    );
  });

  it('never lets a non-host partner pay more than its cap, and charges non-hosts whole pounds under pound rounding', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = computeRecharge(input);
        for (const [i, p] of input.agreement.partners.entries()) {
          if (p.partnerId === input.agreement.host) continue;
          const got = r.partners[i]?.additional ?? Money.zero;
          if (p.additionalCap !== undefined) expect(got.compare(p.additionalCap)).toBeLessThanOrEqual(0);
          if (r.partners[i]?.lines.some((l) => l.rule === 'cap')) expect(got.equals(p.additionalCap ?? Money.zero)).toBe(true);
          if (input.agreement.rounding === 'pound') expect(got.pence % 100n).toBe(0n);
          if (input.agreement.basis === 'committal') expect(got.isZero()).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives every partner the same figure and lines whatever the partner order and map insertion order', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => fc.tuple(fc.constant(input), shuffledInput(input))),
        ([input, shuffled]) => {
          const a = computeRecharge(input);
          const b = computeRecharge(shuffled);
          expect(byPartner(b)).toEqual(byPartner(a));
          expect(b.steps.map((s) => `${s.rule}|${s.description}|${s.amount.toString()}`).sort()).toEqual(
            a.steps.map((s) => `${s.rule}|${s.description}|${s.amount.toString()}`).sort(),
          );
          expect(b.carryForward.equals(a.carryForward)).toBe(true);
          expect(b.partners.map((p) => p.partnerId)).toEqual(shuffled.agreement.partners.map((p) => p.partnerId));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('is deterministic: the same input gives the same output', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(JSON.stringify(computeRecharge(input))).toBe(JSON.stringify(computeRecharge(input)));
      }),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  });
});
