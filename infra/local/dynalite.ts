/**
 * Embedded dynalite: a real DynamoDB wire-protocol server (no mock), in memory or on
 * disk (LevelDB), on a loopback port of its own, with a change stream emulated inside it.
 *
 * dynalite has no DynamoDB Streams. The service's audit trail is written from the table's
 * stream (shared/infrastructure/dynamodb/audit-writer.ts), so locally the stream is emulated
 * where DynamoDB produces it: in the storage engine, below the wire protocol and below the SDK
 * client where the tests inject faults. Every dynalite action that changes an item (PutItem,
 * UpdateItem, DeleteItem, BatchWriteItem) ends in `put` or `del` on the table's item store,
 * under the item key's lock. {@link LocalStream} wraps those two: still under the lock, it reads
 * the image before, lets the write happen, and hands a change record (in the very shape Lambda
 * receives from a DynamoDB stream: Keys, OldImage, NewImage, SequenceNumber) to the table's
 * consumer, retrying until the consumer has taken it, before the write's callback returns.
 * So a caller that has heard its write succeed can read its audit record at once, the records
 * of one item are delivered in the order of its changes, and no failure of the caller (a
 * crash, a timeout, a dropped connection after the write) can come between a change and its
 * record: the record is produced by the write itself.
 *
 * What a local process crash can lose: nothing the AWS stream would lose. On disk (`path`), the
 * change record is logged durably before the item is written and removed only once delivered;
 * the next start delivers every record still logged whose write took place (the item no longer
 * holds the image before) and drops the others (the process died before the write). In memory,
 * a crash loses the table itself, so there is nothing left to audit.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { DynamoDBRecord } from 'aws-lambda';
import dynalite from 'dynalite';

export interface LocalDynamo {
  readonly endpoint: string;
  /** The change stream of the server's tables (see {@link LocalStream}). */
  readonly stream: LocalStream;
  close(): Promise<void>;
}

export async function startDynalite(opts: { path?: string; port?: number } = {}): Promise<LocalDynamo> {
  patchDynalite();
  const stream = new LocalStream({ durable: opts.path !== undefined });
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(opts.path ? { path: opts.path } : {}),
    [STREAM]: stream,
  } as Record<string, unknown>);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stream,
    close: () => {
      stream.close();
      return new Promise<void>((resolve, reject) => {
        server.close((err?: Error) => (err ? reject(err) : resolve()));
      });
    },
  };
}

// ------------------------------------------------------------------ dynalite's storage, as far as we use it

type Callback<T = void> = (err: Error | null | undefined, value?: T) => void;

/** A table's item store in dynalite 4 (db/index.js `getItemDb`): LevelDB under a prefix, with a per-key lock. */
interface ItemDb {
  put(key: string, value: unknown, cb: Callback): void;
  get(key: string, cb: Callback<unknown>): void;
  del(key: string, cb: Callback): void;
  createValueStream(options?: Record<string, unknown>): NodeJS.ReadableStream;
  lock(key: string, exec: (release: (done: () => void) => () => void) => void): void;
  [WRAPPED]?: true;
}

interface TableDescription {
  readonly KeySchema: readonly { readonly AttributeName: string }[];
}

interface DynaliteStore {
  getItemDb(name: string): ItemDb;
  getTable(name: string, checkStatus: boolean, cb: Callback<TableDescription>): void;
  recreate(): void;
}

const STREAM = Symbol.for('sab-budget.local-stream');
const WRAPPED = Symbol.for('sab-budget.local-stream.wrapped');
let patched = false;

/**
 * dynalite's index.js creates its store with `db.create(options)` of `require('./db')` when a
 * server is made, passing our options object through: wrapping that module's `create` lets a
 * server made with a {@link LocalStream} in its options stream its changes. Servers made without
 * one are untouched.
 */
function patchDynalite(): void {
  if (patched) return;
  patched = true;
  const db = createRequire(import.meta.url)('dynalite/db') as { create: (options: Record<PropertyKey, unknown>) => DynaliteStore };
  const create = db.create;
  db.create = (options) => {
    const store = create(options);
    const stream = options?.[STREAM];
    if (stream instanceof LocalStream) stream.bind(store);
    return store;
  };
}

