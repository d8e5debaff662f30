/**
 * The outbox port in memory, for use-case tests: created once, replaced only at the version
 * read (as the repository's conditional writes do), and the two indexes as sorted scans.
 */
import type { OutboxPort, OutboxRef, WatchRef, WriteMeta } from '../../shared/application/ports.ts';
import { dueAt, type OutboxItem, type ReminderWatch } from '../../shared/domain/delivery.ts';
import { ConditionFailed } from '../../shared/domain/errors.ts';

const k = (boardId: string, partnerId: string, id: string) => `${boardId}|${partnerId}|${id}`;

export class FakeOutbox implements OutboxPort {
  readonly items = new Map<string, OutboxItem>();
  readonly watches = new Map<string, ReminderWatch>();

  async create(_meta: WriteMeta, item: Omit<OutboxItem, 'version'>): Promise<boolean> {
    const key = k(item.boardId, item.partnerId, item.outboxId);
    if (this.items.has(key)) return false;
    this.items.set(key, structuredClone({ ...item, version: 1 }));
    return true;
  }
  async get(ref: OutboxRef) {
    const it = this.items.get(k(ref.boardId, ref.partnerId, ref.outboxId));
    return it ? structuredClone(it) : undefined;
  }
  async replace(_meta: WriteMeta, next: OutboxItem, expectedVersion: number): Promise<OutboxItem> {
    const key = k(next.boardId, next.partnerId, next.outboxId);
    if (this.items.get(key)?.version !== expectedVersion) throw new ConditionFailed(key);
    const stored = structuredClone({ ...next, version: expectedVersion + 1 });
    this.items.set(key, stored);
    return structuredClone(stored);
  }
  async forDocument(boardId: string, partnerId: string, documentId: string) {
    return [...this.items.values()]
      .filter((i) => i.boardId === boardId && i.partnerId === partnerId && i.outboxId.startsWith(`${documentId}.`))
      .sort((a, b) => a.outboxId.localeCompare(b.outboxId))
      .map((i) => structuredClone(i));
  }
  async due(now: string, limit: number, after?: string): Promise<{ refs: OutboxRef[]; next?: string }> {
    // The index's order: when due, then board, partner and item (its sort key).
    const due = [...this.items.values()]
      .flatMap((i) => {
        const at = dueAt(i);
        const key = `${at}#${i.boardId}#${i.partnerId}#${i.outboxId}`;
        return at && at <= now && (after === undefined || key > after)
          ? [{ key, ref: { boardId: i.boardId, partnerId: i.partnerId, outboxId: i.outboxId } }]
          : [];
      })
      .sort((a, b) => a.key.localeCompare(b.key));
    const page = due.slice(0, limit);
    const last = page.at(-1);
    const refs = page.map((x) => x.ref);
    return due.length > limit && last ? { refs, next: last.key } : { refs };
  }
  async createWatch(_meta: WriteMeta, watch: Omit<ReminderWatch, 'version'>): Promise<boolean> {
    const key = k(watch.boardId, watch.partnerId, watch.invoiceId);
    if (this.watches.has(key)) return false;
    this.watches.set(key, structuredClone({ ...watch, version: 1 }));
    return true;
  }
  async getWatch(ref: WatchRef) {
    const w = this.watches.get(k(ref.boardId, ref.partnerId, ref.invoiceId));
    return w ? structuredClone(w) : undefined;
  }
  async replaceWatch(_meta: WriteMeta, next: ReminderWatch, expectedVersion: number): Promise<ReminderWatch> {
    const key = k(next.boardId, next.partnerId, next.invoiceId);
    if (this.watches.get(key)?.version !== expectedVersion) throw new ConditionFailed(key);
    const stored = structuredClone({ ...next, version: expectedVersion + 1 });
    this.watches.set(key, stored);
    return structuredClone(stored);
  }
  async watchesOf(boardId: string, partnerId: string): Promise<ReminderWatch[]> {
    return [...this.watches.values()]
      .filter((w) => w.boardId === boardId && w.partnerId === partnerId)
      .sort((a, b) => a.invoiceId.localeCompare(b.invoiceId))
      .map((w) => structuredClone(w));
  }
  async dueWatches(today: string, limit: number, after?: string): Promise<{ refs: WatchRef[]; next?: string }> {
    // The index's order: next check date, then board, partner and invoice (its sort key).
    const key = (w: ReminderWatch) => `${w.nextCheck}#${w.boardId}#${w.partnerId}#${w.invoiceId}`;
    const due = [...this.watches.values()]
      .filter((w) => !w.finished && w.nextCheck !== undefined && w.nextCheck <= today && (after === undefined || key(w) > after))
      .sort((a, b) => key(a).localeCompare(key(b)));
    const page = due.slice(0, limit);
    const refs = page.map((w) => ({ boardId: w.boardId, partnerId: w.partnerId, invoiceId: w.invoiceId }));
    const last = page.at(-1);
    return due.length > limit && last ? { refs, next: key(last) } : { refs };
  }
}
