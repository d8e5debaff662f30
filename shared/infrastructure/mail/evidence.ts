/**
 * Delivery evidence in AWS: the SES events the recorder (functions/mail-events) wrote on the
 * item. The recorder settles a `sending` item as sent as soon as the Send event arrives, so a
 * sender finding the item still `sending` after the grace period has, in practice, no
 * evidence; this reads the item's history all the same, in case an event was recorded without
 * moving it.
 */
import type { DeliveryEvidencePort } from '../../application/ports.ts';
import type { OutboxItem } from '../../domain/delivery.ts';

export class RecordedEventsEvidence implements DeliveryEvidencePort {
  async acceptedAs(item: OutboxItem): Promise<{ providerMessageId?: string; at: string } | undefined> {
    const found = item.history.find(
      (h) => h.round === item.round && (h.type === 'resolved' || h.type === 'delivered' || h.type === 'accepted'),
    );
    return found ? { at: found.at, ...(found.detail ? { providerMessageId: found.detail } : {}) } : undefined;
  }
}
