/**
 * Delivery by email (DESIGN 10.5, issue 17): queueing messages with the documents they carry,
 * the sender that sends each exactly once, the recorder of delivery events, the overdue
 * reminder scan, and finance's resend by hand. The state machine is domain/delivery.ts; this
 * module reads and writes through the outbox port and talks to the provider through
 * MailerPort, never to SES or SMTP itself.
 *
 * Why this is exactly once without transactions (see also domain/delivery.ts):
 *
 * - Queueing is a create-once put under a deterministic id, made after the document is issued
 *   by the same operation (`<documentId>.issued`), so a retried issue finds its message queued
 *   and never queues twice; a crash between issuing and queueing is repaired by the retry,
 *   which every issuing operation already needs to finish.
 * - Sending claims the item (a conditional write at the version read), sends, then records the
 *   outcome conditional on the version it claimed at. A sender that crashes after sending and
 *   before recording leaves the item `sending`; the next sender after the lease and the grace
 *   period asks the delivery evidence (SES events; the catcher locally) for the round's
 *   Message-ID before doing anything, and records `sent` when it finds it. It sends again only
 *   with no evidence, the same round under the same Message-ID.
 * - The provider never retries on its own (the SES client has one attempt): every retry is a
 *   decision made here, after a refusal (nothing was sent) or a bounce (a new round).
 */
import { createHash } from 'node:crypto';
import { londonDateOf } from '../domain/calendar.ts';
import {
  applyReport,
  type DeliveryKind,
  type DeliveryPolicy,
  type DeliveryReport,
  type MessageRef,
  nextReminderDate,
  type OutboxItem,
  outboxIdOf,
  type ReminderWatch,
  reminderDaysOf,
  reminderStepDue,
  scheduleWatch,
} from '../domain/delivery.ts';
import { ConditionFailed, ConflictError, NotFoundError, UnprocessableError } from '../domain/errors.ts';
import { yearIdOf } from '../domain/financial-year.ts';
import { type Invoice, isIssued } from '../domain/invoice.ts';
import { type Board, emailsDocuments, type Partner } from '../domain/ledger.ts';
import type { Money } from '../domain/money.ts';
import { figuresOf } from '../domain/receivables.ts';
import { type Ctx, operationIdOf, todayOf } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps, OutboxRef, WatchRef, WriteMeta } from './ports.ts';

// ---------------------------------------------------------------- queueing

/** Who a message goes to: the partner's billing email; the board's remittance address in copy; replies to its contact. */
export function addresseesOf(partner: Partner, board: Board | undefined): Pick<OutboxItem, 'to' | 'cc' | 'replyTo' | 'fromName'> {
  const to = [partner.billing.email];
  const remittance = board?.invoicing?.remittanceEmail;
  const contact = board?.invoicing?.contact.email;
  return {
    fromName: board?.name ?? partner.boardId,
    to,
    cc: remittance && !to.includes(remittance) ? [remittance] : [],
    ...(contact ? { replyTo: contact } : {}),
  };
}

interface QueueSpec {
  readonly boardId: string;
  readonly partnerId: string;
  readonly documentId: string;
  readonly purpose: string;
  readonly kind: DeliveryKind;
  readonly reminderStep?: number;
  readonly period?: { readonly from: string; readonly to: string };
}

/** The item a spec makes for this partner and board, pending from now. */
function newItem(meta: WriteMeta, spec: QueueSpec, partner: Partner, board: Board | undefined): Omit<OutboxItem, 'version'> {
  return {
    boardId: spec.boardId,
    partnerId: spec.partnerId,
    outboxId: outboxIdOf(spec.documentId, spec.purpose),
    documentId: spec.documentId,
    purpose: spec.purpose,
    kind: spec.kind,
    ...(spec.period ? { period: spec.period } : {}),
    ...(spec.reminderStep !== undefined ? { reminderStep: spec.reminderStep } : {}),
    ...addresseesOf(partner, board),
    status: 'pending',
    round: 1,
    attempts: 0,
    nextAttemptAt: meta.at,
    queuedAt: meta.at,
    queuedBy: meta.actor,
    history: [{ at: meta.at, type: 'queued', round: 1 }],
  };
}

