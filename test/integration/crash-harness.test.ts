/**
 * A crash-point harness in the spirit of deterministic simulation (TigerBeetle's VOPR): for a
 * seed, pick an operation, one of its DynamoDB calls and a fault (before the call takes
 * effect, or after it took effect but the caller never heard), run it, retry it as a client
 * would (same Idempotency-Key), and compare the final state with a fault-free run of the same
 * operation on an identical board. The seed is printed on failure; CRASH_SEED replays one.
 *
 * The first seeds walk every (operation, call, fault) in turn, so that each step of every
 * operation is interrupted in every way at least once; the rest are drawn at random. The walk
 * takes the operations in rotation, so a shorter run still interrupts every one of them.
 * CRASH_SEEDS sets how many seeds run (in CI at least 1,000 and the whole walk; 150 on a laptop).
 *
 * After every seed the audit trail is checked against what really happened to the board's
 * items, as the table's change stream reports it (tapped below the SDK client, where no fault
 * reaches): every change a write stamped has exactly one record with its images before and
 * after, every record is such a change, and every item the board holds now carries the stamp
 * of a change whose record is in the trail. No change without its record, no record without
 * its change, whatever was interrupted.
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { localClient } from '../../infra/local/table.ts';
import { createDocumentClient, Store } from '../../shared/infrastructure/dynamodb/store.ts';
import { type Answer, type Api, freshBoard, REFERENCE_AGREEMENT, startApi } from '../helpers/api.ts';
import { Chaos, cloneBoard, FAULTS, type Fault, scanBoard } from '../helpers/chaos.ts';

/**
 * The fake clock the run starts from (and every seed starts again from: see the loop): noon UTC
 * today, so that no seed's retries (40 s each, a few at most) carry it past midnight into another
 * day than the reference runs' (dated values: an invoice's issue and due dates), whatever the
 * time of day the suite runs.
 */
const CLOCK = new Date().setUTCHours(12, 0, 0, 0);
const SEEDS = Number(process.env.CRASH_SEEDS ?? (process.env.CI ? 1000 : 150));
const ONLY = process.env.CRASH_SEED === undefined ? undefined : Number(process.env.CRASH_SEED);
const FIXTURE = 'fx';
const PARTNERS = ['blmk-icb', 'beds-police', 'luton-council'];

let api: Api;
let runtime: Runtime;
let chaos: Chaos;
let fixture: Record<string, unknown>[];
/** Made while building the fixture: a payment to reverse, a credit note with credit on account. */
let fixturePayment = '';
let fixtureCreditNote = '';
let fixtureCharge = '';
let fixtureCredited = '';
/** The ETag of the figures the fixture's close request answered (the same on every copy of the board). */
let closeEtag = '';

const as = (boardId: string, roles = ['finance', 'admin'], sub = 'clerk') => ({ sub, roles, boardId });
const today = () => new Date().toISOString().slice(0, 10);

interface Op {
  readonly name: string;
  readonly send: (boardId: string, key: string) => Promise<Answer>;
}

