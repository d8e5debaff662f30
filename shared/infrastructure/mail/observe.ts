/**
 * Logs and metrics of the mail functions (no HTTP pipeline around them): one structured log
 * line per run with its summary, and counts in the service's metrics namespace, dimension
 * `service` = the function, published at the end of the run.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export function mailObservability(service: string, env: Readonly<Record<string, string | undefined>> = process.env) {
  const serviceName = env.POWERTOOLS_SERVICE_NAME ?? service;
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? 'SabBudget',
    serviceName,
    defaultDimensions: { service: serviceName },
  });
  return {
    logger,
    /** Publishes the non-zero counts. */
    count(values: Readonly<Record<string, number>>): void {
      let any = false;
      for (const [name, n] of Object.entries(values)) {
        if (n > 0) {
          metrics.addMetric(name, MetricUnit.Count, n);
          any = true;
        }
      }
      if (any) metrics.publishStoredMetrics();
    },
  };
}
