/**
 * The ports of the application: what a use case needs from storage and the outside world,
 * as interfaces the application owns. The DynamoDB repositories implement them
 * (shared/infrastructure/dynamodb), one repository per aggregate; tests implement them in
 * memory (test/helpers/fakes.ts). No use case imports an adapter.
 *
 * Every write takes the {@link WriteMeta} of the request it acts for: who, which request,
 * when, and the operation (stable across retries with one Idempotency-Key), which records
 * carry so that a retry recognises its own earlier writes.
 *
 * Conditional writes that find the item not as expected throw `ConditionFailed` (a domain
 * error); use cases turn it into the precise answer.
 */
import type { AgreementWire } from '../domain/agreement.ts';
import type { StoredLine, Virement } from '../domain/budget.ts';
import type { DeliveryPolicy, OutboxItem, ReminderWatch } from '../domain/delivery.ts';
import type { InvoiceDocument, StatementDocument } from '../domain/documents.ts';
import type { Sheet } from '../domain/import.ts';
import type { Invoice, Series } from '../domain/invoice.ts';
import type {
  Board,
  BudgetLine,
  Commitment,
  CommitmentRelease,
  Entry,
  History,
  Partner,
  SarCase,
  Stamp,
  Versioned,
  Year,
} from '../domain/ledger.ts';
import type { Money } from '../domain/money.ts';
import type { OtherIncome } from '../domain/other-income.ts';
import type { DocumentFigures, Statement } from '../domain/receivables.ts';

/** Who is writing and on behalf of which request; stamped on items and the audit trail. */
export interface WriteMeta {
  readonly actor: string;
  readonly requestId: string;
  /** ISO timestamp of the request. */
  readonly at: string;
  /**
   * The operation the request performs: the same for every retry with one Idempotency-Key
   * (the request id otherwise). Records a request creates carry it.
   */
  readonly operationId?: string;
}

/** One page of a list: the items and, when more may follow, the position to continue after. */
export interface Page<T> {
  readonly items: T[];
  /** Opaque to the application: where the next page starts (exclusive). */
  readonly last?: string;
}

export interface ListArgs {
  readonly limit: number;
  /** A position a previous page answered as `last`. */
  readonly after?: string;
}

// ------------------------------------------------------------------ board partition

export interface BoardsPort {
  getBoard(boardId: string): Promise<Board | undefined>;
  createBoard(meta: WriteMeta, boardId: string, fields: Pick<Board, 'name' | 'invoicing' | 'reminderDays'>): Promise<Board>;
  /** Replaces the board's name and invoicing details (absent: removed), if still at its version. */
  updateBoard(meta: WriteMeta, board: Board, fields: Pick<Board, 'name' | 'invoicing' | 'reminderDays'>): Promise<Board>;
}

export type NewPartner = Omit<Partner, 'version' | keyof Stamp>;

export interface PartnersPort {
  getPartner(boardId: string, partnerId: string): Promise<Partner | undefined>;
  createPartner(meta: WriteMeta, p: NewPartner): Promise<Partner>;
  updatePartner(meta: WriteMeta, current: Partner, fields: Pick<Partner, 'name' | 'kind' | 'billing'>): Promise<Partner>;
  listPartners(boardId: string, page: ListArgs): Promise<Page<Partner>>;
}

/** One SAR-tagged amount, from the cost index. */
export interface SarCostRow {
  readonly sarId: string;
  readonly yearId: string;
  readonly amount: Money;
}

export interface SarsPort {
  getSar(boardId: string, sarId: string): Promise<SarCase | undefined>;
  createSar(meta: WriteMeta, c: Pick<SarCase, 'boardId' | 'sarId' | 'title' | 'kind' | 'status'>): Promise<SarCase>;
  updateSar(meta: WriteMeta, current: SarCase, fields: Pick<SarCase, 'title' | 'kind' | 'status'>): Promise<SarCase>;
  listSars(boardId: string, page: ListArgs): Promise<Page<SarCase>>;
  /** Amounts of SAR-tagged entries of committed imports and single posts, for one case or all. */
  costRows(boardId: string, sarId?: string): Promise<SarCostRow[]>;
}

// ------------------------------------------------------------------ the year and its lifecycle