const OPS: Op[] = [
  {
    name: 'post an entry',
    send: (b, key) =>
      api.post(
        `/v1/boards/${b}/years/2024-25/expenditure`,
        {
          date: '2024-09-01',
          category: 'training',
          amount: '123.45',
          supplier: 'S',
          description: 'D',
          sarId: 'case-1',
          reference: 'INV-77',
        },
        as(b),
        {
          'idempotency-key': key,
        },
      ),
  },
  {
    name: 'reverse an entry',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/years/2024-25/expenditure/E00000001/reversal`, { reason: 'wrong' }, as(b), { 'idempotency-key': key }),
  },
  {
    name: 'record a commitment',
    send: (b, key) =>
      api.post(
        `/v1/boards/${b}/years/2024-25/commitments`,
        { category: 'staffing', description: 'Cover', amount: '900.00', dueDate: '2025-02-01' },
        as(b),
        {
          'idempotency-key': key,
        },
      ),
  },
  {
    name: 'record a payment',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/invoices/2024-25-baseline-luton-council/payments`, { date: today(), amount: '101591.00' }, as(b), {
        'idempotency-key': key,
      }),
  },
  {
    name: 'credit part of an invoice (a credit note of the CN series)',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/invoices/2024-25-baseline-luton-council/credit-notes`, { amount: '1000.00', reason: 'x' }, as(b), {
        'idempotency-key': key,
      }),
  },
  {
    name: 'allocate credit on account to an invoice',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/invoices/${fixtureCharge}/allocations`, { creditNoteId: fixtureCreditNote, amount: '3000.00' }, as(b), {
        'idempotency-key': key,
      }),
  },
  {
    name: 'refund credit on account',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/invoices/${fixtureCreditNote}/refunds`, { amount: '2000.00', date: today(), reference: 'BACS R1' }, as(b), {
        'idempotency-key': key,
      }),
  },
  {
    name: 'raise an invoice by hand (a replacement)',
    send: (b, key) =>
      api.post(
        `/v1/boards/${b}/years/2024-25/invoices`,
        {
          partnerId: 'beds-police',
          lines: [{ description: 'Training places, corrected', amount: '450.00', vat: 'outside-scope' }],
          replaces: fixtureCredited,
        },
        as(b),
        { 'idempotency-key': key },
      ),
  },
  {
    name: 'reverse a payment',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/invoices/2024-25-baseline-blmk-icb/payments/${fixturePayment}/reversal`, { reason: 'bounced' }, as(b), {
        'idempotency-key': key,
      }),
  },
  {
    name: 'issue a credit note',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/invoices/2024-25-baseline-beds-police/credit-notes`, { reason: 'x' }, as(b), { 'idempotency-key': key }),
  },
  {
    name: 'release part of a commitment, matched to the entry that paid it',
    send: (b, key) =>
      api.post(
        `/v1/boards/${b}/years/2024-25/commitments/C00000001/release`,
        { entryId: 'E00000003', amount: '400.00', reason: 'paid in part' },
        as(b),
        { 'idempotency-key': key },
      ),
  },
  {
    name: 'make a virement',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/years/2027-28/virements`, { from: 'staffing', to: 'sar', amount: '250.00', reason: 'cover' }, as(b), {
        'idempotency-key': key,
      }),
  },
  {
    name: 'approve and run the close',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/years/2024-25/close/approve`, undefined, as(b, ['board'], 'chair'), {
        'idempotency-key': key,
        'if-match': closeEtag,
      }),
  },
  {
    name: 'open a year (baseline invoices)',
    send: (b, key) => api.post(`/v1/boards/${b}/years/2025-26/open`, undefined, as(b), { 'idempotency-key': key }),
  },
  {
    name: 'record other income',
    send: (b, key) =>
      api.post(
        // 2027-28: an open year whose close is not asked (other income is one of the figures a close seals).
        `/v1/boards/${b}/years/2027-28/other-income`,
        { date: '2027-09-02', source: 'Grant', kind: 'grant', amount: '250.00', description: 'D', partnerId: 'beds-police' },
        as(b),
        { 'idempotency-key': key },
      ),
  },
  {
    name: 'reverse other income',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/years/2027-28/other-income/I00000001/reversal`, { reason: 'wrong' }, as(b), { 'idempotency-key': key }),
  },
  {
    name: 'roll a year forward',
    send: (b, key) =>
      api.post(`/v1/boards/${b}/years/2026-27/roll-forward`, { from: '2025-26', uplift: '0.025' }, as(b), { 'idempotency-key': key }),
  },
  {
    name: 'record published history',
    send: (b) =>
      api.put(
        `/v1/boards/${b}/years/2023-24/history`,
        { budgetSet: '10.00', outturn: '12.00', contributions: [{ partnerId: 'blmk-icb', baseline: '10.00', additional: '2.00' }] },
        as(b),
      ),
  },
];

/** Deterministic pseudo-random numbers for a seed (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOLATILE = new Set([
  // An email queued with a document: when it was queued is the request's time.
  'queuedAt',
  'nextAttemptAt',
  'createdAt',
  'updatedAt',
  'at',
  'requestId',
  'operationId',
  'owner',
  'openedAt',
  'closingAt',
  'closedAt',
  'issuedAt',
  'recordedAt',
  'closeRequestedAt',
  'closeApprovedAt',
  'computedAt',
  'paymentId',
  'number',
  'seq',
  'commitSeq',
  'incomeSeq',
  'reversalSeq',
  'rollForwardCompletedAt',
  'sealHash',
  'voidedAt',
  // Who, when and which request: the audit trail's, checked on its own below.
  'lastChange',
]);

/** Ids derived from the operation (its Idempotency-Key, which differs between runs): compared by shape. */
const normalId = (text: string): string => text.replace(/\b(cn|inv|al|rf|pay)-[0-9a-f]{12}\b/g, '$1-*');

