/**
 * Commitments released or matched (DESIGN 10.4, issue 15): a commitment is released in part or
 * whole, or matched to the entry that paid it, and what was released or matched leaves the
 * forecast, so a paid contract is counted once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { Money } from '../../shared/domain/money.ts';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let runtime: Runtime;
const boardId = 'commit-board';
const F = { roles: ['finance'], boardId };
const B = { roles: ['board'], boardId };
const year = `/v1/boards/${boardId}/years/2024-25`;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
  await freshBoard(api, boardId);
});
afterAll(() => runtime.stop());

async function commitment(category: string, amount: string, description = 'Reviewer contract'): Promise<string> {
  const r = await api.post(`${year}/commitments`, { category, description, amount, dueDate: '2025-03-15' }, F);
  expect(r.status, r.text).toBe(201);
  expect(r.body).toMatchObject({ released: '0.00', remaining: amount, releases: [] });
  return r.body.commitmentId;
}
async function entry(category: string, amount: string, date = '2024-11-20'): Promise<string> {
  const r = await api.post(`${year}/expenditure`, { date, category, amount, supplier: 'Reviewer Ltd', description: 'Invoice' }, F);
  expect(r.status, r.text).toBe(201);
  return r.body.entryId;
}
const release = (id: string, body: Record<string, string>, headers?: Record<string, string>) =>
  api.post(`${year}/commitments/${id}/release`, body, F, headers);
const forecastOf = async (category: string, asOf = '2025-01-31') =>
  (await api.get(`${year}/forecast?asOf=${asOf}`, B)).body.categories.find((c: { category: string }) => c.category === category);

describe('releasing and matching commitments', () => {
  it('a paid contract matched to its entry leaves the forecast: it is counted once, in the actuals', async () => {
    const id = await commitment('sar', '4000.00');
    const before = await forecastOf('sar');
    expect(before).toMatchObject({ actual: '0.00', commitments: '4000.00', projected: '4000.00' });
    const paid = await entry('sar', '4000.00');
    // Without the match the forecast counts the contract twice: the entry and the commitment.
    expect(await forecastOf('sar')).toMatchObject({ actual: '4000.00', commitments: '4000.00', projected: '8000.00' });
    const matched = await release(id, { entryId: paid, reason: 'Invoice paid' });
    expect(matched.status, matched.text).toBe(201);
    expect(matched.body).toMatchObject({ released: '4000.00', remaining: '0.00' });
    expect(matched.body.releases).toEqual([
      expect.objectContaining({ amount: '4000.00', entryId: paid, reason: 'Invoice paid', date: '2024-11-20', createdBy: 'finance@test' }),
    ]);
    expect(await forecastOf('sar')).toMatchObject({ actual: '4000.00', commitments: '0.00', projected: '4000.00' });
    // As of a date before the payment, the commitment still stands (the entry is not in the actuals yet).
    expect(await forecastOf('sar', '2024-10-31')).toMatchObject({ actual: '0.00', commitments: '4000.00' });
    expect((await api.get(`${year}/commitments/${id}`, B)).body.remaining).toBe('0.00');
  });

  it('a part payment leaves the rest to forecast; a release in part or of all that is left takes it out', async () => {
    const id = await commitment('training', '3000.00', 'Training programme');
    const deposit = await entry('training', '1000.00', '2024-12-02');
    const part = await release(id, { entryId: deposit, reason: 'Deposit' }); // no amount: as much as the entry paid
    expect(part.body).toMatchObject({ released: '1000.00', remaining: '2000.00' });
    const some = await release(id, { amount: '500.00', reason: 'One session cancelled' });
    expect(some.status).toBe(201);
    expect(some.body).toMatchObject({ released: '1500.00', remaining: '1500.00' });
    expect(some.body.releases[1]).not.toHaveProperty('entryId');
    expect((await forecastOf('training')).commitments).toBe('1500.00');
    const rest = await release(id, { reason: 'Programme cancelled' }); // no amount: all that is left
    expect(rest.body).toMatchObject({ released: '3000.00', remaining: '0.00' });
    const nothing = await release(id, { reason: 'again' });
    expect(nothing.status).toBe(422);
    expect(nothing.body.code).toBe('COMMITMENT.NOTHING_LEFT');
    // The list and its export show what was released and what is left.
    const csv = await api.get(`${year}/commitments`, B, { accept: 'text/csv' });
    expect(csv.text.split('\r\n')[0]).toContain('Released or matched,Remaining,Matched to');
  });

  it('refuses, writing nothing: above what is left, an entry of another category, an unknown or reversed entry, more than the entry paid', async () => {
    const id = await commitment('other', '1000.00', 'Venue');
    const tooMuch = await release(id, { amount: '1000.01', reason: 'x' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('COMMITMENT.RELEASE_TOO_LARGE');
    expect(tooMuch.body.detail).toContain('1,000.00 left');
    expect(tooMuch.body.errors[0].path).toBe('body/amount');
    const staffing = await entry('staffing', '100.00');
    const wrong = await release(id, { entryId: staffing, reason: 'x' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('COMMITMENT.CATEGORY_MISMATCH');
    expect(wrong.body.detail).toContain(`${staffing} is staffing but ${id} is other`);
    const unknown = await release(id, { entryId: 'E00009999', reason: 'x' });
    expect(unknown.body.code).toBe('COMMITMENT.UNKNOWN_ENTRY');
    const small = await entry('other', '200.00');
    const over = await release(id, { entryId: small, amount: '300.00', reason: 'x' });
    expect(over.body.code).toBe('COMMITMENT.MATCH_TOO_LARGE');
    const mistaken = await entry('other', '900.00');
    expect((await api.post(`${year}/expenditure/${mistaken}/reversal`, { reason: 'keyed wrongly' }, F)).status).toBe(201);
    expect((await release(id, { entryId: mistaken, reason: 'x' })).body.code).toBe('COMMITMENT.ENTRY_REVERSED');
    expect((await release(id, { amount: '0.00', reason: 'x' })).status).toBe(400);
    expect((await release(id, { reason: 'x', note: 'y' })).status).toBe(400);
    expect((await api.post(`${year}/commitments/${id}/release`, { reason: 'x' }, B)).status).toBe(403);
    expect((await api.post(`${year}/commitments/C00000999/release`, { reason: 'x' }, F)).status).toBe(404);
    expect((await api.get(`${year}/commitments/${id}`, B)).body).toMatchObject({ released: '0.00', remaining: '1000.00', releases: [] });
  });

  it('parallel releases never release more than the commitment: each is checked against what the others left', async () => {
    const id = await commitment('other', '1000.00', 'Catering');
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => release(id, { amount: '300.00', reason: `race ${i}` })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 422 || a.body.code === 'CONFLICT.BUSY')).toBe(true);
    expect((await api.get(`${year}/commitments/${id}`, B)).body).toMatchObject({ released: '900.00', remaining: '100.00' });
  });

  it('parallel matches of one entry to different commitments never match more than the entry paid', async () => {
    // Prepare: one 1,000.00 payment, and six commitments of 1,000.00 it could be matched to.
    const paid = await entry('training', '1000.00');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await commitment('training', '1000.00', `Course ${i}`));
    const before = await forecastOf('training');

    // Act: all six matched to it at once.
    const answers = await Promise.all(ids.map((id) => release(id, { entryId: paid, reason: 'paid by the deposit' })));

    // Assess: one match takes the whole payment; the others are refused (or told to retry), and the
    // forecast loses 1,000.00 of commitments, not 6,000.00.
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 422 || a.body.code === 'CONFLICT.BUSY')).toBe(true);
    const matched = await Promise.all(ids.map(async (id) => (await api.get(`${year}/commitments/${id}`, B)).body.released as string));
    expect(Money.sum(matched.map((m) => Money.parse(m))).toString()).toBe('1000.00');
    const after = await forecastOf('training');
    expect(Money.parse(before.commitments).minus(Money.parse(after.commitments)).toString()).toBe('1000.00');
  });

  it('a retry with the same Idempotency-Key releases once', async () => {
    const id = await commitment('other', '500.00', 'Printing');
    const first = await release(id, { amount: '100.00', reason: 'once' }, { 'idempotency-key': 'rel-once' });
    const again = await release(id, { amount: '100.00', reason: 'once' }, { 'idempotency-key': 'rel-once' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await api.get(`${year}/commitments/${id}`, B)).body.remaining).toBe('400.00');
  });

  it('a match to an entry reversed since counts no more: the commitment is open again for it, and matches the corrected entry', async () => {
    const plain = async () => Money.fromStored((await forecastOf('training')).commitments);
    const id = await commitment('training', '2000.00', 'Venue hire');
    const standing = await plain();
    const paid = await entry('training', '800.00', '2024-12-10');
    expect((await release(id, { entryId: paid, reason: 'Venue invoice' })).body).toMatchObject({
      released: '800.00',
      remaining: '1200.00',
    });
    expect((await plain()).toString()).toBe(standing.minus(Money.parse('800.00')).toString());

    // The payment was keyed to the wrong supplier and is reversed: its cost leaves the actuals, so the
    // part of the commitment it matched is forecast again, not counted nowhere.
    expect((await api.post(`${year}/expenditure/${paid}/reversal`, { reason: 'wrong supplier' }, F)).status).toBe(201);
    const after = (await api.get(`${year}/commitments/${id}`, B)).body;
    expect(after).toMatchObject({ released: '0.00', remaining: '2000.00' });
    expect(after.releases).toEqual([expect.objectContaining({ amount: '800.00', entryId: paid, entryReversed: true })]);
    expect((await plain()).toString()).toBe(standing.toString());
    const listed = (await api.get(`${year}/commitments`, B)).body.items.find((c: { commitmentId: string }) => c.commitmentId === id);
    expect(listed).toMatchObject({ released: '0.00', remaining: '2000.00' });
    const csv = (await api.get(`${year}/commitments`, B, { accept: 'text/csv' })).text.split('\r\n').find((l: string) => l.startsWith(id));
    expect(csv).toContain(',0.00,2000.00,');

    // The corrected entry is matched in its place.
    const corrected = await entry('training', '750.00', '2024-12-10');
    const rematched = await release(id, { entryId: corrected, reason: 'Venue invoice, corrected' });
    expect(rematched.status, rematched.text).toBe(201);
    expect(rematched.body).toMatchObject({ released: '750.00', remaining: '1250.00' });
    expect((await plain()).toString()).toBe(standing.minus(Money.parse('750.00')).toString());
  });

  it('a closed year takes no releases', async () => {
    const id = await commitment('other', '50.00', 'Late');
    const asked = await api.post(`${year}/close`, undefined, F);
    // Releases are forecasting, not sealed figures: allowed while the close awaits approval.
    expect((await release(id, { amount: '10.00', reason: 'awaiting' })).status).toBe(201);
    expect((await api.post(`${year}/close/approve`, undefined, B, { 'if-match': asked.headers.get('etag') ?? '' })).status).toBe(200);
    const late = await release(id, { reason: 'after' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('YEAR.CLOSED');
  });
});
