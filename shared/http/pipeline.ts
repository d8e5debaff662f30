/**
 * The state a request accumulates on its way through the middlewares (shared/http/middlewares):
 * authenticate finds the route and the caller, parse validates what was sent, idempotency
 * decides whether to run or replay, and the handler of the function group answers.
 */
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Actor } from '../application/actor.ts';
import type { Operation } from '../application/context.ts';
import type { Deps } from '../application/ports.ts';
import type { Fn, RouteSpec } from '../contract/route-spec.ts';
import type { HttpEvent, HttpResult, Reply } from './reply.ts';

export interface RequestState {
  readonly fn: Fn;
  /** The route's key in the routes table (`GET /v1/...`), as API Gateway names it. */
  readonly key: string;
  readonly spec: RouteSpec;
  readonly requestId: string;
  readonly started: number;
  readonly now: Date;
  /** When Lambda stops this request (epoch ms), from its remaining time. */
  readonly deadline?: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Absent only on public routes. */
  actor?: Actor;
  params?: Readonly<Record<string, string>>;
  query?: unknown;
  body?: unknown;
  /** Set by the idempotency middleware; a request without a key is its own operation. */
  operation?: Operation;
  /** An earlier answer to the same Idempotency-Key, answered again instead of running. */
  replay?: HttpResult;
  /** What the route implementation answered (before it became an HTTP result). */
  reply?: Reply;
}

export type PipelineRequest = middy.Request<HttpEvent, HttpResult, Error, Context, { state?: RequestState }> & {
  internal: { state?: RequestState };
};

export type Middleware = middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context, { state?: RequestState }>;

const STATE = Symbol('sab.request-state');

/** Starts the request's state; the handler finds it on the invocation's context. */
export function startState(request: PipelineRequest, state: RequestState): RequestState {
  request.internal.state = state;
  (request.context as Context & { [STATE]?: RequestState })[STATE] = state;
  return state;
}

/** The request's state; set by the first middleware, so every later one can count on it. */
export function stateOf(request: { internal: { state?: RequestState } }): RequestState {
  const state = request.internal.state;
  if (!state) throw new Error('the request pipeline has not started: authenticate() must come first');
  return state;
}

/** The state of the invocation a handler is called for (the context is its own per invocation). */
export function stateOfContext(context: Context): RequestState {
  const state = (context as Context & { [STATE]?: RequestState })[STATE];
  if (!state) throw new Error('the request pipeline has not started: authenticate() must come first');
  return state;
}

/** The dependencies a function group is built with (its composition root). */
export type { Deps };
