import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../shared/domain/money.ts';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;
const boardId = 'race-board';
const F = { roles: ['finance'], boardId };
const base = `/v1/boards/${boardId}/years/2024-25`;
const WRITERS = Number(process.env.CONCURRENT_WRITERS ?? 50);

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
  await freshBoard(api, boardId);
});
afterAll(() => stop());

describe('concurrency on dynalite', () => {
  it(`${WRITERS} parallel expenditure posts all land, exactly once each`, async () => {
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        api.post(
          `${base}/expenditure`,
          { date: '2024-10-01', category: 'other', amount: `${i + 1}.01`, supplier: 'S', description: `writer ${i}`, reference: `W-${i}` },
          F,
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(WRITERS).fill(201));
    const entries = await api.all(`${base}/expenditure`, F);
    const mine = entries.filter((e) => e.reference?.startsWith('W-'));
    expect(mine).toHaveLength(WRITERS);
    expect(new Set(mine.map((e) => e.reference)).size).toBe(WRITERS);
    expect(new Set(mine.map((e) => e.entryId)).size).toBe(WRITERS);
    const expected = Money.sum(Array.from({ length: WRITERS }, (_, i) => Money.parse(`${i + 1}.01`)));
    expect(Money.sum(mine.map((e) => Money.parse(e.amount))).equals(expected)).toBe(true);
    console.log(`concurrency: ${WRITERS} parallel writers, ${mine.length} entries, none lost, none twice`);
  });

  it('parallel updates of one budget line with the same If-Match: exactly one wins, the rest get 412', async () => {
    const line = await api.get(`${base}/budget-lines/training`, F);
    const etag = line.headers.get('etag') ?? '';
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        // The year is open, so its amount stays (budget moves by virement); the name changes.
        api.put(`${base}/budget-lines/training`, { name: `Training ${i}`, amount: line.body.amount }, F, { 'if-match': etag }),
      ),
    );
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    expect(answers.filter((a) => a.status === 412)).toHaveLength(19);
    const after = await api.get(`${base}/budget-lines/training`, F);
    expect(after.body.name).toBe(winners[0]?.body.name);
    expect(after.headers.get('etag')).toBe(winners[0]?.headers.get('etag'));
  });

  it('parallel updates without a shared version never lose one silently: each is applied in turn or refused', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const current = await api.get(`/v1/boards/${boardId}/partners/blmk-icb`, F);
        return api.put(
          `/v1/boards/${boardId}/partners/blmk-icb`,
          { name: `ICB ${i}`, kind: 'statutory', billing: { address: 'A', contact: 'C', email: 'e@example.org' } },
          F,
          { 'if-match': current.headers.get('etag') ?? '' },
        );
      }),
    );
    const applied = results.filter((r) => r.status === 200).length;
    expect(applied + results.filter((r) => r.status === 412).length).toBe(10);
    const final = await api.get(`/v1/boards/${boardId}/partners/blmk-icb`, F);
    expect(final.headers.get('etag')).toBe(`"${1 + applied}"`);
  });
});
