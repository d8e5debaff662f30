/**
 * The mail sender (DESIGN 10.5): one pass over the outbox items due, each claimed, sent once and
 * recorded, or settled from delivery evidence after a lost attempt. The protocol and why it is
 * exactly once: application/delivery.ts and domain/delivery.ts. The scheduled function in AWS
 * (functions/mail-sender) and the local runtime (infra/local/mail.ts) run this same pass.
 *
 * It lives apart from delivery.ts because it reads documents through the use cases that build
 * their PDFs (documents.ts), which issue documents (invoices.ts), which queue their email
 * (delivery.ts): one direction only.
 */
import { londonDateOf } from '../domain/calendar.ts';
import {
  accepted,
  cancelled,
  claim,
  type DeliveryPolicy,
  daysFrom,
  messageIdOf,
  nextStep,
  type OutboxItem,
  refused,
  unknownOutcome,
} from '../domain/delivery.ts';
import { ConditionFailed } from '../domain/errors.ts';
import { documentNumber } from '../domain/invoice.ts';
import { emailsDocuments, type Partner } from '../domain/ledger.ts';
import { composeMail, type MailFacts } from '../domain/mail.ts';
import type { Role } from '../domain/roles.ts';
import type { Ctx } from './context.ts';
import { outstandingOf, settle } from './delivery.ts';
import { invoiceDocument, statementDocument } from './documents.ts';
import type { Deps, OutboxRef, OutgoingMail, SenderDeps, WriteMeta } from './ports.ts';

const FINANCE: readonly Role[] = ['finance'];

export interface PassOptions {
  readonly now: Date;
  /** Items read from the due index per pass. @default 50 */
  readonly limit?: number;
  /** Stop starting new items after this instant (ms since the epoch): the function's deadline. */
  readonly deadline?: number;
  /** For the jitter of the retry delay. @default Math.random */
  readonly random?: () => number;
}

export interface PassSummary {
  looked: number;
  sent: number;
  /** Settled as sent from delivery evidence, without sending again. */
  resolved: number;
  refused: number;
  /** Of the refused, those whose last attempt it was: now `failed`, for a person to look at. */
  failed: number;
  unknown: number;
  cancelled: number;
  /** Claimed by someone else, or not due after all. */
  skipped: number;
  errors: string[];
}

const senderMeta = (now: Date, pass: string): WriteMeta => ({ actor: 'system:mail-sender', requestId: pass, at: now.toISOString() });

/** Why a document's message should not go after all (delivery turned off, a reminder paid meanwhile), if so. */
async function stillWanted(
  deps: Pick<Deps, 'invoices'>,
  item: OutboxItem,
  partner: Partner | undefined,
  now: Date,
): Promise<string | undefined> {
  if (!partner) return 'the partner no longer exists';
  if (!emailsDocuments(partner.billing)) return 'delivery was turned off for the partner';
  if (item.kind === 'reminder') {
    const outstanding = await outstandingOf(deps, item.boardId, item.partnerId, item.documentId, londonDateOf(now));
    if (!outstanding?.isPositive()) return 'the invoice was settled before the reminder went';
  }
  return undefined;
}

/** The sender reads documents as finance would: its own context, for the pass's instant. */
function systemCtx(boardId: string, now: Date, meta: WriteMeta): Ctx {
  return { actor: { sub: meta.actor, roles: new Set(['finance']), boardId }, now, meta };
}

/**
 * The message of an item: what it says, to whom, with the document's PDF built by the very
 * use cases and renderers its own route uses (`GET .../invoices/{invoiceId}` or
 * `GET .../partners/{partnerId}/statement` with `Accept: application/pdf`): what the document
 * froze at issue, with its figures as of now.
 */
