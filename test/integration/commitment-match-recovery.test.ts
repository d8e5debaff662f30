/**
 * A match abandoned part-way (its client never sends the request again with its Idempotency-Key)
 * must not keep the entry's amount out of reach for good. A match is two writes: its claim on the
 * entry (`MATCHED#<entry>#<n>`), then its append to the commitment. A later match that meets a
 * claim older than the lease, whose match has not landed, withdraws it on the claim's commitment
 * (the very item the abandoned append is conditional on), so the abandoned request can never land
 * on it afterwards: the amount is matched again, never twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { MATCH_CLAIM_LEASE_MS } from '../../shared/application/ledger.ts';
import { Money } from '../../shared/domain/money.ts';
import type { WriteOp } from '../../shared/infrastructure/dynamodb/store.ts';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';
import { countWrites, failWrite } from '../helpers/faults.ts';

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

const F = (boardId: string) => ({ roles: ['finance'], boardId });
const B = (boardId: string) => ({ roles: ['board'], boardId });
const yearOf = (boardId: string) => `/v1/boards/${boardId}/years/2024-25`;

/** A board with one 1,000.00 training payment and three 1,000.00 training commitments it could be matched to. */
async function prepare(boardId: string): Promise<{ entry: string; commitments: string[] }> {
  await freshBoard(api, boardId);
  const year = yearOf(boardId);
  const paid = await api.post(
    `${year}/expenditure`,
    { date: '2024-11-20', category: 'training', amount: '1000.00', supplier: 'Trainer Ltd', description: 'Course' },
    F(boardId),
  );
  expect(paid.status, paid.text).toBe(201);
  const commitments: string[] = [];
  for (let i = 0; i < 3; i++) {
    const c = await api.post(
      `${year}/commitments`,
      { category: 'training', description: `Course ${i}`, amount: '1000.00', dueDate: '2025-03-15' },
      F(boardId),
    );
    expect(c.status, c.text).toBe(201);
    commitments.push(c.body.commitmentId);
  }
  return { entry: paid.body.entryId, commitments };
}

const match = (boardId: string, commitmentId: string, entryId: string, key?: string) =>
  api.post(
    `${yearOf(boardId)}/commitments/${commitmentId}/release`,
    { entryId, reason: 'paid by the course invoice' },
    F(boardId),
    key ? { 'idempotency-key': key } : undefined,
  );

/** What is matched to the entry, over every commitment; and what the forecast still counts. */
async function matchedTo(boardId: string, entryId: string): Promise<{ matched: string; commitments: string; each: string[] }> {
  const list = (await api.get(`${yearOf(boardId)}/commitments`, B(boardId))).body.items as {
    released: string;
    releases: { entryId?: string; amount: string; entryReversed?: boolean }[];
  }[];
  const matches = list.flatMap((c) => c.releases.filter((r) => r.entryId === entryId && !r.entryReversed));
  const forecast = (await api.get(`${yearOf(boardId)}/forecast?asOf=2025-01-31`, B(boardId))).body.categories.find(
    (c: { category: string }) => c.category === 'training',
  );
  return {
    matched: Money.sum(matches.map((m) => Money.parse(m.amount))).toString(),
    commitments: forecast.commitments,
    each: list.map((c) => c.released),
  };
}

/** Moves the service's clock past the lease of every claim made so far. */
function afterTheLease(): void {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + MATCH_CLAIM_LEASE_MS + 1_000 });
}

