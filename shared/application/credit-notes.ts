/**
 * Credit notes (their own series, `CN-000001`), credit on account, allocations and refunds
 * (DESIGN 10.1). Each operation is a few single-item writes, each conditional on the version
 * it read, each safe to repeat, so no race over-credits an invoice, over-allocates a credit
 * note or over-refunds it, and a request interrupted anywhere finishes when sent again with
 * its Idempotency-Key:
 *
 * - A credit note is first claimed on the invoice it credits, in one write that checks the
 *   invoice's uncredited total and applies the credit to its unpaid balance (what is left is
 *   credit on account); the note is then issued from the claim under its deterministic id.
 * - An allocation reserves the credit on the credit note, then settles the invoice; if the
 *   invoice can no longer take it (a lost race), the reservation is cancelled and the request
 *   refused. It counts in any figure only once it is on both documents.
 * - A refund is one write on the credit note.
 */
import { ConditionFailed, ConflictError, NotFoundError, UnprocessableError } from '../domain/errors.ts';
import {
  type Allocation,
  applyCredit,
  availableCreditOf,
  type CreditApplication,
  type CreditClaim,
  creditableOf,
  creditNoteIdOf,
  documentNumber,
  type Invoice,
  type InvoiceLine,
  isCreditNote,
  isIssued,
  partnerOfInvoiceId,
  settleableOf,
} from '../domain/invoice.ts';
import { Money } from '../domain/money.ts';
import { type Ctx, todayOf } from './context.ts';
import { type DocumentView, documentHeader, issueInvoice, refOf, sweepNumbers, viewOf } from './invoices.ts';
import type { Deps, WriteMeta } from './ports.ts';

const busy = () => new ConflictError('CONFLICT.BUSY', 'the documents are being changed by others; retry');

async function issuedDoc(deps: Pick<Deps, 'invoices'>, boardId: string, invoiceId: string, what = 'invoice'): Promise<Invoice> {
  const partnerId = partnerOfInvoiceId(invoiceId);
  const doc = partnerId ? await deps.invoices.get(boardId, partnerId, invoiceId) : undefined;
  if (!doc || !isIssued(doc)) throw new NotFoundError('INVOICE.NOT_FOUND', `${what} ${invoiceId} does not exist`);
  return doc;
}

// ---------------------------------------------------------------- credit notes

/** The lines of a credit note: its amount against the invoice, or the invoice's lines negated when it credits all of an invoice with VAT. */
function creditLines(inv: Invoice, claim: CreditClaim): InvoiceLine[] {
  const of = documentNumber(inv);
  if (!inv.vatTotal.isZero()) {
    return inv.lines.map((l) => ({
      rule: 'credit',
      description: `Credit for ${of}: ${l.description} (${claim.reason})`,
      amount: l.amount.negate(),
      vatTreatment: l.vatTreatment,
      ...(l.vatAmount ? { vatAmount: l.vatAmount.negate() } : {}),
    }));
  }
  return [
    {
      rule: 'credit',
      description: `Credit for ${of}: ${claim.reason}`,
      amount: claim.amount.negate(),
      vatTreatment: inv.lines[0]?.vatTreatment ?? 'outside-scope',
    },
  ];
}

/**
 * How a claim applied its credit, as the claim's write decided it. A claim made before the
 * application was recorded on it is read from what that same write recorded: the invoice's
 * allocation of the note's id (absent: nothing was unpaid); what it left owing is not known.
 */
function applicationOf(inv: Invoice, claim: CreditClaim): CreditApplication {
  if (claim.application) return claim.application;
  const toInvoice = inv.allocations.find((a) => a.allocationId === claim.creditNoteId)?.amount ?? Money.zero;
  return { toInvoice, onAccount: claim.amount.minus(toInvoice) };
}

/**
 * Issues the credit note a claim on an invoice describes (or finds it issued): its number
 * comes from the CN series, its date is the claim's, and it records the credit applied to the
 * invoice's unpaid balance (the invoice's allocation of the same id) and freezes what the claim
 * decided: how much reduced the invoice's balance, how much went on account. `lines` replaces
 * the default wording (the year-end refund carries the engine's explanation).
 */
