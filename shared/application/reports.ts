/**
 * Report use cases: read once, compute with the pure domain, shape for JSON and CSV.
 * Each ledger-year report is one Query of the year's partition (plus the year item).
 */

import { parseAgreement } from '../domain/agreement.ts';
import { computeRecharge } from '../domain/engine.ts';
import { ConflictError } from '../domain/errors.ts';
import { parseYearId } from '../domain/financial-year.ts';
import { clampToYear, forecastYear, monthEnd } from '../domain/forecast.ts';
import { type Invoice, isIssued, seriesOf } from '../domain/invoice.ts';
import { counts, reversedIdsOf, rollUpSarCosts, withReversedMatches, type Year } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { incomeTotals, summariseIncome } from '../domain/other-income.ts';
import { invoicedByYear, unfinishedOf } from '../domain/receivables.ts';
import {
  budgetVsActual,
  type Contribution,
  type ContributionYear,
  contributionYear,
  expenditureBreakdown,
  incomeByPartner,
  reconcile,
  unaccountedNumbers,
} from '../domain/reports.ts';
import type { Role } from '../domain/roles.ts';
import { actsAsPartnerOnly } from './actor.ts';
import { type Ctx, todayOf } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps, YearContents } from './ports.ts';
import { incomeOf, partnerNames } from './pricing.ts';
import { rechargeView, spendByCategory } from './year-end.ts';
import { getYear } from './years.ts';

/**
 * The imports committed in a year as its item said when just read: each report reads the year
 * item first, so its ledger read need not read the item again for them (one round trip less).
 */
const committedOf = (year: Year): ReadonlySet<string> => year.committedImports ?? new Set<string>();

function requireLedger(year: Year): void {
  if (year.source === 'history')
    throw new ConflictError('YEAR.HISTORY', `${year.yearId} is recorded as history; it has no ledger to report on`);
}

/**
 * As of the end of the latest month with expenditure (the ledger's own "now"), never after
 * today, else today; within the year. An entry that was reversed, and its reversal, do not count:
 * a mistake that was corrected does not move the forecast's date. A year that is closed (or
 * closing) has a sealed ledger, complete to its last day: it is seen as of its year end, so its
 * forecast is its outturn (nothing projected) and prices to what the close sealed.
 */
export function defaultAsOf(year: Pick<Year, 'yearId' | 'status'>, contents: Pick<YearContents, 'entries'>, today: string): string {
  const { yearId } = year;
  const end = parseYearId(yearId)?.end;
  if (end && (year.status === 'closed' || year.status === 'closing')) return end;
  const reversed = reversedIdsOf(contents.entries);
  const latest = contents.entries.reduce<string | undefined>(
    (max, e) => (e.reverses || reversed.has(e.entryId) || (max !== undefined && e.date <= max) ? max : e.date),
    undefined,
  );
  const ledgerNow = latest ? monthEnd(latest) : today;
  return clampToYear(yearId, ledgerNow > today ? today : ledgerNow);
}

/**
 * The year's forecast as of a date, from the ledger as read: every report and pricing of the open
 * year (the forecast route, scenarios) projects through this one function.
 */
export function forecastOf(yearId: string, contents: Pick<YearContents, 'commitments' | 'entries' | 'lines'>, asOf: string) {
  return forecastYear({
    yearId,
    asOf,
    lines: contents.lines.map((l) => ({
      category: l.category,
      name: l.name,
      amount: l.amount,
      ...(l.profile ? { profile: l.profile } : {}),
      ...(l.forecast ? { method: l.forecast } : {}),
    })),
    entries: contents.entries,
    // A match to an entry reversed since counts no more: the entry's cost has left the actuals.
    commitments: withReversedMatches(contents.commitments, reversedIdsOf(contents.entries)).map((c) => ({
      dueDate: c.dueDate,
      category: c.category,
      amount: c.amount,
      releases: c.releases.filter(counts).map((r) => ({ amount: r.amount, ...(r.entryId ? { paidOn: r.date } : {}) })),
    })),
  });
}