describe('a match abandoned part-way', () => {
  it('at each of its writes, before or after it takes effect: once the lease has passed the entry is matched again, never twice', async () => {
    // A fault-free match, counting its writes through the store's seam.
    const clean = await prepare('mr-clean');
    const counter = countWrites(runtime.store);
    const ok = await match('mr-clean', clean.commitments[0] as string, clean.entry, 'clean');
    counter.stop();
    expect(ok.status, ok.text).toBe(201);
    // The key's record, the claim on the entry, the append to the commitment, the key's answer.
    const writes = counter.ops.map((op) => String(keyOf(op).sk).split('#')[0]);
    expect(writes).toEqual([expect.any(String), 'MATCHED', 'COMMIT', expect.any(String)]);
    const append = writes.indexOf('COMMIT') + 1;

    let scenarios = 0;
    for (const when of ['before', 'after'] as const) {
      for (let k = 1; k <= writes.length; k++) {
        const boardId = `mr-${when}-${k}`;
        const { entry, commitments } = await prepare(boardId);
        const [first, second, third] = commitments as [string, string, string];
        const fault = failWrite(runtime.store, k, when);
        const abandoned = await match(boardId, first, entry, `abandoned-${boardId}`);
        fault.stop();
        expect(fault.fired(), `${when} write ${k}`).toBe(true);
        expect(abandoned.status, `${when} write ${k}: ${abandoned.text}`).toBe(500);
        scenarios += 1;
        // The abandoned match landed if its append to the commitment took effect.
        const landed = k > append || (k === append && when === 'after');
        expect((await matchedTo(boardId, entry)).matched).toBe(landed ? '1000.00' : '0.00');

        // Another match of the same payment, by someone else, after the lease.
        afterTheLease();
        const later = await match(boardId, second, entry);
        if (landed) {
          expect(later.status, later.text).toBe(422);
          expect(later.body.code).toBe('COMMITMENT.ENTRY_ALREADY_MATCHED');
        } else {
          expect(later.status, `${when} write ${k}: ${later.text}`).toBe(201);
          expect(later.body).toMatchObject({ released: '1000.00', remaining: '0.00' });
        }
        // The abandoned request sent again after all, with its key (once the key's lock has lapsed,
        // as a client told IDEMPOTENCY.IN_FLIGHT would), and a third match: neither counts twice.
        vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 40_000 });
        const late = await match(boardId, first, entry, `abandoned-${boardId}`);
        if (landed) expect(late.status, late.text).toBe(201);
        else expect(late.status, late.text).toBe(422);
        afterTheLease();
        expect((await match(boardId, third, entry)).status).toBe(422);
        const after = await matchedTo(boardId, entry);
        expect(after.matched, `${when} write ${k}`).toBe('1000.00');
        expect(after.commitments).toBe('2000.00'); // three commitments of 1,000.00, one of them paid
        expect(after.each.filter((r) => r === '1000.00')).toHaveLength(1);
        vi.useRealTimers();
      }
    }
    expect(scenarios).toBe(2 * writes.length);
  }, 120_000);

  it('the match that takes an abandoned claim over, itself interrupted at each of its writes and retried with its key, converges', async () => {
    // The takeover's writes, fault-free: the key's record, the withdrawal on the abandoned claim's
    // commitment, its own claim, its append, the key's answer.
    const clean = await prepare('mr-take-clean');
    const dies = dieBeforeAppend();
    expect((await match('mr-take-clean', clean.commitments[0] as string, clean.entry, 'gone')).status).toBe(500);
    dies();
    afterTheLease();
    const counter = countWrites(runtime.store);
    expect((await match('mr-take-clean', clean.commitments[1] as string, clean.entry, 'taker')).status).toBe(201);
    counter.stop();
    vi.useRealTimers();
    const writes = counter.ops.map((op) => String(keyOf(op).sk).split('#')[0]);
    expect(writes).toEqual([expect.any(String), 'COMMIT', 'MATCHED', 'COMMIT', expect.any(String)]);

    for (const when of ['before', 'after'] as const) {
      for (let k = 1; k <= writes.length; k++) {
        const boardId = `mr-take-${when}-${k}`;
        const { entry, commitments } = await prepare(boardId);
        const [first, second] = commitments as [string, string];
        const dead = dieBeforeAppend();
        expect((await match(boardId, first, entry, `gone-${boardId}`)).status).toBe(500);
        dead();
        afterTheLease();
        const fault = failWrite(runtime.store, k, when);
        const interrupted = await match(boardId, second, entry, `taker-${boardId}`);
        fault.stop();
        expect(fault.fired(), `${when} write ${k}`).toBe(true);
        expect(interrupted.status, `${when} write ${k}: ${interrupted.text}`).toBe(500);
        vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 40_000 }); // the key's lock lapses
        const retried = await match(boardId, second, entry, `taker-${boardId}`);
        expect(retried.status, `${when} write ${k}: ${retried.text}`).toBe(201);
        expect(retried.body).toMatchObject({ released: '1000.00', remaining: '0.00' });
        expect((await match(boardId, first, entry, `gone-${boardId}`)).status).toBe(422);
        expect(await matchedTo(boardId, entry), `${when} write ${k}`).toMatchObject({ matched: '1000.00', commitments: '2000.00' });
        vi.useRealTimers();
      }
    }
  }, 120_000);

  it('within the lease the claim stands: another match is told to retry, not that the entry is matched', async () => {
    const boardId = 'mr-young';
    const { entry, commitments } = await prepare(boardId);
    const [first, second] = commitments as [string, string];
    const fault = dieBeforeAppend(); // dies after its claim, before its match
    expect((await match(boardId, first, entry, 'young')).status).toBe(500);
    fault();
    const soon = await match(boardId, second, entry);
    expect(soon.status, soon.text).toBe(409);
    expect(soon.body.code).toBe('CONFLICT.BUSY');
    expect((await matchedTo(boardId, entry)).matched).toBe('0.00');
    afterTheLease();
    expect((await match(boardId, second, entry)).status).toBe(201);
    expect((await matchedTo(boardId, entry)).matched).toBe('1000.00');
  });
});