/**
 * The year item: its budget set and status, and the fence of its ledger. Entry numbers are
 * reserved here only while the year is open, which is what lets a close stop the ledger.
 */
export interface YearsPort {
  getYear(boardId: string, yearId: string): Promise<Year | undefined>;
  listYears(boardId: string, page: ListArgs): Promise<Page<Year>>;
  createYear(meta: WriteMeta, boardId: string, yearId: string, budgetSet: Money, publishedOutturn?: Money): Promise<Year>;
  /** Changes the budget set at the version read, only while the year is draft or open and no close is asked (ConditionFailed otherwise). */
  setBudgetSet(meta: WriteMeta, year: Year, budgetSet: Money, publishedOutturn?: Money): Promise<Year>;
  /** draft -> open, only from draft at the version read. */
  openYear(meta: WriteMeta, year: Year, opts?: { hostInvoiced: boolean }): Promise<Year>;
  /**
   * Records who asks for the close and the ETag of the figures they were shown, while the year is
   * open and nobody else has asked; the same requester asking again records the figures anew.
   */
  requestClose(meta: WriteMeta, boardId: string, yearId: string, etag: string): Promise<void>;
  /** Withdraws the request to close, while the year is open (not once an approval has stopped the ledger). */
  withdrawCloseRequest(meta: WriteMeta, boardId: string, yearId: string): Promise<void>;
  /**
   * The approval and the stop of the ledger in one write: open -> closing, approved by somebody
   * other than the requester, only while the request still names `etag`. From here on no entry,
   * virement or budget-set change lands. Answers the id of this close attempt.
   */
  stopForApproval(meta: WriteMeta, boardId: string, yearId: string, etag: string): Promise<string>;
  /** closing -> open again, when the sealed figures turned out not to be the approved ones (no snapshot was written). */
  reopenRefusedClose(meta: WriteMeta, boardId: string, yearId: string, closingId: string): Promise<void>;
  /** closing -> closed, sealing the ledger with its hash. */
  finishClose(meta: WriteMeta, boardId: string, yearId: string, sealHash: string): Promise<void>;
  /** The next entry number, only while the year is open. */
  reserveEntrySeq(meta: WriteMeta, boardId: string, yearId: string): Promise<number>;
  /** `count` consecutive entry numbers in one update, only while open; answers the first. */
  reserveEntryBlock(meta: WriteMeta, boardId: string, yearId: string, count: number): Promise<number>;
  /** The next commitment number while the year is draft or open. */
  reserveCommitmentSeq(meta: WriteMeta, boardId: string, yearId: string): Promise<number>;
  /** Makes an import's rows part of the ledger, only while the year is open (a set add: repeatable). */
  commitImport(meta: WriteMeta, boardId: string, yearId: string, importId: string): Promise<void>;
  /** The imports committed in a year (read consistently from the year item). */
  committedImports(boardId: string, yearId: string): Promise<ReadonlySet<string>>;
  /** The next other-income number, only while the year is open (the same fence as entries). */
  reserveIncomeSeq(meta: WriteMeta, boardId: string, yearId: string): Promise<number>;
  /**
   * Creates a draft year rolled forward from another, once (ConditionFailed when the year exists);
   * the year records where it came from and the operation that made it.
   */
  createRolledYear(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    budgetSet: Money,
    from: { from: string; uplift: string; operationId: string },
  ): Promise<Year>;
  /** Marks a rolled-forward year's lines and agreement as all written (repeatable). */
  completeRollForward(meta: WriteMeta, boardId: string, yearId: string): Promise<void>;
}

// ------------------------------------------------------------------ the ledger

export interface ReversalMarker {
  readonly reversalSeq: number;
  /** The operation that claimed it. */
  readonly operationId?: string;
  /** Set when a credit row of a bulk import claimed the reversal. */
  readonly importId?: string;
}

export type NewEntry = Omit<Entry, 'entryId' | 'createdAt' | 'createdBy' | 'requestId'>;

/** What a post needs, read in one round trip. */
export interface EntryContext {
  readonly year?: Year;
  readonly lineExists: boolean;
  readonly sarExists: boolean;
}

