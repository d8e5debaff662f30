/**
 * The payments group's routes: receivables (DESIGN 10.1): payments, credit notes, allocations,
 * refunds, payment reversals, invoices raised by hand. Its function loads this table alone (with
 * the request schemas it names); shared/contract/routes.ts joins every group's for CDK, the local
 * server and the OpenAPI document.
 */
import { FIN, group, route } from '../route-spec.ts';
import {
  AllocationInput,
  CreditNoteInput,
  ManualInvoiceInput,
  PaymentInput,
  PaymentReversalInput,
  RefundInput,
} from '../schemas/payments.ts';

export const routes = group('payments', {
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Record a payment against an issued invoice',
    body: PaymentInput,
    success: { status: 201, schema: 'Invoice' },
  }),
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/credit-notes': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Credit an issued invoice in part or whole (no amount: all that is left to credit) by a credit note of the CN series that references it; it settles the unpaid balance first, the rest is credit on account',
    body: CreditNoteInput,
    success: { status: 201, schema: 'Invoice' },
  }),
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/allocations': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: "Apply credit on account from a credit note of the same partner to this invoice's unpaid balance",
    body: AllocationInput,
    success: { status: 201, schema: 'Invoice' },
  }),
  // DESIGN names this `.../invoices/{creditNoteId}/refunds`; API Gateway allows one variable name per path level, so it is {invoiceId} here, naming a credit note.
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/refunds': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: "Pay back credit on account: a refund out of a credit note (the path's id is the credit note's)",
    body: RefundInput,
    success: { status: 201, schema: 'Invoice' },
  }),
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments/{paymentId}/reversal': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Reverse a payment recorded in error: it stays, marked reversed, and the invoice owes it again',
    body: PaymentReversalInput,
    success: { status: 201, schema: 'Invoice' },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/invoices': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Raise an invoice by hand: a replacement after a credit note (`replaces`, same partner and year) or a charge agreed outside the year end',
    body: ManualInvoiceInput,
    metric: 'InvoicesIssued',
    success: { status: 201, schema: 'Invoice' },
  }),
});
