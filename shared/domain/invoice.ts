/**
 * Invoices and credit notes: what a partner is asked to pay (or is credited) and why.
 * Pure. An issued document never changes what it says; what happens to it afterwards is
 * recorded on it as lists: payments (and their reversals), credit notes claimed against an
 * invoice, credit applied to it (allocations), refunds paid out of a credit note.
 *
 * Two number series: invoices `INV-000042`, credit notes `CN-000001`.
 *
 * Figures that depend on several documents (an invoice's balance, a credit note's credit
 * left, a partner's balance) are computed in receivables.ts, once. The functions here answer
 * the conservative questions a write must ask of one document before changing it (how much
 * may still be credited, paid, allocated or refunded), counting everything recorded on it,
 * finished or not, so that parallel writers can never over-credit or over-refund.
 */
import { UnprocessableError } from './errors.ts';
import { Money } from './money.ts';

/**
 * `baseline`: the contribution invoiced when a year opens (or a hand-raised replacement of
 * one); `additional`: the year-end recharge or another agreed charge; `credit-note`.
 */
export type InvoiceKind = 'baseline' | 'additional' | 'credit-note';
/** As stored: a draft until numbered; `paid` and `credited` appear only on documents of the first release. */
export type InvoiceStatus = 'draft' | 'issued' | 'paid' | 'credited';
/** Number series: invoices and credit notes are numbered apart. */
export type Series = 'INV' | 'CN';
/**
 * VAT treatment per line. Contributions between the statutory partners of a partnership are
 * normally outside the scope of VAT (HMRC VATGPB6100/6200); the host body's VAT adviser
 * may direct otherwise, so it is recorded per line rather than assumed.
 */
export type VatTreatment = 'outside-scope' | 'exempt' | 'zero-rated' | 'standard';
export const VAT_TREATMENTS = ['outside-scope', 'exempt', 'zero-rated', 'standard'] as const;

export interface InvoiceLine {
  readonly rule: string;
  readonly description: string;
  /** Net amount. */
  readonly amount: Money;
  readonly vatTreatment: VatTreatment;
  /** VAT charged on the line (standard-rated lines only; never computed at an assumed rate). */
  readonly vatAmount?: Money;
}

export interface BillTo {
  readonly name: string;
  readonly address: string;
  readonly contact: string;
  readonly email: string;
  readonly poNumber?: string;
}

/**
 * The legal supplier as it stood when the document was issued (the board's invoicing
 * details, DESIGN 10.2): frozen on the document so that a later change does not alter it.
 */
export interface Issuer {
  readonly name: string;
  readonly address: string;
  readonly vatNumber?: string;
  readonly bank: { readonly accountName: string; readonly sortCode: string; readonly accountNumber: string };
  readonly remittanceEmail: string;
  readonly contact: { readonly name: string; readonly email: string; readonly phone: string };
  readonly paymentTermsDays: number;
}

export interface PaymentReversal {
  readonly date: string;
  readonly reason: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** The operation that reversed it: its retry recognises its own reversal. */
  readonly operationId?: string;
}

export interface Payment {
  readonly paymentId: string;
  readonly date: string;
  readonly amount: Money;
  readonly reference?: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** A payment recorded in error is reversed, never deleted. */
  readonly reversal?: PaymentReversal;
}

/**
 * What a credit note did when it was issued, frozen on it (and on its claim): how much of it
 * reduced the unpaid balance of the invoice it credits and how much was put on the partner's
 * account (to be allocated to another invoice or refunded). The two add up to the credit. What
 * happens to the credit on account afterwards (allocations, refunds) is recorded apart; this
 * never changes.
 */
export interface CreditApplication {
  /** Reduced the credited invoice's unpaid balance. */
  readonly toInvoice: Money;
  /** Put on the partner's account. */
  readonly onAccount: Money;
  /** What the credited invoice was left owing once this credit was applied (absent: not recorded, or no invoice). */
  readonly invoiceOutstandingAfter?: Money;
}

/**
 * A credit note claimed against an invoice, recorded on the invoice in the same write that
 * checks the invoice's uncredited total, so parallel credit notes can never credit more than
 * the invoice. It holds what the credit note will say, so the note is issued from it.
 */
export interface CreditClaim {
  readonly creditNoteId: string;
  readonly amount: Money;
  readonly reason: string;
  /** The credit note's issue date. */
  readonly date: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** How the credit was applied, decided in the claim's write (absent on claims made before it was recorded). */
  readonly application?: CreditApplication;
}

/**
 * Credit from a credit note applied to an invoice's unpaid balance. Recorded on both: on the
 * credit note first (reserving its credit), then on the invoice (settling it). It counts in
 * any figure only once it is on both and not cancelled (receivables.ts); a reservation whose
 * invoice refused it (a lost race) is cancelled.
 */
