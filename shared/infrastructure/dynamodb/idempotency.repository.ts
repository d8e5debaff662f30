/**
 * Idempotency records: one per (board, caller, Idempotency-Key). No transactions are needed:
 * the claim is one conditional write, and values an operation must not redo on a retry (the
 * entry number it reserved) are remembered on the same record, so a request that dies after
 * its business write and is retried once its lock has lapsed picks up where it stopped.
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import type { Claim, IdempotencyPort, StoredResponse } from '../../application/ports.ts';
import { ConditionFailed, ConflictError } from '../../domain/errors.ts';
import { type Item, int, optStr, type Store, str, type WriteMeta } from './store.ts';

/** How long a claim protects an in-flight request: the Lambda timeout and a margin. */
export const LOCK_MS = 35_000;
/** How long a key is remembered (after which DynamoDB's TTL may delete the record). */
export const KEY_TTL_SECONDS = 24 * 3600;

/** Remembered values are attributes named `memo_<name>`. */
const MEMO = 'memo_';

const key = (boardId: string, scope: string) => ({ pk: `B#${boardId}#IDEM`, sk: scope });
/** Part n of a stored answer too large for the record itself. */
const partKey = (boardId: string, scope: string, n: number) => ({
  pk: `B#${boardId}#IDEM`,
  sk: `${scope}#part#${String(n).padStart(3, '0')}`,
});

/**
 * DynamoDB items hold 400 KB. An answer's body is kept on the record up to this size; a larger
 * one (an import's report of a wide file) is kept in parts of this size beside it, written
 * before the record says `done`, so a retry always gets the whole answer back.
 */
export const BODY_PART_BYTES = 300 * 1024;

