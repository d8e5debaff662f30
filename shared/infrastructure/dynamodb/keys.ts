/**
 * Every key of the single table is composed here and nowhere else.
 *
 *   pk = B#<board>                sk = BOARD | PARTNER#<p> | SAR#<s> | YEAR#<y>
 *   pk = B#<board>#Y#<year>       sk = LINE#<category> | HISTORY | ENTRY#<seq> | REVERSED#<entryId> | COMMIT#<seq>
 *                                      | IMPORT#<importId> | INCOME#<seq> | INCOMEREV#<incomeId>
 *                                      | MATCHED#<entryId>#<n>   (claims of commitments' matches on an entry)
 *   gsi1pk = B#<board>#SARCOST    gsi1sk = <sarId>#<year>#<entryId>      (SAR-tagged entries only)
 *   pk = B#<board>#P#<partner>    sk = INV#<invoiceId>   (invoices and credit notes of the partner)
 *   pk = B#<board>                sk = INVCOUNTER | INVNO#<n> | CNCOUNTER | CNNO#<n>   (the two number series)
 *   pk = B#<board>#Y#<year>       sk = VIREMENTS                           (the year's virements, one item)
 *   pk = B#<board>#Y#<year>#REFS  sk = REFS#<2 hex>                        (supplier references, 256 buckets)
 *
 * Expenditure entries are keyed by a sequence number reserved on the year item under the
 * condition that the year is open. That makes the year item the fence for its ledger:
 * a closer that has stopped reservations can void any reserved-but-unwritten number by
 * writing a tombstone under the very key the entry would have used.
 *
 * A bulk import reserves a contiguous block of those numbers in one update, writes each row
 * under its number carrying the import's id, and becomes visible with one update of the year
 * item that adds the id to its `committedImports` set (see application/import.ts).
 */
export interface Key {
  readonly pk: string;
  readonly sk: string;
}

import { pad } from '../../domain/ledger.ts';

export const boardPk = (boardId: string): string => `B#${boardId}`;
export const yearPk = (boardId: string, yearId: string): string => `B#${boardId}#Y#${yearId}`;

export const PREFIX = {
  partner: 'PARTNER#',
  sar: 'SAR#',
  year: 'YEAR#',
  line: 'LINE#',
  entry: 'ENTRY#',
  reversed: 'REVERSED#',
  commitment: 'COMMIT#',
  import: 'IMPORT#',
  /** Other income, numbered on the year item like entries. */
  income: 'INCOME#',
  incomeReversed: 'INCOMEREV#',
  /** A commitment's claim on part of the entry that paid it, numbered per entry. */
  matchClaim: 'MATCHED#',
} as const;

export const keys = {
  board: (boardId: string): Key => ({ pk: boardPk(boardId), sk: 'BOARD' }),
  partner: (boardId: string, partnerId: string): Key => ({ pk: boardPk(boardId), sk: `${PREFIX.partner}${partnerId}` }),
  sar: (boardId: string, sarId: string): Key => ({ pk: boardPk(boardId), sk: `${PREFIX.sar}${sarId}` }),
  year: (boardId: string, yearId: string): Key => ({ pk: boardPk(boardId), sk: `${PREFIX.year}${yearId}` }),
  budgetLine: (boardId: string, yearId: string, category: string): Key => ({
    pk: yearPk(boardId, yearId),
    sk: `${PREFIX.line}${category}`,
  }),
  history: (boardId: string, yearId: string): Key => ({ pk: yearPk(boardId, yearId), sk: 'HISTORY' }),
  entry: (boardId: string, yearId: string, seq: number): Key => ({ pk: yearPk(boardId, yearId), sk: `${PREFIX.entry}${pad(seq)}` }),
  reversalMarker: (boardId: string, yearId: string, entryId: string): Key => ({
    pk: yearPk(boardId, yearId),
    sk: `${PREFIX.reversed}${entryId}`,
  }),
  /** The n-th claim on an entry by a commitment matched to it: one conditional put each, so claims are serialised per entry. */
  matchClaim: (boardId: string, yearId: string, entryId: string, n: number): Key => ({
    pk: yearPk(boardId, yearId),
    sk: `${PREFIX.matchClaim}${entryId}#${pad(n)}`,
  }),
  agreement: (boardId: string, yearId: string): Key => ({ pk: yearPk(boardId, yearId), sk: 'AGREEMENT' }),
  /** The close's record of its inputs and result, written once. */
  snapshot: (boardId: string, yearId: string): Key => ({ pk: yearPk(boardId, yearId), sk: 'SNAPSHOT' }),
  commitment: (boardId: string, yearId: string, seq: number): Key => ({
    pk: yearPk(boardId, yearId),
    sk: `${PREFIX.commitment}${pad(seq)}`,
  }),
  sarCostIndex: (boardId: string, sarId: string, yearId: string, entryId: string) => ({
    gsi1pk: `${boardPk(boardId)}#SARCOST`,
    gsi1sk: `${sarId}#${yearId}#${entryId}`,
  }),
  sarCostPk: (boardId: string): string => `${boardPk(boardId)}#SARCOST`,
  /**
   * The year's virements, one item: a virement is one conditional append, so both of its sides
   * move at once and two virements from one line are serialised by the item's version.
   */
  virements: (boardId: string, yearId: string): Key => ({ pk: yearPk(boardId, yearId), sk: 'VIREMENTS' }),
  /**
   * A bucket of the year's supplier references (normalised reference -> entry id), outside the
   * year's partition so that reading the ledger does not read them. 256 buckets by the first
   * byte of the reference's SHA-256: a post updates one small item, an import one per bucket.
   */
  referenceBucket: (boardId: string, yearId: string, bucket: string): Key => ({
    pk: `${yearPk(boardId, yearId)}#REFS`,
    sk: `REFS#${bucket}`,
  }),
  /** A bulk import's record: its rows' count and total, and the first number of its block. */
  importRecord: (boardId: string, yearId: string, importId: string): Key => ({
    pk: yearPk(boardId, yearId),
    sk: `${PREFIX.import}${importId}`,
  }),
  /** Other income under its number, reserved on the year item while the year is open. */
  income: (boardId: string, yearId: string, seq: number): Key => ({ pk: yearPk(boardId, yearId), sk: `${PREFIX.income}${pad(seq)}` }),
  /** Claims the one reversal of an income record. */
  incomeReversalMarker: (boardId: string, yearId: string, incomeId: string): Key => ({
    pk: yearPk(boardId, yearId),
    sk: `${PREFIX.incomeReversed}${incomeId}`,
  }),
};