export async function forecastReport(
  deps: Pick<Deps, 'ledger' | 'partners' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  asOfParam?: string,
) {
  const year = await getYear(deps, boardId, yearId);
  requireLedger(year);
  // The partners' names (for the priced lines) are read beside the ledger, not after it.
  const [contents, names] = await Promise.all([deps.ledger.readYear(boardId, yearId, committedOf(year)), partnerNames(deps, boardId)]);
  const f = forecastOf(yearId, contents, asOfParam ? clampToYear(yearId, asOfParam) : defaultAsOf(year, contents, todayOf(ctx)));
  let recharge: ReturnType<typeof rechargeView> | undefined;
  if (contents.agreement) {
    const { budgets } = spendByCategory(contents);
    const projected = new Map(f.categories.map((c) => [c.category, c.projected]));
    const result = computeRecharge({
      agreement: parseAgreement(contents.agreement.agreement, 'agreement'),
      budgetSet: year.budgetSet,
      budgets,
      spend: projected,
      // DESIGN 10.3: the other income recorded so far (it is not projected), and partners named in the lines.
      income: incomeOf(contents),
      names,
    });
    recharge = rechargeView(yearId, contents.agreement.agreement.basis, result, [], contents.entries.length, ctx.now.toISOString());
  }
  return {
    yearId,
    asOf: f.asOf,
    monthsElapsed: f.monthsElapsed,
    status: year.status,
    budgetSet: year.budgetSet.toString(),
    categories: f.categories.map((c) => ({
      category: c.category,
      name: c.name,
      method: c.method,
      budget: c.budget.toString(),
      actual: c.actual.toString(),
      commitments: c.commitments.toString(),
      rest: c.rest.toString(),
      projected: c.projected.toString(),
      variance: c.variance.toString(),
    })),
    totals: Object.fromEntries(Object.entries(f.totals).map(([k, v]) => [k, v.toString()])) as Record<keyof typeof f.totals, string>,
    projectedOutturn: f.totals.projected.toString(),
    /** Projected outturn against the budget set: positive is an overspend. */
    projectedOverspend: f.totals.projected.minus(year.budgetSet).toString(),
    recharge: recharge
      ? {
          basis: recharge.basis,
          additional: recharge.additional,
          partners: recharge.partners.map((p) => ({
            partnerId: p.partnerId,
            baseline: p.baseline,
            additional: p.additional,
            total: p.total,
            lines: p.lines,
          })),
          steps: recharge.steps,
        }
      : null,
  };
}

export async function budgetVsActualReport(deps: Pick<Deps, 'ledger' | 'years'>, boardId: string, yearId: string) {
  const year = await getYear(deps, boardId, yearId);
  requireLedger(year);
  const contents = await deps.ledger.readYear(boardId, yearId, committedOf(year));
  const r = budgetVsActual(contents.lines, contents.entries);
  return {
    yearId,
    status: year.status,
    budgetSet: year.budgetSet.toString(),
    rows: r.rows.map((row) => ({
      category: row.category,
      name: row.name,
      original: row.original.toString(),
      virements: row.virements.toString(),
      revised: row.budget.toString(),
      /** The revised budget (kept under its first name for existing clients). */
      budget: row.budget.toString(),
      actual: row.actual.toString(),
      variance: row.variance.toString(),
      percentUsed: row.percentUsed,
    })),
    totals: {
      original: r.totals.original.toString(),
      virements: r.totals.virements.toString(),
      revised: r.totals.budget.toString(),
      budget: r.totals.budget.toString(),
      actual: r.totals.actual.toString(),
      variance: r.totals.variance.toString(),
      percentUsed: r.totals.percentUsed,
    },
    /** The outturn against the budget set (not the lines): positive is an overspend. */
    overBudgetSet: r.totals.actual.minus(year.budgetSet).toString(),
  };
}

export async function breakdownReport(deps: Pick<Deps, 'ledger' | 'years'>, boardId: string, yearId: string) {
  const year = await getYear(deps, boardId, yearId);
  requireLedger(year);
  const contents = await deps.ledger.readYear(boardId, yearId, committedOf(year));
  const r = expenditureBreakdown(contents.lines, contents.entries);
  return {
    yearId,
    total: r.total.toString(),
    rows: r.rows.map((row) => ({ category: row.category, name: row.name, amount: row.amount.toString(), percent: row.percent })),
  };
}

