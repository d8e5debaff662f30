/**
 * Request schemas of the receivables group: the statement's and aged debt's queries.
 */
import * as z from 'zod/mini';
import { IsoDate } from './common.ts';

export const StatementQuery = z.lazy(() => z.strictObject({ from: z.optional(IsoDate), to: z.optional(IsoDate) }));

export const AgedDebtQuery = z.lazy(() => z.strictObject({ asOf: z.optional(IsoDate) }));
