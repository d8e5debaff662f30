/**
 * The alarms an operator needs to hear about without looking: the API answering 5xx, and
 * per function errors, throttles, unhandled errors the pipeline reports, and a p99 duration
 * creeping up to the timeout; for the stream's audit writer, how far behind it is and any
 * record it gave up. They all notify one SNS topic, so wiring an email, chat or
 * pager is one subscription.
 */
import { Duration } from 'aws-cdk-lib';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { serviceMetric, UNHANDLED_ERROR_METRIC } from './metrics.ts';
import type { ServiceFunction } from './service-function.ts';

export interface ServiceAlarmsProps {
  /** Where notifications are emailed. @default - no subscription; subscribe to the topic later */
  readonly email?: string;
  /** Evaluation period of every alarm. @default Duration.minutes(5) */
  readonly period?: Duration;
  /** Share of the timeout at which the p99 duration alarm fires. @default 0.8 */
  readonly durationShareOfTimeout?: number;
}

export class ServiceAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly period: Duration;
  private readonly durationShare: number;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps = {}) {
    super(scope, id);
    this.period = props.period ?? Duration.minutes(5);
    this.durationShare = props.durationShareOfTimeout ?? 0.8;
    // enforceSSL denies publishing over plain HTTP.
    this.topic = new Topic(this, 'Topic', { displayName: 'sab-budget alarms', enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
  }

  /** Any 5xx from the stage: an unhandled error, a timeout, or DynamoDB throttling (503). */
  watchApi(stage: IHttpStage): void {
    this.add('Api5xx', stage.metric('5xx', { statistic: 'Sum', period: this.period }), 1, 'The API answered 5xx');
  }

  /**
   * Errors, throttles, unhandled errors and a p99 duration near the timeout, for one function.
   * Lambda's `Errors` counts only invocations that failed (a crash, a timeout); a request the
   * pipeline answers with a 500 is a successful invocation, so the pipeline counts it as
   * `UnhandledError` in the `SabBudget` namespace (dimension `service`), and that is alarmed too.
   */
  watchFunction(fn: ServiceFunction, timeout: Duration, opts: { readonly http?: boolean } = {}): void {
    const name = fn.group;
    this.add(`${name}Errors`, fn.metricErrors({ statistic: 'Sum', period: this.period }), 1, `The ${name} function failed`);
    // Only the request pipeline publishes UnhandledError: a function no route invokes has none.
    if (opts.http !== false)
      this.add(
        `${name}UnhandledError`,
        serviceMetric(UNHANDLED_ERROR_METRIC, name, { period: this.period }),
        1,
        `The ${name} function answered a request with an unhandled error (500)`,
      );
    this.add(`${name}Throttles`, fn.metricThrottles({ statistic: 'Sum', period: this.period }), 1, `The ${name} function was throttled`);
    const limit = Math.floor(timeout.toMilliseconds() * this.durationShare);
    this.add(
      `${name}Duration`,
      fn.metricDuration({ statistic: 'p99', period: this.period }),
      limit,
      `p99 duration of the ${name} function reached ${limit} ms (timeout ${timeout.toMilliseconds()} ms)`,
    );
  }

  /**
   * A function fed by a stream: errors, throttles and duration as {@link watchFunction}, the age
   * of the oldest record it has not finished (`IteratorAge`, maximum) reaching `maxAge`, and any
   * message in its on-failure queue (a record given up: it expired from the stream unprocessed).
   */
  watchStreamConsumer(fn: ServiceFunction, timeout: Duration, maxAge: Duration, failures: IQueue): void {
    this.watchFunction(fn, timeout, { http: false });
    const name = fn.group;
    this.add(
      `${name}IteratorAge`,
      fn.metric('IteratorAge', { statistic: 'Maximum', period: this.period }),
      maxAge.toMilliseconds(),
      `The ${name} function is ${maxAge.toHumanString()} or more behind its stream (records expire after 24 hours)`,
    );
    this.add(
      `${name}Undelivered`,
      failures.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: this.period }),
      1,
      `The ${name} function gave records up: they are named in its on-failure queue`,
    );
  }

  private add(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No traffic is not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
