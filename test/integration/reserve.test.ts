/**
 * The reserve (DESIGN 10.3) through the API: an underspend carried forward at a close credits the
 * board's reserve, a later agreement draws on it with `fundedFromReserve`, `GET .../reserve` shows
 * each year's movements, and the reconciliation treats both as reconciled under the invariant
 * baselines + additional + drawn + cash income = outturn + carried forward.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { createDeps } from '../../shared/infrastructure/composition.ts';
import { type Answer, type Api, freshBoard, REFERENCE_AGREEMENT, startApi } from '../helpers/api.ts';

let api: Api;
let runtime: Runtime;

const B = 'reserve-board';
const F = { roles: ['finance'], boardId: B, sub: 'officer' };
const CHAIR = { roles: ['board'], boardId: B, sub: 'chair' };
const path = (y: string, rest = '') => `/v1/boards/${B}/years/${y}${rest}`;
const must = (r: Answer, what: string) => {
  if (r.status >= 300) throw new Error(`${what} -> ${r.status} ${r.text}`);
  return r;
};
const NEXT = {
  ...REFERENCE_AGREEMENT,
  pools: [],
  partners: [
    { partnerId: 'blmk-icb', baseline: '30000.00', share: '0.4' },
    { partnerId: 'beds-police', baseline: '10000.00', share: '0.1' },
    { partnerId: 'luton-council', baseline: '50000.00', share: '0.5' },
  ],
};

async function close(y: string): Promise<Answer> {
  const asked = await api.post(path(y, '/close'), undefined, F);
  if (asked.status !== 202) return asked;
  // The approval names the figures the request showed (their ETag).
  return api.post(path(y, '/close/approve'), undefined, CHAIR, { 'if-match': asked.headers.get('etag') ?? '' });
}

async function putAgreement(y: string, body: unknown): Promise<Answer> {
  const current = await api.get(path(y, '/agreement'), F);
  return api.put(path(y, '/agreement'), body, F, current.status === 200 ? { 'if-match': current.headers.get('etag') ?? '' } : {});
}

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
  await freshBoard(api, B, { open: false });
  must(
    await putAgreement('2024-25', { ...REFERENCE_AGREEMENT, variance: { overspend: 'share', underspend: 'carry-forward' } }),
    'agreement',
  );
  must(await api.post(path('2024-25', '/open'), undefined, F), 'open');
  must(
    await api.post(
      path('2024-25', '/expenditure'),
      { date: '2024-06-01', category: 'staffing', amount: '190000.00', supplier: 'P', description: 'Salaries' },
      F,
    ),
    'entry',
  );
}, 60_000);
afterAll(() => runtime.stop());

describe('the reserve', () => {
  it('is credited by an underspend carried forward at the close, which the reconciliation calls reconciled', async () => {
    const closed = must(await close('2024-25'), 'close');
    // Outturn 190,000 against the budget set 203,500: 13,500 carried forward; the 214 shortfall to the host.
    expect(closed.body).toMatchObject({ carryForward: '13500.00', additional: '214.00', drawnFromReserve: '0.00' });
    const reserve = await api.get(`/v1/boards/${B}/reserve`, CHAIR);
    expect(reserve.status, reserve.text).toBe(200);
    expect(reserve.body.years).toEqual([
      { yearId: '2024-25', status: 'closed', opening: '0.00', carriedIn: '13500.00', drawn: '0.00', closing: '13500.00' },
    ]);
    expect(reserve.body.balance).toBe('13500.00');

    // Before DESIGN 10.3 this year read "13,500.00 over-recovered"; now only the reference agreement's 214 shortfall is noted.
    const rec = await api.get(path('2024-25', '/reconciliation'), F);
    expect(rec.body.issues.filter((i: { severity: string }) => i.severity !== 'info').map((i: { code: string }) => i.code)).toEqual([
      'BASELINES_VS_BUDGET_SET',
    ]);
    expect(rec.body.issues).toContainEqual(
      expect.objectContaining({ code: 'CARRIED_FORWARD', severity: 'info', amounts: { carriedForward: '13500.00' } }),
    );
    // The annual report says where the underspend went, and does not call it over-recovery.
    const annual = await api.get(path('2024-25', '/annual-report'), CHAIR);
    expect(annual.body.reserve).toEqual({ drawn: '0.00', carriedForward: '13500.00' });
    expect(annual.body.notes.join(' ')).not.toMatch(/exceed the outturn/);
  });

  it('is drawn by a later agreement, up to what it holds, naming the field when the draw is too big', async () => {
    must(await api.put(path('2025-26'), { budgetSet: '100000.00' }, F), 'year');
    must(await api.put(path('2025-26', '/budget-lines/staffing'), { name: 'Staffing', amount: '100000.00' }, F), 'line');
    const tooMuch = await putAgreement('2025-26', { ...NEXT, fundedFromReserve: '14000.00' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ code: 'RESERVE.INSUFFICIENT', available: '13500.00' });
    expect(tooMuch.body.errors).toEqual([
      { path: 'body/fundedFromReserve', message: expect.stringContaining('only 13,500.00 is available') },
    ]);
    expect((await api.get(path('2025-26', '/agreement'), F)).status).toBe(404);

    const drawn = await putAgreement('2025-26', { ...NEXT, fundedFromReserve: '10000.00' });
    expect(drawn.status, drawn.text).toBe(201);
    expect(drawn.body.fundedFromReserve).toBe('10000.00');

    // A third year may only draw what is left: 13,500 - 10,000.
    must(await api.put(path('2026-27'), { budgetSet: '1000.00' }, F), 'year');
    expect((await putAgreement('2026-27', { ...NEXT, fundedFromReserve: '3500.01' })).status).toBe(422);
    expect((await putAgreement('2026-27', { ...NEXT, fundedFromReserve: '3500.00' })).status).toBe(201);

    const reserve = await api.get(`/v1/boards/${B}/reserve`, F);
    expect(reserve.body.years.map((y: Record<string, string>) => [y.yearId, y.opening, y.carriedIn, y.drawn, y.closing])).toEqual([
      ['2024-25', '0.00', '13500.00', '0.00', '13500.00'],
      ['2025-26', '13500.00', '0.00', '10000.00', '3500.00'],
      ['2026-27', '3500.00', '0.00', '3500.00', '0.00'],
    ]);
    const csv = await api.get(`/v1/boards/${B}/reserve`, F, { accept: 'text/csv' });
    expect(csv.text.split('\r\n')[0]).toBe('Year,Status,Opening,Carried in,Drawn,Closing');
  });

  it('rechecks the draw before a close: a draw the reserve no longer covers stops it, with nothing sealed', async () => {
    must(await api.post(path('2025-26', '/open'), undefined, F), 'open');
    must(
      await api.post(
        path('2025-26', '/expenditure'),
        { date: '2025-05-01', category: 'staffing', amount: '100500.00', supplier: 'P', description: 'Salaries' },
        F,
      ),
      'entry',
    );
    must(
      await api.post(
        path('2025-26', '/other-income'),
        { date: '2025-05-02', source: 'Fees', kind: 'fees', amount: '300.00', description: 'Course fees' },
        F,
      ),
      'income',
    );
    // Two agreements saved at the same moment could each have missed the other's draw: write that outcome directly.
    const deps = createDeps(runtime.store);
    const later = await deps.agreements.getAgreement(B, '2026-27');
    if (!later) throw new Error('no agreement');
    await deps.agreements.updateAgreement({ actor: 'race', requestId: 'race', at: new Date().toISOString() }, later, {
      ...later.agreement,
      fundedFromReserve: '13500.00',
    });
    const refused = await api.post(path('2025-26', '/close'), undefined, F);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('RESERVE.INSUFFICIENT');
    expect((await api.get(path('2025-26'), F)).body.status).toBe('open');
    expect((await api.get(path('2025-26', '/recharge'), F)).body.status).toBe('preview');

    expect((await putAgreement('2026-27', { ...NEXT, fundedFromReserve: '3500.00' })).status).toBe(200);
    const closed = must(await close('2025-26'), 'close');
    // Variance: 100,500 - 300 (fees) - 100,000 = 200 overspend by share: 80 / 20 / 100. Shortfall: 100,000 - 90,000 - 10,000 = 0.
    expect(closed.body.partners.map((p: { additional: string }) => p.additional)).toEqual(['80.00', '20.00', '100.00']);
    expect(closed.body).toMatchObject({ drawnFromReserve: '10000.00', cashIncome: '300.00', outturn: '100500.00' });
    // 90,000 + 200 + 10,000 + 300 = 100,500.
    const rec = await api.get(path('2025-26', '/reconciliation'), F);
    expect(rec.body.reconciles).toBe(true);
    expect(rec.body.issues).toContainEqual(expect.objectContaining({ code: 'DRAWN_FROM_RESERVE', severity: 'info' }));
  });
});
