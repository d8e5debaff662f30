/**
 * The invoices group's routes: invoices and credit notes: the list and one document (JSON or PDF).
 * Its function loads this table alone (with the request schemas it names);
 * shared/contract/routes.ts joins every group's for CDK, the local server and the OpenAPI
 * document.
 */
import { group, route } from '../route-spec.ts';
import { InvoiceQuery } from '../schemas/invoices.ts';

export const routes = group('invoices', {
  'GET /v1/boards/{boardId}/invoices': route({
    fn: 'invoices',
    access: 'RO',
    auth: true,
    roles: ['finance', 'partner'],
    summary:
      'List issued invoices and credit notes in number order (a partner sees only its own), by yearId, partnerId and status: issued (still open: an invoice with something to pay, a credit note with credit left), paid, credited, used (a credit note whose credit was all applied or refunded)',
    query: InvoiceQuery,
    success: { status: 200, page: 'Invoice' },
  }),
  'GET /v1/boards/{boardId}/invoices/{invoiceId}': route({
    fn: 'invoices',
    access: 'RO',
    auth: true,
    roles: ['finance', 'partner'],
    summary: 'Read an invoice as JSON, or as PDF with Accept: application/pdf (a partner reads only its own)',
    success: { status: 200, schema: 'Invoice' },
  }),
});
