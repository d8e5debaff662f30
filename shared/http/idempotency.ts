/**
 * `Idempotency-Key` on POST (IETF draft-ietf-httpapi-idempotency-key-header; Stripe's
 * semantics): the first answer (2xx or 4xx) is stored and replayed, byte for byte, to every
 * retry with the same key (`Idempotent-Replayed: true`); the same key with a different
 * request gets 422; a retry while the first is still running gets 409 with Retry-After.
 * Keys are scoped to the caller and the board, so nobody can replay another's answer, and
 * are remembered for 24 hours.
 *
 * A request that dies after writing and is retried after its lock lapses runs again; values
 * it must not redo are kept with {@link Once} on the idempotency record (the entry number a
 * post reserved), so the rerun converges on the same records instead of writing twice.
 */
import { createHash } from 'node:crypto';
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { DomainError, ValidationError } from '../domain/errors.ts';
import type { IdempotencyRepository, StoredResponse } from '../infrastructure/dynamodb/idempotency.repository.ts';
import type { WriteMeta } from '../infrastructure/dynamodb/store.ts';
import type { HttpResult } from './api.ts';
import { problem } from './problem.ts';

/** Computes a value once per operation: a retry of the same operation gets the first value back. */
export type Once = <T extends string | number>(name: string, compute: () => Promise<T>) => Promise<T>;

export interface Operation {
  /** Stable across retries with the same Idempotency-Key; the request id otherwise. */
  readonly operationId: string;
  readonly once: Once;
  /** What an earlier attempt of this operation computed under `name`, if anything. */
  readonly recall: (name: string) => string | number | undefined;
}

export const standalone = (requestId: string): Operation => ({
  operationId: requestId,
  once: (_name, compute) => compute(),
  recall: () => undefined,
});

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Headers of an answer worth replaying (the security headers are added afresh). */
const KEPT = ['content-type', 'location', 'etag', 'content-disposition'];

export function checkKey(value: string): string {
  if (!KEY_PATTERN.test(value)) {
    throw new ValidationError('REQUEST.IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { path: 'header.idempotency-key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  return value;
}

const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

export interface IdempotentCall {
  readonly repo: IdempotencyRepository;
  readonly meta: WriteMeta;
  readonly boardId: string;
  readonly caller: string;
  readonly key: string;
  /** Method, path, query and body: what makes two requests "the same". */
  readonly request: { method: string; path: string; query: string; body: Uint8Array };
  readonly securityHeaders: Readonly<Record<string, string>>;
  readonly run: (op: Operation) => Promise<HttpResult>;
  /** Maps a thrown error to the answer the client gets. */
  readonly toResult: (err: unknown) => HttpResult;
}

function plainMemo(value: unknown): unknown {
  return value instanceof NumberValue ? Number(value.toString()) : value;
}

export async function idempotent(call: IdempotentCall): Promise<HttpResult> {
  const scope = sha256(`${call.caller}\n${call.key}`);
  const fingerprint = sha256(
    Buffer.concat([Buffer.from(`${call.request.method} ${call.request.path}?${call.request.query}\n`), call.request.body]),
  );
  const claim = await call.repo.claim(call.meta, call.boardId, scope, fingerprint, Date.now());
  const headers = { ...call.securityHeaders, 'x-request-id': call.meta.requestId };
  if (claim.kind === 'replay') {
    const r = claim.response;
    return {
      statusCode: r.status,
      headers: { ...headers, ...r.headers, 'idempotent-replayed': 'true' },
      ...(r.body !== undefined ? { body: r.body } : {}),
      ...(r.isBase64Encoded ? { isBase64Encoded: true } : {}),
    };
  }
  if (claim.kind === 'mismatch' || claim.kind === 'in-flight') {
    const status = claim.kind === 'mismatch' ? 422 : 409;
    const body =
      claim.kind === 'mismatch'
        ? problem(422, 'this Idempotency-Key was used for a different request; use a new key', {
            code: 'IDEMPOTENCY.KEY_REUSED',
            instance: call.request.path,
          })
        : problem(409, 'a request with this Idempotency-Key is still being processed; retry shortly', {
            code: 'IDEMPOTENCY.IN_FLIGHT',
            instance: call.request.path,
          });
    return {
      statusCode: status,
      headers: {
        ...headers,
        'content-type': 'application/problem+json; charset=utf-8',
        ...(claim.kind === 'in-flight' ? { 'retry-after': String(claim.retryAfterSeconds) } : {}),
      },
      body: JSON.stringify(body),
    };
  }

  const memo = new Map(Object.entries(claim.memo).map(([k, v]) => [k, plainMemo(v)]));
  const op: Operation = {
    operationId: `op-${scope.slice(0, 40)}`,
    recall: (name) => memo.get(name) as string | number | undefined,
    once: async (name, compute) => {
      if (memo.has(name)) return memo.get(name) as never;
      const value = await compute();
      await call.repo.remember(call.meta, call.boardId, scope, name, value);
      memo.set(name, value);
      return value;
    },
  };
  let result: HttpResult;
  try {
    result = await call.run(op);
  } catch (err) {
    // A refusal (4xx) is the answer to this request and is kept; anything else may succeed on a retry.
    if (!(err instanceof DomainError) || err.status >= 500 || err.code === 'CONFLICT.BUSY') {
      await call.repo.release(call.meta, call.boardId, scope);
      throw err;
    }
    result = call.toResult(err);
  }
  if (result.statusCode === 202) {
    // Accepted, not finished (an import to be continued, a close awaiting approval): the next
    // request with this key must run again, not be told the same thing forever.
    await call.repo.release(call.meta, call.boardId, scope);
    return result;
  }
  const stored: StoredResponse = {
    status: result.statusCode ?? 200,
    headers: Object.fromEntries(
      Object.entries(result.headers ?? {})
        .filter(([k]) => KEPT.includes(k.toLowerCase()))
        .map(([k, v]) => [k, String(v)]),
    ),
    ...(result.body !== undefined ? { body: result.body } : {}),
    ...(result.isBase64Encoded ? { isBase64Encoded: true } : {}),
  };
  await call.repo.complete(call.meta, call.boardId, scope, stored);
  return result;
}
