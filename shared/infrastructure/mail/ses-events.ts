/**
 * SES delivery events as EventBridge delivers them (the configuration set's event destination
 * on the default bus): `detail.eventType` Send, Delivery, Bounce, Complaint, Reject, with
 * `detail.mail.tags` carrying the tags the sender set (board, partner, outbox, round). Parsed with
 * zod at the boundary; an event that is not one of ours (no such tags) or of a kind the
 * recorder ignores (opens, clicks, delays) answers undefined.
 */
import * as z from 'zod/mini';
import type { DeliveryReport, MessageRef } from '../../domain/delivery.ts';

const Tags = z.record(z.string(), z.array(z.string()));

export const SesEvent = z.object({
  source: z.literal('aws.ses'),
  time: z.optional(z.string()),
  detail: z.object({
    eventType: z.string(),
    mail: z.object({ messageId: z.string(), timestamp: z.string(), tags: z.optional(Tags) }),
    bounce: z.optional(
      z.object({
        bounceType: z.string(),
        bounceSubType: z.optional(z.string()),
        timestamp: z.optional(z.string()),
        bouncedRecipients: z.optional(z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) }))),
      }),
    ),
    delivery: z.optional(z.object({ timestamp: z.optional(z.string()), smtpResponse: z.optional(z.string()) })),
    complaint: z.optional(z.object({ timestamp: z.optional(z.string()), complaintFeedbackType: z.optional(z.string()) })),
    reject: z.optional(z.object({ reason: z.optional(z.string()) })),
  }),
});

const TYPES: Record<string, DeliveryReport['type']> = {
  Send: 'send',
  Delivery: 'delivery',
  Bounce: 'bounce',
  Complaint: 'complaint',
  Reject: 'reject',
};

export interface ParsedSesEvent {
  readonly ref: MessageRef;
  readonly report: DeliveryReport;
}

/** The item, round and report an SES event names, or undefined for an event that is not ours to record. */
export function parseSesEvent(event: unknown): ParsedSesEvent | undefined {
  const parsed = SesEvent.safeParse(event);
  if (!parsed.success) return undefined;
  const d = parsed.data.detail;
  const type = TYPES[d.eventType];
  const tag = (name: string) => d.mail.tags?.[name]?.[0];
  const boardId = tag('board');
  const partnerId = tag('partner');
  const outboxId = tag('outbox');
  const round = Number(tag('round'));
  if (!type || !boardId || !partnerId || !outboxId || !Number.isInteger(round) || round < 1) return undefined;
  const at = d.bounce?.timestamp ?? d.delivery?.timestamp ?? d.complaint?.timestamp ?? parsed.data.time ?? d.mail.timestamp;
  const recipients = d.bounce?.bouncedRecipients
    ?.map((r) => `${r.emailAddress}${r.diagnosticCode ? ` (${r.diagnosticCode})` : ''}`)
    .join(', ');
  const detail =
    type === 'bounce'
      ? `${d.bounce?.bounceType ?? 'Undetermined'} bounce${d.bounce?.bounceSubType ? ` (${d.bounce.bounceSubType})` : ''}${recipients ? `: ${recipients}` : ''}`
      : type === 'reject'
        ? `rejected by SES: ${d.reject?.reason ?? 'no reason given'}`
        : type === 'complaint'
          ? `complaint${d.complaint?.complaintFeedbackType ? ` (${d.complaint.complaintFeedbackType})` : ''}`
          : (d.delivery?.smtpResponse ?? undefined);
  return {
    ref: { boardId, partnerId, outboxId, round },
    report: {
      type,
      round,
      at: new Date(at).toISOString(),
      providerMessageId: d.mail.messageId,
      // Only a Permanent bounce is final; Transient and Undetermined are tried again.
      ...(type === 'bounce' ? { permanent: d.bounce?.bounceType === 'Permanent' } : {}),
      ...(detail ? { detail: detail.slice(0, 500) } : {}),
    },
  };
}
