/**
 * The global secondary indexes TABLE_SCHEMA declares (`gsi1`, `gsi2`, ...), read
 * generically so that a new index in the schema reaches the table and the grants with no
 * edit here.
 */
import { TABLE_SCHEMA } from '../../shared/infrastructure/dynamodb/table-schema.ts';

export interface IndexSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  /** Non-key attributes projected; absent means every attribute. */
  readonly include?: readonly string[];
}

export function secondaryIndexes(schema: Record<string, unknown> = TABLE_SCHEMA): IndexSpec[] {
  return Object.entries(schema)
    .filter(([key]) => /^gsi\d+$/.test(key))
    .map(([, spec]) => spec as IndexSpec);
}