/**
 * Queues the message announcing a document that was just issued (an invoice or a credit note),
 * once, and starts the reminder scan's watch of an invoice. Nothing is queued for a partner
 * whose delivery is `none`. Safe to call again: both writes are create-once.
 */
export async function queueIssued(deps: Pick<Deps, 'boards' | 'outbox' | 'partners'>, meta: WriteMeta, inv: Invoice): Promise<void> {
  if (!isIssued(inv)) return;
  const [partner, board] = await Promise.all([deps.partners.getPartner(inv.boardId, inv.partnerId), deps.boards.getBoard(inv.boardId)]);
  if (partner && emailsDocuments(partner.billing)) {
    const spec: QueueSpec = {
      boardId: inv.boardId,
      partnerId: inv.partnerId,
      documentId: inv.invoiceId,
      purpose: 'issued',
      kind: inv.kind === 'credit-note' ? 'credit-note' : 'invoice',
    };
    await deps.outbox.create(meta, newItem(meta, spec, partner, board));
  }
  if (inv.kind !== 'credit-note') {
    const watch = { boardId: inv.boardId, partnerId: inv.partnerId, invoiceId: inv.invoiceId, dueDate: inv.dueDate, done: [] };
    await deps.outbox.createWatch(meta, scheduleWatch(watch, reminderDaysOf(board)));
  }
}

/**
 * Watches again an invoice the reminder scan stopped watching as settled, now that something is
 * outstanding on it again (a payment reversed): the next scan sends the step due, as it would have
 * had the payment never been recorded. Nothing for a watch still running or finished otherwise.
 * Safe to call again.
 */
export async function rewatchReopened(
  deps: Pick<Deps, 'boards' | 'outbox'>,
  meta: WriteMeta,
  inv: Pick<Invoice, 'boardId' | 'invoiceId' | 'partnerId'>,
): Promise<void> {
  // Only invoices are watched: a credit note has no watch to find.
  const steps = reminderDaysOf(await deps.boards.getBoard(inv.boardId));
  await changeWatch(deps, meta, { boardId: inv.boardId, partnerId: inv.partnerId, invoiceId: inv.invoiceId }, (watch) => {
    if (watch.finished !== 'settled' || !nextReminderDate(watch.dueDate, steps, watch.done)) return watch;
    const { finished: _settled, ...rest } = watch;
    return scheduleWatch(rest, steps);
  });
}

/**
 * Applies `change` to a watch as it is now and writes it at the version read, again from a fresh
 * read when something else (the scan, a payment reversed) moved it meanwhile. `change` answers
 * the watch unchanged (the same object) when there is nothing to write.
 */