/** The year's partition in one read: what the recharge, the forecast, the reports and the close need. */
export interface YearContents {
  /** Revised by the year's virements. */
  lines: BudgetLine[];
  /** The year's virements, in order, and the version of the item holding them. */
  virements: Virement[];
  virementsVersion: number;
  entries: Entry[];
  /** Entry numbers voided by the close. */
  voided: number[];
  /** Entry numbers holding rows of an import that is not committed: taken, but not in the ledger. */
  pending?: number[];
  commitments: Commitment[];
  agreement?: StoredAgreement;
  snapshot?: RechargeSnapshot;
  /** Other income (reversals included), in number order. */
  income?: OtherIncome[];
  /** Other-income numbers voided by the close. */
  incomeVoided?: number[];
}

export interface LedgerPort {
  /** Writes an entry under its reserved number, once (ConditionFailed when the number is taken). */
  putEntry(meta: WriteMeta, e: NewEntry, opts?: { audit?: boolean }): Promise<Entry>;
  /** What is stored under an entry number: an entry (visible or not), `'void'`, or nothing. */
  entryAt(boardId: string, yearId: string, seq: number): Promise<Entry | 'void' | undefined>;
  entriesAt(boardId: string, yearId: string, seqs: readonly number[]): Promise<Map<number, Entry | 'void'>>;
  /** The entry under a number if it is part of the ledger (not void, not a row of an unfinished import). */
  visibleEntryAt(boardId: string, yearId: string, seq: number): Promise<Entry | undefined>;
  /** A page of the ledger in number order (only the category asked for, if any); short only at the end. */
  listEntries(boardId: string, yearId: string, page: ListArgs & { category?: string }): Promise<Page<Entry>>;
  /** The whole ledger of a year in number order. */
  allEntries(boardId: string, yearId: string): Promise<Entry[]>;
  /** Claims the right to reverse an entry, once; the marker records the reversal's number. */
  claimReversal(meta: WriteMeta, boardId: string, yearId: string, entryId: string, reversalSeq: number, importId?: string): Promise<void>;
  getReversalMarker(boardId: string, yearId: string, entryId: string): Promise<ReversalMarker | undefined>;
  reversalMarkers(boardId: string, yearId: string, entryIds: readonly string[]): Promise<Map<string, ReversalMarker>>;
  /** Voids a reserved number no entry took (a tombstone under its key); false if an entry got there first. */
  voidEntrySeq(meta: WriteMeta, boardId: string, yearId: string, seq: number): Promise<boolean>;
  /**
   * A bucket of the year's supplier references: normalised reference -> the entries holding it
   * (oldest first); undefined when the bucket does not exist yet.
   */
  referenceBucket(boardId: string, yearId: string, bucket: string): Promise<Map<string, string[]> | undefined>;
  /**
   * Sets who holds references of one bucket, in one conditional write: each reference only if it
   * is still held by `expected` (absent: by nobody). `create`: the bucket was read as absent, so it
   * is created holding these claims (only if still absent). ConditionFailed otherwise.
   */
  claimReferences(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    bucket: string,
    claims: readonly { readonly reference: string; readonly holders: readonly string[]; readonly expected?: readonly string[] }[],
    opts?: { readonly create?: boolean },
  ): Promise<void>;
  /** The year item, the category's line and the SAR case, in one read. */
  entryContext(boardId: string, yearId: string, category: string, sarId: string | undefined): Promise<EntryContext>;
  /**
   * The whole year partition in one read. `committed`: the year's committed imports when the
   * caller has just read the year item (saves reading it again).
   */
  readYear(boardId: string, yearId: string, committed?: ReadonlySet<string>): Promise<YearContents>;
}

