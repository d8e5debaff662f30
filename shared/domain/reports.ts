/**
 * The board's reports, as pure functions of ledger data (DESIGN section 5): budget against
 * actual, the expenditure breakdown (the annual report's Figure 7), income by partner
 * (Figure 5), contributions across years (Figure 6), SAR costs per case, and the
 * reconciliation that names every inconsistency with its amounts.
 */
import { percentOf } from './forecast.ts';
import { Money } from './money.ts';

export interface LineLike {
  readonly category: string;
  readonly name: string;
  /** The revised amount. */
  readonly amount: Money;
  /** The amount when the year opened (the revised amount when absent). */
  readonly original?: Money;
  /** Net virements (zero when absent). */
  readonly virements?: Money;
}
export interface EntryLike {
  readonly category: string;
  readonly amount: Money;
}

export interface BudgetVsActualRow {
  readonly category: string;
  readonly name: string;
  /** The budget when the year opened. */
  readonly original: Money;
  /** Net virements into the line (negative: out of it). */
  readonly virements: Money;
  /** The revised budget: original + virements. Variance and % used are against it. */
  readonly budget: Money;
  readonly actual: Money;
  /** actual − budget: positive is an overspend. */
  readonly variance: Money;
  /** Actual as a percentage of budget; null when there is no budget to use. */
  readonly percentUsed: string | null;
}

export function totalsByCategory(entries: readonly EntryLike[]): Map<string, Money> {
  const out = new Map<string, Money>();
  for (const e of entries) out.set(e.category, (out.get(e.category) ?? Money.zero).plus(e.amount));
  return out;
}

/**
 * Budget against actual by category: the original budget, the virements, the revised budget,
 * what was spent and the variance against the revised budget. A category spent in without a
 * budget line shows zero budgets.
 */
export function budgetVsActual(lines: readonly LineLike[], entries: readonly EntryLike[]) {
  const actuals = totalsByCategory(entries);
  const byCategory = new Map(lines.map((l) => [l.category, l]));
  const categories = [...new Set([...byCategory.keys(), ...actuals.keys()])].sort();
  const rows: BudgetVsActualRow[] = categories.map((category) => {
    const line = byCategory.get(category);
    const budget = line?.amount ?? Money.zero;
    const actual = actuals.get(category) ?? Money.zero;
    const percentUsed = budget.isZero() ? null : percentOf(actual, budget);
    return {
      category,
      name: line?.name ?? category,
      original: line?.original ?? budget,
      virements: line?.virements ?? Money.zero,
      budget,
      actual,
      variance: actual.minus(budget),
      percentUsed,
    };
  });
  const original = Money.sum(rows.map((r) => r.original));
  const virements = Money.sum(rows.map((r) => r.virements));
  const budget = Money.sum(rows.map((r) => r.budget));
  const actual = Money.sum(rows.map((r) => r.actual));
  return {
    rows,
    totals: {
      original,
      virements,
      budget,
      actual,
      variance: actual.minus(budget),
      percentUsed: budget.isZero() ? null : percentOf(actual, budget),
    },
  };
}

export interface BreakdownRow {
  readonly category: string;
  readonly name: string;
  readonly amount: Money;
  /** Share of all expenditure, one decimal. */
  readonly percent: string;
}

/** Expenditure by category, largest first (ties by category), with each share of the total. */
export function expenditureBreakdown(lines: readonly LineLike[], entries: readonly EntryLike[]) {
  const actuals = totalsByCategory(entries);
  const names = new Map(lines.map((l) => [l.category, l.name]));
  const total = Money.sum(actuals.values());
  const rows: BreakdownRow[] = [...actuals.entries()]
    .map(([category, amount]) => ({ category, name: names.get(category) ?? category, amount, percent: percentOf(amount, total) }))
    .sort((a, b) => b.amount.compare(a.amount) || a.category.localeCompare(b.category));
  return { rows, total };
}

export interface Contribution {
  readonly partnerId: string;
  readonly baseline: Money;
  readonly additional: Money;
}

export interface ContributionYear {
  readonly yearId: string;
  /** `history`: as published; `closed`: sealed by the close; `open`/`draft`: baselines set, year end still to come. */
  readonly basis: 'history' | 'closed' | 'open' | 'draft' | 'closing';
  readonly budgetSet: Money;
  /** Outturn: published for history, the ledger's for closed years, none yet for open ones. */
  readonly outturn?: Money;
  readonly partners: readonly (Contribution & { readonly total: Money })[];
  readonly totals: { readonly baseline: Money; readonly additional: Money; readonly total: Money };
}

