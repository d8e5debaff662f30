/**
 * Bulk imports of expenditure. An import is a record in the year's partition (created once,
 * under an id derived from the board, the year and the file's rows), a block of entry numbers
 * reserved on the year item in one update, the rows themselves (written by
 * the ledger's `putEntry` with the import's id), and a commit: one conditional update
 * of the year item that adds the id to its `committedImports` set. Until that update, every
 * read leaves the import's rows out, so an import is seen whole or not at all.
 */
import type { ImportRecord, ImportsPort, NewImport } from '../../application/ports.ts';
import { ConditionFailed } from '../../domain/errors.ts';
import { keys } from './keys.ts';
import { type Item, int, optStr, type Store, str, type WriteMeta } from './store.ts';

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

export class ImportsRepository implements ImportsPort {
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

  async claimBlock(meta: WriteMeta, boardId: string, yearId: string, importId: string, nowMs: number, leaseMs: number) {
    const key = keys.importRecord(boardId, yearId, importId);
    try {
      await this.store.write(
        {
          kind: 'update',
          key,
          update: 'SET blockClaim = :owner, blockClaimUntil = :until',
          condition:
            'attribute_exists(pk) AND attribute_not_exists(firstSeq) AND (attribute_not_exists(blockClaimUntil) OR blockClaimUntil < :now OR blockClaim = :owner)',
          values: { ':owner': meta.operationId ?? meta.requestId, ':until': nowMs + leaseMs, ':now': nowMs },
          audit: false, // who reserves the numbers; the import's record and its commit are audited
        },
        meta,
      );
      return { kind: 'claimed' as const };
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const item = await this.store.get(key);
      if (!item) throw err;
      if (item.firstSeq !== undefined) return { kind: 'recorded' as const, firstSeq: int(item.firstSeq) };
      return { kind: 'held' as const, untilMs: int(item.blockClaimUntil) };
    }
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
