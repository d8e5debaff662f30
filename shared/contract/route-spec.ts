/**
 * What a route is: the shape of an entry in the routes table, and the helpers the tables of
 * the function groups (shared/contract/routes/<fn>.ts) are written with. Type-only apart from a
 * few constants, so a function that loads its own group's table loads nothing else with it.
 */
import type * as z from 'zod/mini';
import type { Role } from '../domain/roles.ts';
import type * as Responses from './responses.ts';

export type Method = 'GET' | 'PUT' | 'POST';
/** Table access the function group needs: none, read-only or read-write. */
export type Access = 'none' | 'RO' | 'RW';
/** Function groups: one Lambda function, one `functions/<fn>/handler.ts` and one `shared/contract/routes/<fn>.ts` each. */
export type Fn =
  | 'health'
  | 'boards'
  | 'partners'
  | 'years'
  | 'agreement'
  | 'expenditure'
  | 'commitments'
  | 'sars'
  | 'recharge'
  | 'close'
  | 'invoices'
  | 'payments'
  | 'reports'
  | 'import'
  | 'audit'
  | 'income'
  | 'planning'
  | 'receivables'
  | 'delivery'
  | 'virements';

/** The response schemas a route may name (shared/contract/responses.ts), by their exported names. */
export type ResponseName = {
  [K in keyof typeof Responses]: (typeof Responses)[K] extends z.ZodMiniType ? K : never;
}[keyof typeof Responses];

/**
 * A success answer, for the OpenAPI document and the tests: its status and the response schema
 * it follows, named (`schema`), or a page of a named schema (`page`: `{ items, nextCursor }`).
 * Named rather than imported, so that no function builds the response schemas: only the
 * document and the tests look them up (shared/contract/openapi.ts `responseSchema`).
 */
export interface Success {
  readonly status: number;
  readonly schema?: ResponseName;
  readonly page?: ResponseName;
}

export interface RouteSpec<
  F extends Fn = Fn,
  B extends z.ZodMiniType | undefined = z.ZodMiniType | undefined,
  Q extends z.ZodMiniType | undefined = z.ZodMiniType | undefined,
> {
  readonly fn: F;
  readonly access: Access;
  readonly summary: string;
  /** false only for the public routes (health, OpenAPI). */
  readonly auth: boolean;
  /** Roles allowed to call; a partner is further limited to its own records by the handler. */
  readonly roles: readonly Role[];
  readonly body?: B;
  readonly query?: Q;
  /** Success status and the schema of its body, for the OpenAPI document. */
  readonly success: Success;
  /** Requires `If-Match` when updating an existing record. */
  readonly ifMatch?: boolean;
  /**
   * Seconds the function may run (API Gateway stops waiting at 30). Work that can outgrow it
   * (an import, a close) checks its deadline and answers 202 to be continued. @default 10
   */
  readonly timeoutSeconds?: number;
  /** Largest accepted body in bytes; default 64 KiB. */
  readonly maxBody?: number;
  /** A raw file body instead of JSON: the accepted media types; the handler gets the bytes. */
  readonly file?: FileSpec;
  /** The business metric (namespace SabBudget) a successful answer counts one of. */
  readonly metric?: BusinessMetric;
}

/** Business metrics the service publishes (the dashboard graphs them). */
export type BusinessMetric = 'EntriesPosted' | 'ImportsCommitted' | 'YearsClosed' | 'InvoicesIssued' | 'IdempotentReplays';

export interface FileSpec {
  readonly accepts: readonly string[];
}

/** The routes of one function group, by key (`GET /v1/...`). */
export type GroupRoutes<F extends Fn = Fn> = { readonly [key: string]: RouteSpec<F> };

/** A route; its body and query types are what its schemas say (never inferred from the group's table type). */
export function route<F extends Fn, B extends z.ZodMiniType | undefined = undefined, Q extends z.ZodMiniType | undefined = undefined>(
  spec: RouteSpec<F, B, Q>,
): RouteSpec<F, NoInfer<B>, NoInfer<Q>> {
  return spec;
}

/** A route whose body is a file (the type records it, so its handler is given the bytes). */
export function fileRoute<F extends Fn, Q extends z.ZodMiniType | undefined = undefined>(
  spec: RouteSpec<F, undefined, Q> & { readonly file: FileSpec; readonly maxBody: number },
): RouteSpec<F, undefined, NoInfer<Q>> & { readonly file: FileSpec } {
  return spec;
}

/** The routes table of one function group: every route in it must name that group as its `fn`. */
export function group<F extends Fn, const T extends GroupRoutes<F>>(_fn: F, table: T): T {
  return table;
}

export const everyone = [] as const;
export const FIN = ['finance'] as const;
export const FIN_BOARD = ['finance', 'board'] as const;
export const ADMIN_FIN = ['admin', 'finance'] as const;
/** Finance and the board read all of it; a partner its own line only (the use case scopes it). */
export const FIN_BOARD_PARTNER = ['finance', 'board', 'partner'] as const;

export function splitKey(key: string): { method: Method; path: string } {
  const [method, path] = key.split(' ') as [Method, string];
  return { method, path };
}
