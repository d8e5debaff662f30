/**
 * Rules of the ledger from issue 15: no entry dated after today (posts and imports), a
 * forecast date never after today nor moved by a reversed entry, and a supplier reference
 * posted twice in a year answered 409 naming the earlier entry unless the request allows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { londonDateOf } from '../../shared/domain/calendar.ts';
import { yearIdOf } from '../../shared/domain/financial-year.ts';
import { type Answer, type Api, freshBoard, startApi } from '../helpers/api.ts';
import { csv } from '../helpers/files.ts';

let api: Api;
let runtime: Runtime;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());

const F = (boardId: string) => ({ roles: ['finance'], boardId });
const exp = (boardId: string, yearId = '2024-25') => `/v1/boards/${boardId}/years/${yearId}/expenditure`;
const entry = (extra: Record<string, unknown> = {}) => ({
  date: '2024-06-10',
  category: 'training',
  amount: '120.00',
  supplier: 'Acme Training Ltd',
  description: 'Course',
  ...extra,
});
const importCsv = (boardId: string, rows: (string | undefined)[][], query = '', yearId = '2024-25'): Promise<Answer> =>
  api.request('POST', `${exp(boardId, yearId)}/import${query}`, {
    as: F(boardId),
    raw: csv([['Date', 'Category', 'Amount', 'Supplier', 'Description', 'Reference'], ...rows]),
    headers: { 'content-type': 'text/csv' },
  });

describe('no entry dated after today', () => {
  // The year holding tomorrow (in London): a date in it after today is refused, today is fine.
  const today = londonDateOf(new Date());
  const tomorrow = londonDateOf(new Date(Date.now() + 86_400_000));
  const yearId = yearIdOf(tomorrow);
  const b = 'future-board';

  beforeAll(() => freshBoard(api, b, { yearId }));

  it('refuses a post dated after today with a 422 naming today; nothing is written', async () => {
    const r = await api.post(exp(b, yearId), entry({ date: tomorrow }), F(b));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('ENTRY.DATE_IN_FUTURE');
    expect(r.body.errors).toEqual([{ path: 'body/date', message: `must not be after today (${today})` }]);
    expect(await api.all(exp(b, yearId), F(b))).toEqual([]);
    if (yearIdOf(today) === yearId) expect((await api.post(exp(b, yearId), entry({ date: today }), F(b))).status).toBe(201);
  });

  it('refuses an import row dated after today, as a row problem', async () => {
    const r = await importCsv(b, [[tomorrow, 'training', '10.00', 'Acme', 'Future row']], '?dryRun=true', yearId);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('invalid');
    expect(r.body.problems).toEqual([
      expect.objectContaining({ row: 2, field: 'date', problem: `is after today (${today}): record spending once it has happened` }),
    ]);
  });

  it('the forecast dates itself today at the latest, even when this month has spending', async () => {
    const f = await api.get(`/v1/boards/${b}/years/${yearId}/forecast`, F(b));
    expect(f.status).toBe(200);
    expect(f.body.asOf <= today).toBe(true);
    if (yearIdOf(today) === yearId) expect(f.body.asOf).toBe(today); // today's entry: the month's end would be after today
  });
});

describe('the forecast date is not moved by a reversed entry', () => {
  it('an entry that was reversed, and its reversal, leave the default as-of date where the rest of the ledger puts it', async () => {
    const b = 'asof-board';
    await freshBoard(api, b);
    expect((await api.post(exp(b), entry({ date: '2024-09-12' }), F(b))).status).toBe(201);
    const asOf = async () => (await api.get(`/v1/boards/${b}/years/2024-25/forecast`, F(b))).body.asOf;
    expect(await asOf()).toBe('2024-09-30');
    const wrong = await api.post(exp(b), entry({ date: '2025-03-10', amount: '9999.00', description: 'Keyed with the wrong year' }), F(b));
    expect(await asOf()).toBe('2025-03-31');
    expect((await api.post(`${exp(b)}/${wrong.body.entryId}/reversal`, { reason: 'wrong date' }, F(b))).status).toBe(201);
    expect(await asOf()).toBe('2024-09-30');
  });
});

describe('duplicate supplier references', () => {
  const b = 'dup-board';
  beforeAll(() => freshBoard(api, b));

  it('the same reference again (case, spaces and punctuation apart) is a 409 naming the earlier entry, unless allowed', async () => {
    const first = await api.post(exp(b), entry({ reference: 'INV-1001' }), F(b));
    expect(first.status).toBe(201);
    const again = await api.post(exp(b), entry({ reference: 'inv 1001', date: '2024-06-11' }), F(b));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ENTRY.DUPLICATE_REFERENCE');
    expect(again.body.duplicateOf).toBe(first.body.entryId);
    expect(again.body.detail).toContain(`${first.body.entryId} (2024-06-10, Acme Training Ltd, 120.00)`);
    expect(again.body.detail).toContain('"allowDuplicateReference": true');
    expect(again.body.errors).toEqual([{ path: 'body/reference', message: `is already on ${first.body.entryId}` }]);
    const allowed = await api.post(exp(b), entry({ reference: 'INV-1001', allowDuplicateReference: true }), F(b));
    expect(allowed.status).toBe(201);
    expect((await api.all(exp(b), F(b))).filter((e) => e.reference?.toLowerCase().replace(/\W/g, '') === 'inv1001')).toHaveLength(2);
    // Another reference, or none, is not a duplicate.
    expect((await api.post(exp(b), entry({ reference: 'INV-1002' }), F(b))).status).toBe(201);
    expect((await api.post(exp(b), entry(), F(b))).status).toBe(201);
    expect((await api.post(exp(b), entry(), F(b))).status).toBe(201);
  });

  it('two posts of one reference racing each other: one 201, the others 409', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api.post(exp(b), entry({ reference: 'RACE-7', description: `racer ${i}` }), F(b))),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'ENTRY.DUPLICATE_REFERENCE')).toBe(true);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(7);
    expect((await api.all(exp(b), F(b))).filter((e) => e.reference === 'RACE-7')).toHaveLength(1);
  });

  it('a reversed entry frees its reference: the corrected invoice is posted under the same number', async () => {
    const wrong = await api.post(exp(b), entry({ reference: 'INV-2001', amount: '1200.00' }), F(b));
    expect((await api.post(`${exp(b)}/${wrong.body.entryId}/reversal`, { reason: 'keyed 1200 for 120' }, F(b))).status).toBe(201);
    const right = await api.post(exp(b), entry({ reference: 'INV-2001', amount: '120.00' }), F(b));
    expect(right.status, right.text).toBe(201);
    // ... and then it is taken again.
    expect((await api.post(exp(b), entry({ reference: 'INV-2001' }), F(b))).status).toBe(409);
  });

  it('while any entry with the reference stands, a post of it is refused, even after one of them is reversed', async () => {
    const one = await api.post(exp(b), entry({ reference: 'INV-3001' }), F(b));
    const two = await api.post(exp(b), entry({ reference: 'INV-3001', allowDuplicateReference: true }), F(b));
    expect(two.status).toBe(201);
    expect((await api.post(`${exp(b)}/${one.body.entryId}/reversal`, { reason: 'duplicate' }, F(b))).status).toBe(201);
    const three = await api.post(exp(b), entry({ reference: 'INV-3001' }), F(b));
    expect(three.status).toBe(409);
    expect(three.body.duplicateOf).toBe(two.body.entryId);
  });

  it('a retry with the same Idempotency-Key is not its own duplicate', async () => {
    const body = entry({ reference: 'INV-4001' });
    const first = await api.post(exp(b), body, F(b), { 'idempotency-key': 'dup-retry' });
    const again = await api.post(exp(b), body, F(b), { 'idempotency-key': 'dup-retry' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.entryId).toBe(first.body.entryId);
  });

  it('imports: a row repeating a reference of the ledger or of an earlier row is a row problem, unless ?allowDuplicateReferences=true', async () => {
    const refused = await importCsv(b, [
      ['01/07/2024', 'training', '10.00', 'Acme', 'Already in the ledger', 'INV-1002'],
      ['02/07/2024', 'training', '11.00', 'Acme', 'New', 'INV-5001'],
      ['03/07/2024', 'training', '12.00', 'Acme', 'Same as the row above', 'inv5001'],
    ]);
    expect(refused.status).toBe(422);
    const problems = refused.body.report.problems.map((p: { row: number; field: string; problem: string }) => [p.row, p.field, p.problem]);
    expect(problems).toEqual([
      [2, 'reference', expect.stringMatching(/^is already on E\d{8} in 2024-25; import with \?allowDuplicateReferences=true/)],
      [4, 'reference', 'is also on row 3 of this file; import with ?allowDuplicateReferences=true to record both'],
    ]);
    const allowed = await importCsv(
      b,
      [
        ['01/07/2024', 'training', '10.00', 'Acme', 'Already in the ledger', 'INV-1002'],
        ['02/07/2024', 'training', '11.00', 'Acme', 'New', 'INV-5001'],
        ['03/07/2024', 'training', '12.00', 'Acme', 'Same as the row above', 'inv5001'],
      ],
      '?allowDuplicateReferences=true',
    );
    expect(allowed.status, allowed.text).toBe(201);
  });

  it('a reference that came in by import is a duplicate for a later post', async () => {
    const imported = await importCsv(b, [['04/07/2024', 'training', '13.00', 'Acme', 'Imported', 'INV-6001']]);
    expect(imported.status, imported.text).toBe(201);
    const posted = await api.post(exp(b), entry({ reference: 'INV 6001' }), F(b));
    expect(posted.status).toBe(409);
    expect(posted.body.duplicateOf).toBe(imported.body.firstEntryId);
  });
});
