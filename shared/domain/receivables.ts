/**
 * Receivables: what a partner owes, or is owed, from its documents alone (DESIGN 10.1).
 *
 * A partner's balance = invoices issued - credit notes issued - payments received (net of
 * reversals) + refunds paid; positive is owed by the partner, negative owed to it. It is
 * defined once, here ({@link movementsOf}, {@link balanceOf}), and everything else derives
 * from it: a document's own figures, the statement, aged debt, what each partner was invoiced
 * in a year (income, contributions, reconciliation).
 *
 * Allocations move credit between documents without changing the balance. One counts only
 * once it is recorded on both the credit note and the invoice and not cancelled; until then
 * (a request part-way through) it counts on neither, so the figures add up at every moment.
 * Documents count once issued (numbered).
 *
 * Every function asserts the identities it relies on (open items add up to the balance) and
 * fails loudly rather than report figures that contradict each other.
 */

import { formatUkDate } from './format.ts';
import { type Allocation, daysBetween, documentNumber, type Invoice, invoiceIdFor, isCreditNote, isIssued, paidTotal } from './invoice.ts';
import { Money } from './money.ts';

// ---------------------------------------------------------------- the balance

export type MovementKind = 'invoice' | 'credit-note' | 'payment' | 'reversal' | 'refund';

/** One dated change of a partner's balance. */
export interface Movement {
  readonly date: string;
  readonly kind: MovementKind;
  /** The document's number: the invoice a payment or its reversal was for, the credit note a refund came from. */
  readonly document: string;
  readonly documentId: string;
  readonly description: string;
  /** What increases the balance (invoices, reversed payments, refunds paid out). */
  readonly debit: Money;
  /** What decreases it (credit notes, payments). */
  readonly credit: Money;
  /** When it was recorded: orders movements of the same date. */
  readonly at: string;
}

const issuedOnly = (docs: readonly Invoice[]): Invoice[] => docs.filter(isIssued);

function documentWords(doc: Invoice, byId: ReadonlyMap<string, Invoice>): string {
  if (isCreditNote(doc)) {
    const credited = doc.credits ? byId.get(doc.credits) : undefined;
    const of = credited ? ` for ${documentNumber(credited)}` : '';
    if (doc.invoiceId === invoiceIdFor(doc.yearId, 'year-end', doc.partnerId)) return `Credit note${of}: year-end refund ${doc.yearId}`;
    return `Credit note${of}${doc.reason ? `: ${doc.reason}` : ''}`;
  }
  if (doc.invoiceId === invoiceIdFor(doc.yearId, 'baseline', doc.partnerId)) return `Invoice: baseline contribution ${doc.yearId}`;
  if (doc.invoiceId === invoiceIdFor(doc.yearId, 'year-end', doc.partnerId)) return `Invoice: year-end contribution ${doc.yearId}`;
  const replaced = doc.replaces ? byId.get(doc.replaces) : undefined;
  const first = doc.lines[0]?.description ?? '';
  return `Invoice${replaced ? ` replacing ${documentNumber(replaced)}` : ''}: ${first}${doc.lines.length > 1 ? ' and more' : ''}`;
}

