import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, BOARD, FINANCE, partner, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;
const base = '/v1/boards/luton-sab';

beforeAll(async () => {
  const started = await startApi();
  api = started.api;
  stop = started.runtime.stop;
});
afterAll(() => stop());

const pick = (rows: { partnerId: string; baseline: string; additional: string }[]) =>
  Object.fromEntries(rows.map((r) => [r.partnerId, [r.baseline, r.additional]]));

describe('reports on the Luton seed', () => {
  it("contributions across years reproduce the annual report's Figure 6", async () => {
    const r = await api.get(`${base}/contributions`, BOARD);
    expect(r.status).toBe(200);
    const years = Object.fromEntries(r.body.years.map((y: { yearId: string }) => [y.yearId, y]));
    expect(Object.keys(years)).toEqual(['2022-23', '2023-24', '2024-25', '2025-26']);
    expect(years['2022-23'].budgetSet).toBe('182424.00');
    expect(pick(years['2022-23'].partners)).toEqual({
      'blmk-icb': ['72984.00', '21812.00'],
      'beds-police': ['18240.00', '5451.00'],
      'luton-council': ['91200.00', '48231.00'],
    });
    expect(years['2022-23'].totals.total).toBe('257918.00');
    expect(years['2024-25'].budgetSet).toBe('203500.00');
    expect(pick(years['2024-25'].partners)).toEqual({
      'blmk-icb': ['81305.00', '29760.00'],
      'beds-police': ['20390.00', '10440.00'],
      'luton-council': ['101591.00', '36414.00'],
    });
    expect(years['2024-25'].totals).toEqual({ baseline: '203286.00', additional: '76614.00', total: '279900.00' });
    expect(years['2025-26'].budgetSet).toBe('282800.00');
    expect(pick(years['2025-26'].partners)).toEqual({
      'blmk-icb': ['113350.00', '0.00'],
      'beds-police': ['28300.00', '0.00'],
      'luton-council': ['141150.00', '0.00'],
    });
    expect(years['2025-26'].totals.total).toBe('282800.00');
    const window = await api.get(`${base}/contributions?from=2023-24&to=2024-25`, FINANCE);
    expect(window.body.years.map((y: { yearId: string }) => y.yearId)).toEqual(['2023-24', '2024-25']);
    expect((await api.get(`${base}/contributions?from=2023`, FINANCE)).status).toBe(400);
  });

  it('a partner sees only its own contributions', async () => {
    const r = await api.get(`${base}/contributions`, partner('beds-police'));
    expect(r.status).toBe(200);
    for (const y of r.body.years) expect(y.partners.map((p: { partnerId: string }) => p.partnerId)).toEqual(['beds-police']);
    expect(r.body.years.find((y: { yearId: string }) => y.yearId === '2024-25').totals.total).toBe('30830.00');
  });

  it('budget against actual for 2024-25', async () => {
    const r = await api.get(`${base}/years/2024-25/budget-vs-actual`, BOARD);
    const staffing = r.body.rows.find((x: { category: string }) => x.category === 'staffing');
    expect(staffing).toMatchObject({ budget: '160000.00', actual: '218300.00', variance: '58300.00', percentUsed: '136.4' });
    expect(r.body.rows.find((x: { category: string }) => x.category === 'sar').percentUsed).toBeNull();
    expect(r.body.totals).toEqual({
      original: '203500.00',
      virements: '0.00',
      revised: '203500.00',
      budget: '203500.00',
      actual: '279900.00',
      variance: '76400.00',
      percentUsed: '137.5',
    });
    expect(r.body.overBudgetSet).toBe('76400.00');
  });

  it('the expenditure breakdown (Figure 7): staffing 218,300.00 is 78% of 279,900.00', async () => {
    const r = await api.get(`${base}/years/2024-25/expenditure-breakdown`, BOARD);
    expect(r.body.total).toBe('279900.00');
    expect(r.body.rows[0]).toMatchObject({ category: 'staffing', amount: '218300.00', percent: '78.0' });
    expect(r.body.rows.find((x: { category: string }) => x.category === 'sar')).toMatchObject({ amount: '12000.00', percent: '4.3' });
    expect(r.body.rows.find((x: { category: string }) => x.category === 'training')).toMatchObject({ amount: '3000.00', percent: '1.1' });
  });

  it('income by partner (Figure 5) for 2024-25', async () => {
    const r = await api.get(`${base}/years/2024-25/income`, BOARD);
    expect(r.body.rows.map((x: { partnerId: string; total: string; percent: string }) => [x.partnerId, x.total, x.percent])).toEqual([
      ['blmk-icb', '111065.00', '39.7'],
      ['beds-police', '30830.00', '11.0'],
      ['luton-council', '138005.00', '49.3'],
    ]);
    const history = await api.get(`${base}/years/2022-23/income`, BOARD);
    expect(history.body.totals.total).toBe('257918.00');
  });

  it('income for 2025-26 shows the seeded venue given in kind, never invoiced (DESIGN 10.3)', async () => {
    const r = await api.get(`${base}/years/2025-26/income`, BOARD);
    expect(r.body.otherIncome).toEqual({
      cash: '0.00',
      inKind: '1800.00',
      rows: [{ kind: 'in-kind', source: 'Police headquarters training suite (illustrative)', partnerId: 'beds-police', amount: '1800.00' }],
    });
    expect((await api.get(`${base}/years/2025-26/recharge`, BOARD)).body).toMatchObject({ inKindIncome: '1800.00', cashIncome: '0.00' });
  });

  it('forecasts 2025-26 as of the latest ledger month, per category and per partner', async () => {
    const r = await api.get(`${base}/years/2025-26/forecast`, BOARD);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      asOf: '2025-09-30',
      monthsElapsed: 6,
      budgetSet: '282800.00',
      projectedOutturn: '274460.00',
      projectedOverspend: '-8340.00',
    });
    const by = Object.fromEntries(r.body.categories.map((c: { category: string }) => [c.category, c]));
    expect(by.staffing).toMatchObject({
      method: 'profile',
      actual: '114460.00',
      rest: '112500.00',
      projected: '226960.00',
      variance: '1960.00',
    });
    // The reviewer's contract of 4,000.00 had 1,000.00 released: 3,000.00 is left to forecast.
    expect(by.sar).toMatchObject({ method: 'commitments', actual: '3500.00', commitments: '3000.00', projected: '6500.00' });
    // The spring programme (2,500.00) was matched to its 1,000.00 deposit, which is in the actuals:
    // the 1,500.00 left is forecast, the deposit is not counted twice.
    expect(by.training).toMatchObject({
      method: 'run-rate',
      actual: '2200.00',
      commitments: '1500.00',
      rest: '2200.00',
      projected: '5900.00',
    });
    // A line with a monthly profile is projected by it (the chair's fee: 2,000.00 a month).
    expect(by['independent-chair']).toMatchObject({ method: 'profile', actual: '12000.00', rest: '12000.00' });
    // The virement moved 500.00 from other running costs to communications.
    expect(by.other).toMatchObject({ budget: '2500.00', projected: '2880.00', variance: '380.00' });
    expect(by.communications).toMatchObject({ budget: '3500.00' });
    // Committal basis: the partners pay their baselines; the host takes the variance.
    expect(r.body.recharge.basis).toBe('committal');
    expect(r.body.recharge.partners.map((p: { partnerId: string; additional: string }) => [p.partnerId, p.additional])).toEqual([
      ['blmk-icb', '0.00'],
      ['beds-police', '0.00'],
      ['luton-council', '-8340.00'],
    ]);
    const earlier = await api.get(`${base}/years/2025-26/forecast?asOf=2025-06-30`, BOARD);
    expect(earlier.body.monthsElapsed).toBe(3);
    expect((await api.get(`${base}/years/2025-26/forecast?asOf=yesterday`, BOARD)).status).toBe(400);
    expect((await api.get(`${base}/years/2023-24/forecast`, BOARD)).status).toBe(409);
  });

  it('the forecast of the reference year prices its partners like the close did', async () => {
    const r = await api.get(`${base}/years/2024-25/forecast`, FINANCE);
    expect(r.body.projectedOutturn).toBe('279900.00');
    expect(r.body.recharge.partners.map((p: { additional: string }) => p.additional)).toEqual(['29760.00', '10440.00', '36414.00']);
  });

  it('reconciliation names the inconsistencies of the published figures', async () => {
    const y24 = await api.get(`${base}/years/2024-25/reconciliation`, BOARD);
    expect(y24.body.reconciles).toBe(false);
    expect(y24.body.issues.map((i: { code: string; amounts: { difference?: string } }) => [i.code, i.amounts.difference])).toEqual([
      ['BASELINES_VS_BUDGET_SET', '214.00'],
      ['PUBLISHED_OUTTURN', '200.00'],
      ['PUBLISHED_TOTAL_VS_CONTRIBUTIONS', '200.00'],
    ]);
    const y23 = await api.get(`${base}/years/2023-24/reconciliation`, BOARD);
    expect(y23.body.issues.map((i: { code: string }) => i.code)).toEqual(['BASELINES_VS_BUDGET_SET', 'CONTRIBUTIONS_VS_OUTTURN']);
    expect(y23.body.issues[1].message).toBe('contributions add up to 238,810.00 but the outturn is 240,800.00: 1,990.00 unrecovered');
    const y22 = await api.get(`${base}/years/2022-23/reconciliation`, BOARD);
    expect(y22.body).toEqual({ yearId: '2022-23', reconciles: true, issues: [] });
  });

  it('SAR costs per case and year', async () => {
    const r = await api.get(`${base}/sar-costs`, BOARD);
    const familyT = r.body.cases.find((c: { sarId: string }) => c.sarId === 'family-t');
    expect(familyT).toMatchObject({ total: '4500.00', byYear: [{ yearId: '2024-25', total: '4500.00' }] });
    expect(r.body.total).toBe('15500.00');
    // The CSV carries every case's years, its total, and the grand total the JSON gives.
    const csv = (await api.get(`${base}/sar-costs`, BOARD, { accept: 'text/csv' })).text.split('\r\n').filter(Boolean);
    expect(csv).toContain(`family-t,${familyT.title},${familyT.kind},${familyT.status},2024-25,4500.00`);
    expect(csv.at(-1)).toBe('total,All cases,,,all,15500.00');
  });

  it('every report answers CSV on Accept: text/csv', async () => {
    const paths = [
      'years/2025-26/forecast',
      'years/2024-25/budget-vs-actual',
      'years/2024-25/expenditure-breakdown',
      'years/2024-25/income',
      'contributions',
      'years/2023-24/reconciliation',
      'sar-costs',
    ];
    for (const p of paths) {
      const r = await api.get(`${base}/${p}`, BOARD, { accept: 'text/csv' });
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type'), p).toContain('text/csv');
      expect(r.headers.get('content-disposition'), p).toContain('.csv');
      expect(r.text.split('\r\n').length, p).toBeGreaterThan(2);
    }
    const csv = await api.get(`${base}/years/2024-25/expenditure-breakdown`, BOARD, { accept: 'text/csv' });
    expect(csv.text.split('\r\n')[1]).toBe('staffing,Staffing (business unit),218300.00,78.0');
    expect((await api.get(`${base}/years/2024-25/income`, BOARD, { accept: 'application/xml' })).status).toBe(406);
  });

  it('reports are for the board and finance only (a partner reads its own line of the forecast since DESIGN 10.3)', async () => {
    expect((await api.get(`${base}/years/2024-25/budget-vs-actual`, partner('blmk-icb'))).status).toBe(403);
    expect((await api.get(`${base}/years/2024-25/forecast`, partner('blmk-icb'))).body.view).toBe('partner');
    expect((await api.get(`${base}/years/2024-25/reconciliation`, { roles: ['admin'] })).status).toBe(403);
  });
});