/**
 * Every document of the board's partners (or of the one partner given): the documents every
 * receivables figure derives from. A partner's documents live in its own partition.
 */
export async function boardDocuments(deps: Pick<Deps, 'invoices' | 'partners'>, boardId: string, onlyPartner?: string): Promise<Invoice[]> {
  const partnerIds =
    onlyPartner !== undefined
      ? [onlyPartner]
      : (await everyPage((page) => deps.partners.listPartners(boardId, page))).map((p) => p.partnerId);
  return (await Promise.all(partnerIds.map((p) => deps.invoices.listForPartner(boardId, p)))).flat();
}

/**
 * One year's contributions as Figures 5 and 6 show them. A history year: as published. A draft
 * year: its agreement's baselines, as planned. Any other ledger year: what each partner was
 * invoiced for it, net of credit notes, from the documents (receivables.ts): the baseline
 * invoice with its replacements and credit notes, and everything else (the year-end invoice or
 * refund, charges raised by hand) as additional. A credit note therefore changes these
 * figures exactly as it changes the partner's balance.
 */
export async function yearContributions(
  deps: Pick<Deps, 'agreements' | 'history' | 'snapshots'>,
  year: Year,
  docs: readonly Invoice[],
): Promise<ContributionYear> {
  if (year.source === 'history') {
    const h = await deps.history.getHistory(year.boardId, year.yearId);
    return contributionYear(year.yearId, 'history', year.budgetSet, h?.outturn, h?.contributions ?? []);
  }
  const [agreement, snapshot] = await Promise.all([
    deps.agreements.getAgreement(year.boardId, year.yearId),
    year.status === 'closed' ? deps.snapshots.getSnapshot(year.boardId, year.yearId) : undefined,
  ]);
  const wire = agreement?.agreement;
  const outturn = year.status === 'closed' && snapshot ? Money.fromStored(snapshot.outturn) : undefined;
  const basis = year.status === 'closed' ? 'closed' : year.status;
  if (year.status === 'draft') {
    const planned = (wire?.partners ?? []).map((p) => ({
      partnerId: p.partnerId,
      baseline: Money.fromStored(p.baseline),
      additional: Money.zero,
    }));
    return contributionYear(year.yearId, basis, year.budgetSet, outturn, planned);
  }
  const invoiced = invoicedByYear(docs).get(year.yearId) ?? new Map();
  const agreed = (wire?.partners ?? []).map((p) => p.partnerId);
  const others = [...invoiced.keys()].filter((p) => !agreed.includes(p)).sort();
  // A host not invoiced (DESIGN 10.2 invoiceHost: false) contributes what the agreement and the
  // sealed recharge record for it: its share is recorded, with no document addressed to it.
  const recordedHost = year.hostInvoiced === false ? wire?.host : undefined;
  const rows: Contribution[] = [...agreed, ...others].map((partnerId) => {
    if (partnerId === recordedHost) {
      const sealed = snapshot?.partners.find((p) => p.partnerId === partnerId);
      return {
        partnerId,
        baseline: Money.fromStored(wire?.partners.find((p) => p.partnerId === partnerId)?.baseline ?? '0.00'),
        additional: sealed ? Money.fromStored(sealed.additional) : Money.zero,
      };
    }
    const i = invoiced.get(partnerId);
    return { partnerId, baseline: i?.baseline ?? Money.zero, additional: i ? i.yearEnd.plus(i.other) : Money.zero };
  });
  return contributionYear(year.yearId, basis, year.budgetSet, outturn, rows);
}

const allYears = (deps: Pick<Deps, 'years'>, boardId: string): Promise<Year[]> => everyPage((page) => deps.years.listYears(boardId, page));

const contributionView = (y: ContributionYear) => ({
  yearId: y.yearId,
  basis: y.basis,
  budgetSet: y.budgetSet.toString(),
  ...(y.outturn ? { outturn: y.outturn.toString() } : {}),
  partners: y.partners.map((p) => ({
    partnerId: p.partnerId,
    baseline: p.baseline.toString(),
    additional: p.additional.toString(),
    total: p.total.toString(),
  })),
  totals: { baseline: y.totals.baseline.toString(), additional: y.totals.additional.toString(), total: y.totals.total.toString() },
});

