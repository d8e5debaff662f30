/**
 * What goes on the documents a partner's accounts payable reads (DESIGN 10.2): invoices, credit
 * notes, statements, and the finance section of the board's annual report. Pure data and rules:
 * no I/O, no PDF library.
 *
 * Each model is a complete snapshot: everything the document prints, fixed when the document
 * is issued (a later change of a partner's name or address must not change an issued
 * invoice). The caller builds it from the records frozen at issue; a renderer prints it and
 * reads nothing else. Numbers are the document numbers people quote (`INV-000042`,
 * `CN-000003`), never internal ids.
 *
 * Each model has a check that refuses a snapshot that does not add up (lines against the total,
 * running balances, dates), so a renderer never prints figures that contradict each other.
 */

import { isIsoDate } from './financial-year.ts';
import { formatMoney, formatPercent } from './format.ts';
import type { CreditApplication, VatTreatment } from './invoice.ts';
import type { BoardInvoicing } from './ledger.ts';
import { Money } from './money.ts';
import type { StatementLine } from './receivables.ts';

export class DocumentError extends Error {}

/** The legal supplier: who issues the document and is paid (usually the host council, not "the Board"). */
export interface Issuer {
  readonly name: string;
  /** Postal address; lines separated by newlines or commas. */
  readonly address: string;
  /** VAT registration number as registered (`GB 123 4567 89`). */
  readonly vatNumber?: string;
  readonly bank: {
    readonly accountName: string;
    /** Six digits, any of `123456`, `12-34-56`, `12 34 56`. */
    readonly sortCode: string;
    /** Eight digits. */
    readonly accountNumber: string;
  };
  /** Where partners send remittance advice. */
  readonly remittanceEmail: string;
  /** Who answers queries about the document. */
  readonly contact: { readonly name: string; readonly email: string; readonly phone: string };
  readonly paymentTermsDays: number;
}

/** The issuer of a board's documents from its invoicing details (`PUT /v1/boards/{boardId}` body `invoicing`). */
export function issuerOf(invoicing: BoardInvoicing): Issuer {
  return {
    name: invoicing.issuerName,
    address: invoicing.issuerAddress,
    ...(invoicing.vatNumber ? { vatNumber: invoicing.vatNumber } : {}),
    bank: { ...invoicing.bank },
    remittanceEmail: invoicing.remittanceEmail,
    contact: { ...invoicing.contact },
    paymentTermsDays: invoicing.paymentTermsDays,
  };
}

/** Whom the document is addressed to, as it stood at issue. */
export interface BillTo {
  readonly name: string;
  readonly address: string;
  /** The person or team in the partner's accounts payable. */
  readonly contact: string;
  readonly email: string;
  readonly poNumber?: string;
}

export interface DocumentLine {
  /** What is charged and why, in words (the engine's explanation where there is one). */
  readonly description: string;
  /** Net amount; negative on a credit note. */
  readonly amount: Money;
  readonly vatTreatment: VatTreatment;
}

interface InvoiceDocumentBase {
  /** `INV-000042` or `CN-000003`. */
  readonly number: string;
  /** ISO date. */
  readonly issueDate: string;
  readonly issuer: Issuer;
  /** The board the charge is for (printed as "on behalf of"). */
  readonly boardName: string;
  readonly billTo: BillTo;
  /** The financial year the charge belongs to, as people write it (`2024/25`). */
  readonly yearLabel: string;
  readonly lines: readonly DocumentLine[];
  /** VAT on the lines (zero when every line is outside the scope of VAT or exempt). */
  readonly vatTotal: Money;
  /** Lines + VAT. Positive on an invoice, negative on a credit note. */
  readonly total: Money;
}

