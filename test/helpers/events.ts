/**
 * HTTP API (payload 2.0) events and middy requests for testing the pipeline's middlewares one
 * at a time, without a server or a table.
 */
import type { Context } from 'aws-lambda';
import type { PipelineRequest } from '../../shared/http/pipeline.ts';
import type { HttpEvent } from '../../shared/http/reply.ts';

export interface EventSpec {
  routeKey: string;
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  base64?: boolean;
  claims?: Record<string, string>;
}

export function eventOf(spec: EventSpec): HttpEvent {
  const method = spec.routeKey.split(' ')[0] ?? 'GET';
  return {
    version: '2.0',
    routeKey: spec.routeKey,
    rawPath: spec.path,
    rawQueryString: new URLSearchParams(spec.query ?? {}).toString(),
    headers: spec.headers ?? {},
    ...(spec.query ? { queryStringParameters: spec.query } : {}),
    ...(spec.params ? { pathParameters: spec.params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'unit',
      domainName: 'unit',
      domainPrefix: 'unit',
      http: { method, path: spec.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'unit' },
      requestId: 'req-unit',
      routeKey: spec.routeKey,
      stage: '$default',
      time: '26/Nov/2026:12:00:00 +0000',
      timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: spec.claims ?? {}, scopes: [] } },
    },
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    isBase64Encoded: spec.base64 ?? false,
  };
}

/** A middy request as the middlewares see it. */
export function requestOf(spec: EventSpec): PipelineRequest {
  return {
    event: eventOf(spec),
    context: { getRemainingTimeInMillis: () => 10_000 } as unknown as Context,
    response: undefined,
    error: undefined,
    internal: {},
  } as unknown as PipelineRequest;
}

/** Claims as the HTTP API's JWT authorizer passes them (arrays flattened to "[a b]"). */
export const claimsOf = (roles: string[], boardId = 'luton-sab', extra: Record<string, string> = {}) => ({
  sub: 'tester',
  roles: `[${roles.join(' ')}]`,
  boardId,
  ...extra,
});