function normal(value: unknown): unknown {
  if (typeof value === 'string') return normalId(value);
  if (Array.isArray(value)) return value.map(normal);
  if (value instanceof Set) return [...value].sort();
  if (value && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.has(k))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normal(v)]),
    );
  }
  return value && typeof value === 'object' && 'toString' in value ? String(value) : value;
}

/** A board's business state, independent of burnt numbers and timestamps. */
async function stateOf(boardId: string) {
  // The board's partitions, read directly (a table scan would grow with every seed's board).
  const partitions = [
    `B#${boardId}`,
    ...['2023-24', '2024-25', '2025-26', '2026-27', '2027-28'].flatMap((y) => [`B#${boardId}#Y#${y}`, `B#${boardId}#Y#${y}#REFS`]),
    ...PARTNERS.map((p) => `B#${boardId}#P#${p}`),
  ];
  const items = (await Promise.all(partitions.map((pk) => runtime.store.queryAll({ pk })))).flat();
  const business = items.filter((i) => {
    const pk = String(i.pk);
    const sk = String(i.sk);
    return (
      !pk.includes('#AUDIT#') && !pk.endsWith('#IDEM') && !/^(INV|CN)NO#/.test(sk) && !/^(INV|CN)COUNTER$/.test(sk) && i.type !== 'void'
    );
  });
  const rows = business.map((i) => {
    const { pk, sk, boardId: _b, gsi1pk: _g, gsi1sk: _s, ...rest } = i;
    const where = String(pk).replace(`B#${boardId}`, 'B#*');
    const key = /^(ENTRY|COMMIT|INCOME)#/.test(String(sk)) ? `${String(sk).split('#')[0]}#*` : normalId(String(sk));
    // A reference index names the entry holding each reference by number, which a retry may have burnt.
    if (rest.type === 'references' && rest.refs && typeof rest.refs === 'object')
      rest.refs = Object.fromEntries(Object.keys(rest.refs).map((ref) => [ref, 'E*']));
    return JSON.stringify([where, key, normal(rest)]);
  });
  return { rows: rows.sort(), items };
}

/** In each series (invoices, credit notes): every document has a number, no number twice, every number handed out used or void. */
function assertNumbersAccounted(items: Record<string, unknown>[]): void {
  for (const series of ['INV', 'CN']) {
    const invoices = items.filter((i) => i.type === 'invoice' && String(i.series ?? 'INV') === series);
    const numbers = invoices.map((i) => String(i.number));
    expect(numbers.every((n) => n !== 'undefined')).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    const counter = items.find((i) => i.sk === `${series}COUNTER`);
    const last = counter ? Number(String(counter.last)) : 0;
    const reservations = new Map(items.filter((i) => String(i.sk).startsWith(`${series}NO#`)).map((i) => [Number(String(i.number)), i]));
    for (let n = 1; n <= last; n++) {
      const r = reservations.get(n);
      expect(r, `${series} number ${n} is accounted for`).toBeDefined();
      if (r?.status === 'used') expect(numbers).toContain(String(n));
    }
  }
}

// ------------------------------------------------------------------ the audit trail against what happened

/** The board whose changes the tap keeps (one at a time: a seed's board), and what it saw. */
let watched: string | undefined;
let seen: DynamoDBRecord[] = [];

function watch(boardId: string): void {
  watched = boardId;
  seen = [];
}

/** A value compared exactly: numbers as their digits, sets sorted, attributes in order. */
function canonical(value: unknown): unknown {
  if (value instanceof NumberValue) return `n:${value.toString()}`;
  if (value instanceof Set) return { set: [...value].map(canonical).sort() };
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value ?? null;
}

const image = (raw: unknown): Record<string, unknown> | undefined =>
  raw ? (unmarshall(raw as never, { wrapNumbers: true }) as Record<string, unknown>) : undefined;

function withoutKeys(item: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!item) return null;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest;
}

interface Stamp {
  requestId?: unknown;
  n?: unknown;
  at?: unknown;
}
const stampOf = (item: Record<string, unknown> | undefined): Stamp | undefined => item?.lastChange as Stamp | undefined;
const sameStamp = (a: Stamp | undefined, b: Stamp | undefined) => !!a && !!b && a.requestId === b.requestId && a.n === b.n && a.at === b.at;

/**
 * The board's audit trail is exactly its stamped changes: each change whose write stamped the
 * item (a `lastChange` it did not have) has one record with its images before and after, each
 * record is one such change, and every item of the board now carries a stamp whose record is
 * there, with the item's image as it is now, but for what unaudited writes (counters) changed.
 */
