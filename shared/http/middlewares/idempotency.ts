/**
 * `Idempotency-Key` on POST (IETF draft-ietf-httpapi-idempotency-key-header; Stripe's
 * semantics): the first answer (2xx or 4xx) is stored and replayed, byte for byte, to every
 * retry with the same key (`Idempotent-Replayed: true`); the same key with a different
 * request gets 422; a retry while the first is still running gets 409 with Retry-After.
 * Keys are scoped to the caller and the board, so nobody can replay another's answer, and
 * are remembered for 24 hours.
 *
 * A request that dies after writing and is retried after its lock lapses runs again; values
 * it must not redo are kept with `once` on the idempotency record (the entry number a post
 * reserved), so the rerun converges on the same records instead of writing twice.
 *
 * In the pipeline: `before` claims the key (or sets up the replay), `after` stores the answer,
 * and `onError` (which runs after problem details has turned the error into its answer)
 * stores a refusal or releases the key so that a retry may run again.
 */
import { createHash } from 'node:crypto';
import { type Operation, standalone } from '../../application/context.ts';
import type { IdempotencyPort, StoredResponse, WriteMeta } from '../../application/ports.ts';
import { DomainError, ValidationError } from '../../domain/errors.ts';
import { type Middleware, type PipelineRequest, type RequestState, stateOf } from '../pipeline.ts';
import { type HttpResult, PROBLEM_TYPE, SECURITY_HEADERS } from '../reply.ts';
import { bodyBytes } from './parse.ts';

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

interface Claimed {
  readonly scope: string;
  readonly meta: WriteMeta;
  readonly boardId: string;
}

const claims = new WeakMap<RequestState, Claimed>();

function metaOf(state: RequestState): WriteMeta {
  return { actor: state.actor?.sub ?? 'anonymous', requestId: state.requestId, at: state.now.toISOString() };
}

/** The answer as it is kept for replay: the headers worth keeping, the body as sent (whatever its size). */
export function storedOf(result: HttpResult): StoredResponse {
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {})
      .filter(([k]) => KEPT.includes(k.toLowerCase()))
      .map(([k, v]) => [k, String(v)]),
  );
  const status = result.statusCode ?? 200;
  return {
    status,
    headers,
    ...(result.body !== undefined ? { body: result.body } : {}),
    ...(result.isBase64Encoded ? { isBase64Encoded: true } : {}),
  };
}

function problemResult(status: number, detail: string, code: string, path: string, extra: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { ...SECURITY_HEADERS, 'content-type': PROBLEM_TYPE, ...extra },
    body: JSON.stringify({
      type: `https://sab-budget.example/problems/${code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      title: status === 409 ? 'Conflict' : 'Unprocessable Content',
      status,
      detail,
      code,
      instance: path,
    }),
  };
}

export function idempotency(port: IdempotencyPort, onReplay: () => void = () => undefined): Middleware {
  return {
    before: async (request: PipelineRequest) => {
      const state = stateOf(request);
      const key = state.headers['idempotency-key'];
      const boardId = state.params?.boardId;
      if (request.event.requestContext.http.method !== 'POST' || key === undefined || !state.actor || !boardId) {
        state.operation = standalone(state.requestId);
        return;
      }
      checkKey(key);
      const scope = sha256(`${state.actor.sub}\n${key}`);
      const event = request.event;
      const fingerprint = sha256(Buffer.concat([Buffer.from(`POST ${event.rawPath}?${event.rawQueryString ?? ''}\n`), bodyBytes(event)]));
      const meta = metaOf(state);
      const claim = await port.claim(meta, boardId, scope, fingerprint, Date.now());
      const headers = { ...SECURITY_HEADERS, 'x-request-id': state.requestId };
      if (claim.kind === 'replay') {
        const r = claim.response;
        onReplay();
        state.replay = {
          statusCode: r.status,
          headers: { ...headers, ...r.headers, 'idempotent-replayed': 'true' },
          ...(r.body !== undefined ? { body: r.body } : {}),
          ...(r.isBase64Encoded ? { isBase64Encoded: true } : {}),
        };
        state.operation = standalone(state.requestId);
        return;
      }
      if (claim.kind === 'mismatch') {
        state.replay = {
          ...problemResult(
            422,
            'this Idempotency-Key was used for a different request; use a new key',
            'IDEMPOTENCY.KEY_REUSED',
            event.rawPath,
          ),
        };
        state.replay.headers = { ...state.replay.headers, 'x-request-id': state.requestId };
        state.operation = standalone(state.requestId);
        return;
      }
      if (claim.kind === 'in-flight') {
        state.replay = problemResult(
          409,
          'a request with this Idempotency-Key is still being processed; retry shortly',
          'IDEMPOTENCY.IN_FLIGHT',
          event.rawPath,
          { 'retry-after': String(claim.retryAfterSeconds), 'x-request-id': state.requestId },
        );
        state.operation = standalone(state.requestId);
        return;
      }
      claims.set(state, { scope, meta, boardId });
      const memo = new Map(Object.entries(claim.memo));
      const operation: Operation = {
        operationId: `op-${scope.slice(0, 40)}`,
        recall: (name) => memo.get(name),
        once: async (name, compute) => {
          if (memo.has(name)) return memo.get(name) as never;
          const value = await compute();
          await port.remember(meta, boardId, scope, name, value);
          memo.set(name, value);
          return value;
        },
      };
      state.operation = operation;
    },
    after: async (request: PipelineRequest) => {
      const state = stateOf(request);
      const claimed = claims.get(state);
      const result = request.response;
      if (!claimed || !result) return;
      if (result.statusCode === 202) {
        // Accepted, not finished (an import to be continued, a close awaiting approval): the next
        // request with this key must run again, not be told the same thing forever.
        await port.release(claimed.meta, claimed.boardId, claimed.scope);
        return;
      }
      await port.complete(claimed.meta, claimed.boardId, claimed.scope, storedOf(result));
    },
    onError: async (request: PipelineRequest) => {
      const state = request.internal.state;
      const claimed = state ? claims.get(state) : undefined;
      if (!claimed) return;
      const err = request.error;
      // A refusal (4xx) is the answer to this request and is kept; anything else may succeed on a retry.
      const final = err instanceof DomainError && err.status < 500 && err.code !== 'CONFLICT.BUSY' && request.response !== undefined;
      if (final && request.response) await port.complete(claimed.meta, claimed.boardId, claimed.scope, storedOf(request.response));
      else await port.release(claimed.meta, claimed.boardId, claimed.scope);
    },
  };
}
