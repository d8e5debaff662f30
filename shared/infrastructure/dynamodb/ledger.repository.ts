/**
 * The expenditure ledger of a year (`ENTRY#<seq>` in the year's partition): immutable entries
 * under numbers reserved on the year item, reversal markers (`REVERSED#<entryId>`, one per
 * entry), the close's tombstones over numbers no entry took, and the one-Query read of the
 * whole partition that the recharge, the forecast, the reports and the close price.
 */
import type { EntryContext, LedgerPort, ListArgs, NewEntry, Page, ReversalMarker, YearContents } from '../../application/ports.ts';
import { reviseLines, type StoredLine } from '../../domain/budget.ts';
import { type Entry, entryIdOf } from '../../domain/ledger.ts';
import { toStoredAgreement } from './agreements.mapper.ts';
import { toStoredLine } from './budget-lines.mapper.ts';
import { toCommitment } from './commitments.mapper.ts';
import { keys, PREFIX, yearPk } from './keys.ts';
import { isEntryItem, toEntry, toMarker } from './ledger.mapper.ts';
import { afterOf, voidSeq } from './mapping.ts';
import { isIncomeItem, toIncome } from './other-income.mapper.ts';
import { toSnapshot } from './snapshots.mapper.ts';
import { ConditionFailed, type Item, int, operationOf, type Store, str, type WriteMeta } from './store.ts';
import { toVirements } from './virements.mapper.ts';
import { committedImportsOf, isVisible, toYear } from './years.mapper.ts';