export interface CommitmentsPort {
  getCommitment(boardId: string, yearId: string, seq: number): Promise<Commitment | undefined>;
  putCommitment(
    meta: WriteMeta,
    c: Omit<Commitment, 'commitmentId' | 'createdAt' | 'createdBy' | 'version' | 'releases'>,
  ): Promise<Commitment>;
  /** Appends a release or match at the version read (ConditionFailed when it moved). */
  releaseCommitment(
    meta: WriteMeta,
    current: Commitment,
    release: Omit<CommitmentRelease, 'createdAt' | 'createdBy' | 'operationId'>,
  ): Promise<Commitment>;
  listCommitments(boardId: string, yearId: string, page: ListArgs): Promise<Page<Commitment>>;
  allCommitments(boardId: string, yearId: string): Promise<Commitment[]>;
  /** The claims commitments' matches made on an entry, in the order they were made. */
  matchClaims(boardId: string, yearId: string, entryId: string): Promise<MatchClaim[]>;
  /** Makes claim number `claim.n` on its entry (ConditionFailed when that number is taken: another match came first). */
  claimMatch(meta: WriteMeta, boardId: string, yearId: string, claim: Omit<MatchClaim, 'at'>): Promise<void>;
  /**
   * Withdraws claims (`<entryId>#<n>`) of matches to `current` that never landed, at the version
   * read (ConditionFailed when it moved: a match may have landed meanwhile).
   */
  withdrawClaims(meta: WriteMeta, current: Commitment, claimIds: readonly string[]): Promise<void>;
}

/**
 * A match's claim on the entry that paid it, made before the match is appended to its
 * commitment: claims on one entry are numbered, one conditional put each, so two matches of
 * one entry (to two commitments) are checked one after the other, never both against the same
 * unmatched amount. The operation names the match a claim is for. A claim whose match has not
 * landed on its commitment within the lease (its request was abandoned) is withdrawn by the next
 * match of the entry, on the commitment (see CommitmentsPort.withdrawClaims).
 */
export interface MatchClaim {
  readonly entryId: string;
  readonly n: number;
  readonly amount: Money;
  readonly commitmentId: string;
  readonly operationId: string;
  /** When it was made (its request's time): the lease runs from it. */
  readonly at: string;
}

export type NewIncome = Omit<OtherIncome, 'incomeId' | 'createdAt' | 'createdBy' | 'requestId' | 'operationId'>;

/** Other income (`INCOME#<seq>` in the year's partition): immutable, numbered on the year item, corrected by reversal. */
export interface OtherIncomePort {
  /** Writes an income record under its reserved number, once (ConditionFailed when the number is taken). */
  putIncome(meta: WriteMeta, i: NewIncome): Promise<OtherIncome>;
  /** What is stored under an income number: the income, `'void'`, or nothing. */
  incomeAt(boardId: string, yearId: string, seq: number): Promise<OtherIncome | 'void' | undefined>;
  listIncome(boardId: string, yearId: string, page: ListArgs): Promise<Page<OtherIncome>>;
  /** Claims the right to reverse an income record, once; the marker records the reversal's number. */
  claimReversal(meta: WriteMeta, boardId: string, yearId: string, incomeId: string, reversalSeq: number): Promise<void>;
  getReversalMarker(boardId: string, yearId: string, incomeId: string): Promise<ReversalMarker | undefined>;
  /** Voids a reserved income number no record took; false if a record got there first. */
  voidIncomeSeq(meta: WriteMeta, boardId: string, yearId: string, seq: number): Promise<boolean>;
}

/**
 * Budget lines. Lines read back are revised by the year's virements (`amount` revised,
 * `original`, net `virements`); what is written is the line's own amount (its original once the
 * year is open).
 */
export interface BudgetLinesPort {
  getLine(boardId: string, yearId: string, category: string): Promise<BudgetLine | undefined>;
  createLine(
    meta: WriteMeta,
    line: Pick<StoredLine, 'boardId' | 'yearId' | 'category' | 'name' | 'amount' | 'profile' | 'forecast'>,
  ): Promise<BudgetLine>;
  /** `fields.amount` is the line's own amount, not the revised one. */
  updateLine(
    meta: WriteMeta,
    current: BudgetLine,
    fields: Pick<StoredLine, 'name' | 'amount' | 'profile' | 'forecast'>,
  ): Promise<BudgetLine>;
  listLines(boardId: string, yearId: string, page: ListArgs): Promise<Page<BudgetLine>>;
  /** The close's fence on a line (see application/close-binding.ts); false when the line moved since read. */
  stampLine(meta: WriteMeta, line: BudgetLine, closingId: string): Promise<boolean>;
}

