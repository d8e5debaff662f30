/**
 * Email delivery in AWS (DESIGN 10.5, issue 17): Amazon SES v2 and the three functions that no
 * route invokes.
 *
 * - The sender identity (an address or a whole domain, from context; see mail-stack.ts), with a
 *   configuration set that publishes Send, Delivery, Bounce, Complaint and Reject events to the
 *   default EventBridge bus (the only bus SES publishes to).
 * - `mail-sender`, invoked by EventBridge Scheduler every 5 minutes: one pass of the outbox.
 *   `ses:SendEmail` on that identity and that configuration set only, nothing else of SES.
 * - `mail-reminders`, invoked daily at 07:00 Europe/London: queues the overdue reminders.
 * - `mail-events`, invoked by an EventBridge rule matching the configuration set's events only:
 *   records each on the outbox item its tags name.
 *
 * Each reads and writes the table with the service's RW actions (no delete, no scan, no batch
 * write). Invocations that fail are retried by the scheduler (twice, within 10 minutes: the next
 * run comes anyway) or by EventBridge (up to 24 hours for an event: it is the evidence of a
 * send), then land in one encrypted, TLS-only dead-letter queue. Alarms: any function error, any
 * message in that queue, any message that ended failed or bounced, any send pass that left
 * messages behind. A schedule that stops running shows as no MailSent/RemindersQueued, not as an
 * alarm; the outbox keeps everything for when it runs again.
 */
import { Aws, type CfnElement, Duration, type RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  type Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { serviceMetric } from './metrics.ts';
import { acknowledgeNag } from './nag.ts';
import { ServiceFunction } from './service-function.ts';

/** The function groups of email delivery: `functions/<name>/handler.ts`, none of them behind a route. */
export const MAIL_FUNCTIONS = ['mail-sender', 'mail-reminders', 'mail-events'] as const;
export type MailFunction = (typeof MAIL_FUNCTIONS)[number];

/** The SES events the recorder is sent. */
export const RECORDED_EVENTS = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
] as const;

export interface MailDeliveryProps {
  readonly table: ITableV2;
  /** The SES identity to verify: an address, or a domain (DKIM records to publish). */
  readonly identity: Identity;
  /** The From address, in that identity. */
  readonly fromAddress: string;
  /** How often the sender runs. @default Duration.minutes(5) */
  readonly sendEvery?: Duration;
  /** Where alarm notifications are emailed. @default - no subscription */
  readonly alarmEmail?: string;
  readonly memorySize?: number;
  readonly logRetention?: RetentionDays;
  readonly logRemovalPolicy?: RemovalPolicy;
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly tracing?: boolean;
}