/**
 * Contributions across years (the annual report's Figure 6). A partner caller sees only
 * its own rows (totals then are its own too).
 */
export async function contributionsReport(
  deps: Pick<Deps, 'agreements' | 'history' | 'invoices' | 'partners' | 'snapshots' | 'years'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  from?: string,
  to?: string,
) {
  const years = (await allYears(deps, boardId)).filter((y) => (!from || y.yearId >= from) && (!to || y.yearId <= to));
  const own = actsAsPartnerOnly(ctx.actor, routeRoles) ? (ctx.actor.partnerId ?? '') : undefined;
  const docs = await boardDocuments(deps, boardId, own);
  const rows = await Promise.all(years.map((y) => yearContributions(deps, y, docs)));
  const scoped = own
    ? rows.map((y) =>
        contributionYear(
          y.yearId,
          y.basis,
          y.budgetSet,
          y.outturn,
          y.partners.filter((p) => p.partnerId === own),
        ),
      )
    : rows;
  return { from: from ?? null, to: to ?? null, years: scoped.map(contributionView) };
}

export async function incomeReport(
  deps: Pick<Deps, 'agreements' | 'history' | 'invoices' | 'otherIncome' | 'partners' | 'snapshots' | 'years'>,
  boardId: string,
  yearId: string,
) {
  const year = await getYear(deps, boardId, yearId);
  const [c, other] = await Promise.all([
    yearContributions(deps, year, year.source === 'history' ? [] : await boardDocuments(deps, boardId)),
    year.source === 'history' ? [] : everyPage((page) => deps.otherIncome.listIncome(boardId, yearId, page)),
  ]);
  const r = incomeByPartner(c);
  const { cash, inKind } = incomeTotals(other);
  return {
    /** DESIGN 10.3: income besides contributions; in-kind is shown here and never invoiced. */
    otherIncome: {
      cash: cash.toString(),
      inKind: inKind.toString(),
      rows: summariseIncome(other).map((i) => ({
        kind: i.kind,
        source: i.source,
        ...(i.partnerId ? { partnerId: i.partnerId } : {}),
        amount: i.amount.toString(),
      })),
    },
    yearId,
    basis: c.basis,
    rows: r.rows.map((p) => ({
      partnerId: p.partnerId,
      baseline: p.baseline.toString(),
      additional: p.additional.toString(),
      total: p.total.toString(),
      percent: p.percent,
    })),
    totals: { baseline: r.totals.baseline.toString(), additional: r.totals.additional.toString(), total: r.totals.total.toString() },
  };
}