export async function issueCreditNote(
  deps: Pick<Deps, 'boards' | 'invoices' | 'outbox' | 'partners'>,
  meta: WriteMeta,
  inv: Invoice,
  claim: CreditClaim,
  lines?: InvoiceLine[],
): Promise<Invoice> {
  const partner = await deps.partners.getPartner(inv.boardId, inv.partnerId);
  if (!partner) throw new ConflictError('PARTNER.NOT_FOUND', `partner ${inv.partnerId} no longer exists`);
  const applied = inv.allocations.find((a) => a.allocationId === claim.creditNoteId);
  return issueInvoice(deps, meta, {
    boardId: inv.boardId,
    invoiceId: claim.creditNoteId,
    partnerId: inv.partnerId,
    yearId: inv.yearId,
    kind: 'credit-note',
    issueDate: claim.date,
    header: await documentHeader(deps, inv.boardId, partner),
    lines: lines ?? creditLines(inv, claim),
    credits: inv.invoiceId,
    reason: claim.reason,
    application: applicationOf(inv, claim),
    ...(applied ? { allocations: [applied] } : {}),
  });
}

/**
 * Claims a credit note against an invoice (or finds this claim made already): one write that
 * checks the uncredited total and applies the credit to the unpaid balance, so parallel
 * claims can never credit more than the invoice nor apply more than it owes.
 */
export async function claimCredit(
  deps: Pick<Deps, 'invoices'>,
  meta: WriteMeta,
  boardId: string,
  invoiceId: string,
  creditNoteId: string,
  ask: { amount?: Money; reason: string; date: string },
): Promise<{ invoice: Invoice; claim: CreditClaim }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const inv = await issuedDoc(deps, boardId, invoiceId);
    if (isCreditNote(inv)) {
      throw new UnprocessableError(
        'CREDIT.IS_CREDIT_NOTE',
        `${documentNumber(inv)} is a credit note; to take back credit, raise an invoice (POST .../years/{yearId}/invoices)`,
      );
    }
    const mine = inv.creditNotes.find((c) => c.creditNoteId === creditNoteId);
    if (mine) return { invoice: inv, claim: mine };
    const creditable = creditableOf(inv);
    if (!creditable.isPositive()) {
      throw new UnprocessableError(
        'CREDIT.NOTHING_TO_CREDIT',
        `${documentNumber(inv)} (${inv.total.toDisplay()}) has been credited in full already`,
        [{ path: 'body/amount', message: 'nothing is left to credit' }],
      );
    }
    const amount = ask.amount ?? creditable;
    if (amount.compare(creditable) > 0) {
      throw new UnprocessableError(
        'CREDIT.OVER_CREDIT',
        `a credit of ${amount.toDisplay()} exceeds what is left to credit on ${documentNumber(inv)}: ${creditable.toDisplay()} of ${inv.total.toDisplay()}`,
        [{ path: 'body/amount', message: `must not exceed ${creditable.toString()}` }],
      );
    }
    if (!inv.vatTotal.isZero() && !amount.equals(inv.total)) {
      throw new UnprocessableError(
        'CREDIT.PARTIAL_WITH_VAT',
        `${documentNumber(inv)} carries VAT of ${inv.vatTotal.toDisplay()}: credit it in full (${inv.total.toDisplay()}) and raise a corrected invoice`,
        [{ path: 'body/amount', message: `must be the whole ${inv.total.toString()}` }],
      );
    }
    // The unpaid balance first, the rest on account: decided here, in the write that checks it, and frozen on the note.
    const application = applyCredit(amount, settleableOf(inv));
    const applied = application.toInvoice;
    const claim: CreditClaim = {
      creditNoteId,
      amount,
      reason: ask.reason,
      date: ask.date,
      recordedAt: meta.at,
      recordedBy: meta.actor,
      application,
    };
    const allocation: Allocation = {
      allocationId: creditNoteId,
      creditNoteId,
      invoiceId,
      amount: applied,
      date: ask.date,
      recordedAt: meta.at,
      recordedBy: meta.actor,
    };
    try {
      const invoice = await deps.invoices.record(
        meta,
        inv,
        {
          creditNotes: [...inv.creditNotes, claim],
          ...(applied.isPositive() ? { allocations: [...inv.allocations, allocation] } : {}),
        },
        'credit note claimed',
      );
      return { invoice, claim };
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  throw busy();
}