export class MailDelivery extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly functions: Readonly<Record<MailFunction, ServiceFunction>>;
  /** Failed scheduled invocations and undeliverable events. */
  readonly deadLetters: Queue;
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MailDeliveryProps) {
    super(scope, id);

    this.configurationSet = new ConfigurationSet(this, 'Events', {
      // SES's account suppression list: an address that bounced hard or complained is not sent to again.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [...RECORDED_EVENTS],
    });
    this.identity = new EmailIdentity(this, 'Sender', { identity: props.identity, configurationSet: this.configurationSet });

    const fnProps = {
      ...(props.memorySize !== undefined ? { memorySize: props.memorySize } : {}),
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      ...(props.logRemovalPolicy !== undefined ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
      ...(props.logLevel !== undefined ? { logLevel: props.logLevel } : {}),
      ...(props.tracing !== undefined ? { tracing: props.tracing } : {}),
    };
    const sender = new ServiceFunction(this, 'SenderFunction', {
      group: 'mail-sender',
      description: 'sab-budget mail sender: one pass of the outbox through SES v2',
      // A pass sends one message at a time (a PDF each): 60 s, and it stops starting new ones 20 s before.
      timeout: Duration.seconds(60),
      ...fnProps,
    });
    const reminders = new ServiceFunction(this, 'RemindersFunction', {
      group: 'mail-reminders',
      description: 'sab-budget overdue reminders: queues the reminders due today',
      timeout: Duration.seconds(60),
      ...fnProps,
    });
    const events = new ServiceFunction(this, 'EventsFunction', {
      group: 'mail-events',
      description: 'sab-budget SES delivery events onto the outbox',
      timeout: Duration.seconds(30),
      ...fnProps,
    });
    this.functions = { 'mail-sender': sender, 'mail-reminders': reminders, 'mail-events': events };
    for (const fn of Object.values(this.functions)) fn.bindTable(props.table, 'RW');

    sender.addEnvironment('MAIL_FROM', props.fromAddress);
    sender.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    sender.addToRolePolicy(
      new PolicyStatement({
        sid: 'SendAsTheServiceIdentityOnly',
        actions: ['ses:SendEmail'],
        resources: [
          this.identity.emailIdentityArn,
          `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:configuration-set/${this.configurationSet.configurationSetName}`,
        ],
      }),
    );

    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNag(
      this.deadLetters,
      'SQS3',
      'This queue is itself the dead-letter queue of the mail schedules and of the SES events rule; a dead-letter queue of its own would have nothing to receive.',
    );

    // One role for both schedules, so their grants are in one place: invoke these two functions,
    // send to the dead-letter queue. Nothing else.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'Invokes the sab-budget mail sender and reminder scan on their schedules',
    });
    const stack = Stack.of(this);
    const arnOf = (fn: ServiceFunction) => stack.resolve(stack.getLogicalId(fn.node.defaultChild as CfnElement)) as string;
    acknowledgeNag(
      schedulerRole,
      'IAM5',
      "The scheduler invokes each function by its unqualified ARN; CDK's grantInvoke also names the function's versions and aliases (<arn>:*). The resource is still these two functions only.",
      [sender, reminders].map((fn) => `Resource::<${arnOf(fn)}.Arn>:*`),
    );

    new Schedule(this, 'SendSchedule', {
      description: 'sab-budget: send what the outbox holds',
      schedule: ScheduleExpression.rate(props.sendEvery ?? Duration.minutes(5)),
      target: new LambdaInvoke(sender, {
        role: schedulerRole,
        input: ScheduleTargetInput.fromObject({ task: 'send' }),
        deadLetterQueue: this.deadLetters,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
      }),
    });
    new Schedule(this, 'ReminderSchedule', {
      description: 'sab-budget: queue the overdue reminders due today',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '7', timeZone: TimeZone.EUROPE_LONDON }),
      target: new LambdaInvoke(reminders, {
        role: schedulerRole,
        input: ScheduleTargetInput.fromObject({ task: 'remind' }),
        deadLetterQueue: this.deadLetters,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });
    new Rule(this, 'SesEventsRule', {
      description: 'sab-budget: the delivery events of the service configuration set, to the recorder',
      eventPattern: {
        source: ['aws.ses'],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new LambdaFunction(events, { deadLetterQueue: this.deadLetters, retryAttempts: 20, maxEventAge: Duration.hours(24) })],
    });

    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'sab-budget mail alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const period = Duration.minutes(5);
    for (const [name, fn] of Object.entries(this.functions)) {
      this.alarm(`${name}Errors`, fn.metricErrors({ statistic: 'Sum', period }), `The ${name} function failed`);
    }
    this.alarm(
      'DeadLettersAlarm',
      this.deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
      'A mail schedule run or an SES event could not be delivered after its retries (see the dead-letter queue)',
    );
    this.alarm(
      'SenderFailed',
      serviceMetric('MailFailed', 'mail-sender'),
      'A message was refused on its last attempt: it is failed, not sent',
    );
    this.alarm('EventsFailed', serviceMetric('MailFailed', 'mail-events'), 'A message bounced for good or was rejected by SES');
    this.alarm('SendErrors', serviceMetric('MailSendErrors', 'mail-sender'), 'A send pass left messages to the next pass after an error');
  }

  private alarm(id: string, metric: IMetric, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