/** The year's virements as stored: every one, in order, and the version of the item holding them (0: none yet). */
export interface VirementsRecord {
  readonly version: number;
  readonly items: readonly Virement[];
}

export interface VirementsPort {
  getVirements(boardId: string, yearId: string): Promise<VirementsRecord>;
  listVirements(boardId: string, yearId: string, page: ListArgs): Promise<Page<Virement>>;
  /** Appends a virement if the record is still at `expectedVersion` (ConditionFailed otherwise). */
  appendVirement(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    expectedVersion: number,
    v: Omit<Virement, 'createdAt' | 'createdBy' | 'operationId'>,
  ): Promise<Virement>;
  /** The close's fence on the virements (creating the empty record when there is none). */
  stampVirements(meta: WriteMeta, boardId: string, yearId: string, version: number, closingId: string): Promise<boolean>;
}

export interface StoredAgreement extends Stamp, Versioned {
  readonly boardId: string;
  readonly yearId: string;
  readonly agreement: AgreementWire;
}

export interface AgreementsPort {
  getAgreement(boardId: string, yearId: string): Promise<StoredAgreement | undefined>;
  createAgreement(meta: WriteMeta, boardId: string, yearId: string, wire: AgreementWire): Promise<StoredAgreement>;
  updateAgreement(meta: WriteMeta, current: StoredAgreement, wire: AgreementWire): Promise<StoredAgreement>;
  /** The close's fence on the agreement; false when it moved since read. */
  stampAgreement(meta: WriteMeta, current: StoredAgreement, closingId: string): Promise<boolean>;
}

export interface HistoryPort {
  getHistory(boardId: string, yearId: string): Promise<History | undefined>;
  /**
   * Records published figures and makes the year a history year, under the condition that it
   * has no ledger (ConditionFailed otherwise). `existing` keeps its creation stamp, and the
   * figures are replaced only at its version (ConditionFailed when they changed meanwhile).
   */
  putHistory(
    meta: WriteMeta,
    h: Pick<History, 'boardId' | 'yearId' | 'budgetSet' | 'outturn' | 'contributions'>,
    existing: History | undefined,
  ): Promise<History>;
}

// ------------------------------------------------------------------ the close's record

export interface RechargeLineView {
  rule: string;
  description: string;
  amount: string;
}

/** A priced year in wire form: the preview, and (sealed) what the close records once. */
export interface RechargeView {
  yearId: string;
  status: 'preview' | 'closed';
  basis: string;
  outturn: string;
  budgetSet: string;
  baselines: string;
  additional: string;
  contributions: string;
  carryForward: string;
  partners: { partnerId: string; baseline: string; additional: string; total: string; lines: RechargeLineView[] }[];
  steps: RechargeLineView[];
  spend: { category: string; budget: string; spent: string }[];
  entries: number;
  computedAt: string;
  sealHash?: string;
  invoices?: { partnerId: string; invoiceId: string; number: string; kind: string; total: string }[];
  /** DESIGN 10.3 (absent from snapshots sealed before it: read as zero). */
  drawnFromReserve?: string;
  cashIncome?: string;
  inKindIncome?: string;
  /** Other-income records priced (reversals included). */
  incomeRecords?: number;
}

/** What the close records once: the sealed recharge with the seal hash. */
export type RechargeSnapshot = RechargeView & { status: 'closed'; sealHash: string };

export interface SnapshotsPort {
  getSnapshot(boardId: string, yearId: string): Promise<RechargeSnapshot | undefined>;
  /** Records the close's result once; a retry reads back the first one. */
  putSnapshotOnce(meta: WriteMeta, boardId: string, yearId: string, snapshot: RechargeSnapshot): Promise<RechargeSnapshot>;
}

// ------------------------------------------------------------------ invoices

export interface NumberReservation {
  readonly number: number;
  readonly status: 'used' | 'void';
  readonly invoiceKey?: string;
  readonly reason?: string;
}

export type NewInvoice = Omit<Invoice, 'number' | 'status' | 'version' | 'createdAt' | 'createdBy'>;

/** What is recorded against a document after issue: the lists a settlement changes. */
export type DocumentRecord = Partial<Pick<Invoice, 'payments' | 'creditNotes' | 'allocations' | 'refunds'>>;

