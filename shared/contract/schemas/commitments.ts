/**
 * Request schemas of the commitments group: a commitment and its release.
 */
import * as z from 'zod/mini';
import { IsoDate, PositiveAmount, Slug, Text } from './common.ts';
import { EntryId } from './params.ts';

export const CommitmentInput = z.lazy(() =>
  z.strictObject({
    category: Slug,
    description: Text(500),
    amount: PositiveAmount,
    dueDate: IsoDate,
    supplier: z.optional(Text(200)),
    sarId: z.optional(Slug),
  }),
);

/** Part or all of a commitment released (no amount: all that is left), or matched to the entry that paid it. */
export const CommitmentReleaseInput = z.lazy(() =>
  z.strictObject({
    amount: z.optional(PositiveAmount),
    entryId: z.optional(EntryId),
    reason: Text(500),
  }),
);
