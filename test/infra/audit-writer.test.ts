/**
 * The audit trail in AWS: the table streams every change with its images, and the audit
 * writer reads that stream, retried until each record is written or expires into an alarmed
 * queue, with nothing but create rights on the audit partitions.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_PARTITIONS, AUDIT_WRITER_GROUP } from '../../infra/constructs/audit-writer.ts';
import { REPO_ROOT } from '../../infra/constructs/service-function.ts';
import { STREAM_FUNCTIONS } from '../../infra/stacks/route-groups.ts';
import { auditKeys } from '../../shared/infrastructure/dynamodb/keys.ts';
import { TABLE_SCHEMA } from '../../shared/infrastructure/dynamodb/table-schema.ts';
import { resourceOf, resourcesOf, synthesize } from './synth.ts';

const prod = synthesize('prod');
const dev = synthesize('dev');
afterAll(() => {
  prod.cleanup();
  dev.cleanup();
});

const writer = prod.service.api.auditWriter;
const fnId = prod.service.api.getLogicalId(writer.fn.node.defaultChild as CfnFunction);
const queueId = prod.service.api.getLogicalId(writer.failures.node.defaultChild as never);

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

function writerStatements(): Statement[] {
  const fn = resourceOf(prod.api, 'AWS::Lambda::Function', fnId);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resourcesOf(prod.api, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? []);
}
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('the table streams its changes', () => {
  it.each([
    ['prod', prod],
    ['dev', dev],
  ] as const)('%s: with the images before and after (TABLE_SCHEMA, which the local table shares)', (_stage, synth) => {
    expect(TABLE_SCHEMA.stream).toBe('NEW_AND_OLD_IMAGES');
    synth.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });
});

describe('the audit writer', () => {
  it('is a function of its own, outside the routes table, built like every other', () => {
    expect(STREAM_FUNCTIONS).toContain(AUDIT_WRITER_GROUP);
    expect(existsSync(join(REPO_ROOT, 'functions', AUDIT_WRITER_GROUP, 'handler.ts'))).toBe(true);
    const fn = resourceOf(prod.api, 'AWS::Lambda::Function', fnId);
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler', Timeout: 30 });
    expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: AUDIT_WRITER_GROUP,
      TABLE_NAME: { 'Fn::ImportValue': expect.stringMatching(/-Data:ExportsOutputRefTable/) },
    });
  });

  it('reads the stream from its oldest record, in batches, bisecting failures, retrying reported records until they expire', () => {
    const mappings = Object.values(resourcesOf(prod.api, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toEqual({
      FunctionName: { Ref: fnId },
      EventSourceArn: { 'Fn::ImportValue': expect.stringMatching(/-Data:ExportsOutputFnGetAttTable\w+StreamArn/) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // No count and no age limit: retried until the stream drops the record (24 hours)...
      MaximumRetryAttempts: -1,
      // ...then named in the on-failure queue.
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      Tags: expect.any(Array),
    });
  });

  it('may only create items in the audit partitions, read the stream and name what it gives up', () => {
    const statements = writerStatements();
    const dynamo = statements.filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    const table = dynamo.find((s) => s.Sid === 'AuditTrailCreate');
    expect(table).toMatchObject({
      Action: 'dynamodb:PutItem',
      Resource: { 'Fn::ImportValue': expect.stringMatching(/-Data:ExportsOutputFnGetAttTable\w+Arn\w+$/) },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_PARTITIONS] } },
    });
    const stream = dynamo.filter((s) => s !== table);
    expect(stream.flatMap(actions).sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
    for (const s of stream) expect(JSON.stringify(s.Resource)).toMatch(/StreamArn/);
    // Nothing else on the table: no read, no update, no delete.
    expect(
      dynamo
        .flatMap(actions)
        .filter((a) => /GetItem|Query|Scan|Update|Delete|Batch/.test(a))
        .sort(),
    ).toEqual([]);
    const sqs = statements.filter((s) => actions(s).some((a) => a.startsWith('sqs:')));
    expect(sqs.flatMap(actions).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(sqs[0]?.Resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  });

  it('has the audit partitions its grant allows match the keys the trail is written under', () => {
    const pattern = new RegExp(`^${AUDIT_PARTITIONS.replace(/[#]/g, '#').replace(/\*/g, '.*')}$`);
    expect(auditKeys.change('luton-sab', '2025-06-01T10:00:00.000Z', 'r', '1').pk).toMatch(pattern);
    expect(auditKeys.byEvent('luton-sab', '2025-06-01T10:00:00.000Z', 'removed', 'e').pk).toMatch(pattern);
    expect('B#luton-sab#Y#2025-26').not.toMatch(pattern);
    expect('B#luton-sab').not.toMatch(pattern);
  });

  it('names records it gave up in an encrypted queue that refuses plain HTTP, kept 14 days', () => {
    expect(resourceOf(prod.api, 'AWS::SQS::Queue', queueId).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    prod.api.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms when it falls 15 minutes behind the stream, gives a record up, fails, is throttled or runs long', () => {
    const alarms = Object.values(resourcesOf(prod.api, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties ?? {});
    const onWriter = alarms.filter(
      (a) => JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId } }]),
    );
    expect(onWriter.map((a) => a.MetricName).sort()).toEqual(['Duration', 'Errors', 'IteratorAge', 'Throttles']);
    expect(onWriter.find((a) => a.MetricName === 'IteratorAge')).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Maximum',
      Threshold: 15 * 60 * 1000,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    const depth = alarms.filter(
      (a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(`"Fn::GetAtt":["${queueId}"`),
    );
    expect(depth).toHaveLength(1);
    expect(depth[0]).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 1, AlarmActions: [{ Ref: expect.stringMatching(/^AlarmsTopic/) }] });
    // The request pipeline's UnhandledError is not published by a stream function: no alarm on it.
    expect(alarms.filter((a) => JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'service', Value: AUDIT_WRITER_GROUP }]))).toEqual(
      [],
    );
  });
});
