/**
 * The finance section of the annual report for the seeded Luton 2024-25 (DESIGN 10.2, issue 13):
 * the report's own Figures 5, 6 and 7 and the recharge table of DESIGN section 2, with its
 * inconsistencies named; as JSON and as a PDF a reader can search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type Api, freshBoard, REFERENCE_AGREEMENT, startApi } from '../helpers/api.ts';
import { pdfText } from '../helpers/pdf.ts';
import { catalogOf, qpdfCheck } from '../helpers/pdf-inspect.ts';

let api: Api;
let stop: () => Promise<void>;
const report = '/v1/boards/luton-sab/years/2024-25/annual-report';
const BOARD = { roles: ['board'] };
const ICB = 'Bedfordshire, Luton and Milton Keynes Integrated Care Board';

beforeAll(async () => {
  const started = await startApi();
  api = started.api;
  stop = started.runtime.stop;
});
afterAll(() => stop());

describe('the annual report of 2024-25', () => {
  it("reproduces Figure 5: each partner's baseline, additional contribution, total and share", async () => {
    const r = await api.get(report, BOARD);
    expect(r.status).toBe(200);
    expect(r.body.income.rows).toEqual([
      { partner: ICB, baseline: '81305.00', additional: '29760.00', total: '111065.00', percent: '39.7%' },
      { partner: 'Bedfordshire Police', baseline: '20390.00', additional: '10440.00', total: '30830.00', percent: '11.0%' },
      { partner: 'Luton Borough Council', baseline: '101591.00', additional: '36414.00', total: '138005.00', percent: '49.3%' },
    ]);
    expect(r.body.income.total).toBe('279900.00');
    expect(r.body).toMatchObject({ budgetSet: '203500.00', outturn: '279900.00', publishedOutturn: '279700.00' });
  });

  it('reproduces Figure 6 across the years, with the totals each year printed where they differ from its rows', async () => {
    const { body } = await api.get(report, BOARD);
    const byYear = Object.fromEntries(body.contributions.map((c: { yearLabel: string }) => [c.yearLabel, c]));
    expect(Object.keys(byYear)).toEqual(['2022/23', '2023/24', '2024/25', '2025/26']);
    expect(byYear['2024/25']).toMatchObject({ budgetSet: '203500.00', total: '279900.00', publishedTotal: '279700.00', proposed: false });
    expect(byYear['2023/24']).toMatchObject({ budgetSet: '197900.00', total: '238810.00', publishedTotal: '240800.00' });
    expect(byYear['2025/26']).toMatchObject({ budgetSet: '282800.00', total: '282800.00', proposed: true });
    expect(body.notes.join('\n')).toContain(
      '2024/25: the published report prints £279,700.00 as the total, but its own rows add up to £279,900.00',
    );
    expect(body.notes.join('\n')).toContain(
      '2023/24: the published report prints £240,800.00 as the total, but its own rows add up to £238,810.00',
    );
  });

  it('reproduces Figure 7 (staffing 78.0% of the outturn) and the SAR costs of the year', async () => {
    const { body } = await api.get(report, BOARD);
    expect(body.expenditure.rows[0]).toEqual({ category: 'Staffing (business unit)', amount: '218300.00', percent: '78.0%' });
    expect(body.expenditure.total).toBe('279900.00');
    const sar = body.sarCosts.reduce((s: number, c: { amount: string }) => s + Math.round(Number(c.amount) * 100), 0);
    expect(sar).toBe(1_200_000);
  });

  it('explains the recharge of DESIGN section 2 line by line, and says how the year was funded', async () => {
    const { body } = await api.get(report, BOARD);
    expect(body.recharge.map((p: { partner: string; additional: string }) => [p.partner, p.additional])).toEqual([
      [ICB, '29760.00'],
      ['Bedfordshire Police', '10440.00'],
      ['Luton Borough Council', '36414.00'],
    ]);
    const icb = body.recharge[0].lines.map((l: { description: string }) => l.description).join(' | ');
    expect(icb).toContain('40% of overspend 64,400.00');
    expect(body.basis).toContain('full cost recovery');
    expect(body.basis).toContain(`${ICB} 40%`);
    expect(body.notes.join('\n')).toContain('£214.00 short of the budget set of £203,500.00');
  });

  it('renders as a valid, tagged, searchable PDF carrying the same figures', async () => {
    const r = await fetch(`${api.url}${report}`, {
      headers: { accept: 'application/pdf', authorization: `Bearer ${await api.token(BOARD)}` },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect(await qpdfCheck(bytes)).toBe(0);
    const text = await pdfText(bytes);
    for (const figure of ['£279,900.00', '£111,065.00', '£30,830.00', '£138,005.00', '78.0%', '£279,700.00'])
      expect(text).toContain(figure);
    // The year in figures, labelled as people write them: no other income, so a plain overspend.
    expect(text.replace(/\s+/g, ' ')).toMatch(/Budget set £203,500\.00 Spent \(outturn\) £279,900\.00 Overspend £76,400\.00/);
    const catalog = await catalogOf(bytes);
    expect(catalog).toMatchObject({ lang: 'en-GB', marked: true, structTreeRoot: true });
  });

  it('is refused for a year kept as history (409), and to a partner (403)', async () => {
    expect((await api.get('/v1/boards/luton-sab/years/2023-24/annual-report', BOARD)).status).toBe(409);
    expect((await api.get(report, { roles: ['partner'], partnerId: 'blmk-icb' })).status).toBe(403);
  });
});

describe('the annual report after a correction the reconciliation notes', () => {
  let own: Api;
  let stopOwn: () => Promise<void>;
  beforeAll(async () => {
    const started = await startApi();
    own = started.api;
    stopOwn = started.runtime.stop;
  });
  afterAll(() => stopOwn());

  it('names the partner whose year-end invoice was credited, never its internal id, in the JSON and the PDF', async () => {
    const FIN = { roles: ['finance'] };
    const credited = await own.post(
      '/v1/boards/luton-sab/invoices/2024-25-year-end-blmk-icb/credit-notes',
      { amount: '1000.00', reason: 'Agreed reduction' },
      FIN,
    );
    expect(credited.status).toBe(201);
    const { body } = await own.get(report, BOARD);
    const notes: string = body.notes.join('\n');
    expect(notes).toContain(`${ICB}: year-end invoiced £28,760.00 (net of credit notes) but the recharge says £29,760.00`);
    expect(notes).not.toContain('blmk-icb');
    const r = await fetch(`${own.url}${report}`, {
      headers: { accept: 'application/pdf', authorization: `Bearer ${await own.token(BOARD)}` },
    });
    const text = await pdfText(new Uint8Array(await r.arrayBuffer()));
    expect(text.replace(/\s+/g, ' ')).toContain('year-end invoiced £28,760.00 (net of credit notes) but the recharge says £29,760.00');
    expect(text).not.toContain('blmk-icb');
  });
});

describe('the annual report of a year with other income, an underspend carried forward and a draw on the reserve', () => {
  let own: Api;
  let stopOwn: () => Promise<void>;
  const B = 'report-income';
  const F = { roles: ['finance', 'admin'], boardId: B, sub: 'officer' };
  const CHAIR = { roles: ['board'], boardId: B, sub: 'chair' };
  const path = (y: string, rest = '') => `/v1/boards/${B}/years/${y}${rest}`;
  const must = (r: Answer, what: string) => {
    if (r.status >= 300) throw new Error(`${what} -> ${r.status} ${r.text}`);
    return r;
  };
  async function close(y: string): Promise<void> {
    const asked = must(await own.post(path(y, '/close'), undefined, F), 'close');
    must(await own.post(path(y, '/close/approve'), undefined, CHAIR, { 'if-match': asked.headers.get('etag') ?? '' }), 'approve');
  }
  async function pdfOf(y: string): Promise<string> {
    const r = await fetch(`${own.url}${path(y, '/annual-report')}`, {
      headers: { accept: 'application/pdf', authorization: `Bearer ${await own.token(CHAIR)}` },
    });
    expect(r.status).toBe(200);
    return (await pdfText(new Uint8Array(await r.arrayBuffer()))).replace(/\s+/g, ' ');
  }

  beforeAll(async () => {
    const started = await startApi({ seed: false });
    own = started.api;
    stopOwn = started.runtime.stop;
    await freshBoard(own, B, { open: false });
    const current = await own.get(path('2024-25', '/agreement'), F);
    const carry = { ...REFERENCE_AGREEMENT, variance: { overspend: 'share', underspend: 'carry-forward' } };
    must(await own.put(path('2024-25', '/agreement'), carry, F, { 'if-match': current.headers.get('etag') ?? '' }), 'agreement');
    must(await own.post(path('2024-25', '/open'), undefined, F), 'open');
    const spent = { date: '2024-06-01', category: 'staffing', amount: '190000.00', supplier: 'P', description: 'Salaries' };
    must(await own.post(path('2024-25', '/expenditure'), spent, F), 'entry');
    const grant = { date: '2024-07-01', source: 'Home Office grant', kind: 'grant', amount: '2500.00', description: 'Grant' };
    must(await own.post(path('2024-25', '/other-income'), grant, F), 'grant');
    await close('2024-25');
    must(await own.put(path('2025-26'), { budgetSet: '100000.00' }, F), 'year');
    must(await own.put(path('2025-26', '/budget-lines/staffing'), { name: 'Staffing', amount: '100000.00' }, F), 'line');
    const partners = [
      { partnerId: 'blmk-icb', baseline: '30000.00', share: '0.4' },
      { partnerId: 'beds-police', baseline: '10000.00', share: '0' },
      { partnerId: 'luton-council', baseline: '50000.00', share: '0.6' },
    ];
    must(
      await own.put(path('2025-26', '/agreement'), { ...REFERENCE_AGREEMENT, pools: [], partners, fundedFromReserve: '10000.00' }, F),
      'ag',
    );
    must(await own.post(path('2025-26', '/open'), undefined, F), 'open 2025-26');
    must(await own.post(path('2025-26', '/expenditure'), { ...spent, date: '2025-06-01', amount: '112345.67' }, F), 'entry 2025-26');
    must(await own.post(path('2025-26', '/other-income'), { ...grant, date: '2025-07-01' }, F), 'grant 2025-26');
    await close('2025-26');
  }, 60_000);
  afterAll(() => stopOwn());

  it('states the underspend the recharge carried forward, net of the cash income, not the outturn against the budget alone', async () => {
    // Outturn 190,000.00 less the grant 2,500.00 against the budget set 203,500.00: 16,000.00 carried forward.
    const { body } = await own.get(path('2024-25', '/annual-report'), CHAIR);
    expect(body.reserve).toEqual({ drawn: '0.00', carriedForward: '16000.00' });
    const text = await pdfOf('2024-25');
    expect(text).toContain('An underspend of £16,000.00 was carried forward');
    expect(text).toContain('Net underspend £16,000.00');
    expect(text).not.toContain('£13,500.00');
  });

  it('states the overspend the partners met, and says what else met the cost beside their contributions', async () => {
    // Outturn 112,345.67 less the grant 2,500.00 against the budget set 100,000.00 (10,000.00 of it from the reserve).
    const recharge = (await own.get(path('2025-26', '/recharge'), F)).body;
    expect(recharge.additional).toBe('9845.67');
    const text = await pdfOf('2025-26');
    expect(text).toContain('Net overspend £9,845.67');
    expect(text).not.toContain('£12,345.67');
    expect(text).toContain(
      "The year cost £112,345.67 against a budget set of £100,000.00, of which £10,000.00 was drawn from the board's reserve; other income of £2,500.00 met part of the cost. The partners paid baselines of £90,000.00 in April; at year end they were invoiced £9,845.67 more",
    );
  });
});
