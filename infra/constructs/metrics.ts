/**
 * The custom metrics the request pipeline publishes with Powertools Metrics (CloudWatch
 * embedded metric format, written to the function's log, so no `cloudwatch:PutMetricData`
 * grant) and the dashboard and alarms read. Each carries exactly one dimension, `service`,
 * the function group (Powertools takes it from `POWERTOOLS_SERVICE_NAME`): a metric with any
 * other dimension set is a different metric to CloudWatch and would not show here.
 */
import { Duration } from 'aws-cdk-lib';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import type { BusinessMetric } from '../../shared/contract/routes.ts';

/** `POWERTOOLS_METRICS_NAMESPACE` of every function. */
export const METRICS_NAMESPACE = 'SabBudget';

/** A request that ended in an unexpected error (a 500 the pipeline did not map): alarmed on. */
export const UNHANDLED_ERROR_METRIC = 'UnhandledError';

/**
 * What the service did, counted where it happens (the routes table's `metric`, the pipeline's
 * replays); graphed on the dashboard. The contract's `BusinessMetric` type keeps the two lists
 * equal: a name added there and not here fails the type check below.
 */
export const BUSINESS_METRICS = [
  'EntriesPosted',
  'ImportsCommitted',
  'YearsClosed',
  'InvoicesIssued',
  'IdempotentReplays',
] as const satisfies readonly BusinessMetric[];
type Ungraphed = Exclude<BusinessMetric, (typeof BUSINESS_METRICS)[number]>;
export const EVERY_BUSINESS_METRIC_GRAPHED: [Ungraphed] extends [never] ? true : Ungraphed = true;

/** One custom metric of one function group, summed over `period` (5 minutes by default). */
export function serviceMetric(metricName: string, service: string, opts: MetricOptions = {}): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service },
    statistic: 'Sum',
    period: Duration.minutes(5),
    ...opts,
  });
}
