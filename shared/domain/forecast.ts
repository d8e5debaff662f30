/**
 * The outturn forecast (DESIGN section 5): where each budget line will end the year, as of a
 * date. Pure. Projected outturn = actual to date + open commitments + the rest of the year by
 * the line's method:
 *  - `run-rate`: the average monthly spend so far, for each remaining month;
 *  - `profile`: the line's monthly profile for the remaining months (an even profile of the
 *    budget when the line has none); when virements have moved the line away from the total
 *    its profile adds up to, the profile keeps its shape and is scaled to the revised budget;
 *  - `commitments`: nothing beyond the known commitments (for lumpy costs such as reviews).
 * A line's own `forecast` method wins; otherwise a line with a monthly profile is projected by
 * it, and without one the defaults are: staffing by profile, SARs by commitments, everything
 * else by run-rate.
 * Commitments are open while their due date is after the as-of date, for what is left of them:
 * a release (the cost will not arise) takes its amount out of every forecast; a match takes it
 * out from the date of the entry that paid it, from when that entry is in the actuals, so a
 * paid commitment is counted once, before its payment and after.
 * Record as commitments only costs a run-rate or profile would not already foresee, or they
 * count twice.
 */
import { fiscalMonthIndex, parseYearId } from './financial-year.ts';
import { Money } from './money.ts';

export type ForecastMethod = 'run-rate' | 'profile' | 'commitments';
export const FORECAST_METHODS: readonly ForecastMethod[] = ['run-rate', 'profile', 'commitments'];

export function defaultMethod(category: string): ForecastMethod {
  if (category === 'staffing') return 'profile';
  if (category === 'sar') return 'commitments';
  return 'run-rate';
}

export interface ForecastLine {
  readonly category: string;
  readonly name: string;
  readonly amount: Money;
  readonly profile?: readonly Money[];
  readonly method?: ForecastMethod;
}

export interface ForecastCommitment {
  readonly dueDate: string;
  readonly category: string;
  readonly amount: Money;
  /** Released or matched parts: a release always leaves the forecast, a match from `paidOn` (the paying entry's date). */
  readonly releases?: readonly { readonly amount: Money; readonly paidOn?: string }[];
}

export interface ForecastInput {
  readonly yearId: string;
  readonly asOf: string;
  readonly lines: readonly ForecastLine[];
  readonly entries: readonly { readonly date: string; readonly category: string; readonly amount: Money }[];
  readonly commitments: readonly ForecastCommitment[];
}

/** A line's method: its own, else its profile's when it has one, else the category's default. */
export function methodOf(line: Pick<ForecastLine, 'category' | 'profile' | 'method'>): ForecastMethod {
  return line.method ?? (line.profile ? 'profile' : defaultMethod(line.category));
}

/** What is left of a commitment as of a date: its amount less its releases, and less the matches paid on or before it. */
export function openAmountOf(c: ForecastCommitment, asOf: string): Money {
  const released = Money.sum((c.releases ?? []).filter((r) => r.paidOn === undefined || r.paidOn <= asOf).map((r) => r.amount));
  return c.amount.minus(released);
}

/** The profile's remaining months, scaled to the budget when the profile adds up to something else. */
function profileRest(profile: readonly Money[], budget: Money, monthsElapsed: number): Money {
  const rest = Money.sum(profile.slice(monthsElapsed));
  const whole = Money.sum(profile);
  if (whole.equals(budget)) return rest;
  if (whole.isZero())
    return Money.round(
      budget
        .toDecimal()
        .times(12 - monthsElapsed)
        .dividedBy(12),
    );
  return Money.round(budget.toDecimal().times(rest.toDecimal()).dividedBy(whole.toDecimal()));
}

export interface CategoryForecast {
  readonly category: string;
  readonly name: string;
  readonly method: ForecastMethod;
  readonly budget: Money;
  readonly actual: Money;
  readonly commitments: Money;
  /** What the method expects for the rest of the year, beyond actuals and commitments. */
  readonly rest: Money;
  readonly projected: Money;
  /** projected − budget: positive is an overspend. */
  readonly variance: Money;
}

export interface Forecast {
  readonly yearId: string;
  readonly asOf: string;
  /** Months of the year up to and including the as-of month (1..12). */
  readonly monthsElapsed: number;
  readonly categories: readonly CategoryForecast[];
  readonly totals: {
    readonly budget: Money;
    readonly actual: Money;
    readonly commitments: Money;
    readonly rest: Money;
    readonly projected: Money;
    readonly variance: Money;
  };
}

/** The as-of date clamped into the year. */
export function clampToYear(yearId: string, date: string): string {
  const fy = parseYearId(yearId);
  if (!fy) return date;
  return date < fy.start ? fy.start : date > fy.end ? fy.end : date;
}

/** The last day of the month of an ISO date. */
export function monthEnd(date: string): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

export function forecastYear(input: ForecastInput): Forecast {
  const asOf = clampToYear(input.yearId, input.asOf);
  const monthsElapsed = fiscalMonthIndex(asOf) + 1;
  const remaining = 12 - monthsElapsed;
  const categories = [...new Set([...input.lines.map((l) => l.category), ...input.entries.map((e) => e.category)])].sort();
  const byCategory = new Map(input.lines.map((l) => [l.category, l]));

  const rows: CategoryForecast[] = categories.map((category) => {
    const line = byCategory.get(category);
    const method = line ? methodOf(line) : defaultMethod(category);
    const budget = line?.amount ?? Money.zero;
    const actual = Money.sum(input.entries.filter((e) => e.category === category && e.date <= asOf).map((e) => e.amount));
    const commitments = Money.sum(
      input.commitments.filter((c) => c.category === category && c.dueDate > asOf).map((c) => openAmountOf(c, asOf)),
    );
    let rest = Money.zero;
    if (method === 'run-rate') {
      rest = Money.round(actual.toDecimal().dividedBy(monthsElapsed).times(remaining));
    } else if (method === 'profile') {
      rest = line?.profile
        ? profileRest(line.profile, budget, monthsElapsed)
        : Money.round(budget.toDecimal().times(remaining).dividedBy(12));
    }
    const projected = actual.plus(commitments).plus(rest);
    return {
      category,
      name: line?.name ?? category,
      method,
      budget,
      actual,
      commitments,
      rest,
      projected,
      variance: projected.minus(budget),
    };
  });

  const total = (f: (r: CategoryForecast) => Money) => Money.sum(rows.map(f));
  return {
    yearId: input.yearId,
    asOf,
    monthsElapsed,
    categories: rows,
    totals: {
      budget: total((r) => r.budget),
      actual: total((r) => r.actual),
      commitments: total((r) => r.commitments),
      rest: total((r) => r.rest),
      projected: total((r) => r.projected),
      variance: total((r) => r.variance),
    },
  };
}

/** "78.0": a part as a percentage of a whole, to one decimal place (half up); "0.0" of nothing. */
export function percentOf(part: Money, whole: Money): string {
  if (whole.isZero()) return '0.0';
  return part.toDecimal().times(100).dividedBy(whole.toDecimal()).toFixed(1);
}