export class LedgerRepository implements LedgerPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  /**
   * Writes an entry under its reserved number, once. A ConditionFailed means the number
   * was taken: voided by a close, or written by an earlier attempt.
   *
   * @param opts.audit false for the rows of an import: the import's own record and its commit are
   *   the audit trail of the file, and the rows carry the import's id; one record per row would
   *   double the cost of a 10,000-row file.
   */
  async putEntry(meta: WriteMeta, e: NewEntry, opts: { audit?: boolean } = {}): Promise<Entry> {
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

  /**
   * A page of the ledger in number order, only the category asked for (if any). Rows of
   * unfinished imports and other categories are skipped, reading on until the page is full, so a
   * page is short only at the end and its position is where the reading stopped.
   */
  async listEntries(boardId: string, yearId: string, page: ListArgs & { category?: string }): Promise<Page<Entry>> {
    const committed = committedImportsOf(await this.store.get(keys.year(boardId, yearId)));
    const items: Entry[] = [];
    const start = afterOf(page, PREFIX.entry).after;
    let from = start;
    for (;;) {
      const want = page.limit - items.length;
      const read = await this.store.query({
        pk: yearPk(boardId, yearId),
        prefix: PREFIX.entry,
        // After skipping rows, read on in larger pages.
        limit: from === start ? want : Math.max(want, 200),
        ...(from ? { after: from } : {}),
      });
      for (const item of read.items) {
        if (!isEntryItem(item) || !isVisible(item, committed)) continue;
        if (page.category !== undefined && item.category !== page.category) continue;
        items.push(toEntry(item));
        if (items.length === page.limit) return { items, last: str(item.sk) };
      }
      if (read.lastSk === undefined) return { items };
      from = read.lastSk;
    }
  }

  /** The whole ledger of a year in number order (exports). */
  async allEntries(boardId: string, yearId: string): Promise<Entry[]> {
    const committed = committedImportsOf(await this.store.get(keys.year(boardId, yearId)));
    const items = await this.store.queryAll({ pk: yearPk(boardId, yearId), prefix: PREFIX.entry });
    return items.filter((i) => isEntryItem(i) && isVisible(i, committed)).map(toEntry);
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

  /**
   * Voids a reserved entry number that no entry took, by writing a tombstone under the key
   * the entry would use. False if an entry got there first (it is then part of the ledger).
   */
  voidEntrySeq(meta: WriteMeta, boardId: string, yearId: string, seq: number): Promise<boolean> {
    const reason = 'number reserved but no entry was recorded before the year closed';
    return voidSeq(this.store, meta, keys.entry(boardId, yearId, seq), seq, reason);
  }

  /**
   * The whole year partition in one read: budget lines, agreement, entries, voided
   * numbers, commitments, other income and the close snapshot. The ideal for recharge, forecast and close.
   *
   * @param committedSet the year's committed imports when the caller has just read the year
   *   item (consistently, before this call), which saves reading it again; read here otherwise.
   */
  async readYear(boardId: string, yearId: string, committedSet?: ReadonlySet<string>): Promise<YearContents> {
    // The committed set first: an import is committed only after all its rows are written,
    // so every import in it is read whole below, and any other import not at all.
    const committed = committedSet ?? committedImportsOf(await this.store.get(keys.year(boardId, yearId)));
    const items = await this.store.queryAll({ pk: yearPk(boardId, yearId) });
    const out: YearContents = {
      lines: [],
      virements: [],
      virementsVersion: 0,
      entries: [],
      voided: [],
      pending: [],
      commitments: [],
      income: [],
      incomeVoided: [],
    };
    const stored: StoredLine[] = [];
    for (const item of items) {
      const sk = str(item.sk);
      if (sk.startsWith(PREFIX.entry)) {
        if (!isEntryItem(item)) out.voided.push(int(item.seq));
        else if (isVisible(item, committed)) out.entries.push(toEntry(item));
        else out.pending?.push(int(item.seq));
      } else if (sk.startsWith(PREFIX.line)) stored.push(toStoredLine(item));
      else if (sk.startsWith(PREFIX.commitment)) out.commitments.push(toCommitment(item));
      else if (sk.startsWith(PREFIX.income)) {
        if (isIncomeItem(item)) out.income?.push(toIncome(item));
        else out.incomeVoided?.push(int(item.seq));
      } else if (sk === 'AGREEMENT') out.agreement = toStoredAgreement(item);
      else if (sk === 'SNAPSHOT') out.snapshot = toSnapshot(item.snapshot);
      else if (sk === 'VIREMENTS') {
        const v = toVirements(item);
        out.virements = [...v.items];
        out.virementsVersion = v.version;
      }
    }
    // The lines and the virements come from the same Query: the revised amounts are consistent.
    out.lines = reviseLines(stored, out.virements);
    return out;
  }

  /** A bucket of the year's supplier references: normalised reference -> the entries holding it. */
  async referenceBucket(boardId: string, yearId: string, bucket: string): Promise<Map<string, string[]> | undefined> {
    const item = await this.store.get(keys.referenceBucket(boardId, yearId, bucket));
    return item ? refsOf(item) : undefined;
  }

  /**
   * Sets who holds references of one bucket, in one conditional update: each only if it is still
   * held as read (`expected`; absent: by nobody). The bucket is created on first use. The index is
   * bookkeeping derived from the entries (which are audited themselves), like the counters that
   * hand out numbers: its writes are not audited.
   */
  async claimReferences(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    bucket: string,
    claims: readonly { readonly reference: string; readonly holders: readonly string[]; readonly expected?: readonly string[] }[],
    opts: { readonly create?: boolean } = {},
  ): Promise<void> {
    if (claims.length === 0) return;
    const key = keys.referenceBucket(boardId, yearId, bucket);
    if (opts.create) {
      // Read as absent: create it holding these claims (a concurrent creator wins; the caller reads again).
      if (claims.some((c) => c.expected !== undefined)) throw new ConditionFailed(`${key.pk} ${key.sk}`);
      await this.store.write(
        {
          kind: 'put',
          item: { ...key, type: 'references', refs: Object.fromEntries(claims.map((c) => [c.reference, c.holders.join(' ')])) },
          condition: 'attribute_not_exists(pk)',
          audit: false,
        },
        meta,
      );
      return;
    }
    const names: Record<string, string> = { '#refs': 'refs' };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const conditions: string[] = ['attribute_exists(pk)'];
    claims.forEach((c, i) => {
      names[`#r${i}`] = c.reference;
      values[`:h${i}`] = c.holders.join(' ');
      sets.push(`#refs.#r${i} = :h${i}`);
      if (c.expected === undefined) conditions.push(`attribute_not_exists(#refs.#r${i})`);
      else {
        values[`:o${i}`] = c.expected.join(' ');
        conditions.push(`#refs.#r${i} = :o${i}`);
      }
    });
    await this.store.write(
      { kind: 'update', key, update: `SET ${sets.join(', ')}`, condition: conditions.join(' AND '), names, values, audit: false },
      meta,
    );
  }

  /** The keys a post needs, read in one round trip: the year, the category's line, the SAR case. */
  async entryContext(boardId: string, yearId: string, category: string, sarId: string | undefined): Promise<EntryContext> {
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

/** A reference bucket as stored: each reference with the entry ids holding it, space-separated. */
function refsOf(item: Item | undefined): Map<string, string[]> {
  const refs = item?.refs;
  const out = new Map<string, string[]>();
  if (refs && typeof refs === 'object')
    for (const [k, v] of Object.entries(refs)) if (typeof v === 'string' && v.length > 0) out.set(k, v.split(' '));
  return out;
}