export interface InvoiceOnlyFields {
  readonly kind: 'invoice';
  /** ISO date: issue date + the issuer's payment terms. */
  readonly dueDate: string;
  /** Payments received so far. */
  readonly paid: Money;
  /** Credit applied to it so far: credit notes' application and credit on account allocated to it (absent: none). */
  readonly credited?: Money;
  /** total - paid - credited: what is still owed. */
  readonly balance: Money;
}

export interface CreditNoteOnlyFields {
  readonly kind: 'credit-note';
  /**
   * The NUMBER of the invoice this credit note credits (`INV-000042`). Absent only on a note that
   * credits no invoice (a year-end refund no baseline invoice could take): all of it on account.
   */
  readonly credits?: string;
  /** That invoice's issue date (ISO), when known. */
  readonly creditsIssueDate?: string;
  /** Why the credit is given, in words. */
  readonly reason: string;
  /**
   * What the credit did when issued, frozen on the note: how much reduced the invoice's unpaid
   * balance (and what that left owing), how much was put on account. Absent on credit notes
   * issued before it was recorded: they print the general wording.
   */
  readonly application?: CreditApplication;
}

export type InvoiceDocument = InvoiceDocumentBase & (InvoiceOnlyFields | CreditNoteOnlyFields);

/** One movement on a partner's account (DESIGN 10.1): the statement's line, as the balance computes it. */
export type { StatementLine };

export interface StatementDocument {
  readonly issuer: Issuer;
  readonly boardName: string;
  readonly partner: BillTo;
  /** ISO date the statement was produced. */
  readonly issueDate: string;
  /** ISO dates: the period covered. */
  readonly from: string;
  readonly to: string;
  /** Balance before `from`. */
  readonly openingBalance: Money;
  readonly lines: readonly StatementLine[];
  /** Balance at `to`: positive is owed by the partner, negative owed to it. */
  readonly closingBalance: Money;
}

export interface PartnerFigures {
  readonly partner: string;
  readonly baseline: Money;
  readonly additional: Money;
}

/** One column of the report's Figure 6. */
export interface ContributionYearFigures {
  /** `2024/25`. */
  readonly yearLabel: string;
  /** True for a year whose figures are a budget, not an outturn (`2025/26 proposed`). */
  readonly proposed: boolean;
  readonly budgetSet: Money;
  readonly partners: readonly PartnerFigures[];
  /** The total the published report printed, where it had one (it may differ from its rows). */
  readonly publishedTotal?: Money;
}

export interface ExpenditureFigure {
  readonly category: string;
  readonly amount: Money;
  /** True where the figure is not the report's (invented for demonstration). */
  readonly illustrative?: boolean;
}

export interface SarCostFigure {
  readonly title: string;
  /** `SAR`, `Rapid review`, ... */
  readonly kind: string;
  readonly amount: Money;
}

export interface RechargeFigure extends PartnerFigures {
  /** The engine's explanation: each line in words and numbers ("40% of overspend 64,400.00"). */
  readonly lines: readonly { readonly description: string; readonly amount: Money }[];
}

/** One source of other income in the year, net of reversals. */
export interface OtherIncomeFigure {
  readonly source: string;
  readonly kind: 'grant' | 'fees' | 'in-kind' | 'other';
  /** The partner it came from, by name, when it came from one. */
  readonly from?: string;
  readonly amount: Money;
}

/** Cash income of the year (every kind but in kind), which meets part of the outturn. */
export function cashIncomeOf(doc: Pick<AnnualReportDocument, 'otherIncome'>): Money {
  return sum((doc.otherIncome ?? []).filter((i) => i.kind !== 'in-kind').map((i) => i.amount));
}

/**
 * The year's variance as the year-end recharge works it out (DESIGN 10.3): the outturn less cash
 * income, against the budget set (a draw on the reserve is part of the budget set). Positive is
 * an overspend, negative an underspend; the figure the recharge splits or carries forward, so a
 * document never states a second one beside it.
 */