/** Every movement of a partner's account, in date order (then the order they were recorded in). */
export function movementsOf(docs: readonly Invoice[]): Movement[] {
  const issued = issuedOnly(docs);
  const byId = new Map(issued.map((d) => [d.invoiceId, d]));
  const out: Movement[] = [];
  for (const doc of issued) {
    const number = documentNumber(doc);
    const amount = doc.total.abs();
    const words = documentWords(doc, byId);
    if (isCreditNote(doc)) {
      out.push({
        date: doc.issueDate,
        kind: 'credit-note',
        document: number,
        documentId: doc.invoiceId,
        description: words,
        debit: Money.zero,
        credit: amount,
        at: doc.createdAt,
      });
      for (const r of doc.refunds) {
        out.push({
          date: r.date,
          kind: 'refund',
          document: number,
          documentId: doc.invoiceId,
          description: `Refund paid from ${number} (reference ${r.reference})`,
          debit: r.amount,
          credit: Money.zero,
          at: r.recordedAt,
        });
      }
      continue;
    }
    out.push({
      date: doc.issueDate,
      kind: 'invoice',
      document: number,
      documentId: doc.invoiceId,
      description: words,
      debit: amount,
      credit: Money.zero,
      at: doc.createdAt,
    });
    for (const p of doc.payments) {
      out.push({
        date: p.date,
        kind: 'payment',
        document: number,
        documentId: doc.invoiceId,
        description: `Payment received for ${number}${p.reference ? ` (reference ${p.reference})` : ''}`,
        debit: Money.zero,
        credit: p.amount,
        at: p.recordedAt,
      });
      if (p.reversal) {
        out.push({
          date: p.reversal.date,
          kind: 'reversal',
          document: number,
          documentId: doc.invoiceId,
          // Words people read on the statement (its PDF too): the date as UK readers write it.
          description: `Payment of ${formatUkDate(p.date)} for ${number} reversed: ${p.reversal.reason}`,
          debit: p.amount,
          credit: Money.zero,
          at: p.reversal.recordedAt,
        });
      }
    }
  }
  const rank: Record<MovementKind, number> = { invoice: 0, 'credit-note': 1, payment: 2, refund: 3, reversal: 4 };
  return out.sort(
    (a, b) =>
      a.date.localeCompare(b.date) || a.at.localeCompare(b.at) || rank[a.kind] - rank[b.kind] || a.document.localeCompare(b.document),
  );
}

/**
 * THE balance of a partner: invoices - credit notes - payments (net of reversals) + refunds,
 * over its issued documents, counting movements dated on or before `asOf` (all of them when
 * absent). Positive: owed by the partner; negative: owed to it.
 */
export function balanceOf(docs: readonly Invoice[], asOf?: string): Money {
  return Money.sum(
    movementsOf(docs)
      .filter((m) => asOf === undefined || m.date <= asOf)
      .map((m) => m.debit.minus(m.credit)),
  );
}

// ---------------------------------------------------------------- allocations that count

/** The allocations recorded on both their credit note and their invoice, not cancelled, dated on or before `asOf`. */
export function effectiveAllocations(docs: readonly Invoice[], asOf?: string): Allocation[] {
  const issued = issuedOnly(docs);
  const byId = new Map(issued.map((d) => [d.invoiceId, d]));
  const out: Allocation[] = [];
  for (const inv of issued) {
    if (isCreditNote(inv)) continue;
    for (const a of inv.allocations) {
      if (a.cancelled || (asOf !== undefined && a.date > asOf)) continue;
      const cn = byId.get(a.creditNoteId);
      if (!cn || !isCreditNote(cn)) continue;
      const mirror = cn.allocations.find((x) => x.allocationId === a.allocationId);
      if (!mirror || mirror.cancelled) continue;
      out.push(a);
    }
  }
  return out;
}

// ---------------------------------------------------------------- one document's figures

/**
 * Invoices: `issued` while something is to be paid, `paid` when nothing is, `credited` when
 * credit notes cover the whole total. Credit notes: `issued` while credit is left on them,
 * `used` once all of it has been applied to invoices or refunded.
 */
export type DocumentStatus = 'issued' | 'paid' | 'credited' | 'used';