// ------------------------------------------------------------------ the stream

/** Takes one change record; rejects when it could not (the stream then delivers it again). */
export type StreamConsumer = (record: DynamoDBRecord) => Promise<void>;

/** What the durable log keeps of a change until it is delivered. */
interface Pending {
  readonly key: string;
  readonly record: DynamoDBRecord;
}

type Image = Record<string, unknown>;

/**
 * The emulated stream of one dynalite server. A table's changes stream only once a consumer is
 * attached (as a DynamoDB table streams once its stream is enabled); until then, and for other
 * tables, writes pass through untouched.
 */
export class LocalStream {
  private store: DynaliteStore | undefined;
  private getItemDb: ((name: string) => ItemDb) | undefined;
  private readonly consumers = new Map<string, { consumer: StreamConsumer; keyNames: readonly string[] }>();
  private readonly taps = new Set<(table: string, record: DynamoDBRecord) => void>();
  private readonly durable: boolean;
  private next: bigint;
  private closed = false;
  /** Where retries are reported. */
  log: (line: string) => void = (line) => console.error(line);

  constructor(opts: { durable: boolean }) {
    this.durable = opts.durable;
    // Sequence numbers grow across restarts: they start from the clock.
    this.next = BigInt(Date.now()) * 1_000_000n;
  }

  /** Called by the patched `db.create`: wraps the store's item stores from now on. */
  bind(store: DynaliteStore): void {
    const getItemDb = store.getItemDb;
    const recreate = store.recreate;
    this.store = store;
    this.getItemDb = getItemDb;
    store.getItemDb = (name) => this.wrap(name, getItemDb(name));
    // dynalite recreates its store when a closed server listens again: wrap the new one too.
    store.recreate = () => {
      recreate.call(store);
      this.bind(store);
    };
  }

  /**
   * Streams the table's changes to `consumer`, after delivering what an earlier process logged
   * but did not deliver (on disk only). Resolves once those are delivered.
   */
  async attach(table: string, consumer: StreamConsumer): Promise<void> {
    const store = this.store;
    if (!store) throw new Error('the stream is not bound to a dynalite store');
    const description = await new Promise<TableDescription>((resolve, reject) =>
      store.getTable(table, false, (err, t) => (err || !t ? reject(err ?? new Error(`no table ${table}`)) : resolve(t))),
    );
    this.closed = false;
    this.consumers.set(table, { consumer, keyNames: description.KeySchema.map((k) => k.AttributeName) });
    if (this.durable) await this.recover(table, consumer);
  }

  /** Sees every change record of every streamed table (tests); returns the way to stop. */
  tap(observer: (table: string, record: DynamoDBRecord) => void): () => void {
    this.taps.add(observer);
    return () => this.taps.delete(observer);
  }

  /** Stops delivering: writes pass through, retries stop (what is logged on disk is delivered at the next start). */
  close(): void {
    this.closed = true;
    this.consumers.clear();
  }

  private raw(name: string): ItemDb {
    if (!this.getItemDb) throw new Error('the stream is not bound to a dynalite store');
    return this.getItemDb(name);
  }

  /** The durable log of a table's undelivered changes: a table name cannot hold `~`, so it meets no table. */
  private pendingLog(table: string): ItemDb {
    return this.raw(`~stream~${table}`);
  }

  private wrap(table: string, itemDb: ItemDb): ItemDb {
    if (itemDb[WRAPPED]) return itemDb;
    const put = itemDb.put;
    const del = itemDb.del;
    itemDb.put = (key, value, cb) => this.change(table, itemDb, key, value as Image, (done) => put(key, value, done), cb);
    itemDb.del = (key, cb) => this.change(table, itemDb, key, undefined, (done) => del(key, done), cb);
    itemDb[WRAPPED] = true;
    return itemDb;
  }