export function varianceOf(doc: Pick<AnnualReportDocument, 'outturn' | 'budgetSet' | 'otherIncome'>): Money {
  return doc.outturn.minus(cashIncomeOf(doc)).minus(doc.budgetSet);
}

/** The finance section of a board's annual report (DESIGN 10.2), for one year. */
export interface AnnualReportDocument {
  readonly boardName: string;
  /** Who publishes it: the document's author. */
  readonly publisher: string;
  /** `2024/25`. */
  readonly yearLabel: string;
  /** ISO dates of the financial year. */
  readonly from: string;
  readonly to: string;
  /** ISO date the section was produced. */
  readonly issueDate: string;
  readonly budgetSet: Money;
  /** All expenditure of the year, from the ledger. */
  readonly outturn: Money;
  /** What the published report printed as the year's total, where it differs. */
  readonly publishedOutturn?: Money;
  /** How the year was funded, in a sentence or two (the agreement in words). */
  readonly basis: string;
  /** Figure 5: contributions of the year by partner. */
  readonly income: readonly PartnerFigures[];
  /**
   * DESIGN 10.3: income besides contributions. Cash (grants, fees, other) is netted from the
   * outturn before the year-end recharge; contributions in kind are costed here and never invoiced.
   */
  readonly otherIncome?: readonly OtherIncomeFigure[];
  /** DESIGN 10.3: what the year drew from the board's reserve, and the underspend it carried forward to it. */
  readonly reserve?: { readonly drawn: Money; readonly carriedForward: Money };
  /** Figure 6: contributions across years, oldest first. */
  readonly contributions: readonly ContributionYearFigures[];
  /** Figure 7: expenditure of the year by category. */
  readonly expenditure: readonly ExpenditureFigure[];
  /** Safeguarding adults review costs of the year by case. */
  readonly sarCosts: readonly SarCostFigure[];
  /** The year-end recharge, explained per partner. */
  readonly recharge: readonly RechargeFigure[];
  /**
   * Further notes on the figures (from the reconciliation, or about the published text). The
   * inconsistencies the figures themselves show are found by {@link annualReportNotes} and
   * printed anyway; do not repeat them here.
   */
  readonly notes: readonly string[];
}

const sum = (values: readonly Money[]): Money => Money.sum(values);

function requireDate(text: string, what: string): void {
  if (!isIsoDate(text)) throw new DocumentError(`${what} is not a date: ${JSON.stringify(text)}`);
}

function requireText(text: string | undefined, what: string): void {
  if (typeof text !== 'string' || text.trim() === '') throw new DocumentError(`${what} is missing`);
}

function checkIssuer(i: Issuer): void {
  requireText(i.name, 'the issuer name');
  requireText(i.address, 'the issuer address');
  requireText(i.bank.accountName, 'the bank account name');
  requireText(i.bank.sortCode, 'the sort code');
  requireText(i.bank.accountNumber, 'the account number');
  requireText(i.remittanceEmail, 'the remittance email');
  requireText(i.contact.name, 'the query contact');
  if (!Number.isInteger(i.paymentTermsDays) || i.paymentTermsDays < 0) throw new DocumentError('payment terms must be whole days');
}

/**
 * Refuses an invoice or credit note whose figures contradict each other: lines + VAT must
 * equal the total, an invoice must be positive with balance = total - paid and be due on or
 * after its issue date, a credit note negative and naming the invoice it credits.
 */
