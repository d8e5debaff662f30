/**
 * The service's calendar is the UK's: "today" is the date in Europe/London, so an entry posted
 * at 00:30 BST on 1 April is dated in the new financial year, as the finance officer sees it.
 */
const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date (YYYY-MM-DD) an instant falls on in London. */
export function londonDateOf(instant: Date): string {
  return LONDON.format(instant);
}
