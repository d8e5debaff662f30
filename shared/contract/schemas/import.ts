/**
 * Request schemas of the import group: its query (the file itself is the body).
 */
import * as z from 'zod/mini';

export const ImportQuery = z.lazy(() =>
  z.strictObject({
    dryRun: z.optional(z.enum(['true', 'false'])),
    /** Import rows whose supplier reference an earlier entry (or row) already has. */
    allowDuplicateReferences: z.optional(z.enum(['true', 'false'])),
  }),
);