describe('a match racing the one that takes over its claim', () => {
  it('a match that stalls between its claim and its append past the lease loses its claim: only the match that took it over counts', async () => {
    const boardId = 'mr-stall';
    const { entry, commitments } = await prepare(boardId);
    const [first, second] = commitments as [string, string];
    // Hold the first match's append to its commitment until the second has taken its claim over.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held!: () => void;
    const holding = new Promise<void>((resolve) => {
      held = resolve;
    });
    let once = false;
    const stop = runtime.store.observe({
      beforeWrite: async (op) => {
        if (
          once ||
          op.kind !== 'update' ||
          !op.update.includes('#releases') ||
          Number(String(op.key.sk).split('#')[1]) !== Number(first.slice(1))
        )
          return;
        once = true;
        held();
        await gate;
      },
    });
    try {
      const stalled = match(boardId, first, entry, 'stalled');
      await holding;
      afterTheLease();
      const taker = await match(boardId, second, entry);
      expect(taker.status, taker.text).toBe(201);
      expect(taker.body).toMatchObject({ released: '1000.00' });
      release();
      const late = await stalled;
      // Its append was conditional on the commitment as it read it, which the takeover changed:
      // it reads again, finds its claim withdrawn and the payment matched, and is refused.
      expect(late.status, late.text).toBe(422);
      expect(late.body.code).toBe('COMMITMENT.ENTRY_ALREADY_MATCHED');
    } finally {
      release();
      stop();
    }
    expect(await matchedTo(boardId, entry)).toMatchObject({ matched: '1000.00', commitments: '2000.00' });
  });

  it('parallel matches meeting an abandoned claim: exactly one takes the payment', async () => {
    const boardId = 'mr-race';
    const { entry, commitments } = await prepare(boardId);
    const [first, ...others] = commitments as [string, string, string];
    const fault = dieBeforeAppend();
    expect((await match(boardId, first, entry, 'gone')).status).toBe(500);
    fault();
    afterTheLease();
    const more: string[] = [...others];
    for (let i = 0; i < 5; i++) {
      const c = await api.post(
        `${yearOf(boardId)}/commitments`,
        { category: 'training', description: `Extra ${i}`, amount: '1000.00', dueDate: '2025-03-15' },
        F(boardId),
      );
      more.push(c.body.commitmentId);
    }
    const answers = await Promise.all(more.map((id) => match(boardId, id, entry)));
    expect(
      answers.filter((a) => a.status === 201),
      answers.map((a) => a.text).join('\n'),
    ).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 422 || a.body.code === 'CONFLICT.BUSY')).toBe(true);
    expect((await matchedTo(boardId, entry)).matched).toBe('1000.00');
    // The abandoned one, sent again with its key, finds the payment matched.
    expect((await match(boardId, first, entry, 'gone')).status).toBe(422);
    expect((await matchedTo(boardId, entry)).matched).toBe('1000.00');
  });
});

/** The next append of a release to a commitment fails before it takes effect (the request dies after its claim). */
function dieBeforeAppend(): () => void {
  let fired = false;
  return runtime.store.observe({
    beforeWrite: (op) => {
      if (fired || op.kind !== 'update' || !String(op.key.sk).startsWith('COMMIT#') || !op.update.includes('#releases')) return;
      fired = true;
      throw new Error('injected: the request died between its claim and its match');
    },
  });
}

function keyOf(op: WriteOp): { pk: unknown; sk: unknown } {
  return op.kind === 'put' ? { pk: op.item.pk, sk: op.item.sk } : op.key;
}
