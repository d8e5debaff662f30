/**
 * Invoices and credit notes: what a partner is asked to pay (or is credited) and why.
 * Pure. An issued invoice never changes except by recording payments against it or by
 * being marked credited when a credit note cancels it; a correction is a credit note.
 */
import { UnprocessableError } from './errors.ts';
import { Money } from './money.ts';

export type InvoiceKind = 'baseline' | 'additional' | 'credit-note';
export type InvoiceStatus = 'draft' | 'issued' | 'paid' | 'credited';
/**
 * VAT treatment per line. Contributions between the statutory partners of a partnership are
 * normally outside the scope of VAT (HMRC VATGPB6100/6200); the host body's VAT adviser
 * may direct otherwise, so it is recorded per line rather than assumed.
 */
export type VatTreatment = 'outside-scope' | 'exempt' | 'zero-rated' | 'standard';

export interface InvoiceLine {
  readonly rule: string;
  readonly description: string;
  readonly amount: Money;
  readonly vatTreatment: VatTreatment;
}

export interface BillTo {
  readonly name: string;
  readonly address: string;
  readonly contact: string;
  readonly email: string;
  readonly poNumber?: string;
}

export interface Payment {
  readonly paymentId: string;
  readonly date: string;
  readonly amount: Money;
  readonly reference?: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface Invoice {
  readonly boardId: string;
  readonly invoiceId: string;
  /** Allocated from the board's sequence when issued; unique within the board and increasing. */
  readonly number?: number;
  readonly partnerId: string;
  readonly yearId: string;
  readonly kind: InvoiceKind;
  readonly status: InvoiceStatus;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly billTo: BillTo;
  readonly lines: readonly InvoiceLine[];
  /** Sum of the lines: positive for invoices, negative for credit notes. */
  readonly total: Money;
  readonly vatTotal: Money;
  /** For a credit note: the invoice it credits, when it corrects one. */
  readonly credits?: string;
  /** For an invoice cancelled by a credit note: that credit note. */
  readonly creditedBy?: string;
  readonly payments: readonly Payment[];
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** How a number reservation names the invoice that took the number. */
export const invoiceKey = (inv: Pick<Invoice, 'partnerId' | 'invoiceId'>): string => `${inv.partnerId}|${inv.invoiceId}`;

/** Days allowed for payment. */
export const PAYMENT_TERMS_DAYS = 30;

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Deterministic ids: one baseline and one year-end invoice per partner and year, so retries never duplicate. */
export const invoiceIdFor = (yearId: string, kind: 'baseline' | 'year-end', partnerId: string): string => `${yearId}-${kind}-${partnerId}`;

/** The credit note that cancels an invoice has an id derived from the invoice's number, so it is issued once. */
export const creditNoteIdFor = (inv: Pick<Invoice, 'yearId' | 'partnerId' | 'number'>): string =>
  `${inv.yearId}-credit-${inv.number}-${inv.partnerId}`;

export function formatNumber(n: number): string {
  return `INV-${String(n).padStart(6, '0')}`;
}

export function paidTotal(invoice: Pick<Invoice, 'payments'>): Money {
  return Money.sum(invoice.payments.map((p) => p.amount));
}

export function balanceOf(invoice: Pick<Invoice, 'payments' | 'total' | 'status'>): Money {
  if (invoice.status === 'credited') return Money.zero;
  return invoice.total.minus(paidTotal(invoice));
}

/** The lines must add up to the total, and a credit note must be negative, an invoice positive. */
export function checkInvoice(inv: Pick<Invoice, 'kind' | 'lines' | 'total'>): void {
  const sum = Money.sum(inv.lines.map((l) => l.amount));
  if (!sum.equals(inv.total)) throw new Error(`invoice lines add up to ${sum} but the total is ${inv.total}`);
  if (inv.kind === 'credit-note' ? !inv.total.isNegative() : !inv.total.isPositive()) {
    throw new Error(`a ${inv.kind} cannot total ${inv.total}`);
  }
}

/** A payment must be positive, not exceed what is owed, and land on an issued invoice. */
export function checkPayment(invoice: Invoice, amount: Money): void {
  if (invoice.kind === 'credit-note') {
    throw new UnprocessableError('PAYMENT.CREDIT_NOTE', `${invoice.invoiceId} is a credit note; payments are recorded against invoices`);
  }
  if (invoice.status !== 'issued') {
    throw new UnprocessableError('PAYMENT.NOT_OUTSTANDING', `${invoice.invoiceId} is ${invoice.status}; nothing is outstanding`);
  }
  const balance = balanceOf(invoice);
  if (amount.compare(balance) > 0) {
    throw new UnprocessableError(
      'PAYMENT.OVERPAYMENT',
      `the payment of ${amount.toDisplay()} exceeds the balance of ${balance.toDisplay()}`,
      [{ path: 'body/amount', message: `must not exceed the balance ${balance.toString()}` }],
    );
  }
}
