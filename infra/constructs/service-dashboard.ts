/**
 * The one CloudWatch dashboard of a stage: what its alarms say, how the API answers, how the
 * table copes, what the service did (the pipeline's business metrics), and one row per
 * function. Everything is derived from what it is given (the functions come from the routes
 * table's groups), so a new function group gets its row without touching this file.
 */
import { Duration } from 'aws-cdk-lib';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  AlarmStatusWidgetSortBy,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  MathExpression,
  type Metric,
  PeriodOverride,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUSINESS_METRICS, METRICS_NAMESPACE, serviceMetric, UNHANDLED_ERROR_METRIC } from './metrics.ts';
import { type ServiceFunction, TABLE_ACTIONS } from './service-function.ts';
import { secondaryIndexes } from './table-indexes.ts';

export interface DashboardFunction {
  readonly fn: ServiceFunction;
  /** The function's timeout, drawn on its duration graph. */
  readonly timeout: Duration;
}

export interface StreamConsumerRow {
  readonly fn: ServiceFunction;
  readonly timeout: Duration;
  /** The iterator age its alarm fires at, drawn on its graph. */
  readonly maxIteratorAge: Duration;
  /** Its on-failure queue. */
  readonly failures: IQueue;
}

export interface ServiceDashboardProps {
  /** Heading of the dashboard, e.g. `sab-budget prod`. */
  readonly title: string;
  /** The API's stage whose requests, errors and latency are graphed. */
  readonly stage: IHttpStage;
  /** The functions, one row each, in the order given. */
  readonly functions: readonly DashboardFunction[];
  /** The ledger table. */
  readonly table: ITableV2;
  /** Functions fed by a stream (the audit writer), a row each after the others. @default - none */
  readonly streamConsumers?: readonly StreamConsumerRow[];
  /** Alarms whose state heads the dashboard. @default - none */
  readonly alarms?: readonly IAlarm[];
  /** Period of every graphed statistic. @default Duration.minutes(5) */
  readonly period?: Duration;
}

/** A search result's line is labelled by its `service` dimension. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudWatch dynamic label, not a JS template.
const SERVICE_LABEL = "${PROP('Dim.service')}";

/** CloudWatch shows at most 100 alarms in one alarm status widget. */
const ALARMS_PER_WIDGET = 100;

/**
 * The table operations the functions may call (the read-write grant lists them all), as the
 * `Operation` dimension of DynamoDB's per-operation metrics (`dynamodb:GetItem` -> `GetItem`).
 */
export function tableOperations(): string[] {
  return TABLE_ACTIONS.RW.map((action) => action.replace(/^dynamodb:/, ''));
}

/** The CloudWatch search that graphs one business metric for every service publishing it. */
export function businessMetricSearch(metricName: string, period: Duration = Duration.minutes(5)): string {
  return `SEARCH('{${METRICS_NAMESPACE},service} MetricName="${metricName}"', 'Sum', ${period.toSeconds()})`;
}