export function checkInvoiceDocument(doc: InvoiceDocument): void {
  requireText(doc.number, 'the document number');
  requireDate(doc.issueDate, 'the issue date');
  checkIssuer(doc.issuer);
  requireText(doc.billTo.name, 'the bill-to name');
  if (doc.lines.length === 0) throw new DocumentError(`${doc.number} has no lines`);
  const lines = sum(doc.lines.map((l) => l.amount));
  if (!lines.plus(doc.vatTotal).equals(doc.total)) {
    throw new DocumentError(`${doc.number}: lines ${lines} + VAT ${doc.vatTotal} do not make the total ${doc.total}`);
  }
  if (doc.kind === 'invoice') {
    requireDate(doc.dueDate, 'the due date');
    if (doc.dueDate < doc.issueDate) throw new DocumentError(`${doc.number} is due before it is issued`);
    if (!doc.total.isPositive()) throw new DocumentError(`invoice ${doc.number} cannot total ${doc.total}`);
    const credited = doc.credited ?? Money.zero;
    if (!doc.total.minus(doc.paid).minus(credited).equals(doc.balance)) {
      throw new DocumentError(
        `${doc.number}: total ${doc.total} - paid ${doc.paid} - credited ${credited} is not the balance ${doc.balance}`,
      );
    }
  } else {
    if (!doc.total.isNegative()) throw new DocumentError(`credit note ${doc.number} must be negative, not ${doc.total}`);
    // Only a note that says it reduced no invoice (all of it on account) may credit none.
    const standsAlone = doc.credits === undefined && doc.application?.toInvoice.isZero() === true;
    if (!standsAlone) requireText(doc.credits, 'the credited invoice number');
    requireText(doc.reason, 'the reason for the credit');
    if (doc.creditsIssueDate !== undefined) requireDate(doc.creditsIssueDate, 'the credited invoice date');
    const a = doc.application;
    if (a && (a.toInvoice.isNegative() || a.onAccount.isNegative() || !a.toInvoice.plus(a.onAccount).equals(doc.total.negate()))) {
      throw new DocumentError(
        `${doc.number}: ${a.toInvoice} to the invoice and ${a.onAccount} on account do not make the credit ${doc.total.negate()}`,
      );
    }
  }
}

/**
 * Refuses a statement whose running balances do not follow from the opening balance
 * (each line's balance = the previous one + debit - credit) or that does not close on them.
 */
export function checkStatement(doc: StatementDocument): void {
  checkIssuer(doc.issuer);
  requireText(doc.partner.name, 'the partner name');
  requireDate(doc.issueDate, 'the statement date');
  requireDate(doc.from, 'the start of the period');
  requireDate(doc.to, 'the end of the period');
  if (doc.to < doc.from) throw new DocumentError('the period ends before it starts');
  let balance = doc.openingBalance;
  for (const [i, line] of doc.lines.entries()) {
    requireDate(line.date, `line ${i + 1}'s date`);
    if (line.date < doc.from || line.date > doc.to) throw new DocumentError(`line ${i + 1} (${line.date}) is outside the period`);
    if (line.debit.isNegative() || line.credit.isNegative()) throw new DocumentError(`line ${i + 1} has a negative debit or credit`);
    balance = balance.plus(line.debit).minus(line.credit);
    if (!balance.equals(line.balance))
      throw new DocumentError(`line ${i + 1}: the running balance should be ${balance}, not ${line.balance}`);
  }
  if (!balance.equals(doc.closingBalance)) throw new DocumentError(`the closing balance should be ${balance}, not ${doc.closingBalance}`);
}

/**
 * What a credit note did, in words for an accounts-payable clerk, as frozen when it was issued
 * ("£300.00 reduces the amount due on invoice INV-000004 to £0.00; £200.00 is held as credit on
 * your account, ..."). A note without a frozen application (issued before it was recorded) gets
 * the general wording it has always printed. The PDF and the email say the same.
 */
