/**
 * Powertools for AWS Lambda around every request: structured JSON logs with the cold-start
 * flag, function name, request and X-Ray trace ids (Logger, level from `POWERTOOLS_LOG_LEVEL`
 * or `LOG_LEVEL`), and CloudWatch metrics in the embedded metric format (Metrics, namespace
 * `SabBudget`, dimension `service` = the function group), flushed at the end of each request.
 * Powertools Metrics is loaded by the first request that counts something (a side bundle in
 * Lambda, see shared/lazy/load.ts): reads, most requests, count nothing, and a function's cold
 * start does not load it (BENCHMARKS.md).
 *
 * Besides `UnhandledError` (problem-details.ts) and `IdempotentReplays` (idempotency.ts), a
 * route may declare the business metric its success counts (`metric` in the routes table),
 * and an answer may count more (`Reply.metrics`, e.g. the invoices a close issued).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Fn } from '../../contract/route-spec.ts';
import { loadMetrics } from '../../lazy/load.ts';
import type { Middleware, PipelineRequest } from '../pipeline.ts';

/**
 * The request's counts, held until the request ends and then published through Powertools
 * Metrics, which only the first request that counted something loads.
 */
export class Counts {
  private readonly counted: [name: string, value: number][] = [];
  private metrics: Promise<Metrics> | undefined;
  private readonly options: ConstructorParameters<typeof Metrics>[0];

  constructor(options: ConstructorParameters<typeof Metrics>[0]) {
    this.options = options;
  }

  addMetric(name: string, _unit: 'Count', value: number): void {
    this.counted.push([name, value]);
  }

  hasStoredMetrics(): boolean {
    return this.counted.length > 0;
  }

  /** Powertools Metrics holding what was counted (and no longer holding it here). */
  private async drained(): Promise<Metrics> {
    this.metrics ??= loadMetrics().then(({ Metrics }) => new Metrics(this.options));
    const metrics = await this.metrics;
    for (const [name, value] of this.counted.splice(0)) metrics.addMetric(name, 'Count', value);
    return metrics;
  }

  /** Writes what was counted as one EMF line; nothing at all (nor a load) when nothing was. */
  async publishStoredMetrics(): Promise<void> {
    if (this.counted.length > 0) (await this.drained()).publishStoredMetrics();
  }

  /** The EMF document the counts make (for tests), without publishing it. */
  async serializeMetrics(): Promise<ReturnType<Metrics['serializeMetrics']>> {
    return (await this.drained()).serializeMetrics();
  }
}

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Counts;
  /** Logger context, metric flushing and the request's log line, in pipeline order. */
  readonly middlewares: readonly Middleware[];
}

/** The namespace of every metric the service publishes. */
export const METRICS_NAMESPACE = 'SabBudget';

export function observability(fn: Fn, env: Readonly<Record<string, string | undefined>> = process.env): Observability {
  const serviceName = env.POWERTOOLS_SERVICE_NAME ?? fn;
  const logger = new Logger({ serviceName, logLevel: logLevelOf(env) });
  const metrics = new Counts({
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
  const flush = () => metrics.publishStoredMetrics();
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

function logRequest(request: PipelineRequest, logger: Logger, metrics: Counts): void {
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
  for (const [name, value] of Object.entries(counted)) if (value > 0) metrics.addMetric(name, 'Count', value);
}
