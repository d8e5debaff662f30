/**
 * The service's calendar is Europe/London (DESIGN 10.4): every date the service gives a document
 * is the day in London, whoever computes it. Around midnight UTC in summer (00:30 BST is 23:30
 * UTC the day before) a date cut from the UTC timestamp is a day early: a year opened at 00:30
 * on 1 April would have its baseline invoices dated 31 March, in the year before.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let runtime: Runtime;
beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());
afterEach(() => {
  vi.useRealTimers();
});

describe('documents the year issues are dated in London', () => {
  it('baseline invoices of a year opened at 00:30 BST on 1 April, and year-end documents of a close approved at 00:30 BST, carry the London date', async () => {
    const boardId = 'london-dates';
    const yearPath = `/v1/boards/${boardId}/years/2026-27`;
    // 00:30 BST on 1 April 2026 is 23:30 UTC on 31 March.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-03-31T23:30:00Z') });
    await freshBoard(api, boardId, { yearId: '2026-27' });
    const baselines = await api.all(`/v1/boards/${boardId}/invoices?yearId=2026-27`, { roles: ['finance'], boardId });
    expect(baselines.map((i) => [i.kind, i.issueDate])).toEqual([
      ['baseline', '2026-04-01'],
      ['baseline', '2026-04-01'],
      ['baseline', '2026-04-01'],
    ]);

    // 00:30 BST on 31 July 2026: an entry of today, then the close asked and approved.
    vi.setSystemTime(Date.parse('2026-07-30T23:30:00Z'));
    const F = { roles: ['finance'], boardId, sub: 'finance-in-july' };
    const chair = { roles: ['board'], boardId, sub: 'chair-in-july' };
    const entry = await api.post(
      `${yearPath}/expenditure`,
      { date: '2026-07-31', category: 'training', amount: '1000.00', supplier: 'S', description: 'Course' },
      F,
    );
    expect(entry.status).toBe(201); // today, in London
    const asked = await api.post(`${yearPath}/close`, undefined, F);
    expect(asked.status).toBe(202);
    const approved = await api.post(`${yearPath}/close/approve`, undefined, chair, { 'if-match': asked.headers.get('etag') ?? '' });
    expect(approved.status).toBe(200);
    const yearEnd = (await api.all(`/v1/boards/${boardId}/invoices?yearId=2026-27`, F)).filter((i) => i.kind !== 'baseline');
    expect(yearEnd.length).toBe(3);
    // The same day a document raised by hand at this moment is given.
    const byHand = await api.post(
      `${yearPath}/invoices`,
      { partnerId: 'blmk-icb', lines: [{ description: 'Venue', amount: '10.00', vat: 'outside-scope' }] },
      F,
    );
    expect(byHand.status).toBe(201);
    expect(byHand.body.issueDate).toBe('2026-07-31');
    expect(yearEnd.map((i) => [i.kind, i.issueDate])).toEqual(yearEnd.map((i) => [i.kind, '2026-07-31']));
  });
});
