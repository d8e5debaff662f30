/**
 * Response shapes: explicit DTOs, so internal attributes (keys, versions, counters,
 * request ids) never leak and nothing is mass-assigned back.
 */

import type { DocumentView } from '../application/invoices.ts';
import type { StoredAgreement } from '../application/ports.ts';
import type { AgreementWarning } from '../domain/agreement.ts';
import { type Virement, virementIdOf } from '../domain/budget.ts';
import { type AnnualReportDocument, annualReportNotes, contributionTotals, expenditureRows, incomeRows } from '../domain/documents.ts';
import { parseYearId } from '../domain/financial-year.ts';
import { documentNumber } from '../domain/invoice.ts';
import {
  type Board,
  type BudgetLine,
  type Commitment,
  type Entry,
  type History,
  type Partner,
  releasedOf,
  remainingOf,
  type SarCase,
  type SarCosts,
  type Stamp,
  type Year,
} from '../domain/ledger.ts';
import type { Money } from '../domain/money.ts';
import type { OtherIncome } from '../domain/other-income.ts';

const stamp = (s: Stamp) => ({
  createdAt: s.createdAt,
  createdBy: s.createdBy,
  ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
  ...(s.updatedBy ? { updatedBy: s.updatedBy } : {}),
});

export const boardView = (b: Board) => ({
  boardId: b.boardId,
  name: b.name,
  ...(b.invoicing ? { invoicing: { ...b.invoicing } } : {}),
  ...(b.reminderDays ? { reminderDays: [...b.reminderDays] } : {}),
  ...stamp(b),
});

export const partnerView = (p: Partner, withBilling = true) => ({
  boardId: p.boardId,
  partnerId: p.partnerId,
  name: p.name,
  kind: p.kind,
  ...(withBilling ? { billing: { ...p.billing } } : {}),
  ...stamp(p),
});

export const yearView = (y: Year) => {
  const fy = parseYearId(y.yearId);
  return {
    boardId: y.boardId,
    yearId: y.yearId,
    start: fy?.start ?? '',
    end: fy?.end ?? '',
    status: y.status,
    budgetSet: y.budgetSet.toString(),
    source: y.source,
    ...(y.openedAt ? { openedAt: y.openedAt } : {}),
    ...(y.closedAt ? { closedAt: y.closedAt } : {}),
    ...(y.sealHash ? { sealHash: y.sealHash } : {}),
    ...(y.publishedOutturn ? { publishedOutturn: y.publishedOutturn.toString() } : {}),
    ...(y.hostInvoiced === false ? { hostInvoiced: false } : {}),
    ...(y.closeRequest ? { closeRequest: { ...y.closeRequest } } : {}),
    ...stamp(y),
  };
};

export const lineView = (l: BudgetLine) => ({
  yearId: l.yearId,
  category: l.category,
  name: l.name,
  amount: l.amount.toString(),
  original: l.original.toString(),
  virements: l.virements.toString(),
  ...(l.profile ? { profile: l.profile.map((m) => m.toString()) } : {}),
  ...(l.forecast ? { forecast: l.forecast } : {}),
  ...stamp(l),
});

export const entryView = (e: Entry & { reversedBy?: string }) => ({
  yearId: e.yearId,
  entryId: e.entryId,
  date: e.date,
  category: e.category,
  amount: e.amount.toString(),
  supplier: e.supplier,
  description: e.description,
  ...(e.sarId ? { sarId: e.sarId } : {}),
  ...(e.reference ? { reference: e.reference } : {}),
  ...(e.reverses ? { reverses: e.reverses } : {}),
  ...(e.reversedBy ? { reversedBy: e.reversedBy } : {}),
  ...(e.reason ? { reason: e.reason } : {}),
  createdAt: e.createdAt,
  createdBy: e.createdBy,
});

