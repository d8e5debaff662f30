/**
 * The delivery group's routes: delivery by email (DESIGN 10.5, issue 17). Its function loads this
 * table alone (with the request schemas it names); shared/contract/routes.ts joins every group's
 * for CDK, the local server and the OpenAPI document.
 */
import { FIN, group, route } from '../route-spec.ts';
import { StatementDeliveryInput } from '../schemas/delivery.ts';

export const routes = group('delivery', {
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/deliveries': route({
    fn: 'delivery',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      "Email an issued invoice or credit note again to its partner's billing email (the board's remittance address in copy): 202 with the delivery queued, which the sender sends within minutes; 409 when delivery is off for the partner",
    success: { status: 202, schema: 'Delivery' },
  }),
  'POST /v1/boards/{boardId}/partners/{partnerId}/statement/deliveries': route({
    fn: 'delivery',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      "Email a partner its statement for a period (default: the financial year to date) with the PDF attached, to its billing email (the board's remittance address in copy): 202 with the delivery queued; 409 when delivery is off for the partner",
    body: StatementDeliveryInput,
    success: { status: 202, schema: 'Delivery' },
  }),
  'GET /v1/boards/{boardId}/partners/{partnerId}/statement/deliveries': route({
    fn: 'delivery',
    access: 'RO',
    auth: true,
    roles: ['finance', 'partner'],
    summary: 'The statements emailed to a partner, oldest first, with how each went (a partner reads its own only)',
    success: { status: 200, page: 'Delivery' },
  }),
});
