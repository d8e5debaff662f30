/**
 * The only module that talks to DynamoDB. Reads are strongly consistent unless a caller
 * says otherwise. Every write goes through {@link Store.write}: the one seam where the
 * audit trail, idempotency and fault injection attach.
 *
 * Every audited write stamps the item it changes (`lastChange`, see {@link Store.write}); the
 * table's change stream carries the stamped images to the audit writer.
 *
 * Numbers are unmarshalled wrapped (`NumberValue`), so nothing stored as a DynamoDB
 * number is ever read back through a JS float; money itself is stored as decimal strings.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DynamoDBDocumentClient,
  GetCommand,
  NumberValue,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { WriteMeta } from '../../application/ports.ts';
import { ConditionFailed } from '../../domain/errors.ts';
import type { Key } from './keys.ts';

export type Item = Record<string, unknown>;

export type { WriteMeta };
export { ConditionFailed };

/** The operation id stamped on created records. */
export const operationOf = (meta: WriteMeta): string => meta.operationId ?? meta.requestId;

/**
 * Whether and how a write is audited. Absent: audited, its action named by the writer (`create`,
 * `replace`, `update`). `{ action }`: audited under that action. `false`: not a business change
 * (a counter that only hands out numbers, whose records are audited themselves; idempotency
 * records; the audit records).
 */
export type AuditSpec =
  | false
  | {
      readonly action?: string;
      /**
       * @deprecated Ignored: the trail is written from the table's change stream, so a record
       * holds the item's own images before and after the write. Kept so that callers written
       * for the synchronous trail still compile.
       */
      readonly before?: unknown;
      /** @deprecated Ignored, as `before`. */
      readonly after?: unknown;
    };

export interface PutOp {
  readonly kind: 'put';
  readonly audit?: AuditSpec;
  readonly item: Item;
  readonly condition?: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

export interface UpdateOp {
  readonly kind: 'update';
  readonly audit?: AuditSpec;
  readonly key: Key;
  readonly update: string;
  readonly condition?: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
  /** Return the item as it is after the update. */
  readonly returnNew?: boolean;
}

export type WriteOp = PutOp | UpdateOp;

/** Observers of the write seam (the audit trail, tests, fault injection). */
export interface WriteObserver {
  beforeWrite?(op: WriteOp, meta: WriteMeta): Promise<void> | void;
  afterWrite?(op: WriteOp, meta: WriteMeta, result: Item | undefined): Promise<void> | void;
}

export interface QueryInput {
  readonly pk: string;
  /** Only sort keys starting with this. */
  readonly prefix?: string;
  /** Read the sparse index instead of the table (eventually consistent). */
  readonly index?: 'gsi1';
  /** Exclusive start: continue after this sort key. */
  readonly after?: string;
  readonly limit?: number;
  readonly forward?: boolean;
}

/**
 * The key condition of a query. On the index a page continues after a sort key by a range
 * condition (`> after`), since an index page's start key would need the table key too: fine
 * where the index's sort keys are unique (the mail index's are, ending with the item's ids).
 */
function keyCondition(
  q: QueryInput,
  pkName: string,
  skName: string,
  onIndex: boolean,
): {
  KeyConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  if (onIndex && q.after !== undefined) {
    if (q.prefix) throw new Error('an index query continues after a sort key or reads a prefix, not both');
    return {
      KeyConditionExpression: '#pk = :pk AND #sk > :after',
      ExpressionAttributeNames: { '#pk': pkName, '#sk': skName },
      ExpressionAttributeValues: { ':pk': q.pk, ':after': q.after },
    };
  }
  return {
    KeyConditionExpression: q.prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
    ExpressionAttributeNames: q.prefix ? { '#pk': pkName, '#sk': skName } : { '#pk': pkName },
    ExpressionAttributeValues: q.prefix ? { ':pk': q.pk, ':prefix': q.prefix } : { ':pk': q.pk },
  };
}

export interface QueryPage {
  readonly items: Item[];
  /** Sort key of the last item read when more may follow. */
  readonly lastSk?: string;
}

export interface Capacity {
  read: number;
  write: number;
}

export class Store {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  private readonly observers: WriteObserver[] = [];
  /** Capacity units consumed by this store, for the benchmark and tests. */
  readonly consumed: Capacity = { read: 0, write: 0 };

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.doc = doc;
    this.table = table;
  }

