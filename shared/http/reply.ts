/**
 * What a route implementation answers, and how it becomes the HTTP API's result: JSON (the
 * default) or raw bytes, always with the security headers and the request id.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type LambdaHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export interface Reply {
  readonly status: number;
  /** Serialised as JSON unless `raw` is given. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly raw?: { readonly contentType: string; readonly data: string | Uint8Array };
  /**
   * Business metrics this answer counts (`InvoicesIssued: 3`), beyond the one its route
   * declares; published only for a 2xx that is not a replay.
   */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** A JSON reply. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

/** Headers on every response, errors included (OWASP REST Security Cheat Sheet). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

export function toResult(reply: Reply, requestId: string): HttpResult {
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
