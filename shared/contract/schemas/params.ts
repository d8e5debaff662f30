/**
 * The path parameters' schemas: every id a path may carry, checked before a handler sees it
 * (`pathParams`, which the parse middleware reads by the parameter's name).
 */
import * as z from 'zod/mini';
import { INVOICE_ID_PATTERN } from '../../domain/invoice.ts';
import { Slug, YearId } from './common.ts';

export const EntryId = z.lazy(() => z.string().check(z.regex(/^E\d{8}$/, 'must be an entry id such as E00000042')));

export const CommitmentId = z.lazy(() => z.string().check(z.regex(/^C\d{8}$/, 'must be a commitment id such as C00000007')));

/** Every document id the service makes (invoices and credit notes), whatever its number: the domain's own pattern. */
export const InvoiceId = z.lazy(() =>
  z
    .string()
    .check(
      z.maxLength(120, 'must be an invoice id such as 2024-25-baseline-blmk-icb'),
      z.regex(INVOICE_ID_PATTERN, 'must be an invoice id such as 2024-25-baseline-blmk-icb or 2025-26-cn-0123456789ab-blmk-icb'),
    ),
);

export const IncomeId = z.lazy(() => z.string().check(z.regex(/^I\d{8}$/, 'must be an income id such as I00000007')));

/** A payment's id as the invoice lists it (`pay-0123456789ab`; first-release payments carry their request's id). */
export const PaymentId = z.lazy(() =>
  z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'must be a payment id as the invoice lists it')),
);

/** Path parameters and the schema each must satisfy before a handler sees it. */
export const pathParams = {
  boardId: Slug,
  partnerId: Slug,
  yearId: YearId,
  category: Slug,
  sarId: Slug,
  entryId: EntryId,
  invoiceId: InvoiceId,
  incomeId: IncomeId,
  paymentId: PaymentId,
  commitmentId: CommitmentId,
} as const;
