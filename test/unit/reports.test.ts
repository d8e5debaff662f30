import { describe, expect, it } from 'vitest';
import { Money } from '../../shared/domain/money.ts';
import { budgetVsActual, contributionYear, expenditureBreakdown, incomeByPartner, reconcile } from '../../shared/domain/reports.ts';

const m = Money.parse;
const c = (partnerId: string, baseline: string, additional: string) => ({ partnerId, baseline: m(baseline), additional: m(additional) });

describe('reports', () => {
  it('budget against actual, with no percentage where there is no budget', () => {
    const r = budgetVsActual(
      [
        { category: 'staffing', name: 'Staffing', amount: m('100.00') },
        { category: 'sar', name: 'SARs', amount: m('0.00') },
      ],
      [
        { category: 'staffing', amount: m('150.00') },
        { category: 'sar', amount: m('12.00') },
      ],
    );
    expect(r.rows.map((x) => [x.category, x.variance.toString(), x.percentUsed])).toEqual([
      ['sar', '12.00', null],
      ['staffing', '50.00', '150.0'],
    ]);
    expect(r.totals.actual.toString()).toBe('162.00');
    expect(r.totals.percentUsed).toBe('162.0');
    // No budget at all: the total has no percentage to show, like a row without one.
    const none = budgetVsActual([{ category: 'sar', name: 'SARs', amount: m('0.00') }], [{ category: 'sar', amount: m('12.00') }]);
    expect(none.totals.percentUsed).toBeNull();
  });

  it('budget against actual shows the original budget, the virements and the revised budget the variance is against', () => {
    const r = budgetVsActual(
      [
        { category: 'other', name: 'Other', amount: m('2500.00'), original: m('3000.00'), virements: m('-500.00') },
        { category: 'comms', name: 'Comms', amount: m('3500.00'), original: m('3000.00'), virements: m('500.00') },
      ],
      [
        { category: 'other', amount: m('2600.00') },
        { category: 'printing', amount: m('10.00') }, // spent without a budget line
      ],
    );
    expect(
      r.rows.map((x) => [x.category, x.original.toString(), x.virements.toString(), x.budget.toString(), x.variance.toString()]),
    ).toEqual([
      ['comms', '3000.00', '500.00', '3500.00', '-3500.00'],
      ['other', '3000.00', '-500.00', '2500.00', '100.00'],
      ['printing', '0.00', '0.00', '0.00', '10.00'],
    ]);
    expect([r.totals.original, r.totals.virements, r.totals.budget].map(String)).toEqual(['6000.00', '0.00', '6000.00']);
  });

  it('breakdown: largest first with shares of the whole', () => {
    const r = expenditureBreakdown(
      [],
      [
        { category: 'a', amount: m('1.00') },
        { category: 'b', amount: m('3.00') },
        { category: 'a', amount: m('1.00') },
      ],
    );
    expect(r.rows.map((x) => [x.category, x.amount.toString(), x.percent])).toEqual([
      ['b', '3.00', '60.0'],
      ['a', '2.00', '40.0'],
    ]);
  });

  it('income by partner (Figure 5 for 2024-25)', () => {
    const y = contributionYear('2024-25', 'closed', m('203500.00'), m('279900.00'), [
      c('blmk-icb', '81305.00', '29760.00'),
      c('beds-police', '20390.00', '10440.00'),
      c('luton-council', '101591.00', '36414.00'),
    ]);
    expect(incomeByPartner(y).rows.map((r) => [r.partnerId, r.total.toString(), r.percent])).toEqual([
      ['blmk-icb', '111065.00', '39.7'],
      ['beds-police', '30830.00', '11.0'],
      ['luton-council', '138005.00', '49.3'],
    ]);
  });

  it('reconciliation names every inconsistency of 2023-24 as published', () => {
    const issues = reconcile({
      yearId: '2023-24',
      status: 'closed',
      source: 'history',
      budgetSet: m('197900.00'),
      outturn: m('240800.00'),
      contributions: [
        c('blmk-icb', '75305.00', '13713.00'),
        c('beds-police', '19790.00', '3428.00'),
        c('luton-council', '98950.00', '27624.00'),
      ],
    });
    expect(issues.map((i) => [i.code, i.amounts.difference?.toString()])).toEqual([
      ['BASELINES_VS_BUDGET_SET', '3855.00'],
      ['CONTRIBUTIONS_VS_OUTTURN', '1990.00'],
    ]);
  });

  it('reconciliation: a clean year has nothing to say; invoices are compared net of credit notes', () => {
    const clean = reconcile({
      yearId: '2022-23',
      status: 'closed',
      source: 'history',
      budgetSet: m('182424.00'),
      outturn: m('257918.00'),
      contributions: [
        c('blmk-icb', '72984.00', '21812.00'),
        c('beds-police', '18240.00', '5451.00'),
        c('luton-council', '91200.00', '48231.00'),
      ],
    });
    expect(clean).toEqual([]);
    const invoices = reconcile({
      yearId: '2024-25',
      status: 'closed',
      source: 'ledger',
      basis: 'full-cost-recovery',
      budgetSet: m('10.00'),
      outturn: m('12.00'),
      contributions: [c('a', '10.00', '2.00')],
      agreementBaselines: new Map([['a', m('10.00')]]),
      invoicedBaseline: new Map([['a', m('0.00')]]),
      snapshotAdditional: new Map([['a', m('2.00')]]),
      invoicedYearEnd: new Map([['a', m('2.00')]]),
    });
    expect(invoices.map((i) => i.code)).toEqual(['BASELINE_INVOICE_VS_AGREEMENT']);
  });
});