export interface CreditInput {
  amount?: string | undefined;
  reason: string;
}

/**
 * Credits an invoice in part or whole (no amount: all that is left to credit) by a credit note
 * of the CN series that references it. The credit first settles the invoice's unpaid balance;
 * the rest is credit on account. The invoice itself never changes what it says.
 */
export async function creditInvoice(
  deps: Pick<Deps, 'boards' | 'invoices' | 'outbox' | 'partners'>,
  ctx: Ctx,
  boardId: string,
  invoiceId: string,
  input: CreditInput,
): Promise<DocumentView> {
  const inv = await issuedDoc(deps, boardId, invoiceId);
  const creditNoteId = creditNoteIdOf(inv.yearId, refOf(ctx, `credit-note:${invoiceId}`), inv.partnerId);
  const { invoice, claim } = await claimCredit(deps, ctx.meta, boardId, invoiceId, creditNoteId, {
    ...(input.amount !== undefined ? { amount: Money.parse(input.amount) } : {}),
    reason: input.reason,
    date: todayOf(ctx),
  });
  const note = await issueCreditNote(deps, ctx.meta, invoice, claim);
  await sweepNumbers(deps, ctx.meta, boardId);
  return viewOf(deps, ctx, note);
}

// ---------------------------------------------------------------- allocations

export interface AllocationInput {
  creditNoteId: string;
  amount: string;
}

/**
 * Applies credit on account from a credit note to an open invoice of the same partner. The
 * credit is reserved on the credit note, then the invoice is settled; a reservation the
 * invoice refuses (a lost race) is cancelled and the request refused with the amounts.
 */
