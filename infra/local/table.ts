/**
 * Creates the service table on a local endpoint when it is missing, with the same keys
 * and index as the CDK data stack (both read TABLE_SCHEMA), and waits until it can be used.
 */
import { Agent } from 'node:http';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
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

/** How long {@link ensureTable} waits for a table to become usable. */
export const TABLE_READY_TIMEOUT_MS = 30_000;

const named = (err: unknown, name: string): boolean => (err as { name?: string } | undefined)?.name === name;

/** The table's description, or undefined when there is no such table. */
async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (err) {
    if (err instanceof ResourceNotFoundException || named(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
}

const isReady = (table: TableDescription | undefined): boolean =>
  table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');

/**
 * Waits until DescribeTable says the table and every index of it are ACTIVE. CreateTable
 * answers while the table is still CREATING (dynalite too: it turns ACTIVE a moment later, on
 * a timer), and a write to a CREATING table fails with ResourceNotFoundException: the first
 * start on an empty data folder used to crash in its seed that way.
 */
export async function waitForTable(client: DynamoDBClient, tableName: string, timeoutMs = TABLE_READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    const table = await describe(client, tableName);
    if (isReady(table)) return;
    if (Date.now() >= deadline) {
      const indexes = (table?.GlobalSecondaryIndexes ?? []).map((i) => `${i.IndexName} ${i.IndexStatus}`).join(', ');
      throw new Error(
        `the table ${tableName} is not ready after ${timeoutMs} ms (${table ? `${table.TableStatus}${indexes ? `; ${indexes}` : ''}` : 'missing'}). ` +
          'A local data folder whose first start was killed while creating it holds no data yet: delete it and start again.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * Creates the table if it is missing and resolves once it is ACTIVE with its index. Safe when
 * something else creates it at the same moment (ResourceInUseException: it exists, wait for it).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  if (await describe(client, tableName)) {
    await waitForTable(client, tableName);
    return 'exists';
  }
  try {
    await createTable(client, tableName);
  } catch (err) {
    if (!(err instanceof ResourceInUseException || named(err, 'ResourceInUseException'))) throw err;
    await waitForTable(client, tableName);
    return 'exists';
  }
  await waitForTable(client, tableName);
  return 'created';
}

async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      // dynalite ignores it (the runtime attaches its emulated stream); said for parity with AWS.
      StreamSpecification: { StreamEnabled: true, StreamViewType: T.stream },
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
}