async function assertEveryChangeAudited(boardId: string, items: Record<string, unknown>[]): Promise<void> {
  const changes = seen.map((r) => ({
    key: `${String(image(r.dynamodb?.Keys)?.pk)}|${String(image(r.dynamodb?.Keys)?.sk)}`,
    before: image(r.dynamodb?.OldImage),
    after: image(r.dynamodb?.NewImage),
  }));
  const stamped = changes.filter((c) => c.after && stampOf(c.after) && !sameStamp(stampOf(c.before), stampOf(c.after)));
  const months = new Set([new Date().toISOString().slice(0, 7), ...stamped.map((c) => String(stampOf(c.after)?.at).slice(0, 7))]);
  const trail = (await Promise.all([...months].map((m) => runtime.store.queryAll({ pk: `B#${boardId}#AUDIT#${m}` })))).flat();

  const happened = stamped.map((c) => JSON.stringify(canonical([c.key, withoutKeys(c.before), withoutKeys(c.after)]))).sort();
  const recorded = trail.map((r) => JSON.stringify(canonical([r.entityKey, r.before, r.after]))).sort();
  const missing = happened.filter((h) => !recorded.includes(h));
  const phantom = recorded.filter((r) => !happened.includes(r));
  if (missing.length || phantom.length || happened.length !== recorded.length)
    throw new Error(
      `audit trail differs from the changes (${happened.length} changes, ${recorded.length} records):\n  changes without a record: ${missing.join('\n    ')}\n  records without a change: ${phantom.join('\n    ')}`,
    );

  for (const item of items) {
    const stamp = stampOf(item);
    if (!stamp) continue;
    const key = `${String(item.pk)}|${String(item.sk)}`;
    const record = trail.find((r) => r.entityKey === key && sameStamp(stampOf(r.after as Record<string, unknown>), stamp));
    if (!record)
      throw new Error(`${key} carries the stamp of request ${String(stamp.requestId)} #${String(stamp.n)}, which the trail lacks`);
    // Its image is the recorded one, but for what unaudited writes (counters) changed since.
    const now = canonical(withoutKeys(item)) as Record<string, unknown>;
    const then = canonical(record.after) as Record<string, unknown>;
    const differ = [...new Set([...Object.keys(now), ...Object.keys(then)])].filter(
      (a) => JSON.stringify(now[a]) !== JSON.stringify(then[a]),
    );
    const unaudited = new Set(
      changes
        .filter((c) => c.key === key && c.before && c.after && sameStamp(stampOf(c.before), stampOf(c.after)))
        .flatMap((c) =>
          Object.keys({ ...c.before, ...c.after }).filter(
            (a) => JSON.stringify(canonical(c.before?.[a])) !== JSON.stringify(canonical(c.after?.[a])),
          ),
        ),
    );
    const unexplained = differ.filter((a) => !unaudited.has(a));
    if (unexplained.length)
      throw new Error(`${key} differs from its last audit record in ${unexplained.join(', ')}, which no unaudited write changed`);
  }
}

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
  runtime.changes.tap((_table, record) => {
    const pk = record.dynamodb?.Keys?.pk?.S ?? '';
    if (watched && (pk === `B#${watched}` || pk.startsWith(`B#${watched}#`))) seen.push(record);
  });
  // Build the fixture board through the API, fault-free.
  await freshBoard(api, FIXTURE);
  const F = as(FIXTURE);
  await api.put(`/v1/boards/${FIXTURE}/sars/case-1`, { title: 'Case 1', kind: 'sar', status: 'in-progress' }, F);
  for (const [i, amount] of ['190000.00', '12000.00', '77900.00'].entries()) {
    await api.post(
      `/v1/boards/${FIXTURE}/years/2024-25/expenditure`,
      { date: '2024-07-01', category: ['staffing', 'sar', 'other'][i], amount, supplier: 'S', description: 'D' },
      F,
    );
  }
  await api.post(
    `/v1/boards/${FIXTURE}/years/2024-25/other-income`,
    { date: '2024-08-01', source: 'Fees', kind: 'fees', amount: '400.00', description: 'Course fees' },
    F,
  );
  // A commitment to release; then the close is asked (releases are allowed while it awaits approval).
  await api.post(
    `/v1/boards/${FIXTURE}/years/2024-25/commitments`,
    { category: 'other', description: 'Venue hire', amount: '1000.00', dueDate: '2025-03-01' },
    F,
  );
  const asked = await api.post(`/v1/boards/${FIXTURE}/years/2024-25/close`, undefined, F);
  closeEtag = asked.headers.get('etag') ?? '';
  const paid = await api.post(
    `/v1/boards/${FIXTURE}/invoices/2024-25-baseline-blmk-icb/payments`,
    { date: today(), amount: '81305.00' },
    F,
  );
  fixturePayment = paid.body.payments?.[0]?.paymentId ?? '';
  const credit = await api.post(
    `/v1/boards/${FIXTURE}/invoices/2024-25-baseline-blmk-icb/credit-notes`,
    { amount: '5000.00', reason: 'overcharged' },
    F,
  );
  fixtureCreditNote = credit.body.invoiceId ?? '';
  const charge = await api.post(
    `/v1/boards/${FIXTURE}/years/2024-25/invoices`,
    { partnerId: 'blmk-icb', lines: [{ description: 'Training places', amount: '4000.00', vat: 'outside-scope' }] },
    F,
  );
  fixtureCharge = charge.body.invoiceId ?? '';
  // An invoice credited in full, for its replacement raised by hand.
  const wrong = await api.post(
    `/v1/boards/${FIXTURE}/years/2024-25/invoices`,
    { partnerId: 'beds-police', lines: [{ description: 'Training places', amount: '500.00', vat: 'outside-scope' }] },
    F,
  );
  fixtureCredited = wrong.body.invoiceId ?? '';
  const creditedInFull = await api.post(`/v1/boards/${FIXTURE}/invoices/${fixtureCredited}/credit-notes`, { reason: 'wrong amount' }, F);
  if (creditedInFull.status !== 201) throw new Error(creditedInFull.text);
  if (!fixturePayment || !fixtureCreditNote || !fixtureCharge) throw new Error(`fixture: ${paid.text} ${credit.text} ${charge.text}`);
  // An open year without a close request, for virements and other income: lines set while draft, then opened.
  await api.put(`/v1/boards/${FIXTURE}/years/2027-28`, { budgetSet: '1000.00' }, F);
  await api.put(`/v1/boards/${FIXTURE}/years/2027-28/budget-lines/staffing`, { name: 'Staffing', amount: '1000.00' }, F);
  await api.put(`/v1/boards/${FIXTURE}/years/2027-28/budget-lines/sar`, { name: 'SARs', amount: '0.00' }, F);
  await api.put(`/v1/boards/${FIXTURE}/years/2027-28/agreement`, REFERENCE_AGREEMENT, F);
  const opened = await api.post(`/v1/boards/${FIXTURE}/years/2027-28/open`, undefined, F);
  if (opened.status !== 200) throw new Error(opened.text);
  const income = await api.post(
    `/v1/boards/${FIXTURE}/years/2027-28/other-income`,
    { date: '2027-08-01', source: 'Fees', kind: 'fees', amount: '400.00', description: 'Course fees' },
    F,
  );
  if (income.status !== 201) throw new Error(income.text);
  await api.put(`/v1/boards/${FIXTURE}/years/2025-26`, { budgetSet: '1000.00' }, F);
  await api.put(`/v1/boards/${FIXTURE}/years/2025-26/budget-lines/staffing`, { name: 'Staffing', amount: '1000.00' }, F);
  await api.put(`/v1/boards/${FIXTURE}/years/2025-26/budget-lines/sar`, { name: 'SARs', amount: '0.00' }, F);
  const agreed = await api.put(`/v1/boards/${FIXTURE}/years/2025-26/agreement`, REFERENCE_AGREEMENT, F);
  if (agreed.status !== 201) throw new Error(agreed.text);
  // Copied without the stamps of the requests that built it: a copy is not a change any request
  // made, so the trail of a seed's board holds exactly the changes of that seed (and each copy
  // costs no audit records).
  fixture = (await scanBoard(runtime.store.doc, runtime.tableName, FIXTURE))
    .filter((i) => !String(i.pk).includes('#AUDIT#'))
    .map(({ lastChange: _stamp, ...item }) => item);

  // From here on every handler talks to DynamoDB through the chaos client.
  chaos = new Chaos(runtime.store.doc, createDocumentClient(localClient(runtime.dynamoEndpoint)));
  runtime.useStore(new Store(chaos.client, runtime.tableName));
  vi.useFakeTimers({ toFake: ['Date'], now: CLOCK });
});

