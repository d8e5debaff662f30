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
import { createVersioned, readPage } from './mapping.ts';
import { ConditionFailed, type Item, int, type Store, type WriteMeta } from './store.ts';
import { attemptOf, closingIdOf, committedImportsOf, toYear } from './years.mapper.ts';

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

  createYear(meta: WriteMeta, boardId: string, yearId: string, budgetSet: Money, publishedOutturn?: Money): Promise<Year> {
    return this.createDraft(meta, boardId, yearId, budgetSet, publishedOutturn ? { publishedOutturn: publishedOutturn.toString() } : {});
  }

  /** A draft ledger year, created once (its counters at zero), with what its kind of creation records. */
  private async createDraft(meta: WriteMeta, boardId: string, yearId: string, budgetSet: Money, extra: Item): Promise<Year> {
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
      ...extra,
      seq: 0,
      commitSeq: 0,
    });
    return toYear(item);
  }

  /**
   * The budget set is one of the figures a close seals, and it lives on the year item itself: the
   * condition that no close is asked (or running) is checked in the same write, so a change that
   * read the year before a close request cannot land after it.
   */
  async setBudgetSet(meta: WriteMeta, year: Year, budgetSet: Money, publishedOutturn?: Money): Promise<Year> {
    const key = keys.year(year.boardId, year.yearId);
    const remove = publishedOutturn ? '' : ' REMOVE publishedOutturn';
    const out = await this.store.write(
      {
        kind: 'update',
        key,
        update: `SET budgetSet = :budget, #version = :next, updatedAt = :at, updatedBy = :by${publishedOutturn ? ', publishedOutturn = :published' : ''}${remove}`,
        condition: '#version = :expected AND #status IN (:draft, :open) AND attribute_not_exists(closeRequestedBy)',
        names: { '#version': 'version', '#status': 'status' },
        values: {
          ':budget': budgetSet.toString(),
          ':next': year.version + 1,
          ':expected': year.version,
          ':at': meta.at,
          ':by': meta.actor,
          ':draft': 'draft',
          ':open': 'open',
          ...(publishedOutturn ? { ':published': publishedOutturn.toString() } : {}),
        },
        returnNew: true,
      },
      meta,
    );
    if (!out) throw new ConditionFailed(key.sk);
    return toYear(out);
  }

  /** draft -> open, only from draft at the version read. */
  async openYear(meta: WriteMeta, year: Year, opts: { hostInvoiced: boolean } = { hostInvoiced: true }): Promise<Year> {
    const key = keys.year(year.boardId, year.yearId);
    const out = await this.store.write(
      {
        kind: 'update',
        key,
        update:
          'SET #status = :open, openedAt = :at, openedBy = :by, hostInvoiced = :host, #version = #version + :one, updatedAt = :at, updatedBy = :by',
        condition: '#status = :draft AND #version = :expected',
        names: { '#status': 'status', '#version': 'version' },
        values: {
          ':open': 'open',
          ':draft': 'draft',
          ':at': meta.at,
          ':by': meta.actor,
          ':host': opts.hostInvoiced,
          ':one': 1,
          ':expected': year.version,
        },
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
  reserveEntrySeq(meta: WriteMeta, boardId: string, yearId: string): Promise<number> {
    // A number handed out is not audited; the entry written under it is.
    return this.reserveSeq(meta, boardId, yearId, 'seq', ['open']);
  }

  /** Reserves the next commitment number while the year is draft or open. */
  reserveCommitmentSeq(meta: WriteMeta, boardId: string, yearId: string): Promise<number> {
    return this.reserveSeq(meta, boardId, yearId, 'commitSeq', ['draft', 'open']);
  }

  /**
   * Adds one to a counter on the year item while the year's status is one of `statuses`. A
   * conditional failure is only believed if the year is indeed in none of them: a retried call
   * can report one for a write that went through (that number is then simply unused).
   */
  private async reserveSeq(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    counter: 'seq' | 'commitSeq' | 'incomeSeq',
    statuses: readonly ['open'] | readonly ['draft', 'open'],
  ): Promise<number> {
    try {
      return await this.reserveSeqOnce(meta, boardId, yearId, counter, statuses);
    } catch (err) {
      const status = (await this.getYear(boardId, yearId))?.status;
      if (!(err instanceof ConditionFailed) || !(statuses as readonly string[]).includes(status ?? '')) throw err;
      return this.reserveSeqOnce(meta, boardId, yearId, counter, statuses);
    }
  }

  private async reserveSeqOnce(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    counter: 'seq' | 'commitSeq' | 'incomeSeq',
    statuses: readonly ['open'] | readonly ['draft', 'open'],
  ): Promise<number> {
    const draft = statuses.length === 2;
    const out = await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: `ADD ${counter} :one`,
        audit: false,
        condition: draft ? '#status IN (:draft, :open)' : '#status = :open',
        names: { '#status': 'status' },
        values: draft ? { ':one': 1, ':open': 'open', ':draft': 'draft' } : { ':one': 1, ':open': 'open' },
        returnNew: true,
      },
      meta,
    );
    return int(out?.[counter]);
  }

  /**
   * Records who asks for the close and the ETag of the figures they were shown, while the year is
   * open and no one else has asked (the same requester asking again records the figures anew).
   */
  async requestClose(meta: WriteMeta, boardId: string, yearId: string, etag: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'SET closeRequestedBy = :by, closeRequestedAt = :at, closeRequestEtag = :etag',
        condition: '#status = :open AND (attribute_not_exists(closeRequestedBy) OR closeRequestedBy = :by)',
        names: { '#status': 'status' },
        values: { ':open': 'open', ':by': meta.actor, ':at': meta.at, ':etag': etag },
        audit: { action: 'close-requested' },
      },
      meta,
    );
  }

  /** Withdraws the request to close while the year is open: its figures can change again. */
  async withdrawCloseRequest(meta: WriteMeta, boardId: string, yearId: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'REMOVE closeRequestedBy, closeRequestedAt, closeRequestEtag, closeApprovedBy, closeApprovedAt',
        condition: '#status = :open AND attribute_exists(closeRequestedBy)',
        names: { '#status': 'status' },
        values: { ':open': 'open' },
        audit: { action: 'close-request-withdrawn' },
      },
      meta,
    );
  }

  /**
   * The approval and the stop of the ledger in one write. The two-person rule, the binding to the
   * figures the requester was shown and the fence of the ledger are conditions on this one item,
   * so they hold under any concurrency: from this write on no entry number, no virement number and
   * no budget-set change is accepted, and the figures the close reads next are final (the fences
   * on lines, agreement and virements are set right after: see application/close-binding.ts).
   * Each attempt gets its own id (`close-<n>`), which its fences carry.
   */
  async stopForApproval(meta: WriteMeta, boardId: string, yearId: string, etag: string): Promise<string> {
    const out = await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update:
          'SET #status = :closing, closeApprovedBy = :by, closeApprovedAt = :at, closingAt = :at, closingBy = :by, closingEtag = :etag ADD closeAttempts :one',
        condition: '#status = :open AND attribute_exists(closeRequestedBy) AND closeRequestedBy <> :by AND closeRequestEtag = :etag',
        names: { '#status': 'status' },
        values: { ':closing': 'closing', ':open': 'open', ':by': meta.actor, ':at': meta.at, ':etag': etag, ':one': 1 },
        audit: { action: 'close-approved' },
        returnNew: true,
      },
      meta,
    );
    return closingIdOf(int(out?.closeAttempts));
  }

  /** closing -> open, when the sealed figures are not the approved ones (nothing was sealed). */
  async reopenRefusedClose(meta: WriteMeta, boardId: string, yearId: string, closingId: string): Promise<void> {
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(boardId, yearId),
        update: 'SET #status = :open REMOVE closeApprovedBy, closeApprovedAt, closingAt, closingBy, closingEtag',
        condition: '#status = :closing AND closeAttempts = :n',
        names: { '#status': 'status' },
        values: { ':open': 'open', ':closing': 'closing', ':n': attemptOf(closingId) },
        audit: { action: 'close-refused-figures-changed' },
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
  reserveIncomeSeq(meta: WriteMeta, boardId: string, yearId: string): Promise<number> {
    return this.reserveSeq(meta, boardId, yearId, 'incomeSeq', ['open']);
  }

  createRolledYear(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    budgetSet: Money,
    from: { from: string; uplift: string; operationId: string },
  ): Promise<Year> {
    return this.createDraft(meta, boardId, yearId, budgetSet, {
      rolledForward: { from: from.from, uplift: from.uplift, operationId: from.operationId },
    });
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
