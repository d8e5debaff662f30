/**
 * Section 4: a year of N entries (BENCH_SCALE, default 1,000, 10,000 and 100,000). Each year is
 * filled fast (BatchWrite of entry items exactly as the repository writes them, and the year's
 * number counter set to N), then the forecast, the recharge preview and the close (the request
 * and the second person's approval) run through the local server, side by side with the ideal:
 * a bare Query of those entries (consistent, every page). Times and the capacity units each
 * consumed (the store's ReturnConsumedCapacity sums) are compared with the Query's.
 */
import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startRuntime } from '../../infra/local/runtime.ts';
import { localClient } from '../../infra/local/table.ts';
import { auditKeys, invoiceKeys, type Key, keys, yearPk } from '../../shared/infrastructure/dynamodb/keys.ts';
import { createDocumentClient, type Item } from '../../shared/infrastructure/dynamodb/store.ts';
import { itemBytes } from './cost.ts';
import { entryItems, sampleEntry } from './items.ts';
import { log, median } from './lib.ts';

export interface Measured {
  readonly ms: number;
  readonly read: number;
  readonly write: number;
  /** The audit writer's write units for the request's changes (from the stream, off the request path). */
  readonly auditWrite?: number;
  /** Bytes of the answer's body. */
  readonly bytes?: number;
  /** Individual runs (time, ms). */
  readonly runs: number[];
  /** DynamoDB calls the service made, by command (GetItem, Query, ...). */
  readonly calls?: Record<string, number>;
}

export interface ScalePoint {
  readonly entries: number;
  readonly fillMs: number;
  readonly bare: Measured & { readonly pages: number };
  readonly forecast: Measured;
  readonly recharge: Measured;
  readonly closeRequest: Measured;
  readonly closeApprove: Measured;
  /** One load of the board's page (web/assets/js/app.js and budget.js): each of its API requests, once, warm. */
  readonly page: (Measured & { readonly label: string })[];
  /** Sizes of stored items as DynamoDB bills them (the first size only): for the cost model's storage. */
  readonly items?: { readonly postedEntry: number; readonly importedEntry: number; readonly auditRecord: number; readonly invoice: number };
  readonly ratios: {
    readonly forecastTime: number;
    readonly forecastRead: number;
    readonly rechargeTime: number;
    readonly rechargeRead: number;
    readonly closeTime: number;
    readonly closeRead: number;
  };
}

const YEAR = '2024-25';
const CATEGORIES = ['staffing', 'training', 'communications', 'other'] as const;
const PARTNERS = [
  ['blmk-icb', '81305.00', '0.4'],
  ['beds-police', '20390.00', '0.1'],
  ['luton-council', '101591.00', '0.5'],
] as const;

