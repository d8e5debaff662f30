/**
 * Delivery of documents by email (DESIGN 10.5): the outbox item and its state machine, the
 * retry schedule, the Message-ID that names a message, and the overdue-reminder rule. Pure: the
 * use cases (application/delivery.ts) read and write items through the outbox port and call
 * these functions to decide what the next state is.
 *
 * Exactly once, without transactions and with a mail API that has no idempotency key:
 *
 * 1. An item is created once, under a deterministic id, by the operation that issues the
 *    document (`<documentId>.issued`), by the reminder scan (`<invoiceId>.reminder-7`) or by a
 *    request (`<documentId>.resend-<ref>` from its operation id): a retry finds it there.
 * 2. A sender claims it (`pending`/`retry` -> `sending`, conditional on the version it read) with
 *    an attempt id and a lease, sends with a Message-ID derived from the item and its round,
 *    then records the outcome, conditional on still holding that attempt.
 * 3. A crash between sending and recording leaves `sending` with a lapsed lease: ambiguous. It
 *    is never resent blindly. The delivery evidence for that Message-ID (SES events recorded on
 *    the item in AWS; the SMTP catcher's received list locally) settles it: sent means `sent`.
 *    Only when there is still no evidence a grace period after the lease (longer than the
 *    events take to arrive) is it taken as not sent and claimed again, same round, same
 *    Message-ID.
 * 4. A refusal (the provider said no: nothing was sent) is retried with exponential backoff and
 *    jitter, up to `maxAttempts`, then `failed`; a bounce reported later is recorded and retried
 *    as a new round (a new Message-ID: the first message did not arrive) unless permanent.
 *    Terminal states (`sent`, `failed`, `bounced`, `cancelled`) stay on the document, where
 *    finance sees them, and may resend by hand (a new item).
 */

export type DeliveryKind = 'invoice' | 'credit-note' | 'statement' | 'reminder';
export type OutboxStatus = 'pending' | 'sending' | 'retry' | 'sent' | 'failed' | 'bounced' | 'cancelled';

/** States a sender may still act on (the item is in the due index); the rest are final. */
export const OPEN_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'retry'];

/** What happened to an item, as its history records it. */
export interface DeliveryEventRecord {
  readonly at: string;
  readonly type:
    | 'queued'
    | 'claimed'
    | 'accepted'
    | 'refused'
    | 'unknown'
    | 'resolved'
    | 'delivered'
    | 'bounce'
    | 'complaint'
    | 'reject'
    | 'cancelled';
  readonly round: number;
  readonly detail?: string;
}

export interface OutboxItem {
  readonly boardId: string;
  readonly partnerId: string;
  /** `<documentId>.<purpose>`: unique within the partner, deterministic. */
  readonly outboxId: string;
  /** The invoice or credit note id, or `statement-<ref>`. */
  readonly documentId: string;
  /** `issued`, `reminder-7`, `resend-<ref>`, `sent` (a statement). */
  readonly purpose: string;
  readonly kind: DeliveryKind;
  /** A statement's period. */
  readonly period?: { readonly from: string; readonly to: string };
  /** For a reminder: the step (days past due). */
  readonly reminderStep?: number;
  /** The sender's display name (the board's name when queued). */
  readonly fromName: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo?: string;
  readonly status: OutboxStatus;
  /** Which message this is: 1, then one more after each bounce (each round has its own Message-ID). */
  readonly round: number;
  /** Claims so far, all rounds. */
  readonly attempts: number;
  /** The attempt that holds the claim while `sending`. */
  readonly attemptId?: string;
  /** While `sending`: when the claim lapses. */
  readonly leaseUntil?: string;
  /**
   * While `sending`: when a sender looks at it again if the attempt never recorded its outcome
   * (the lease plus the grace period for delivery events).
   */
  readonly recheckAt?: string;
  /** While `pending` or `retry`: not before. */
  readonly nextAttemptAt?: string;
  readonly queuedAt: string;
  readonly queuedBy: string;
  readonly sentAt?: string;
  /** The Message-ID of the current round, once a sender has claimed it. */
  readonly messageId?: string;
  /** The provider's id of the accepted message (SES MessageId; the catcher's id locally). */
  readonly providerMessageId?: string;
  readonly lastError?: string;
  /** The latest events, oldest first (at most {@link HISTORY_MAX}). */
  readonly history: readonly DeliveryEventRecord[];
  readonly version: number;
}

