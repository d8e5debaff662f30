import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { keys } from '../../shared/infrastructure/dynamodb/keys.ts';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let runtime: Runtime;
const F = { roles: ['finance'], boardId: 'ledger-board' };
const B = { roles: ['board'], boardId: 'ledger-board' };
const base = '/v1/boards/ledger-board';
const exp = `${base}/years/2024-25/expenditure`;
const entry = { date: '2024-06-30', category: 'training', amount: '1250.00', supplier: 'Acme Training', description: 'Course' };

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
  await freshBoard(api, 'ledger-board');
  await api.put(`${base}/sars/adult-x`, { title: 'Adult X', kind: 'sar', status: 'in-progress' }, F);
});
afterAll(() => runtime.stop());

async function ledgerState() {
  const year = await runtime.store.get(keys.year('ledger-board', '2024-25'));
  return { seq: String(year?.seq), entries: (await api.all(exp, F)).length };
}

describe('expenditure', () => {
  it('records an entry: 201, its entryId, a Location, and it lists in order', async () => {
    const r = await api.post(exp, entry, F);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ...entry, entryId: 'E00000001', yearId: '2024-25', createdBy: 'finance@test' });
    expect(r.headers.get('location')).toBe(`${exp}/E00000001`);
    const again = await api.post(exp, { ...entry, amount: '0.01', date: '2025-03-31' }, F);
    expect(again.body.entryId).toBe('E00000002');
    const list = await api.all(exp, B);
    expect(list.map((e) => e.amount)).toEqual(['1250.00', '0.01']);
    expect((await api.get(`${exp}/E00000002`, B)).body.date).toBe('2025-03-31');
    expect((await api.get(`${exp}/E00000099`, B)).status).toBe(404);
    expect((await api.get(`${exp}/42`, B)).status).toBe(400);
  });

  it.each([
    [{ amount: 1250 }, 400, 'REQUEST.INVALID'],
    [{ amount: '1250.001' }, 400, 'REQUEST.INVALID'],
    [{ amount: '-5.00' }, 400, 'REQUEST.INVALID'],
    [{ amount: '1000000000.00' }, 400, 'REQUEST.INVALID'],
    [{ amount: '1e3' }, 400, 'REQUEST.INVALID'],
    [{ date: '2025-04-01' }, 422, 'ENTRY.DATE_OUTSIDE_YEAR'],
    [{ date: '2024-03-31' }, 422, 'ENTRY.DATE_OUTSIDE_YEAR'],
    [{ date: '30/06/2024' }, 400, 'REQUEST.INVALID'],
    [{ category: 'catering' }, 422, 'ENTRY.UNKNOWN_CATEGORY'],
    [{ sarId: 'adult-nobody' }, 422, 'ENTRY.UNKNOWN_SAR'],
    [{ entryId: 'E00000009' }, 400, 'REQUEST.INVALID'],
    [{ createdBy: 'someone-else' }, 400, 'REQUEST.INVALID'],
  ])('refuses %j with %i and writes nothing', async (patch, status, code) => {
    const before = await ledgerState();
    const r = await api.post(exp, { ...entry, ...patch }, F);
    expect(r.status).toBe(status);
    expect(r.body.code).toBe(code);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(await ledgerState()).toEqual(before);
  });

  it('refuses bodies that are not JSON objects of the right size and type', async () => {
    const before = await ledgerState();
    const raw = (body: string, type = 'application/json') =>
      api.request('POST', exp, { as: F, raw: body, headers: { 'content-type': type } });
    expect((await raw('{"date":')).status).toBe(400);
    expect((await raw('')).status).toBe(400);
    expect((await raw('[]')).status).toBe(400);
    expect((await raw('null')).status).toBe(400);
    expect((await raw(JSON.stringify(entry), 'text/plain')).status).toBe(415);
    expect((await raw(JSON.stringify({ ...entry, description: 'x'.repeat(70_000) }))).status).toBe(413);
    expect(await ledgerState()).toEqual(before);
  });

  it('refuses text that is not valid Unicode or that XML cannot carry: 400 naming the field, nothing written', async () => {
    // Prepare: JSON text written by hand, so the escapes reach the server as sent.
    const before = await ledgerState();
    const raw = (fields: string) =>
      api.request('POST', exp, {
        as: F,
        raw: `{"date":"2024-06-30","category":"training","amount":"1.00",${fields}}`,
        headers: { 'content-type': 'application/json' },
      });
    const cases = [
      ['"supplier":"x\\uFFFFy","description":"d"', 'body/supplier', 'U+FFFF'],
      ['"supplier":"s","description":"x\\uFFFEy"', 'body/description', 'U+FFFE'],
      ['"supplier":"\\ud800","description":"d"', 'body/supplier', 'unpaired surrogate'],
      ['"supplier":"s","description":"tail \\udc00"', 'body/description', 'unpaired surrogate'],
      ['"supplier":"s","description":"d","reference":"a\\u000bb"', 'body/reference', 'control characters'],
    ] as const;
    for (const [fields, path, says] of cases) {
      // Act
      const r = await raw(fields);
      // Assess
      expect(r.status, r.text).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.code).toBe('REQUEST.INVALID');
      expect(r.body.errors).toEqual([{ path, message: expect.stringContaining(says) }]);
      expect(r.text.isWellFormed()).toBe(true);
    }
    // A character beyond the BMP (a surrogate pair, well-formed) is text like any other.
    const emoji = await raw('"supplier":"Caf\\u00e9 \\ud83d\\ude00","description":"d"');
    expect(emoji.status, emoji.text).toBe(201);
    expect(emoji.body.supplier).toBe('Café 😀');
    expect(await ledgerState()).toEqual({ seq: String(Number(before.seq) + 1), entries: before.entries + 1 });
  });

  it('refuses a partner whose billing email holds an unpaired surrogate, and writes nothing', async () => {
    const path = `${base}/partners/unicode-partner`;
    const body = `{"name":"P","kind":"other","billing":{"address":"A","contact":"C","email":"a\\ud800@example.org"}}`;
    const r = await api.request('PUT', path, {
      as: { roles: ['admin'], boardId: 'ledger-board' },
      raw: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status, r.text).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'body/billing/email', message: expect.stringContaining('unpaired surrogate') }]);
    expect((await api.get(path, F)).status).toBe(404);
  });

  it('only finance records; the board reads; nobody writes into a draft year', async () => {
    expect((await api.post(exp, entry, B)).status).toBe(403);
    await api.put(`${base}/years/2025-26`, { budgetSet: '1000.00' }, F);
    await api.put(`${base}/years/2025-26/budget-lines/training`, { name: 'Training', amount: '1000.00' }, F);
    const draft = await api.post(`${base}/years/2025-26/expenditure`, { ...entry, date: '2025-06-30' }, F);
    expect(draft.status).toBe(409);
    expect(draft.body.code).toBe('YEAR.NOT_OPEN');
    expect((await api.post(`${base}/years/2026-27/expenditure`, { ...entry, date: '2026-06-30' }, F)).status).toBe(404);
  });

  it('corrects by reversal: an opposite entry pointing at the original, once only', async () => {
    const original = await api.post(exp, { ...entry, amount: '300.00', category: 'sar', sarId: 'adult-x' }, F);
    const id = original.body.entryId as string;
    const rev = await api.post(`${exp}/${id}/reversal`, { reason: 'Wrong supplier' }, F);
    expect(rev.status).toBe(201);
    expect(rev.body).toMatchObject({
      amount: '-300.00',
      reverses: id,
      reason: 'Wrong supplier',
      category: 'sar',
      sarId: 'adult-x',
      date: entry.date,
    });
    expect((await api.get(`${exp}/${id}`, B)).body.reversedBy).toBe(rev.body.entryId);
    const twice = await api.post(`${exp}/${id}/reversal`, { reason: 'again' }, F);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ENTRY.ALREADY_REVERSED');
    const ofReversal = await api.post(`${exp}/${rev.body.entryId}/reversal`, { reason: 'undo' }, F);
    expect(ofReversal.status).toBe(422);
    expect((await api.post(`${exp}/E00000999/reversal`, { reason: 'x' }, F)).status).toBe(404);
    expect((await api.post(`${exp}/${id}/reversal`, {}, F)).status).toBe(400);
    const sar = await api.get(`${base}/sars/adult-x`, B);
    expect(sar.body.costs).toEqual({ total: '0.00', entries: 2, byYear: [{ yearId: '2024-25', total: '0.00' }] });
  });

  it('concurrent reversals of one entry: exactly one wins', async () => {
    const original = await api.post(exp, { ...entry, amount: '77.00' }, F);
    const id = original.body.entryId as string;
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.post(`${exp}/${id}/reversal`, { reason: 'dup' }, F)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
    const list = await api.all(exp, F);
    expect(list.filter((e) => e.reverses === id)).toHaveLength(1);
  });

  it('parallel posts all land, each exactly once, with distinct numbers', async () => {
    const before = (await api.all(exp, F)).length;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => api.post(exp, { ...entry, amount: `${i + 1}.00`, reference: `P-${i}` }, F)),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(new Set(answers.map((a) => a.body.entryId)).size).toBe(30);
    const list = await api.all(exp, F);
    expect(list).toHaveLength(before + 30);
    expect(new Set(list.filter((e) => e.reference?.startsWith('P-')).map((e) => e.reference)).size).toBe(30);
  });

  it('filters by category and pages with a cursor', async () => {
    const page = await api.get(`${exp}?limit=3`, B);
    expect(page.body.items).toHaveLength(3);
    const next = await api.get(`${exp}?limit=3&cursor=${page.body.nextCursor}`, B);
    expect(next.body.items[0].entryId > page.body.items[2].entryId).toBe(true);
    const sar = await api.all(`${exp}?category=sar`, B);
    expect(sar.every((e) => e.category === 'sar')).toBe(true);
  });

  it('an entry whose number was voided (the close fence) is refused with 409', async () => {
    // A writer that reserved a number must lose if a closer voids it before the entry lands.
    const { YearsRepository } = await import('../../shared/infrastructure/dynamodb/years.repository.ts');
    const { LedgerRepository } = await import('../../shared/infrastructure/dynamodb/ledger.repository.ts');
    const repo = new YearsRepository(runtime.store);
    const ledgerRepo = new LedgerRepository(runtime.store);
    const meta = { actor: 't', requestId: 'r', at: new Date().toISOString() };
    const seq = await repo.reserveEntrySeq(meta, 'ledger-board', '2024-25');
    await runtime.store.write(
      { kind: 'put', item: { ...keys.entry('ledger-board', '2024-25', seq), type: 'void' }, condition: 'attribute_not_exists(pk)' },
      meta,
    );
    const { Money } = await import('../../shared/domain/money.ts');
    await expect(
      ledgerRepo.putEntry(meta, {
        boardId: 'ledger-board',
        yearId: '2024-25',
        seq,
        date: '2024-06-01',
        category: 'training',
        amount: Money.parse('1.00'),
        supplier: 's',
        description: 'd',
      }),
    ).rejects.toMatchObject({ status: 409 });
    const list = await api.all(exp, F);
    expect(list.some((e) => e.entryId === `E${String(seq).padStart(8, '0')}`)).toBe(false);
  });
});

