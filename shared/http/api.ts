/**
 * The one HTTP pipeline every Lambda uses. A function group declares an implementation
 * for each of its routes in the routes table; this module does everything else in the
 * same order for every route: route lookup, authentication and role check, board scope,
 * path, query and body validation, then the call, then the response with security
 * headers. Handlers stay thin: they call one use case and shape its result.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { type Fn, pathParams, type RouteKey, type RouteSpec, type Routes, type RoutesOf, routes } from '../contract/routes.ts';
import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../domain/errors.ts';
import { IdempotencyRepository } from '../infrastructure/dynamodb/idempotency.repository.ts';
import { defaultStore } from '../infrastructure/dynamodb/store.ts';
import { checkKey, idempotent, type Operation, standalone } from './idempotency.ts';
import { hasAnyRole, type Principal, principalFromClaims } from './principal.ts';
import { problem } from './problem.ts';
import { parseOr400 } from './validation.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type LambdaHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

// biome-ignore lint/suspicious/noExplicitAny: inference over any function group
type AnySpec<B, Q> = RouteSpec<any, B extends z.ZodMiniType ? B : undefined, Q extends z.ZodMiniType ? Q : undefined>;
export type QueryOf<K extends RouteKey> =
  Routes[K] extends AnySpec<unknown, infer Q> ? (Q extends z.ZodMiniType ? z.output<Q> : Record<string, never>) : never;
export type BodyFor<K extends RouteKey> = Routes[K] extends { readonly file: object }
  ? FileBody
  : Routes[K] extends AnySpec<infer B, unknown>
    ? B extends z.ZodMiniType
      ? z.output<B>
      : undefined
    : never;

/** The body of a route that takes a file: its bytes and media type (parameters apart). */
export interface FileBody {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

export interface Request<B, Q> {
  readonly route: RouteKey;
  /** Undefined only on public routes. */
  readonly principal: Principal;
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

export interface Reply {
  readonly status: number;
  /** Serialised as JSON unless `raw` is given. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly raw?: { readonly contentType: string; readonly data: string | Uint8Array };
}

let idempotencyRepo: IdempotencyRepository | undefined;
const idempotencyRepository = () => {
  idempotencyRepo ??= new IdempotencyRepository(defaultStore());
  return idempotencyRepo;
};
/** Forgets the cached repository (tests that swap the store). */
export function resetIdempotency(): void {
  idempotencyRepo = undefined;
}

/** A JSON reply. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

export type Impl<K extends RouteKey> = (req: Request<BodyFor<K>, QueryOf<K>>) => Promise<Reply>;
export type Impls<F extends Fn> = { readonly [K in RoutesOf<F>]: Impl<K> };

const DEFAULT_MAX_BODY = 64 * 1024;

/** Headers on every response, errors included (OWASP REST Security Cheat Sheet). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

function isThrottle(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? '';
  return /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TooManyRequests/.test(name);
}

/** Maps any thrown value to a problem response. Unknown errors reveal nothing but a reference. */
export function errorToResult(err: unknown, requestId: string, path: string): HttpResult {
  let status: number;
  let body: ReturnType<typeof problem>;
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'content-type': PROBLEM_TYPE };
  if (err instanceof DomainError) {
    status = err.status;
    body = { ...(err.extensions ?? {}), ...problem(status, err.message, { code: err.code, instance: path, errors: err.errors }) };
    if (status === 503) headers['retry-after'] = '1';
  } else if (isThrottle(err)) {
    status = 503;
    headers['retry-after'] = '1';
    body = problem(503, 'the service is busy; retry shortly', { code: 'SERVICE.BUSY', instance: path });
  } else {
    status = 500;
    log('error', 'unhandled error', { requestId, path, error: describeError(err) });
    body = problem(500, `an unexpected error occurred; quote reference ${requestId}`, { code: 'SERVICE.ERROR', instance: path });
  }
  if (status < 500 || status === 503) log('info', 'request refused', { requestId, path, status, code: body.code });
  return { statusCode: status, headers: { ...headers, 'x-request-id': requestId }, body: JSON.stringify(body) };
}

function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}

/**
 * Structured JSON logs, one line each. Written to stdout/stderr directly rather than through
 * `console`, which Lambda's JSON log format would wrap again as a string inside `message`;
 * a line that is already JSON stays searchable field by field in CloudWatch Logs Insights.
 */
export function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  if (process.env.LOG_LEVEL === 'silent') return;
  const line = `${JSON.stringify({ level: level.toUpperCase(), msg, timestamp: new Date().toISOString(), ...fields })}\n`;
  if (level === 'error') process.stderr.write(line);
  else process.stdout.write(line);
}

