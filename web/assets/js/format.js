/**
 * Money and dates for display. The API sends amounts as exact decimal strings ("81305.00");
 * tables show those digits exactly, and sums are done in whole pence with BigInt, never in
 * floating point. Only chart geometry uses Number().
 */

const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;
const MINUS = '\u2212';

/** "81305.00" -> 8130500n */
export function toPence(amount) {
  const m = AMOUNT.exec(String(amount).trim());
  if (!m) throw new TypeError(`not an amount: ${amount}`);
  const pence = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -pence : pence;
}

/** 8130500n -> "81305.00" */
export function fromPence(pence) {
  const negative = pence < 0n;
  const abs = negative ? -pence : pence;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export const sum = (amounts) => fromPence(amounts.reduce((acc, a) => acc + toPence(a), 0n));
export const minus = (a, b) => fromPence(toPence(a) - toPence(b));
export const abs = (a) => fromPence(toPence(a) < 0n ? -toPence(a) : toPence(a));
export const signOf = (a) => {
  const p = toPence(a);
  return p > 0n ? 1 : p < 0n ? -1 : 0;
};

/** For chart geometry only. */
export const toNumber = (amount) => Number(amount);

const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "-8340.00" -> "−8,340.00" (a true minus sign, which screen readers say as "minus"). */
export function formatAmount(amount) {
  const text = fromPence(toPence(amount));
  const negative = text.startsWith('-');
  const [whole, pence] = (negative ? text.slice(1) : text).split('.');
  return `${negative ? MINUS : ''}${group(whole)}.${pence}`;
}

/** "-8340.00" -> "−£8,340.00" */
export function formatMoney(amount) {
  const text = formatAmount(amount);
  return text.startsWith(MINUS) ? `${MINUS}£${text.slice(1)}` : `£${text}`;
}

/** "78.0" -> "78.0%" */
export const formatPercent = (percent) => `${percent}%`;

const COMPACT = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', notation: 'compact', maximumFractionDigits: 1 });
/** Axis ticks: 225000 -> "£225K". */
export const formatCompact = (value) => COMPACT.format(value);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2025-09-30" -> "30 September 2025", without time zones getting involved. */
export function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
  if (!m) return String(iso);
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * "2025-03-31T23:30:00.000Z" -> "1 April 2025": the day an instant fell on in London, as the
 * service counts days (shared/domain/calendar.ts), not its UTC date.
 */
export function formatInstantDate(instant) {
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? String(instant) : formatDate(LONDON.format(at));
}
