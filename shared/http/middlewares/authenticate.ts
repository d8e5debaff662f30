/**
 * First in the pipeline: finds the route the event is for in the function group's own routes
 * table (a route of another group is not found), starts the request's state, and establishes the caller: the verified token's claims
 * (checked by the HTTP API's JWT authorizer, or the local server) become an {@link Actor}, whose
 * roles must allow the route and whose board must be the path's.
 */
import type { Context } from 'aws-lambda';
import { hasAnyRole } from '../../application/actor.ts';
import type { GroupRoutes, RouteSpec } from '../../contract/route-spec.ts';
import { ForbiddenError, NotFoundError } from '../../domain/errors.ts';
import { type Middleware, type PipelineRequest, startState } from '../pipeline.ts';
import { principalFromClaims } from '../principal.ts';
import type { HttpEvent } from '../reply.ts';

function headerMap(event: HttpEvent): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

/** The time left to answer, from the Lambda context (absent outside Lambda). */
function deadlineOf(context: Context | undefined): { deadline?: number } {
  const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  return remaining === undefined || !Number.isFinite(remaining) ? {} : { deadline: Date.now() + remaining };
}

export function authenticate(routes: GroupRoutes): Middleware {
  return {
    before: (request: PipelineRequest) => {
      const { event, context } = request;
      const key = event.routeKey ?? '';
      const spec: RouteSpec | undefined = Object.hasOwn(routes, key) ? routes[key] : undefined;
      if (!spec) throw new NotFoundError('ROUTE.NOT_FOUND', 'no such route');
      const started = Date.now();
      const state = startState(request, {
        fn: spec.fn,
        key,
        spec,
        requestId: event.requestContext?.requestId ?? 'unknown',
        started,
        now: new Date(started),
        headers: headerMap(event),
        ...deadlineOf(context),
      });
      if (!spec.auth) return;
      const actor = principalFromClaims(event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined);
      if (!hasAnyRole(actor, spec.roles)) {
        throw new ForbiddenError('AUTH.ROLE', `this request needs one of the roles: ${spec.roles.join(', ')}`);
      }
      const boardId = event.pathParameters?.boardId;
      if (boardId !== undefined && decodeURIComponentSafe(boardId) !== actor.boardId) {
        throw new ForbiddenError('AUTH.BOARD', 'the token is not bound to this board');
      }
      state.actor = actor;
    },
  };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
