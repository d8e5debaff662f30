import type { AgreementWire } from '../../domain/agreement.ts';
import { parseYearId } from '../../domain/financial-year.ts';
import {
  type BudgetLine,
  type Commitment,
  commitmentIdOf,
  type Entry,
  entryIdOf,
  type History,
  type Stamp,
  type Versioned,
  type Year,
  type YearStatus,
} from '../../domain/ledger.ts';
import type { Money } from '../../domain/money.ts';
import { boardPk, keys, PREFIX, yearPk } from './keys.ts';
import { createVersioned, money, readStamp, updateVersioned, version } from './mapping.ts';
import { ConditionFailed, type Item, int, operationOf, optStr, type Store, str, type WriteMeta } from './store.ts';

/**
 * A financial year and what lives under it: budget lines, published history, the
 * expenditure ledger and commitments.
 */

export function toYear(item: Item): Year {
  const openedAt = optStr(item.openedAt);
  const closedAt = optStr(item.closedAt);
  const sealHash = optStr(item.sealHash);
  const publishedOutturn = item.publishedOutturn === undefined ? undefined : money(item.publishedOutturn);
  const closeRequestedBy = optStr(item.closeRequestedBy);
  const closeApprovedBy = optStr(item.closeApprovedBy);
  const closeRequest = closeRequestedBy
    ? {
        by: closeRequestedBy,
        at: str(item.closeRequestedAt),
        ...(closeApprovedBy ? { approvedBy: closeApprovedBy, approvedAt: str(item.closeApprovedAt) } : {}),
      }
    : undefined;
  const committedImports = committedImportsOf(item);
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    status: str(item.status) as YearStatus,
    budgetSet: money(item.budgetSet),
    source: str(item.source) as Year['source'],
    seq: item.seq === undefined ? 0 : int(item.seq),
    commitSeq: item.commitSeq === undefined ? 0 : int(item.commitSeq),
    version: version(item),
    ...(openedAt ? { openedAt } : {}),
    ...(closedAt ? { closedAt } : {}),
    ...(sealHash ? { sealHash } : {}),
    ...(publishedOutturn ? { publishedOutturn } : {}),
    ...(closeRequest ? { closeRequest } : {}),
    ...(committedImports.size > 0 ? { committedImports } : {}),
    ...readStamp(item),
  };
}

/** The ids of the imports committed on a year item (a DynamoDB string set). */
export function committedImportsOf(item: Item | undefined): ReadonlySet<string> {
  const set = item?.committedImports;
  return set instanceof Set ? new Set([...set].filter((v): v is string => typeof v === 'string')) : new Set();
}

/**
 * Whether an entry item is part of the ledger: written by a single post, or by an import
 * that has been committed. Rows of an unfinished import are not there for any reader.
 */
export function isVisible(item: Item, committed: ReadonlySet<string>): boolean {
  const importId = optStr(item.importId);
  return importId === undefined || committed.has(importId);
}

export function toLine(item: Item): BudgetLine {
  const profile = Array.isArray(item.profile) ? item.profile.map((p) => money(p)) : undefined;
  const forecast = optStr(item.forecast) as BudgetLine['forecast'];
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    category: str(item.category),
    name: str(item.name),
    amount: money(item.amount),
    ...(profile ? { profile } : {}),
    ...(forecast ? { forecast } : {}),
    version: version(item),
    ...readStamp(item),
  };
}

/** The optional text fields of an entry, in the order an entry lists them. */
const OPTIONAL_ENTRY_FIELDS = ['sarId', 'reference', 'reverses', 'reason', 'importId', 'operationId'] as const;

/**
 * A stored entry item as an {@link Entry}. Reports map every entry of a year (10,000 and more),
 * so this assigns the optional fields in place rather than spreading one small object per field
 * (which took twice as long); the fields and their order are the same.
 */
