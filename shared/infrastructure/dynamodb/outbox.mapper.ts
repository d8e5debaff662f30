/**
 * Outbox items and reminder watches as stored, parsed at the boundary with zod: a record read
 * back that does not have the shape written fails here, loudly. The index keys are derived from
 * the record (where it is due, if anywhere), never set by hand.
 */
import * as z from 'zod/mini';
import { dueAt, type OutboxItem, type ReminderWatch } from '../../domain/delivery.ts';
import { mailKeys } from './keys.ts';
import type { Item } from './store.ts';
import { parseStored, StoredInt } from './stored.ts';

const Status = z.lazy(() => z.enum(['pending', 'sending', 'retry', 'sent', 'failed', 'bounced', 'cancelled']));
const EventType = z.lazy(() =>
  z.enum(['queued', 'claimed', 'accepted', 'refused', 'unknown', 'resolved', 'delivered', 'bounce', 'complaint', 'reject', 'cancelled']),
);

const StoredOutbox = z.lazy(() =>
  z.object({
    boardId: z.string(),
    partnerId: z.string(),
    outboxId: z.string(),
    documentId: z.string(),
    purpose: z.string(),
    kind: z.enum(['invoice', 'credit-note', 'statement', 'reminder']),
    period: z.optional(z.object({ from: z.string(), to: z.string() })),
    reminderStep: z.optional(StoredInt),
    fromName: z.string(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    replyTo: z.optional(z.string()),
    status: Status,
    round: StoredInt,
    attempts: StoredInt,
    attemptId: z.optional(z.string()),
    leaseUntil: z.optional(z.string()),
    recheckAt: z.optional(z.string()),
    nextAttemptAt: z.optional(z.string()),
    queuedAt: z.string(),
    queuedBy: z.string(),
    sentAt: z.optional(z.string()),
    messageId: z.optional(z.string()),
    providerMessageId: z.optional(z.string()),
    lastError: z.optional(z.string()),
    history: z.array(z.object({ at: z.string(), type: EventType, round: StoredInt, detail: z.optional(z.string()) })),
    version: StoredInt,
  }),
);

export function toOutboxItem(item: Item): OutboxItem {
  return parseStored(StoredOutbox, item, `outbox item ${String(item.sk)}`) as OutboxItem;
}

/** The stored record of an item: its keys, its place in the due index while open, its fields. */
export function outboxRecord(o: OutboxItem, extra: Item = {}): Item {
  const due = dueAt(o);
  return {
    ...mailKeys.outbox(o.boardId, o.partnerId, o.outboxId),
    ...(due ? { gsi1pk: mailKeys.duePk, gsi1sk: mailKeys.dueSk(due, o.boardId, o.partnerId, o.outboxId) } : {}),
    type: 'outbox',
    ...extra,
    ...o,
    to: [...o.to],
    cc: [...o.cc],
    history: o.history.map((h) => ({ ...h })),
  };
}

const StoredWatch = z.lazy(() =>
  z.object({
    boardId: z.string(),
    partnerId: z.string(),
    invoiceId: z.string(),
    dueDate: z.string(),
    done: z.array(StoredInt),
    nextCheck: z.optional(z.string()),
    finished: z.optional(z.string()),
    version: StoredInt,
  }),
);

export function toWatch(item: Item): ReminderWatch {
  return parseStored(StoredWatch, item, `reminder watch ${String(item.sk)}`);
}

export function watchRecord(w: ReminderWatch, extra: Item = {}): Item {
  return {
    ...mailKeys.watch(w.boardId, w.partnerId, w.invoiceId),
    ...(w.nextCheck && !w.finished
      ? { gsi1pk: mailKeys.watchPk, gsi1sk: mailKeys.watchSk(w.nextCheck, w.boardId, w.partnerId, w.invoiceId) }
      : {}),
    type: 'reminder-watch',
    ...extra,
    ...w,
    done: [...w.done],
  };
}