export class ServiceDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);
    const sum = { statistic: 'Sum', period } as const;
    const pct = (p: 'p50' | 'p99') => ({ statistic: p, period }) as const;

    // No dashboardName: CloudFormation names it, so both stages fit in one account.
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      periodOverride: PeriodOverride.AUTO,
    });

    this.dashboard.addWidgets(
      new TextWidget({
        width: 24,
        height: 2,
        markdown: [
          `# ${props.title}`,
          'Alarms notify the stage’s alarm topic. Custom metrics are in the `SabBudget` namespace with one dimension, `service` (the function group).',
        ].join('\n'),
      }),
    );

    const alarms = [...(props.alarms ?? [])];
    for (let i = 0; i < alarms.length; i += ALARMS_PER_WIDGET) {
      const chunk = alarms.slice(i, i + ALARMS_PER_WIDGET);
      this.dashboard.addWidgets(
        new AlarmStatusWidget({
          title: alarms.length > ALARMS_PER_WIDGET ? `Alarms (${i / ALARMS_PER_WIDGET + 1})` : 'Alarms',
          alarms: chunk,
          // Those in ALARM first.
          sortBy: AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
          width: 24,
          // Six alarms fit on a line of a full-width widget.
          height: Math.min(12, 1 + Math.ceil(chunk.length / 6)),
        }),
      );
    }

    // The API: how many requests, how many failed on whose side, and how long they took.
    const stage = props.stage;
    this.dashboard.addWidgets(
      graph('API requests', [stage.metricCount({ ...sum, label: 'requests' })]),
      graph('API 4xx and 5xx', [stage.metricClientError({ ...sum, label: '4xx' }), stage.metricServerError({ ...sum, label: '5xx' })]),
      graph('API latency (ms)', [
        stage.metricLatency({ ...pct('p50'), label: 'p50' }),
        stage.metricLatency({ ...pct('p99'), label: 'p99' }),
      ]),
      graph('API integration latency (ms)', [
        stage.metricIntegrationLatency({ ...pct('p50'), label: 'p50' }),
        stage.metricIntegrationLatency({ ...pct('p99'), label: 'p99' }),
      ]),
    );

    // The table: capacity used (on-demand bills it), throttling and DynamoDB's own errors.
    const table = props.table;
    const operations = tableOperations();
    const gsiCapacity = (metricName: string, what: string): Metric[] =>
      secondaryIndexes().map((gsi) =>
        table.metric(metricName, {
          ...sum,
          label: `${gsi.name} ${what}`,
          dimensionsMap: { TableName: table.tableName, GlobalSecondaryIndexName: gsi.name },
        }),
      );
    const perOperation = (metricName: string, op: string): Metric =>
      table.metric(metricName, { ...sum, label: op, dimensionsMap: { TableName: table.tableName, Operation: op } });
    this.dashboard.addWidgets(
      graph(
        'Table consumed capacity (units)',
        [
          table.metricConsumedReadCapacityUnits({ ...sum, label: 'read' }),
          table.metricConsumedWriteCapacityUnits({ ...sum, label: 'write' }),
          ...gsiCapacity('ConsumedReadCapacityUnits', 'read'),
          ...gsiCapacity('ConsumedWriteCapacityUnits', 'write'),
        ],
        8,
      ),
      // One line per operation rather than CDK's summing expression: DynamoDB publishes these
      // only when they happen, and a sum over an operation with no data point shows nothing.
      graph(
        'Table throttled requests',
        operations.map((op) => perOperation('ThrottledRequests', op)),
        8,
      ),
      graph(
        'Table system errors',
        operations.map((op) => perOperation('SystemErrors', op)),
        8,
      ),
    );

    // What the service did, per publishing service (a search, so a new publisher shows up).
    this.dashboard.addWidgets(
      ...BUSINESS_METRICS.map(
        (name, i) =>
          new GraphWidget({
            title: name,
            // Five graphs across a 24-column row: 5, 5, 5, 5, 4.
            width: i < 4 ? 5 : 4,
            height: 6,
            left: [new MathExpression({ expression: businessMetricSearch(name, period), label: SERVICE_LABEL, period, usingMetrics: {} })],
            leftYAxis: { min: 0, showUnits: false },
          }),
      ),
    );

    // One row per function: traffic, failures, duration.
    for (const { fn, timeout } of props.functions) {
      const name = fn.group;
      this.dashboard.addWidgets(
        graph(`${name}: invocations`, [fn.metricInvocations({ ...sum, label: 'invocations' })], 8),
        graph(
          `${name}: errors`,
          [
            fn.metricErrors({ ...sum, label: 'Errors (failed invocations)' }),
            serviceMetric(UNHANDLED_ERROR_METRIC, name, { period, label: UNHANDLED_ERROR_METRIC }),
            fn.metricThrottles({ ...sum, label: 'throttles' }),
          ],
          8,
        ),
        new GraphWidget({
          title: `${name}: duration (ms)`,
          width: 8,
          height: 6,
          left: [fn.metricDuration({ ...pct('p50'), label: 'p50' }), fn.metricDuration({ ...pct('p99'), label: 'p99' })],
          leftAnnotations: [{ value: timeout.toMilliseconds(), label: 'timeout' }],
          leftYAxis: { min: 0, showUnits: false },
        }),
      );
    }

    // A function fed by a stream: how much it did, whether it failed, how far behind it is, what it gave up.
    for (const { fn, maxIteratorAge, failures } of props.streamConsumers ?? []) {
      const name = fn.group;
      this.dashboard.addWidgets(
        graph(`${name}: invocations`, [fn.metricInvocations({ ...sum, label: 'invocations' })]),
        graph(`${name}: errors`, [
          fn.metricErrors({ ...sum, label: 'Errors (failed invocations)' }),
          fn.metricThrottles({ ...sum, label: 'throttles' }),
        ]),
        new GraphWidget({
          title: `${name}: iterator age (ms)`,
          width: 6,
          height: 6,
          left: [fn.metric('IteratorAge', { statistic: 'Maximum', period, label: 'oldest record not yet written' })],
          leftAnnotations: [{ value: maxIteratorAge.toMilliseconds(), label: 'alarm' }],
          leftYAxis: { min: 0, showUnits: false },
        }),
        graph(`${name}: records given up`, [
          failures.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period, label: 'in the on-failure queue' }),
        ]),
      );
    }
  }
}

function graph(title: string, metrics: IMetric[], width = 6): GraphWidget {
  return new GraphWidget({ title, width, height: 6, left: metrics, leftYAxis: { min: 0, showUnits: false } });
}