export interface InvoicesPort {
  get(boardId: string, partnerId: string, invoiceId: string): Promise<Invoice | undefined>;
  /** Every document (invoices and credit notes, drafts included) of one partner: a bounded set, a few a year. */
  listForPartner(boardId: string, partnerId: string): Promise<Invoice[]>;
  /** Creates the draft once under its deterministic key; false if it already exists. */
  createDraft(meta: WriteMeta, inv: NewInvoice): Promise<boolean>;
  /** The next number of a series for this document; a retry after success gets its number back. */
  allocateNumber(meta: WriteMeta, boardId: string, series: Series, forKey: string): Promise<number>;
  /** Claims number n of a series for a document, once; false when n is taken by something else (or voided). */
  reserveNumber(meta: WriteMeta, boardId: string, series: Series, n: number, forKey: string): Promise<boolean>;
  /** Gives the draft its number and issues it, once; answers the document as stored. */
  issue(meta: WriteMeta, inv: Pick<Invoice, 'boardId' | 'partnerId' | 'invoiceId'>, n: number): Promise<Invoice>;
  /**
   * Replaces lists recorded against an issued document (payments, credit notes claimed,
   * allocations, refunds), only if it is still at the version read: ConditionFailed otherwise.
   * `action` names the change in the audit trail.
   */
  record(meta: WriteMeta, current: Invoice, changes: DocumentRecord, action: string): Promise<Invoice>;
  /**
   * The numbers of a series handed out so far (`last`), how far they are known to be accounted
   * for (`sweptTo`: every number up to it is used by its document or void), and the
   * reservations, all of them or only those after `sweptTo` (`{ unswept: true }`).
   */
  reservations(
    boardId: string,
    series: Series,
    opts?: { unswept?: boolean },
  ): Promise<{ last: number; sweptTo: number; items: NumberReservation[] }>;
  /** Records that every number up to n is accounted for (only ever moves forward). */
  markSwept(meta: WriteMeta, boardId: string, series: Series, n: number): Promise<void>;
  /** Records number n of a series as void, unless something claimed it first. */
  voidNumber(meta: WriteMeta, boardId: string, series: Series, n: number, reason: string, supersededKey?: string): Promise<boolean>;
}

// ------------------------------------------------------------------ imports

export interface ImportRecord {
  readonly boardId: string;
  readonly yearId: string;
  readonly importId: string;
  readonly format: 'csv' | 'xlsx';
  /** Entries the import writes (one per data row). */
  readonly rows: number;
  /** Of which credit rows, written as reversals. */
  readonly credits: number;
  /** Sum of the rows' signed amounts. */
  readonly total: string;
  /** First number of the block the rows are written under; set once. */
  readonly firstSeq?: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly committedAt?: string;
  readonly committedBy?: string;
}

export type NewImport = Pick<ImportRecord, 'boardId' | 'yearId' | 'importId' | 'format' | 'rows' | 'credits' | 'total'>;

