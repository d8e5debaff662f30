/**
 * Small helpers the thin handlers share: the use-case context of a request, lists and their
 * cursors, and the common reply shapes.
 */
import type { Ctx } from '../application/context.ts';
import type { ListArgs, Page } from '../application/ports.ts';
import { etagOf } from '../application/versioning.ts';
import type { Versioned } from '../domain/ledger.ts';
import type { Request } from './api.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Reply } from './reply.ts';

export { json } from './reply.ts';

export function ctxOf(req: Request<unknown, unknown>): Ctx {
  return {
    actor: req.actor,
    now: req.now,
    meta: { actor: req.actor.sub, requestId: req.requestId, at: req.now.toISOString(), operationId: req.operation.operationId },
    operation: req.operation,
  };
}

export const ifMatchOf = (req: Request<unknown, unknown>): string | undefined => req.headers['if-match'];

/** A versioned record: 201 when created, 200 when updated, with its ETag. */
export function saved<T extends Versioned>(result: { value: T; created: boolean }, view: (v: T) => unknown, location?: string): Reply {
  return {
    status: result.created ? 201 : 200,
    body: view(result.value),
    headers: { etag: etagOf(result.value), ...(result.created && location ? { location } : {}) },
  };
}

export function versioned<T extends Versioned>(value: T, view: (v: T) => unknown): Reply {
  return { status: 200, body: view(value), headers: { etag: etagOf(value) } };
}

/** The page a list request asks for: `limit` (default 50) and the position its cursor names. */
export function listArgs(req: Request<unknown, { limit?: string | undefined; cursor?: string | undefined }>): ListArgs {
  const after = decodeCursor(req.query.cursor, req.route);
  return { limit: req.query.limit ? Number(req.query.limit) : 50, ...(after !== undefined ? { after } : {}) };
}

/** A page as the API answers it: the items and an opaque cursor to the next page, bound to this list. */
export function page<T>(req: Request<unknown, unknown>, result: Page<T>, view: (t: T) => unknown): Reply {
  const nextCursor = encodeCursor(result.last, req.route);
  return { status: 200, body: { items: result.items.map(view), ...(nextCursor ? { nextCursor } : {}) } };
}
