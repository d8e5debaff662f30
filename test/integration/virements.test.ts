/**
 * Budget control (DESIGN 10.4, issue 15): every budget line keeps its original amount and its
 * revised one; budget moves between lines only by virements, each with its reason, listed; and
 * budget-vs-actual shows original, virements, revised, actual and variance (JSON, CSV, XLSX).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';
import { readXlsxFile, XLSX } from '../helpers/files.ts';

let api: Api;
let runtime: Runtime;
const boardId = 'vire-board';
const F = { roles: ['finance'], boardId };
const B = { roles: ['board'], boardId };
const base = `/v1/boards/${boardId}`;
const year = `${base}/years/2024-25`;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
  // Lines set while the year is a draft (staffing 190,000.00; sar, training, other 4,500.00 each), then opened.
  await freshBoard(api, boardId);
  const r = await api.post(
    `${year}/expenditure`,
    { date: '2024-06-30', category: 'training', amount: '5000.00', supplier: 'S', description: 'Course' },
    F,
  );
  expect(r.status).toBe(201);
});
afterAll(() => runtime.stop());

const line = async (category: string) => (await api.get(`${year}/budget-lines/${category}`, B)).body;
const move = (body: Record<string, string>, headers?: Record<string, string>) => api.post(`${year}/virements`, body, F, headers);

describe('budget lines: original and revised', () => {
  it('a line set while the year was a draft has its amount as original; direct amount changes are refused once open', async () => {
    expect(await line('training')).toMatchObject({ original: '4500.00', virements: '0.00', amount: '4500.00' });
    const read = await api.get(`${year}/budget-lines/training`, F);
    const changed = await api.put(`${year}/budget-lines/training`, { name: 'Training', amount: '6000.00' }, F, {
      'if-match': read.headers.get('etag') ?? '',
    });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('BUDGET_LINE.USE_VIREMENT');
    expect(changed.body.detail).toContain('/virements');
    // Renaming (with the amount as it stands) is fine.
    const renamed = await api.put(`${year}/budget-lines/training`, { name: 'Training and development', amount: '4500.00' }, F, {
      'if-match': read.headers.get('etag') ?? '',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Training and development', original: '4500.00', amount: '4500.00' });
  });

  it('a line added to an open year starts at 0.00 (original 0.00) and receives its budget by virement', async () => {
    const refused = await api.put(`${year}/budget-lines/printing`, { name: 'Printing', amount: '100.00' }, F);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('BUDGET_LINE.USE_VIREMENT');
    const added = await api.put(`${year}/budget-lines/printing`, { name: 'Printing', amount: '0.00' }, F);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ original: '0.00', virements: '0.00', amount: '0.00' });
  });
});

describe('virements', () => {
  it('moves budget between two lines with its reason: both sides at once, listed in order', async () => {
    const first = await move({ from: 'staffing', to: 'training', amount: '1500.00', reason: 'Safeguarding conference places' });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({
      virementId: 'V0001',
      from: 'staffing',
      to: 'training',
      amount: '1500.00',
      createdBy: 'finance@test',
    });
    const second = await move({ from: 'other', to: 'printing', amount: '250.00', reason: 'Leaflets' });
    expect(second.body.virementId).toBe('V0002');

    expect(await line('training')).toMatchObject({ original: '4500.00', virements: '1500.00', amount: '6000.00' });
    expect(await line('staffing')).toMatchObject({ original: '190000.00', virements: '-1500.00', amount: '188500.00' });
    expect(await line('printing')).toMatchObject({ original: '0.00', virements: '250.00', amount: '250.00' });
    const list = await api.all(`${year}/virements`, B);
    expect(list.map((v) => [v.virementId, v.from, v.to, v.amount, v.reason])).toEqual([
      ['V0001', 'staffing', 'training', '1500.00', 'Safeguarding conference places'],
      ['V0002', 'other', 'printing', '250.00', 'Leaflets'],
    ]);
    // Pages follow the order they were made in.
    const page = await api.get(`${year}/virements?limit=1`, B);
    expect(page.body.items.map((v: { virementId: string }) => v.virementId)).toEqual(['V0001']);
    const next = await api.get(`${year}/virements?limit=1&cursor=${page.body.nextCursor}`, B);
    expect(next.body.items.map((v: { virementId: string }) => v.virementId)).toEqual(['V0002']);
    // The lines still add up to the budget set: virements move budget, they do not make it.
    const lines = await api.all(`${year}/budget-lines`, B);
    const total = lines.reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
    expect(total).toBe(20350000);
  });

  it('refuses, writing nothing: more than the source line holds, a line that does not exist, the same line, a draft year', async () => {
    const before = await api.all(`${year}/virements`, B);
    const tooMuch = await move({ from: 'sar', to: 'training', amount: '4500.01', reason: 'x' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('VIREMENT.INSUFFICIENT_BUDGET');
    expect(tooMuch.body.detail).toContain('sar holds 4,500.00');
    expect(tooMuch.body.errors).toEqual([{ path: 'body/amount', message: 'must be at most 4500.00, what sar holds' }]);
    const unknownFrom = await move({ from: 'catering', to: 'training', amount: '1.00', reason: 'x' });
    expect(unknownFrom.status).toBe(422);
    expect(unknownFrom.body.errors[0]).toEqual({ path: 'body/from', message: 'catering is not a budget line of 2024-25' });
    const unknownTo = await move({ from: 'sar', to: 'catering', amount: '1.00', reason: 'x' });
    expect(unknownTo.body.errors[0].path).toBe('body/to');
    expect((await move({ from: 'sar', to: 'sar', amount: '1.00', reason: 'x' })).body.code).toBe('VIREMENT.SAME_LINE');
    expect((await move({ from: 'sar', to: 'training', amount: '-1.00', reason: 'x' })).status).toBe(400);
    expect((await move({ from: 'sar', to: 'training', amount: '1.00' })).status).toBe(400); // a reason is required
    expect((await api.post(`${year}/virements`, { from: 'sar', to: 'training', amount: '1.00', reason: 'x' }, B)).status).toBe(403);
    await api.put(`${base}/years/2025-26`, { budgetSet: '10.00' }, F);
    await api.put(`${base}/years/2025-26/budget-lines/a`, { name: 'A', amount: '10.00' }, F);
    await api.put(`${base}/years/2025-26/budget-lines/b`, { name: 'B', amount: '0.00' }, F);
    const draft = await api.post(`${base}/years/2025-26/virements`, { from: 'a', to: 'b', amount: '1.00', reason: 'x' }, F);
    expect(draft.status).toBe(409);
    expect(draft.body.code).toBe('YEAR.NOT_OPEN');
    expect(await api.all(`${year}/virements`, B)).toEqual(before);
  });

  it('parallel virements from one line never take it below zero: each is checked against the line as the others left it', async () => {
    // sar holds 4,500.00: ten virements of 1,000.00 race; at most four can land.
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => move({ from: 'sar', to: 'other', amount: '1000.00', reason: `race ${i}` })),
    );
    const landed = answers.filter((a) => a.status === 201);
    expect(landed).toHaveLength(4);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 422 || a.body.code === 'CONFLICT.BUSY')).toBe(true);
    expect(await line('sar')).toMatchObject({ original: '4500.00', virements: '-4000.00', amount: '500.00' });
    const ids = (await api.all(`${year}/virements`, B)).map((v) => v.virementId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a retry with the same Idempotency-Key moves the budget once', async () => {
    const body = { from: 'staffing', to: 'other', amount: '10.00', reason: 'retried' };
    const first = await move(body, { 'idempotency-key': 'vire-once' });
    const again = await move(body, { 'idempotency-key': 'vire-once' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await api.all(`${year}/virements`, B)).filter((v) => v.reason === 'retried')).toHaveLength(1);
  });

  it('is exported as CSV and XLSX', async () => {
    const csv = await api.get(`${year}/virements`, B, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toBe('Virement,From,To,Amount,Reason,Made at,Made by');
    expect(csv.text).toContain('V0001,staffing,training,1500.00,Safeguarding conference places');
  });
});

describe('budget against actual', () => {
  it('shows original, virements, revised, actual and variance per line, the variance against the revised budget', async () => {
    const r = await api.get(`${year}/budget-vs-actual`, B);
    expect(r.status).toBe(200);
    const training = r.body.rows.find((x: { category: string }) => x.category === 'training');
    expect(training).toEqual({
      category: 'training',
      name: 'Training and development',
      original: '4500.00',
      virements: '1500.00',
      revised: '6000.00',
      budget: '6000.00',
      actual: '5000.00',
      variance: '-1000.00',
      percentUsed: '83.3',
    });
    expect(r.body.totals).toMatchObject({ original: '203500.00', virements: '0.00', revised: '203500.00' });
  });

  it('as CSV and XLSX, with the same columns', async () => {
    const csv = await api.get(`${year}/budget-vs-actual`, B, { accept: 'text/csv' });
    const [header, ...rows] = csv.text.trimEnd().split('\r\n');
    expect(header).toBe('Category,Budget line,Original budget,Virements,Revised budget,Actual,Variance,% used');
    expect(rows).toContain('training,Training and development,4500.00,1500.00,6000.00,5000.00,-1000.00,83.3');
    const res = await fetch(`${api.url}${year}/budget-vs-actual`, {
      headers: { accept: XLSX, authorization: `Bearer ${await api.token(B)}` },
    });
    expect(res.status).toBe(200);
    const ws = (await readXlsxFile(new Uint8Array(await res.arrayBuffer()))).worksheets[0];
    if (!ws) throw new Error('no worksheet');
    const titles = (ws.getRow(1).values as unknown[]).slice(1);
    expect(titles).toEqual(['Category', 'Budget line', 'Original budget', 'Virements', 'Revised budget', 'Actual', 'Variance', '% used']);
    const trainingRow = ws.getRows(2, ws.rowCount - 1)?.find((row) => row.getCell(1).value === 'training');
    expect([3, 4, 5, 6, 7].map((c) => trainingRow?.getCell(c).value)).toEqual([4500, 1500, 6000, 5000, -1000]);
  });

  it('a closed year keeps its virements and refuses new ones', async () => {
    const asked = await api.post(`${year}/close`, undefined, F);
    expect(asked.status, asked.text).toBe(202);
    const awaiting = await move({ from: 'staffing', to: 'other', amount: '1.00', reason: 'late' });
    expect(awaiting.body.code).toBe('YEAR.AWAITING_APPROVAL');
    const closed = await api.post(`${year}/close/approve`, undefined, B, { 'if-match': asked.headers.get('etag') ?? '' });
    expect(closed.status, closed.text).toBe(200);
    // The sealed recharge priced the revised budgets.
    expect(closed.body.spend.find((s: { category: string }) => s.category === 'training').budget).toBe('6000.00');
    const late = await move({ from: 'staffing', to: 'other', amount: '1.00', reason: 'late' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('YEAR.CLOSED');
    expect(
      (await api.get(`${year}/budget-vs-actual`, B)).body.rows.find((x: { category: string }) => x.category === 'training').virements,
    ).toBe('1500.00');
  });
});
