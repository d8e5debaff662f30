/**
 * How figures and dates are written for people on the documents a partner's accounts payable
 * reads (invoices, credit notes, statements, the annual report). Pure: no locale data, no
 * clock, no floats, so a document renders the same on a laptop and in Lambda.
 *
 * The wire keeps ISO dates and plain decimals; UK readers get `26 November 2026`,
 * `£1,234.56` and `-£1,234.56` (the sign before the pound sign, as UK finance writes it).
 */
import { isIsoDate } from './financial-year.ts';
import type { Money } from './money.ts';

export class FormatError extends Error {}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** `2026-11-26` -> `26 November 2026`. Refuses anything that is not a real calendar date. */
export function formatUkDate(isoDate: string): string {
  if (!isIsoDate(isoDate)) throw new FormatError(`not a date: ${JSON.stringify(isoDate)}`);
  const day = Number(isoDate.slice(8, 10));
  const month = MONTHS[Number(isoDate.slice(5, 7)) - 1];
  return `${day} ${month} ${isoDate.slice(0, 4)}`;
}

/** `2024-04-01` -> `April 2024`: a month in words, for periods ("April 2024 to March 2025"). */
export function formatUkMonth(isoDate: string): string {
  return formatUkDate(isoDate).replace(/^\d+ /, '');
}

/** Pounds with thousands separators and pence, the sign first: `£1,234.56`, `-£1,234.56`, `£0.00`. */
export function formatMoney(amount: Money): string {
  const digits = amount.abs().toDisplay();
  return amount.isNegative() ? `-£${digits}` : `£${digits}`;
}

/** Whole pounds for a chart label: `£81,305`, `-£214` (rounded half up; pence are in the tables). */
export function formatWholePounds(amount: Money): string {
  const whole = amount.toDecimal().toDecimalPlaces(0);
  const grouped = whole
    .abs()
    .toFixed(0)
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return whole.isNegative() && !whole.isZero() ? `-£${grouped}` : `£${grouped}`;
}

/**
 * A part as a percentage of a whole, to `places` decimals, half up: `78.0%`. An empty whole
 * has no percentages (`-`), never a division by zero.
 */
export function formatPercent(part: Money, whole: Money, places = 1): string {
  if (whole.isZero()) return '-';
  const pct = part.toDecimal().times(100).dividedBy(whole.toDecimal()).toDecimalPlaces(places);
  return `${pct.toFixed(places)}%`;
}

/** `123456`, `12 34 56` or `12-34-56` -> `12-34-56`. A UK sort code is six digits. */
export function formatSortCode(text: string): string {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(digits)) throw new FormatError(`not a sort code: ${JSON.stringify(text)}`);
  return `${digits.slice(0, 2)}-${digits.slice(2, 4)}-${digits.slice(4, 6)}`;
}

/** A UK bank account number: eight digits (spaces ignored). */
export function formatAccountNumber(text: string): string {
  const digits = text.replace(/\s/g, '');
  if (!/^\d{8}$/.test(digits)) throw new FormatError(`not an account number: ${JSON.stringify(text)}`);
  return digits;
}

/**
 * A UK VAT registration number as HMRC prints it: `GB999999973` -> `GB 999 9999 73`, a branch
 * number `GB 999 9999 73 001`; government departments and health authorities (`GBGD001`,
 * `GBHA599`) as they are. Anything else is printed as given: it is the legal identifier.
 */
export function formatVatNumber(text: string): string {
  const compact = text.replace(/\s/g, '').toUpperCase();
  const m = /^GB(\d{3})(\d{4})(\d{2})(\d{3})?$/.exec(compact);
  if (m) return ['GB', m[1], m[2], m[3], m[4]].filter(Boolean).join(' ');
  if (/^GB(GD|HA)\d{3}$/.test(compact)) return compact;
  return text.trim();
}

/** `2024-25` -> `2024/25`, how UK public bodies write a financial year. */
export function formatFinancialYear(yearId: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(yearId);
  if (!m) throw new FormatError(`not a financial year: ${JSON.stringify(yearId)}`);
  return `${m[1]}/${m[2]}`;
}

/** `30` -> `30 days`; `1` -> `1 day`. */
export function formatDays(days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new FormatError(`not a number of days: ${days}`);
  return days === 1 ? '1 day' : `${days} days`;
}