export const HISTORY_MAX = 30;

export interface DeliveryPolicy {
  /** How long a claim holds: longer than a sender takes to send one message. */
  readonly leaseMs: number;
  /** How long after a lapsed lease the delivery events are awaited before taking "no event" as "not sent". */
  readonly graceMs: number;
  /** Claims (all rounds) before the item is `failed`. */
  readonly maxAttempts: number;
  /** First retry delay, growth factor and cap. */
  readonly baseDelayMs: number;
  readonly factor: number;
  readonly capDelayMs: number;
}

/**
 * AWS defaults: the sender function's timeout is 60 s, so a claim of 3 minutes outlives any
 * attempt; SES publishes a Send event within seconds, so 15 minutes of grace is ample; ten
 * attempts 1 min, 3, 9, 27, 81 min, then every 6 h: retried for about a day and a half.
 */
export const DEFAULT_POLICY: DeliveryPolicy = {
  leaseMs: 3 * 60_000,
  graceMs: 15 * 60_000,
  maxAttempts: 10,
  baseDelayMs: 60_000,
  factor: 3,
  capDelayMs: 6 * 3_600_000,
};

export const outboxIdOf = (documentId: string, purpose: string): string => `${documentId}.${purpose}`;

/** The retry delay after `attempts` claims: exponential, capped, with jitter (half to all of it). */
export function retryDelayMs(attempts: number, policy: DeliveryPolicy, random: number): number {
  const full = Math.min(policy.capDelayMs, policy.baseDelayMs * policy.factor ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (full / 2) * Math.min(1, Math.max(0, random)));
}

const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

function withEvent(item: OutboxItem, event: DeliveryEventRecord): OutboxItem['history'] {
  return [...item.history, event].slice(-HISTORY_MAX);
}

/**
 * The Message-ID of a round of an item: `<r1.issued.2024-25-baseline-blmk-icb.blmk-icb.luton-sab@domain>`.
 * Every part is a slug or a purpose without dots, so it reads back unambiguously
 * ({@link parseMessageId}); it is the same for every attempt of the round, so evidence for one
 * attempt is evidence for the round.
 */
export function messageIdOf(
  item: Pick<OutboxItem, 'boardId' | 'partnerId' | 'documentId' | 'purpose'>,
  round: number,
  domain: string,
): string {
  return `<r${round}.${item.purpose}.${item.documentId}.${item.partnerId}.${item.boardId}@${domain}>`;
}

export interface MessageRef {
  readonly boardId: string;
  readonly partnerId: string;
  readonly outboxId: string;
  readonly round: number;
}

/** The item and round a Message-ID names, or undefined for a message this service did not send. */
export function parseMessageId(messageId: string): MessageRef | undefined {
  const m = /^<?r(\d{1,4})\.([a-z0-9-]{1,40})\.([a-z0-9-]{1,120})\.([a-z0-9-]{1,64})\.([a-z0-9-]{1,64})@[^>\s]+>?$/.exec(messageId.trim());
  if (!m) return undefined;
  const [, round, purpose, documentId, partnerId, boardId] = m as unknown as [string, string, string, string, string, string];
  return { boardId, partnerId, outboxId: outboxIdOf(documentId, purpose), round: Number(round) };
}

// ---------------------------------------------------------------- the state machine

