/**
 * The year item (`YEAR#<id>` in the board's partition): budget set, status, the close's two
 * signatures and the fence of the ledger. Entry and commitment numbers are reserved here, and
 * only while the year's status allows it, which is what lets a close stop the ledger with one
 * write. An import's rows become part of the ledger by one update of this item.
 */
import type { ListArgs, Page, YearsPort } from '../../application/ports.ts';
import { parseYearId } from '../../domain/financial-year.ts';
import type { Year } from '../../domain/ledger.ts';
import type { Money } from '../../domain/money.ts';
import { boardPk, keys, PREFIX } from './keys.ts';
import { createVersioned, readPage, updateVersioned } from './mapping.ts';
import { ConditionFailed, int, type Store, type WriteMeta } from './store.ts';
import { committedImportsOf, toYear } from './years.mapper.ts';

export class YearsRepository implements YearsPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getYear(boardId: string, yearId: string): Promise<Year | undefined> {
    const item = await this.store.get(keys.year(boardId, yearId));
    return item ? toYear(item) : undefined;
  }

  listYears(boardId: string, page: ListArgs): Promise<Page<Year>> {
    return readPage(this.store, { pk: boardPk(boardId), prefix: PREFIX.year }, page, toYear);
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

  /** open -> closing: from here on no entry number is handed out. */
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

  async reserveEntryBlock(meta: WriteMeta, boardId: string, yearId: string, count: number): Promise<number> {
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

  async commitImport(meta: WriteMeta, boardId: string, yearId: string, importId: string): Promise<void> {
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

  async committedImports(boardId: string, yearId: string): Promise<ReadonlySet<string>> {
    return committedImportsOf(await this.store.get(keys.year(boardId, yearId)));
  }

  /**
   * Reserves the next other-income number, only while the year is open: the same fence as
   * entry numbers, so a close that has stopped the year can void any number still unwritten.
   */
  async reserveIncomeSeq(meta: WriteMeta, boardId: string, yearId: string): Promise<number> {
    try {
      return await this.reserveIncomeSeqOnce(meta, boardId, yearId);
    } catch (err) {
      // As for entries: a conditional failure is believed only if the year is no longer open.
      if (!(err instanceof ConditionFailed) || (await this.getYear(boardId, yearId))?.status !== 'open') throw err;
      return this.reserveIncomeSeqOnce(meta, boardId, yearId);
    }
  }

  private async reserveIncomeSeqOnce(meta: WriteMeta, boardId: string, yearId: string): Promise<number> {
    const out = await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'ADD incomeSeq :one',
        audit: false, // a number handed out; the income written under it is audited
        condition: '#status = :open',
        names: { '#status': 'status' },
        values: { ':one': 1, ':open': 'open' },
        returnNew: true,
      },
      meta,
    );
    return int(out?.incomeSeq);
  }

  async createRolledYear(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    budgetSet: Money,
    from: { from: string; uplift: string; operationId: string },
  ): Promise<Year> {
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
      seq: 0,
      commitSeq: 0,
      rolledForward: { from: from.from, uplift: from.uplift, operationId: from.operationId },
    });
    return toYear(item);
  }

  async completeRollForward(meta: WriteMeta, boardId: string, yearId: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'SET rollForwardCompletedAt = if_not_exists(rollForwardCompletedAt, :at)',
        condition: 'attribute_exists(rolledForward)',
        values: { ':at': meta.at },
        audit: { action: 'roll-forward-completed' },
      },
      meta,
    );
  }
}
