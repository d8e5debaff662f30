/**
 * Request schemas of the invoices group: the list's query.
 */
import * as z from 'zod/mini';
import { Cursor, Limit, Slug, YearId } from './common.ts';

export const InvoiceQuery = z.lazy(() =>
  z.strictObject({
    limit: z.optional(Limit),
    cursor: z.optional(Cursor),
    yearId: z.optional(YearId),
    partnerId: z.optional(Slug),
    status: z.optional(z.enum(['issued', 'paid', 'credited', 'used'])),
  }),
);
