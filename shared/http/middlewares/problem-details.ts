/**
 * Registered last, so its `onError` runs first: every error becomes an RFC 9457 problem
 * answer. Domain errors carry their status and stable code; throttling is 503 with
 * Retry-After; anything else is a 500 that reveals nothing but a reference, is logged with
 * its stack, and counts one `UnhandledError` (the metric the function's alarm watches, since
 * answering 500 means Lambda itself never sees the error).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { DomainError } from '../../domain/errors.ts';
import type { Middleware, PipelineRequest } from '../pipeline.ts';
import { problem } from '../problem.ts';
import { type HttpResult, PROBLEM_TYPE, SECURITY_HEADERS } from '../reply.ts';

function isThrottle(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? '';
  return /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TooManyRequests/.test(name);
}

export interface ErrorSinks {
  readonly logger?: Pick<Logger, 'error' | 'info'>;
  readonly metrics?: { addMetric(name: string, unit: 'Count', value: number): void };
}

/** Maps any thrown value to a problem response. Unknown errors reveal nothing but a reference. */
export function errorToResult(err: unknown, requestId: string, path: string, sinks: ErrorSinks = {}): HttpResult {
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
    sinks.logger?.error('unhandled error', { requestId, path, error: err as Error });
    sinks.metrics?.addMetric('UnhandledError', 'Count', 1);
    body = problem(500, `an unexpected error occurred; quote reference ${requestId}`, { code: 'SERVICE.ERROR', instance: path });
  }
  return { statusCode: status, headers: { ...headers, 'x-request-id': requestId }, body: JSON.stringify(body) };
}

export function problemDetails(sinks: ErrorSinks = {}): Middleware {
  return {
    onError: (request: PipelineRequest) => {
      const requestId = request.internal.state?.requestId ?? request.event.requestContext?.requestId ?? 'unknown';
      request.response = errorToResult(request.error, requestId, request.event.rawPath ?? '', sinks);
    },
  };
}
