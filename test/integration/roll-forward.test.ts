/**
 * Roll-forward (DESIGN 10.3) on the Luton seed: 2025-26 rolled into a draft 2026-27 with a 2.5%
 * uplift; refused onto an existing year, from a year that is not the one before, and from history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, BOARD, FINANCE, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;
const base = '/v1/boards/luton-sab';

beforeAll(async () => {
  const started = await startApi();
  api = started.api;
  stop = started.runtime.stop;
}, 60_000);
afterAll(() => stop());

describe('roll-forward', () => {
  it('makes 2026-27 a draft from 2025-26: lines and agreement copied, baselines and budgets uplifted 2.5% to the penny', async () => {
    const r = await api.post(`${base}/years/2026-27/roll-forward`, { from: '2025-26', uplift: '0.025' }, FINANCE, {
      'idempotency-key': 'roll-1',
    });
    expect(r.status, r.text).toBe(201);
    expect(r.headers.get('location')).toBe(`${base}/years/2026-27`);
    // 282,800 x 1.025 = 289,870; 113,350 / 28,300 / 141,150 x 1.025 = 116,183.75 / 29,007.50 / 144,678.75.
    expect(r.body.year).toMatchObject({ yearId: '2026-27', status: 'draft', budgetSet: '289870.00' });
    expect(r.body.agreement.partners.map((p: { baseline: string }) => p.baseline)).toEqual(['116183.75', '29007.50', '144678.75']);
    expect(r.body.agreement).toMatchObject({
      basis: 'committal',
      host: 'luton-council',
      variance: { overspend: 'host', underspend: 'host' },
    });
    const lines = Object.fromEntries(r.body.budgetLines.map((l: { category: string; amount: string }) => [l.category, l.amount]));
    expect(lines).toEqual({
      staffing: '230625.00',
      'independent-chair': '24600.00',
      sar: '15375.00',
      training: '6150.00',
      'business-support': '6970.00',
      // The revised budgets roll forward: the seed's virement moved 500.00 from other to communications.
      communications: '3587.50',
      other: '2562.50',
    });
    const staffing = r.body.budgetLines.find((l: { category: string }) => l.category === 'staffing');
    expect(staffing.profile).toEqual(Array(12).fill('19218.75'));
    expect(r.body.notes[0]).toBe('baselines and the budget set are the 2025-26 figures uplifted by 2.5% and rounded to the penny');

    // What was written is what a reader finds.
    expect((await api.get(`${base}/years/2026-27/agreement`, BOARD)).body.partners[0].baseline).toBe('116183.75');
    expect((await api.all(`${base}/years/2026-27/budget-lines`, BOARD)).length).toBe(7);
    const recon = await api.get(`${base}/years/2026-27/reconciliation`, FINANCE);
    expect(recon.body.issues.map((i: { code: string }) => i.code)).not.toContain('BUDGET_LINES_VS_BUDGET_SET');

    // The same key answers the same again; without it, the year now exists.
    const replay = await api.post(`${base}/years/2026-27/roll-forward`, { from: '2025-26', uplift: '0.025' }, FINANCE, {
      'idempotency-key': 'roll-1',
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const again = await api.post(`${base}/years/2026-27/roll-forward`, { from: '2025-26', uplift: '0.025' }, FINANCE);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'YEAR.EXISTS', errors: [{ path: 'path/yearId', message: '2026-27 already exists' }] });
  });

  it('refuses to roll onto an existing year, naming it, and writes nothing', async () => {
    const before = await api.get(`${base}/years/2025-26`, FINANCE);
    const r = await api.post(`${base}/years/2025-26/roll-forward`, { from: '2024-25', uplift: '0.10' }, FINANCE);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('YEAR.EXISTS');
    expect(r.body.detail).toContain('2025-26 already exists (open)');
    const after = await api.get(`${base}/years/2025-26`, FINANCE);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect((await api.get(`${base}/years/2025-26/agreement`, FINANCE)).body.partners[0].baseline).toBe('113350.00');
  });

  it.each([
    ['from a year that is not the one before', '2028-29', { from: '2025-26', uplift: '0.02' }, 422, 'body/from'],
    ['an uplift that is not a fraction', '2027-28', { from: '2026-27', uplift: '2.5%' }, 400, 'body/uplift'],
    ['an uplift beyond doubling', '2027-28', { from: '2026-27', uplift: '1.5' }, 400, 'body/uplift'],
    ['from a year that does not exist', '2031-32', { from: '2030-31', uplift: '0' }, 422, 'body/from'],
  ])('refuses %s, naming the field', async (_what, yearId, body, status, field) => {
    const r = await api.post(`${base}/years/${yearId}/roll-forward`, body, FINANCE);
    expect(r.status, r.text).toBe(status);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect((await api.get(`${base}/years/${yearId}`, FINANCE)).status).toBe(404);
  });

  it('refuses to roll forward a year recorded as history: it has no lines or agreement', async () => {
    const h = await api.put(
      `${base}/years/2040-41/history`,
      { budgetSet: '1.00', outturn: '1.00', contributions: [{ partnerId: 'blmk-icb', baseline: '1.00', additional: '0.00' }] },
      FINANCE,
    );
    expect(h.status, h.text).toBe(200);
    const r = await api.post(`${base}/years/2041-42/roll-forward`, { from: '2040-41', uplift: '0' }, FINANCE);
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toEqual({
      path: 'body/from',
      message: 'is recorded as history: it has no budget lines or agreement to roll forward',
    });
    expect((await api.get(`${base}/years/2041-42`, FINANCE)).status).toBe(404);
  });

  it('is for finance only', async () => {
    expect((await api.post(`${base}/years/2027-28/roll-forward`, { from: '2026-27', uplift: '0' }, BOARD)).status).toBe(403);
  });
});