export class IdempotencyRepository implements IdempotencyPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  /**
   * Claims the key for this request, unless another request holds it (in flight), has
   * answered it (replay), or used it for a different request (mismatch). An expired record,
   * a failed attempt or a lapsed lock may be claimed again; remembered values survive that.
   */
  async claim(meta: WriteMeta, boardId: string, scope: string, fingerprint: string, nowMs: number): Promise<Claim> {
    const k = key(boardId, scope);
    const nowSec = Math.floor(nowMs / 1000);
    try {
      const out = await this.store.write(
        {
          kind: 'update',
          key: k,
          update:
            'SET #status = :progress, fingerprint = :fp, lockedUntil = :lock, #owner = :owner, expiresAt = :exp, #type = :type REMOVE #response',
          condition:
            'attribute_not_exists(pk) OR expiresAt < :nowSec OR (fingerprint = :fp AND (#status = :failed OR (#status = :progress AND lockedUntil < :nowMs)))',
          names: { '#status': 'status', '#response': 'response', '#type': 'type', '#owner': 'owner' },
          values: {
            ':progress': 'in-progress',
            ':failed': 'failed',
            ':fp': fingerprint,
            ':lock': nowMs + LOCK_MS,
            ':owner': meta.requestId,
            ':exp': nowSec + KEY_TTL_SECONDS,
            ':nowSec': nowSec,
            ':nowMs': nowMs,
            ':type': 'idempotency',
          },
          returnNew: true,
          audit: false,
        },
        meta,
      );
      const memo = Object.fromEntries(
        Object.entries(out ?? {})
          .filter(([name]) => name.startsWith(MEMO))
          .map(([name, value]) => [name.slice(MEMO.length), plainMemo(value)]),
      );
      return { kind: 'claimed', memo };
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
    const current = await this.store.get(k);
    if (!current) return this.claim(meta, boardId, scope, fingerprint, nowMs); // expired and swept meanwhile
    if (str(current.fingerprint) !== fingerprint) return { kind: 'mismatch' };
    if (current.status === 'done' && current.response) {
      return { kind: 'replay', response: await this.reassemble(boardId, scope, toResponse(current.response as Item), current.parts) };
    }
    const lockedUntil = int(current.lockedUntil);
    return { kind: 'in-flight', retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil - nowMs) / 1000)) };
  }

  /**
   * Runs a write on the record this request holds. A conditional failure is believed only if
   * another request has since taken the record; otherwise it was a retried call reporting
   * its own first attempt.
   */
  private async asOwner(meta: WriteMeta, boardId: string, scope: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const current = await this.store.get(key(boardId, scope));
      if (current?.owner !== meta.requestId)
        throw new ConflictError('CONFLICT.BUSY', 'another request with this Idempotency-Key took over; retry');
    }
  }

  /** Remembers a value on the record this request holds. */
  async remember(meta: WriteMeta, boardId: string, scope: string, name: string, value: string | number): Promise<void> {
    await this.asOwner(meta, boardId, scope, () =>
      this.store.write(
        {
          kind: 'update',
          key: key(boardId, scope),
          update: 'SET #name = :value',
          condition: '#owner = :owner',
          names: { '#name': `${MEMO}${name}`, '#owner': 'owner' },
          values: { ':value': value, ':owner': meta.requestId },
          audit: false,
        },
        meta,
      ),
    );
  }

  /** Stores the final answer, to be replayed to every retry with this key. */
  async complete(meta: WriteMeta, boardId: string, scope: string, response: StoredResponse): Promise<void> {
    const { body, ...head } = response;
    const parts = body !== undefined && Buffer.byteLength(body) > BODY_PART_BYTES ? splitBody(body) : undefined;
    if (parts) {
      // The parts first (each a plain put: writing one again writes the same), then the record.
      const expiresAt = Math.floor(Date.now() / 1000) + KEY_TTL_SECONDS;
      for (const [n, text] of parts.entries()) {
        await this.store.write(
          { kind: 'put', item: { ...partKey(boardId, scope, n), type: 'idempotency-part', body: text, expiresAt }, audit: false },
          meta,
        );
      }
    }
    const stored = parts ? head : response;
    await this.asOwner(meta, boardId, scope, () =>
      this.store.write(
        {
          kind: 'update',
          key: key(boardId, scope),
          update: parts ? 'SET #status = :done, #response = :r, parts = :parts' : 'SET #status = :done, #response = :r REMOVE parts',
          condition: '#owner = :owner',
          names: { '#status': 'status', '#response': 'response', '#owner': 'owner' },
          values: { ':done': 'done', ':r': stored, ':owner': meta.requestId, ...(parts ? { ':parts': parts.length } : {}) },
          audit: false,
        },
        meta,
      ),
    );
  }

  /** The answer with its body put back together from its parts, when it was kept in parts. */
  private async reassemble(boardId: string, scope: string, response: StoredResponse, parts: unknown): Promise<StoredResponse> {
    if (parts === undefined) return response;
    const count = int(parts);
    const keys = Array.from({ length: count }, (_, n) => partKey(boardId, scope, n));
    const found = await this.store.getMany(keys);
    const body = keys
      .map((k) => {
        const item = found.get(`${k.pk}|${k.sk}`);
        if (!item) throw new Error(`idempotency record ${scope} is missing part ${k.sk}`);
        return str(item.body);
      })
      .join('');
    return { ...response, body };
  }

  /** Lets a retry run again: the attempt failed without an answer worth keeping. */
  async release(meta: WriteMeta, boardId: string, scope: string): Promise<void> {
    try {
      await this.store.write(
        {
          kind: 'update',
          key: key(boardId, scope),
          update: 'SET #status = :failed',
          condition: '#owner = :owner',
          names: { '#status': 'status', '#owner': 'owner' },
          values: { ':failed': 'failed', ':owner': meta.requestId },
          audit: false,
        },
        meta,
      );
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
}

/** Splits a body into parts of at most BODY_PART_BYTES (UTF-8), never inside a character. */
export function splitBody(body: string): string[] {
  const parts: string[] = [];
  let part = '';
  let bytes = 0;
  for (const ch of body) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > BODY_PART_BYTES) {
      parts.push(part);
      part = '';
      bytes = 0;
    }
    part += ch;
    bytes += size;
  }
  parts.push(part);
  return parts;
}

function toResponse(item: Item): StoredResponse {
  const body = optStr(item.body);
  return {
    status: int(item.status),
    headers: (item.headers as Record<string, string> | undefined) ?? {},
    ...(body !== undefined ? { body } : {}),
    ...(item.isBase64Encoded === true ? { isBase64Encoded: true } : {}),
  };
}

/** A remembered value as written: numbers come back wrapped and are unwrapped exactly. */
function plainMemo(value: unknown): string | number {
  if (value instanceof NumberValue) return int(value);
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`stored idempotency memo is not a string or number: ${String(value)}`);
}