async function changeWatch(
  deps: Pick<Deps, 'outbox'>,
  meta: WriteMeta,
  ref: { boardId: string; partnerId: string; invoiceId: string },
  change: (watch: ReminderWatch) => ReminderWatch,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const watch = await deps.outbox.getWatch(ref);
    if (!watch) return;
    const next = change(watch);
    if (next === watch) return;
    try {
      await deps.outbox.replaceWatch(meta, next, watch.version);
      return;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  throw new ConflictError('CONFLICT.BUSY', 'the reminder watch is being changed by others; retry');
}

/**
 * Schedules every reminder watch of a board's partners under the board's steps as they are now
 * (after its `reminderDays` were saved): a watch waiting for a step looks again on the date its
 * next step falls due after the steps it has done, today or earlier when a new step has already
 * passed (the next scan then sends the latest step reached, once: never every missed step); one
 * that had no step left is watched again when a later step is added; one with nothing left under
 * the new steps is finished. Steps already sent stay sent: a step sent under the old steps is
 * never sent again, and no step earlier than the latest sent is sent. Settled invoices are left
 * alone. Writes only the watches that move; safe to run again (saving the board again does).
 */
export async function rescheduleReminders(
  deps: Pick<Deps, 'boards' | 'outbox' | 'partners'>,
  meta: WriteMeta,
  boardId: string,
): Promise<number> {
  const steps = reminderDaysOf(await deps.boards.getBoard(boardId));
  let moved = 0;
  for (const partner of await everyPage((page) => deps.partners.listPartners(boardId, page))) {
    for (const watch of await deps.outbox.watchesOf(boardId, partner.partnerId)) {
      if (scheduleWatch(watch, steps) === watch) continue;
      await changeWatch(deps, meta, watch, (current) => scheduleWatch(current, steps));
      moved += 1;
    }
  }
  return moved;
}

/** A short, stable reference for the operation: the same for every retry with one Idempotency-Key. */
export function operationRef(ctx: Ctx): string {
  return createHash('sha256').update(operationIdOf(ctx)).digest('hex').slice(0, 12);
}

function deliveryOff(partner: Partner): ConflictError {
  return new ConflictError(
    'DELIVERY.OFF',
    `documents are not emailed to ${partner.name}: its billing delivery is "none"; set it to "email" to send`,
  );
}

/**
 * Queues one more message with an issued document (finance's resend by hand), under an id
 * derived from the request's operation: a retry with the same Idempotency-Key finds the same
 * message, a new request queues a new one. Refused (409) when the partner's delivery is off.
 */
export async function queueResend(deps: Pick<Deps, 'boards' | 'outbox' | 'partners'>, ctx: Ctx, inv: Invoice): Promise<OutboxItem> {
  const [partner, board] = await Promise.all([deps.partners.getPartner(inv.boardId, inv.partnerId), deps.boards.getBoard(inv.boardId)]);
  if (!partner) throw new NotFoundError('PARTNER.NOT_FOUND', `partner ${inv.partnerId} does not exist`);
  if (!emailsDocuments(partner.billing)) throw deliveryOff(partner);
  const spec: QueueSpec = {
    boardId: inv.boardId,
    partnerId: inv.partnerId,
    documentId: inv.invoiceId,
    purpose: `resend-${operationRef(ctx)}`,
    kind: inv.kind === 'credit-note' ? 'credit-note' : 'invoice',
  };
  const item = newItem(ctx.meta, spec, partner, board);
  await deps.outbox.create(ctx.meta, item);
  const stored = await deps.outbox.get(item);
  if (!stored) throw new Error(`outbox item ${item.outboxId} was not created`);
  return stored;
}

/** The messages sent (or to be sent) with a document, oldest first. */
export async function deliveriesOf(
  deps: Pick<Deps, 'outbox'>,
  boardId: string,
  partnerId: string,
  documentId: string,
): Promise<OutboxItem[]> {
  const items = await deps.outbox.forDocument(boardId, partnerId, documentId);
  return items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.outboxId.localeCompare(b.outboxId));
}

/**
 * What is still to be paid on an issued invoice today, from all its partner's documents (credit
 * notes and allocations count: receivables.ts is the one balance definition), or undefined
 * when there is no such issued invoice.
 */
export async function outstandingOf(
  deps: Pick<Deps, 'invoices'>,
  boardId: string,
  partnerId: string,
  invoiceId: string,
  today: string,
): Promise<Money | undefined> {
  const docs = await deps.invoices.listForPartner(boardId, partnerId);
  const inv = docs.find((d) => d.invoiceId === invoiceId);
  if (!inv || !isIssued(inv)) return undefined;
  return figuresOf(docs, today).get(invoiceId)?.outstanding;
}

// ---------------------------------------------------------------- statements

/** The one outbox "document" id of a partner's statements: each send is `statement.sent-<ref>`. */
export const STATEMENT_DOCUMENT = 'statement';

/**
 * Queues a partner's statement for a period to be emailed (finance), under an id derived from
 * the request's operation: a retry with the same Idempotency-Key finds the same message. The
 * statement is made when it is sent (minutes later), for the period fixed here: `to` defaults
 * to today and `from` to the start of the financial year `to` falls in.
 */