export function toEntry(item: Item): Entry {
  const seq = int(item.seq);
  const entry: Record<string, unknown> = {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    seq,
    entryId: entryIdOf(seq),
    date: str(item.date),
    category: str(item.category),
    amount: money(item.amount),
    supplier: str(item.supplier),
    description: str(item.description),
  };
  for (const name of OPTIONAL_ENTRY_FIELDS) {
    const v = optStr(item[name]);
    if (v !== undefined) entry[name] = v;
  }
  entry.createdAt = str(item.createdAt);
  entry.createdBy = str(item.createdBy);
  entry.requestId = str(item.requestId);
  return entry as unknown as Entry;
}

export function toCommitment(item: Item): Commitment {
  const seq = int(item.seq);
  const supplier = optStr(item.supplier);
  const sarId = optStr(item.sarId);
  const operationId = optStr(item.operationId);
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    seq,
    commitmentId: commitmentIdOf(seq),
    category: str(item.category),
    description: str(item.description),
    amount: money(item.amount),
    dueDate: str(item.dueDate),
    ...(supplier ? { supplier } : {}),
    ...(sarId ? { sarId } : {}),
    ...(operationId ? { operationId } : {}),
    createdAt: str(item.createdAt),
    createdBy: str(item.createdBy),
  };
}

export function toHistory(item: Item): History {
  const rows = item.contributions as Record<string, unknown>[];
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    budgetSet: money(item.budgetSet),
    outturn: money(item.outturn),
    contributions: rows.map((r) => ({
      partnerId: str(r.partnerId),
      baseline: money(r.baseline),
      additional: money(r.additional),
    })),
    ...readStamp(item),
  };
}

export interface StoredAgreement extends Stamp, Versioned {
  readonly boardId: string;
  readonly yearId: string;
  readonly agreement: AgreementWire;
}

export function toStoredAgreement(item: Item): StoredAgreement {
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    agreement: item.agreement as AgreementWire,
    version: version(item),
    ...readStamp(item),
  };
}

export interface YearContents {
  lines: BudgetLine[];
  entries: Entry[];
  /** Entry numbers voided by the close. */
  voided: number[];
  /**
   * Entry numbers holding rows of an import that is not committed: not part of the ledger,
   * but taken (a close counts them as used and never voids them).
   */
  pending?: number[];
  commitments: Commitment[];
  agreement?: StoredAgreement;
  snapshot?: Record<string, unknown>;
}

export interface ReversalMarker {
  readonly reversalSeq: number;
  /** The operation that claimed it (see WriteMeta.operationId). */
  readonly operationId?: string;
  /** Set when a credit row of a bulk import claimed the reversal. */
  readonly importId?: string;
}

function toMarker(item: Item): ReversalMarker {
  const importId = optStr(item.importId);
  const operationId = optStr(item.operationId);
  return { reversalSeq: int(item.reversalSeq), ...(importId ? { importId } : {}), ...(operationId ? { operationId } : {}) };
}

/** True for stored entry items (not the tombstones a close writes over unused numbers). */
export const isEntryItem = (item: Item): boolean => item.type === 'entry';

export class YearsRepository {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getYear(boardId: string, yearId: string): Promise<Year | undefined> {
    const item = await this.store.get(keys.year(boardId, yearId));
    return item ? toYear(item) : undefined;
  }

  async listYears(boardId: string, limit: number, after?: string): Promise<{ items: Year[]; lastSk?: string }> {
    const page = await this.store.query({ pk: boardPk(boardId), prefix: PREFIX.year, limit, ...(after ? { after } : {}) });
    return { items: page.items.map(toYear), ...(page.lastSk ? { lastSk: page.lastSk } : {}) };
  }

