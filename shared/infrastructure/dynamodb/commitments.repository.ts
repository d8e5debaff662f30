/** Commitments (`COMMIT#<seq>` in the year's partition): known future costs, for forecasting. */
import type { CommitmentsPort, ListArgs, Page } from '../../application/ports.ts';
import type { Commitment } from '../../domain/ledger.ts';
import { toCommitment } from './commitments.mapper.ts';
import { keys, PREFIX, yearPk } from './keys.ts';
import { readPage } from './mapping.ts';
import { type Item, operationOf, type Store, type WriteMeta } from './store.ts';

export class CommitmentsRepository implements CommitmentsPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
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

  listCommitments(boardId: string, yearId: string, page: ListArgs): Promise<Page<Commitment>> {
    return readPage(this.store, { pk: yearPk(boardId, yearId), prefix: PREFIX.commitment }, page, toCommitment);
  }

  /** Every commitment of a year (exports, forecasts). */
  async allCommitments(boardId: string, yearId: string): Promise<Commitment[]> {
    return (await this.store.queryAll({ pk: yearPk(boardId, yearId), prefix: PREFIX.commitment })).map(toCommitment);
  }
}