  /** One write of one item, under its key's lock (held by the dynalite action until `cb`). */
  private change(table: string, itemDb: ItemDb, key: string, next: Image | undefined, write: (done: Callback) => void, cb: Callback): void {
    const streamed = this.consumers.get(table);
    if (!streamed || this.closed) {
      write(cb);
      return;
    }
    itemDb.get(key, (err, found) => {
      if (err && err.name !== 'NotFoundError') return cb(err);
      const previous = err ? undefined : ((found ?? undefined) as Image | undefined);
      // Like DynamoDB: a write that changes nothing streams nothing.
      if (same(previous, next)) return write(cb);
      const record = this.record(table, streamed.keyNames, previous, next);
      const seq = record.dynamodb?.SequenceNumber as string;
      const logged = (then: () => void) =>
        this.durable ? this.pendingLog(table).put(seq, { key, record } satisfies Pending, (e) => (e ? cb(e) : then())) : then();
      const unlog = (then: () => void) => (this.durable ? this.pendingLog(table).del(seq, () => then()) : then());
      logged(() =>
        write((writeErr) => {
          if (writeErr) return unlog(() => cb(writeErr));
          for (const t of this.taps) t(table, record);
          void this.deliver(streamed.consumer, record).then((delivered) => (delivered ? unlog(() => cb(null)) : cb(null)));
        }),
      );
    });
  }

  private record(table: string, keyNames: readonly string[], previous: Image | undefined, next: Image | undefined): DynamoDBRecord {
    const image = (next ?? previous) as Image;
    const sequence = (this.next++).toString().padStart(21, '0');
    const Keys = Object.fromEntries(keyNames.map((k) => [k, image[k]]));
    return {
      eventID: `local-${sequence}`,
      eventName: !next ? 'REMOVE' : previous ? 'MODIFY' : 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'local',
      eventSourceARN: `arn:aws:dynamodb:local:000000000000:table/${table}/stream/local`,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: Keys as never,
        ...(next ? { NewImage: next as never } : {}),
        ...(previous ? { OldImage: previous as never } : {}),
        SequenceNumber: sequence,
        SizeBytes: JSON.stringify(image).length,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
  }

  /** Hands a record to the consumer until it takes it; false if the stream closed first. */
  private async deliver(consumer: StreamConsumer, record: DynamoDBRecord): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) return false;
      try {
        await consumer(record);
        return true;
      } catch (err) {
        if (attempt === 3 || attempt % 100 === 0)
          this.log(`local stream: change ${record.eventID} not delivered after ${attempt} attempts, retrying: ${String(err)}`);
        await new Promise((r) => setTimeout(r, Math.min(1000, 5 * 2 ** attempt)));
      }
    }
  }

  /** Delivers the changes a previous process logged and did not deliver, oldest first, each under its item's lock. */
  private async recover(table: string, consumer: StreamConsumer): Promise<void> {
    const pending: Pending[] = [];
    await new Promise<void>((resolve, reject) => {
      const values = this.pendingLog(table).createValueStream();
      values.on('data', (v: Pending) => pending.push(v));
      values.on('error', reject);
      values.on('end', () => resolve());
    });
    const items = this.raw(table);
    for (const p of pending) {
      await new Promise<void>((resolve, reject) => {
        items.lock(p.key, (release) => {
          const done = release(() => resolve());
          items.get(p.key, (err, found) => {
            if (err && err.name !== 'NotFoundError') {
              done();
              return reject(err);
            }
            const current = (err ? undefined : (found ?? undefined)) as Image | undefined;
            // Still the image before: the process died before the write, which never happened.
            const happened = !same(current, p.record.dynamodb?.OldImage as Image | undefined);
            const finish = () => this.pendingLog(table).del(p.record.dynamodb?.SequenceNumber as string, () => done());
            if (!happened) return finish();
            for (const t of this.taps) t(table, p.record);
            void this.deliver(consumer, p.record).then((delivered) => (delivered ? finish() : done()));
          });
        });
      });
    }
  }
}

/** Deep equality of two stored images (attribute order aside). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
