/**
 * What callers ask of delivery through the API: an invoice with the messages sent with it, and
 * finance's resend by hand. The outbox, the sender and the scan are in delivery.ts.
 */
import type { OutboxItem } from '../domain/delivery.ts';
import type { Invoice } from '../domain/invoice.ts';
import type { Role } from '../domain/roles.ts';
import type { Ctx } from './context.ts';
import { deliveriesOf, queueResend } from './delivery.ts';
import { getInvoice } from './invoices.ts';
import type { Deps } from './ports.ts';

/** One issued document and its deliveries; a partner reads only its own (anything else is "not found"). */
export async function getInvoiceWithDeliveries(
  deps: Deps,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  invoiceId: string,
): Promise<{ invoice: Invoice; deliveries: OutboxItem[] }> {
  const invoice = await getInvoice(deps, ctx, routeRoles, boardId, invoiceId);
  return { invoice, deliveries: await deliveriesOf(deps, boardId, invoice.partnerId, invoiceId) };
}

/** Queues an issued invoice or credit note to be emailed again (finance only, by the route). */
export async function resendInvoice(
  deps: Deps,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  invoiceId: string,
): Promise<OutboxItem> {
  return queueResend(deps, ctx, await getInvoice(deps, ctx, routeRoles, boardId, invoiceId));
}
