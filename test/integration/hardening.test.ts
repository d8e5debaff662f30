/**
 * Regressions of issue 11 ("every defect found when the service was attacked and run to its
 * limits") that belong to no other feature's file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;
const boardId = 'hard-board';
const F = { roles: ['finance'], boardId };

beforeAll(async () => {
  const started = await startApi();
  api = started.api;
  stop = started.runtime.stop;
  await freshBoard(api, boardId);
});
afterAll(() => stop());

describe('issue 11', () => {
  it('12: the sealed recharge of a closed year carries plain numbers, not DynamoDB number wrappers', async () => {
    const closed = await api.get('/v1/boards/luton-sab/years/2024-25/recharge');
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(typeof closed.body.entries).toBe('number');
    expect(closed.text).not.toContain('"value"');
  });

  it('14: a filtered page continues after its position even when the item it stopped at has left the filter', async () => {
    // Prepare: three issued baseline invoices; the first page holds two
    const list = `/v1/boards/${boardId}/invoices?status=issued&limit=2`;
    const first = await api.get(list, F);
    expect(first.body.items).toHaveLength(2);
    const [a, b] = first.body.items as { invoiceId: string; number: string; total: string; issueDate: string }[];

    // Act: the invoice the cursor stopped at is paid, so it leaves `status=issued`
    const paid = await api.post(`/v1/boards/${boardId}/invoices/${b?.invoiceId}/payments`, { date: b?.issueDate, amount: b?.total }, F);
    expect(paid.status).toBe(201);
    const next = await api.get(`${list}&cursor=${first.body.nextCursor}`, F);

    // Assess: the third invoice, not the first one again
    expect(next.status).toBe(200);
    const numbers = (next.body.items as { number: string }[]).map((i) => i.number);
    expect(numbers).not.toContain(a?.number);
    expect(numbers.every((n) => n > (b?.number ?? ''))).toBe(true);
    expect(numbers).toHaveLength(1);
  });
});
