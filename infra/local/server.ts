/**
 * The local stand-in for API Gateway: a node:http server that matches each request
 * against the routes table, checks the bearer token as the JWT authorizer would, and
 * feeds the very same Lambda handlers an HTTP API (payload 2.0) event.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import type { ImportDeps } from '../../shared/application/ports.ts';
import { type Fn, type RouteSpec, routes, splitKey } from '../../shared/contract/routes.ts';
import { TokenRequest } from '../../shared/contract/schemas.ts';
import type { HttpEvent, HttpResult, LambdaHandler } from '../../shared/http/api.ts';
import { errorToResult, SECURITY_HEADERS } from '../../shared/http/api.ts';
import { problem } from '../../shared/http/problem.ts';
import { issuesToProblems } from '../../shared/http/validation.ts';
import { type LocalTokens, toAuthorizerClaims } from './tokens.ts';

/** Requests larger than API Gateway's 10 MB are cut off here too. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly key: string;
  readonly method: string;
  readonly spec: RouteSpec;
  readonly pattern: RegExp;
  readonly names: string[];
}

const compiled: CompiledRoute[] = Object.entries(routes)
  .map(([key, spec]) => {
    const { method, path } = splitKey(key);
    const names: string[] = [];
    const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { key, method, spec: spec as RouteSpec, pattern: new RegExp(`^${source}$`), names };
  })
  // As API Gateway does, a literal segment wins over a parameter: `/expenditure/import` and
  // `/expenditure/template` are never taken for `/expenditure/{entryId}`. Paths that match the
  // same request have as many segments, so fewer parameters means more literal ones.
  .sort((a, b) => a.names.length - b.names.length);

/** A function group's module: its handler factory over the dependencies it is given. */
interface FunctionModule {
  readonly makeHandler: (deps: ImportDeps) => LambdaHandler;
}

/**
 * Loads `functions/<fn>/handler.ts` on first use, as a cold Lambda would, and builds its
 * handler over `deps()`: the runtime's own store rather than one from the environment, so
 * that every function of the local server shares one store (and tests may swap it).
 */
export function moduleLoader(deps: () => ImportDeps): ((fn: Fn) => Promise<LambdaHandler>) & { reset(): void } {
  const cache = new Map<Fn, Promise<LambdaHandler>>();
  const load = (fn: Fn) => {
    let loaded = cache.get(fn);
    if (!loaded) {
      const url = new URL(`../../functions/${fn}/handler.ts`, import.meta.url);
      loaded = import(url.href).then((m: FunctionModule) => m.makeHandler(deps()));
      cache.set(fn, loaded);
    }
    return loaded;
  };
  return Object.assign(load, { reset: () => cache.clear() });
}

export interface LocalServerOptions {
  readonly tokens: LocalTokens;
  readonly load: (fn: Fn) => Promise<LambdaHandler>;
  /** Extra routes served before the API (the web page). */
  readonly extra?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  readonly log?: (line: string) => void;
}

function send(res: ServerResponse, result: HttpResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body =
    result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  if (body) headers['content-length'] = String(body.length);
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

function problemResult(
  status: number,
  detail: string,
  code: string,
  path: string,
  extraHeaders: Record<string, string> = {},
  errors?: { path: string; message: string }[],
): HttpResult {
  return {
    statusCode: status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/problem+json; charset=utf-8', ...extraHeaders },
    body: JSON.stringify(problem(status, detail, { code, instance: path, ...(errors ? { errors } : {}) })),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const TEXTUAL = /^(application\/(json|problem\+json|x-www-form-urlencoded|xml)|text\/)/i;

function lambdaContext(requestId: string, fn: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${fn}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${fn}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/local-${fn}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function createLocalServer(opts: LocalServerOptions): Server {
  const load = opts.load;
  return createServer((req, res) => {
    const started = Date.now();
    handle(req, res, opts, load)
      .catch((err: unknown) => send(res, errorToResult(err, 'local', req.url ?? '')))
      .finally(() => opts.log?.(`${req.method} ${req.url} -> ${res.statusCode} ${Date.now() - started}ms`));
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  opts: LocalServerOptions,
  load: (fn: Fn) => Promise<LambdaHandler>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;

  if (opts.extra && (await opts.extra(req, res, url))) return;

  const body = await readBody(req);
  if (body === 'too-large') {
    send(res, problemResult(413, 'the request is larger than 10 MB', 'REQUEST.TOO_LARGE', path));
    return;
  }

  if (method === 'POST' && path === '/dev/tokens') {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8') || 'null');
    } catch {
      send(res, problemResult(400, 'the body is not valid JSON', 'REQUEST.MALFORMED_JSON', path));
      return;
    }
    const parsed = TokenRequest.safeParse(json);
    if (!parsed.success) {
      const errors = issuesToProblems('body', parsed.error.issues, json);
      send(res, problemResult(400, 'send { sub, roles, boardId, partnerId? }', 'REQUEST.INVALID', path, {}, errors));
      return;
    }
    const issued = await opts.tokens.sign(parsed.data);
    send(res, {
      statusCode: 200,
      headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(issued),
    });
    return;
  }

  const candidates = compiled.filter((r) => r.pattern.test(path));
  const route = candidates.find((r) => r.method === method);
  if (!route) {
    if (candidates.length > 0) {
      const allow = [...new Set(candidates.map((c) => c.method))].sort().join(', ');
      send(res, problemResult(405, `use ${allow} on this path`, 'ROUTE.METHOD', path, { allow }));
    } else send(res, problemResult(404, 'no such route', 'ROUTE.NOT_FOUND', path));
    return;
  }

  let claims: Record<string, string> | undefined;
  if (route.spec.auth) {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const payload = match?.[1] ? await opts.tokens.verify(match[1]) : undefined;
    if (!payload) {
      send(res, problemResult(401, 'a valid bearer token is required', 'AUTH.INVALID_TOKEN', path, { 'www-authenticate': 'Bearer' }));
      return;
    }
    claims = toAuthorizerClaims(payload);
  }

  const values = route.pattern.exec(path)?.slice(1) ?? [];
  const pathParameters = Object.fromEntries(route.names.map((n, i) => [n, values[i] ?? '']));
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const textual = body.length === 0 || TEXTUAL.test(headers['content-type'] ?? 'application/json');
  const requestId = randomUUID();
  const now = Date.now();

  const event: HttpEvent = {
    version: '2.0',
    routeKey: route.key,
    rawPath: path,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.names.length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.key,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !textual,
  };
  if (!route.spec.auth) delete (event.requestContext as { authorizer?: unknown }).authorizer;

  const handler = await load(route.spec.fn);
  send(res, await handler(event, lambdaContext(requestId, route.spec.fn)));
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return `http://${host}:${addr.port}`;
}