function headerMap(event: HttpEvent): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function bodyBytes(event: HttpEvent): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** A file body: one of the route's media types, not empty, within its size. */
function parseFile(
  spec: RouteSpec & { file: NonNullable<RouteSpec['file']> },
  bytes: Buffer,
  headers: Record<string, string | undefined>,
): FileBody {
  const max = spec.maxBody ?? DEFAULT_MAX_BODY;
  if (bytes.length > max) {
    throw new PayloadTooLargeError(
      'REQUEST.TOO_LARGE',
      `the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the largest accepted is ${(max / 1024 / 1024).toFixed(0)} MB: split it into several files`,
    );
  }
  const mediaType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!spec.file.accepts.includes(mediaType)) {
    throw new UnsupportedMediaTypeError('REQUEST.MEDIA_TYPE', `send the file as one of: ${spec.file.accepts.join(', ')}`);
  }
  if (bytes.length === 0) throw new ValidationError('REQUEST.EMPTY_BODY', 'the body is empty; send the file');
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), mediaType };
}

function parseBody(spec: RouteSpec, event: HttpEvent, headers: Record<string, string | undefined>): unknown {
  const bytes = bodyBytes(event);
  if (spec.file) return parseFile({ ...spec, file: spec.file }, bytes, headers);
  const max = spec.maxBody ?? DEFAULT_MAX_BODY;
  if (bytes.length > max) throw new PayloadTooLargeError('REQUEST.TOO_LARGE', `the body is larger than ${max} bytes`);
  const empty = bytes.toString('utf8').trim().length === 0;
  if (!spec.body) {
    if (empty) return undefined;
    const text = bytes.toString('utf8').trim();
    if (text === '{}') return undefined;
    throw new ValidationError('REQUEST.UNEXPECTED_BODY', 'this request takes no body');
  }
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new UnsupportedMediaTypeError('REQUEST.MEDIA_TYPE', 'send the body as application/json');
  }
  if (empty) throw new ValidationError('REQUEST.EMPTY_BODY', 'the body is empty; send a JSON object');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ValidationError('REQUEST.MALFORMED_JSON', 'the body is not valid UTF-8 JSON');
  }
  return parseOr400(spec.body, json, 'body');
}

function parseParams(event: HttpEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    const schema = pathParams[name as keyof typeof pathParams];
    if (!schema || value === undefined) throw new NotFoundError('ROUTE.NOT_FOUND', 'no such resource');
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      throw new ValidationError('REQUEST.INVALID_PATH', `path.${name} is not valid percent-encoding`, [
        { path: `path.${name}`, message: 'is not valid percent-encoding' },
      ]);
    }
    out[name] = parseOr400(schema, decoded, `path.${name}`, 'REQUEST.INVALID_PATH');
  }
  return out;
}

function parseQuery(spec: RouteSpec, event: HttpEvent): unknown {
  const raw = event.queryStringParameters ?? {};
  if (!spec.query) {
    const names = Object.keys(raw);
    if (names.length > 0) {
      throw new ValidationError(
        'REQUEST.INVALID_QUERY',
        'this request takes no query parameters',
        names.map((n) => ({ path: `query.${n}`, message: 'is not a parameter this request accepts' })),
      );
    }
    return {};
  }
  return parseOr400(spec.query, raw, 'query', 'REQUEST.INVALID_QUERY');
}