  observe(observer: WriteObserver): () => void {
    this.observers.push(observer);
    return () => {
      const i = this.observers.indexOf(observer);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  private countRead(c: { CapacityUnits?: number } | undefined): void {
    if (c?.CapacityUnits) this.consumed.read += c.CapacityUnits;
  }

  async get(key: Key, consistent = true): Promise<Item | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: consistent, ReturnConsumedCapacity: 'TOTAL' }),
    );
    this.countRead(out.ConsumedCapacity);
    return out.Item;
  }

  /** Consistent batch read; the result maps `pk|sk` to the item for those that exist. */
  async getMany(keyList: readonly Key[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    const unique = [...new Map(keyList.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('BatchGet left keys unprocessed after retries');
        if (attempt > 0) await sleep(Math.min(200, 10 * 2 ** attempt) * Math.random());
        const out: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        for (const c of out.ConsumedCapacity ?? []) this.countRead(c);
        for (const item of out.Responses?.[this.table] ?? []) found.set(`${item.pk}|${item.sk}`, item);
        pending = out.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return found;
  }

  async query(q: QueryInput): Promise<QueryPage> {
    const onIndex = q.index === 'gsi1';
    const pkName = onIndex ? 'gsi1pk' : 'pk';
    const skName = onIndex ? 'gsi1sk' : 'sk';
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        ...(onIndex ? { IndexName: 'gsi1' } : { ConsistentRead: true }),
        ...keyCondition(q, pkName, skName, onIndex),
        ...(q.after !== undefined && !onIndex ? { ExclusiveStartKey: { pk: q.pk, sk: q.after } } : {}),
        ...(q.limit ? { Limit: q.limit } : {}),
        ScanIndexForward: q.forward ?? true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.countRead(out.ConsumedCapacity);
    const items = out.Items ?? [];
    const last = out.LastEvaluatedKey?.[skName];
    return { items, ...(typeof last === 'string' ? { lastSk: last } : {}) };
  }

  /** Every item of a key range, following pages. For bounded ranges (a year's ledger). */
  async queryAll(q: Omit<QueryInput, 'limit' | 'after'>): Promise<Item[]> {
    if (q.index) {
      // Index pages continue from a full index key, not a table sort key.
      const items: Item[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out: QueryCommandOutput = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: q.index,
            KeyConditionExpression: q.prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
            ExpressionAttributeNames: q.prefix ? { '#pk': 'gsi1pk', '#sk': 'gsi1sk' } : { '#pk': 'gsi1pk' },
            ExpressionAttributeValues: q.prefix ? { ':pk': q.pk, ':prefix': q.prefix } : { ':pk': q.pk },
            ExclusiveStartKey: start,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.countRead(out.ConsumedCapacity);
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    }
    const items: Item[] = [];
    let after: string | undefined;
    do {
      const page = await this.query({ ...q, ...(after !== undefined ? { after } : {}) });
      items.push(...page.items);
      after = page.lastSk;
    } while (after !== undefined);
    return items;
  }

  /**
   * The write seam. Conditional failures surface as {@link ConditionFailed}; everything
   * else propagates (the HTTP layer maps throttling to 503).
   *
   * An audited write (every write unless `audit: false`) stamps the item it changes with
   * `lastChange` (who, which request and operation, when, what action, and the change's number),
   * inside the same single-item write: a put carries it on the item, an update sets it beside
   * its own actions. The change and its attribution are therefore one atomic fact. The audit
   * record itself is written by the stream writer (audit-writer.ts) from the item's images in the
   * table's change stream, never here: nothing a request does, or fails to do after its write,
   * can lose it.
   */
  async write(op: WriteOp, meta: WriteMeta): Promise<Item | undefined> {
    const stamp = op.audit !== false && this.audit ? lastChangeOf(op, meta) : undefined;
    for (const o of this.observers) await o.beforeWrite?.(op, meta);
    let result: Item | undefined;
    try {
      if (op.kind === 'put') {
        const item = stamp ? { ...op.item, [LAST_CHANGE]: stamp } : op.item;
        const out = await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: item,
            ConditionExpression: op.condition,
            ExpressionAttributeNames: op.names,
            ExpressionAttributeValues: op.values,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.consumed.write += out.ConsumedCapacity?.CapacityUnits ?? 0;
        result = item;
      } else {
        const out = await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: op.key,
            UpdateExpression: stamp ? stampedUpdate(op.update) : op.update,
            ConditionExpression: op.condition,
            ExpressionAttributeNames: stamp ? { ...op.names, [STAMP_NAME]: LAST_CHANGE } : op.names,
            ExpressionAttributeValues: stamp ? { ...op.values, [STAMP_VALUE]: stamp } : op.values,
            ReturnValues: op.returnNew ? 'ALL_NEW' : 'NONE',
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.consumed.write += out.ConsumedCapacity?.CapacityUnits ?? 0;
        result = out.Attributes;
      }
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new ConditionFailed(op.kind === 'put' ? `${String(op.item.pk)} ${String(op.item.sk)}` : `${op.key.pk} ${op.key.sk}`);
      }
      throw err;
    }
    for (const o of this.observers) await o.afterWrite?.(op, meta, result);
    return result;
  }

  /**
   * Whether writes are stamped for the audit trail (on by default; the benchmark's bare
   * baselines turn it off). An unstamped write is not audited: the stream writer skips it.
   */
  audit = true;
}

/** The attribute every audited write stamps on the item it changes. */
export const LAST_CHANGE = 'lastChange';
const STAMP_NAME = '#lastChange';
const STAMP_VALUE = ':lastChange';

/**
 * Who changed an item, when, in which request and operation, with what action; `n` numbers the
 * process's audited writes, so (requestId, n) names one change and orders a request's changes.
 * The stream writer keys the change's audit record by it (keys.ts `auditKeys.change`).
 */
export interface LastChange {
  readonly actor: string;
  readonly requestId: string;
  readonly operationId?: string;
  readonly at: string;
  /** The caller's action (`close-requested`), or the write's kind (`put`, `update`) for the writer to name. */
  readonly action: string;
  readonly n: string;
}

/** Audited writes of this process so far (module-wide: two stores in one process never reuse a number). */
let changes = 0;

function lastChangeOf(op: WriteOp, meta: WriteMeta): LastChange {
  changes += 1;
  return {
    actor: meta.actor,
    requestId: meta.requestId,
    ...(meta.operationId && meta.operationId !== meta.requestId ? { operationId: meta.operationId } : {}),
    at: meta.at,
    action: (op.audit ? op.audit.action : undefined) ?? op.kind,
    n: String(changes).padStart(9, '0'),
  };
}

/**
 * An update expression that also sets the stamp: inside its SET clause when it has one (a clause
 * may appear once), else as a SET clause of its own before the rest (`ADD seq :n` alone too).
 * Clause keywords are reserved words, so a bare ` SET ` can only be the clause.
 */
export function stampedUpdate(update: string): string {
  if (update.includes(STAMP_NAME) || update.includes(STAMP_VALUE)) throw new Error(`${STAMP_NAME} is the write seam's own`);
  const set = /(^|\s)SET\s+/i.exec(update);
  if (!set) return `SET ${STAMP_NAME} = ${STAMP_VALUE} ${update}`;
  const at = set.index + set[0].length;
  return `${update.slice(0, at)}${STAMP_NAME} = ${STAMP_VALUE}, ${update.slice(at)}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Reads a stored integer (version, sequence) without passing it through a float. */
export function int(value: unknown): number {
  const text = value instanceof NumberValue ? value.toString() : typeof value === 'number' ? String(value) : undefined;
  if (text === undefined || !/^-?\d{1,15}$/.test(text)) throw new Error(`not a stored integer: ${String(value)}`);
  return Number(text);
}

export function str(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`not a stored string: ${String(value)}`);
  return value;
}

export function optStr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The store of a function, from its environment: `TABLE_NAME` (required) and, for the local
 * runtime, `DYNAMODB_ENDPOINT`. Built once per function, at module scope (see composition.ts).
 */
export function storeFromEnv(env: Readonly<Record<string, string | undefined>>): Store {
  const table = env.TABLE_NAME;
  if (!table) throw new Error('TABLE_NAME is not set');
  const endpoint = env.DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          region: env.AWS_REGION ?? 'eu-west-2',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          maxAttempts: 3,
        }
      : { maxAttempts: 3 },
  );
  return new Store(createDocumentClient(client), table);
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: true },
  });
}
