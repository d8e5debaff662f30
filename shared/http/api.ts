/**
 * The one HTTP pipeline every Lambda uses. A function group declares an implementation for each
 * of its routes in the routes table; `httpApi` builds its handler as a chain of middy
 * middlewares, each small and tested alone (shared/http/middlewares):
 *
 *   observability (Powertools logger context, metrics, the request's log line)
 *   authenticate  (route of this group, caller from the verified token, role, board scope)
 *   parse         (path, query and body against the route's schemas)
 *   idempotency   (Idempotency-Key: claim, replay, remember the answer)
 *   problem details, registered last so that its onError runs first: errors become RFC 9457 answers
 *
 * and the implementation itself, which calls one use case and shapes its result.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Actor } from '../application/actor.ts';
import type { Operation } from '../application/context.ts';
import type { Deps } from '../application/ports.ts';
import type { GroupRoutes, RouteSpec } from '../contract/route-spec.ts';
import { authenticate } from './middlewares/authenticate.ts';
import { idempotency } from './middlewares/idempotency.ts';
import { observability } from './middlewares/observability.ts';
import { type FileBody, parse } from './middlewares/parse.ts';
import { problemDetails } from './middlewares/problem-details.ts';
import { type RequestState, stateOfContext } from './pipeline.ts';
import { type HttpEvent, type HttpResult, type LambdaHandler, type Reply, toResult } from './reply.ts';

export { errorToResult } from './middlewares/problem-details.ts';
export { json, SECURITY_HEADERS } from './reply.ts';
export type { FileBody, HttpEvent, HttpResult, LambdaHandler, Reply };

/** The route table a function group serves (its `shared/contract/routes/<fn>.ts`). */
export type Table = GroupRoutes;
/** The function group a table belongs to. */
export type FnOf<T extends Table> = T[keyof T]['fn'];

// biome-ignore lint/suspicious/noExplicitAny: inference over any function group
type AnySpec<B, Q> = RouteSpec<any, B extends z.ZodMiniType ? B : undefined, Q extends z.ZodMiniType ? Q : undefined>;
/** The parsed query string of a route: its query schema's output, or nothing. */
export type QueryOf<S> = S extends AnySpec<unknown, infer Q> ? (Q extends z.ZodMiniType ? z.output<Q> : Record<string, never>) : never;
/** The parsed body of a route: its body schema's output, the file's bytes, or nothing. */
export type BodyOf<S> = S extends { readonly file: object }
  ? FileBody
  : S extends AnySpec<infer B, unknown>
    ? B extends z.ZodMiniType
      ? z.output<B>
      : undefined
    : never;

export interface Request<B, Q> {
  readonly route: string;
  /** The caller; on public routes a placeholder with no roles. */
  readonly actor: Actor;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Q;
  readonly body: B;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
  readonly now: Date;
  /** When Lambda stops this request (epoch ms), from its remaining time; long work keeps a margin before it. */
  readonly deadline?: number;
  /** The operation this request performs: stable across retries with one Idempotency-Key. */
  readonly operation: Operation;
}

export type Impl<S> = (req: Request<BodyOf<S>, QueryOf<S>>) => Promise<Reply>;
/**
 * What the pipeline itself needs of a group's dependencies: the idempotency store when the group
 * has a POST route (an `Idempotency-Key` is honoured on POST only), nothing otherwise.
 */
export type PipelineDeps<T extends Table> = Extract<keyof T, `POST ${string}`> extends never ? undefined : Pick<Deps, 'idempotency'>;

/** Exactly one implementation per route of the table: none missing, none extra. */
export type Impls<T extends Table> = { readonly [K in keyof T]: Impl<T[K]> };

const NOBODY: Actor = { sub: 'anonymous', roles: new Set(), boardId: '' };

/**
 * Builds the Lambda handler of a function group from its own routes table, over what the
 * pipeline needs of its dependencies (the idempotency store, when it has a POST route). The type
 * requires exactly one implementation per route of the table; the function loads no other
 * group's routes or schemas.
 */
export function httpApi<const T extends Table>(
  routes: T,
  deps: PipelineDeps<T>,
  impls: Impls<T>,
): LambdaHandler & { readonly fn: FnOf<T>; readonly impls: Impls<T> } {
  const fn = fnOf(routes);
  const table = impls as unknown as Record<string, Impl<RouteSpec>>;
  const obs = observability(fn);
  const dispatch = async (_event: HttpEvent, context: Context): Promise<HttpResult> => {
    const state = stateOfContext(context);
    if (state.replay) return state.replay;
    const impl = table[state.key];
    if (!impl) throw new Error(`no implementation of ${state.key} in ${fn}`);
    const reply = await impl({
      route: state.key,
      actor: state.actor ?? NOBODY,
      params: state.params ?? {},
      query: (state.query ?? {}) as never,
      body: state.body as never,
      headers: state.headers,
      requestId: state.requestId,
      now: state.now,
      operation: state.operation ?? { operationId: state.requestId, once: (_n, c) => c(), recall: () => undefined },
      ...(state.deadline !== undefined ? { deadline: state.deadline } : {}),
    });
    state.reply = reply;
    return toResult(reply, state.requestId);
  };
  const handler = middy<HttpEvent, HttpResult, Error, Context, { state?: RequestState }>();
  for (const m of obs.middlewares) handler.use(m);
  handler.use(authenticate(routes)).use(parse());
  const keys = (deps as Pick<Deps, 'idempotency'> | undefined)?.idempotency;
  if (keys) handler.use(idempotency(keys, () => obs.metrics.addMetric('IdempotentReplays', 'Count', 1)));
  handler.use(problemDetails({ logger: obs.logger, metrics: obs.metrics }));
  const run = handler.handler(dispatch);
  // Every invocation gets a context object of its own (Lambda's, the local server's, a test's).
  return Object.assign((event: HttpEvent, context?: Context) => run(event, context ?? ({} as Context)), { fn, impls });
}

/** The group every route of a table names (group() in route-spec.ts makes them agree). */
function fnOf<T extends Table>(routes: T): FnOf<T> {
  const first = Object.values(routes)[0];
  if (!first) throw new Error('a function group serves at least one route');
  return first.fn as FnOf<T>;
}