afterAll(async () => {
  vi.useRealTimers();
  await runtime.stop();
});

describe('crash points', () => {
  it(`${ONLY === undefined ? SEEDS : 1}+ seeds: every interrupted operation, retried, ends where a fault-free run ends`, async () => {
    const started = Date.now();
    // Reference runs: each operation once on its own copy of the fixture, counting its calls.
    const reference = new Map<string, { rows: string[]; calls: number; status: number }>();
    for (const op of OPS) {
      const board = `ref-${OPS.indexOf(op)}`;
      watch(board);
      await cloneBoard(runtime.store.doc, runtime.tableName, fixture, FIXTURE, board);
      chaos.disarm();
      const res = await op.send(board, `ref-key-${board}`);
      const calls = chaos.calls;
      expect(res.status, `${op.name}: ${res.text}`).toBeLessThan(300);
      const state = await stateOf(board);
      assertNumbersAccounted(state.items);
      await assertEveryChangeAudited(board, state.items);
      reference.set(op.name, { rows: state.rows, calls, status: res.status });
    }

    const walks = OPS.map((op) =>
      Array.from({ length: reference.get(op.name)?.calls ?? 0 }, (_, i) => FAULTS.map((fault) => ({ op, k: i + 1, fault }))).flat(),
    );
    // In rotation: the first call x fault of each operation, then the second of each, and so on.
    const exhaustive = Array.from({ length: Math.max(...walks.map((w) => w.length)) }, (_, i) => walks.flatMap((w) => w[i] ?? [])).flat();
    const count = process.env.CI && process.env.CRASH_SEEDS === undefined ? Math.max(SEEDS, exhaustive.length) : SEEDS;
    const seeds = ONLY === undefined ? Array.from({ length: count }, (_, i) => i + 1) : [ONLY];
    const byFault = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
    let fired = 0;
    let retries = 0;
    let audited = 0;
    for (const seed of seeds) {
      const random = prng(seed);
      const planned = exhaustive[seed - 1];
      const op = planned?.op ?? (OPS[Math.floor(random() * OPS.length)] as Op);
      const ref = reference.get(op.name);
      if (!ref) throw new Error('no reference');
      const k = planned?.k ?? 1 + Math.floor(random() * ref.calls);
      const fault = planned?.fault ?? (FAULTS[Math.floor(random() * FAULTS.length)] as Fault);
      const board = `s${seed}`;
      const key = `key-${seed}`;
      // Every seed starts at the same moment: retries move the clock on, and a thousand of them
      // must not carry later seeds into another day than the reference runs.
      vi.setSystemTime(started);
      try {
        watch(board);
        await cloneBoard(runtime.store.doc, runtime.tableName, fixture, FIXTURE, board);
        chaos.arm(k, fault);
        let res = await op.send(board, key);
        if (chaos.disarm()) {
          fired += 1;
          byFault[fault] += 1;
        }
        // Retry as a client would: on 5xx, or 409 while the key's first attempt still holds it.
        for (let attempt = 0; res.status >= 500 || res.body?.code === 'IDEMPOTENCY.IN_FLIGHT'; attempt++) {
          if (attempt > 3) throw new Error(`did not converge: ${res.status} ${res.text}`);
          vi.setSystemTime(Date.now() + 40_000); // let a lapsed attempt's lock expire
          retries += 1;
          res = await op.send(board, key);
        }
        const state = await stateOf(board);
        const extra = state.rows.filter((r) => !ref.rows.includes(r));
        const missing = ref.rows.filter((r) => !state.rows.includes(r));
        if (extra.length || missing.length) throw new Error(`state differs:\n+ ${extra.join('\n+ ')}\n- ${missing.join('\n- ')}`);
        assertNumbersAccounted(state.items);
        await assertEveryChangeAudited(board, state.items);
        audited += 1;
      } catch (err) {
        throw new Error(
          `seed ${seed} (${op.name}, call ${k} of ${ref.calls}, ${fault}) — replay with CRASH_SEED=${seed}: ${(err as Error).message}`,
        );
      }
    }
    console.log(
      `crash harness: ${seeds.length} seeds over ${OPS.length} operations (every call x fault of each: ${Math.min(seeds.length, exhaustive.length)} of ${exhaustive.length} walked, the rest random), ${fired} faults injected (${Object.entries(
        byFault,
      )
        .map(([f, n]) => `${f} ${n}`)
        .join(', ')}), ${retries} retries, every final state equal to the fault-free one, every change of all ${audited} boards audited`,
    );
    console.log(
      `crash harness: DynamoDB calls of each fault-free operation: ${OPS.map((op) => `${op.name} ${reference.get(op.name)?.calls}`).join('; ')}`,
    );
  }, 1_800_000);
});