export async function queueStatement(
  deps: Pick<Deps, 'boards' | 'outbox' | 'partners'>,
  ctx: Ctx,
  boardId: string,
  partnerId: string,
  period: { from?: string | undefined; to?: string | undefined },
): Promise<OutboxItem> {
  const [partner, board] = await Promise.all([deps.partners.getPartner(boardId, partnerId), deps.boards.getBoard(boardId)]);
  if (!partner) throw new NotFoundError('PARTNER.NOT_FOUND', `partner ${partnerId} does not exist`);
  const today = todayOf(ctx);
  const to = period.to ?? today;
  const from = period.from ?? `${yearIdOf(to).slice(0, 4)}-04-01`;
  if (from > to) {
    throw new UnprocessableError('STATEMENT.PERIOD', `the period starts (${from}) after it ends (${to})`, [
      { path: 'body/from', message: `must be on or before ${to}` },
    ]);
  }
  if (to > today) {
    throw new UnprocessableError('STATEMENT.FUTURE', `a statement cannot run past today (${today})`, [
      { path: 'body/to', message: `must be on or before ${today}` },
    ]);
  }
  if (!emailsDocuments(partner.billing)) throw deliveryOff(partner);
  const spec: QueueSpec = {
    boardId,
    partnerId,
    documentId: STATEMENT_DOCUMENT,
    purpose: `sent-${operationRef(ctx)}`,
    kind: 'statement',
    period: { from, to },
  };
  const item = newItem(ctx.meta, spec, partner, board);
  await deps.outbox.create(ctx.meta, item);
  const stored = await deps.outbox.get(item);
  if (!stored) throw new Error(`outbox item ${item.outboxId} was not created`);
  return stored;
}

// ---------------------------------------------------------------- changing an item

/**
 * Applies `change` to the item as it is now and writes it at the version read, again from a
 * fresh read when something else moved it meanwhile. `change` answers the item unchanged (the
 * same object) when there is nothing to do. Answers the item as it stands.
 */
export async function settle(
  deps: Pick<Deps, 'outbox'>,
  meta: WriteMeta,
  ref: OutboxRef,
  change: (item: OutboxItem) => OutboxItem,
  opts: { audit?: boolean } = {},
): Promise<OutboxItem | undefined> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await deps.outbox.get(ref);
    if (!current) return undefined;
    const next = change(current);
    if (next === current) return current;
    try {
      return await deps.outbox.replace(meta, next, current.version, opts);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
  throw new ConflictError('OUTBOX.BUSY', `outbox item ${ref.outboxId} is being changed by others`);
}

// ---------------------------------------------------------------- delivery events

/**
 * Records a delivery event the provider reported (SES: Send, Delivery, Bounce, Complaint,
 * Reject; the catcher: bounces) on the item it names. Idempotent: the same event twice moves
 * the item once. An event for an item that does not exist (another deployment's message) is
 * ignored.
 */
export async function recordDeliveryReport(
  deps: Pick<Deps, 'outbox'>,
  policy: DeliveryPolicy,
  ref: MessageRef,
  report: DeliveryReport,
  now: Date,
  random: () => number = Math.random,
): Promise<OutboxItem | undefined> {
  const meta: WriteMeta = {
    actor: 'system:mail-events',
    requestId: `event-${report.type}-${ref.outboxId}-${report.round}-${report.at}`,
    at: now.toISOString(),
  };
  return settle(deps, meta, ref, (cur) => {
    const next = applyReport(cur, report, now, policy, random());
    // The same event again (a redelivered notification): nothing to write.
    const last = cur.history.at(-1);
    const dup = last && last.at === report.at && last.round === report.round && next.status === cur.status && next.round === cur.round;
    return dup ? cur : next;
  });
}

// ---------------------------------------------------------------- overdue reminders

export interface ScanSummary {
  looked: number;
  queued: number;
  skipped: number;
  finished: number;
  errors: string[];
  /** True when the scan stopped for time with watches still due: the next scan goes on. */
  more: boolean;
}

/**
 * The reminder scan (daily in AWS): for every watched invoice whose next check has come, queue
 * the reminder step due under the board's steps as they are now (once: the outbox id
 * `<invoiceId>.reminder-<days>` is deterministic), then move the watch on. It reads every page of
 * the watches due, stopping between pages only when the invocation is running out of time. A settled (paid or credited) invoice, or one with no step left, is no
 * longer watched; a step that falls due while the partner's delivery is off is skipped.
 */
