/**
 * The audit writer in AWS: the table's DynamoDB stream feeds `functions/audit-writer`, which
 * writes one audit record per audited change (shared/infrastructure/dynamodb/audit-writer.ts).
 *
 * Delivery: a stream event source mapping from the oldest record still in the stream
 * (TRIM_HORIZON, so a mapping created or recreated late still starts from everything the stream
 * keeps), in batches; a failed invocation is bisected to isolate a bad record, and records the
 * writer reports as not written (ReportBatchItemFailures) are retried from the first of them.
 * Retries have no count and no age limit below the stream's own 24-hour retention; a record
 * that expires unwritten is named (shard and sequence numbers, not its content) in an
 * encrypted, TLS-only SQS queue. Two alarms speak long before that: the iterator age (how far
 * behind the writer is) and any message in that queue.
 *
 * Least privilege: PutItem on the table only, and only for items whose partition key is an
 * audit partition (`dynamodb:LeadingKeys` `B#*#AUDIT#*`); reading the stream (CDK grants
 * ListStreams, DescribeStream, GetRecords and GetShardIterator on the stream's ARN); sending to
 * its queue. Nothing else, no wildcard resource.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { STREAM_FUNCTIONS } from '../stacks/route-groups.ts';
import { acknowledgeNag } from './nag.ts';
import { ServiceFunction } from './service-function.ts';

/** The function group of the writer: `functions/audit-writer/handler.ts`. */
export const AUDIT_WRITER_GROUP: (typeof STREAM_FUNCTIONS)[number] = 'audit-writer';

/** The partition keys the writer may put items under: the audit trail's (keys.ts `auditKeys`). */
export const AUDIT_PARTITIONS = 'B#*#AUDIT#*';

export interface AuditWriterProps {
  /** The table whose stream is read and whose audit partitions are written. */
  readonly table: ITableV2;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(30): a batch of 100 records, 16 written at a time, with SDK retries */
  readonly timeout?: Duration;
  readonly logRetention?: RetentionDays;
  readonly logRemovalPolicy?: RemovalPolicy;
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly tracing?: boolean;
  /** Change records per invocation. @default 100 */
  readonly batchSize?: number;
  /** The iterator age at which its alarm fires. @default Duration.minutes(15) */
  readonly maxIteratorAge?: Duration;
}

export class AuditWriter extends Construct {
  readonly fn: ServiceFunction;
  /** Where records the writer gave up on are named (after 24 hours of retries). */
  readonly failures: Queue;
  readonly timeout: Duration;
  readonly maxIteratorAge: Duration;

  constructor(scope: Construct, id: string, props: AuditWriterProps) {
    super(scope, id);
    this.timeout = props.timeout ?? Duration.seconds(30);
    this.maxIteratorAge = props.maxIteratorAge ?? Duration.minutes(15);
    this.fn = new ServiceFunction(this, 'Function', {
      group: AUDIT_WRITER_GROUP,
      description: 'sab-budget audit writer: the table stream into the audit trail',
      timeout: this.timeout,
      ...(props.memorySize !== undefined ? { memorySize: props.memorySize } : {}),
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      ...(props.logRemovalPolicy !== undefined ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
      ...(props.logLevel !== undefined ? { logLevel: props.logLevel } : {}),
      ...(props.tracing !== undefined ? { tracing: props.tracing } : {}),
    });
    this.fn.addEnvironment('TABLE_NAME', props.table.tableName);
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'AuditTrailCreate',
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_PARTITIONS] } },
      }),
    );

    this.failures = new Queue(this, 'Undelivered', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNag(
      this.failures,
      'SQS3',
      'This queue is itself the dead-letter destination of the audit writer (the stream mapping names records it gave up here); a queue for its messages would have nothing to receive.',
    );

    this.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize ?? 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // Until the record leaves the stream (24 hours): no count, no age below that.
        retryAttempts: -1,
        onFailure: new SqsDlq(this.failures),
      }),
    );
  }
}