export async function allocateCredit(
  deps: Pick<Deps, 'invoices'>,
  ctx: Ctx,
  boardId: string,
  invoiceId: string,
  input: AllocationInput,
): Promise<DocumentView> {
  const amount = Money.parse(input.amount);
  const target = await issuedDoc(deps, boardId, invoiceId);
  const bad = (code: string, message: string, path = 'body/creditNoteId') => new UnprocessableError(code, message, [{ path, message }]);
  if (isCreditNote(target))
    throw bad('ALLOCATION.NOT_AN_INVOICE', `${documentNumber(target)} is a credit note; credit is allocated to invoices`);
  const cnPartner = partnerOfInvoiceId(input.creditNoteId);
  if (cnPartner !== target.partnerId) {
    throw bad(
      'ALLOCATION.OTHER_PARTNER',
      `${input.creditNoteId} is not a credit note of ${target.partnerId}: credit is allocated to the same partner's invoices only (${amount.toDisplay()} asked against ${documentNumber(target)})`,
    );
  }
  const allocationId = `al-${refOf(ctx, `allocation:${invoiceId}:${input.creditNoteId}`)}`;
  const overBalance = (inv: Invoice) => {
    const room = settleableOf(inv);
    return bad(
      'ALLOCATION.OVER_BALANCE',
      `an allocation of ${amount.toDisplay()} exceeds the balance of ${documentNumber(inv)}: ${room.toDisplay()} outstanding`,
      'body/amount',
    );
  };

  // 1. Reserve the credit on the credit note.
  let reserved: Allocation | undefined;
  for (let attempt = 0; attempt < 8 && !reserved; attempt++) {
    const cn = await issuedDoc(deps, boardId, input.creditNoteId, 'credit note');
    if (!isCreditNote(cn)) throw bad('ALLOCATION.NOT_A_CREDIT_NOTE', `${documentNumber(cn)} is an invoice, not a credit note`);
    const mine = cn.allocations.find((a) => a.allocationId === allocationId);
    if (mine?.cancelled) throw overBalance(await issuedDoc(deps, boardId, invoiceId));
    if (mine) {
      reserved = mine;
      break;
    }
    const available = availableCreditOf(cn);
    if (amount.compare(available) > 0) {
      throw bad(
        'ALLOCATION.OVER_CREDIT',
        `an allocation of ${amount.toDisplay()} exceeds the credit left on ${documentNumber(cn)}: ${available.toDisplay()} of ${cn.total.negate().toDisplay()}`,
        'body/amount',
      );
    }
    const inv = await issuedDoc(deps, boardId, invoiceId);
    if (!inv.allocations.some((a) => a.allocationId === allocationId) && amount.compare(settleableOf(inv)) > 0) throw overBalance(inv);
    const record: Allocation = {
      allocationId,
      creditNoteId: cn.invoiceId,
      invoiceId,
      amount,
      date: todayOf(ctx),
      recordedAt: ctx.meta.at,
      recordedBy: ctx.meta.actor,
    };
    try {
      await deps.invoices.record(ctx.meta, cn, { allocations: [...cn.allocations, record] }, 'allocation reserved');
      reserved = record;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  if (!reserved) throw busy();

  // 2. Settle the invoice with it, or give the reservation back.
  for (let attempt = 0; attempt < 8; attempt++) {
    const inv = await issuedDoc(deps, boardId, invoiceId);
    if (inv.allocations.some((a) => a.allocationId === allocationId)) return viewOf(deps, ctx, inv);
    if (reserved.amount.compare(settleableOf(inv)) > 0) {
      await cancelReservation(deps, ctx, boardId, input.creditNoteId, allocationId);
      throw overBalance(inv);
    }
    try {
      return await viewOf(
        deps,
        ctx,
        await deps.invoices.record(ctx.meta, inv, { allocations: [...inv.allocations, reserved] }, 'allocation'),
      );
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  throw busy();
}

async function cancelReservation(
  deps: Pick<Deps, 'invoices'>,
  ctx: Ctx,
  boardId: string,
  creditNoteId: string,
  allocationId: string,
): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const cn = await issuedDoc(deps, boardId, creditNoteId, 'credit note');
    const allocations = cn.allocations.map((a) => (a.allocationId === allocationId && !a.cancelled ? { ...a, cancelled: ctx.meta.at } : a));
    if (allocations.every((a, i) => a === cn.allocations[i])) return;
    try {
      await deps.invoices.record(ctx.meta, cn, { allocations }, 'allocation cancelled');
      return;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  throw busy();
}

// ---------------------------------------------------------------- refunds

export interface RefundInput {
  amount: string;
  date: string;
  reference: string;
}

/** Pays back credit on account from a credit note: never more than the credit left on it. */
export async function refundCredit(
  deps: Pick<Deps, 'invoices'>,
  ctx: Ctx,
  boardId: string,
  creditNoteId: string,
  input: RefundInput,
): Promise<DocumentView> {
  const amount = Money.parse(input.amount);
  const refundId = `rf-${refOf(ctx, `refund:${creditNoteId}`)}`;
  const today = todayOf(ctx);
  for (let attempt = 0; attempt < 8; attempt++) {
    const cn = await issuedDoc(deps, boardId, creditNoteId, 'credit note');
    if (!isCreditNote(cn)) {
      throw new UnprocessableError(
        'REFUND.NOT_A_CREDIT_NOTE',
        `${documentNumber(cn)} is an invoice; refunds are paid from a credit note's credit on account`,
      );
    }
    if (cn.refunds.some((r) => r.refundId === refundId)) return viewOf(deps, ctx, cn);
    const available = availableCreditOf(cn);
    if (amount.compare(available) > 0) {
      throw new UnprocessableError(
        'REFUND.OVER_CREDIT',
        `a refund of ${amount.toDisplay()} exceeds the credit on account left on ${documentNumber(cn)}: ${available.toDisplay()}`,
        [{ path: 'body/amount', message: `must not exceed ${available.toString()}` }],
      );
    }
    if (input.date < cn.issueDate || input.date > today) {
      throw new UnprocessableError(
        'REFUND.DATE',
        `a refund is dated between the credit note's date (${cn.issueDate}) and today (${today}), not ${input.date}`,
        [{ path: 'body/date', message: `must be from ${cn.issueDate} to ${today}` }],
      );
    }
    const refund = { refundId, amount, date: input.date, reference: input.reference, recordedAt: ctx.meta.at, recordedBy: ctx.meta.actor };
    try {
      return await viewOf(deps, ctx, await deps.invoices.record(ctx.meta, cn, { refunds: [...cn.refunds, refund] }, 'refund'));
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  throw busy();
}