/** What a document stands at, from the partner's documents together. */
export interface DocumentFigures {
  readonly invoiceId: string;
  /** Invoices: payments received, net of reversals. */
  readonly paid: Money;
  /** Invoices: credit notes issued against it. */
  readonly credited: Money;
  /** Invoices: credit applied to it; credit notes: credit given to invoices. */
  readonly allocated: Money;
  /** Credit notes: credit paid back. */
  readonly refunded: Money;
  /** Invoices: what is still to be paid; credit notes: credit left on account. Never negative. */
  readonly outstanding: Money;
  /** Signed like the partner's balance: an invoice's outstanding, a credit note's credit left negated. */
  readonly balance: Money;
  /** An invoice with something outstanding after its due date. */
  readonly overdue: boolean;
  /**
   * Invoices: `credited` when credit notes cover its whole total, `paid` when nothing is
   * outstanding; credit notes: `used` when no credit is left on them. Otherwise `issued`: open.
   */
  readonly status: DocumentStatus;
}

interface OpenItem {
  readonly doc: Invoice;
  readonly outstanding: Money;
  /** Signed contribution to the balance. */
  readonly balance: Money;
}

/** Each issued document's open amount as of a date (all recorded movements when absent). */
function openItems(docs: readonly Invoice[], asOf?: string): { items: OpenItem[]; allocated: Map<string, Money> } {
  const within = (date: string) => asOf === undefined || date <= asOf;
  const allocated = new Map<string, Money>();
  for (const a of effectiveAllocations(docs, asOf)) {
    allocated.set(a.invoiceId, (allocated.get(a.invoiceId) ?? Money.zero).plus(a.amount));
    allocated.set(a.creditNoteId, (allocated.get(a.creditNoteId) ?? Money.zero).plus(a.amount));
  }
  const items: OpenItem[] = [];
  for (const doc of issuedOnly(docs)) {
    if (!within(doc.issueDate)) continue;
    const used = allocated.get(doc.invoiceId) ?? Money.zero;
    if (isCreditNote(doc)) {
      const refunded = Money.sum(doc.refunds.filter((r) => within(r.date)).map((r) => r.amount));
      const left = doc.total.negate().minus(used).minus(refunded);
      items.push({ doc, outstanding: left, balance: left.negate() });
    } else {
      const paid = Money.sum(doc.payments.filter((p) => within(p.date) && !(p.reversal && within(p.reversal.date))).map((p) => p.amount));
      const open = doc.total.minus(paid).minus(used);
      items.push({ doc, outstanding: open, balance: open });
    }
  }
  return { items, allocated };
}

function assertAddsUp(items: readonly { balance: Money }[], docs: readonly Invoice[], asOf: string | undefined, what: string): Money {
  const sum = Money.sum(items.map((i) => i.balance));
  const balance = balanceOf(docs, asOf);
  if (!sum.equals(balance)) throw new Error(`${what} add up to ${sum} but the balance is ${balance}`);
  return balance;
}

/**
 * Every issued document's figures (as recorded: nothing is dated after today), with its due
 * state as of `today`. Asserts that the documents' balances add up to the partner's balance.
 */
export function figuresOf(docs: readonly Invoice[], today: string): Map<string, DocumentFigures> {
  const { items, allocated } = openItems(docs);
  assertAddsUp(items, docs, undefined, 'the documents');
  const credited = new Map<string, Money>();
  for (const d of issuedOnly(docs)) {
    if (isCreditNote(d) && d.credits) credited.set(d.credits, (credited.get(d.credits) ?? Money.zero).plus(d.total.negate()));
  }
  const out = new Map<string, DocumentFigures>();
  for (const { doc, outstanding, balance } of items) {
    const cn = isCreditNote(doc);
    const creditedAmount = cn ? Money.zero : (credited.get(doc.invoiceId) ?? Money.zero);
    const status: DocumentStatus = cn
      ? outstanding.isPositive()
        ? 'issued'
        : 'used'
      : creditedAmount.compare(doc.total) >= 0
        ? 'credited'
        : outstanding.compare(Money.zero) <= 0
          ? 'paid'
          : 'issued';
    out.set(doc.invoiceId, {
      invoiceId: doc.invoiceId,
      paid: cn ? Money.zero : paidTotal(doc),
      credited: creditedAmount,
      allocated: allocated.get(doc.invoiceId) ?? Money.zero,
      refunded: cn ? Money.sum(doc.refunds.map((r) => r.amount)) : Money.zero,
      outstanding,
      balance,
      overdue: !cn && outstanding.isPositive() && today > doc.dueDate,
      status,
    });
  }
  return out;
}

