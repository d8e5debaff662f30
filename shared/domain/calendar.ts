/**
 * The service's calendar is the UK's: "today" is the date in Europe/London, so an entry posted
 * at 00:30 BST on 1 April is dated in the new financial year, as the finance officer sees it.
 */
let london: Intl.DateTimeFormat | undefined;

/** The date (YYYY-MM-DD) an instant falls on in London. */
export function londonDateOf(instant: Date): string {
  // Made on first use: the first formatter with a time zone loads the zone's data (about 5 ms),
  // which a function that never asks for a date should not pay at every cold start.
  london ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  return london.format(instant);
}