  async createYear(meta: WriteMeta, boardId: string, yearId: string, budgetSet: Money, publishedOutturn?: Money): Promise<Year> {
    const fy = parseYearId(yearId);
    const item = await createVersioned(this.store, meta, keys.year(boardId, yearId), {
      type: 'year',
      boardId,
      yearId,
      start: fy?.start,
      end: fy?.end,
      status: 'draft',
      source: 'ledger',
      budgetSet: budgetSet.toString(),
      ...(publishedOutturn ? { publishedOutturn: publishedOutturn.toString() } : {}),
      seq: 0,
      commitSeq: 0,
    });
    return toYear(item);
  }

  async setBudgetSet(meta: WriteMeta, year: Year, budgetSet: Money, publishedOutturn?: Money): Promise<Year> {
    const key = keys.year(year.boardId, year.yearId);
    const fields = { budgetSet: budgetSet.toString(), ...(publishedOutturn ? { publishedOutturn: publishedOutturn.toString() } : {}) };
    return toYear(await updateVersioned(this.store, meta, key, year.version, fields, publishedOutturn ? [] : ['publishedOutturn']));
  }

  /** draft -> open, only from draft at the version read. */
  async openYear(meta: WriteMeta, year: Year): Promise<Year> {
    const key = keys.year(year.boardId, year.yearId);
    const out = await this.store.write(
      {
        kind: 'update',
        key,
        update: 'SET #status = :open, openedAt = :at, openedBy = :by, #version = #version + :one, updatedAt = :at, updatedBy = :by',
        condition: '#status = :draft AND #version = :expected',
        names: { '#status': 'status', '#version': 'version' },
        values: { ':open': 'open', ':draft': 'draft', ':at': meta.at, ':by': meta.actor, ':one': 1, ':expected': year.version },
        returnNew: true,
      },
      meta,
    );
    if (!out) throw new ConditionFailed(key.sk);
    return toYear(out);
  }

  /**
   * Reserves the next entry number, only while the year is open. This single-item
   * condition is what fences the ledger: once the year leaves `open`, no number is handed out.
   */
  async reserveEntrySeq(meta: WriteMeta, boardId: string, yearId: string): Promise<number> {
    try {
      return await this.reserveEntrySeqOnce(meta, boardId, yearId);
    } catch (err) {
      // A conditional failure is only believed if the year is indeed no longer open: a retried
      // call can report one for a write that went through (that number is then simply unused).
      if (!(err instanceof ConditionFailed) || (await this.getYear(boardId, yearId))?.status !== 'open') throw err;
      return this.reserveEntrySeqOnce(meta, boardId, yearId);
    }
  }

