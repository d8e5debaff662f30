/**
 * Creates the service table on a local endpoint when it is missing, with the same keys
 * and index as the CDK data stack (both read TABLE_SCHEMA).
 */
import { Agent } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { TABLE_SCHEMA as T } from '../../shared/infrastructure/dynamodb/table-schema.ts';

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    // Reuse loopback connections: a new TCP connection per call costs more than the call.
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) }),
  });
}

export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && (err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: T.partitionKey, AttributeType: 'S' },
        { AttributeName: T.sortKey, AttributeType: 'S' },
        { AttributeName: T.gsi1.partitionKey, AttributeType: 'S' },
        { AttributeName: T.gsi1.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: T.partitionKey, KeyType: 'HASH' },
        { AttributeName: T.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: T.gsi1.name,
          KeySchema: [
            { AttributeName: T.gsi1.partitionKey, KeyType: 'HASH' },
            { AttributeName: T.gsi1.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...T.gsi1.include] },
        },
      ],
    }),
  );
  return 'created';
}