export async function scanReminders(
  deps: Pick<Deps, 'boards' | 'invoices' | 'outbox' | 'partners'>,
  opts: {
    now: Date;
    /** Watches read per page (200). */
    limit?: number;
    /** Milliseconds the invocation has left: the scan stops between pages when under 10 s. */
    remainingMs?: () => number;
  },
): Promise<ScanSummary> {
  const today = londonDateOf(opts.now);
  const meta: WriteMeta = {
    actor: 'system:reminders',
    requestId: `reminders-${today}-${crypto.randomUUID().slice(0, 8)}`,
    at: opts.now.toISOString(),
  };
  const summary: ScanSummary = { looked: 0, queued: 0, skipped: 0, finished: 0, errors: [], more: false };
  // Every page of the watches due, in the order they fell due: a watch that fails stays due and
  // is passed over (the next scan tries it again), never holding up the ones behind it.
  // Once each per scan: a watch this scan moved may sort after the position it read from.
  const seen = new Set<string>();
  let after: string | undefined;
  do {
    if (after !== undefined && (opts.remainingMs?.() ?? Number.POSITIVE_INFINITY) < 10_000) {
      summary.more = true;
      break;
    }
    const page = await deps.outbox.dueWatches(today, opts.limit ?? 200, after);
    for (const ref of page.refs) {
      const key = `${ref.boardId}/${ref.partnerId}/${ref.invoiceId}`;
      if (!seen.has(key)) await scanWatch(deps, meta, today, ref, summary);
      seen.add(key);
    }
    after = page.next;
  } while (after !== undefined);
  return summary;
}

/** One watch of {@link scanReminders}: settle it, or queue the step due and move it on. */
async function scanWatch(
  deps: Pick<Deps, 'boards' | 'invoices' | 'outbox' | 'partners'>,
  meta: WriteMeta,
  today: string,
  ref: WatchRef,
  summary: ScanSummary,
): Promise<void> {
  summary.looked += 1;
  try {
    const watch = await deps.outbox.getWatch(ref);
    if (!watch || watch.finished || !watch.nextCheck || watch.nextCheck > today) return;
    const outstanding = await outstandingOf(deps, ref.boardId, ref.partnerId, ref.invoiceId, today);
    if (!outstanding?.isPositive()) {
      await deps.outbox.replaceWatch(meta, { ...watch, finished: outstanding ? 'settled' : 'invoice not found' }, watch.version);
      summary.finished += 1;
      // A payment reversed between the read above and that write found the watch still running
      // and left it (rewatchReopened); look once more, so that either side watches it again.
      if (outstanding && (await outstandingOf(deps, ref.boardId, ref.partnerId, ref.invoiceId, today))?.isPositive()) {
        await rewatchReopened(deps, meta, ref);
        summary.finished -= 1;
      }
      return;
    }
    // The board's steps as they are now, read after the watch: a save of the board that moved
    // the watch before it was read is seen here; a later save's rescheduling either reads what
    // this scan writes and moves it again, or has written first and this write fails.
    const board = await deps.boards.getBoard(ref.boardId);
    const steps = reminderDaysOf(board);
    const step = reminderStepDue(watch.dueDate, today, steps, watch.done);
    const done = step === undefined ? watch.done : [...watch.done, step];
    if (step !== undefined) {
      const partner = await deps.partners.getPartner(ref.boardId, ref.partnerId);
      if (partner && emailsDocuments(partner.billing)) {
        const spec: QueueSpec = { ...ref, documentId: ref.invoiceId, purpose: `reminder-${step}`, kind: 'reminder', reminderStep: step };
        if (await deps.outbox.create(meta, newItem(meta, spec, partner, board))) summary.queued += 1;
      } else summary.skipped += 1;
    }
    const next = scheduleWatch({ ...watch, done }, steps);
    await deps.outbox.replaceWatch(meta, next, watch.version);
    if (next.finished) summary.finished += 1;
  } catch (err) {
    summary.errors.push(`${ref.boardId}/${ref.partnerId}/${ref.invoiceId}: ${(err as Error).message}`);
  }
}