function toResult(reply: Reply, requestId: string): HttpResult {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'x-request-id': requestId, ...(reply.headers ?? {}) };
  if (reply.raw) {
    headers['content-type'] = reply.raw.contentType;
    if (typeof reply.raw.data === 'string') return { statusCode: reply.status, headers, body: reply.raw.data };
    return { statusCode: reply.status, headers, body: Buffer.from(reply.raw.data).toString('base64'), isBase64Encoded: true };
  }
  if (reply.body === undefined) return { statusCode: reply.status, headers };
  headers['content-type'] = JSON_TYPE;
  return { statusCode: reply.status, headers, body: JSON.stringify(reply.body) };
}

/** The middleware that makes every outcome a well-formed, headed response. */
function responder(): middy.MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async (request) => {
      const requestId = request.event.requestContext?.requestId ?? 'unknown';
      request.response = errorToResult(request.error, requestId, request.event.rawPath ?? '');
    },
  };
}

/** The time left to answer, from the Lambda context (absent outside Lambda). */
function deadlineOf(context: Context | undefined): { deadline?: number } {
  const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  return remaining === undefined || !Number.isFinite(remaining) ? {} : { deadline: Date.now() + remaining };
}

/**
 * Builds the Lambda handler for a function group. The type requires exactly one
 * implementation per route of the group in the routes table.
 */
export function httpApi<F extends Fn>(fn: F, impls: Impls<F>): LambdaHandler & { readonly fn: F; readonly impls: Impls<F> } {
  const table = impls as unknown as Record<string, Impl<RouteKey>>;
  const dispatch = async (event: HttpEvent, context?: Context): Promise<HttpResult> => {
    const started = Date.now();
    const requestId = event.requestContext?.requestId ?? 'unknown';
    const key = event.routeKey as RouteKey;
    const spec = routes[key] as RouteSpec | undefined;
    const impl = table[key];
    if (!spec || spec.fn !== fn || !impl) throw new NotFoundError('ROUTE.NOT_FOUND', 'no such route');
    const headers = headerMap(event);

    let principal: Principal | undefined;
    if (spec.auth) {
      principal = principalFromClaims(event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined);
      if (!hasAnyRole(principal, spec.roles)) {
        throw new ForbiddenError('AUTH.ROLE', `this request needs one of the roles: ${spec.roles.join(', ')}`);
      }
    }
    const params = parseParams(event);
    if (principal && params.boardId !== undefined && params.boardId !== principal.boardId) {
      throw new ForbiddenError('AUTH.BOARD', 'the token is not bound to this board');
    }
    const query = parseQuery(spec, event);
    const body = parseBody(spec, event, headers);
    const now = new Date();
    const call = async (operation: Operation) =>
      toResult(
        await impl({
          route: key,
          principal: principal as Principal,
          params,
          query: query as never,
          body: body as never,
          headers,
          requestId,
          now,
          operation,
          ...deadlineOf(context),
        }),
        requestId,
      );
    const idempotencyKey = headers['idempotency-key'];
    const result =
      event.requestContext.http.method === 'POST' && idempotencyKey !== undefined && principal && params.boardId
        ? await idempotent({
            repo: idempotencyRepository(),
            meta: { actor: principal.sub, requestId, at: now.toISOString() },
            boardId: params.boardId,
            caller: principal.sub,
            key: checkKey(idempotencyKey),
            request: { method: 'POST', path: event.rawPath, query: event.rawQueryString ?? '', body: bodyBytes(event) },
            securityHeaders: SECURITY_HEADERS,
            run: call,
            toResult: (err) => errorToResult(err, requestId, event.rawPath ?? ''),
          })
        : await call(standalone(requestId));
    log('info', 'request', { requestId, route: key, status: result.statusCode, ms: Date.now() - started });
    return result;
  };
  const handler = middy<HttpEvent, HttpResult>().use(responder()).handler(dispatch);
  return Object.assign((event: HttpEvent, context: Context) => handler(event, context), { fn, impls });
}
