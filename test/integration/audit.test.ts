import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;
const boardId = 'audit-board';
const F = { sub: 'fiona@finance', roles: ['finance'], boardId };
const base = `/v1/boards/${boardId}`;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
  await freshBoard(api, boardId);
});
afterAll(() => stop());

async function trail() {
  return api.all(`${base}/audit`, F);
}

describe('the audit trail', () => {
  it('records every successful change with who, when, the request and before/after', async () => {
    const writes: Answer[] = [];
    writes.push(
      await api.post(
        `${base}/years/2024-25/expenditure`,
        { date: '2024-05-01', category: 'training', amount: '99.50', supplier: 'S', description: 'D' },
        F,
      ),
    );
    const partner = await api.get(`${base}/partners/blmk-icb`, F);
    writes.push(
      await api.put(
        `${base}/partners/blmk-icb`,
        { name: 'BLMK ICB', kind: 'statutory', billing: { address: '2 New Road', contact: 'AP', email: 'ap@icb.example' } },
        F,
        { 'if-match': partner.headers.get('etag') ?? '' },
      ),
    );
    writes.push(await api.post(`${base}/years/2024-25/expenditure/E00000001/reversal`, { reason: 'duplicate' }, F));
    expect(writes.map((w) => w.status)).toEqual([201, 200, 201]);
    // Refused requests leave nothing.
    const refused = await api.post(
      `${base}/years/2024-25/expenditure`,
      { date: '2030-01-01', category: 'training', amount: '1.00', supplier: 'S', description: 'D' },
      F,
    );
    expect(refused.status).toBe(422);

    const records = await trail();
    const ids = new Set(records.map((r) => r.requestId));
    for (const w of writes) expect(ids.has(w.headers.get('x-request-id') ?? '')).toBe(true);
    expect(ids.has(refused.headers.get('x-request-id') ?? '')).toBe(false);

    const entry = records.find((r) => r.entity === 'entry' && r.after?.amount === '99.50');
    expect(entry).toMatchObject({ action: 'create', actor: 'fiona@finance', before: null });
    expect(entry.after).toMatchObject({ category: 'training', supplier: 'S', seq: '1' });

    const update = records.find((r) => r.entity === 'partner' && r.action === 'update');
    expect(update.before.billing.address).toBe('1 High St');
    expect(update.after.billing.address).toBe('2 New Road');
    expect(update.before.version).toBe('1');
    expect(update.after.version).toBe('2');

    // Every mutating request of the board's setup is in the trail too, in time order.
    expect(records.filter((r) => r.entity === 'invoice').length).toBeGreaterThanOrEqual(3);
    const times = records.map((r) => r.at);
    expect([...times].sort()).toEqual(times);
  });

  it('shows each caller only the records of items it could read directly (issue 11, defect 6)', async () => {
    // Prepare: an administrator without finance, who may read the board and its partners only.
    const ADMIN_ONLY = { sub: 'ada@admin', roles: ['admin'], boardId };
    const everything = await trail();
    expect(new Set(everything.map((r) => r.entity))).toEqual(
      // outbox and reminder-watch: each issued invoice queues its email and starts its reminder watch (DESIGN 10.5).
      new Set([
        'board',
        'partner',
        'year',
        'line',
        'agreement',
        'invoice',
        'invoice-number',
        'entry',
        'reversal-marker',
        'outbox',
        'reminder-watch',
      ]),
    );
    // The administrator is refused these directly...
    expect((await api.get(`${base}/invoices/2024-25-baseline-blmk-icb`, ADMIN_ONLY)).status).toBe(403);
    expect((await api.get(`${base}/years/2024-25/expenditure/E00000001`, ADMIN_ONLY)).status).toBe(403);
    expect((await api.get(`${base}/years/2024-25/agreement`, ADMIN_ONLY)).status).toBe(403);

    // Act: ...so the trail leaves their records out, one record a page to walk the cursor past them.
    const pages: any[][] = [];
    let cursor: string | undefined;
    do {
      const res = await api.get(`${base}/audit?limit=1${cursor ? `&cursor=${cursor}` : ''}`, ADMIN_ONLY);
      expect(res.status).toBe(200);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const seen = pages.flat();

    // Assess: exactly the board and partner records, in the trail's order, every page full but the last.
    expect(seen).toEqual(everything.filter((r) => r.entity === 'board' || r.entity === 'partner'));
    expect(seen.length).toBe(4 + 1); // the board, three partners, one partner update
    expect(pages.slice(0, -1).every((p) => p.length === 1)).toBe(true);
    const text = JSON.stringify(seen);
    for (const hidden of ['invoice', 'entry', 'agreement', 'line', 'year', 'outbox', 'reminder-watch'])
      expect(text).not.toContain(`"type":"${hidden}"`);
    expect(text).not.toContain('81305.00');
    // Finance still reads every image, the administrator's records among them.
    expect(everything.find((r) => r.entity === 'invoice')?.after?.total).toBeDefined();
    expect(everything.find((r) => r.entity === 'agreement')?.after?.agreement).toBeDefined();
  });

  it('is readable by admin and finance only, and nothing in the API changes it', async () => {
    expect((await api.get(`${base}/audit`, { roles: ['admin'], boardId })).status).toBe(200);
    expect((await api.get(`${base}/audit`, { roles: ['board'], boardId })).status).toBe(403);
    expect((await api.get(`${base}/audit`, { roles: ['partner'], partnerId: 'blmk-icb', boardId })).status).toBe(403);
    expect((await api.request('DELETE', `${base}/audit`, { as: F })).status).toBe(405);
    expect((await api.request('PUT', `${base}/audit`, { as: F, body: {} })).status).toBe(405);
    expect((await api.get(`${base}/audit?month=2024-13`, F)).status).toBe(400);
    const empty = await api.get(`${base}/audit?month=2001-01`, F);
    expect(empty.body.items).toEqual([]);
  });
});