export async function scaling(sizes: readonly number[]): Promise<ScalePoint[]> {
  const runtime = await startRuntime({ seed: false });
  const doc = createDocumentClient(localClient(runtime.dynamoEndpoint));
  const TableName = runtime.tableName;
  const out: ScalePoint[] = [];
  // Every DynamoDB call the service makes, by command: round trips show up here.
  const sent = new Map<string, number>();
  const send = runtime.store.doc.send.bind(runtime.store.doc);
  runtime.store.doc.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
    const name = command.constructor.name.replace(/Command$/, '');
    sent.set(name, (sent.get(name) ?? 0) + 1);
    return (send as (...a: unknown[]) => unknown)(command, ...rest);
  }) as typeof runtime.store.doc.send;
  try {
    for (const n of sizes) {
      const boardId = `bench-${n}`;
      const token = async (sub: string, roles: string[]) => (await runtime.tokens.sign({ sub, roles, boardId })).token;
      const admin = await token('bench-admin@local', ['admin', 'finance']);
      const financeB = await token('bench-finance-b@local', ['finance']);
      const call = async (method: string, path: string, body?: unknown, as = admin, headers: Record<string, string> = {}) => {
        const res = await fetch(`${runtime.url}/v1/boards/${boardId}${path}`, {
          method,
          headers: { authorization: `Bearer ${as}`, ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await res.text();
        if (res.status >= 300 && res.status !== 202) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 400)}`);
        return text;
      };
      /** One request: its time, the units the store consumed for it and its DynamoDB calls by command. */
      let answered = '';
      const measure = async (method: string, path: string, as = admin, headers: Record<string, string> = {}): Promise<Measured> => {
        const before = { ...runtime.store.consumed };
        const audited = runtime.auditStore.consumed.write;
        sent.clear();
        const t = performance.now();
        answered = await call(method, path, undefined, as, headers);
        const ms = performance.now() - t;
        return {
          ms,
          read: runtime.store.consumed.read - before.read,
          write: runtime.store.consumed.write - before.write,
          auditWrite: runtime.auditStore.consumed.write - audited,
          bytes: Buffer.byteLength(answered, 'utf8'),
          runs: [ms],
          calls: Object.fromEntries(sent),
        };
      };

      // A board with an open year, as finance would set it up.
      await call('PUT', '', { name: `Benchmark board (${n} entries)` });
      for (const [p] of PARTNERS) {
        await call('PUT', `/partners/${p}`, {
          name: p,
          kind: 'statutory',
          billing: { address: '1 High St', contact: 'Finance', email: `${p}@example.org` },
        });
      }
      await call('PUT', `/years/${YEAR}`, { budgetSet: '203500.00' });
      for (const c of CATEGORIES) await call('PUT', `/years/${YEAR}/budget-lines/${c}`, { name: c, amount: '50000.00' });
      await call('PUT', `/years/${YEAR}/agreement`, {
        basis: 'full-cost-recovery',
        host: 'luton-council',
        partners: PARTNERS.map(([partnerId, baseline, share]) => ({ partnerId, baseline, share })),
      });
      await call('POST', `/years/${YEAR}/open`);

      // The fill: N entries under numbers 1..N, as posted entries (no import id).
      log(`scale ${n}: filling the year`);
      const filled = performance.now();
      const meta = { actor: 'bench-fill@local', requestId: 'bench-fill', at: new Date().toISOString() };
      const next = { seq: 1 };
      const writer = async () => {
        for (;;) {
          const first = next.seq;
          if (first > n) return;
          const end = Math.min(n + 1, first + 25);
          next.seq = end;
          const items: Item[] = [];
          for (let seq = first; seq < end; seq++) {
            items.push((await entryItems(TableName, meta, sampleEntry(boardId, YEAR, seq, CATEGORIES), false)).entry);
          }
          let pending: Record<string, unknown>[] | undefined = items.map((Item) => ({ PutRequest: { Item } }));
          while (pending && pending.length > 0) {
            const res = await doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: pending as never } }));
            pending = res.UnprocessedItems?.[TableName] as Record<string, unknown>[] | undefined;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, writer));
      await doc.send(
        new UpdateCommand({
          TableName,
          Key: keys.year(boardId, YEAR),
          UpdateExpression: 'SET seq = :n',
          ExpressionAttributeValues: { ':n': n },
        }),
      );
      const fillMs = performance.now() - filled;

      /**
       * What the items of a year weigh as DynamoDB bills them: an entry posted through the API
       * (stamped for the audit trail), its audit record, an entry as the fill (and an import)
       * writes it, and a baseline invoice.
       */
      const storedSizes = async () => {
        const posted = JSON.parse(
          await call('POST', `/years/${YEAR}/expenditure`, {
            date: '2024-10-15',
            category: 'training',
            amount: '450.25',
            supplier: 'Bench Training Ltd',
            description: 'Training venue, facilitator and materials for the multi-agency workshop',
            reference: 'BENCH-SIZE-1',
          }),
        ) as { entryId: string };
        const get = async (Key: Key) => {
          const item = (await doc.send(new GetCommand({ TableName, Key }))).Item;
          if (!item) throw new Error(`no item ${JSON.stringify(Key)}`);
          return item;
        };
        const entry = await get(keys.entry(boardId, YEAR, Number(posted.entryId.slice(1))));
        const month = String((entry.lastChange as { at?: string } | undefined)?.at ?? new Date().toISOString()).slice(0, 7);
        const trail = await doc.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': auditKeys.monthPk(boardId, month) },
          }),
        );
        const record = (trail.Items ?? []).find((r) => String(r.entityKey).endsWith(String(entry.sk)));
        if (!record) throw new Error(`no audit record of ${posted.entryId}`);
        const invoice = await get(invoiceKeys.invoice(boardId, PARTNERS[0][0], `${YEAR}-baseline-${PARTNERS[0][0]}`));
        return {
          postedEntry: itemBytes(entry),
          importedEntry: itemBytes((await entryItems(TableName, meta, sampleEntry(boardId, YEAR, n + 2, CATEGORIES), false)).entry),
          auditRecord: itemBytes(record),
          invoice: itemBytes(invoice),
        };
      };

      const bareQuery = async () => {
        const t = performance.now();
        let start: Record<string, unknown> | undefined;
        let read = 0;
        let pages = 0;
        let count = 0;
        do {
          const page = await doc.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
              ExpressionAttributeValues: { ':pk': yearPk(boardId, YEAR), ':entry': 'ENTRY#' },
              ConsistentRead: true,
              ExclusiveStartKey: start,
              ReturnConsumedCapacity: 'TOTAL',
            }),
          );
          read += page.ConsumedCapacity?.CapacityUnits ?? 0;
          pages += 1;
          count += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start);
        if (count !== n) throw new Error(`the bare Query read ${count} entries, not ${n}`);
        return { ms: performance.now() - t, read, write: 0, pages, runs: [] as number[] };
      };

      // Side by side, repeated: the bare Query, the forecast, the recharge preview.
      const reps = n >= 100_000 ? 3 : 5;
      const runs = { bare: [] as Awaited<ReturnType<typeof bareQuery>>[], forecast: [] as Measured[], recharge: [] as Measured[] };
      for (let r = 0; r < reps; r++) {
        log(`scale ${n}: run ${r + 1}/${reps}`);
        runs.bare.push(await bareQuery());
        runs.forecast.push(await measure('GET', `/years/${YEAR}/forecast`));
        runs.recharge.push(await measure('GET', `/years/${YEAR}/recharge`));
      }
      const summary = <T extends Measured>(xs: T[]): T => ({
        ...(xs[0] as T),
        ms: median(xs.map((x) => x.ms)),
        runs: xs.map((x) => x.ms),
      });
      const bare = summary(runs.bare);
      const forecast = summary(runs.forecast);
      const recharge = summary(runs.recharge);

      // One load of the board's page, as a board member opens it on the open year: its requests, once each.
      log(`scale ${n}: the board's page`);
      const board = await token('bench-board@local', ['board']);
      const page: (Measured & { label: string })[] = [];
      for (const [label, path] of [
        ['years', '/years?limit=200'],
        ['contributions', '/contributions'],
        ['partners', '/partners?limit=200'],
        ['forecast', `/years/${YEAR}/forecast`],
        ['expenditure-breakdown', `/years/${YEAR}/expenditure-breakdown`],
        ['reconciliation', `/years/${YEAR}/reconciliation`],
        ['budget-vs-actual', `/years/${YEAR}/budget-vs-actual`],
        ['virements', `/years/${YEAR}/virements?limit=200`],
      ] as const) {
        page.push({ label, ...(await measure('GET', path, board)) });
      }
      const items = out.length === 0 ? await storedSizes() : undefined;

      // The close, once: asked by one finance officer, approved by another.
      log(`scale ${n}: close`);
      const closeRequest = await measure('POST', `/years/${YEAR}/close`);
      // The approval names the figures the request answered (their ETag).
      const closeApprove = await measure('POST', `/years/${YEAR}/close/approve`, financeB, { 'if-match': JSON.parse(answered).etag });
      const closeMs = closeRequest.ms + closeApprove.ms;
      const closeRead = closeRequest.read + closeApprove.read;
      out.push({
        entries: n,
        fillMs,
        bare,
        forecast,
        recharge,
        closeRequest,
        closeApprove,
        page,
        ...(items ? { items } : {}),
        ratios: {
          forecastTime: forecast.ms / bare.ms,
          forecastRead: forecast.read / bare.read,
          rechargeTime: recharge.ms / bare.ms,
          rechargeRead: recharge.read / bare.read,
          closeTime: closeMs / bare.ms,
          closeRead: closeRead / bare.read,
        },
      });
    }
  } finally {
    await runtime.stop();
  }
  return out;
}
