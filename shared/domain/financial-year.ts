/**
 * UK public-sector financial years run 1 April to 31 March and are named `2024-25`.
 */
export const YEAR_ID_PATTERN = /^(20\d{2})-(\d{2})$/;

export interface FinancialYear {
  readonly id: string;
  /** First day, ISO date (YYYY-04-01). */
  readonly start: string;
  /** Last day, ISO date (YYYY+1-03-31). */
  readonly end: string;
}

/** Returns the year for a valid id such as `2024-25`, or undefined (e.g. `2024-26`, `1999-00`). */
export function parseYearId(id: string): FinancialYear | undefined {
  const m = YEAR_ID_PATTERN.exec(id);
  if (!m) return undefined;
  const first = Number(m[1]);
  const second = Number(m[2]);
  if ((first + 1) % 100 !== second) return undefined;
  return { id, start: `${first}-04-01`, end: `${first + 1}-03-31` };
}

export function isValidYearId(id: string): boolean {
  return parseYearId(id) !== undefined;
}

/** The financial year containing an ISO date. */
export function yearIdOf(isoDate: string): string {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  const first = m >= 4 ? y : y - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

export function containsDate(year: FinancialYear, isoDate: string): boolean {
  return isoDate >= year.start && isoDate <= year.end;
}

/** The year after `id` (`2024-25` -> `2025-26`). */
export function nextYearId(id: string): string {
  const first = Number(id.slice(0, 4)) + 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/** Month index within the financial year (April = 0 ... March = 11) of an ISO date. */
export function fiscalMonthIndex(isoDate: string): number {
  const m = Number(isoDate.slice(5, 7));
  return (m + 8) % 12;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