/** What a sender should do with an item now. */
export type NextStep = 'send' | 'check-evidence' | 'wait' | 'done';

/**
 * `check-evidence`: a sender lost track of it (sending, its lease and the grace after it passed,
 * its outcome never recorded): look for evidence of the round before claiming it again.
 */
export function nextStep(item: OutboxItem, now: Date): NextStep {
  const t = now.toISOString();
  switch (item.status) {
    case 'pending':
    case 'retry':
      return (item.nextAttemptAt ?? item.queuedAt) <= t ? 'send' : 'wait';
    case 'sending':
      return (item.recheckAt ?? '') <= t ? 'check-evidence' : 'wait';
    default:
      return 'done';
  }
}

/** When a sender should look at an item again (the due index's order), or undefined when it is final. */
export function dueAt(item: Pick<OutboxItem, 'status' | 'nextAttemptAt' | 'recheckAt' | 'queuedAt'>): string | undefined {
  if (item.status === 'pending' || item.status === 'retry') return item.nextAttemptAt ?? item.queuedAt;
  if (item.status === 'sending') return item.recheckAt ?? item.queuedAt;
  return undefined;
}

/**
 * Claims an item for one attempt. From `pending`/`retry` when due; from `sending` only once its
 * lease and the grace period after it have passed and the caller found no evidence of the round.
 */
export function claim(item: OutboxItem, now: Date, attemptId: string, policy: DeliveryPolicy, messageId?: string): OutboxItem | undefined {
  const t = now.toISOString();
  const step = nextStep(item, now);
  if (step !== 'send' && step !== 'check-evidence') return undefined;
  const leaseUntil = plus(t, policy.leaseMs);
  return {
    ...item,
    status: 'sending',
    attempts: item.attempts + 1,
    attemptId,
    leaseUntil,
    recheckAt: plus(leaseUntil, policy.graceMs),
    ...(messageId ? { messageId } : {}),
    history: withEvent(item, {
      at: t,
      type: 'claimed',
      round: item.round,
      ...(item.status === 'sending' ? { detail: 'no delivery event for the lapsed attempt: taken as not sent' } : {}),
    }),
  };
}

/** The provider accepted the round's message (the sender heard so, or evidence says so). */
export function accepted(
  item: OutboxItem,
  round: number,
  at: string,
  providerMessageId: string | undefined,
  how: 'accepted' | 'resolved' | 'delivered',
): OutboxItem {
  const event: DeliveryEventRecord = { at, type: how, round, ...(providerMessageId ? { detail: providerMessageId } : {}) };
  if (
    round !== item.round ||
    item.status === 'sent' ||
    item.status === 'bounced' ||
    item.status === 'failed' ||
    item.status === 'cancelled'
  ) {
    // A later round exists, or it is already settled: the event is kept, the state stays.
    return { ...item, history: withEvent(item, event) };
  }
  const { attemptId: _a, leaseUntil: _l, recheckAt: _r, nextAttemptAt: _n, ...rest } = item;
  return {
    ...rest,
    status: 'sent',
    sentAt: at,
    ...(providerMessageId ? { providerMessageId } : {}),
    history: withEvent(item, event),
  };
}

/** The provider refused the message (nothing was sent): retried later, or `failed` after the last attempt. */
export function refused(
  item: OutboxItem,
  attemptId: string,
  at: string,
  reason: string,
  policy: DeliveryPolicy,
  random: number,
): OutboxItem {
  if (item.status !== 'sending' || item.attemptId !== attemptId) return item;
  const { attemptId: _a, leaseUntil: _l, recheckAt: _r, ...rest } = item;
  const last = item.attempts >= policy.maxAttempts;
  return {
    ...rest,
    status: last ? 'failed' : 'retry',
    ...(last ? {} : { nextAttemptAt: plus(at, retryDelayMs(item.attempts, policy, random)) }),
    lastError: reason,
    history: withEvent(item, { at, type: 'refused', round: item.round, detail: reason }),
  };
}