export async function prepareMail(
  deps: Pick<SenderDeps, 'boards' | 'documents' | 'invoices' | 'mail' | 'partners'>,
  item: OutboxItem,
  now: Date,
  meta: WriteMeta,
): Promise<OutgoingMail> {
  const ctx = systemCtx(item.boardId, now, meta);
  const today = londonDateOf(now);
  let facts: MailFacts;
  let pdf: Uint8Array;
  if (item.kind === 'statement') {
    const period = item.period;
    if (!period) throw new Error(`statement ${item.outboxId} has no period`);
    const built = await statementDocument(deps, ctx, FINANCE, item.boardId, item.partnerId, period);
    const { statement, partner, boardName } = built.result;
    const issuer = built.document?.issuer;
    facts = {
      kind: 'statement',
      boardName,
      partnerName: partner.name,
      number: '',
      amount: statement.closingBalance,
      period: { from: statement.from, to: statement.to },
      ...(issuer ? { issuer } : {}),
      attachmentName: `statement-${item.partnerId}-${statement.from}-${statement.to}.pdf`,
    };
    pdf = await deps.documents.statementPdf(built);
  } else {
    const built = await invoiceDocument(deps, ctx, FINANCE, item.boardId, item.documentId);
    const { doc, figures, creditsNumber } = built.view;
    const number = documentNumber(doc);
    const issuer = built.document?.issuer;
    const common = {
      boardName: built.document?.boardName ?? doc.boardName ?? item.fromName,
      partnerName: doc.partnerName ?? doc.billTo.name,
      number,
      issueDate: doc.issueDate,
      attachmentName: `${number}.pdf`,
      ...(issuer ? { issuer } : {}),
    };
    if (item.kind === 'reminder') {
      facts = { ...common, kind: 'reminder', amount: figures.outstanding, dueDate: doc.dueDate, daysOverdue: daysFrom(doc.dueDate, today) };
    } else if (doc.kind === 'credit-note') {
      facts = {
        ...common,
        kind: 'credit-note',
        amount: doc.total,
        ...(creditsNumber ? { credits: creditsNumber } : {}),
        ...(doc.reason ? { reason: doc.reason } : {}),
        ...(doc.application ? { application: doc.application } : {}),
      };
    } else {
      facts = { ...common, kind: 'invoice', amount: doc.total, outstanding: figures.outstanding, dueDate: doc.dueDate };
    }
    pdf = await deps.documents.invoicePdf(built, item.fromName);
  }
  const content = composeMail(facts);
  return {
    messageId: messageIdOf(item, item.round, deps.mail.messageDomain),
    from: { name: item.fromName, address: deps.mail.fromAddress },
    to: item.to,
    cc: item.cc,
    ...(item.replyTo ? { replyTo: item.replyTo } : {}),
    subject: content.subject,
    text: content.text,
    html: content.html,
    attachments: [{ filename: facts.attachmentName, contentType: 'application/pdf', content: pdf }],
    tags: { board: item.boardId, partner: item.partnerId, outbox: item.outboxId, round: String(item.round) },
  };
}

type ItemOutcome = 'sent' | 'resolved' | 'refused' | 'failed' | 'unknown' | 'cancelled' | 'skipped';

