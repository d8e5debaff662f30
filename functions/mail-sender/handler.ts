/**
 * The mail sender: invoked by EventBridge Scheduler every few minutes (infra/constructs/
 * mail-delivery.ts), it runs one pass of application/delivery.ts `sendPass` over SES v2. No
 * route invokes it. A message that could not be sent stays in the outbox for the next pass, so
 * the run itself only fails on an error outside any message (and the schedule retries it).
 */
import type { Context } from 'aws-lambda';
import { sendPass } from '#shared/application/mail-sender.ts';
import { senderDepsFromEnv } from '#shared/infrastructure/mail/composition.ts';
import { mailObservability } from '#shared/infrastructure/mail/observe.ts';

const deps = senderDepsFromEnv(process.env);
const { logger, count } = mailObservability('mail-sender');

/** Stop starting new messages this long before the function's timeout. */
const MARGIN_MS = 20_000;

export const handler = async (_event: unknown, context: Context) => {
  const summary = await sendPass(deps, { now: new Date(), deadline: Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS });
  if (summary.errors.length) logger.error('send pass left messages to the next pass', { errors: summary.errors });
  logger.info('send pass', { ...summary, errors: summary.errors.length });
  count({
    MailSent: summary.sent,
    MailSettledFromEvents: summary.resolved,
    MailRefused: summary.refused,
    MailFailed: summary.failed,
    MailUnknown: summary.unknown,
    MailSendErrors: summary.errors.length,
  });
  return { ...summary, errors: summary.errors.length };
};
