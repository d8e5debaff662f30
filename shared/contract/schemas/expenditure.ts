/**
 * Request schemas of the expenditure group: an entry, and the ledger's list query. The import
 * validates each row of a file with the same entry schema (shared/application/import.ts).
 */
import * as z from 'zod/mini';
import { Cursor, IsoDate, Limit, PositiveAmount, Slug, Text } from './common.ts';

export const ExpenditureInput = z.lazy(() =>
  z.strictObject({
    date: IsoDate,
    category: Slug,
    amount: PositiveAmount,
    supplier: Text(200),
    description: Text(500),
    sarId: z.optional(Slug),
    reference: z.optional(Text(100)),
    /** Record it even though an earlier entry of the year has the same supplier reference (409 otherwise). */
    allowDuplicateReference: z.optional(z.boolean()),
  }),
);

export const ExpenditureQuery = z.lazy(() =>
  z.strictObject({
    limit: z.optional(Limit),
    cursor: z.optional(Cursor),
    category: z.optional(Slug),
  }),
);
