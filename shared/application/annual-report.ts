/**
 * The finance section of a board's annual report for one year (DESIGN 10.2): what the seed
 * report's "Board budgets" section shows, assembled from the service's own reports rather than
 * by hand from spreadsheets. Budget set, income by partner (Figure 5), contributions across
 * years (Figure 6), expenditure by category (Figure 7), SAR costs, and the year-end recharge
 * explained line by line; the notes name where the figures (or the published report) disagree.
 */
import { agreementInWords } from '../domain/agreement-words.ts';
import type { AnnualReportDocument, ContributionYearFigures, OtherIncomeFigure } from '../domain/documents.ts';
import { ConflictError } from '../domain/errors.ts';
import { parseYearId } from '../domain/financial-year.ts';
import { formatFinancialYear, formatMoney } from '../domain/format.ts';
import { Money } from '../domain/money.ts';
import { partnerFindingWords } from '../domain/reports.ts';
import { ROLES } from '../domain/roles.ts';
import { allPartners, getBoard } from './boards.ts';
import { type Ctx, todayOf } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps } from './ports.ts';
import { breakdownReport, contributionsReport, incomeReport, reconciliationReport, sarCostsReport } from './reports.ts';
import { previewRecharge } from './year-end.ts';
import { getYear } from './years.ts';

const SAR_KINDS: Readonly<Record<string, string>> = {
  sar: 'Safeguarding adults review',
  'rapid-review': 'Rapid review',
  dhr: 'Domestic homicide review',
  cspr: 'Child safeguarding practice review',
};

/** Reconciliation findings the report's own notes already state from its figures. */
const STATED_BY_THE_FIGURES = new Set([
  'PUBLISHED_OUTTURN',
  'PUBLISHED_TOTAL_VS_CONTRIBUTIONS',
  'BASELINES_VS_BUDGET_SET',
  'CONTRIBUTIONS_VS_OUTTURN',
  'VOID_INVOICE_NUMBER',
]);

export async function annualReport(
  deps: Pick<
    Deps,
    'agreements' | 'boards' | 'history' | 'invoices' | 'ledger' | 'lines' | 'otherIncome' | 'partners' | 'sars' | 'snapshots' | 'years'
  >,
  ctx: Ctx,
  boardId: string,
  yearId: string,
): Promise<AnnualReportDocument> {
  const year = await getYear(deps, boardId, yearId);
  if (year.source === 'history') {
    throw new ConflictError('YEAR.HISTORY', `${yearId} is recorded as history: its annual report was published before the service`);
  }
  const fy = parseYearId(yearId);
  const [board, partners, years, lines, recharge, income, breakdown, sars, contributions, reconciliation] = await Promise.all([
    getBoard(deps, boardId),
    allPartners(deps, boardId),
    everyPage((page) => deps.years.listYears(boardId, page)),
    everyPage((page) => deps.lines.listLines(boardId, yearId, page)),
    previewRecharge(deps, ctx, boardId, yearId),
    incomeReport(deps, boardId, yearId),
    breakdownReport(deps, boardId, yearId),
    sarCostsReport(deps, boardId),
    // Every year the board has, as the whole board sees them (Figure 6 is not a partner's view).
    contributionsReport(deps, ctx, ROLES, boardId),
    reconciliationReport(deps, boardId, yearId),
  ]);
  const agreement = await deps.agreements.getAgreement(boardId, yearId);
  const nameOf = (partnerId: string) => partners.find((p) => p.partnerId === partnerId)?.name ?? partnerId;
  const categoryName = (category: string) => lines.find((l) => l.category === category)?.name ?? category;
  const yearById = new Map(years.map((y) => [y.yearId, y]));
  const history = new Map(
    await Promise.all(
      contributions.years
        .filter((c) => c.basis === 'history')
        .map(async (c) => [c.yearId, await deps.history.getHistory(boardId, c.yearId)] as const),
    ),
  );

  const figure6: ContributionYearFigures[] = contributions.years.map((c) => {
    const published = c.basis === 'history' ? history.get(c.yearId)?.outturn : yearById.get(c.yearId)?.publishedOutturn;
    return {
      yearLabel: formatFinancialYear(c.yearId),
      proposed: c.basis === 'open' || c.basis === 'draft',
      budgetSet: Money.fromStored(c.budgetSet),
      partners: c.partners.map((p) => ({
        partner: nameOf(p.partnerId),
        baseline: Money.fromStored(p.baseline),
        additional: Money.fromStored(p.additional),
      })),
      ...(published ? { publishedTotal: published } : {}),
    };
  });

  return {
    boardName: board.name,
    publisher: board.name,
    yearLabel: formatFinancialYear(yearId),
    from: fy?.start ?? '',
    to: fy?.end ?? '',
    issueDate: todayOf(ctx),
    budgetSet: year.budgetSet,
    outturn: Money.fromStored(recharge.outturn),
    ...(year.publishedOutturn ? { publishedOutturn: year.publishedOutturn } : {}),
    basis: agreement
      ? `The budget of £${year.budgetSet.toDisplay()} was set for ${formatFinancialYear(yearId)}. ${agreementInWords(agreement.agreement, nameOf, categoryName)}`
      : `The budget of £${year.budgetSet.toDisplay()} was set for ${formatFinancialYear(yearId)}; no funding agreement is recorded.`,
    income: income.rows.map((r) => ({
      partner: nameOf(r.partnerId),
      baseline: Money.fromStored(r.baseline),
      additional: Money.fromStored(r.additional),
    })),
    contributions: figure6,
    expenditure: breakdown.rows.map((r) => ({ category: r.name, amount: Money.fromStored(r.amount) })),
    sarCosts: sars.cases.flatMap((c) => {
      const ofYear = c.byYear.find((y) => y.yearId === yearId);
      return ofYear ? [{ title: c.title, kind: SAR_KINDS[c.kind] ?? c.kind, amount: Money.fromStored(ofYear.total) }] : [];
    }),
    // DESIGN 10.3: other income (in kind too) and the reserve's movements of the year.
    otherIncome: income.otherIncome.rows.map((i) => ({
      source: i.source,
      kind: i.kind as OtherIncomeFigure['kind'],
      ...(i.partnerId ? { from: nameOf(i.partnerId) } : {}),
      amount: Money.fromStored(i.amount),
    })),
    reserve: {
      drawn: Money.fromStored(recharge.drawnFromReserve ?? '0.00'),
      carriedForward: Money.fromStored(recharge.carryForward),
    },
    recharge: recharge.partners.map((p) => ({
      partner: nameOf(p.partnerId),
      baseline: Money.fromStored(p.baseline),
      additional: Money.fromStored(p.additional),
      lines: p.lines.map((l) => ({ description: l.description, amount: Money.fromStored(l.amount) })),
    })),
    notes: [
      ...(recharge.status === 'preview'
        ? [`${formatFinancialYear(yearId)} is still open: the recharge is a preview of the ledger so far, not the sealed figures.`]
        : []),
      // A finding about one partner names it as the report does, never by its internal id.
      ...reconciliation.issues
        .filter((i) => i.severity !== 'info' && !STATED_BY_THE_FIGURES.has(i.code))
        .map((i) => {
          if (!i.partnerId) return i.message;
          const amounts = Object.fromEntries(Object.entries(i.amounts).map(([k, v]) => [k, Money.fromStored(v)]));
          return partnerFindingWords({ code: i.code, amounts }, nameOf(i.partnerId), formatMoney) ?? i.message;
        }),
    ],
  };
}