export function contributionYear(
  yearId: string,
  basis: ContributionYear['basis'],
  budgetSet: Money,
  outturn: Money | undefined,
  contributions: readonly Contribution[],
): ContributionYear {
  const partners = contributions.map((c) => ({ ...c, total: c.baseline.plus(c.additional) }));
  const baseline = Money.sum(partners.map((p) => p.baseline));
  const additional = Money.sum(partners.map((p) => p.additional));
  return {
    yearId,
    basis,
    budgetSet,
    ...(outturn ? { outturn } : {}),
    partners,
    totals: { baseline, additional, total: baseline.plus(additional) },
  };
}

/** Income by partner for one year (Figure 5): each partner's contribution and its share of the total. */
export function incomeByPartner(year: ContributionYear) {
  return {
    rows: year.partners.map((p) => ({ ...p, percent: percentOf(p.total, year.totals.total) })),
    totals: year.totals,
  };
}

export type Severity = 'error' | 'warning' | 'info';

export interface Inconsistency {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The figures compared, as exact amounts. */
  readonly amounts: Readonly<Record<string, Money>>;
  /** The partner the finding is about, when it is about one (its message then names it by this id). */
  readonly partnerId?: string;
}

/**
 * A finding about one partner's invoices, in words: `who` is the partner's id in the
 * reconciliation (for finance) or its name on a document people read (the annual report), the
 * amounts written by `money`.
 */
export function partnerFindingWords(
  finding: { readonly code: string; readonly amounts: Readonly<Record<string, Money>> },
  who: string,
  money: (m: Money) => string = (m) => m.toDisplay(),
): string | undefined {
  const invoiced = finding.amounts.invoiced ?? Money.zero;
  if (finding.code === 'BASELINE_INVOICE_VS_AGREEMENT') {
    return `${who}: baseline invoiced ${money(invoiced)} (net of credit notes) but the agreement says ${money(finding.amounts.agreement ?? Money.zero)}`;
  }
  if (finding.code === 'YEAR_END_INVOICE_VS_RECHARGE') {
    return `${who}: year-end invoiced ${money(invoiced)} (net of credit notes) but the recharge says ${money(finding.amounts.recharge ?? Money.zero)}`;
  }
  return undefined;
}

const diff = (a: Money, b: Money) => a.minus(b).abs();

export interface ReconciliationInput {
  readonly yearId: string;
  readonly status: string;
  readonly source: 'ledger' | 'history';
  readonly basis?: 'full-cost-recovery' | 'committal';
  readonly budgetSet: Money;
  readonly linesTotal?: Money;
  /** The ledger's outturn (entries), or the published outturn of a history year. */
  readonly outturn?: Money;
  /** What an annual report printed as the year's total, when recorded. */
  readonly publishedOutturn?: Money;
  readonly contributions: readonly Contribution[];
  /** Agreement baselines per partner (ledger years). */
  readonly agreementBaselines?: ReadonlyMap<string, Money>;
  /** Net invoiced per partner and kind: baseline invoices, year-end invoices and credit notes. */
  readonly invoicedBaseline?: ReadonlyMap<string, Money>;
  readonly invoicedYearEnd?: ReadonlyMap<string, Money>;
  /** The close snapshot's additional per partner (closed years). */
  readonly snapshotAdditional?: ReadonlyMap<string, Money>;
  /** DESIGN 10.3, sealed by the close: drawn from the reserve, cash income netted, underspend carried forward as agreed. */
  readonly drawnFromReserve?: Money;
  readonly cashIncome?: Money;
  readonly carriedForward?: Money;
  /** Invoice and credit-note numbers recorded as void, with their reasons (board-wide). */
  readonly voidNumbers?: readonly { readonly number: number; readonly reason: string; readonly series?: 'INV' | 'CN' }[];
  /** Work a request left part-way on the year's documents (a credit note claimed but not issued, an allocation on one side). */
  readonly unfinished?: readonly { readonly code: string; readonly message: string; readonly amount: Money }[];
  /** Numbers handed out (board-wide) that are on no document and not void yet: see {@link unaccountedNumbers}. */
  readonly unaccountedNumbers?: readonly { readonly number: number; readonly series: 'INV' | 'CN' }[];
}

/**
 * The numbers of a series handed out that are neither on an issued document nor void: those
 * after the sweep's watermark (every number up to it is settled) up to the last one handed out,
 * less the numbers the documents carry and those recorded void.
 */
