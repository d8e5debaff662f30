/**
 * The outbox (DESIGN 10.5): outbox items and reminder watches in the partner's partition, found
 * through the sparse index (`MAIL#DUE`, `MAIL#REMIND`; see keys.ts). Every change is one
 * conditional write on one item: created once (`attribute_not_exists`), then replaced only at
 * the version read, so a claim, a recorded outcome and a delivery event can never overwrite
 * one another.
 */
import type { OutboxPort, OutboxRef, WatchRef } from '../../application/ports.ts';
import type { OutboxItem, ReminderWatch } from '../../domain/delivery.ts';
import { mailKeys } from './keys.ts';
import { outboxRecord, toOutboxItem, toWatch, watchRecord } from './outbox.mapper.ts';
import { ConditionFailed, type Store, type WriteMeta } from './store.ts';

export class OutboxRepository implements OutboxPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async create(meta: WriteMeta, item: Omit<OutboxItem, 'version'>): Promise<boolean> {
    try {
      await this.store.write(
        {
          kind: 'put',
          item: outboxRecord(
            { ...item, version: 1 },
            { requestId: meta.requestId, ...(meta.operationId ? { operationId: meta.operationId } : {}) },
          ),
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

  async get(ref: OutboxRef): Promise<OutboxItem | undefined> {
    const item = await this.store.get(mailKeys.outbox(ref.boardId, ref.partnerId, ref.outboxId));
    return item ? toOutboxItem(item) : undefined;
  }

  async replace(meta: WriteMeta, next: OutboxItem, expectedVersion: number, opts: { audit?: boolean } = {}): Promise<OutboxItem> {
    const stored = { ...next, version: expectedVersion + 1 };
    await this.store.write(
      {
        kind: 'put',
        item: outboxRecord(stored, { requestId: meta.requestId }),
        condition: '#version = :expected',
        names: { '#version': 'version' },
        values: { ':expected': expectedVersion },
        ...(opts.audit === false ? { audit: false as const } : {}),
      },
      meta,
    );
    return stored;
  }

  async forDocument(boardId: string, partnerId: string, documentId: string): Promise<OutboxItem[]> {
    const { pk } = mailKeys.outbox(boardId, partnerId, '');
    const items = await this.store.queryAll({ pk, prefix: mailKeys.documentPrefix(documentId) });
    return items.map(toOutboxItem);
  }

  async due(now: string, limit: number, after?: string): Promise<{ refs: OutboxRef[]; next?: string }> {
    // The index's sort key starts with the ISO time the item is due.
    return this.duePage(
      mailKeys.duePk,
      (sk) => (sk.split('#')[0] ?? '') > now,
      limit,
      after,
      (owner, sk) => ({
        ...owner,
        outboxId: sk.slice(mailKeys.outboxPrefix.length),
      }),
    );
  }

  async createWatch(meta: WriteMeta, watch: Omit<ReminderWatch, 'version'>): Promise<boolean> {
    try {
      await this.store.write({ kind: 'put', item: watchRecord({ ...watch, version: 1 }), condition: 'attribute_not_exists(pk)' }, meta);
      return true;
    } catch (err) {
      if (err instanceof ConditionFailed) return false;
      throw err;
    }
  }

  async getWatch(ref: WatchRef): Promise<ReminderWatch | undefined> {
    const item = await this.store.get(mailKeys.watch(ref.boardId, ref.partnerId, ref.invoiceId));
    return item ? toWatch(item) : undefined;
  }

  async replaceWatch(meta: WriteMeta, next: ReminderWatch, expectedVersion: number): Promise<ReminderWatch> {
    const stored = { ...next, version: expectedVersion + 1 };
    await this.store.write(
      {
        kind: 'put',
        item: watchRecord(stored),
        condition: '#version = :expected',
        names: { '#version': 'version' },
        values: { ':expected': expectedVersion },
      },
      meta,
    );
    return stored;
  }

  async watchesOf(boardId: string, partnerId: string): Promise<ReminderWatch[]> {
    const { pk } = mailKeys.watch(boardId, partnerId, '');
    return (await this.store.queryAll({ pk, prefix: mailKeys.watchPrefix })).map(toWatch);
  }

  async dueWatches(today: string, limit: number, after?: string): Promise<{ refs: WatchRef[]; next?: string }> {
    // The index's sort key starts with the date of the watch's next check.
    return this.duePage(
      mailKeys.watchPk,
      (sk) => sk.slice(0, 10) > today,
      limit,
      after,
      (owner, sk) => ({
        ...owner,
        invoiceId: sk.slice(mailKeys.watchPrefix.length),
      }),
    );
  }

  /**
   * A page of the mail index's `pk` in due order, after the sort key `after`, up to the first
   * entry `later` says is not due yet; `next` is the last sort key read when more may follow.
   */
  private async duePage<R>(
    pk: string,
    later: (indexSk: string) => boolean,
    limit: number,
    after: string | undefined,
    refOf: (owner: { boardId: string; partnerId: string }, tableSk: string) => R,
  ): Promise<{ refs: R[]; next?: string }> {
    const page = await this.store.query({ pk, index: 'gsi1', limit, ...(after !== undefined ? { after } : {}) });
    const refs: R[] = [];
    for (const i of page.items) {
      if (later(String(i.gsi1sk))) return { refs }; // the rest are due later
      const owner = mailKeys.partnerOfPk(String(i.pk));
      if (owner) refs.push(refOf(owner, String(i.sk)));
    }
    const last = page.items.at(-1);
    return page.lastSk !== undefined && last ? { refs, next: String(last.gsi1sk) } : { refs };
  }
}