  private async reserveEntrySeqOnce(meta: WriteMeta, boardId: string, yearId: string): Promise<number> {
    const out = await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'ADD seq :one',
        audit: false, // a number handed out; the entry written under it is audited
        condition: '#status = :open',
        names: { '#status': 'status' },
        values: { ':one': 1, ':open': 'open' },
        returnNew: true,
      },
      meta,
    );
    return int(out?.seq);
  }

  /** Reserves the next commitment number while the year is draft or open. */
  async reserveCommitmentSeq(meta: WriteMeta, boardId: string, yearId: string): Promise<number> {
    try {
      return await this.reserveCommitmentSeqOnce(meta, boardId, yearId);
    } catch (err) {
      const status = (await this.getYear(boardId, yearId))?.status;
      if (!(err instanceof ConditionFailed) || (status !== 'open' && status !== 'draft')) throw err;
      return this.reserveCommitmentSeqOnce(meta, boardId, yearId);
    }
  }

  private async reserveCommitmentSeqOnce(meta: WriteMeta, boardId: string, yearId: string): Promise<number> {
    const out = await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'ADD commitSeq :one',
        audit: false,
        condition: '#status IN (:draft, :open)',
        names: { '#status': 'status' },
        values: { ':one': 1, ':open': 'open', ':draft': 'draft' },
        returnNew: true,
      },
      meta,
    );
    return int(out?.commitSeq);
  }

  /** open -> closing: from here on no entry number is handed out. */
  /** Records who asks for the close, once, while the year is open. */
  async requestClose(meta: WriteMeta, boardId: string, yearId: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'SET closeRequestedBy = :by, closeRequestedAt = :at',
        condition: '#status = :open AND attribute_not_exists(closeRequestedBy)',
        names: { '#status': 'status' },
        values: { ':open': 'open', ':by': meta.actor, ':at': meta.at },
        audit: { action: 'close-requested' },
      },
      meta,
    );
  }

  /**
   * Records the approval of a requested close by somebody other than the requester: the
   * condition on the year item itself is what enforces the two-person rule.
   */
  async approveClose(meta: WriteMeta, boardId: string, yearId: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'SET closeApprovedBy = :by, closeApprovedAt = :at',
        condition:
          '#status = :open AND attribute_exists(closeRequestedBy) AND closeRequestedBy <> :by AND attribute_not_exists(closeApprovedBy)',
        names: { '#status': 'status' },
        values: { ':open': 'open', ':by': meta.actor, ':at': meta.at },
        audit: { action: 'close-approved' },
      },
      meta,
    );
  }

  async beginClose(meta: WriteMeta, boardId: string, yearId: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'SET #status = :closing, closingAt = :at, closingBy = :by',
        condition: '#status = :open',
        names: { '#status': 'status' },
        values: { ':closing': 'closing', ':open': 'open', ':at': meta.at, ':by': meta.actor },
      },
      meta,
    );
  }

  /** closing -> closed, sealing the ledger with its hash. */
  async finishClose(meta: WriteMeta, boardId: string, yearId: string, sealHash: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'SET #status = :closed, closedAt = :at, closedBy = :by, sealHash = :seal, #version = #version + :one',
        condition: '#status = :closing',
        names: { '#status': 'status', '#version': 'version' },
        values: { ':closed': 'closed', ':closing': 'closing', ':at': meta.at, ':by': meta.actor, ':seal': sealHash, ':one': 1 },
      },
      meta,
    );
  }

  /**
   * Voids a reserved entry number that no entry took, by writing a tombstone under the key
   * the entry would use. False if an entry got there first (it is then part of the ledger).
   */
  async voidEntrySeq(meta: WriteMeta, boardId: string, yearId: string, seq: number): Promise<boolean> {
    try {
      await this.store.write(
        {
          kind: 'put',
          item: {
            ...keys.entry(boardId, yearId, seq),
            type: 'void',
            seq,
            reason: 'number reserved but no entry was recorded before the year closed',
            at: meta.at,
          },
          condition: 'attribute_not_exists(pk)',
        },
        meta,
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionFailed) return false;
      throw err;
    }
  }

  /**
   * The whole year partition in one read: budget lines, agreement, entries, voided
   * numbers, commitments and the close snapshot. The ideal for recharge, forecast and close.
   *
   * @param committedSet the year's committed imports when the caller has just read the year
   *   item (consistently, before this call), which saves reading it again; read here otherwise.
   */
  async readYear(boardId: string, yearId: string, committedSet?: ReadonlySet<string>): Promise<YearContents> {
    // The committed set first: an import is committed only after all its rows are written,
    // so every import in it is read whole below, and any other import not at all.
    const committed = committedSet ?? (await this.committedImports(boardId, yearId));
    const items = await this.store.queryAll({ pk: yearPk(boardId, yearId) });
    const out: YearContents = { lines: [], entries: [], voided: [], pending: [], commitments: [] };
    for (const item of items) {
      const sk = str(item.sk);
      if (sk.startsWith(PREFIX.entry)) {
        if (!isEntryItem(item)) out.voided.push(int(item.seq));
        else if (isVisible(item, committed)) out.entries.push(toEntry(item));
        else out.pending?.push(int(item.seq));
      } else if (sk.startsWith(PREFIX.line)) out.lines.push(toLine(item));
      else if (sk.startsWith(PREFIX.commitment)) out.commitments.push(toCommitment(item));
      else if (sk === 'AGREEMENT') out.agreement = toStoredAgreement(item);
      else if (sk === 'SNAPSHOT') out.snapshot = item.snapshot as Record<string, unknown>;
    }
    return out;
  }

  // ------------------------------------------------------------ agreement and snapshot

  async getAgreement(boardId: string, yearId: string): Promise<StoredAgreement | undefined> {
    const item = await this.store.get(keys.agreement(boardId, yearId));
    return item ? toStoredAgreement(item) : undefined;
  }

  async createAgreement(meta: WriteMeta, boardId: string, yearId: string, wire: AgreementWire): Promise<StoredAgreement> {
    return toStoredAgreement(
      await createVersioned(this.store, meta, keys.agreement(boardId, yearId), { type: 'agreement', boardId, yearId, agreement: wire }),
    );
  }

  async updateAgreement(meta: WriteMeta, current: StoredAgreement, wire: AgreementWire): Promise<StoredAgreement> {
    return toStoredAgreement(
      await updateVersioned(this.store, meta, keys.agreement(current.boardId, current.yearId), current.version, { agreement: wire }),
    );
  }

  async getSnapshot(boardId: string, yearId: string): Promise<Record<string, unknown> | undefined> {
    const item = await this.store.get(keys.snapshot(boardId, yearId));
    return item ? (item.snapshot as Record<string, unknown>) : undefined;
  }

  /** Records the close's inputs and result once; a retry reads back the first one. */
  async putSnapshotOnce(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    snapshot: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    try {
      await this.store.write(
        {
          kind: 'put',
          item: { ...keys.snapshot(boardId, yearId), type: 'snapshot', snapshot, createdAt: meta.at, createdBy: meta.actor },
          condition: 'attribute_not_exists(pk)',
        },
        meta,
      );
      return snapshot;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const stored = await this.getSnapshot(boardId, yearId);
      if (!stored) throw err;
      return stored;
    }
  }

  // ------------------------------------------------------------ budget lines

  async getLine(boardId: string, yearId: string, category: string): Promise<BudgetLine | undefined> {
    const item = await this.store.get(keys.budgetLine(boardId, yearId, category));
    return item ? toLine(item) : undefined;
  }

  async createLine(
    meta: WriteMeta,
    line: Pick<BudgetLine, 'boardId' | 'yearId' | 'category' | 'name' | 'amount' | 'profile' | 'forecast'>,
  ): Promise<BudgetLine> {
    const item = await createVersioned(this.store, meta, keys.budgetLine(line.boardId, line.yearId, line.category), {
      type: 'line',
      boardId: line.boardId,
      yearId: line.yearId,
      category: line.category,
      name: line.name,
      amount: line.amount.toString(),
      ...(line.profile ? { profile: line.profile.map((m) => m.toString()) } : {}),
      ...(line.forecast ? { forecast: line.forecast } : {}),
    });
    return toLine(item);
  }

  async updateLine(
    meta: WriteMeta,
    current: BudgetLine,
    fields: Pick<BudgetLine, 'name' | 'amount' | 'profile' | 'forecast'>,
  ): Promise<BudgetLine> {
    const key = keys.budgetLine(current.boardId, current.yearId, current.category);
    const set = {
      name: fields.name,
      amount: fields.amount.toString(),
      ...(fields.profile ? { profile: fields.profile.map((m) => m.toString()) } : {}),
      ...(fields.forecast ? { forecast: fields.forecast } : {}),
    };
    const remove = [...(fields.profile ? [] : ['profile']), ...(fields.forecast ? [] : ['forecast'])];
    return toLine(await updateVersioned(this.store, meta, key, current.version, set, remove));
  }

  async listLines(boardId: string, yearId: string, limit: number, after?: string): Promise<{ items: BudgetLine[]; lastSk?: string }> {
    const page = await this.store.query({ pk: yearPk(boardId, yearId), prefix: PREFIX.line, limit, ...(after ? { after } : {}) });
    return { items: page.items.map(toLine), ...(page.lastSk ? { lastSk: page.lastSk } : {}) };
  }

  // ------------------------------------------------------------ history

  async getHistory(boardId: string, yearId: string): Promise<History | undefined> {
    const item = await this.store.get(keys.history(boardId, yearId));
    return item ? toHistory(item) : undefined;
  }

  /**
   * Records published figures. The history item is written first, then the year item is
   * created or moved to closed/history under a condition that it has no ledger; a failed
   * condition leaves a history item that reads ignore, because the year says `ledger`.
   */
  async putHistory(
    meta: WriteMeta,
    h: Pick<History, 'boardId' | 'yearId' | 'budgetSet' | 'outturn' | 'contributions'>,
    existing: History | undefined,
  ): Promise<History> {
    const fy = parseYearId(h.yearId);
    const item = {
      ...keys.history(h.boardId, h.yearId),
      type: 'history',
      boardId: h.boardId,
      yearId: h.yearId,
      budgetSet: h.budgetSet.toString(),
      outturn: h.outturn.toString(),
      contributions: h.contributions.map((c) => ({
        partnerId: c.partnerId,
        baseline: c.baseline.toString(),
        additional: c.additional.toString(),
      })),
      createdAt: existing?.createdAt ?? meta.at,
      createdBy: existing?.createdBy ?? meta.actor,
      ...(existing ? { updatedAt: meta.at, updatedBy: meta.actor } : {}),
    };
    await this.store.write({ kind: 'put', item }, meta);
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(h.boardId, h.yearId),
        update:
          'SET #type = :year, boardId = :board, yearId = :yearId, #start = :start, #end = :end, #status = :closed, #source = :history, budgetSet = :budget, closedAt = if_not_exists(closedAt, :at), createdAt = if_not_exists(createdAt, :at), createdBy = if_not_exists(createdBy, :by), updatedAt = :at, updatedBy = :by, #version = if_not_exists(#version, :zero) + :one',
        condition: 'attribute_not_exists(pk) OR #source = :history OR (#status = :draft AND (attribute_not_exists(seq) OR seq = :zero))',
        names: { '#type': 'type', '#status': 'status', '#source': 'source', '#version': 'version', '#start': 'start', '#end': 'end' },
        values: {
          ':year': 'year',
          ':board': h.boardId,
          ':yearId': h.yearId,
          ':start': fy?.start,
          ':end': fy?.end,
          ':closed': 'closed',
          ':history': 'history',
          ':draft': 'draft',
          ':budget': h.budgetSet.toString(),
          ':at': meta.at,
          ':by': meta.actor,
          ':zero': 0,
          ':one': 1,
        },
      },
      meta,
    );
    return toHistory(item);
  }

  // ------------------------------------------------------------ ledger

  /**
   * Writes an entry under its reserved number, once. A ConditionFailed means the number
   * was taken: voided by a close, or written by an earlier attempt.
   */
  /**
   * @param opts.audit false for the rows of an import: the import's own record and its commit are
   *   the audit trail of the file, and the rows carry the import's id; one record per row would
   *   double the cost of a 10,000-row file.
   */
  async putEntry(
    meta: WriteMeta,
    e: Omit<Entry, 'entryId' | 'createdAt' | 'createdBy' | 'requestId'>,
    opts: { audit?: boolean } = {},
  ): Promise<Entry> {
    const entryId = entryIdOf(e.seq);
    const item: Item = {
      ...keys.entry(e.boardId, e.yearId, e.seq),
      type: 'entry',
      boardId: e.boardId,
      yearId: e.yearId,
      seq: e.seq,
      date: e.date,
      category: e.category,
      amount: e.amount.toString(),
      supplier: e.supplier,
      description: e.description,
      ...(e.sarId ? { sarId: e.sarId, ...keys.sarCostIndex(e.boardId, e.sarId, e.yearId, entryId) } : {}),
      ...(e.reference ? { reference: e.reference } : {}),
      ...(e.reverses ? { reverses: e.reverses } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.importId ? { importId: e.importId } : {}),
      createdAt: meta.at,
      createdBy: meta.actor,
      requestId: meta.requestId,
      operationId: operationOf(meta),
    };
    await this.store.write(
      { kind: 'put', item, condition: 'attribute_not_exists(pk)', ...(opts.audit === false ? { audit: false } : {}) },
      meta,
    );
    return toEntry(item);
  }

  /** What is stored under an entry number: an entry, `'void'` (a close's tombstone), or nothing. */
  async entryAt(boardId: string, yearId: string, seq: number): Promise<Entry | 'void' | undefined> {
    const item = await this.store.get(keys.entry(boardId, yearId, seq));
    if (!item) return undefined;
    return isEntryItem(item) ? toEntry(item) : 'void';
  }

  /** What is stored under several numbers, in one batch read per hundred: entries (visible or not) and voids. */
  async entriesAt(boardId: string, yearId: string, seqs: readonly number[]): Promise<Map<number, Entry | 'void'>> {
    const found = await this.store.getMany(seqs.map((seq) => keys.entry(boardId, yearId, seq)));
    const out = new Map<number, Entry | 'void'>();
    for (const item of found.values()) out.set(int(item.seq), isEntryItem(item) ? toEntry(item) : 'void');
    return out;
  }

  /** The entry under a number if it is part of the ledger (not void, not a row of an unfinished import). */
  async visibleEntryAt(boardId: string, yearId: string, seq: number): Promise<Entry | undefined> {
    const entryKey = keys.entry(boardId, yearId, seq);
    const found = await this.store.getMany([keys.year(boardId, yearId), entryKey]);
    const item = found.get(`${entryKey.pk}|${entryKey.sk}`);
    if (!item || !isEntryItem(item)) return undefined;
    const yearKey = keys.year(boardId, yearId);
    return isVisible(item, committedImportsOf(found.get(`${yearKey.pk}|${yearKey.sk}`))) ? toEntry(item) : undefined;
  }

  /** The imports committed in a year (read consistently from the year item). */
  async committedImports(boardId: string, yearId: string): Promise<ReadonlySet<string>> {
    return committedImportsOf(await this.store.get(keys.year(boardId, yearId)));
  }

  /**
   * A page of the ledger in number order. Rows of unfinished imports are skipped, reading on
   * until the page is full, so a page is short only at the end.
   */
  async listEntries(boardId: string, yearId: string, limit: number, after?: string): Promise<{ items: Entry[]; lastSk?: string }> {
    const committed = await this.committedImports(boardId, yearId);
    const items: Entry[] = [];
    let from = after;
    for (;;) {
      const want = limit - items.length;
      const page = await this.store.query({
        pk: yearPk(boardId, yearId),
        prefix: PREFIX.entry,
        // After skipping hidden rows, read on in larger pages.
        limit: from === after ? want : Math.max(want, 200),
        ...(from ? { after: from } : {}),
      });
      for (const item of page.items) {
        if (!isEntryItem(item) || !isVisible(item, committed)) continue;
        items.push(toEntry(item));
        if (items.length === limit) return { items, lastSk: str(item.sk) };
      }
      if (page.lastSk === undefined) return { items };
      from = page.lastSk;
    }
  }

  /** The whole ledger of a year in number order (exports). */
  async allEntries(boardId: string, yearId: string): Promise<Entry[]> {
    const committed = await this.committedImports(boardId, yearId);
    const items = await this.store.queryAll({ pk: yearPk(boardId, yearId), prefix: PREFIX.entry });
    return items.filter((i) => isEntryItem(i) && isVisible(i, committed)).map(toEntry);
  }

  /** Every commitment of a year (exports). */
  async allCommitments(boardId: string, yearId: string): Promise<Commitment[]> {
    return (await this.store.queryAll({ pk: yearPk(boardId, yearId), prefix: PREFIX.commitment })).map(toCommitment);
  }

  /** Claims the right to reverse an entry, once; the marker records the reversal's number. */
  async claimReversal(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    entryId: string,
    reversalSeq: number,
    importId?: string,
  ): Promise<void> {
    await this.store.write(
      {
        kind: 'put',
        item: {
          ...keys.reversalMarker(boardId, yearId, entryId),
          type: 'reversal-marker',
          entryId,
          reversalSeq,
          ...(importId ? { importId } : {}),
          createdAt: meta.at,
          createdBy: meta.actor,
          requestId: meta.requestId,
          operationId: operationOf(meta),
        },
        condition: 'attribute_not_exists(pk)',
      },
      meta,
    );
  }

  /** Who claimed the reversal of an entry: the number of the reversal, and the import when a credit row claimed it. */
  async getReversalMarker(boardId: string, yearId: string, entryId: string): Promise<ReversalMarker | undefined> {
    const item = await this.store.get(keys.reversalMarker(boardId, yearId, entryId));
    return item ? toMarker(item) : undefined;
  }

  /** The reversal markers of several entries in one batch read, by entry id. */
  async reversalMarkers(boardId: string, yearId: string, entryIds: readonly string[]): Promise<Map<string, ReversalMarker>> {
    const found = await this.store.getMany(entryIds.map((id) => keys.reversalMarker(boardId, yearId, id)));
    const out = new Map<string, ReversalMarker>();
    for (const item of found.values()) out.set(str(item.entryId), toMarker(item));
    return out;
  }

  async getCommitment(boardId: string, yearId: string, seq: number): Promise<Commitment | undefined> {
    const item = await this.store.get(keys.commitment(boardId, yearId, seq));
    return item ? toCommitment(item) : undefined;
  }

  async putCommitment(meta: WriteMeta, c: Omit<Commitment, 'commitmentId' | 'createdAt' | 'createdBy'>): Promise<Commitment> {
    const item: Item = {
      ...keys.commitment(c.boardId, c.yearId, c.seq),
      type: 'commitment',
      boardId: c.boardId,
      yearId: c.yearId,
      seq: c.seq,
      category: c.category,
      description: c.description,
      amount: c.amount.toString(),
      dueDate: c.dueDate,
      ...(c.supplier ? { supplier: c.supplier } : {}),
      ...(c.sarId ? { sarId: c.sarId } : {}),
      createdAt: meta.at,
      createdBy: meta.actor,
      requestId: meta.requestId,
      operationId: operationOf(meta),
    };
    await this.store.write({ kind: 'put', item, condition: 'attribute_not_exists(pk)' }, meta);
    return toCommitment(item);
  }

  async listCommitments(boardId: string, yearId: string, limit: number, after?: string): Promise<{ items: Commitment[]; lastSk?: string }> {
    const page = await this.store.query({ pk: yearPk(boardId, yearId), prefix: PREFIX.commitment, limit, ...(after ? { after } : {}) });
    return { items: page.items.map(toCommitment), ...(page.lastSk ? { lastSk: page.lastSk } : {}) };
  }

  /** The keys a post needs, read in one round trip: the year, the category's line, the SAR case. */
  async loadForEntry(boardId: string, yearId: string, category: string, sarId: string | undefined) {
    const wanted = [keys.year(boardId, yearId), keys.budgetLine(boardId, yearId, category), ...(sarId ? [keys.sar(boardId, sarId)] : [])];
    const found = await this.store.getMany(wanted);
    const at = (k: { pk: string; sk: string }) => found.get(`${k.pk}|${k.sk}`);
    const yearItem = at(keys.year(boardId, yearId));
    return {
      year: yearItem ? toYear(yearItem) : undefined,
      lineExists: at(keys.budgetLine(boardId, yearId, category)) !== undefined,
      sarExists: sarId ? at(keys.sar(boardId, sarId)) !== undefined : true,
    };
  }
}
