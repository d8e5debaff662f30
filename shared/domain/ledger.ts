/**
 * The ledger's entities and the rules they own. Pure: no I/O, no environment.
 */
import { UnprocessableError } from './errors.ts';
import { containsDate, type FinancialYear, parseYearId } from './financial-year.ts';
import { Money } from './money.ts';

const SEQ_WIDTH = 8;

export function pad(seq: number): string {
  return String(seq).padStart(SEQ_WIDTH, '0');
}

/** Entry ids are their ledger sequence number: `E00000042`. */
export const entryIdOf = (seq: number): string => `E${pad(seq)}`;
export const seqOfEntryId = (entryId: string): number => Number(entryId.slice(1));
export const commitmentIdOf = (seq: number): string => `C${pad(seq)}`;

export interface Stamp {
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

export interface Versioned {
  /** Increases by one on every change; the ETag. */
  readonly version: number;
}

/**
 * How the board invoices (DESIGN 10.2): the legal supplier (usually the host council, not "the
 * Board"), its VAT registration, where to pay and whom to ask. Printed on every document.
 */
export interface BoardInvoicing {
  readonly issuerName: string;
  readonly issuerAddress: string;
  /** GB VAT registration number, normalised (`GB123456789`), when the issuer is registered. */
  readonly vatNumber?: string;
  readonly bank: {
    readonly accountName: string;
    /** `12-34-56`. */
    readonly sortCode: string;
    /** Eight digits. */
    readonly accountNumber: string;
  };
  readonly remittanceEmail: string;
  readonly contact: { readonly name: string; readonly email: string; readonly phone: string };
  /** Days from issue to due date. */
  readonly paymentTermsDays: number;
  /** false: the host's own share is recorded, but no invoice is addressed to itself. */
  readonly invoiceHost: boolean;
}

/** The stored form of invoicing details: `12-34-56`, eight digits, `GB123456789`. */
export function normaliseInvoicing(i: BoardInvoicing): BoardInvoicing {
  const digits = (s: string) => s.replace(/\D/g, '');
  const sort = digits(i.bank.sortCode);
  return {
    ...i,
    ...(i.vatNumber ? { vatNumber: i.vatNumber.replace(/\s/g, '').toUpperCase() } : {}),
    bank: {
      ...i.bank,
      sortCode: `${sort.slice(0, 2)}-${sort.slice(2, 4)}-${sort.slice(4, 6)}`,
      accountNumber: digits(i.bank.accountNumber),
    },
  };
}

export interface Board extends Stamp, Versioned {
  readonly boardId: string;
  readonly name: string;
  readonly invoicing?: BoardInvoicing;
  /**
   * The board's overdue reminder steps, in days past the due date, strictly increasing (at most
   * five, each 1 to 365; empty: no reminders). Absent: the default, 7 and 30 (delivery.ts).
   */
  readonly reminderDays?: readonly number[];
}

export type PartnerKind = 'statutory' | 'other';
export interface Billing {
  readonly address: string;
  readonly contact: string;
  readonly email: string;
  readonly poNumber?: string;
  /**
   * How documents reach the partner (DESIGN 10.5): `email` (the default when absent) sends
   * invoices, credit notes, statements and reminders to `email`; `none` sends nothing (the
   * partner fetches its documents itself).
   */
  readonly delivery?: DeliveryChoice;
}
export type DeliveryChoice = 'email' | 'none';
/** Whether documents are emailed to a partner. */
export const emailsDocuments = (billing: Pick<Billing, 'delivery'>): boolean => (billing.delivery ?? 'email') === 'email';
export interface Partner extends Stamp, Versioned {
  readonly boardId: string;
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly billing: Billing;
}

/** `closing` is transient: the close has stopped new entries and is sealing the ledger. */
export type YearStatus = 'draft' | 'open' | 'closing' | 'closed';
export interface Year extends Stamp, Versioned {
  readonly boardId: string;
  readonly yearId: string;
  readonly status: YearStatus;
  readonly budgetSet: Money;
  /** `ledger`: kept entry by entry here; `history`: published figures from before the service. */
  readonly source: 'ledger' | 'history';
  /**
   * Segregation of duties: who asked for the close and the ETag of the figures they were shown,
   * and the second person who approved those figures.
   */
  readonly closeRequest?: {
    readonly by: string;
    readonly at: string;
    readonly etag?: string;
    readonly approvedBy?: string;
    readonly approvedAt?: string;
  };
  /** While closing: the ETag of the approved figures, and the id of this close attempt (its fences carry it). */
  readonly closingEtag?: string;
  readonly closingId?: string;
  /** The outturn an annual report printed for this year, when it differs from what the ledger says. */
  readonly publishedOutturn?: Money;
  readonly openedAt?: string;
  readonly closedAt?: string;
  /** Hash of the closed ledger (entries and voided numbers), set when the year closes. */
  readonly sealHash?: string;
  /**
   * false when the board's invoicing said, as the year opened, not to invoice the host itself
   * (DESIGN 10.2 `invoiceHost`): the host's share is recorded but no document is addressed to it.
   * Fixed at open, so a later change of the board's details does not change a year under way.
   */
  readonly hostInvoiced?: boolean;
  /** Entry sequence numbers reserved so far. */
  readonly seq: number;
  /** Commitment sequence numbers reserved so far. */
  readonly commitSeq: number;
  /** Other-income numbers reserved so far (handed out, like entry numbers, only while open). */
  readonly incomeSeq?: number;
  /** Set when the year was made by rolling an earlier one forward (DESIGN 10.3). */
  readonly rolledForward?: { readonly from: string; readonly uplift: string; readonly operationId: string; readonly completedAt?: string };
  /**
   * Bulk imports whose entries are part of the ledger. An imported entry whose `importId` is
   * not in this set belongs to an import that has not finished, and every read ignores it.
   */
  readonly committedImports?: ReadonlySet<string>;
}

export interface BudgetLine extends Stamp, Versioned {
  readonly boardId: string;
  readonly yearId: string;
  readonly category: string;
  readonly name: string;
  /** The revised amount: the original plus virements in, less virements out (see budget.ts). */
  readonly amount: Money;
  /** The amount when the year opened (zero for a line added after); while draft, the amount itself. */
  readonly original: Money;
  /** Net virements: in minus out. */
  readonly virements: Money;
  /** Twelve monthly amounts, April to March, adding up to `amount`. */
  readonly profile?: readonly Money[];
  /** How the forecast projects the rest of the year for this line (a default applies when absent). */
  readonly forecast?: 'run-rate' | 'profile' | 'commitments';
}

export interface Entry {
  readonly boardId: string;
  readonly yearId: string;
  readonly seq: number;
  readonly entryId: string;
  readonly date: string;
  readonly category: string;
  readonly amount: Money;
  readonly supplier: string;
  readonly description: string;
  readonly sarId?: string;
  readonly reference?: string;
  /** For a reversal: the entry it cancels. */
  readonly reverses?: string;
  readonly reason?: string;
  /** The bulk import that wrote this entry; it is part of the ledger only once that import is committed. */
  readonly importId?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly requestId: string;
  /** The operation that wrote it: stable across retries with one Idempotency-Key. */
  readonly operationId?: string;
}

export interface Commitment {
  readonly boardId: string;
  readonly yearId: string;
  readonly seq: number;
  readonly commitmentId: string;
  readonly category: string;
  readonly description: string;
  readonly amount: Money;
  readonly dueDate: string;
  readonly supplier?: string;
  readonly sarId?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly operationId?: string;
  /** Increases with every release; 0 for a commitment recorded before releases existed. */
  readonly version: number;
  /** Releases and matches, oldest first. */
  readonly releases: readonly CommitmentRelease[];
  /**
   * Claims of matches to this commitment (`<entryId>#<n>`) withdrawn after their request was
   * abandoned: never shown; each withdrawal moved the version, so the abandoned append (made at
   * the version its request read) can no longer land, and the claim counts no more.
   */
  readonly withdrawnClaims?: readonly string[];
}

/**
 * Part or all of a commitment that no longer needs forecasting: released (the cost will not
 * arise) or matched to the entry that paid it (the cost is now in the actuals).
 */
export interface CommitmentRelease {
  readonly amount: Money;
  /** The entry that paid it, for a match. */
  readonly entryId?: string;
  readonly reason: string;
  /**
   * The paying entry's date for a match (before it the entry is not in the actuals, so a
   * forecast as of an earlier date still counts the commitment); the day it was recorded for a
   * release (which leaves every forecast: the cost will not arise).
   */
  readonly date: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly operationId?: string;
  /**
   * Read, never stored: the entry this match named has been reversed since, so its cost is no
   * longer in the actuals and the match no longer counts (the commitment is open again for that
   * part, and may be matched to the corrected entry).
   */
  readonly entryReversed?: true;
}

/** The ids of the entries a ledger's reversals cancel. */
export const reversedIdsOf = (entries: readonly Pick<Entry, 'reverses'>[]): Set<string> =>
  new Set(entries.flatMap((e) => (e.reverses ? [e.reverses] : [])));

/** Whether a release still counts: every release does, a match only while its entry stands. */
export const counts = (r: CommitmentRelease): boolean => r.entryReversed !== true;

/** What has been released or matched of a commitment (matches to reversed entries left out). */
export const releasedOf = (c: Pick<Commitment, 'releases'>): Money => Money.sum(c.releases.filter(counts).map((r) => r.amount));

/** The commitments with each match to an entry of `reversed` marked as no longer counting. */
export function withReversedMatches<C extends Pick<Commitment, 'releases'>>(commitments: readonly C[], reversed: ReadonlySet<string>): C[] {
  return commitments.map((c) =>
    c.releases.some((r) => r.entryId !== undefined && reversed.has(r.entryId))
      ? {
          ...c,
          releases: c.releases.map((r) =>
            r.entryId !== undefined && reversed.has(r.entryId) ? { ...r, entryReversed: true as const } : r,
          ),
        }
      : c,
  );
}

/** What is left of a commitment to forecast. */
export const remainingOf = (c: Pick<Commitment, 'amount' | 'releases'>): Money => c.amount.minus(releasedOf(c));

export type SarKind = 'sar' | 'rapid-review' | 'dhr' | 'cspr';
export type SarStatus = 'referred' | 'in-progress' | 'completed' | 'published' | 'closed';
export interface SarCase extends Stamp, Versioned {
  readonly boardId: string;
  readonly sarId: string;
  readonly title: string;
  readonly kind: SarKind;
  readonly status: SarStatus;
}

export interface SarCosts {
  readonly total: Money;
  readonly entries: number;
  readonly byYear: readonly { readonly yearId: string; readonly total: Money }[];
}

export interface HistoryContribution {
  readonly partnerId: string;
  readonly baseline: Money;
  readonly additional: Money;
}
export interface History extends Stamp, Versioned {
  readonly boardId: string;
  readonly yearId: string;
  readonly budgetSet: Money;
  readonly outturn: Money;
  readonly contributions: readonly HistoryContribution[];
}

export function financialYear(yearId: string): FinancialYear {
  const fy = parseYearId(yearId);
  if (!fy) throw new UnprocessableError('YEAR.INVALID_ID', `${yearId} is not a financial year`);
  return fy;
}

/** A budget line's monthly profile must add up to its amount. */
export function checkProfile(amount: Money, profile: readonly Money[] | undefined): void {
  if (!profile) return;
  const total = Money.sum(profile);
  if (!total.equals(amount)) {
    throw new UnprocessableError(
      'BUDGET_LINE.PROFILE_MISMATCH',
      `the monthly profile adds up to ${total.toString()}, not the line amount ${amount.toString()}`,
      [{ path: 'body/profile', message: `adds up to ${total.toString()}; expected ${amount.toString()}` }],
    );
  }
}

/**
 * An entry's date must fall inside its financial year and not after today (DESIGN 10.4: an
 * entry records spending that happened; a known future cost is a commitment). `today` is the
 * service's date in Europe/London.
 */
export function checkEntryDate(yearId: string, date: string, today: string): void {
  const fy = financialYear(yearId);
  if (!containsDate(fy, date)) {
    throw new UnprocessableError('ENTRY.DATE_OUTSIDE_YEAR', `${date} is not in ${yearId} (${fy.start} to ${fy.end})`, [
      { path: 'body/date', message: `must be between ${fy.start} and ${fy.end}` },
    ]);
  }
  if (date > today) {
    throw new UnprocessableError(
      'ENTRY.DATE_IN_FUTURE',
      `${date} is after today (${today}); record spending once it has happened, or a known future cost as a commitment`,
      [{ path: 'body/date', message: `must not be after today (${today})` }],
    );
  }
}

/**
 * A supplier reference as compared for duplicates: case, spaces and punctuation apart
 * (`INV-0042`, `inv 0042` and `INV0042` are one reference). Empty when nothing is left.
 */
export function normaliseReference(reference: string): string {
  return reference
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Totals SAR-tagged amounts by year, in year order. */
export function rollUpSarCosts(rows: readonly { yearId: string; amount: Money }[]): SarCosts {
  const byYear = new Map<string, Money>();
  for (const r of rows) byYear.set(r.yearId, (byYear.get(r.yearId) ?? Money.zero).plus(r.amount));
  const years = [...byYear.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([yearId, total]) => ({ yearId, total }));
  return { total: Money.sum(years.map((y) => y.total)), entries: rows.length, byYear: years };
}