export const commitmentView = (c: Commitment) => ({
  yearId: c.yearId,
  commitmentId: c.commitmentId,
  category: c.category,
  description: c.description,
  amount: c.amount.toString(),
  dueDate: c.dueDate,
  ...(c.supplier ? { supplier: c.supplier } : {}),
  ...(c.sarId ? { sarId: c.sarId } : {}),
  released: releasedOf(c).toString(),
  remaining: remainingOf(c).toString(),
  releases: c.releases.map((r) => ({
    amount: r.amount.toString(),
    ...(r.entryId ? { entryId: r.entryId } : {}),
    reason: r.reason,
    date: r.date,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    ...(r.entryReversed ? { entryReversed: true } : {}),
  })),
  createdAt: c.createdAt,
  createdBy: c.createdBy,
});

export const virementView = (yearId: string) => (v: Virement) => ({
  yearId,
  virementId: virementIdOf(v.seq),
  from: v.from,
  to: v.to,
  amount: v.amount.toString(),
  reason: v.reason,
  createdAt: v.createdAt,
  createdBy: v.createdBy,
});

export const sarView = (s: SarCase, costs: SarCosts) => ({
  sarId: s.sarId,
  title: s.title,
  kind: s.kind,
  status: s.status,
  costs: {
    total: costs.total.toString(),
    entries: costs.entries,
    byYear: costs.byYear.map((y) => ({ yearId: y.yearId, total: y.total.toString() })),
  },
  ...stamp(s),
});

export const historyView = (h: History) => ({
  yearId: h.yearId,
  budgetSet: h.budgetSet.toString(),
  outturn: h.outturn.toString(),
  contributions: h.contributions.map((c) => ({
    partnerId: c.partnerId,
    baseline: c.baseline.toString(),
    additional: c.additional.toString(),
  })),
  ...stamp(h),
});

export const agreementView = (a: StoredAgreement, frozen: boolean, warnings?: readonly AgreementWarning[]) => ({
  yearId: a.yearId,
  ...a.agreement,
  frozen,
  ...(warnings ? { warnings: warnings.map((w) => ({ code: w.code, message: w.message, path: w.path })) } : {}),
  ...stamp(a),
});

/**
 * An invoice or credit note: what it says (frozen at issue), what has happened to it since
 * (payments and reversals, credit notes against it, allocations, refunds) and its figures.
 */
export const invoiceView = ({ doc: i, figures: f, creditsNumber }: DocumentView) => ({
  invoiceId: i.invoiceId,
  number: documentNumber(i),
  partnerId: i.partnerId,
  yearId: i.yearId,
  kind: i.kind,
  status: f.status,
  issueDate: i.issueDate,
  dueDate: i.dueDate,
  overdue: f.overdue,
  partnerName: i.partnerName ?? i.billTo.name,
  ...(i.boardName !== undefined ? { boardName: i.boardName } : {}),
  ...(i.issuer ? { issuer: { ...i.issuer, bank: { ...i.issuer.bank }, contact: { ...i.issuer.contact } } } : {}),
  billTo: { ...i.billTo },
  lines: i.lines.map((l) => ({
    rule: l.rule,
    description: l.description,
    amount: l.amount.toString(),
    vatTreatment: l.vatTreatment,
    ...(l.vatAmount ? { vatAmount: l.vatAmount.toString() } : {}),
  })),
  total: i.total.toString(),
  vatTotal: i.vatTotal.toString(),
  paid: f.paid.toString(),
  credited: f.credited.toString(),
  allocated: f.allocated.toString(),
  refunded: f.refunded.toString(),
  outstanding: f.outstanding.toString(),
  balance: f.balance.toString(),
  ...(i.credits ? { credits: i.credits } : {}),
  ...(creditsNumber ? { creditsNumber } : {}),
  ...(i.reason ? { reason: i.reason } : {}),
  ...(i.application
    ? {
        application: {
          toInvoice: i.application.toInvoice.toString(),
          onAccount: i.application.onAccount.toString(),
          ...(i.application.invoiceOutstandingAfter ? { invoiceOutstandingAfter: i.application.invoiceOutstandingAfter.toString() } : {}),
        },
      }
    : {}),
  ...(i.replaces ? { replaces: i.replaces } : {}),
  ...(i.creditedBy ? { creditedBy: i.creditedBy } : {}),
  payments: i.payments.map((p) => ({
    paymentId: p.paymentId,
    date: p.date,
    amount: p.amount.toString(),
    ...(p.reference ? { reference: p.reference } : {}),
    ...(p.reversal ? { reversal: { date: p.reversal.date, reason: p.reversal.reason } } : {}),
  })),
  creditNotes: i.creditNotes.map((c) => ({ creditNoteId: c.creditNoteId, amount: c.amount.toString(), reason: c.reason, date: c.date })),
  allocations: i.allocations.map((a) => ({
    allocationId: a.allocationId,
    creditNoteId: a.creditNoteId,
    invoiceId: a.invoiceId,
    amount: a.amount.toString(),
    date: a.date,
    ...(a.cancelled ? { cancelled: a.cancelled } : {}),
  })),
  refunds: i.refunds.map((r) => ({ refundId: r.refundId, amount: r.amount.toString(), date: r.date, reference: r.reference })),
});

