/**
 * Request schemas of the payments group: payments, credit notes, allocations, refunds, payment
 * reversals and invoices raised by hand.
 */
import * as z from 'zod/mini';
import { VAT_TREATMENTS } from '../../domain/invoice.ts';
import { IsoDate, NonNegativeAmount, PositiveAmount, Slug, Text } from './common.ts';
import { InvoiceId } from './params.ts';

export const PaymentInput = z.lazy(() => z.strictObject({ date: IsoDate, amount: PositiveAmount, reference: z.optional(Text(100)) }));

/** No amount: all that is left to credit on the invoice. */
export const CreditNoteInput = z.lazy(() => z.strictObject({ amount: z.optional(PositiveAmount), reason: Text(500) }));

export const AllocationInput = z.lazy(() => z.strictObject({ creditNoteId: InvoiceId, amount: PositiveAmount }));

export const RefundInput = z.lazy(() => z.strictObject({ amount: PositiveAmount, date: IsoDate, reference: Text(100) }));

export const PaymentReversalInput = z.lazy(() => z.strictObject({ reason: Text(500) }));

export const VatTreatmentName = z.lazy(() => z.enum(VAT_TREATMENTS));

export const ManualInvoiceInput = z.lazy(() =>
  z.strictObject({
    partnerId: Slug,
    lines: z
      .array(
        z.strictObject({
          description: Text(500),
          amount: PositiveAmount,
          /** The line's VAT treatment; a standard-rated line also gives `vatAmount` (the rate is never assumed). */
          vat: VatTreatmentName,
          vatAmount: z.optional(NonNegativeAmount),
        }),
      )
      .check(z.minLength(1, 'must have at least one line'), z.maxLength(50, 'must have at most 50 lines')),
    replaces: z.optional(InvoiceId),
  }),
);
