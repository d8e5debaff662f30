import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;
const boardId = 'idem-board';
const F = { sub: 'fin-1', roles: ['finance'], boardId };
const exp = `/v1/boards/${boardId}/years/2024-25/expenditure`;
const entry = { date: '2024-06-01', category: 'training', amount: '10.00', supplier: 'S', description: 'D' };

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
  await freshBoard(api, boardId);
});
afterAll(() => stop());

const count = async () => (await api.all(exp, F)).length;

describe('Idempotency-Key', () => {
  it('replays the first answer, byte for byte, and writes once', async () => {
    const before = await count();
    const first = await api.post(exp, entry, F, { 'idempotency-key': 'key-1' });
    expect(first.status).toBe(201);
    const again = await api.post(exp, entry, F, { 'idempotency-key': 'key-1' });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await count()).toBe(before + 1);
  });

  it('refuses the same key with a different body (422), and scopes keys to the caller', async () => {
    const other = await api.post(exp, { ...entry, amount: '11.00' }, F, { 'idempotency-key': 'key-1' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    // Another caller's key space is its own: the same key is a new request for them.
    const colleague = await api.post(exp, entry, { sub: 'fin-2', roles: ['finance'], boardId }, { 'idempotency-key': 'key-1' });
    expect(colleague.status).toBe(201);
    expect(colleague.headers.get('idempotent-replayed')).toBeNull();
  });

  it('keeps refusals: a 4xx answer is replayed too', async () => {
    const bad = await api.post(exp, { ...entry, category: 'cakes' }, F, { 'idempotency-key': 'key-2' });
    expect(bad.status).toBe(422);
    const again = await api.post(exp, { ...entry, category: 'cakes' }, F, { 'idempotency-key': 'key-2' });
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('validates the key itself', async () => {
    expect((await api.post(exp, entry, F, { 'idempotency-key': 'x'.repeat(256) })).status).toBe(400);
    expect((await api.post(exp, entry, F, { 'idempotency-key': 'has space' })).status).toBe(400);
  });

  it('100 concurrent identical posts with one key: exactly one entry; every answer the same 201, or 409 while in flight', async () => {
    const before = await count();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => api.post(exp, { ...entry, amount: '77.77' }, F, { 'idempotency-key': 'storm' })),
    );
    const created = answers.filter((a) => a.status === 201);
    const inFlight = answers.filter((a) => a.status === 409);
    expect(created.length + inFlight.length).toBe(100);
    expect(new Set(created.map((a) => a.text)).size).toBe(1);
    for (const a of inFlight) {
      expect(a.body.code).toBe('IDEMPOTENCY.IN_FLIGHT');
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await count()).toBe(before + 1);
    console.log(
      `idempotency storm: 100 posts, ${created.length} answered 201 (1 written, ${created.length - 1} replayed), ${inFlight.length} told to retry`,
    );
  });
});

describe('an answer too large for one DynamoDB item', () => {
  it('is replayed whole to every retry (an import of a file with 2,000 ignored columns)', async () => {
    // Prepare: a 0.5 MB answer: the import lists every column it ignored (issue 11, defect 9)
    const extra = Array.from({ length: 2000 }, (_, i) => `Ignored column ${i} ${'x'.repeat(240)}`);
    const header = ['Date', 'Category', 'Amount', 'Supplier', 'Description', ...extra].join(',');
    const row = ['01/06/2024', 'training', '1.00', 'S', 'Wide file', ...extra.map(() => '')].join(',');
    const csv = `${header}\n${row}\n`;
    const send = () =>
      api.request('POST', `/v1/boards/${boardId}/years/2024-25/expenditure/import`, {
        as: F,
        raw: csv,
        headers: { 'content-type': 'text/csv', 'idempotency-key': 'wide-import' },
      });

    // Act
    const first = await send();
    const retries = [await send(), await send()];

    // Assess
    expect(first.status).toBe(201);
    expect(first.text.length).toBeGreaterThan(400 * 1024);
    expect(first.body.file.ignoredColumns).toHaveLength(2000);
    for (const r of retries) {
      expect(r.status).toBe(201);
      expect(r.headers.get('idempotent-replayed')).toBe('true');
      expect(r.text).toBe(first.text);
    }
  });
});