describe('commitments', () => {
  const c = `${base}/years/2024-25/commitments`;
  it('records known future costs inside the year, on a budget line', async () => {
    const r = await api.post(
      c,
      { category: 'staffing', description: 'Remaining salary months', amount: '45000.00', dueDate: '2025-03-31' },
      F,
    );
    expect(r.status).toBe(201);
    expect(r.body.commitmentId).toBe('C00000001');
    expect((await api.post(c, { category: 'staffing', description: 'x', amount: '1.00', dueDate: '2025-04-01' }, F)).status).toBe(422);
    expect((await api.post(c, { category: 'cakes', description: 'x', amount: '1.00', dueDate: '2025-01-01' }, F)).status).toBe(422);
    expect((await api.post(c, { category: 'staffing', description: 'x', amount: '-1.00', dueDate: '2025-01-01' }, F)).status).toBe(400);
    const list = await api.all(c, B);
    expect(list).toHaveLength(1);
  });
});

describe('SAR cases', () => {
  it('roll up the costs of the entries tagged with them, per year', async () => {
    await api.put(`${base}/sars/adult-y`, { title: 'Adult Y', kind: 'rapid-review', status: 'referred' }, F);
    await api.post(exp, { ...entry, category: 'sar', sarId: 'adult-y', amount: '1000.10' }, F);
    await api.post(exp, { ...entry, category: 'sar', sarId: 'adult-y', amount: '0.20' }, F);
    const one = await api.get(`${base}/sars/adult-y`, B);
    expect(one.body.costs).toEqual({ total: '1000.30', entries: 2, byYear: [{ yearId: '2024-25', total: '1000.30' }] });
    const list = await api.all(`${base}/sars`, B);
    expect(list.find((s) => s.sarId === 'adult-y').costs.total).toBe('1000.30');
    expect((await api.put(`${base}/sars/adult-y`, { title: 'Adult Y', kind: 'inquest', status: 'referred' }, F)).status).toBe(400);
    const noEtag = await api.put(`${base}/sars/adult-y`, { title: 'Adult Y', kind: 'sar', status: 'in-progress' }, F);
    expect(noEtag.status).toBe(428);
    const upd = await api.put(`${base}/sars/adult-y`, { title: 'Adult Y', kind: 'sar', status: 'in-progress' }, F, {
      'if-match': one.headers.get('etag') ?? '',
    });
    expect(upd.status).toBe(200);
    expect(upd.body.costs.total).toBe('1000.30');
  });
});
