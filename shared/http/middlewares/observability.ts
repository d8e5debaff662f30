/**
 * Powertools for AWS Lambda around every request: structured JSON logs with the cold-start
 * flag, function name, request and X-Ray trace ids (Logger, level from `POWERTOOLS_LOG_LEVEL`
 * or `LOG_LEVEL`), and CloudWatch metrics in the embedded metric format (Metrics, namespace
 * `SabBudget`, dimension `service` = the function group), flushed at the end of each request.
 *
 * Besides `UnhandledError` (problem-details.ts) and `IdempotentReplays` (idempotency.ts), a
 * route may declare the business metric its success counts (`metric` in the routes table),
 * and an answer may count more (`Reply.metrics`, e.g. the invoices a close issued).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Fn } from '../../contract/route-spec.ts';
import type { Middleware, PipelineRequest } from '../pipeline.ts';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Logger context, metric flushing and the request's log line, in pipeline order. */
  readonly middlewares: readonly Middleware[];
}

/** The namespace of every metric the service publishes. */
export const METRICS_NAMESPACE = 'SabBudget';

export function observability(fn: Fn, env: Readonly<Record<string, string | undefined>> = process.env): Observability {
  const serviceName = env.POWERTOOLS_SERVICE_NAME ?? fn;
  const logger = new Logger({ serviceName, logLevel: logLevelOf(env) });
  const metrics = new Metrics({
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName,
    defaultDimensions: { service: serviceName },
  });
  const requestLine: Middleware = {
    after: (request: PipelineRequest) => logRequest(request, logger, metrics),
    onError: (request: PipelineRequest) => logRequest(request, logger, metrics),
  };
  // Powertools' own logMetrics middleware warns on every request that counted nothing (most
  // reads): publish only what was counted.
  const flush = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  const publish: Middleware = { after: flush, onError: flush };
  return {
    logger,
    metrics,
    middlewares: [injectLambdaContext(logger, { resetKeys: true }) as Middleware, publish, requestLine],
  };
}

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;

/** `POWERTOOLS_LOG_LEVEL`, else `LOG_LEVEL`, in any case (`silent` keeps tests and `npm start` quiet); INFO by default. */
function logLevelOf(env: Readonly<Record<string, string | undefined>>): (typeof LEVELS)[number] {
  const asked = (env.POWERTOOLS_LOG_LEVEL ?? env.LOG_LEVEL ?? 'INFO').toUpperCase();
  return (LEVELS as readonly string[]).includes(asked) ? (asked as (typeof LEVELS)[number]) : 'INFO';
}

function logRequest(request: PipelineRequest, logger: Logger, metrics: Metrics): void {
  const state = request.internal.state;
  const status = request.response?.statusCode ?? 500;
  const fields = {
    requestId: state?.requestId ?? request.event.requestContext?.requestId,
    route: state?.key ?? request.event.routeKey,
    status,
    ms: state ? Date.now() - state.started : undefined,
    ...(state?.replay ? { replayed: true } : {}),
  };
  if (status >= 500) logger.warn('request failed', fields);
  else logger.info('request', fields);
  if (!state || state.replay || status < 200 || status >= 300) return;
  const counted: Record<string, number> = { ...(state.spec.metric ? { [state.spec.metric]: 1 } : {}), ...(state.reply?.metrics ?? {}) };
  for (const [name, value] of Object.entries(counted)) if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
}
