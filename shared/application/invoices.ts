/**
 * Issuing documents and accounting for every number, the partner-scoped reads, payments
 * (and their reversal) and invoices raised by hand. Issuing is a sequence of single-item
 * writes, each safe to repeat: create the draft under its deterministic id, take a number of
 * its series, claim it, stamp it on the document.
 *
 * Credit notes, allocations and refunds: credit-notes.ts. Figures across documents (balances,
 * statements, aged debt): domain/receivables.ts.
 */
import { createHash } from 'node:crypto';
import { issuerOf } from '../domain/documents.ts';
import { ConditionFailed, ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../domain/errors.ts';
import {
  addDays,
  type BillTo,
  checkInvoice,
  checkPayment,
  creditableOf,
  documentNumber,
  formatNumber,
  type Invoice,
  type InvoiceKind,
  type InvoiceLine,
  type Issuer,
  invoiceIdFor,
  invoiceKey,
  isCreditNote,
  isIssued,
  manualInvoiceIdOf,
  PAYMENT_TERMS_DAYS,
  partnerOfInvoiceId,
  type Series,
  type VatTreatment,
} from '../domain/invoice.ts';
import type { Partner } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { type DocumentFigures, figuresOf } from '../domain/receivables.ts';
import type { Role } from '../domain/roles.ts';
import { actsAsPartnerOnly } from './actor.ts';
import { type Ctx, operationIdOf, todayOf } from './context.ts';
import { queueIssued, rewatchReopened } from './delivery.ts';
import { everyPage } from './pages.ts';
import type { Deps, ListArgs, NewInvoice, Page, WriteMeta } from './ports.ts';

export { INVOICE_ID_PATTERN, partnerOfInvoiceId } from '../domain/invoice.ts';

/** A document with its figures, computed from its partner's documents together. */
export interface DocumentView {
  readonly doc: Invoice;
  readonly figures: DocumentFigures;
  /** A credit note's credited invoice by its number (`INV-000042`), as the note prints it. */
  readonly creditsNumber?: string;
}

/** Every issued document of a partner with its figures as of today. */
export function viewsOf(docs: readonly Invoice[], today: string): DocumentView[] {
  const figures = figuresOf(docs, today);
  const byId = new Map(docs.map((d) => [d.invoiceId, d]));
  return docs.filter(isIssued).map((doc) => {
    const credited = doc.credits ? byId.get(doc.credits) : undefined;
    return {
      doc,
      figures: figures.get(doc.invoiceId) as DocumentFigures,
      ...(credited && isIssued(credited) ? { creditsNumber: documentNumber(credited) } : {}),
    };
  });
}

/**
 * A reference derived from the operation (stable across retries with one Idempotency-Key) and
 * what it is for: the variable part of the ids a request makes (credit notes, hand-raised
 * invoices, allocations, refunds, payments), so a retry finds what its first attempt wrote.
 */
export function refOf(ctx: Ctx, purpose: string): string {
  return createHash('sha256')
    .update(`${operationIdOf(ctx)}\n${purpose}`)
    .digest('hex')
    .slice(0, 12);
}

const notFound = (invoiceId: string) => new NotFoundError('INVOICE.NOT_FOUND', `invoice ${invoiceId} does not exist`);

// ---------------------------------------------------------------- what a document prints, frozen at issue

export interface DocumentHeader {
  readonly billTo: BillTo;
  readonly partnerName: string;
  readonly boardName: string;
  readonly issuer?: Issuer;
  readonly paymentTermsDays: number;
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
 * Everything a document prints about who issues it and to whom, read now to be frozen on the
 * document: the partner's name and billing details, the board's name, the issuer and its terms.
 */
export async function documentHeader(deps: Pick<Deps, 'boards'>, boardId: string, partner: Partner): Promise<DocumentHeader> {
  const board = await deps.boards.getBoard(boardId);
  // The issuer a document freezes: the board's invoicing details as they stand now, if it has any.
  const issuer = board?.invoicing ? issuerOf(board.invoicing) : undefined;
  return {
    billTo: billToOf(partner),
    partnerName: partner.name,
    boardName: board?.name ?? boardId,
    ...(issuer ? { issuer } : {}),
    paymentTermsDays: board?.invoicing?.paymentTermsDays ?? PAYMENT_TERMS_DAYS,
  };
}

// ---------------------------------------------------------------- issuing and numbering

export interface InvoiceSpec {
  boardId: string;
  invoiceId: string;
  partnerId: string;
  yearId: string;
  kind: InvoiceKind;
  issueDate: string;
  header: DocumentHeader;
  lines: InvoiceLine[];
  credits?: string;
  reason?: string;
  replaces?: string;
  /** A credit note's application to the invoice it credits, written with it. */
  allocations?: Invoice['allocations'];
  /** A credit note: what it did when issued (to the invoice's balance, on account), frozen on it. */
  application?: Invoice['application'];
  operationId?: string;
}

/**
 * Issues a document (or finds it already issued), then queues its email and, for an invoice, its
 * reminder watch (application/delivery.ts), each once. Safe to call again after any failure.
 */
export async function issueInvoice(
  deps: Pick<Deps, 'boards' | 'invoices' | 'outbox' | 'partners'>,
  meta: WriteMeta,
  spec: InvoiceSpec,
): Promise<Invoice> {
  const vatTotal = Money.sum(spec.lines.map((l) => l.vatAmount ?? Money.zero));
  const total = Money.sum(spec.lines.map((l) => l.amount)).plus(vatTotal);
  checkInvoice({ kind: spec.kind, lines: spec.lines, total, vatTotal, ...(spec.application ? { application: spec.application } : {}) });
  const series: Series = spec.kind === 'credit-note' ? 'CN' : 'INV';
  const h = spec.header;
  const draft: NewInvoice = {
    boardId: spec.boardId,
    invoiceId: spec.invoiceId,
    series,
    partnerId: spec.partnerId,
    yearId: spec.yearId,
    kind: spec.kind,
    issueDate: spec.issueDate,
    dueDate: spec.kind === 'credit-note' ? spec.issueDate : addDays(spec.issueDate, h.paymentTermsDays),
    billTo: h.billTo,
    partnerName: h.partnerName,
    boardName: h.boardName,
    ...(h.issuer ? { issuer: h.issuer } : {}),
    lines: spec.lines,
    total,
    vatTotal,
    ...(spec.credits ? { credits: spec.credits } : {}),
    ...(spec.reason ? { reason: spec.reason } : {}),
    ...(spec.application ? { application: spec.application } : {}),
    ...(spec.replaces ? { replaces: spec.replaces } : {}),
    payments: [],
    creditNotes: [],
    allocations: spec.allocations ?? [],
    refunds: [],
    ...(spec.operationId ? { operationId: spec.operationId } : {}),
  };
  await deps.invoices.createDraft(meta, draft);
  const stored = await deps.invoices.get(spec.boardId, spec.partnerId, spec.invoiceId);
  if (!stored) throw new Error(`invoice ${spec.invoiceId} was not created`);
  if (spec.operationId && stored.operationId !== spec.operationId) {
    throw new ConflictError('INVOICE.ID_TAKEN', `${spec.invoiceId} already belongs to another request; send the request again`);
  }
  if (stored.number !== undefined) {
    // Issued by an earlier attempt, which may have died before queueing its email: queue it (once).
    await queueIssued(deps, meta, stored);
    return stored;
  }
  const key = invoiceKey(spec);
  for (let attempt = 0; attempt < 5; attempt++) {
    const n = await deps.invoices.allocateNumber(meta, spec.boardId, series, key);
    if (await deps.invoices.reserveNumber(meta, spec.boardId, series, n, key)) {
      const issued = await deps.invoices.issue(meta, spec, n);
      await queueIssued(deps, meta, issued);
      return issued;
    }
  }
  throw new ConflictError('INVOICE.NUMBERING_BUSY', 'invoice numbers are contended; retry');
}

/**
 * Accounts for every number handed out, in both series: one that never reached a document
 * (its request failed part-way) or that a document did not keep (a retry took another) is
 * recorded as VOID with the reason. Safe to run at any time, concurrently with issuing. It
 * starts after the series' watermark (every number up to it is settled: used by its numbered
 * document, or void) and moves the watermark over the numbers it settles, so its cost follows
 * the numbers handed out since, not the board's whole history.
 */
export async function sweepNumbers(deps: Pick<Deps, 'invoices'>, meta: WriteMeta, boardId: string): Promise<{ voided: string[] }> {
  const voided: string[] = [];
  for (const series of ['INV', 'CN'] as const) {
    const { last, sweptTo, items } = await deps.invoices.reservations(boardId, series, { unswept: true });
    const byNumber = new Map(items.map((r) => [r.number, r]));
    let settledTo = sweptTo;
    let contiguous = true;
    for (let n = sweptTo + 1; n <= last; n++) {
      const r = byNumber.get(n);
      let settled = false;
      if (!r) {
        const reason = 'allocated but never used: the request that took it failed before issuing';
        settled = await deps.invoices.voidNumber(meta, boardId, series, n, reason);
        if (settled) voided.push(formatNumber(n, series));
      } else if (r.status === 'void' || !r.invoiceKey) {
        settled = true;
      } else {
        const [partnerId = '', invoiceId = ''] = r.invoiceKey.split('|');
        const inv = await deps.invoices.get(boardId, partnerId, invoiceId);
        if (inv?.number === n) settled = true;
        else if (inv?.number !== undefined) {
          const reason = `superseded: ${invoiceId} was issued as ${formatNumber(inv.number, series)} by a retry`;
          settled = await deps.invoices.voidNumber(meta, boardId, series, n, reason, r.invoiceKey);
          if (settled) voided.push(formatNumber(n, series));
        }
        // A document still without its number: its request is under way; settled later.
      }
      contiguous &&= settled;
      if (contiguous) settledTo = n;
    }
    if (settledTo > sweptTo) await deps.invoices.markSwept(meta, boardId, series, settledTo);
  }
  return { voided };
}

// ---------------------------------------------------------------- reads

function ownInvoiceOnly(ctx: Ctx, routeRoles: readonly Role[], partnerId: string | undefined): boolean {
  return !actsAsPartnerOnly(ctx.actor, routeRoles) || ctx.actor.partnerId === partnerId;
}

/** A partner's documents with their figures as of today (drafts left out). */
export async function partnerDocuments(
  deps: Pick<Deps, 'invoices'>,
  ctx: Ctx,
  boardId: string,
  partnerId: string,
): Promise<DocumentView[]> {
  return viewsOf(await deps.invoices.listForPartner(boardId, partnerId), todayOf(ctx));
}

/** One document with its figures; a partner sees only its own (anything else is "not found"). */
export async function getInvoice(
  deps: Pick<Deps, 'invoices'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  invoiceId: string,
): Promise<DocumentView> {
  const partnerId = partnerOfInvoiceId(invoiceId);
  if (!partnerId || !ownInvoiceOnly(ctx, routeRoles, partnerId)) throw notFound(invoiceId);
  const found = (await partnerDocuments(deps, ctx, boardId, partnerId)).find((v) => v.doc.invoiceId === invoiceId);
  if (!found) throw notFound(invoiceId);
  return found;
}

export interface InvoiceFilter {
  yearId?: string | undefined;
  partnerId?: string | undefined;
  status?: string | undefined;
}

/** Issued documents in series then number order; a partner's list is read from its own partition only. */
export async function listInvoices(
  deps: Pick<Deps, 'invoices' | 'partners'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  filter: InvoiceFilter,
): Promise<DocumentView[]> {
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
  const lists = await Promise.all(partnerIds.map((p) => partnerDocuments(deps, ctx, boardId, p)));
  return lists
    .flat()
    .filter((v) => !filter.yearId || v.doc.yearId === filter.yearId)
    .filter((v) => !filter.status || v.figures.status === filter.status)
    .sort((a, b) => positionOf(a).localeCompare(positionOf(b)));
}

/** A list position: the series (invoices `N`, then credit notes `P`) and the number, zero-padded so positions compare as text. */
const positionOf = (v: DocumentView): string => `${v.doc.series === 'CN' ? 'P' : 'N'}${String(v.doc.number ?? 0).padStart(10, '0')}`;

/**
 * A page of the list, continuing after a position (a document number), not after an item: a
 * document that has left the filter since (paid, while listing `?status=issued`) does not send
 * the next page back to the start.
 */
export function pageOfInvoices(all: readonly DocumentView[], args: ListArgs): Page<DocumentView> {
  if (args.after !== undefined && !/^[NP]\d{10}$/.test(args.after)) {
    throw new ValidationError('REQUEST.INVALID_CURSOR', 'the cursor is not one this list issued', [
      { path: 'query.cursor', message: 'is not valid here' },
    ]);
  }
  const rest = args.after === undefined ? all : all.filter((v) => positionOf(v) > (args.after as string));
  const items = rest.slice(0, args.limit);
  const last = items.at(-1);
  return { items, ...(rest.length > args.limit && last ? { last: positionOf(last) } : {}) };
}

// ---------------------------------------------------------------- payments

export interface PaymentInput {
  date: string;
  amount: string;
  reference?: string | undefined;
}

/** An issued document of a partner, read for a change; 404 when there is none. */
async function issuedDocument(deps: Pick<Deps, 'invoices'>, boardId: string, invoiceId: string): Promise<Invoice> {
  const partnerId = partnerOfInvoiceId(invoiceId);
  const inv = partnerId ? await deps.invoices.get(boardId, partnerId, invoiceId) : undefined;
  if (!inv || !isIssued(inv)) throw notFound(invoiceId);
  return inv;
}

export async function viewOf(deps: Pick<Deps, 'invoices'>, ctx: Ctx, inv: Invoice): Promise<DocumentView> {
  const found = (await partnerDocuments(deps, ctx, inv.boardId, inv.partnerId)).find((v) => v.doc.invoiceId === inv.invoiceId);
  if (!found) throw notFound(inv.invoiceId);
  return found;
}

/** Records a payment against an issued invoice: never more than may still be settled. */
export async function recordPayment(
  deps: Pick<Deps, 'invoices'>,
  ctx: Ctx,
  boardId: string,
  invoiceId: string,
  input: PaymentInput,
): Promise<DocumentView> {
  const amount = Money.parse(input.amount);
  const paymentId = `pay-${refOf(ctx, `payment:${invoiceId}`)}`;
  const today = todayOf(ctx);
  for (let attempt = 0; attempt < 8; attempt++) {
    const inv = await issuedDocument(deps, boardId, invoiceId);
    if (inv.payments.some((p) => p.paymentId === paymentId || p.paymentId === operationIdOf(ctx))) return viewOf(deps, ctx, inv);
    checkPayment(inv, amount);
    if (input.date < inv.issueDate) {
      throw new UnprocessableError('PAYMENT.BEFORE_ISSUE', `a payment cannot predate ${documentNumber(inv)} (issued ${inv.issueDate})`, [
        { path: 'body/date', message: `must be on or after ${inv.issueDate}` },
      ]);
    }
    if (input.date > today) {
      throw new UnprocessableError('PAYMENT.FUTURE', `a payment cannot be dated in the future (today is ${today})`, [
        { path: 'body/date', message: 'must not be after today' },
      ]);
    }
    const payment = {
      paymentId,
      date: input.date,
      amount,
      ...(input.reference ? { reference: input.reference } : {}),
      recordedAt: ctx.meta.at,
      recordedBy: ctx.meta.actor,
    };
    try {
      return await viewOf(deps, ctx, await deps.invoices.record(ctx.meta, inv, { payments: [...inv.payments, payment] }, 'payment'));
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  throw new ConflictError('CONFLICT.BUSY', 'the invoice is being changed by others; retry');
}

/**
 * Reverses a payment recorded in error: the payment stays, marked reversed with the date and
 * reason, and the invoice owes it again (the reminder scan watches it again if it had found it
 * paid). A payment is reversed once.
 */
export async function reversePayment(
  deps: Pick<Deps, 'boards' | 'invoices' | 'outbox'>,
  ctx: Ctx,
  boardId: string,
  invoiceId: string,
  paymentId: string,
  reason: string,
): Promise<DocumentView> {
  const operationId = operationIdOf(ctx);
  for (let attempt = 0; attempt < 8; attempt++) {
    const inv = await issuedDocument(deps, boardId, invoiceId);
    const payment = inv.payments.find((p) => p.paymentId === paymentId);
    if (!payment) throw new NotFoundError('PAYMENT.NOT_FOUND', `${documentNumber(inv)} has no payment ${paymentId}`);
    if (payment.reversal) {
      if (payment.reversal.operationId === operationId) {
        // This request's earlier attempt, which may have died before watching the invoice again.
        await rewatchReopened(deps, ctx.meta, inv);
        return viewOf(deps, ctx, inv);
      }
      throw new ConflictError(
        'PAYMENT.ALREADY_REVERSED',
        `the payment of ${payment.amount.toDisplay()} dated ${payment.date} against ${documentNumber(inv)} was already reversed on ${payment.reversal.date}`,
      );
    }
    const reversal = { date: todayOf(ctx), reason, recordedAt: ctx.meta.at, recordedBy: ctx.meta.actor, operationId };
    const payments = inv.payments.map((p) => (p.paymentId === paymentId ? { ...p, reversal } : p));
    try {
      const reopened = await deps.invoices.record(ctx.meta, inv, { payments }, 'payment reversal');
      // It owes the payment again: a reminder scan that found it paid watches it again.
      await rewatchReopened(deps, ctx.meta, reopened);
      return await viewOf(deps, ctx, reopened);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  throw new ConflictError('CONFLICT.BUSY', 'the invoice is being changed by others; retry');
}

// ---------------------------------------------------------------- invoices raised by hand

export interface ManualLineInput {
  description: string;
  amount: string;
  vat: VatTreatment;
  vatAmount?: string | undefined;
}

export interface ManualInvoiceInput {
  partnerId: string;
  lines: ManualLineInput[];
  replaces?: string | undefined;
}

function manualLines(lines: readonly ManualLineInput[]): InvoiceLine[] {
  return lines.map((l, i) => {
    if (l.vat === 'standard' && l.vatAmount === undefined) {
      throw new UnprocessableError('INVOICE.VAT_AMOUNT_MISSING', `line ${i + 1} is standard-rated: give the VAT charged on it`, [
        { path: `body/lines/${i}/vatAmount`, message: 'is required for a standard-rated line (the rate is not assumed)' },
      ]);
    }
    if (l.vat !== 'standard' && l.vatAmount !== undefined && !Money.parse(l.vatAmount).isZero()) {
      throw new UnprocessableError('INVOICE.VAT_NOT_CHARGED', `line ${i + 1} is ${l.vat}: it carries no VAT`, [
        { path: `body/lines/${i}/vatAmount`, message: `must be absent for a line that is ${l.vat}` },
      ]);
    }
    const vatAmount = l.vat === 'standard' && l.vatAmount !== undefined ? Money.parse(l.vatAmount) : undefined;
    // The rate is not assumed, but no UK rate is above 100%: VAT above the net is a keying error.
    if (vatAmount && vatAmount.compare(Money.parse(l.amount)) > 0) {
      throw new UnprocessableError(
        'INVOICE.VAT_ABOVE_NET',
        `line ${i + 1}: VAT of ${vatAmount.toDisplay()} is more than the line's ${Money.parse(l.amount).toDisplay()}`,
        [{ path: `body/lines/${i}/vatAmount`, message: `must not be more than the line's amount (${l.amount})` }],
      );
    }
    return {
      rule: 'manual',
      description: l.description,
      amount: Money.parse(l.amount),
      vatTreatment: l.vat,
      ...(vatAmount ? { vatAmount } : {}),
    };
  });
}

/** The baseline invoice a chain of replacements leads back to, if any. */
async function replacesBaseline(deps: Pick<Deps, 'invoices'>, replaced: Invoice): Promise<boolean> {
  let current: Invoice | undefined = replaced;
  for (let depth = 0; current && depth < 20; depth++) {
    if (current.invoiceId === invoiceIdFor(current.yearId, 'baseline', current.partnerId)) return true;
    if (!current.replaces) return false;
    current = await deps.invoices.get(current.boardId, current.partnerId, current.replaces);
  }
  return false;
}

/**
 * Raises an invoice by hand: a replacement after a credit note (`replaces` links it to the
 * invoice it corrects, of the same partner and year) or a charge agreed outside the year end.
 * A replacement of a baseline invoice is itself a baseline invoice. Safe to retry with its key.
 */
export async function raiseInvoice(
  deps: Pick<Deps, 'boards' | 'invoices' | 'outbox' | 'partners' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  input: ManualInvoiceInput,
): Promise<DocumentView> {
  const year = await deps.years.getYear(boardId, yearId);
  if (!year) throw new NotFoundError('YEAR.NOT_FOUND', `year ${yearId} does not exist`);
  if (year.source === 'history') throw new ConflictError('YEAR.HISTORY', `${yearId} is recorded as history; it has no invoices`);
  if (year.status === 'draft') throw new ConflictError('YEAR.NOT_OPEN', `${yearId} is a draft; open it before invoicing in it`);
  const partner = await deps.partners.getPartner(boardId, input.partnerId);
  if (!partner) {
    throw new UnprocessableError('INVOICE.UNKNOWN_PARTNER', `partner ${input.partnerId} does not exist`, [
      { path: 'body/partnerId', message: 'must be a partner of the board' },
    ]);
  }
  let kind: InvoiceKind = 'additional';
  if (input.replaces !== undefined) {
    const problem = (message: string) => new UnprocessableError('INVOICE.BAD_REPLACES', message, [{ path: 'body/replaces', message }]);
    const replacedPartner = partnerOfInvoiceId(input.replaces);
    if (replacedPartner !== input.partnerId) throw problem(`${input.replaces} is not an invoice of ${input.partnerId}`);
    const replaced = await deps.invoices.get(boardId, input.partnerId, input.replaces);
    if (!replaced || !isIssued(replaced)) throw problem(`${input.replaces} is not an issued invoice`);
    if (isCreditNote(replaced)) throw problem(`${documentNumber(replaced)} is a credit note; a replacement replaces an invoice`);
    if (replaced.yearId !== yearId) throw problem(`${documentNumber(replaced)} belongs to ${replaced.yearId}, not ${yearId}`);
    // A replacement takes the place of what a credit note took back: an invoice still partly
    // uncredited would be charged twice (and a baseline counted twice in Figures 5 and 6).
    const uncredited = creditableOf(replaced);
    if (uncredited.isPositive())
      throw problem(
        `${documentNumber(replaced)} still has ${uncredited.toDisplay()} not credited: credit it in full before replacing it, or raise a charge for the difference without replaces`,
      );
    if (await replacesBaseline(deps, replaced)) kind = 'baseline';
  }
  const lines = manualLines(input.lines);
  const header = await documentHeader(deps, boardId, partner);
  const invoiceId = manualInvoiceIdOf(yearId, refOf(ctx, 'manual-invoice'), input.partnerId);
  const inv = await issueInvoice(deps, ctx.meta, {
    boardId,
    invoiceId,
    partnerId: input.partnerId,
    yearId,
    kind,
    issueDate: todayOf(ctx),
    header,
    lines,
    ...(input.replaces ? { replaces: input.replaces } : {}),
    operationId: operationIdOf(ctx),
  });
  await sweepNumbers(deps, ctx.meta, boardId);
  return viewOf(deps, ctx, inv);
}
