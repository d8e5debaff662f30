/**
 * Other income (DESIGN 10.3): money or value a board receives besides its partners'
 * contributions: grants, training fees, other cash, and contributions in kind (seconded staff,
 * venues) that SCIE guidance asks boards to cost. Pure: no I/O.
 *
 * Like expenditure entries, income records are immutable and numbered in their year
 * (`I00000001`); a mistake is corrected by a reversal that points at the original. Cash income
 * (every kind but `in-kind`) is netted from the outturn before the variance is split; in-kind
 * income is reported (income by partner, the annual report) and never invoiced or netted.
 */
import { UnprocessableError } from './errors.ts';
import { containsDate, parseYearId } from './financial-year.ts';
import { pad } from './ledger.ts';
import { Money } from './money.ts';

export type IncomeKind = 'grant' | 'fees' | 'in-kind' | 'other';
export const INCOME_KINDS: readonly IncomeKind[] = ['grant', 'fees', 'in-kind', 'other'];

export interface OtherIncome {
  readonly boardId: string;
  readonly yearId: string;
  readonly seq: number;
  readonly incomeId: string;
  readonly date: string;
  /** Who it came from, in words ("Home Office grant", "Training fees: course 12"). */
  readonly source: string;
  readonly kind: IncomeKind;
  /** Positive; a reversal carries the original's amount negated. */
  readonly amount: Money;
  /** The partner it came from, when it came from one (a seconded officer, a venue). */
  readonly partnerId?: string;
  readonly description: string;
  /** For a reversal: the income it cancels. */
  readonly reverses?: string;
  readonly reason?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly requestId: string;
  readonly operationId?: string;
}

/** Income ids are their number in the year: `I00000007`. */
export const incomeIdOf = (seq: number): string => `I${pad(seq)}`;
export const seqOfIncomeId = (incomeId: string): number => Number(incomeId.slice(1));

/** Cash: everything but contributions in kind. */
export const isCash = (kind: IncomeKind): boolean => kind !== 'in-kind';

/** A year's other income in the two totals the engine and the reports need (reversals included). */
export function incomeTotals(items: readonly Pick<OtherIncome, 'kind' | 'amount'>[]): { cash: Money; inKind: Money } {
  let cash = Money.zero;
  let inKind = Money.zero;
  for (const i of items) {
    if (isCash(i.kind)) cash = cash.plus(i.amount);
    else inKind = inKind.plus(i.amount);
  }
  return { cash, inKind };
}

/** An income's date must fall inside its financial year. */
export function checkIncomeDate(yearId: string, date: string): void {
  const fy = parseYearId(yearId);
  if (!fy || !containsDate(fy, date)) {
    throw new UnprocessableError('INCOME.DATE_OUTSIDE_YEAR', `${date} is not in ${yearId}`, [
      { path: 'body/date', message: fy ? `must be between ${fy.start} and ${fy.end}` : 'must be inside the year' },
    ]);
  }
}

export interface IncomeSummaryRow {
  readonly kind: IncomeKind;
  readonly source: string;
  readonly partnerId?: string;
  readonly amount: Money;
}

/**
 * Income grouped for a report: by kind, source and partner, net of reversals, rows that net to
 * zero left out; largest first, then by kind, source and partner.
 */
export function summariseIncome(items: readonly OtherIncome[]): IncomeSummaryRow[] {
  const groups = new Map<string, { kind: IncomeKind; source: string; partnerId?: string; amount: Money }>();
  for (const i of items) {
    const key = JSON.stringify([i.kind, i.source, i.partnerId ?? '']);
    const g = groups.get(key) ?? { kind: i.kind, source: i.source, ...(i.partnerId ? { partnerId: i.partnerId } : {}), amount: Money.zero };
    g.amount = g.amount.plus(i.amount);
    groups.set(key, g);
  }
  return [...groups.values()]
    .filter((g) => !g.amount.isZero())
    .sort(
      (a, b) =>
        b.amount.compare(a.amount) ||
        a.kind.localeCompare(b.kind) ||
        a.source.localeCompare(b.source) ||
        (a.partnerId ?? '').localeCompare(b.partnerId ?? ''),
    );
}