// ---------------------------------------------------------------- statement

/** One movement on a partner's account (DESIGN 10.1). */
export interface StatementLine {
  /** ISO date. */
  readonly date: string;
  /** The document's number (`INV-000042`, `CN-000003`) or the payment's reference. */
  readonly document: string;
  readonly description: string;
  /** What the partner was charged (invoices, refunds paid to it); zero when none. */
  readonly debit: Money;
  /** What reduced its balance (credit notes, payments); zero when none. */
  readonly credit: Money;
  /** Running balance after this line: positive is owed by the partner, negative owed to it. */
  readonly balance: Money;
}

/** A partner's statement for a period (DESIGN 10.1); independent of how it is rendered. */
export interface Statement {
  readonly partnerId: string;
  readonly from: string;
  readonly to: string;
  /** The balance at the end of the day before `from`. */
  readonly openingBalance: Money;
  readonly lines: readonly StatementLine[];
  /** The balance at the end of `to`: positive owed by the partner, negative owed to it. */
  readonly closingBalance: Money;
}

export function statementOf(partnerId: string, docs: readonly Invoice[], from: string, to: string): Statement {
  const movements = movementsOf(docs);
  const openingBalance = Money.sum(movements.filter((m) => m.date < from).map((m) => m.debit.minus(m.credit)));
  let running = openingBalance;
  const lines = movements
    .filter((m) => m.date >= from && m.date <= to)
    .map((m) => {
      running = running.plus(m.debit).minus(m.credit);
      return { date: m.date, document: m.document, description: m.description, debit: m.debit, credit: m.credit, balance: running };
    });
  const closingBalance = balanceOf(docs, to);
  if (!running.equals(closingBalance)) throw new Error(`the statement runs to ${running} but the balance on ${to} is ${closingBalance}`);
  return { partnerId, from, to, openingBalance, lines, closingBalance };
}

// ---------------------------------------------------------------- aged debt

export const AGE_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export function bucketOf(daysPastDue: number): AgeBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

export interface AgedDebt {
  readonly buckets: Readonly<Record<AgeBucket, Money>>;
  /** The partner's balance as of the date: the buckets add up to it. */
  readonly total: Money;
}

/**
 * A partner's balance as of a date, split by how long each open item has been due: an
 * invoice by days past its due date, credit left on a credit note (negative) by days since
 * it was issued. The buckets add up to the balance (asserted).
 */
export function agedDebtOf(docs: readonly Invoice[], asOf: string): AgedDebt {
  const { items } = openItems(docs, asOf);
  const total = assertAddsUp(items, docs, asOf, 'the aged items');
  const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, Money.zero])) as Record<AgeBucket, Money>;
  for (const { doc, balance } of items) {
    if (balance.isZero()) continue;
    const bucket = bucketOf(daysBetween(isCreditNote(doc) ? doc.issueDate : doc.dueDate, asOf));
    buckets[bucket] = buckets[bucket].plus(balance);
  }
  return { buckets, total };
}

// ---------------------------------------------------------------- what was invoiced, by year

/** What a partner was invoiced in a year, net of credit notes, by what each document is for. */
export interface YearInvoiced {
  /** The baseline invoice, replacements of it, and credit notes against either. */
  readonly baseline: Money;
  /** The year-end invoice or credit note, replacements of it, and credit notes against either. */
  readonly yearEnd: Money;
  /** Everything else raised for the year (charges agreed outside the year end) net of their credit notes. */
  readonly other: Money;
}

