/**
 * The recorder of SES delivery events: an EventBridge rule sends it the events of the
 * configuration set (Send, Delivery, Bounce, Complaint, Reject; infra/constructs/
 * mail-delivery.ts), and it records each on the outbox item its tags name
 * (application/delivery.ts `recordDeliveryReport`): an unrecorded send is settled as sent, a
 * bounce queues the message again or marks it bounced. An event that is not ours is ignored;
 * a failure to record throws, so EventBridge retries it (then its dead-letter queue keeps it).
 */
import { recordDeliveryReport } from '#shared/application/delivery.ts';
import { DEFAULT_POLICY } from '#shared/domain/delivery.ts';
import { depsFromEnv, outbox } from '#shared/infrastructure/composition.ts';
import { mailObservability } from '#shared/infrastructure/mail/observe.ts';
import { parseSesEvent } from '#shared/infrastructure/mail/ses-events.ts';

const deps = depsFromEnv({ outbox });
const { logger, count } = mailObservability('mail-events');

export const handler = async (event: unknown) => {
  const parsed = parseSesEvent(event);
  if (!parsed) {
    logger.info('not a delivery event of ours', { detailType: (event as { 'detail-type'?: string })?.['detail-type'] });
    return { recorded: false };
  }
  const item = await recordDeliveryReport(deps, DEFAULT_POLICY, parsed.ref, parsed.report, new Date());
  logger.info('delivery event', { ...parsed.ref, type: parsed.report.type, status: item?.status ?? 'no such item' });
  count({
    MailBounced: parsed.report.type === 'bounce' ? 1 : 0,
    MailComplaints: parsed.report.type === 'complaint' ? 1 : 0,
    MailFailed: item && (item.status === 'bounced' || item.status === 'failed') && parsed.report.type !== 'send' ? 1 : 0,
  });
  return { recorded: item !== undefined };
};
