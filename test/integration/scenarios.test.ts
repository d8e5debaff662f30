/**
 * Scenarios (DESIGN 10.3) on the Luton seed: "what would each of us have paid under this formula?"
 * The 2024-25 agreement priced on 2022-23 and 2023-24 (history, as published), 2024-25 (closed) and
 * 2025-26 (open, on its forecast), beside what partners actually paid. Figures checked by hand;
 * the README's table is this test's answer. Nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, BOARD, FINANCE, partner, REFERENCE_AGREEMENT, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;
const base = '/v1/boards/luton-sab';
const YEARS = ['2022-23', '2023-24', '2024-25', '2025-26'];

beforeAll(async () => {
  const started = await startApi();
  api = started.api;
  stop = started.runtime.stop;
}, 60_000);
afterAll(() => stop());

type Row = {
  partnerId: string;
  name: string;
  baseline: string;
  additional: string;
  total: string;
  actual: Record<string, string>;
  difference: string;
};
const rows = (year: { partners: Row[] }) =>
  Object.fromEntries(year.partners.map((p) => [p.partnerId, [p.baseline, p.additional, p.total, p.actual.total, p.difference]]));

async function auditCount(): Promise<number> {
  return (await api.all(`${base}/audit`, FINANCE)).length;
}

describe('scenarios', () => {
  it('prices the seeded history under the 2024-25 agreement, beside what partners paid', async () => {
    const writes = await auditCount();
    const r = await api.post(
      `${base}/scenarios`,
      { agreements: [{ name: '2024-25 agreement', agreement: REFERENCE_AGREEMENT }], years: YEARS },
      BOARD,
    );
    expect(r.status, r.text).toBe(200);
    expect(r.body.baselines).toBe('year');
    const [y22, y23, y24, y25] = r.body.scenarios[0].years;

    // 2022-23, as published: baselines 72,984 / 18,240 / 91,200 = the budget set 182,424 (no shortfall).
    // The outturn 257,918 is priced as one sum (no SAR figure was published): overspend 75,494 by share 40/10/50
    // = 30,197.60 / 7,549.40 / 37,747.00. Paid: 94,796 / 23,691 / 139,431.
    expect(y22.spend).toMatchObject({ basis: 'published-outturn', outturn: '257918.00' });
    expect(y22.spend.note).toContain('pools see no spend');
    expect(rows(y22)).toEqual({
      'blmk-icb': ['72984.00', '30197.60', '103181.60', '94796.00', '8385.60'],
      'beds-police': ['18240.00', '7549.40', '25789.40', '23691.00', '2098.40'],
      'luton-council': ['91200.00', '37747.00', '128947.00', '139431.00', '-10484.00'],
    });

    // 2023-24, as published: baselines 194,045 against the budget set 197,900: shortfall 3,855 to the host;
    // outturn 240,800: overspend 42,900 by share = 17,160 / 4,290 / 21,450. Paid 238,810 in all (1,990 unrecovered).
    expect(rows(y23)).toEqual({
      'blmk-icb': ['75305.00', '17160.00', '92465.00', '89018.00', '3447.00'],
      'beds-police': ['19790.00', '4290.00', '24080.00', '23218.00', '862.00'],
      'luton-council': ['98950.00', '25305.00', '124255.00', '126574.00', '-2319.00'],
    });
    expect(y23.totals).toEqual({
      scenario: { baseline: '194045.00', additional: '46755.00', total: '240800.00' },
      actual: { baseline: '194045.00', additional: '44765.00', total: '238810.00' },
    });

    // 2024-25, closed on this very agreement: the scenario is what was paid, to the penny.
    expect(y24.spend.basis).toBe('ledger');
    expect(rows(y24)).toEqual({
      'blmk-icb': ['81305.00', '29760.00', '111065.00', '111065.00', '0.00'],
      'beds-police': ['20390.00', '10440.00', '30830.00', '30830.00', '0.00'],
      'luton-council': ['101591.00', '36414.00', '138005.00', '138005.00', '0.00'],
    });

    // 2025-26, open: its forecast (projected outturn 274,460.00) under full cost recovery instead of committal.
    expect(y25.spend).toMatchObject({ basis: 'forecast', outturn: '274460.00' });
    expect(y25.actualBasis).toBe('projected');
    // Its forecast projects SAR spend of 6,500 (the seed released 1,000 of the reviewer's contract): in full, equally =
    // 2,166.67 / 2,166.67 / 2,166.66 (the spare pennies to the host, then by partner id). The rest, 274,460 - 6,500 -
    // 282,800 = an underspend of 14,840, refunded by share 40/10/50 = 5,936 / 1,484 / 7,420. The budget set equals the baselines.
    const forecast = (await api.get(`${base}/years/2025-26/forecast`, BOARD)).body;
    expect(forecast.categories.find((c: { category: string }) => c.category === 'sar').projected).toBe('6500.00');
    expect(rows(y25)).toEqual({
      'blmk-icb': ['113350.00', '-3769.34', '109580.66', '113350.00', '-3769.34'],
      'beds-police': ['28300.00', '682.67', '28982.67', '28300.00', '682.67'],
      'luton-council': ['141150.00', '-5253.33', '135896.67', '132810.00', '3086.67'],
    });
    expect(y25.totals.scenario.total).toBe('274460.00');
    expect(y25.partners.find((p: Row) => p.partnerId === 'luton-council').actual).toEqual({
      baseline: '141150.00',
      additional: '-8340.00', // the committal basis: the host takes the underspend
      total: '132810.00',
    });
    expect(y25.partners[0].name).toBe('Bedfordshire, Luton and Milton Keynes Integrated Care Board');

    expect(await auditCount()).toBe(writes); // nothing written
  });

  it('compares agreements side by side: an edited SAR split and shares', async () => {
    const edited = {
      ...REFERENCE_AGREEMENT,
      partners: REFERENCE_AGREEMENT.partners.map((p) => ({
        ...p,
        share: { 'blmk-icb': '0.45', 'beds-police': '0.1', 'luton-council': '0.45' }[p.partnerId] ?? p.share,
      })),
      pools: [{ categories: ['sar'], charge: 'in-full', split: { weights: { 'blmk-icb': '2', 'luton-council': '1' } } }],
    };
    const r = await api.post(
      `${base}/scenarios`,
      {
        agreements: [
          { name: 'current', agreement: REFERENCE_AGREEMENT },
          { name: 'edited', agreement: edited },
        ],
        years: ['2024-25'],
      },
      FINANCE,
    );
    expect(r.status, r.text).toBe(200);
    const [current, other] = r.body.scenarios;
    expect(current.name).toBe('current');
    // Edited: SAR 12,000 by weights 2:1 between the ICB and the council = 8,000 / 4,000; overspend 64,400 by
    // 45/10/45 = 28,980 / 6,440 / 28,980; the council's 214 shortfall as before.
    expect(other.years[0].partners.map((p: Row) => p.additional)).toEqual(['36980.00', '6440.00', '33194.00']);
    expect(other.years[0].totals.scenario.total).toBe(current.years[0].totals.scenario.total);
  });

  it('prices the named agreement\u2019s own baselines when asked', async () => {
    const r = await api.post(
      `${base}/scenarios`,
      { agreements: [{ name: 'x', agreement: REFERENCE_AGREEMENT }], years: ['2022-23'], baselines: 'agreement' },
      BOARD,
    );
    expect(r.status).toBe(200);
    // 2024-25's baselines 203,286 exceed 2022-23's budget set 182,424 by 20,862, refunded to the host.
    expect(r.body.scenarios[0].years[0].partners.map((p: Row) => p.baseline)).toEqual(['81305.00', '20390.00', '101591.00']);
    expect(r.body.scenarios[0].years[0].totals.scenario.total).toBe('257918.00');
  });

  it.each([
    ['a year with no spend recorded', { years: ['2026-27'] }, 'body/years/0', 'SCENARIO.NO_SPEND'],
    ['a year that does not exist', { years: ['2030-31'] }, 'body/years/0', 'SCENARIO.UNKNOWN_YEAR'],
    ['a year listed twice', { years: ['2024-25', '2024-25'] }, 'body/years/1', 'SCENARIO.INVALID'],
    [
      'weights naming an unknown partner',
      {
        agreements: [
          { name: 'x', agreement: { ...REFERENCE_AGREEMENT, variance: { overspend: { weights: { ghost: '1' } }, underspend: 'host' } } },
        ],
      },
      'body/agreements/0/agreement/variance/overspend/weights/ghost',
      'AGREEMENT.INVALID',
    ],
    ['no agreement', { agreements: [] }, 'body/agreements', 'REQUEST.INVALID'],
  ])('refuses %s, naming the field', async (_what, change, field, code) => {
    if ((change as { years?: string[] }).years?.[0] === '2026-27')
      await api.put(`${base}/years/2026-27`, { budgetSet: '1000.00' }, FINANCE);
    const r = await api.post(
      `${base}/scenarios`,
      { agreements: [{ name: 'x', agreement: REFERENCE_AGREEMENT }], years: ['2024-25'], ...change },
      BOARD,
    );
    expect([400, 422]).toContain(r.status);
    expect(r.body.code).toBe(code);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('is for the board and finance, not partners', async () => {
    const r = await api.post(
      `${base}/scenarios`,
      { agreements: [{ name: 'x', agreement: REFERENCE_AGREEMENT }], years: ['2024-25'] },
      partner('blmk-icb'),
    );
    expect(r.status).toBe(403);
  });

  it('prices the open year on the forecast the forecast route shows: a corrected mistake moves neither', async () => {
    const forecastOf = async () => (await api.get(`${base}/years/2025-26/forecast`, BOARD)).body;
    const before = await forecastOf();
    // A mistake dated after every other entry of the year, then reversed: the forecast's date stays.
    const last = new Date(`${before.asOf}T00:00:00Z`);
    last.setUTCDate(last.getUTCDate() + 10);
    const date = last.toISOString().slice(0, 10);
    expect(date <= '2026-03-31', 'the seed leaves room after its last entry').toBe(true);
    const posted = await api.post(
      `${base}/years/2025-26/expenditure`,
      { date, category: 'training', amount: '75.00', supplier: 'Mistake Ltd', description: 'posted to the wrong board' },
      FINANCE,
    );
    expect(posted.status, posted.text).toBe(201);
    const reversed = await api.post(
      `${base}/years/2025-26/expenditure/${posted.body.entryId}/reversal`,
      { reason: 'wrong board' },
      FINANCE,
    );
    expect(reversed.status, reversed.text).toBe(201);

    const forecast = await forecastOf();
    expect(forecast.asOf).toBe(before.asOf);
    const r = await api.post(
      `${base}/scenarios`,
      { agreements: [{ name: '2024-25 agreement', agreement: REFERENCE_AGREEMENT }], years: ['2025-26'] },
      BOARD,
    );
    expect(r.status, r.text).toBe(200);
    const [open] = r.body.scenarios[0].years;
    expect(open.spend.note).toContain(`as of ${forecast.asOf}`);
    expect(open.spend.outturn).toBe(forecast.projectedOutturn);
  });

  it('says what partners actually paid for a closed year as Figure 6 does: net of a credit note', async () => {
    const note = await api.post(
      `${base}/invoices/2024-25-year-end-blmk-icb/credit-notes`,
      { amount: '500.00', reason: 'Training costs agreed to be borne by the host' },
      FINANCE,
    );
    expect(note.status, note.text).toBe(201);
    const contributions = (await api.get(`${base}/contributions`, BOARD)).body;
    const paid = contributions.years.find((y: { yearId: string }) => y.yearId === '2024-25');
    const icb = paid.partners.find((p: { partnerId: string }) => p.partnerId === 'blmk-icb');
    expect(icb.total).toBe('110565.00'); // 111,065.00 invoiced, less the 500.00 credited

    const r = await api.post(
      `${base}/scenarios`,
      { agreements: [{ name: '2024-25 agreement', agreement: REFERENCE_AGREEMENT }], years: ['2024-25'] },
      BOARD,
    );
    expect(r.status, r.text).toBe(200);
    const [closed] = r.body.scenarios[0].years;
    for (const p of paid.partners as { partnerId: string; baseline: string; additional: string; total: string }[]) {
      const row = closed.partners.find((q: Row) => q.partnerId === p.partnerId);
      expect(row.actual, p.partnerId).toEqual({ baseline: p.baseline, additional: p.additional, total: p.total });
    }
  });
});
