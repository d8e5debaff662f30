/**
 * Small helpers the thin handlers share: the repositories, the use-case context, and
 * the common reply shapes.
 */
import type { Ctx, Repos } from '../application/context.ts';
import { etagOf } from '../application/versioning.ts';
import type { Versioned } from '../domain/ledger.ts';
import { createRepos } from '../infrastructure/dynamodb/repositories.ts';
import { defaultStore } from '../infrastructure/dynamodb/store.ts';
import type { Reply, Request } from './api.ts';

export { json } from './api.ts';

import { decodeCursor, encodeCursor } from './cursor.ts';

let cached: Repos | undefined;

/** Repositories over the process-wide store, built on first use (not at cold start). */
export function repos(): Repos {
  cached ??= createRepos(defaultStore());
  return cached;
}

/** Forgets the cached repositories (tests that swap the store). */
export function resetRepos(): void {
  cached = undefined;
}

export function ctxOf(req: Request<unknown, unknown>): Ctx {
  return {
    principal: req.principal,
    now: req.now,
    meta: { actor: req.principal.sub, requestId: req.requestId, at: req.now.toISOString(), operationId: req.operation.operationId },
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

export interface ListArgs {
  limit: number;
  after?: string;
}

export function listArgs(query: { limit?: string | undefined; cursor?: string | undefined }, prefix: string): ListArgs {
  const after = decodeCursor(query.cursor, prefix);
  return { limit: query.limit ? Number(query.limit) : 50, ...(after !== undefined ? { after } : {}) };
}

export function page<T>(items: readonly T[], lastSk: string | undefined, view: (t: T) => unknown): Reply {
  const nextCursor = encodeCursor(lastSk);
  return { status: 200, body: { items: items.map(view), ...(nextCursor ? { nextCursor } : {}) } };
}
