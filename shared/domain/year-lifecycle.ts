/**
 * The year's lifecycle as one pure rule: which phase a year is in, and which changes each
 * phase accepts. Every use case that records or changes something of a year asks here first
 * (DESIGN sections 4 and 10.4), so the answer, and the stable code of a refusal, is the same
 * everywhere:
 *
 * | phase               | entries | commitments | figures (budget set, lines, virements, agreement, other income) | history |
 * | ------------------- | ------- | ----------- | ----------------------------------------------------------------- | ------- |
 * | draft               | no      | yes         | yes (virements no: change the lines themselves)                  | if no ledger yet |
 * | open                | yes     | yes         | yes                                                               | no      |
 * | awaiting approval   | yes     | yes         | no: YEAR.AWAITING_APPROVAL                                        | no      |
 * | closing             | no      | no          | no: YEAR.CLOSING                                                  | no      |
 * | closed              | no      | no          | no: YEAR.CLOSED                                                   | no (a ledger) |
 * | history             | no      | no          | no: YEAR.HISTORY                                                  | yes     |
 *
 * Entries stay open while a close awaits approval (late invoices keep arriving): the approval
 * names the figures it seals (their ETag), so an entry posted in between makes it fail with 412
 * rather than slipping in unseen, and the requester asks again. The figures themselves (budget
 * set, lines, virements, agreement, other income) are frozen from the request on: those are what
 * the requester put forward for approval.
 *
 * Pure: no I/O. The check is made against the year as read; the write that follows is made safe
 * against a close starting meanwhile by the fences described in application/close-binding.ts.
 */
import { ConflictError } from './errors.ts';
import type { Year } from './ledger.ts';

export type YearPhase = 'draft' | 'open' | 'awaiting-approval' | 'closing' | 'closed' | 'history';

/** What a use case is about to change. */
export type YearChange =
  /** Post, reverse or import expenditure. */
  | 'entries'
  /** Record, release or match commitments (forecasting only: not part of the sealed figures). */
  | 'commitments'
  /** The figures a close seals. */
  | 'budget-set'
  | 'budget-lines'
  | 'virements'
  | 'agreement'
  | 'other-income'
  /** Published figures of a year from before the service. */
  | 'history';

/** The figures a close seals: changing any of them moves the close's ETag. */
export const FIGURE_CHANGES: readonly YearChange[] = ['budget-set', 'budget-lines', 'virements', 'agreement', 'other-income'];

export type YearState = Pick<Year, 'yearId' | 'status' | 'source'> & {
  readonly closeRequest?: Pick<NonNullable<Year['closeRequest']>, 'by'> | undefined;
  /** Entry numbers reserved so far (a draft year with none may still become history). */
  readonly seq?: number;
};

export function phaseOf(year: YearState): YearPhase {
  if (year.source === 'history') return 'history';
  if (year.status === 'open') return year.closeRequest ? 'awaiting-approval' : 'open';
  return year.status;
}

const WHAT: Record<YearChange, string> = {
  entries: 'expenditure',
  commitments: 'commitments',
  'budget-set': 'budget set',
  'budget-lines': 'budget lines',
  virements: 'virements',
  agreement: 'agreement',
  'other-income': 'other income',
  history: 'published figures',
};

/** Why the year does not accept the change, or undefined when it does. */
export function refusal(year: YearState, change: YearChange): ConflictError | undefined {
  const phase = phaseOf(year);
  const id = year.yearId;
  const what = WHAT[change];
  const figures = FIGURE_CHANGES.includes(change);
  switch (phase) {
    case 'draft':
      if (change === 'entries') return new ConflictError('YEAR.NOT_OPEN', `${id} is a draft; open it before recording ${what}`);
      if (change === 'virements')
        return new ConflictError(
          'YEAR.NOT_OPEN',
          `${id} is a draft: change its budget lines directly; virements move budget once the year is open`,
        );
      if (change === 'history' && (year.seq ?? 0) > 0)
        return new ConflictError('YEAR.HAS_LEDGER', `${id} is kept as a ledger here; it cannot be replaced by published figures`);
      return undefined;
    case 'open':
      if (change === 'history')
        return new ConflictError('YEAR.HAS_LEDGER', `${id} is kept as a ledger here; it cannot be replaced by published figures`);
      return undefined;
    case 'awaiting-approval':
      if (change === 'entries' || change === 'commitments') return undefined;
      if (figures || change === 'history')
        return new ConflictError(
          'YEAR.AWAITING_APPROVAL',
          `${id} awaits approval of its close (asked by ${year.closeRequest?.by ?? 'a finance officer'}): its ${what} cannot change, because the approval seals the figures that were asked for`,
        );
      return undefined;
    case 'closing':
      if (change === 'entries')
        return new ConflictError('YEAR.NOT_OPEN', `${id} is closing; expenditure can only be recorded in an open year`);
      return new ConflictError('YEAR.CLOSING', `${id} is closing: its ${what} can no longer change`);
    case 'closed':
      if (change === 'entries')
        return new ConflictError('YEAR.NOT_OPEN', `${id} is closed; expenditure can only be recorded in an open year`);
      if (change === 'history')
        return new ConflictError('YEAR.HAS_LEDGER', `${id} is kept as a ledger here; it cannot be replaced by published figures`);
      return new ConflictError('YEAR.CLOSED', `${id} is closed: its ${what} can no longer change`);
    case 'history':
      if (change === 'history') return undefined;
      return new ConflictError('YEAR.HISTORY', `${id} is recorded as history (published figures); it has no ${what}`);
  }
}

/** Throws the refusal (a 409 with a stable code) when the year does not accept the change. */
export function assertYearAllows(year: YearState, change: YearChange): void {
  const why = refusal(year, change);
  if (why) throw why;
}
