import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, freshBoard, partner, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;
const F = { roles: ['finance'], boardId: 'years-board' };
const B = { roles: ['board'], boardId: 'years-board' };
const base = '/v1/boards/years-board';

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
  await freshBoard(api, 'years-board', { open: false });
});
afterAll(() => stop());

describe('years', () => {
  it('a new year is a draft with its budget set; status is not writable', async () => {
    const y = await api.get(`${base}/years/2024-25`, B);
    expect(y.status).toBe(200);
    expect(y.body).toMatchObject({
      yearId: '2024-25',
      status: 'draft',
      budgetSet: '203500.00',
      start: '2024-04-01',
      end: '2025-03-31',
      source: 'ledger',
    });
    const withStatus = await api.put(`${base}/years/2024-25`, { budgetSet: '1.00', status: 'closed' }, F);
    expect(withStatus.status).toBe(400);
    expect(withStatus.body.errors[0]).toEqual({ path: 'body/status', message: 'is not a field this request accepts' });
    expect((await api.get(`${base}/years/2024-25`, B)).body.budgetSet).toBe('203500.00');
  });

  it.each(['2024-26', '2024', '24-25', '2024-2025'])('refuses year id %s', async (id) => {
    const r = await api.put(`${base}/years/${id}`, { budgetSet: '1.00' }, F);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('path.yearId');
  });

  it('only finance sets years; the board reads them; partners see none', async () => {
    expect((await api.put(`${base}/years/2025-26`, { budgetSet: '1.00' }, B)).status).toBe(403);
    expect((await api.get(`${base}/years`, B)).status).toBe(200);
    expect((await api.get(`${base}/years`, { ...partner('blmk-icb'), boardId: 'years-board' })).status).toBe(403);
  });

  it('budget lines: profile must add up to the amount; category ids are slugs', async () => {
    const profile = Array(12).fill('1000.00');
    const ok = await api.put(`${base}/years/2024-25/budget-lines/communications`, { name: 'Comms', amount: '12000.00', profile }, F);
    expect(ok.status).toBe(201);
    expect(ok.body.profile).toHaveLength(12);
    const mismatch = await api.put(`${base}/years/2024-25/budget-lines/communications`, { name: 'Comms', amount: '12000.01', profile }, F);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('BUDGET_LINE.PROFILE_MISMATCH');
    const short = await api.put(
      `${base}/years/2024-25/budget-lines/communications`,
      { name: 'Comms', amount: '11000.00', profile: profile.slice(1) },
      F,
    );
    expect(short.status).toBe(400);
    expect((await api.put(`${base}/years/2024-25/budget-lines/Comms`, { name: 'x', amount: '1.00' }, F)).status).toBe(400);
    const line = await api.get(`${base}/years/2024-25/budget-lines/communications`, B);
    expect(line.body.amount).toBe('12000.00');
    const lines = await api.all(`${base}/years/2024-25/budget-lines`, F);
    expect(lines.map((l) => l.category)).toEqual(['communications', 'other', 'sar', 'staffing', 'training']);
    expect((await api.put(`${base}/years/2024-25/budget-lines/communications`, { name: 'Comms', amount: '500.00' }, F)).status).toBe(428);
    const cleared = await api.put(`${base}/years/2024-25/budget-lines/communications`, { name: 'Comms', amount: '500.00' }, F, {
      'if-match': line.headers.get('etag') ?? '',
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.profile).toBeUndefined();
  });

  it('opens draft -> open once; opening again answers the open year', async () => {
    const opened = await api.post(`${base}/years/2024-25/open`, undefined, F);
    expect(opened.status).toBe(200);
    expect(opened.body.year.status).toBe('open');
    expect(opened.body.year.openedAt).toBeDefined();
    expect(opened.body.invoices.map((i: { partnerId: string }) => i.partnerId)).toEqual(['blmk-icb', 'beds-police', 'luton-council']);
    const again = await api.post(`${base}/years/2024-25/open`, {}, F);
    expect(again.status).toBe(200);
    expect((await api.post(`${base}/years/2024-25/open`, { now: true }, F)).status).toBe(400);
    expect((await api.post(`${base}/years/2030-31/open`, undefined, F)).status).toBe(404);
  });

  it('records past years as published history, and refuses to overwrite a ledger year', async () => {
    const history = {
      budgetSet: '197900.00',
      outturn: '240800.00',
      contributions: [
        { partnerId: 'blmk-icb', baseline: '75305.00', additional: '13713.00' },
        { partnerId: 'beds-police', baseline: '19790.00', additional: '3428.00' },
        { partnerId: 'luton-council', baseline: '98950.00', additional: '27624.00' },
      ],
    };
    const r = await api.put(`${base}/years/2023-24/history`, history, F);
    expect(r.status).toBe(200);
    const y = await api.get(`${base}/years/2023-24`, B);
    expect(y.body).toMatchObject({ status: 'closed', source: 'history', budgetSet: '197900.00' });
    expect((await api.get(`${base}/years/2023-24/history`, B)).body.contributions[2]).toEqual({
      partnerId: 'luton-council',
      baseline: '98950.00',
      additional: '27624.00',
    });
    expect((await api.put(`${base}/years/2024-25/history`, history, F)).status).toBe(409);
    const unknown = await api.put(
      `${base}/years/2022-23/history`,
      { ...history, contributions: [{ partnerId: 'nobody', baseline: '1.00', additional: '0.00' }] },
      F,
    );
    expect(unknown.status).toBe(422);
    expect((await api.get(`${base}/years/2022-23`, B)).status).toBe(404);
    expect((await api.put(`${base}/years/2023-24`, { budgetSet: '1.00' }, F)).status).toBe(409);
    expect((await api.put(`${base}/years/2023-24/budget-lines/staffing`, { name: 'x', amount: '1.00' }, F)).status).toBe(409);
    expect((await api.get(`${base}/years/2024-25/history`, B)).status).toBe(404);
  });

  it('a stale If-Match on a year update gets 412 and changes nothing', async () => {
    const y = await api.get(`${base}/years/2024-25`, F);
    const etag = y.headers.get('etag') ?? '';
    expect((await api.put(`${base}/years/2024-25`, { budgetSet: '203600.00' }, F, { 'if-match': etag })).status).toBe(200);
    expect((await api.put(`${base}/years/2024-25`, { budgetSet: '1.00' }, F, { 'if-match': etag })).status).toBe(412);
    expect((await api.get(`${base}/years/2024-25`, F)).body.budgetSet).toBe('203600.00');
  });
});

describe('issue 11, defect 7: history edits need If-Match', () => {
  const figures = (outturn: string) => ({
    budgetSet: '182424.00',
    outturn,
    contributions: [{ partnerId: 'blmk-icb', baseline: '72984.00', additional: '21812.00' }],
  });

  it('a published year is rewritten only with its current ETag: 428 without, 412 when stale, nothing changed', async () => {
    const created = await api.put(`${base}/years/2022-23/history`, figures('257918.00'), F);
    expect(created.status).toBe(200);
    const etag = created.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"\d+"$/);
    expect((await api.get(`${base}/years/2022-23/history`, B)).headers.get('etag')).toBe(etag);

    const blind = await api.put(`${base}/years/2022-23/history`, figures('1.00'), F);
    expect(blind.status).toBe(428);
    expect(blind.body.code).toBe('PRECONDITION.REQUIRED');
    const changed = await api.put(`${base}/years/2022-23/history`, figures('257919.00'), F, { 'if-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const stale = await api.put(`${base}/years/2022-23/history`, figures('2.00'), F, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect((await api.get(`${base}/years/2022-23/history`, B)).body.outturn).toBe('257919.00');
  });
});