export async function reconciliationReport(
  deps: Pick<Deps, 'agreements' | 'history' | 'invoices' | 'ledger' | 'partners' | 'snapshots' | 'years'>,
  boardId: string,
  yearId: string,
) {
  const year = await getYear(deps, boardId, yearId);
  const docs = year.source === 'history' ? [] : await boardDocuments(deps, boardId);
  const c = await yearContributions(deps, year, docs);
  const numbering = await Promise.all(
    (['INV', 'CN'] as const).map(async (series) => ({ series, ...(await deps.invoices.reservations(boardId, series)) })),
  );
  const voidNumbers = numbering.flatMap(({ series, items }) =>
    items.filter((r) => r.status === 'void').map((r) => ({ number: r.number, reason: r.reason ?? 'void', series })),
  );
  // A number handed out that is on no document and not void yet (its request failed part-way): every number is accounted for.
  const unaccounted = numbering.flatMap(({ series, last, sweptTo, items }) =>
    unaccountedNumbers(
      series,
      { last, sweptTo, voids: new Set(items.filter((r) => r.status === 'void').map((r) => r.number)) },
      new Set(docs.filter((d) => isIssued(d) && seriesOf(d) === series).map((d) => d.number as number)),
    ),
  );
  let issues: ReturnType<typeof reconcile>;
  if (year.source === 'history') {
    issues = reconcile({
      yearId,
      status: year.status,
      source: 'history',
      budgetSet: year.budgetSet,
      ...(c.outturn ? { outturn: c.outturn } : {}),
      contributions: c.partners,
    });
  } else {
    const contents = await deps.ledger.readYear(boardId, yearId, committedOf(year));
    const wire = contents.agreement?.agreement;
    // What each partner was invoiced for the year, net of credit notes, by purpose: the
    // baseline invoice (with its replacements and credit notes) against the agreement, the
    // year-end document (with its own) against the recharge. A year-end refund credits the
    // baseline invoice but belongs to the year end: it is counted there only.
    const invoiced = invoicedByYear(docs).get(yearId) ?? new Map();
    // A host the year does not invoice (invoiceHost: false) has nothing to compare: its share is recorded.
    const compared = (wire?.partners ?? []).filter((p) => !(year.hostInvoiced === false && p.partnerId === wire?.host));
    const net = (purpose: 'baseline' | 'yearEnd') =>
      new Map(compared.map((p) => [p.partnerId, invoiced.get(p.partnerId)?.[purpose] ?? Money.zero]));
    const snapshot = contents.snapshot;
    const ledgerOutturn = Money.sum(contents.entries.map((e) => e.amount));
    issues = reconcile({
      yearId,
      status: year.status,
      source: 'ledger',
      ...(wire ? { basis: wire.basis } : {}),
      budgetSet: year.budgetSet,
      linesTotal: Money.sum(contents.lines.map((l) => l.amount)),
      outturn: ledgerOutturn,
      ...(year.publishedOutturn ? { publishedOutturn: year.publishedOutturn } : {}),
      contributions: c.partners,
      ...(wire
        ? {
            agreementBaselines: new Map(compared.map((p) => [p.partnerId, Money.fromStored(p.baseline)])),
            invoicedBaseline: net('baseline'),
          }
        : {}),
      ...(snapshot?.partners
        ? {
            snapshotAdditional: new Map(
              snapshot.partners
                .filter((p) => compared.some((q) => q.partnerId === p.partnerId))
                .map((p) => [p.partnerId, Money.fromStored(p.additional)]),
            ),
            invoicedYearEnd: net('yearEnd'),
          }
        : {}),
      unfinished: unfinishedOf(docs.filter((d) => d.yearId === yearId)),
      unaccountedNumbers: unaccounted,
      voidNumbers,
      // DESIGN 10.3: what the close sealed of the reserve and other income (absent before it: zero);
      // before the close, the draw the agreement makes.
      ...(snapshot
        ? {
            carriedForward: Money.fromStored(snapshot.carryForward),
            drawnFromReserve: Money.fromStored(snapshot.drawnFromReserve ?? '0.00'),
            cashIncome: Money.fromStored(snapshot.cashIncome ?? '0.00'),
          }
        : wire?.fundedFromReserve
          ? { drawnFromReserve: Money.fromStored(wire.fundedFromReserve) }
          : {}),
    });
  }
  return {
    yearId,
    reconciles: issues.every((i) => i.severity === 'info'),
    issues: issues.map((i) => ({
      code: i.code,
      severity: i.severity,
      message: i.message,
      amounts: Object.fromEntries(Object.entries(i.amounts).map(([k, v]) => [k, v.toString()])),
      ...(i.partnerId ? { partnerId: i.partnerId } : {}),
    })),
  };
}

export async function sarCostsReport(deps: Pick<Deps, 'sars'>, boardId: string) {
  const sars = await everyPage((page) => deps.sars.listSars(boardId, page));
  const rows = await deps.sars.costRows(boardId);
  const cases = sars.map((s) => {
    const costs = rollUpSarCosts(rows.filter((r) => r.sarId === s.sarId));
    return {
      sarId: s.sarId,
      title: s.title,
      kind: s.kind,
      status: s.status,
      total: costs.total.toString(),
      byYear: costs.byYear.map((y) => ({ yearId: y.yearId, total: y.total.toString() })),
    };
  });
  // Computed totals are read back exactly, whatever their size: limits belong to requests, not to arithmetic.
  return { cases, total: Money.sum(cases.map((c) => Money.fromStored(c.total))).toString() };
}