export function creditApplicationWords(note: {
  readonly credits?: string;
  readonly total: Money;
  readonly application?: CreditApplication;
}): string {
  const m = formatMoney;
  const a = note.application;
  const held = 'held as credit on your account, to be set against future invoices of ours or refunded to you on request';
  if (!a) {
    return `This credit note reduces the balance of invoice ${note.credits ?? ''} by ${m(note.total.negate())}. Any part of it not needed there is held as credit on your account, to be set against another invoice of ours or refunded to you on request.`;
  }
  if (!note.credits) return `The whole ${m(a.onAccount)} is ${held}.`;
  if (a.toInvoice.isZero()) {
    return `Nothing was left to pay on invoice ${note.credits} when this credit note was issued, so none of it reduces that invoice: the whole ${m(a.onAccount)} is ${held}.`;
  }
  const after = a.invoiceOutstandingAfter ? ` to ${m(a.invoiceOutstandingAfter)}` : '';
  const reduces = `${m(a.toInvoice)} reduces the amount due on invoice ${note.credits}${after}`;
  return a.onAccount.isZero() ? `${reduces}.` : `${reduces}; ${m(a.onAccount)} is ${held}.`;
}

/** A statement's closing words: who owes whom, and how much (never a signed amount). */
export function balanceWording(balance: Money): string {
  if (balance.isZero()) return 'Nothing is owed either way';
  return balance.isPositive() ? `Amount owed by you: ${formatMoney(balance)}` : `Amount owed to you: ${formatMoney(balance.negate())}`;
}

/** A row of Figure 5: a partner's contributions and their share of all contributions. */
export interface IncomeRow extends PartnerFigures {
  readonly total: Money;
  readonly percent: string;
}

export function incomeRows(doc: Pick<AnnualReportDocument, 'income'>): { rows: IncomeRow[]; totals: IncomeRow } {
  const total = sum(doc.income.map((p) => p.baseline.plus(p.additional)));
  const rows = doc.income.map((p) => {
    const t = p.baseline.plus(p.additional);
    return { ...p, total: t, percent: formatPercent(t, total) };
  });
  return {
    rows,
    totals: {
      partner: 'Total',
      baseline: sum(rows.map((r) => r.baseline)),
      additional: sum(rows.map((r) => r.additional)),
      total,
      percent: total.isZero() ? '-' : '100.0%',
    },
  };
}

/** A row of Figure 7: a category's spend and its share of all spend. */
export interface ExpenditureRow extends ExpenditureFigure {
  readonly percent: string;
}

export function expenditureRows(doc: Pick<AnnualReportDocument, 'expenditure'>): { rows: ExpenditureRow[]; total: Money } {
  const total = sum(doc.expenditure.map((e) => e.amount));
  return { rows: doc.expenditure.map((e) => ({ ...e, percent: formatPercent(e.amount, total) })), total };
}

/** What a Figure 6 column adds up to: baselines, additional contributions, all. */
export function contributionTotals(year: ContributionYearFigures): { baselines: Money; additional: Money; total: Money } {
  const baselines = sum(year.partners.map((p) => p.baseline));
  const additional = sum(year.partners.map((p) => p.additional));
  return { baselines, additional, total: baselines.plus(additional) };
}

/**
 * The inconsistencies the report's own figures show, in words: a printed total its rows do not
 * add up to, contributions that do not meet the outturn, expenditure that does not add up to
 * it, baselines short of (or over) the budget set, a published outturn that differs from the
 * ledger's.
 */
