/**
 * The audit writer: turns the table's change records into the audit trail. In AWS it is fed by
 * the table's DynamoDB stream (NEW_AND_OLD_IMAGES) through the `audit-writer` Lambda; locally by
 * the stream dynalite emulates (infra/local/dynalite.ts). Both call {@link writeAuditRecords}.
 *
 * Why it cannot lose a change. The request's write and its attribution are one single-item
 * write: `Store.write` stamps the changed item with `lastChange` (who, which request and
 * operation, when, what action, and the change's number). DynamoDB puts a record of every
 * change of an item into the stream as part of the write itself, with the item's image before
 * and after, and keeps it 24 hours; the writer is retried until it has written the record (or
 * the record expires into the on-failure queue, behind an alarm). So a request that crashes,
 * times out or is throttled after its write leaves a change whose record is still delivered:
 * there is no moment between the change and its record at which a failure can drop one.
 *
 * Why it never writes a record twice, nor one for a change that did not happen. The record is
 * a pure function of the change record ({@link auditRecordOf}): its key comes from the stamp on
 * the new image (board, month, time, request, change number), and it is created once. A
 * redelivered change record (Lambda retries a batch, the local stream retries a delivery) finds
 * its record written and writes nothing. Only a change the table reports is ever recorded.
 *
 * What is skipped: images without a stamp (writes with `audit: false`: counters, idempotency
 * records, the audit records themselves, import rows), and changes that kept the stamp of the
 * previous change (a counter bumped on an audited item, such as an entry number reserved on
 * the year: the next audited change of the item shows it in its `before`).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { auditKeys } from './keys.ts';
import { ConditionFailed, type Item, LAST_CHANGE, type LastChange, type Store } from './store.ts';

/** One change of one item, as the stream reports it, images unmarshalled (numbers wrapped). */
export interface ChangeRecord {
  /** The stream record's id: the same on every delivery of it. */
  readonly eventId: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** When the table recorded the change (ISO; the stream's approximate creation time). */
  readonly approximateAt: string;
  readonly keys: Item;
  readonly oldImage?: Item;
  readonly newImage?: Item;
  /** Present when DynamoDB itself made the change (a TTL deletion). */
  readonly principal?: string;
}

/** The stamp an image carries, if it carries a well-formed one. */
export function stampOf(image: Item | undefined): LastChange | undefined {
  const s = image?.[LAST_CHANGE];
  if (!s || typeof s !== 'object') return undefined;
  const { actor, requestId, operationId, at, action, n } = s as Record<string, unknown>;
  if (typeof requestId !== 'string' || typeof at !== 'string' || typeof n !== 'string') return undefined;
  return {
    actor: typeof actor === 'string' ? actor : 'unknown',
    requestId,
    ...(typeof operationId === 'string' ? { operationId } : {}),
    at,
    action: typeof action === 'string' ? action : 'update',
    n,
  };
}

const sameChange = (a: LastChange | undefined, b: LastChange | undefined): boolean =>
  a !== undefined && b !== undefined && a.requestId === b.requestId && a.n === b.n && a.at === b.at;

/** An image as the trail shows it: without the table's keys. */
function bare(image: Item | undefined): Item | null {
  if (!image) return null;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = image;
  return rest;
}

/** Above this (bytes of JSON, roughly) the images are left out, so the record stays within DynamoDB's 400 KB. */
export const MAX_IMAGES_BYTES = 300_000;

function size(value: unknown): number {
  return JSON.stringify(value, (_k, v) => (v instanceof Set ? [...v] : typeof v === 'bigint' ? String(v) : v))?.length ?? 0;
}

/**
 * The audit record of a change, or undefined when the change is not audited. Pure: the same
 * change record always gives the same record under the same key (`writtenAt` aside).
 */
export function auditRecordOf(change: ChangeRecord, writtenAt: string): Item | undefined {
  const pk = String(change.keys.pk ?? '');
  const sk = String(change.keys.sk ?? '');
  const boardId = auditKeys.boardOf(pk);
  if (!boardId || auditKeys.isAudit(pk)) return undefined;
  const before = change.oldImage;
  const after = change.newImage;
  const entity = String(after?.type ?? before?.type ?? sk.split('#')[0]?.toLowerCase() ?? 'item');
  const common = { type: 'audit', boardId, entity, entityKey: `${pk}|${sk}`, eventId: change.eventId, writtenAt };

  let record: Item;
  if (after) {
    const stamp = stampOf(after);
    if (!stamp) {
      // Unstamped: a write with `audit: false`, unless a malformed stamp is there (recorded as found).
      if (after[LAST_CHANGE] === undefined) return undefined;
      record = {
        ...auditKeys.byEvent(boardId, change.approximateAt, 'unattributed', change.eventId),
        ...common,
        at: change.approximateAt,
        actor: 'unknown',
        requestId: change.eventId,
        action: before ? 'update' : 'create',
      };
    } else {
      if (sameChange(stampOf(before), stamp)) return undefined; // the stamp of an earlier change: not audited
      const named = stamp.action !== 'put' && stamp.action !== 'update';
      record = {
        ...auditKeys.change(boardId, stamp.at, stamp.requestId, stamp.n),
        ...common,
        at: stamp.at,
        actor: stamp.actor,
        requestId: stamp.requestId,
        ...(stamp.operationId ? { operationId: stamp.operationId } : {}),
        action: named ? stamp.action : !before ? 'create' : stamp.action === 'put' ? 'replace' : 'update',
      };
    }
  } else {
    // A deletion. No code path deletes an audited item and no API function may; TTL deletes
    // only unaudited records. Should one happen anyway, the trail says so.
    if (!before || before[LAST_CHANGE] === undefined) return undefined;
    record = {
      ...auditKeys.byEvent(boardId, change.approximateAt, 'removed', change.eventId),
      ...common,
      at: change.approximateAt,
      actor: change.principal ?? 'unknown',
      requestId: change.eventId,
      action: 'delete',
    };
  }
  const images = { before: bare(before), after: bare(after) };
  if (size(images) <= MAX_IMAGES_BYTES) return { ...record, ...images };
  // Too large to keep both: the previous record's `after` is this one's `before`.
  if (size(images.after) <= MAX_IMAGES_BYTES) return { ...record, before: null, after: images.after, omitted: ['before'] };
  return { ...record, before: null, after: null, omitted: ['before', 'after'] };
}

type Image = Record<string, AttributeValue>;

const stamped = (image: unknown): boolean => !!image && typeof image === 'object' && LAST_CHANGE in image;

/**
 * The change a stream record reports, or undefined when neither image carries a stamp (then
 * there is nothing to audit and nothing to unmarshall).
 */
export function changeOf(record: DynamoDBRecord): ChangeRecord | undefined {
  const d = record.dynamodb;
  if (!d?.Keys || !(stamped(d.NewImage) || stamped(d.OldImage))) return undefined;
  const read = (image: unknown) => unmarshall(image as Image, { wrapNumbers: true }) as Item;
  const seconds = d.ApproximateCreationDateTime;
  const principal = (record.userIdentity as { principalId?: unknown } | undefined)?.principalId;
  return {
    eventId: record.eventID ?? d.SequenceNumber ?? 'unknown',
    eventName: record.eventName ?? (d.NewImage ? (d.OldImage ? 'MODIFY' : 'INSERT') : 'REMOVE'),
    approximateAt: new Date(typeof seconds === 'number' ? seconds * 1000 : Date.now()).toISOString(),
    keys: read(d.Keys),
    ...(d.OldImage ? { oldImage: read(d.OldImage) } : {}),
    ...(d.NewImage ? { newImage: read(d.NewImage) } : {}),
    ...(typeof principal === 'string' ? { principal } : {}),
  };
}

/** Records written at once (a batch holds up to 100; DynamoDB takes these in parallel). */
const IN_FLIGHT = 16;

/**
 * Writes the audit record of every audited change in a batch, each created once, and answers
 * the records it could not write, so Lambda retries from the first of them (ReportBatchItemFailures;
 * the records after it are retried too, and find theirs written).
 */
export async function writeAuditRecords(
  store: Store,
  event: DynamoDBStreamEvent,
  now: () => Date = () => new Date(),
): Promise<DynamoDBBatchResponse> {
  const failed: string[] = [];
  const queue = [...event.Records];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      try {
        await writeOne(store, r, now);
      } catch (err) {
        failed.push(r.dynamodb?.SequenceNumber ?? r.eventID ?? '');
        console.error(JSON.stringify({ message: 'audit record not written', eventId: r.eventID, error: String(err) }));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, queue.length) }, worker));
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

async function writeOne(store: Store, r: DynamoDBRecord, now: () => Date): Promise<void> {
  const change = changeOf(r);
  if (!change) return;
  const at = now().toISOString();
  const item = auditRecordOf(change, at);
  if (!item) return;
  try {
    await store.write(
      { kind: 'put', audit: false, item, condition: 'attribute_not_exists(pk)' },
      { actor: 'audit-writer', requestId: change.eventId, at },
    );
  } catch (err) {
    // Written by an earlier delivery of this change record: append-only means never overwriting.
    if (!(err instanceof ConditionFailed)) throw err;
  }
}