/**
 * The document a document belongs to for reporting: a credit note belongs to the invoice it
 * credits, a replacement to the invoice it replaces, and so on back to the first one. The
 * year-end document is always its own (a year-end refund credits the baseline invoice but is
 * the year end's, not the baseline's).
 */
function rootOf(doc: Invoice, byId: ReadonlyMap<string, Invoice>): Invoice {
  let current = doc;
  for (let depth = 0; depth < 50; depth++) {
    if (current.invoiceId === invoiceIdFor(current.yearId, 'year-end', current.partnerId)) return current;
    const next = current.credits ?? current.replaces;
    const parent = next ? byId.get(next) : undefined;
    if (!parent) return current;
    current = parent;
  }
  return current;
}

/** Per year, per partner: what was invoiced net of credit notes, by purpose. */
export function invoicedByYear(docs: readonly Invoice[]): Map<string, Map<string, YearInvoiced>> {
  const issued = issuedOnly(docs);
  const byId = new Map(issued.map((d) => [d.invoiceId, d]));
  const out = new Map<string, Map<string, { baseline: Money; yearEnd: Money; other: Money }>>();
  for (const doc of issued) {
    const root = rootOf(doc, byId);
    const purpose =
      root.invoiceId === invoiceIdFor(root.yearId, 'baseline', root.partnerId)
        ? 'baseline'
        : root.invoiceId === invoiceIdFor(root.yearId, 'year-end', root.partnerId)
          ? 'yearEnd'
          : 'other';
    const year = out.get(doc.yearId) ?? new Map();
    out.set(doc.yearId, year);
    const row = year.get(doc.partnerId) ?? { baseline: Money.zero, yearEnd: Money.zero, other: Money.zero };
    row[purpose] = row[purpose].plus(doc.total);
    year.set(doc.partnerId, row);
  }
  return out;
}

// ---------------------------------------------------------------- what a request left part-way

export interface Unfinished {
  readonly code: 'CREDIT_NOTE_UNFINISHED' | 'ALLOCATION_UNFINISHED';
  readonly partnerId: string;
  readonly message: string;
  readonly amount: Money;
}

/**
 * Work a request recorded on one document and never finished on the other (it failed and was
 * not retried): a credit note claimed against an invoice but never issued, an allocation
 * recorded on one side only. Sending the same request again (same Idempotency-Key) finishes it.
 */
export function unfinishedOf(docs: readonly Invoice[]): Unfinished[] {
  const all = new Map(docs.map((d) => [d.invoiceId, d]));
  const out: Unfinished[] = [];
  for (const doc of docs.filter(isIssued)) {
    for (const c of doc.creditNotes) {
      const cn = all.get(c.creditNoteId);
      if (!cn || !isIssued(cn)) {
        out.push({
          code: 'CREDIT_NOTE_UNFINISHED',
          partnerId: doc.partnerId,
          amount: c.amount,
          message: `${doc.partnerId}: a credit note of ${c.amount.toDisplay()} against ${documentNumber(doc)} was claimed on ${c.date} but never issued; send the same request again to finish it`,
        });
      }
    }
    for (const a of doc.allocations) {
      if (a.cancelled) continue;
      const otherId = isCreditNote(doc) ? a.invoiceId : a.creditNoteId;
      const other = all.get(otherId);
      const mirror = other?.allocations.find((x) => x.allocationId === a.allocationId);
      const fine = other && isIssued(other) && mirror && !mirror.cancelled;
      // A credit note's application to the invoice it credits is written with the note: the note's own check covers it.
      if (!fine && !(a.allocationId === a.creditNoteId && !isCreditNote(doc))) {
        out.push({
          code: 'ALLOCATION_UNFINISHED',
          partnerId: doc.partnerId,
          amount: a.amount,
          message: `${doc.partnerId}: an allocation of ${a.amount.toDisplay()} between ${a.creditNoteId} and ${a.invoiceId} is recorded on ${documentNumber(doc)} only; send the same request again to finish it`,
        });
      }
    }
  }
  return out;
}