export function annualReportNotes(doc: AnnualReportDocument): string[] {
  const notes: string[] = [];
  const m = formatMoney;
  let publishedTotalOfYear: Money | undefined;
  for (const year of doc.contributions) {
    const { total } = contributionTotals(year);
    if (year.yearLabel === doc.yearLabel) publishedTotalOfYear = year.publishedTotal;
    if (year.publishedTotal && !year.publishedTotal.equals(total)) {
      const diff = total.minus(year.publishedTotal);
      notes.push(
        `${year.yearLabel}: the published report prints ${m(year.publishedTotal)} as the total, but its own rows add up to ${m(total)} ` +
          `(${diff.isPositive() ? `${m(diff)} more` : `${m(diff.negate())} less`}). The tables here show the rows and their sum.`,
      );
    }
  }
  if (doc.publishedOutturn && !doc.publishedOutturn.equals(doc.outturn) && !publishedTotalOfYear?.equals(doc.publishedOutturn)) {
    notes.push(`${doc.yearLabel}: the published outturn is ${m(doc.publishedOutturn)}; the ledger's is ${m(doc.outturn)}.`);
  }
  const { totals } = incomeRows(doc);
  // Cash income and a draw on the reserve meet part of the outturn too, and an underspend carried
  // forward is agreed, not over-recovered (DESIGN 10.3); contributions in kind meet nothing.
  const cash = cashIncomeOf(doc);
  const drawn = doc.reserve?.drawn ?? Money.zero;
  const carried = doc.reserve?.carriedForward ?? Money.zero;
  const met = totals.total.plus(cash).plus(drawn);
  const owed = doc.outturn.plus(carried);
  if (!met.equals(owed)) {
    const gap = owed.minus(met);
    const also = [...(cash.isZero() ? [] : [`other income of ${m(cash)}`]), ...(drawn.isZero() ? [] : [`${m(drawn)} from the reserve`])];
    const what = also.length ? `contributions of ${m(totals.total)} and ${also.join(' and ')}` : `contributions of ${m(totals.total)}`;
    const target = carried.isZero()
      ? `the outturn of ${m(doc.outturn)}`
      : `the outturn of ${m(doc.outturn)} and the ${m(carried)} carried forward`;
    notes.push(
      gap.isPositive()
        ? `${doc.yearLabel}: ${what} fall ${m(gap)} short of ${target}.`
        : `${doc.yearLabel}: ${what} exceed ${target} by ${m(gap.negate())}.`,
    );
  }
  const { total: spend } = expenditureRows(doc);
  if (!spend.equals(doc.outturn)) {
    notes.push(`${doc.yearLabel}: the expenditure by category adds up to ${m(spend)}, not the outturn of ${m(doc.outturn)}.`);
  }
  const baselines = sum(doc.income.map((p) => p.baseline));
  const funding = baselines.plus(drawn);
  if (!funding.equals(doc.budgetSet)) {
    const gap = doc.budgetSet.minus(funding);
    const what = drawn.isZero()
      ? `the baselines invoiced in April, ${m(baselines)},`
      : `the baselines invoiced in April, ${m(baselines)}, with ${m(drawn)} from the reserve,`;
    notes.push(
      gap.isPositive()
        ? `${doc.yearLabel}: ${what} are ${m(gap)} short of the budget set of ${m(doc.budgetSet)}; the year-end recharge shows who met the shortfall.`
        : `${doc.yearLabel}: ${what} exceed the budget set of ${m(doc.budgetSet)} by ${m(gap.negate())}.`,
    );
  }
  return notes;
}

/** The annual report's figures must at least be well formed: dates, and the recharge adding up per partner. */
export function checkAnnualReport(doc: AnnualReportDocument): void {
  requireText(doc.boardName, 'the board name');
  requireDate(doc.from, 'the start of the year');
  requireDate(doc.to, 'the end of the year');
  requireDate(doc.issueDate, 'the report date');
  for (const r of doc.recharge) {
    const lines = sum(r.lines.map((l) => l.amount));
    if (!lines.equals(r.additional)) {
      throw new DocumentError(`${r.partner}'s recharge lines add up to ${lines}, not its additional contribution ${r.additional}`);
    }
  }
}

/** Splits an address written on one line ("Town Hall, George Street, Luton LU1 2BQ") into its lines. */
export function addressLines(address: string): string[] {
  const parts = address.includes('\n') ? address.split(/\r?\n/) : address.split(/,\s*/);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** How each VAT treatment is printed beside a line. */
export const VAT_TREATMENT_WORDS: Readonly<Record<VatTreatment, string>> = {
  'outside-scope': 'Outside the scope of VAT',
  exempt: 'Exempt',
  'zero-rated': 'Zero-rated',
  standard: 'Standard rate',
};
