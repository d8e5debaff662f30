/**
 * Issuing invoices, accounting for every number, recording payments, and the partner-scoped
 * reads. Issuing is a sequence of single-item writes, each safe to repeat: create the draft
 * under its deterministic id, take a number, claim it, stamp it on the invoice.
 */

import { ConditionFailed, ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../domain/errors.ts';
import {
  addDays,
  type BillTo,
  checkInvoice,
  checkPayment,
  creditNoteIdFor,
  formatNumber,
  type Invoice,
  type InvoiceKind,
  type InvoiceLine,
  invoiceKey,
  PAYMENT_TERMS_DAYS,
  paidTotal,
} from '../domain/invoice.ts';
import { Money } from '../domain/money.ts';
import type { Role } from '../domain/roles.ts';
import { actsAsPartnerOnly } from './actor.ts';
import { type Ctx, operationIdOf } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps, ListArgs, Page, WriteMeta } from './ports.ts';

/** `2024-25-baseline-blmk-icb`, `2024-25-year-end-blmk-icb`, `2024-25-credit-2-blmk-icb`. */
export const INVOICE_ID_PATTERN = /^(20\d{2}-\d{2})-(baseline|year-end|credit-\d{1,8})-([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)$/;

export function partnerOfInvoiceId(invoiceId: string): string | undefined {
  return INVOICE_ID_PATTERN.exec(invoiceId)?.[3];
}

export interface InvoiceSpec {
  boardId: string;
  invoiceId: string;
  partnerId: string;
  yearId: string;
  kind: InvoiceKind;
  issueDate: string;
  billTo: BillTo;
  lines: InvoiceLine[];
  credits?: string;
}

/** Issues an invoice (or finds it already issued). Safe to call again after any failure. */
export async function issueInvoice(deps: Deps, meta: WriteMeta, spec: InvoiceSpec): Promise<Invoice> {
  const total = Money.sum(spec.lines.map((l) => l.amount));
  checkInvoice({ kind: spec.kind, lines: spec.lines, total });
  await deps.invoices.createDraft(meta, {
    ...spec,
    dueDate: addDays(spec.issueDate, PAYMENT_TERMS_DAYS),
    total,
    vatTotal: Money.zero,
  });
  const draft = await deps.invoices.get(spec.boardId, spec.partnerId, spec.invoiceId);
  if (!draft) throw new Error(`invoice ${spec.invoiceId} was not created`);
  if (draft.number !== undefined) return draft;
  const key = invoiceKey(spec);
  for (let attempt = 0; attempt < 5; attempt++) {
    const n = await deps.invoices.allocateNumber(meta, spec.boardId, key);
    if (await deps.invoices.reserveNumber(meta, spec.boardId, n, key)) return deps.invoices.issue(meta, spec, n);
  }
  throw new ConflictError('INVOICE.NUMBERING_BUSY', 'invoice numbers are contended; retry');
}

/**
 * Accounts for every number handed out: one that never reached an invoice (its request
 * failed part-way) or that an invoice did not keep (a retry took another) is recorded as
 * VOID with the reason. Safe to run at any time, concurrently with issuing.
 */
export async function sweepNumbers(deps: Deps, meta: WriteMeta, boardId: string): Promise<{ voided: number[] }> {
  const { last, items } = await deps.invoices.reservations(boardId);
  const byNumber = new Map(items.map((r) => [r.number, r]));
  const voided: number[] = [];
  for (let n = 1; n <= last; n++) {
    const r = byNumber.get(n);
    if (!r) {
      if (await deps.invoices.voidNumber(meta, boardId, n, 'allocated but never used: the request that took it failed before issuing'))
        voided.push(n);
      continue;
    }
    if (r.status !== 'used' || !r.invoiceKey) continue;
    const [partnerId = '', invoiceId = ''] = r.invoiceKey.split('|');
    const inv = await deps.invoices.get(boardId, partnerId, invoiceId);
    if (inv?.number !== undefined && inv.number !== n) {
      const reason = `superseded: ${invoiceId} was issued as ${formatNumber(inv.number)} by a retry`;
      if (await deps.invoices.voidNumber(meta, boardId, n, reason, r.invoiceKey)) voided.push(n);
    }
  }
  return { voided };
}

function ownInvoiceOnly(ctx: Ctx, routeRoles: readonly Role[], partnerId: string | undefined): boolean {
  return !actsAsPartnerOnly(ctx.actor, routeRoles) || ctx.actor.partnerId === partnerId;
}

/** One invoice; a partner sees only its own (anything else is "not found"). */
export async function getInvoice(deps: Deps, ctx: Ctx, routeRoles: readonly Role[], boardId: string, invoiceId: string): Promise<Invoice> {
  const partnerId = partnerOfInvoiceId(invoiceId);
  const notFound = new NotFoundError('INVOICE.NOT_FOUND', `invoice ${invoiceId} does not exist`);
  if (!partnerId || !ownInvoiceOnly(ctx, routeRoles, partnerId)) throw notFound;
  const inv = await deps.invoices.get(boardId, partnerId, invoiceId);
  if (!inv || inv.status === 'draft') throw notFound;
  return inv;
}

export interface InvoiceFilter {
  yearId?: string | undefined;
  partnerId?: string | undefined;
  status?: string | undefined;
}

/** Issued invoices in number order; a partner's list is read from its own partition only. */
export async function listInvoices(
  deps: Deps,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  filter: InvoiceFilter,
): Promise<Invoice[]> {
  let partnerIds: string[];
  if (actsAsPartnerOnly(ctx.actor, routeRoles)) {
    const own = ctx.actor.partnerId ?? '';
    if (filter.partnerId && filter.partnerId !== own) return [];
    partnerIds = [own];
  } else if (filter.partnerId) {
    partnerIds = [filter.partnerId];
  } else {
    partnerIds = (await everyPage((page) => deps.partners.listPartners(boardId, page))).map((p) => p.partnerId);
  }
  const lists = await Promise.all(partnerIds.map((p) => deps.invoices.listForPartner(boardId, p)));
  return lists
    .flat()
    .filter((i) => i.status !== 'draft')
    .filter((i) => !filter.yearId || i.yearId === filter.yearId)
    .filter((i) => !filter.status || i.status === filter.status)
    .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
}

/** A list position: the invoice number, zero-padded so positions compare as text. */
const positionOf = (inv: Invoice): string => `N${String(inv.number ?? 0).padStart(10, '0')}`;

/**
 * A page of the list, continuing after a position (an invoice number), not after an item: an
 * invoice that has left the filter since (paid, while listing `?status=issued`) does not send
 * the next page back to the start.
 */
export function pageOfInvoices(all: readonly Invoice[], args: ListArgs): Page<Invoice> {
  if (args.after !== undefined && !/^N\d{10}$/.test(args.after)) {
    throw new ValidationError('REQUEST.INVALID_CURSOR', 'the cursor is not one this list issued', [
      { path: 'query.cursor', message: 'is not valid here' },
    ]);
  }
  const rest = args.after === undefined ? all : all.filter((i) => positionOf(i) > (args.after as string));
  const items = rest.slice(0, args.limit);
  const last = items.at(-1);
  return { items, ...(rest.length > args.limit && last ? { last: positionOf(last) } : {}) };
}

export interface PaymentInput {
  date: string;
  amount: string;
  reference?: string | undefined;
}

/** Records a payment against an issued invoice; paid in full, it becomes `paid`. */
export async function recordPayment(deps: Deps, ctx: Ctx, boardId: string, invoiceId: string, input: PaymentInput): Promise<Invoice> {
  const partnerId = partnerOfInvoiceId(invoiceId);
  if (!partnerId) throw new NotFoundError('INVOICE.NOT_FOUND', `invoice ${invoiceId} does not exist`);
  const amount = Money.parse(input.amount);
  for (let attempt = 0; attempt < 5; attempt++) {
    const inv = await deps.invoices.get(boardId, partnerId, invoiceId);
    if (!inv || inv.status === 'draft') throw new NotFoundError('INVOICE.NOT_FOUND', `invoice ${invoiceId} does not exist`);
    if (inv.payments.some((p) => p.paymentId === operationIdOf(ctx))) return inv; // an earlier attempt of this operation recorded it
    checkPayment(inv, amount);
    if (input.date < inv.issueDate) {
      throw new UnprocessableError('PAYMENT.BEFORE_ISSUE', `a payment cannot predate the invoice (${inv.issueDate})`, [
        { path: 'body/date', message: `must be on or after ${inv.issueDate}` },
      ]);
    }
    if (input.date > ctx.meta.at.slice(0, 10)) {
      throw new UnprocessableError('PAYMENT.FUTURE', 'a payment cannot be dated in the future', [
        { path: 'body/date', message: 'must not be after today' },
      ]);
    }
    const paid = paidTotal(inv).plus(amount);
    const status = paid.equals(inv.total) ? 'paid' : 'issued';
    try {
      return await deps.invoices.recordPayment(
        ctx.meta,
        inv,
        {
          paymentId: operationIdOf(ctx),
          date: input.date,
          amount,
          ...(input.reference ? { reference: input.reference } : {}),
          recordedAt: ctx.meta.at,
          recordedBy: ctx.meta.actor,
        },
        status,
      );
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  throw new ConflictError('CONFLICT.BUSY', 'the invoice is being changed by others; retry');
}

export function billToOf(p: { name: string; billing: { address: string; contact: string; email: string; poNumber?: string } }): BillTo {
  return {
    name: p.name,
    address: p.billing.address,
    contact: p.billing.contact,
    email: p.billing.email,
    ...(p.billing.poNumber ? { poNumber: p.billing.poNumber } : {}),
  };
}

/**
 * Corrects an issued invoice the only way an issued invoice may be corrected: a credit note
 * for its full amount that references it. The invoice is then marked credited. Safe to retry.
 */
export async function creditInvoice(deps: Deps, ctx: Ctx, boardId: string, invoiceId: string, reason: string): Promise<Invoice> {
  const partnerId = partnerOfInvoiceId(invoiceId);
  const inv = partnerId ? await deps.invoices.get(boardId, partnerId, invoiceId) : undefined;
  if (!inv || inv.status === 'draft' || inv.number === undefined)
    throw new NotFoundError('INVOICE.NOT_FOUND', `invoice ${invoiceId} does not exist`);
  if (inv.kind === 'credit-note')
    throw new UnprocessableError('INVOICE.IS_CREDIT_NOTE', `${invoiceId} is a credit note; issue a new invoice instead`);
  const creditNoteId = creditNoteIdFor(inv);
  if (inv.status === 'credited' && inv.creditedBy !== creditNoteId) {
    throw new ConflictError('INVOICE.ALREADY_CREDITED', `${invoiceId} has already been credited by ${inv.creditedBy}`);
  }
  const partner = await deps.partners.getPartner(boardId, inv.partnerId);
  const note = await issueInvoice(deps, ctx.meta, {
    boardId,
    invoiceId: creditNoteId,
    partnerId: inv.partnerId,
    yearId: inv.yearId,
    kind: 'credit-note',
    issueDate: ctx.meta.at.slice(0, 10),
    billTo: partner ? billToOf(partner) : inv.billTo,
    lines: [
      {
        rule: 'credit',
        description: `Credit for ${formatNumber(inv.number)}: ${reason}`,
        amount: inv.total.negate(),
        vatTreatment: 'outside-scope',
      },
    ],
    credits: invoiceId,
  });
  await deps.invoices.markCredited(ctx.meta, inv, creditNoteId);
  await sweepNumbers(deps, ctx.meta, boardId);
  return note;
}
