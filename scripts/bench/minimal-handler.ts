/**
 * The baseline every function bundle is measured against: a handler that only reads one item
 * with the DocumentClient (one `GetCommand`), bundled by the same options as the functions.
 * Like the store, it talks to `DYNAMODB_ENDPOINT` when that is set (the benchmark's dynalite).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
);

export const handler = async (event: { pathParameters?: Record<string, string> }) => {
  const boardId = event.pathParameters?.boardId ?? 'luton-sab';
  const out = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `B#${boardId}`, sk: 'BOARD' } }));
  return { statusCode: out.Item ? 200 : 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify(out.Item ?? null) };
};