/** The annual report's finance section as JSON: every amount a decimal string, the notes complete. */
export const annualReportView = (yearId: string, doc: AnnualReportDocument) => {
  const income = incomeRows(doc);
  const spend = expenditureRows(doc);
  const money = (m: Money) => m.toString();
  return {
    yearId,
    boardName: doc.boardName,
    yearLabel: doc.yearLabel,
    from: doc.from,
    to: doc.to,
    issueDate: doc.issueDate,
    budgetSet: money(doc.budgetSet),
    outturn: money(doc.outturn),
    ...(doc.publishedOutturn ? { publishedOutturn: money(doc.publishedOutturn) } : {}),
    basis: doc.basis,
    income: {
      rows: income.rows.map((r) => ({
        partner: r.partner,
        baseline: money(r.baseline),
        additional: money(r.additional),
        total: money(r.total),
        percent: r.percent,
      })),
      total: money(income.totals.total),
    },
    contributions: doc.contributions.map((c) => ({
      yearLabel: c.yearLabel,
      proposed: c.proposed,
      budgetSet: money(c.budgetSet),
      partners: c.partners.map((p) => ({ partner: p.partner, baseline: money(p.baseline), additional: money(p.additional) })),
      total: money(contributionTotals(c).total),
      ...(c.publishedTotal ? { publishedTotal: money(c.publishedTotal) } : {}),
    })),
    expenditure: {
      rows: spend.rows.map((r) => ({ category: r.category, amount: money(r.amount), percent: r.percent })),
      total: money(spend.total),
    },
    sarCosts: doc.sarCosts.map((c) => ({ title: c.title, kind: c.kind, amount: money(c.amount) })),
    recharge: doc.recharge.map((r) => ({
      partner: r.partner,
      baseline: money(r.baseline),
      additional: money(r.additional),
      total: money(r.baseline.plus(r.additional)),
      lines: r.lines.map((l) => ({ description: l.description, amount: money(l.amount) })),
    })),
    notes: [...annualReportNotes(doc), ...doc.notes],
    ...(doc.otherIncome
      ? {
          otherIncome: doc.otherIncome.map((i) => ({
            source: i.source,
            kind: i.kind,
            ...(i.from ? { from: i.from } : {}),
            amount: money(i.amount),
          })),
        }
      : {}),
    ...(doc.reserve ? { reserve: { drawn: money(doc.reserve.drawn), carriedForward: money(doc.reserve.carriedForward) } } : {}),
  };
};

export const incomeView = (i: OtherIncome & { reversedBy?: string }) => ({
  yearId: i.yearId,
  incomeId: i.incomeId,
  date: i.date,
  source: i.source,
  kind: i.kind,
  amount: i.amount.toString(),
  ...(i.partnerId ? { partnerId: i.partnerId } : {}),
  description: i.description,
  ...(i.reverses ? { reverses: i.reverses } : {}),
  ...(i.reversedBy ? { reversedBy: i.reversedBy } : {}),
  ...(i.reason ? { reason: i.reason } : {}),
  createdAt: i.createdAt,
  createdBy: i.createdBy,
});