/** The sender cannot tell whether the message went (a timeout): the claim stays until evidence settles it. */
export function unknownOutcome(item: OutboxItem, attemptId: string, at: string, reason: string): OutboxItem {
  if (item.status !== 'sending' || item.attemptId !== attemptId) return item;
  return { ...item, lastError: reason, history: withEvent(item, { at, type: 'unknown', round: item.round, detail: reason }) };
}

/** Not sent because delivery was turned off for the partner after the message was queued. */
export function cancelled(item: OutboxItem, at: string, reason: string): OutboxItem {
  if (!OPEN_STATUSES.includes(item.status)) return item;
  const { attemptId: _a, leaseUntil: _l, recheckAt: _r, nextAttemptAt: _n, ...rest } = item;
  return {
    ...rest,
    status: 'cancelled',
    lastError: reason,
    history: withEvent(item, { at, type: 'cancelled', round: item.round, detail: reason }),
  };
}

/** A delivery event reported after the fact (SES through EventBridge; the catcher locally). */
export interface DeliveryReport {
  readonly type: 'send' | 'delivery' | 'bounce' | 'complaint' | 'reject';
  readonly round: number;
  readonly at: string;
  /** A bounce: permanent (the address does not exist) or transient (mailbox full, try later). */
  readonly permanent?: boolean;
  readonly providerMessageId?: string;
  readonly detail?: string;
}

/**
 * Applies a reported event. `send`/`delivery` of the current round settle an ambiguous claim as
 * sent. A transient bounce of the current round queues the next round (a new message) after the
 * backoff, unless the attempts are spent; a permanent bounce is final (`bounced`); a reject (SES
 * found a virus) is final (`failed`); a complaint is recorded. Events of earlier rounds are only
 * recorded. Applying the same event twice changes nothing more than the history.
 */
export function applyReport(item: OutboxItem, report: DeliveryReport, now: Date, policy: DeliveryPolicy, random: number): OutboxItem {
  const at = report.at;
  if (report.type === 'send' || report.type === 'delivery') {
    return accepted(
      item,
      report.round,
      at,
      report.providerMessageId ?? item.providerMessageId,
      report.type === 'send' ? 'resolved' : 'delivered',
    );
  }
  const detail = report.detail ?? report.type;
  const event: DeliveryEventRecord = { at, type: report.type, round: report.round, detail };
  const current = report.round === item.round && (item.status === 'sent' || item.status === 'sending');
  if (report.type === 'complaint' || !current) return { ...item, history: withEvent(item, event) };
  const { attemptId: _a, leaseUntil: _l, recheckAt: _r, nextAttemptAt: _n, sentAt: _s, providerMessageId: _p, ...rest } = item;
  if (report.type === 'reject') return { ...rest, status: 'failed', lastError: detail, history: withEvent(item, event) };
  if (report.permanent || item.attempts >= policy.maxAttempts) {
    return { ...rest, status: 'bounced', lastError: detail, history: withEvent(item, event) };
  }
  return {
    ...rest,
    status: 'retry',
    round: item.round + 1,
    nextAttemptAt: plus(now.toISOString(), retryDelayMs(item.attempts, policy, random)),
    lastError: detail,
    history: withEvent(item, event),
  };
}

// ---------------------------------------------------------------- overdue reminders

/** Reminder steps, in days past the due date, when the board sets none. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 30];

/** A board's reminder steps may number at most this many, each from 1 to {@link MAX_REMINDER_DAY} days. */
export const MAX_REMINDER_STEPS = 5;
export const MAX_REMINDER_DAY = 365;

/** The reminder steps a board uses: its own `reminderDays`, or the default when it sets none. */
export const reminderDaysOf = (board: { readonly reminderDays?: readonly number[] } | undefined): readonly number[] =>
  board?.reminderDays ?? DEFAULT_REMINDER_DAYS;

