/**
 * Issue 14's five-partner children's partnership, through the HTTP API: council host, council /
 * ICB / police splitting 45 / 35 / 15 among themselves, probation and fire paying fixed baselines
 * only, a cap on the police, a grant and a venue given in kind. Every figure is checked by hand in
 * the comments; invoices and lines name partners and proportions as agreed, never ids or rescaled
 * percentages. Partners read their own line of the recharge and the forecast, and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type Api, FINANCE, partner, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;

const B = 'anytown-cp';
const Y = '2024-25';
const F = { roles: ['admin', 'finance'], boardId: B, sub: 'finance.officer@anytown' };
const CHAIR = { roles: ['board'], boardId: B, sub: 'chair@anytown' };
const as = (partnerId: string) => ({ ...partner(partnerId), boardId: B });
const path = (rest = '') => `/v1/boards/${B}/years/${Y}${rest}`;

const PARTNERS: [string, string][] = [
  ['anytown-council', 'Anytown Borough Council'],
  ['anytown-icb', 'Anytown ICB'],
  ['anytown-police', 'Anytown Police'],
  ['anytown-probation', 'Probation Service (Anytown)'],
  ['anytown-fire', 'Anytown Fire and Rescue'],
];
const AS_AGREED = { weights: { 'anytown-council': '45', 'anytown-icb': '35', 'anytown-police': '15' } };
const AGREEMENT = {
  basis: 'full-cost-recovery',
  host: 'anytown-council',
  partners: [
    { partnerId: 'anytown-council', baseline: '90000.00', share: '0' },
    { partnerId: 'anytown-icb', baseline: '70000.00', share: '0' },
    { partnerId: 'anytown-police', baseline: '30000.00', share: '0', additionalCap: '2000.00' },
    { partnerId: 'anytown-probation', baseline: '5000.00', share: '0' },
    { partnerId: 'anytown-fire', baseline: '5000.00', share: '0' },
  ],
  pools: [{ categories: ['sar'], charge: 'in-full', split: AS_AGREED }],
  variance: { overspend: AS_AGREED, underspend: { refund: AS_AGREED } },
  baselineShortfall: 'host',
};

const must = (r: Answer, what: string, status = 300) => {
  if (r.status >= status) throw new Error(`${what} -> ${r.status} ${r.text}`);
  return r;
};

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
  must(await api.put(`/v1/boards/${B}`, { name: 'Anytown Safeguarding Children Partnership' }, F), 'board');
  for (const [id, name] of PARTNERS) {
    must(
      await api.put(
        `/v1/boards/${B}/partners/${id}`,
        { name, kind: 'statutory', billing: { address: '1 Town Hall', contact: 'Finance', email: `${id}@example.org` } },
        F,
      ),
      id,
    );
  }
  must(await api.put(path(), { budgetSet: '200000.00' }, F), 'year');
  for (const [c, amount] of [
    ['staffing', '180000.00'],
    ['training', '10000.00'],
    ['other', '10000.00'],
    ['sar', '0.00'],
  ] as const) {
    must(await api.put(path(`/budget-lines/${c}`), { name: c, amount }, F), c);
  }
}, 60_000);
afterAll(() => stop());

describe('the five-partner case through the API', () => {
  it('takes the agreement as agreed: zero shares for the fixed contributors, weights among three', async () => {
    const r = await api.put(path('/agreement'), AGREEMENT, F);
    expect(r.status, r.text).toBe(201);
    expect(r.body.partners.map((p: { share: string }) => p.share)).toEqual(['0', '0', '0', '0', '0']);
    expect(r.body.pools[0].split).toEqual(AS_AGREED);
    expect(r.body.variance.underspend).toEqual({ refund: AS_AGREED });
    expect(r.body.warnings).toEqual([]); // the SAR pool's line is 0: nothing is charged twice
  });

  it('opens the year: five baseline invoices, the fixed contributors told they are fixed', async () => {
    const r = await api.post(path('/open'), undefined, F);
    expect(r.status, r.text).toBe(200);
    expect(r.body.invoices.map((i: { total: string }) => i.total)).toEqual(['90000.00', '70000.00', '30000.00', '5000.00', '5000.00']);
    const fire = await api.get(`/v1/boards/${B}/invoices/${Y}-baseline-anytown-fire`, F);
    expect(fire.body.lines[0].description).toBe('Baseline contribution for 2024-25 (fixed contribution, full cost recovery)');
    // Council, ICB and police have a share of 0 too, but split the SARs and the variance 45 / 35 / 15: not fixed.
    for (const id of ['anytown-council', 'anytown-icb', 'anytown-police']) {
      const baseline = await api.get(`/v1/boards/${B}/invoices/${Y}-baseline-${id}`, F);
      expect(baseline.body.lines[0].description).toBe('Baseline contribution for 2024-25 (year-end splits as agreed, full cost recovery)');
    }
  });

  it('records the spend and the other income', async () => {
    for (const [category, amount] of [
      ['staffing', '185000.00'],
      ['training', '12000.00'],
      ['other', '7500.00'],
      ['sar', '9500.00'],
    ] as const) {
      must(
        await api.post(
          path('/expenditure'),
          { date: '2024-10-01', category, amount, supplier: 'S', description: `${category} for the year` },
          F,
        ),
        category,
      );
    }
    const grant = await api.post(
      path('/other-income'),
      { date: '2024-06-01', source: 'Home Office grant', kind: 'grant', amount: '1000.00', description: 'Exploitation training grant' },
      F,
    );
    expect(grant.status, grant.text).toBe(201);
    expect(grant.body).toMatchObject({ incomeId: 'I00000001', kind: 'grant', amount: '1000.00' });
    const venue = await api.post(
      path('/other-income'),
      {
        date: '2024-09-01',
        source: 'Police training suite',
        kind: 'in-kind',
        amount: '4000.00',
        partnerId: 'anytown-police',
        description: 'Venue for twelve training days, costed at the room rate',
      },
      F,
    );
    expect(venue.status, venue.text).toBe(201);
  });

  it('prices the recharge exactly as worked out by hand', async () => {
    // Outturn 214,000: SAR pool 9,500 split 45/35/15 of 95 = 4,500 / 3,500 / 1,500.
    // Variance: 214,000 - 9,500 - 1,000 (grant; the venue in kind is not netted) - 200,000 = 3,500 overspend,
    // 45/35/15 of 95 = 1,657.894.. / 1,289.473.. / 552.631..: floors leave a penny for the largest remainder (council):
    // 1,657.90 / 1,289.47 / 552.63. Police 2,052.63 capped at 2,000: 52.63 to the host.
    const r = await api.get(path('/recharge'), F);
    expect(r.status, r.text).toBe(200);
    const by = Object.fromEntries(r.body.partners.map((p: { partnerId: string; additional: string }) => [p.partnerId, p.additional]));
    expect(by).toEqual({
      'anytown-council': '6210.53',
      'anytown-icb': '4789.47',
      'anytown-police': '2000.00',
      'anytown-probation': '0.00',
      'anytown-fire': '0.00',
    });
    expect(r.body).toMatchObject({
      outturn: '214000.00',
      baselines: '200000.00',
      additional: '13000.00',
      cashIncome: '1000.00',
      inKindIncome: '4000.00',
      drawnFromReserve: '0.00',
      carryForward: '0.00',
    });
    const council = r.body.partners[0].lines.map((l: { description: string }) => l.description);
    expect(council).toEqual([
      '45 of 95 parts of SAR pool (sar) 9,500.00',
      '45 of 95 parts of overspend 3,500.00',
      'excess 52.63 of Anytown Police over its cap 2,000.00, to the host',
    ]);
    expect(r.body.steps[0].description).toBe('other income 1,000.00 in cash (grants, fees and other) netted from the outturn');
  });

  it('lets a partner read its own line of the recharge and the forecast, and nothing of anyone else', async () => {
    for (const route of ['/recharge', '/forecast']) {
      const r = await api.get(path(route), as('anytown-icb'));
      expect(r.status, r.text).toBe(200);
      expect(r.body.view).toBe('partner');
      const lines = route === '/recharge' ? r.body.partners : r.body.recharge.partners;
      expect(lines.map((p: { partnerId: string }) => p.partnerId)).toEqual(['anytown-icb']);
      // The same line finance sees, to the penny.
      const all = (await api.get(path(route), FINANCE_B)).body;
      const theirs = (route === '/recharge' ? all.partners : all.recharge.partners).find(
        (p: { partnerId: string }) => p.partnerId === 'anytown-icb',
      );
      expect(lines[0]).toEqual(theirs);
      if (route === '/recharge') expect(lines[0].additional).toBe('4789.47');
      expect(r.body).not.toHaveProperty('steps');
      expect(r.body).not.toHaveProperty('categories');
      for (const [id, name] of PARTNERS.filter(([id]) => id !== 'anytown-icb')) {
        expect(r.text).not.toContain(id);
        expect(r.text).not.toContain(name);
      }
    }
    // The forecast keeps the year's totals, for an accrual against the whole.
    const f = await api.get(path('/forecast'), as('anytown-icb'));
    const full = await api.get(path('/forecast'), FINANCE_B);
    expect(f.body).toMatchObject({ projectedOutturn: full.body.projectedOutturn, budgetSet: '200000.00', totals: full.body.totals });
    // The forecast nets the income recorded so far and names partners, like the preview.
    expect(full.body.recharge.steps[0].description).toBe('other income 1,000.00 in cash (grants, fees and other) netted from the outturn');
    const words = full.body.recharge.partners
      .flatMap((p: { lines: { description: string }[] }) => p.lines.map((l) => l.description))
      .join(' | ');
    expect(words).toContain('of Anytown Police over its cap 2,000.00');
    expect(words).not.toContain('anytown-');
    // Finance still sees every line.
    expect((await api.get(path('/forecast'), FINANCE_B)).body.recharge.partners).toHaveLength(5);
  });

  it('closes: year-end invoices say the proportions as agreed and name partners, never ids; the fixed contributors get none', async () => {
    const asked = await api.post(path('/close'), undefined, F);
    must(asked, 'close');
    // The approval names the figures the request showed (their ETag).
    const closed = await api.post(path('/close/approve'), undefined, CHAIR, { 'if-match': asked.headers.get('etag') ?? '' });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body.invoices.map((i: { partnerId: string; total: string }) => [i.partnerId, i.total])).toEqual([
      ['anytown-council', '6210.53'],
      ['anytown-icb', '4789.47'],
      ['anytown-police', '2000.00'],
    ]);
    const host = await api.get(`/v1/boards/${B}/invoices/${Y}-year-end-anytown-council`, F);
    expect(host.body.lines.map((l: { description: string; amount: string }) => [l.description, l.amount])).toEqual([
      ['45 of 95 parts of SAR pool (sar) 9,500.00', '4500.00'],
      ['45 of 95 parts of overspend 3,500.00', '1657.90'],
      ['excess 52.63 of Anytown Police over its cap 2,000.00, to the host', '52.63'],
    ]);
    for (const id of ['anytown-council', 'anytown-icb', 'anytown-police']) {
      const inv = await api.get(`/v1/boards/${B}/invoices/${Y}-year-end-${id}`, F);
      const words = inv.body.lines.map((l: { description: string }) => l.description).join(' | ');
      expect(words).not.toMatch(/anytown-|%/);
    }
    expect((await api.get(`/v1/boards/${B}/invoices/${Y}-year-end-anytown-fire`, F)).status).toBe(404);
  });

  it('writes the agreement and the income into the annual report as agreed, with no false note on the figures', async () => {
    const r = await api.get(path('/annual-report'), CHAIR);
    expect(r.status, r.text).toBe(200);
    expect(r.body.basis).toContain(
      'the rest of any overspend is met among Anytown Borough Council 45, Anytown ICB 35 and Anytown Police 15 parts',
    );
    expect(r.body.basis).toContain('Probation Service (Anytown) and Anytown Fire and Rescue contribute fixed baselines only.');
    expect(r.body.otherIncome).toEqual([
      { source: 'Police training suite', kind: 'in-kind', from: 'Anytown Police', amount: '4000.00' },
      { source: 'Home Office grant', kind: 'grant', amount: '1000.00' },
    ]);
    // 213,000 contributed + 1,000 grant = 214,000 outturn: nothing to note about contributions.
    expect(r.body.notes.join(' ')).not.toMatch(/short of the outturn|exceed the outturn/);
    const pdf = await api.get(path('/annual-report'), CHAIR, { accept: 'application/pdf' });
    expect(pdf.status).toBe(200);
  });

  it('reconciles: baselines + additional + cash income = outturn, and the sealed figures keep the income', async () => {
    const rec = await api.get(path('/reconciliation'), F);
    expect(rec.body.issues.filter((i: { severity: string }) => i.severity !== 'info')).toEqual([]);
    expect(rec.body.reconciles).toBe(true);
    const sealed = await api.get(path('/recharge'), F);
    expect(sealed.body).toMatchObject({ status: 'closed', cashIncome: '1000.00', inKindIncome: '4000.00', incomeRecords: 2 });
    // A closed year takes no more income.
    const late = await api.post(
      path('/other-income'),
      { date: '2025-03-01', source: 'Late fees', kind: 'fees', amount: '10.00', description: 'Too late' },
      F,
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('YEAR.NOT_OPEN');
  });
});

const FINANCE_B = { ...FINANCE, boardId: B };

describe('agreements that cannot be what was agreed are refused, naming the field, writing nothing', () => {
  const Y2 = '2025-26';
  beforeAll(async () => {
    must(await api.put(`/v1/boards/${B}/years/${Y2}`, { budgetSet: '200000.00' }, F), 'year');
    must(await api.put(`/v1/boards/${B}/years/${Y2}/budget-lines/sar`, { name: 'SARs', amount: '4500.00' }, F), 'line');
  });
  const put = (body: unknown, headers?: Record<string, string>) => api.put(`/v1/boards/${B}/years/${Y2}/agreement`, body, F, headers);
  const withSplit = (split: unknown) => ({ ...AGREEMENT, variance: { overspend: split, underspend: 'host' } });

  it.each([
    [
      'a zero weight',
      withSplit({ weights: { 'anytown-council': '45', 'anytown-icb': '0' } }),
      'body/variance/overspend/weights/anytown-icb',
    ],
    ['a negative weight', withSplit({ weights: { 'anytown-council': '-45' } }), 'body/variance/overspend/weights/anytown-council'],
    [
      'a weight for an unknown partner',
      withSplit({ weights: { 'anytown-council': '45', ghost: '5' } }),
      'body/variance/overspend/weights/ghost',
    ],
    ['weights that are not a split', withSplit({ weight: { 'anytown-council': '45' } }), 'body/variance/overspend'],
    [
      'non-zero shares that do not add up to 1',
      { ...AGREEMENT, partners: AGREEMENT.partners.map((p, i) => ({ ...p, share: ['0.45', '0.35', '0.15', '0', '0'][i] })) },
      'body/partners',
    ],
  ])('%s', async (_what, body, field) => {
    const r = await put(body);
    expect([400, 422], r.text).toContain(r.status);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect((await api.get(`/v1/boards/${B}/years/${Y2}/agreement`, F)).status).toBe(404); // nothing written
  });

  it('warns, and still saves, when an in-full pool covers a category budgeted inside the budget set', async () => {
    const r = await put(AGREEMENT);
    expect(r.status, r.text).toBe(201);
    expect(r.body.warnings).toEqual([expect.objectContaining({ code: 'AGREEMENT.POOL_BUDGETED', path: 'body/pools/0/categories/0' })]);
    expect(r.body.warnings[0].message).toContain('4,500.00 would be charged twice');
    const again = await api.get(`/v1/boards/${B}/years/${Y2}/agreement`, F);
    expect(again.body.warnings).toHaveLength(1);
  });

  it('refuses a draw above what the reserve holds, naming the field', async () => {
    const before = await api.get(`/v1/boards/${B}/years/${Y2}/agreement`, F);
    const r = await put({ ...AGREEMENT, fundedFromReserve: '500.00' }, { 'if-match': before.headers.get('etag') ?? '' });
    expect(r.status, r.text).toBe(422);
    expect(r.body.code).toBe('RESERVE.INSUFFICIENT');
    expect(r.body.errors[0].path).toBe('body/fundedFromReserve');
    expect(r.body.detail).toContain('only 0.00 is available');
    expect((await api.get(`/v1/boards/${B}/years/${Y2}/agreement`, F)).headers.get('etag')).toBe(before.headers.get('etag'));
  });
});
