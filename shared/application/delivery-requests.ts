/**
 * What callers ask of delivery through the API: a document with the messages sent with it,
 * finance's resend by hand, a partner's statement sent by email and the list of those sent.
 * The outbox, the sender and the scan are in delivery.ts.
 */

import type { OutboxItem } from '../domain/delivery.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import { actsAsPartnerOnly } from './actor.ts';
import type { Ctx } from './context.ts';
import { deliveriesOf, queueResend, queueStatement, STATEMENT_DOCUMENT } from './delivery.ts';
import { type DocumentView, getInvoice } from './invoices.ts';
import type { Deps } from './ports.ts';

/** One issued document with its figures and deliveries; a partner reads only its own (anything else is "not found"). */
export async function getInvoiceWithDeliveries(
  deps: Pick<Deps, 'invoices' | 'outbox'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  invoiceId: string,
): Promise<{ view: DocumentView; deliveries: OutboxItem[] }> {
  const view = await getInvoice(deps, ctx, routeRoles, boardId, invoiceId);
  return { view, deliveries: await deliveriesOf(deps, boardId, view.doc.partnerId, invoiceId) };
}

/** Queues an issued invoice or credit note to be emailed again (finance only, by the route). */
export async function resendInvoice(
  deps: Pick<Deps, 'boards' | 'invoices' | 'outbox' | 'partners'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  invoiceId: string,
): Promise<OutboxItem> {
  return queueResend(deps, ctx, (await getInvoice(deps, ctx, routeRoles, boardId, invoiceId)).doc);
}

/** Queues a partner's statement for a period to be emailed to it (finance only, by the route). */
export function sendStatement(
  deps: Pick<Deps, 'boards' | 'outbox' | 'partners'>,
  ctx: Ctx,
  boardId: string,
  partnerId: string,
  period: { from?: string | undefined; to?: string | undefined },
): Promise<OutboxItem> {
  return queueStatement(deps, ctx, boardId, partnerId, period);
}

/** The statements emailed to a partner, oldest first; a partner reads its own only. */
export async function statementDeliveries(
  deps: Pick<Deps, 'outbox' | 'partners'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  partnerId: string,
): Promise<OutboxItem[]> {
  if (actsAsPartnerOnly(ctx.actor, routeRoles) && ctx.actor.partnerId !== partnerId) {
    throw new NotFoundError('PARTNER.NOT_FOUND', `partner ${partnerId} does not exist`);
  }
  if (!(await deps.partners.getPartner(boardId, partnerId)))
    throw new NotFoundError('PARTNER.NOT_FOUND', `partner ${partnerId} does not exist`);
  return deliveriesOf(deps, boardId, partnerId, STATEMENT_DOCUMENT);
}