/** Partner-owned records (invoices) live under the partner's own partition key. */
export const partnerPk = (boardId: string, partnerId: string): string => `B#${boardId}#P#${partnerId}`;

/** Invoice numbers and credit-note numbers are two series, each with its counter and reservations. */
export type NumberSeries = 'INV' | 'CN';

export const invoiceKeys = {
  /** Invoices and credit notes alike, so one query reads all of a partner's documents. */
  invoice: (boardId: string, partnerId: string, invoiceId: string): Key => ({ pk: partnerPk(boardId, partnerId), sk: `INV#${invoiceId}` }),
  /** The board's counter of a series (`INVCOUNTER`, `CNCOUNTER`). */
  counter: (boardId: string, series: NumberSeries = 'INV'): Key => ({ pk: boardPk(boardId), sk: `${series}COUNTER` }),
  /** Which document a number of a series went to, or that it was voided: every number is accounted for. */
  reservation: (boardId: string, n: number, series: NumberSeries = 'INV'): Key => ({ pk: boardPk(boardId), sk: `${series}NO#${pad(n)}` }),
  reservationPrefixOf: (series: NumberSeries): string => `${series}NO#`,
  reservationPrefix: 'INVNO#',
  invoicePrefix: 'INV#',
};

/**
 * The audit trail: one partition per board and month, sorted by the change's time, then its
 * request, then the change's number in that request (see store.ts `lastChange`). A change's
 * key comes from the stamp on the changed item, so the stream writer computes the same key
 * however often a change record is delivered, and writes it once.
 */
export const auditKeys = {
  monthPk: (boardId: string, month: string): string => `${boardPk(boardId)}#AUDIT#${month}`,
  change: (boardId: string, at: string, requestId: string, n: string): Key => ({
    pk: `${boardPk(boardId)}#AUDIT#${at.slice(0, 7)}`,
    sk: `${at}#${requestId}#${n}`,
  }),
  /** A change without a (well-formed) stamp, a deletion: keyed by its time and the stream record's id. */
  byEvent: (boardId: string, at: string, what: 'removed' | 'unattributed', eventId: string): Key => ({
    pk: `${boardPk(boardId)}#AUDIT#${at.slice(0, 7)}`,
    sk: `${at}#${what}#${eventId}`,
  }),
  /** True for a key of an audit partition (audit records are never audited themselves). */
  isAudit: (pk: string): boolean => /^B#[^#]+#AUDIT#/.test(pk),
  /** The board a key belongs to, if any. */
  boardOf: (pk: string): string | undefined => /^B#([^#]+)/.exec(pk)?.[1],
};

/**
 * Email delivery (DESIGN 10.5), in the partner's partition beside its documents:
 *
 *   pk = B#<board>#P#<partner>   sk = MAIL#<documentId>.<purpose>   an outbox item (a document's delivery)
 *                                sk = REMIND#<invoiceId>            the reminder scan's watch of an invoice
 *   gsi1pk = MAIL#DUE            gsi1sk = <due ISO time>#<board>#<partner>#<outboxId>   (open items only)
 *   gsi1pk = MAIL#REMIND         gsi1sk = <next check date>#<board>#<partner>#<invoiceId> (watching only)
 *
 * The index entries are sparse: an item leaves the index when it is final, a watch when it is
 * finished. The sender and the scan find work by the index and read each item consistently.
 */
export const mailKeys = {
  outbox: (boardId: string, partnerId: string, outboxId: string): Key => ({ pk: partnerPk(boardId, partnerId), sk: `MAIL#${outboxId}` }),
  /** Every delivery of one document: ids are `<documentId>.<purpose>`, and document ids hold no dot. */
  documentPrefix: (documentId: string): string => `MAIL#${documentId}.`,
  outboxPrefix: 'MAIL#',
  watch: (boardId: string, partnerId: string, invoiceId: string): Key => ({ pk: partnerPk(boardId, partnerId), sk: `REMIND#${invoiceId}` }),
  watchPrefix: 'REMIND#',
  duePk: 'MAIL#DUE',
  dueSk: (at: string, boardId: string, partnerId: string, outboxId: string): string => `${at}#${boardId}#${partnerId}#${outboxId}`,
  watchPk: 'MAIL#REMIND',
  watchSk: (date: string, boardId: string, partnerId: string, invoiceId: string): string => `${date}#${boardId}#${partnerId}#${invoiceId}`,
  /** The partner of a partner partition key. */
  partnerOfPk: (pk: string): { boardId: string; partnerId: string } | undefined => {
    const m = /^B#([^#]+)#P#([^#]+)$/.exec(pk);
    return m ? { boardId: m[1] as string, partnerId: m[2] as string } : undefined;
  },
};
