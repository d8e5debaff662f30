/**
 * Other income (`INCOME#<seq>` in the year's partition): immutable records under numbers reserved
 * on the year item while the year is open, one reversal marker per record
 * (`INCOMEREV#<incomeId>`), and the close's tombstones over numbers no record took.
 */
import type { ListArgs, NewIncome, OtherIncomePort, Page, ReversalMarker } from '../../application/ports.ts';
import type { OtherIncome } from '../../domain/other-income.ts';
import { keys, PREFIX, yearPk } from './keys.ts';
import { toMarker } from './ledger.mapper.ts';
import { afterOf, voidSeq } from './mapping.ts';
import { isIncomeItem, toIncome } from './other-income.mapper.ts';
import { type Item, operationOf, type Store, str, type WriteMeta } from './store.ts';

export class OtherIncomeRepository implements OtherIncomePort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async putIncome(meta: WriteMeta, i: NewIncome): Promise<OtherIncome> {
    const item: Item = {
      ...keys.income(i.boardId, i.yearId, i.seq),
      type: 'income',
      boardId: i.boardId,
      yearId: i.yearId,
      seq: i.seq,
      date: i.date,
      source: i.source,
      kind: i.kind,
      amount: i.amount.toString(),
      ...(i.partnerId ? { partnerId: i.partnerId } : {}),
      description: i.description,
      ...(i.reverses ? { reverses: i.reverses } : {}),
      ...(i.reason ? { reason: i.reason } : {}),
      createdAt: meta.at,
      createdBy: meta.actor,
      requestId: meta.requestId,
      operationId: operationOf(meta),
    };
    await this.store.write({ kind: 'put', item, condition: 'attribute_not_exists(pk)' }, meta);
    return toIncome(item);
  }

  async incomeAt(boardId: string, yearId: string, seq: number): Promise<OtherIncome | 'void' | undefined> {
    const item = await this.store.get(keys.income(boardId, yearId, seq));
    if (!item) return undefined;
    return isIncomeItem(item) ? toIncome(item) : 'void';
  }

  /** A page of the year's income in number order (tombstones skipped, reading on until the page is full). */
  async listIncome(boardId: string, yearId: string, page: ListArgs): Promise<Page<OtherIncome>> {
    const items: OtherIncome[] = [];
    let from = afterOf(page, PREFIX.income).after;
    for (;;) {
      const read = await this.store.query({
        pk: yearPk(boardId, yearId),
        prefix: PREFIX.income,
        limit: page.limit - items.length,
        ...(from ? { after: from } : {}),
      });
      for (const item of read.items) {
        if (!isIncomeItem(item)) continue;
        items.push(toIncome(item));
        if (items.length === page.limit) return { items, last: str(item.sk) };
      }
      if (read.lastSk === undefined) return { items };
      from = read.lastSk;
    }
  }

  async claimReversal(meta: WriteMeta, boardId: string, yearId: string, incomeId: string, reversalSeq: number): Promise<void> {
    await this.store.write(
      {
        kind: 'put',
        item: {
          ...keys.incomeReversalMarker(boardId, yearId, incomeId),
          type: 'income-reversal-marker',
          incomeId,
          reversalSeq,
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

  async getReversalMarker(boardId: string, yearId: string, incomeId: string): Promise<ReversalMarker | undefined> {
    const item = await this.store.get(keys.incomeReversalMarker(boardId, yearId, incomeId));
    return item ? toMarker(item) : undefined;
  }

  voidIncomeSeq(meta: WriteMeta, boardId: string, yearId: string, seq: number): Promise<boolean> {
    const reason = 'income number reserved but no income was recorded before the year closed';
    return voidSeq(this.store, meta, keys.income(boardId, yearId, seq), seq, reason);
  }
}
