/**
 * The one table's physical shape, shared by the CDK data stack and the local runtime so
 * the two cannot drift. Items are keyed by board (and year where it applies); see keys.ts.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * Sparse index: SAR-tagged expenditure by board, for SAR cost roll-ups. `importId` is
   * projected so the roll-up can leave out the rows of imports not yet committed.
   */
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: ['amount', 'yearId', 'importId'] },
  /** Epoch seconds after which DynamoDB may delete an item (idempotency records). */
  ttlAttribute: 'expiresAt',
  /**
   * The change stream: every change of an item with its image before and after, which the
   * audit writer turns into the audit trail (audit-writer.ts). dynalite has no streams: the
   * local runtime emulates this one inside it (infra/local/dynalite.ts).
   */
  stream: 'NEW_AND_OLD_IMAGES',
} as const;