export interface Allocation {
  readonly allocationId: string;
  readonly creditNoteId: string;
  readonly invoiceId: string;
  readonly amount: Money;
  readonly date: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** On the credit note only: set when the invoice refused the allocation. */
  readonly cancelled?: string;
}

/** Credit on account paid back to the partner, recorded on the credit note. */
export interface Refund {
  readonly refundId: string;
  readonly amount: Money;
  readonly date: string;
  readonly reference: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface Invoice {
  readonly boardId: string;
  readonly invoiceId: string;
  /** Allocated from the board's sequence of its series when issued; unique within the board and series, increasing. */
  readonly number?: number;
  /** Absent on documents of the first release: they were all numbered as invoices. */
  readonly series?: Series;
  readonly partnerId: string;
  readonly yearId: string;
  readonly kind: InvoiceKind;
  readonly status: InvoiceStatus;
  readonly issueDate: string;
  /** Issue date + the board's payment terms (a credit note: its issue date). */
  readonly dueDate: string;
  readonly billTo: BillTo;
  /** Frozen at issue: what the document prints. Absent on documents of the first release. */
  readonly partnerName?: string;
  readonly boardName?: string;
  readonly issuer?: Issuer;
  readonly lines: readonly InvoiceLine[];
  /** Lines + VAT: positive for invoices, negative for credit notes. */
  readonly total: Money;
  readonly vatTotal: Money;
  /** For a credit note: the invoice it credits. */
  readonly credits?: string;
  /** For a credit note: why. */
  readonly reason?: string;
  /** For a credit note: what it did when issued, frozen (absent on credit notes issued before it was recorded). */
  readonly application?: CreditApplication;
  /** For an invoice raised by hand: the invoice it replaces (after a credit note). */
  readonly replaces?: string;
  /** First release only: the credit note that cancelled the invoice in full. */
  readonly creditedBy?: string;
  readonly payments: readonly Payment[];
  /** On an invoice: credit notes claimed against it. */
  readonly creditNotes: readonly CreditClaim[];
  /** On an invoice: credit applied to it; on a credit note: where its credit went. */
  readonly allocations: readonly Allocation[];
  /** On a credit note: credit paid back. */
  readonly refunds: readonly Refund[];
  /** The operation that created it (manual invoices and credit notes: a retry finds its own). */
  readonly operationId?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** How a number reservation names the document that took the number. */
export const invoiceKey = (inv: Pick<Invoice, 'partnerId' | 'invoiceId'>): string => `${inv.partnerId}|${inv.invoiceId}`;

/** Days allowed for payment when the board has not said (DESIGN 10.2 `paymentTermsDays`). */
export const PAYMENT_TERMS_DAYS = 30;

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from one ISO date to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// ---------------------------------------------------------------- ids

const PARTNER = '[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?';
/** The variable part of a credit note's or a hand-raised invoice's id: 12 hex digits derived from the operation. */
export const REF_PATTERN = /^[0-9a-f]{12}$/;

/**
 * Every document id the service makes: `2024-25-baseline-blmk-icb`, `2024-25-year-end-blmk-icb`,
 * `2025-26-cn-0123456789ab-blmk-icb` (a credit note), `2025-26-inv-0123456789ab-blmk-icb` (an
 * invoice raised by hand), and `2024-25-credit-7-blmk-icb` (a credit note of the first
 * release, numbered from its invoice). The path schema uses this very pattern, so every id
 * made is readable through the routes, whatever its document's number.
 */
export const INVOICE_ID_PATTERN = new RegExp(
  `^(20\\d{2}-\\d{2})-(baseline|year-end|credit-\\d{1,15}|cn-[0-9a-f]{12}|inv-[0-9a-f]{12})-(${PARTNER})$`,
);

/** The partner a document id belongs to (documents live in their partner's partition). */
export function partnerOfInvoiceId(invoiceId: string): string | undefined {
  return INVOICE_ID_PATTERN.exec(invoiceId)?.[3];
}

/** Deterministic ids: one baseline and one year-end document per partner and year, so retries never duplicate. */
export const invoiceIdFor = (yearId: string, kind: 'baseline' | 'year-end', partnerId: string): string => `${yearId}-${kind}-${partnerId}`;

/** A credit note's id: its year, a reference derived from the operation that issues it, its partner. */
export const creditNoteIdOf = (yearId: string, ref: string, partnerId: string): string => `${yearId}-cn-${ref}-${partnerId}`;

/** A hand-raised invoice's id, likewise. */
export const manualInvoiceIdOf = (yearId: string, ref: string, partnerId: string): string => `${yearId}-inv-${ref}-${partnerId}`;

export const seriesOf = (inv: Pick<Invoice, 'series'>): Series => inv.series ?? 'INV';

export function formatNumber(n: number, series: Series = 'INV'): string {
  return `${series}-${String(n).padStart(6, '0')}`;
}

/** The number people quote (`INV-000042`, `CN-000003`), or '' for a draft. */
export function documentNumber(inv: Pick<Invoice, 'number' | 'series'>): string {
  return inv.number === undefined ? '' : formatNumber(inv.number, seriesOf(inv));
}

export const isIssued = (inv: Pick<Invoice, 'number' | 'status'>): boolean => inv.number !== undefined && inv.status !== 'draft';
export const isCreditNote = (inv: Pick<Invoice, 'kind'>): boolean => inv.kind === 'credit-note';

// ---------------------------------------------------------------- what one document allows

/** Payments not reversed. */
export function paidTotal(invoice: Pick<Invoice, 'payments'>): Money {
  return Money.sum(invoice.payments.filter((p) => !p.reversal).map((p) => p.amount));
}

/** How much of an invoice may still be credited: its total less every credit note claimed against it. */
export function creditableOf(inv: Pick<Invoice, 'total' | 'creditNotes'>): Money {
  return inv.total.minus(Money.sum(inv.creditNotes.map((c) => c.amount)));
}

/** How much of an invoice may still be settled (paid or allocated): its total less active payments and every allocation on it. */
export function settleableOf(inv: Pick<Invoice, 'total' | 'payments' | 'allocations'>): Money {
  return inv.total.minus(paidTotal(inv)).minus(Money.sum(inv.allocations.filter((a) => !a.cancelled).map((a) => a.amount)));
}

/** How much credit a credit note may still give: its amount less every allocation not cancelled and every refund. */
export function availableCreditOf(cn: Pick<Invoice, 'total' | 'allocations' | 'refunds'>): Money {
  const used = Money.sum(cn.allocations.filter((a) => !a.cancelled).map((a) => a.amount));
  return cn.total
    .negate()
    .minus(used)
    .minus(Money.sum(cn.refunds.map((r) => r.amount)));
}

/**
 * How a credit of `amount` applies to an invoice that may still be settled by `settleable`:
 * the unpaid balance first, the rest on the partner's account.
 */
export function applyCredit(amount: Money, settleable: Money): CreditApplication {
  const toInvoice = settleable.isPositive() ? amount.min(settleable) : Money.zero;
  return { toInvoice, onAccount: amount.minus(toInvoice), invoiceOutstandingAfter: settleable.minus(toInvoice).max(Money.zero) };
}

/** Lines plus VAT make the total, and a credit note is negative, an invoice positive; a credit note's application adds up to it. */
export function checkInvoice(inv: Pick<Invoice, 'kind' | 'lines' | 'total' | 'vatTotal' | 'application'>): void {
  const net = Money.sum(inv.lines.map((l) => l.amount));
  const vat = Money.sum(inv.lines.map((l) => l.vatAmount ?? Money.zero));
  if (!vat.equals(inv.vatTotal)) throw new Error(`invoice VAT lines add up to ${vat} but the VAT total is ${inv.vatTotal}`);
  if (!net.plus(vat).equals(inv.total)) throw new Error(`invoice lines add up to ${net.plus(vat)} but the total is ${inv.total}`);
  if (inv.kind === 'credit-note' ? !inv.total.isNegative() : !inv.total.isPositive()) {
    throw new Error(`a ${inv.kind} cannot total ${inv.total}`);
  }
  const a = inv.application;
  if (a) {
    if (inv.kind !== 'credit-note') throw new Error(`a ${inv.kind} applies no credit`);
    if (a.toInvoice.isNegative() || a.onAccount.isNegative() || a.invoiceOutstandingAfter?.isNegative()) {
      throw new Error(`a credit note cannot apply ${a.toInvoice} to its invoice and ${a.onAccount} on account`);
    }
    if (!a.toInvoice.plus(a.onAccount).equals(inv.total.negate())) {
      throw new Error(`a credit note of ${inv.total} cannot apply ${a.toInvoice} to its invoice and ${a.onAccount} on account`);
    }
  }
}

/** A payment must be positive, not exceed what may still be settled, and land on an issued invoice. */
export function checkPayment(invoice: Invoice, amount: Money): void {
  if (invoice.kind === 'credit-note') {
    throw new UnprocessableError(
      'PAYMENT.CREDIT_NOTE',
      `${documentNumber(invoice) || invoice.invoiceId} is a credit note (${invoice.total.toDisplay()}); payments are recorded against invoices`,
      [{ path: 'body/amount', message: 'a credit note takes no payments: use its refunds to pay credit back' }],
    );
  }
  const balance = settleableOf(invoice);
  if (amount.compare(balance) > 0) {
    throw new UnprocessableError(
      'PAYMENT.OVERPAYMENT',
      `the payment of ${amount.toDisplay()} exceeds the balance of ${balance.toDisplay()} of ${documentNumber(invoice)}`,
      [{ path: 'body/amount', message: `must not exceed the balance ${balance.toString()}` }],
    );
  }
}
