/**
 * Bulk imports of expenditure. An import is a record in the year's partition (created once,
 * under an id derived from the board, the year and the file's rows), a block of entry numbers
 * reserved on the year item in one update, the rows themselves (written by
 * {@link YearsRepository.putEntry} with the import's id), and a commit: one conditional update
 * of the year item that adds the id to its `committedImports` set. Until that update, every
 * read leaves the import's rows out, so an import is seen whole or not at all.
 */
import { ConditionFailed } from '../../domain/errors.ts';
import { keys } from './keys.ts';
import { type Item, int, optStr, type Store, str, type WriteMeta } from './store.ts';

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

function toRecord(item: Item): ImportRecord {
  const committedAt = optStr(item.committedAt);
  const committedBy = optStr(item.committedBy);
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    importId: str(item.importId),
    format: str(item.format) as ImportRecord['format'],
    rows: int(item.rows),
    credits: int(item.credits),
    total: str(item.total),
    ...(item.firstSeq === undefined ? {} : { firstSeq: int(item.firstSeq) }),
    createdAt: str(item.createdAt),
    createdBy: str(item.createdBy),
    ...(committedAt ? { committedAt } : {}),
    ...(committedBy ? { committedBy } : {}),
  };
}

export class ImportsRepository {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async get(boardId: string, yearId: string, importId: string): Promise<ImportRecord | undefined> {
    const item = await this.store.get(keys.importRecord(boardId, yearId, importId));
    return item ? toRecord(item) : undefined;
  }

  /** Creates the import's record once; an earlier attempt's record is read back instead. */
  async createOnce(meta: WriteMeta, rec: NewImport): Promise<{ record: ImportRecord; created: boolean }> {
    const item: Item = {
      ...keys.importRecord(rec.boardId, rec.yearId, rec.importId),
      type: 'import',
      ...rec,
      createdAt: meta.at,
      createdBy: meta.actor,
      requestId: meta.requestId,
    };
    try {
      await this.store.write({ kind: 'put', item, condition: 'attribute_not_exists(pk)' }, meta);
      return { record: toRecord(item), created: true };
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const existing = await this.get(rec.boardId, rec.yearId, rec.importId);
      if (!existing) throw err;
      return { record: existing, created: false };
    }
  }

  /**
   * Reserves `count` consecutive entry numbers in one update, only while the year is open,
   * and answers the first. Not idempotent: a block whose first number is never recorded is
   * simply unused, and the close voids its numbers like any other reserved-but-unwritten one.
   * @throws ConditionFailed when the year is not open.
   */
  async reserveBlock(meta: WriteMeta, boardId: string, yearId: string, count: number): Promise<number> {
    const out = await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'ADD seq :n',
        audit: false, // numbers handed out; the import record and its commit are audited
        condition: '#status = :open',
        names: { '#status': 'status' },
        values: { ':n': count, ':open': 'open' },
        returnNew: true,
      },
      meta,
    );
    return int(out?.seq) - count + 1;
  }

  /** Records the block's first number on the import, once; answers the number that stands. */
  async recordFirstSeq(meta: WriteMeta, boardId: string, yearId: string, importId: string, firstSeq: number): Promise<number> {
    const key = keys.importRecord(boardId, yearId, importId);
    try {
      await this.store.write(
        {
          kind: 'update',
          key,
          update: 'SET firstSeq = :first',
          condition: 'attribute_exists(pk) AND attribute_not_exists(firstSeq)',
          values: { ':first': firstSeq },
        },
        meta,
      );
      return firstSeq;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const stored = await this.get(boardId, yearId, importId);
      if (stored?.firstSeq === undefined) throw err;
      return stored.firstSeq; // a concurrent attempt at the same file recorded its block first
    }
  }

  /**
   * The commit: adds the import to the year's committed set, only while the year is open.
   * Repeating it changes nothing (a set add).
   * @throws ConditionFailed when the year is not open.
   */
  async commit(meta: WriteMeta, boardId: string, yearId: string, importId: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'ADD committedImports :id',
        condition: '#status = :open',
        names: { '#status': 'status' },
        values: { ':id': new Set([importId]), ':open': 'open' },
      },
      meta,
    );
  }

  /** Stamps who committed the import and when (for the answer to a re-import); the first stamp stays. */
  async stampCommitted(meta: WriteMeta, boardId: string, yearId: string, importId: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.importRecord(boardId, yearId, importId),
        update: 'SET committedAt = if_not_exists(committedAt, :at), committedBy = if_not_exists(committedBy, :by)',
        condition: 'attribute_exists(pk)',
        values: { ':at': meta.at, ':by': meta.actor },
      },
      meta,
    );
  }
}
