/**
 * The overdue-reminder scan: invoked by EventBridge Scheduler once a day (infra/constructs/
 * mail-delivery.ts), it queues the reminders due (application/delivery.ts `scanReminders`);
 * the sender sends them. No route invokes it.
 */
import { scanReminders } from '#shared/application/delivery.ts';
import { boards, depsFromEnv, invoices, outbox, partners } from '#shared/infrastructure/composition.ts';
import { mailObservability } from '#shared/infrastructure/mail/observe.ts';

const deps = depsFromEnv({ boards, invoices, outbox, partners });
const { logger, count } = mailObservability('mail-reminders');

export const handler = async (_event?: unknown, context?: { getRemainingTimeInMillis?: () => number }) => {
  const remaining = context?.getRemainingTimeInMillis?.bind(context);
  const summary = await scanReminders(deps, { now: new Date(), ...(remaining ? { remainingMs: remaining } : {}) });
  if (summary.more) logger.warn('reminder scan stopped for time with watches still due; the next scan goes on');
  if (summary.errors.length) logger.error('reminder scan left invoices to the next scan', { errors: summary.errors });
  logger.info('reminder scan', { ...summary, errors: summary.errors.length });
  count({ RemindersQueued: summary.queued, ReminderScanErrors: summary.errors.length });
  return { ...summary, errors: summary.errors.length };
};
