/**
 * The stateful half: the ledger table. It lives in its own stack so that the stateless API
 * can be changed, replaced or destroyed without CloudFormation ever touching the data.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA as T } from '../../shared/infrastructure/dynamodb/table-schema.ts';
import type { StageConfig } from '../config.ts';
import { secondaryIndexes } from '../constructs/table-indexes.ts';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

export class DataStack extends Stack {
  /** The one service table, handed to the API stack as a typed prop. */
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    // Keys, index and TTL come from TABLE_SCHEMA, which the local runtime also creates
    // the table from, so the laptop and AWS cannot drift apart.
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: T.partitionKey, type: AttributeType.STRING },
      sortKey: { name: T.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: secondaryIndexes().map((gsi) => ({
        indexName: gsi.name,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        ...(gsi.sortKey ? { sortKey: { name: gsi.sortKey, type: AttributeType.STRING } } : {}),
        ...(gsi.include
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...gsi.include] }
          : { projectionType: ProjectionType.ALL }),
      })),
      timeToLiveAttribute: T.ttlAttribute,
      // Every change with its images before and after, for the audit writer (api stack): the
      // audit trail is written from here, so no failure of a request can separate a change
      // from its record. DynamoDB keeps a stream record 24 hours.
      dynamoStream: StreamViewType[T.stream],
      // On-demand: a board's traffic is a few finance officers and month-end peaks.
      billing: Billing.onDemand(),
      // A KMS key (the AWS-managed aws/dynamodb one) rather than the DynamoDB-owned key, so
      // every use of it shows in CloudTrail; callers need no KMS permission for it.
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: props.config.pitrDays },
      // Public money's ledger: never deleted by a stack operation, in any stage. Deleting it
      // takes a person turning deletion protection off first.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The service table' });
  }
}