export function unaccountedNumbers(
  series: 'INV' | 'CN',
  numbering: { readonly last: number; readonly sweptTo: number; readonly voids: ReadonlySet<number> },
  used: ReadonlySet<number>,
): { number: number; series: 'INV' | 'CN' }[] {
  const out: { number: number; series: 'INV' | 'CN' }[] = [];
  for (let n = numbering.sweptTo + 1; n <= numbering.last; n++) {
    if (!used.has(n) && !numbering.voids.has(n)) out.push({ number: n, series });
  }
  return out;
}

/**
 * Every inconsistency in a year's figures, each with the amounts compared. An empty list
 * means the year reconciles.
 */
export function reconcile(r: ReconciliationInput): Inconsistency[] {
  const out: Inconsistency[] = [];
  const baselines = Money.sum(r.contributions.map((c) => c.baseline));
  const contributed = Money.sum(r.contributions.map((c) => c.baseline.plus(c.additional)));

  // Budget set = baselines + drawn from the reserve (DESIGN 10.3); a draw is part of the funding, not a gap.
  const drawnForBudget = r.drawnFromReserve ?? Money.zero;
  const funding = baselines.plus(drawnForBudget);
  if (!funding.equals(r.budgetSet)) {
    const short = r.budgetSet.minus(funding);
    const what = drawnForBudget.isZero()
      ? `baselines ${baselines.toDisplay()}`
      : `baselines ${baselines.toDisplay()} and the draw on the reserve ${drawnForBudget.toDisplay()}`;
    out.push({
      code: 'BASELINES_VS_BUDGET_SET',
      severity: 'warning',
      message: short.isPositive()
        ? `${what} fall short of the budget set ${r.budgetSet.toDisplay()} by ${short.toDisplay()}`
        : `${what} exceed the budget set ${r.budgetSet.toDisplay()} by ${short.abs().toDisplay()}`,
      amounts: {
        baselines,
        ...(drawnForBudget.isZero() ? {} : { drawnFromReserve: drawnForBudget }),
        budgetSet: r.budgetSet,
        difference: diff(funding, r.budgetSet),
      },
    });
  }
  if (r.linesTotal && !r.linesTotal.equals(r.budgetSet)) {
    out.push({
      code: 'BUDGET_LINES_VS_BUDGET_SET',
      severity: 'warning',
      message: `budget lines add up to ${r.linesTotal.toDisplay()}, not the budget set ${r.budgetSet.toDisplay()}`,
      amounts: { budgetLines: r.linesTotal, budgetSet: r.budgetSet, difference: diff(r.linesTotal, r.budgetSet) },
    });
  }
  const settled = r.source === 'history' || r.status === 'closed';
  const recovers = r.source === 'history' || r.basis === 'full-cost-recovery';
  // The invariant of DESIGN 10.3: contributions + drawn from the reserve + cash income = outturn + carried forward.
  const drawn = r.drawnFromReserve ?? Money.zero;
  const cash = r.cashIncome ?? Money.zero;
  const carried = r.carriedForward ?? Money.zero;
  const funded = contributed.plus(drawn).plus(cash);
  const owed = r.outturn?.plus(carried);
  if (settled && recovers && r.outturn && owed && !funded.equals(owed)) {
    const also = [
      ...(drawn.isZero() ? [] : [`drawn from the reserve ${drawn.toDisplay()}`]),
      ...(cash.isZero() ? [] : [`other income ${cash.toDisplay()}`]),
    ];
    const lhs =
      also.length === 0
        ? `contributions add up to ${contributed.toDisplay()}`
        : `contributions ${contributed.toDisplay()} with ${also.join(' and ')} add up to ${funded.toDisplay()}`;
    const rhs = carried.isZero()
      ? `the outturn is ${r.outturn.toDisplay()}`
      : `the outturn ${r.outturn.toDisplay()} and the carry-forward ${carried.toDisplay()} add up to ${owed.toDisplay()}`;
    out.push({
      code: 'CONTRIBUTIONS_VS_OUTTURN',
      severity: 'error',
      message: `${lhs} but ${rhs}: ${diff(funded, owed).toDisplay()} ${funded.compare(owed) < 0 ? 'unrecovered' : 'over-recovered'}`,
      amounts: {
        contributions: contributed,
        outturn: r.outturn,
        ...(drawn.isZero() ? {} : { drawnFromReserve: drawn }),
        ...(cash.isZero() ? {} : { cashIncome: cash }),
        ...(carried.isZero() ? {} : { carriedForward: carried }),
        difference: diff(funded, owed),
      },
    });
  }
  if (settled && !carried.isZero()) {
    out.push({
      code: 'CARRIED_FORWARD',
      severity: 'info',
      message: `an underspend of ${carried.toDisplay()} was carried forward to the board's reserve, as the agreement says`,
      amounts: { carriedForward: carried },
    });
  }
  if (settled && !drawn.isZero()) {
    out.push({
      code: 'DRAWN_FROM_RESERVE',
      severity: 'info',
      message: `${drawn.toDisplay()} of the budget set was funded from the board's reserve, as the agreement says`,
      amounts: { drawnFromReserve: drawn },
    });
  }
  if (r.publishedOutturn && r.outturn && !r.publishedOutturn.equals(r.outturn)) {
    out.push({
      code: 'PUBLISHED_OUTTURN',
      severity: 'warning',
      message: `the published total ${r.publishedOutturn.toDisplay()} differs from the ${r.source === 'history' ? 'recorded' : 'ledger'} outturn ${r.outturn.toDisplay()} by ${diff(r.publishedOutturn, r.outturn).toDisplay()}`,
      amounts: { published: r.publishedOutturn, outturn: r.outturn, difference: diff(r.publishedOutturn, r.outturn) },
    });
  }
  if (r.publishedOutturn && !r.publishedOutturn.equals(contributed) && settled) {
    out.push({
      code: 'PUBLISHED_TOTAL_VS_CONTRIBUTIONS',
      severity: 'warning',
      message: `the published total ${r.publishedOutturn.toDisplay()} is not the sum of the contributions ${contributed.toDisplay()}`,
      amounts: { published: r.publishedOutturn, contributions: contributed, difference: diff(r.publishedOutturn, contributed) },
    });
  }
  if (r.agreementBaselines && r.invoicedBaseline && r.status !== 'draft') {
    for (const [partnerId, baseline] of r.agreementBaselines) {
      const invoiced = r.invoicedBaseline.get(partnerId) ?? Money.zero;
      if (!invoiced.equals(baseline)) {
        const finding = {
          code: 'BASELINE_INVOICE_VS_AGREEMENT',
          amounts: { invoiced, agreement: baseline, difference: diff(invoiced, baseline) },
        };
        out.push({ ...finding, severity: 'error', message: partnerFindingWords(finding, partnerId) ?? '', partnerId });
      }
    }
  }
  if (r.snapshotAdditional && r.invoicedYearEnd) {
    for (const [partnerId, additional] of r.snapshotAdditional) {
      const invoiced = r.invoicedYearEnd.get(partnerId) ?? Money.zero;
      if (!invoiced.equals(additional)) {
        const finding = {
          code: 'YEAR_END_INVOICE_VS_RECHARGE',
          amounts: { invoiced, recharge: additional, difference: diff(invoiced, additional) },
        };
        out.push({ ...finding, severity: 'error', message: partnerFindingWords(finding, partnerId) ?? '', partnerId });
      }
    }
  }
  if (r.status === 'closing') {
    out.push({
      code: 'CLOSE_UNFINISHED',
      severity: 'error',
      message: `${r.yearId} is still closing: run the close again to finish it`,
      amounts: {},
    });
  }
  for (const u of r.unfinished ?? []) {
    out.push({ code: u.code, severity: 'warning', message: u.message, amounts: { amount: u.amount } });
  }
  for (const u of r.unaccountedNumbers ?? []) {
    const cn = u.series === 'CN';
    out.push({
      code: 'NUMBER_UNACCOUNTED',
      severity: 'warning',
      message: `${cn ? 'credit note' : 'invoice'} number ${u.series}-${String(u.number).padStart(6, '0')} was handed out but is on no document and not void: the request that took it failed part-way (or is under way); sending it again, or issuing any document, uses or voids the number`,
      amounts: {},
    });
  }
  for (const v of r.voidNumbers ?? []) {
    const cn = v.series === 'CN';
    out.push({
      code: cn ? 'VOID_CREDIT_NOTE_NUMBER' : 'VOID_INVOICE_NUMBER',
      severity: 'info',
      message: `${cn ? 'credit note' : 'invoice'} number ${cn ? 'CN' : 'INV'}-${String(v.number).padStart(6, '0')} is void: ${v.reason}`,
      amounts: {},
    });
  }
  return out;
}
