/**
 * The outturn forecast (DESIGN section 5): where each budget line will end the year, as of a
 * date. Pure. Projected outturn = actual to date + open commitments + the rest of the year by
 * the line's method:
 *  - `run-rate`: the average monthly spend so far, for each remaining month;
 *  - `profile`: the line's monthly profile for the remaining months (an even profile of the
 *    budget when the line has none);
 *  - `commitments`: nothing beyond the known commitments (for lumpy costs such as reviews).
 * Defaults: staffing by profile, SARs by commitments, everything else by run-rate.
 * Commitments are open while their due date is after the as-of date; record as commitments only
 * costs a run-rate or profile would not already foresee, or they count twice.
 */
import { fiscalMonthIndex, parseYearId } from './financial-year.ts';
import { Decimal, type DecimalValue, Money } from './money.ts';

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

export interface ForecastInput {
  readonly yearId: string;
  readonly asOf: string;
  readonly lines: readonly ForecastLine[];
  readonly entries: readonly { readonly date: string; readonly category: string; readonly amount: Money }[];
  readonly commitments: readonly { readonly dueDate: string; readonly category: string; readonly amount: Money }[];
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

/** Rounds an exact decimal number of pounds to the penny, half up. */
function toMoney(d: DecimalValue): Money {
  return Money.fromStored(d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
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
    const method = line?.method ?? defaultMethod(category);
    const budget = line?.amount ?? Money.zero;
    const actual = Money.sum(input.entries.filter((e) => e.category === category && e.date <= asOf).map((e) => e.amount));
    const commitments = Money.sum(input.commitments.filter((c) => c.category === category && c.dueDate > asOf).map((c) => c.amount));
    let rest = Money.zero;
    if (method === 'run-rate') {
      rest = toMoney(actual.toDecimal().dividedBy(monthsElapsed).times(remaining));
    } else if (method === 'profile') {
      rest = line?.profile ? Money.sum(line.profile.slice(monthsElapsed)) : toMoney(budget.toDecimal().times(remaining).dividedBy(12));
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
  return part.toDecimal().times(100).dividedBy(whole.toDecimal()).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);
}
