/**
 * The audit writer: the table's DynamoDB stream into the audit trail. No route invokes it; a
 * stream event source mapping does (infra/constructs/audit-writer.ts), with batches of change
 * records, retried until each record is written or expires (24 hours) into the on-failure queue.
 * The work is shared/infrastructure/dynamodb/audit-writer.ts, which the local runtime also runs.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { writeAuditRecords } from '#shared/infrastructure/dynamodb/audit-writer.ts';
import { storeFromEnv } from '#shared/infrastructure/dynamodb/store.ts';

const store = storeFromEnv(process.env);

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => writeAuditRecords(store, event);