export interface ImportsPort {
  get(boardId: string, yearId: string, importId: string): Promise<ImportRecord | undefined>;
  /** Creates the import's record once; an earlier attempt's record is read back instead. */
  createOnce(meta: WriteMeta, rec: NewImport): Promise<{ record: ImportRecord; created: boolean }>;
  /** Records the block's first number on the import, once; answers the number that stands. */
  recordFirstSeq(meta: WriteMeta, boardId: string, yearId: string, importId: string, firstSeq: number): Promise<number>;
  /**
   * Claims the right to reserve the import's block of numbers, for `leaseMs` from `nowMs`, so
   * that identical imports sent at once reserve one block between them, not one each. Answers
   * `claimed` (reserve now), `recorded` (a block is already recorded: use it) or the time the
   * current holder's lease ends (another request is reserving; retry after it).
   */
  claimBlock(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    importId: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<
    | { readonly kind: 'claimed' }
    | { readonly kind: 'recorded'; readonly firstSeq: number }
    | { readonly kind: 'held'; readonly untilMs: number }
  >;
  /** Stamps who committed the import and when; the first stamp stays. */
  stampCommitted(meta: WriteMeta, boardId: string, yearId: string, importId: string): Promise<void>;
}

/** An uploaded file: its bytes and media type (parameters apart). */
export interface UploadedFile {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

/** Reads the spreadsheets an import accepts, by media type and content (the parsers live outside the application). */
export interface SpreadsheetsPort {
  read(file: UploadedFile): Promise<Sheet>;
}

// ------------------------------------------------------------------ audit and idempotency

export interface AuditRecord {
  readonly at: string;
  readonly writtenAt: string;
  readonly actor: string;
  readonly requestId: string;
  /** The operation (Idempotency-Key) when it is not the request itself. */
  readonly operationId?: string;
  readonly action: string;
  /** The kind of item changed (`entry`, `partner`, ...): what decides who may read the record. */
  readonly entity: string;
  readonly entityKey: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** An audit record with its position in the month's list (where a page after it starts). */
export interface PositionedAuditRecord extends AuditRecord {
  readonly position: string;
}

export interface AuditPort {
  /** One month of a board's trail, oldest first, every record whoever reads it (the use case filters). */
  list(boardId: string, month: string, page: ListArgs): Promise<Page<PositionedAuditRecord>>;
}

export interface StoredResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export type Claim =
  | { readonly kind: 'claimed'; readonly memo: Readonly<Record<string, string | number>> }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in-flight'; readonly retryAfterSeconds: number };

export interface IdempotencyPort {
  /** Claims the key for this request, unless in flight, answered (replay) or used for another request. */
  claim(meta: WriteMeta, boardId: string, scope: string, fingerprint: string, nowMs: number): Promise<Claim>;
  /** Remembers a value on the record this request holds. */
  remember(meta: WriteMeta, boardId: string, scope: string, name: string, value: string | number): Promise<void>;
  /** Stores the final answer, to be replayed to every retry with this key. */
  complete(meta: WriteMeta, boardId: string, scope: string, response: StoredResponse): Promise<void>;
  /** Lets a retry run again: the attempt failed without an answer worth keeping. */
  release(meta: WriteMeta, boardId: string, scope: string): Promise<void>;
}

// ------------------------------------------------------------------ delivery by email (DESIGN 10.5)

/** Where an outbox item (or a reminder watch) is: enough to read it again, consistently. */
export interface OutboxRef {
  readonly boardId: string;
  readonly partnerId: string;
  readonly outboxId: string;
}

export interface WatchRef {
  readonly boardId: string;
  readonly partnerId: string;
  readonly invoiceId: string;
}

/**
 * The outbox: messages to send, each recorded against its document (it is the document's
 * `deliveries`), and the reminder scan's watches of issued invoices. Items change only by
 * replacement at the version read, so two senders (or a sender and the event recorder) can
 * never both move one.
 */
export interface OutboxPort {
  /** Creates the item once under its deterministic id; false when it already exists. */
  create(meta: WriteMeta, item: Omit<OutboxItem, 'version'>): Promise<boolean>;
  get(ref: OutboxRef): Promise<OutboxItem | undefined>;
  /**
   * Replaces the item if it is still at `expectedVersion` (ConditionFailed otherwise) and answers
   * it at its new version. `audit: false` for a claim: a lease, not a business change.
   */
  replace(meta: WriteMeta, next: OutboxItem, expectedVersion: number, opts?: { audit?: boolean }): Promise<OutboxItem>;
  /** Every item of one document (its deliveries), in id order. */
  forDocument(boardId: string, partnerId: string, documentId: string): Promise<OutboxItem[]>;
  /**
   * Items a sender should look at by `now`, earliest first, a page of at most `limit` after the
   * position `after`; `next` is where the following page starts, absent when none may follow.
   * Read from an eventually consistent index: read each again before acting on it.
   */
  due(now: string, limit: number, after?: string): Promise<{ refs: OutboxRef[]; next?: string }>;
  /** Creates the reminder watch of an invoice once; false when it exists. */
  createWatch(meta: WriteMeta, watch: Omit<ReminderWatch, 'version'>): Promise<boolean>;
  getWatch(ref: WatchRef): Promise<ReminderWatch | undefined>;
  replaceWatch(meta: WriteMeta, next: ReminderWatch, expectedVersion: number): Promise<ReminderWatch>;
  /** Every reminder watch of a partner's invoices, finished ones included. */
  watchesOf(boardId: string, partnerId: string): Promise<ReminderWatch[]>;
  /**
   * Watches to look at by `today`, in the order their checks fell due (same index caveat as
   * {@link due}), a page of at most `limit` after the position `after`; `next` is where the
   * following page starts, absent when none may follow.
   */
  dueWatches(today: string, limit: number, after?: string): Promise<{ refs: WatchRef[]; next?: string }>;
}

/** A message ready to go: headers, both bodies, the PDF. */
export interface OutgoingMail {
  /** `<r1.issued.2024-25-baseline-blmk-icb.blmk-icb.luton-sab@domain>`: the same for every attempt of a round. */
  readonly messageId: string;
  readonly from: { readonly name: string; readonly address: string };
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo?: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: readonly { readonly filename: string; readonly contentType: string; readonly content: Uint8Array }[];
  /** What the provider's delivery events carry back (SES message tags): the item and round. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * What a send came to: `accepted` (the provider took it, with its id), `refused` (the provider
 * said no: nothing was sent, safe to try again), `unknown` (no answer: it may have gone).
 */
export type SendResult =
  | { readonly outcome: 'accepted'; readonly providerMessageId: string }
  | { readonly outcome: 'refused'; readonly reason: string }
  | { readonly outcome: 'unknown'; readonly reason: string };

/** The mail provider: SES v2 in AWS, the embedded SMTP catcher locally. Never retries by itself. */
export interface MailerPort {
  send(mail: OutgoingMail): Promise<SendResult>;
}

/**
 * Evidence that the provider accepted a round's message whose sender never recorded it: in AWS
 * the SES events the recorder wrote on the item; locally the catcher's list of received
 * Message-IDs.
 */
export interface DeliveryEvidencePort {
  acceptedAs(item: OutboxItem, messageId: string): Promise<{ readonly providerMessageId?: string; readonly at: string } | undefined>;
}

/**
 * What the sender attaches: the document's PDF, rendered as the document's own route renders it
 * from what application/documents.ts builds (the renderers' snapshot, or the plain layout when
 * there is no issuer to print).
 */
export interface DocumentsPort {
  invoicePdf(
    built: {
      readonly view: { readonly doc: Invoice; readonly figures: DocumentFigures; readonly creditsNumber?: string };
      readonly document?: InvoiceDocument;
    },
    fallbackBoardName: string,
  ): Promise<Uint8Array>;
  statementPdf(built: {
    readonly result: { readonly statement: Statement; readonly partner: Partner; readonly boardName: string; readonly today: string };
    readonly document?: StatementDocument;
  }): Promise<Uint8Array>;
}

export interface MailSettings {
  /** The verified sender address (SES identity). */
  readonly fromAddress: string;
  /** The domain Message-IDs are made in. */
  readonly messageDomain: string;
  readonly policy: DeliveryPolicy;
}

/** What the sender needs besides storage: the provider, the evidence, the documents (only the sender carries them). */
export interface SenderDeps extends Deps {
  readonly mailer: MailerPort;
  readonly evidence: DeliveryEvidencePort;
  readonly documents: DocumentsPort;
  readonly mail: MailSettings;
}

// ------------------------------------------------------------------ everything a use case may need

export interface Deps {
  readonly boards: BoardsPort;
  readonly partners: PartnersPort;
  readonly sars: SarsPort;
  readonly years: YearsPort;
  readonly ledger: LedgerPort;
  readonly commitments: CommitmentsPort;
  readonly lines: BudgetLinesPort;
  readonly virements: VirementsPort;
  readonly agreements: AgreementsPort;
  readonly history: HistoryPort;
  readonly snapshots: SnapshotsPort;
  readonly invoices: InvoicesPort;
  readonly imports: ImportsPort;
  readonly otherIncome: OtherIncomePort;
  readonly audit: AuditPort;
  readonly idempotency: IdempotencyPort;
  readonly outbox: OutboxPort;
}

/** What the import needs besides storage: spreadsheet readers (only the import function carries them). */
export interface ImportDeps extends Deps {
  readonly spreadsheets: SpreadsheetsPort;
}