/** One item: settle a lost attempt from evidence, or claim, send once and record. */
async function processItem(
  deps: Pick<SenderDeps, 'boards' | 'documents' | 'evidence' | 'invoices' | 'mail' | 'mailer' | 'outbox' | 'partners'>,
  ref: OutboxRef,
  opts: PassOptions,
  meta: WriteMeta,
): Promise<ItemOutcome> {
  const policy: DeliveryPolicy = deps.mail.policy;
  const random = opts.random ?? Math.random;
  const now = opts.now;
  const at = now.toISOString();
  const item = await deps.outbox.get(ref);
  if (!item) return 'skipped';
  const step = nextStep(item, now);
  if (step === 'wait' || step === 'done') return 'skipped';

  if (step === 'check-evidence') {
    // A sender claimed this round and never recorded what happened: never resend blindly.
    const evidence = await deps.evidence.acceptedAs(item, messageIdOf(item, item.round, deps.mail.messageDomain));
    if (evidence) {
      const round = item.round;
      await settle(deps, meta, ref, (cur) => accepted(cur, round, evidence.at, evidence.providerMessageId, 'resolved'));
      return 'resolved';
    }
  }

  const partner = await deps.partners.getPartner(item.boardId, item.partnerId);
  const unwanted = await stillWanted(deps, item, partner, now);
  if (unwanted) {
    await settle(deps, meta, ref, (cur) => (cur.version === item.version ? cancelled(cur, at, unwanted) : cur));
    return 'cancelled';
  }

  const attemptId = crypto.randomUUID();
  const mine = claim(item, now, attemptId, policy, messageIdOf(item, item.round, deps.mail.messageDomain));
  if (!mine) return 'skipped';
  let claimed: OutboxItem;
  try {
    claimed = await deps.outbox.replace(meta, mine, item.version, { audit: false });
  } catch (err) {
    if (err instanceof ConditionFailed) return 'skipped'; // another sender (or an event) moved it first
    throw err;
  }

  let mail: OutgoingMail;
  try {
    mail = await prepareMail(deps, claimed, now, meta);
  } catch (err) {
    // Nothing was sent: a refusal of our own, retried like the provider's.
    const reason = `could not prepare the message: ${(err as Error).message}`;
    const after = await settle(deps, meta, ref, (cur) => refused(cur, attemptId, at, reason, policy, random()));
    return after?.status === 'failed' ? 'failed' : 'refused';
  }

  const result = await deps.mailer.send(mail);
  const round = claimed.round;
  switch (result.outcome) {
    case 'accepted':
      await settle(deps, meta, ref, (cur) => accepted(cur, round, at, result.providerMessageId, 'accepted'));
      return 'sent';
    case 'refused': {
      const after = await settle(deps, meta, ref, (cur) => refused(cur, attemptId, at, result.reason, policy, random()));
      return after?.status === 'failed' ? 'failed' : 'refused';
    }
    case 'unknown':
      await settle(deps, meta, ref, (cur) => unknownOutcome(cur, attemptId, at, result.reason));
      return 'unknown';
  }
}

/**
 * One pass of the sender: every item due by `now`, page after page (`limit` a page), one at a
 * time, until none is left or the deadline. An item that fails (a crash of its own, a throttled
 * write) is left as it is, to be settled by a later pass; the others go on, those behind it
 * included.
 */
export async function sendPass(
  deps: Pick<SenderDeps, 'boards' | 'documents' | 'evidence' | 'invoices' | 'mail' | 'mailer' | 'outbox' | 'partners'>,
  opts: PassOptions,
): Promise<PassSummary> {
  const summary: PassSummary = { looked: 0, sent: 0, resolved: 0, refused: 0, failed: 0, unknown: 0, cancelled: 0, skipped: 0, errors: [] };
  const meta = senderMeta(opts.now, `send-${opts.now.toISOString()}-${crypto.randomUUID().slice(0, 8)}`);
  const pastDeadline = () => opts.deadline !== undefined && Date.now() > opts.deadline;
  // Once each per pass: an item this pass moved may sort after the position it read from.
  const seen = new Set<string>();
  let after: string | undefined;
  do {
    const page = await deps.outbox.due(opts.now.toISOString(), opts.limit ?? 50, after);
    for (const ref of page.refs) {
      if (pastDeadline()) return summary;
      const key = `${ref.boardId}/${ref.partnerId}/${ref.outboxId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      summary.looked += 1;
      try {
        summary[await processItem(deps, ref, opts, meta)] += 1;
      } catch (err) {
        summary.errors.push(`${ref.boardId}/${ref.partnerId}/${ref.outboxId}: ${(err as Error).message}`);
      }
    }
    after = page.next;
  } while (after !== undefined && !pastDeadline());
  return summary;
}