/**
 * What is wrong with a list of reminder steps, per element (index and message), or nothing: at
 * most {@link MAX_REMINDER_STEPS}, each a whole number of days from 1 to {@link MAX_REMINDER_DAY},
 * strictly increasing. An empty list is allowed: no reminders.
 */
export function reminderDaysProblems(days: readonly number[]): { readonly index?: number; readonly message: string }[] {
  if (days.length > MAX_REMINDER_STEPS) return [{ message: `must be at most ${MAX_REMINDER_STEPS} steps` }];
  const problems: { index?: number; message: string }[] = [];
  days.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1 || d > MAX_REMINDER_DAY)
      problems.push({ index: i, message: `must be a whole number of days from 1 to ${MAX_REMINDER_DAY}` });
    else if (i > 0 && d <= (days[i - 1] as number))
      problems.push({ index: i, message: `must be more than the step before it (${days[i - 1]})` });
  });
  return problems;
}

/** Whole days from one ISO date to another (positive when `to` is later). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function addDaysIso(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The reminder step due today, if any: the largest step not after today's days past due, unless
 * it (or a later one) was already sent. A scan that missed a step (the service was down on day
 * 7 and it is now day 31) sends only the latest one, not a burst of stale reminders.
 */
export function reminderStepDue(dueDate: string, today: string, steps: readonly number[], sent: readonly number[]): number | undefined {
  const past = daysFrom(dueDate, today);
  const reached = steps.filter((s) => s <= past);
  if (reached.length === 0) return undefined;
  const step = Math.max(...reached);
  return sent.some((s) => s >= step) ? undefined : step;
}

/** The date the next step falls due after the steps sent (or skipped), or undefined when none is left. */
export function nextReminderDate(dueDate: string, steps: readonly number[], done: readonly number[]): string | undefined {
  const last = done.length ? Math.max(...done) : 0;
  const later = steps.filter((s) => s > last);
  return later.length ? addDaysIso(dueDate, Math.min(...later)) : undefined;
}

/**
 * An issued invoice the reminder scan watches until it is settled or every step is done. It is
 * created once when the invoice is issued; `done` lists the steps sent or skipped, and
 * `nextCheck` (absent once finished) is when the scan looks at it again.
 */
export interface ReminderWatch {
  readonly boardId: string;
  readonly partnerId: string;
  readonly invoiceId: string;
  readonly dueDate: string;
  readonly done: readonly number[];
  readonly nextCheck?: string;
  /** Why it stopped watching (paid, credited, no step left). */
  readonly finished?: string;
  readonly version: number;
}

/** Why a watch stops when the steps leave nothing more to send: a change of the board's steps may watch it again. */
export const NO_STEP_LEFT = ['every reminder step done', 'no reminder step'] as const;

/**
 * A watch scheduled under the board's steps as they are now: looked at again on the date its
 * next step falls due after the steps it has done (`done`), even when that date has passed (the
 * next scan then sends the latest step reached, once), or finished when no step is left. A watch
 * finished for another reason (settled, invoice not found) is answered unchanged, and so is one
 * the steps do not move (the same object, so that the caller writes nothing).
 */
export function scheduleWatch<W extends Omit<ReminderWatch, 'version'>>(watch: W, steps: readonly number[]): W {
  if (watch.finished !== undefined && !(NO_STEP_LEFT as readonly string[]).includes(watch.finished)) return watch;
  const nextCheck = nextReminderDate(watch.dueDate, steps, watch.done);
  const finished = nextCheck ? undefined : steps.length === 0 ? NO_STEP_LEFT[1] : NO_STEP_LEFT[0];
  if (watch.nextCheck === nextCheck && watch.finished === finished) return watch;
  const { nextCheck: _n, finished: _f, ...rest } = watch;
  return { ...rest, ...(nextCheck ? { nextCheck } : { finished }) } as W;
}
