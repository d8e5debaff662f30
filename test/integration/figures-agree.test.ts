/**
 * The same figure reached by two routes must agree: a closed year's forecast and its sealed
 * recharge (the board's page shows the forecast of a closed year as its outturn).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type Api, freshBoard, partner, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;

const B = 'agree-board';
const F = { roles: ['finance'], boardId: B, sub: 'officer' };
const CHAIR = { roles: ['board'], boardId: B, sub: 'chair' };
const path = (y: string, rest = '') => `/v1/boards/${B}/years/${y}${rest}`;
const must = (r: Answer, what: string) => {
  if (r.status >= 300) throw new Error(`${what} -> ${r.status} ${r.text}`);
  return r;
};
const figures = (partners: { partnerId: string; baseline: string; additional: string; total: string }[]) =>
  partners.map((p) => [p.partnerId, p.baseline, p.additional, p.total]);

async function close(y: string): Promise<Answer> {
  const asked = must(await api.post(path(y, '/close'), undefined, F), 'ask');
  return must(await api.post(path(y, '/close/approve'), undefined, CHAIR, { 'if-match': asked.headers.get('etag') ?? '' }), 'approve');
}

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
  await freshBoard(api, B);
}, 60_000);
afterAll(() => stop());

describe('a closed year', () => {
  it("forecasts, by default, as of its year end: its outturn and its partners' bills are the sealed ones", async () => {
    // The ledger's last entry is in January; the close seals it as it is (nothing more can come).
    for (const [category, amount, date] of [
      ['staffing', '190000.00', '2024-06-01'],
      ['training', '3000.00', '2024-09-01'],
      ['other', '6000.00', '2025-01-15'],
    ] as const) {
      must(await api.post(path('2024-25', '/expenditure'), { date, category, amount, supplier: 'S', description: category }, F), category);
    }
    const sealed = (await close('2024-25')).body;
    expect(sealed).toMatchObject({ status: 'closed', outturn: '199000.00' });

    const f = await api.get(path('2024-25', '/forecast'), CHAIR);
    expect(f.status, f.text).toBe(200);
    // Not 31 January with two months of run-rate projected onto a sealed ledger.
    expect(f.body).toMatchObject({ status: 'closed', asOf: '2025-03-31', monthsElapsed: 12, projectedOutturn: '199000.00' });
    expect(f.body.totals).toMatchObject({ actual: '199000.00', commitments: '0.00', rest: '0.00', projected: '199000.00' });
    expect(figures(f.body.recharge.partners)).toEqual(figures(sealed.partners));

    // A partner's own line of the forecast is its sealed line too.
    const own = await api.get(path('2024-25', '/forecast'), { ...partner('beds-police'), boardId: B });
    expect(own.body.recharge.partners).toEqual([sealed.partners.find((p: { partnerId: string }) => p.partnerId === 'beds-police')]);
  });
});
