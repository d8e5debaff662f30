/**
 * Request schemas of the audit group: the trail's query.
 */
import * as z from 'zod/mini';
import { Cursor, Limit } from './common.ts';

export const AuditQuery = z.lazy(() =>
  z.strictObject({
    month: z.optional(z.string().check(z.regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM'))),
    limit: z.optional(Limit),
    cursor: z.optional(Cursor),
  }),
);
