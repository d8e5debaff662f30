/**
 * The reminder scan's index pages on dynalite: the watches due are read page after page, in the
 * order their checks fell due, each once, none that falls due later; and the scan looks at every
 * one of them, however small its pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { scanReminders } from '../../shared/application/delivery.ts';
import type { Deps, WatchRef, WriteMeta } from '../../shared/application/ports.ts';
import { createDeps } from '../../shared/infrastructure/composition.ts';
import { startApi } from '../helpers/api.ts';

let runtime: Runtime;
let repos: Deps;

beforeAll(async () => {
  runtime = (await startApi({ seed: false })).runtime;
  repos = createDeps(runtime.store);
});
afterAll(() => runtime.stop());

const meta: WriteMeta = { actor: 'test', requestId: 'pages', at: '2026-01-10T09:00:00.000Z' };
const TODAY = '2026-01-10';
// Seven watches due by today (two on one day, across two boards), two due later.
const WATCHES = [
  ['b-one', 'icb', 'inv-a', '2026-01-03'],
  ['b-one', 'police', 'inv-b', '2026-01-05'],
  ['b-two', 'icb', 'inv-c', '2026-01-05'],
  ['b-one', 'council', 'inv-d', '2026-01-07'],
  ['b-two', 'police', 'inv-e', '2026-01-08'],
  ['b-two', 'council', 'inv-f', '2026-01-09'],
  ['b-one', 'fire', 'inv-g', '2026-01-10'],
  ['b-one', 'icb', 'inv-h', '2026-01-11'],
  ['b-two', 'fire', 'inv-i', '2026-02-01'],
] as const;

describe('the reminder watches due, page by page', () => {
  beforeAll(async () => {
    for (const [boardId, partnerId, invoiceId, nextCheck] of WATCHES) {
      await repos.outbox.createWatch(meta, { boardId, partnerId, invoiceId, dueDate: '2025-12-27', done: [], nextCheck });
    }
  });

  it('reads every watch due once, in the order the checks fell due, and none due later', async () => {
    for (const limit of [1, 2, 3, 7, 50]) {
      const seen: WatchRef[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await repos.outbox.dueWatches(TODAY, limit, after);
        seen.push(...page.refs);
        after = page.next;
        pages += 1;
      } while (after !== undefined && pages < 20);
      expect(
        seen.map((r) => r.invoiceId),
        `pages of ${limit}`,
      ).toEqual(['inv-a', 'inv-b', 'inv-c', 'inv-d', 'inv-e', 'inv-f', 'inv-g']);
    }
  });

  it('the scan looks at every watch due in one run with pages of two', async () => {
    // These watches name invoices that do not exist: the scan stops watching each (looked, finished).
    const summary = await scanReminders(repos, { now: new Date(`${TODAY}T09:00:00Z`), limit: 2 });
    expect(summary).toMatchObject({ looked: 7, finished: 7, queued: 0, errors: [], more: false });
    expect((await repos.outbox.dueWatches(TODAY, 50)).refs).toEqual([]);
    expect((await repos.outbox.dueWatches('2026-02-01', 50)).refs.map((r) => r.invoiceId)).toEqual(['inv-h', 'inv-i']);
  });
});
