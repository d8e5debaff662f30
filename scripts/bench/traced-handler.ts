/**
 * What Powertools Tracer would add to a function, measured on the minimal handler: the same
 * DocumentClient `GetCommand`, with the client instrumented (`captureAWSv3Client`: a subsegment
 * per AWS call) and the handler wrapped by the Tracer's middy middleware (the cold-start
 * annotation, the response or error as metadata), as the Powertools documentation shows it.
 * Bundled exactly as the minimal handler is; the benchmark compares the two (BENCHMARKS.md,
 * "Tracer"). The service's own functions do not use it.
 */

import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';

const tracer = new Tracer({ serviceName: 'bench-traced' });
const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = tracer.captureAWSv3Client(
  new DynamoDBClient(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
);
const doc = DynamoDBDocumentClient.from(client);

const read = async (event: { pathParameters?: Record<string, string> }) => {
  const boardId = event.pathParameters?.boardId ?? 'luton-sab';
  const out = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `B#${boardId}`, sk: 'BOARD' } }));
  return { statusCode: out.Item ? 200 : 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify(out.Item ?? null) };
};

export const handler = middy(read).use(captureLambdaHandler(tracer));
