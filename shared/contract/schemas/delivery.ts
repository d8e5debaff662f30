/**
 * Request schemas of the delivery group: a statement to email.
 */
import * as z from 'zod/mini';
import { IsoDate } from './common.ts';

/** A statement to email: its period (`from` defaults to the start of the financial year `to` is in; `to` to today). */
export const StatementDeliveryInput = z.lazy(() => z.strictObject({ from: z.optional(IsoDate), to: z.optional(IsoDate) }));
