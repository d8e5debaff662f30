/** Response shapes of deliveries (the messages sent with a document): explicit, no keys, leases or attempt ids. */
import type { OutboxItem } from '../domain/delivery.ts';

export const deliveryView = (d: OutboxItem) => ({
  deliveryId: d.outboxId,
  purpose: d.purpose,
  kind: d.kind,
  ...(d.reminderStep !== undefined ? { reminderStep: d.reminderStep } : {}),
  ...(d.period ? { period: { ...d.period } } : {}),
  to: [...d.to],
  cc: [...d.cc],
  ...(d.replyTo ? { replyTo: d.replyTo } : {}),
  status: d.status,
  queuedAt: d.queuedAt,
  queuedBy: d.queuedBy,
  ...(d.sentAt ? { sentAt: d.sentAt } : {}),
  ...(d.messageId ? { messageId: d.messageId } : {}),
  ...(d.providerMessageId ? { providerMessageId: d.providerMessageId } : {}),
  attempts: d.attempts,
  round: d.round,
  ...(d.nextAttemptAt && (d.status === 'pending' || d.status === 'retry') ? { nextAttemptAt: d.nextAttemptAt } : {}),
  ...(d.lastError ? { lastError: d.lastError } : {}),
  events: d.history.map((h) => ({ at: h.at, type: h.type, round: h.round, ...(h.detail ? { detail: h.detail } : {}) })),
});
