/**
 * The year's life after its budget: opening (baseline invoices), the recharge preview, and
 * the close, which seals the ledger, records a snapshot of its inputs and result, issues the
 * year-end invoices or credit notes and locks the year.
 *
 * The close is a sequence of single-item steps, each safe to repeat, so a close interrupted
 * anywhere is finished by calling it again:
 *   1. the approval, bound to the figures the request showed, and open -> closing in one write
 *      (no new entry numbers, virements or budget-set changes from here on);
 *   2. void every reserved number no entry took (a tombstone under the entry's own key, so a
 *      racing writer either landed first and is in the ledger, or gets 409), and fence the
 *      lines, the agreement and the virements; then compare the sealed figures with the approved
 *      ones, and go back to open (412) if they differ (see close-binding.ts);
 *   3. read the sealed ledger, price it with the engine, and store the snapshot once (a retry
 *      reads the first snapshot back, so the figures never change);
 *   4. issue the invoices from the snapshot under deterministic ids;
 *   5. closing -> closed with the seal hash; then account for every invoice number.
 */
import { createHash } from 'node:crypto';
import { parseAgreement } from '../domain/agreement.ts';
import { fixedContributors } from '../domain/agreement-words.ts';
import { londonDateOf } from '../domain/calendar.ts';
import { computeRecharge, type RechargeResult } from '../domain/engine.ts';
import {
  ConditionFailed,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../domain/errors.ts';
import { formatFinancialYear } from '../domain/format.ts';
import { creditableOf, documentNumber, type Invoice, type InvoiceLine, invoiceIdFor, isIssued } from '../domain/invoice.ts';
import type { Entry, Year } from '../domain/ledger.ts';
import { Decimal, Money } from '../domain/money.ts';
import type { OtherIncome } from '../domain/other-income.ts';
import {
  assertInvoiceable,
  closeRestarted,
  figuresEtagOf,
  figuresMoved,
  type SweepProgress,
  sameAttempt,
  sealableOf,
  sealFigures,
  tagsOf,
} from './close-binding.ts';
import type { Ctx } from './context.ts';
import { claimCredit, issueCreditNote } from './credit-notes.ts';
import { documentHeader, issueInvoice, sweepNumbers } from './invoices.ts';
import type { Deps, RechargeLineView, RechargeSnapshot, RechargeView, WriteMeta, YearContents } from './ports.ts';
import { incomeOf, partnerNames } from './pricing.ts';
import { assertDrawStillAvailable } from './reserve.ts';
import { ifMatchHolds } from './versioning.ts';
import { getYear } from './years.ts';

export type { RechargeLineView, RechargeView };

const lineView = (l: { rule: string; description: string; amount: Money }): RechargeLineView => ({
  rule: l.rule,
  description: l.description,
  amount: l.amount.toString(),
});

export function rechargeView(
  yearId: string,
  basis: string,
  r: RechargeResult,
  spend: RechargeView['spend'],
  entries: number,
  computedAt: string,
): RechargeView {
  return {
    yearId,
    status: 'preview',
    basis,
    outturn: r.outturn.toString(),
    budgetSet: r.budgetSet.toString(),
    baselines: r.baselines.toString(),
    additional: r.additional.toString(),
    contributions: r.contributions.toString(),
    carryForward: r.carryForward.toString(),
    partners: r.partners.map((p) => ({
      partnerId: p.partnerId,
      baseline: p.baseline.toString(),
      additional: p.additional.toString(),
      total: p.total.toString(),
      lines: p.lines.map(lineView),
    })),
    steps: r.steps.map(lineView),
    spend,
    entries,
    computedAt,
    drawnFromReserve: r.drawnFromReserve.toString(),
    cashIncome: r.cashIncome.toString(),
    inKindIncome: r.inKindIncome.toString(),
  };
}

/** Totals by category, over the union of budget lines and categories spent in. */
export function spendByCategory(contents: Pick<YearContents, 'lines' | 'entries'>): {
  budgets: Map<string, Money>;
  spend: Map<string, Money>;
} {
  const budgets = new Map(contents.lines.map((l) => [l.category, l.amount]));
  const spend = new Map<string, Money>();
  for (const e of contents.entries) spend.set(e.category, (spend.get(e.category) ?? Money.zero).plus(e.amount));
  return { budgets, spend };
}

/** Prices a year's ledger (and its other income) with its agreement; `names` name partners in the lines. */
export function priceYear(
  year: Year,
  contents: Pick<YearContents, 'lines' | 'entries' | 'agreement' | 'income'>,
  computedAt: string,
  names?: ReadonlyMap<string, string>,
): RechargeView {
  if (!contents.agreement)
    throw new ConflictError('AGREEMENT.MISSING', `${year.yearId} has no funding agreement; set it before pricing or closing the year`);
  const wire = contents.agreement.agreement;
  const { budgets, spend } = spendByCategory(contents);
  const result = computeRecharge({
    agreement: parseAgreement(wire, 'agreement'),
    budgetSet: year.budgetSet,
    budgets,
    spend,
    income: incomeOf(contents),
    ...(names ? { names } : {}),
  });
  const categories = [...new Set([...budgets.keys(), ...spend.keys()])].sort();
  const spendView = categories.map((category) => ({
    category,
    budget: (budgets.get(category) ?? Money.zero).toString(),
    spent: (spend.get(category) ?? Money.zero).toString(),
  }));
  const view = rechargeView(year.yearId, wire.basis, result, spendView, contents.entries.length, computedAt);
  return contents.income?.length ? { ...view, incomeRecords: contents.income.length } : view;
}

/**
 * Hash of the sealed ledger: every entry and every voided number, in number order, and the
 * numbers held by rows of imports that never committed (outside the ledger, but accounted for);
 * then, when the year has any, every other-income record and voided income number, in number order.
 */
export function sealHashOf(
  entries: readonly Entry[],
  voided: readonly number[],
  uncommitted: readonly number[] = [],
  income: readonly OtherIncome[] = [],
  incomeVoided: readonly number[] = [],
): string {
  const h = createHash('sha256');
  const rows = [
    ...entries.map(
      (e) => [e.seq, 'E', e.date, e.category, e.amount.toString(), e.sarId ?? '', e.reverses ?? '', e.supplier, e.description] as const,
    ),
    ...voided.map((seq) => [seq, 'V'] as const),
    ...uncommitted.map((seq) => [seq, 'U'] as const),
  ].sort((a, b) => a[0] - b[0]);
  for (const r of rows) h.update(`${JSON.stringify(r)}\n`);
  const incomeRows = [
    ...income.map(
      (i) => [i.seq, 'I', i.date, i.kind, i.source, i.amount.toString(), i.partnerId ?? '', i.reverses ?? '', i.description] as const,
    ),
    ...incomeVoided.map((seq) => [seq, 'IV'] as const),
  ].sort((a, b) => a[0] - b[0]);
  for (const r of incomeRows) h.update(`${JSON.stringify(r)}\n`);
  return h.digest('hex');
}

function requireLedgerYear(year: Year): void {
  if (year.source === 'history')
    throw new ConflictError('YEAR.HISTORY', `${year.yearId} is recorded as history; it has no ledger to price`);
}

/** The year-end recharge as it stands: a preview for an open year, the sealed figures for a closed one. */
export async function previewRecharge(
  deps: Pick<Deps, 'ledger' | 'partners' | 'snapshots' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
): Promise<RechargeView> {
  const year = await getYear(deps, boardId, yearId);
  requireLedgerYear(year);
  if (year.status === 'closed') {
    const snap = await deps.snapshots.getSnapshot(boardId, yearId);
    if (snap) return snap;
  }
  // The year was read just now: its committed imports save the ledger read another read of it.
  const [contents, names] = await Promise.all([
    deps.ledger.readYear(boardId, yearId, year.committedImports ?? new Set<string>()),
    partnerNames(deps, boardId),
  ]);
  return priceYear(year, contents, ctx.now.toISOString(), names);
}

function percent(share: string): string {
  const pct = new Decimal(share).times(100);
  return `${pct.toDecimalPlaces(4).toString()}%`;
}

/** Issues (or finds) the baseline invoice of every partner with a baseline. */
async function issueBaselineInvoices(
  deps: Pick<Deps, 'agreements' | 'boards' | 'invoices' | 'outbox' | 'partners'>,
  meta: WriteMeta,
  year: Year,
): Promise<Invoice[]> {
  const stored = await deps.agreements.getAgreement(year.boardId, year.yearId);
  if (!stored) return [];
  // The day the year opened, in London (the service's calendar), as every date the service gives.
  const issueDate = londonDateOf(new Date(year.openedAt ?? meta.at));
  const out: Invoice[] = [];
  const fixed = fixedContributors(stored.agreement);
  for (const p of stored.agreement.partners) {
    const baseline = Money.fromStored(p.baseline);
    if (!baseline.isPositive()) continue;
    if (p.partnerId === stored.agreement.host && year.hostInvoiced === false) continue; // recorded, not invoiced
    const partner = await deps.partners.getPartner(year.boardId, p.partnerId);
    if (!partner) throw new ConflictError('PARTNER.NOT_FOUND', `partner ${p.partnerId} of the agreement no longer exists`);
    const lines: InvoiceLine[] = [
      {
        rule: 'baseline',
        description: `Baseline contribution for ${year.yearId} (${
          fixed.has(p.partnerId)
            ? 'fixed contribution'
            : new Decimal(p.share).isZero()
              ? 'year-end splits as agreed'
              : `agreed share ${percent(p.share)}`
        }, ${stored.agreement.basis === 'committal' ? 'committal basis' : 'full cost recovery'})`,
        amount: baseline,
        vatTreatment: 'outside-scope',
      },
    ];
    out.push(
      await issueInvoice(deps, meta, {
        boardId: year.boardId,
        invoiceId: invoiceIdFor(year.yearId, 'baseline', p.partnerId),
        partnerId: p.partnerId,
        yearId: year.yearId,
        kind: 'baseline',
        issueDate,
        header: await documentHeader(deps, year.boardId, partner),
        lines,
      }),
    );
  }
  return out;
}

/**
 * draft -> open, then the baseline invoices. Needs the agreement (the baselines come from
 * it). Opening an open year again only makes sure its baseline invoices exist.
 */
export async function openYear(
  deps: Pick<Deps, 'agreements' | 'boards' | 'invoices' | 'outbox' | 'partners' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  ifMatch?: string,
): Promise<{ year: Year; invoices: Invoice[] }> {
  let year = await getYear(deps, boardId, yearId);
  requireLedgerYear(year);
  if (ifMatch !== undefined && year.status === 'draft' && !ifMatchHolds(ifMatch, year)) {
    throw new PreconditionFailedError('PRECONDITION.STALE', 'the year has changed since it was read (If-Match does not hold)');
  }
  if (year.status === 'closing' || year.status === 'closed')
    throw new ConflictError('YEAR.CLOSED', `${yearId} is ${year.status} and cannot be opened again`);
  if (year.status === 'draft') {
    if (!(await deps.agreements.getAgreement(boardId, yearId))) {
      throw new ConflictError(
        'AGREEMENT.MISSING',
        `${yearId} has no funding agreement; set it before opening the year (the baseline invoices come from it)`,
      );
    }
    // Whether the host is invoiced is fixed as the year opens (the board's invoicing details may change later).
    const board = await deps.boards.getBoard(boardId);
    try {
      year = await deps.years.openYear(ctx.meta, year, { hostInvoiced: board?.invoicing?.invoiceHost !== false });
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      year = await getYear(deps, boardId, yearId);
      if (year.status !== 'open') throw new ConflictError('CONFLICT.BUSY', 'the year is being changed by others; retry');
    }
  }
  const invoices = await issueBaselineInvoices(deps, ctx.meta, year);
  await sweepNumbers(deps, ctx.meta, boardId);
  return { year, invoices };
}

async function issueYearEndInvoices(
  deps: Pick<Deps, 'agreements' | 'boards' | 'invoices' | 'outbox' | 'partners' | 'years'>,
  meta: WriteMeta,
  boardId: string,
  snap: RechargeView,
): Promise<Invoice[]> {
  // The day the close was priced, in London (the service's calendar), as every date the service gives.
  const issueDate = londonDateOf(new Date(snap.computedAt));
  const out: Invoice[] = [];
  const [year, stored] = await Promise.all([deps.years.getYear(boardId, snap.yearId), deps.agreements.getAgreement(boardId, snap.yearId)]);
  const notInvoiced = year?.hostInvoiced === false ? stored?.agreement.host : undefined;
  for (const p of snap.partners) {
    // Stored (computed) amounts: read back exactly, whatever their size (request limits do not apply).
    const additional = Money.fromStored(p.additional);
    if (additional.isZero()) continue;
    if (p.partnerId === notInvoiced) continue; // the host's share is recorded in the snapshot, not invoiced
    const partner = await deps.partners.getPartner(boardId, p.partnerId);
    if (!partner) throw new ConflictError('PARTNER.NOT_FOUND', `partner ${p.partnerId} of the agreement no longer exists`);
    const lines: InvoiceLine[] = p.lines
      .map((l) => ({
        rule: l.rule,
        description: l.description,
        amount: Money.fromStored(l.amount),
        vatTreatment: 'outside-scope' as const,
      }))
      .filter((l) => !l.amount.isZero());
    const yearEndId = invoiceIdFor(snap.yearId, 'year-end', p.partnerId);
    if (additional.isNegative()) {
      out.push(await issueYearEndCredit(deps, meta, boardId, snap.yearId, p.partnerId, yearEndId, additional.negate(), issueDate, lines));
      continue;
    }
    out.push(
      await issueInvoice(deps, meta, {
        boardId,
        invoiceId: yearEndId,
        partnerId: p.partnerId,
        yearId: snap.yearId,
        kind: 'additional',
        issueDate,
        header: await documentHeader(deps, boardId, partner),
        lines,
      }),
    );
  }
  return out;
}

/**
 * A year-end refund: a credit note of the CN series under the year-end id, crediting the
 * partner's baseline invoice (applied first to what is unpaid on it, the rest credit on
 * account), through the same claim as any credit note. Without a baseline invoice that can
 * take it, the note stands alone as credit on account.
 */
async function issueYearEndCredit(
  deps: Pick<Deps, 'boards' | 'invoices' | 'outbox' | 'partners'>,
  meta: WriteMeta,
  boardId: string,
  yearId: string,
  partnerId: string,
  yearEndId: string,
  refund: Money,
  issueDate: string,
  lines: InvoiceLine[],
): Promise<Invoice> {
  const baselineId = invoiceIdFor(yearId, 'baseline', partnerId);
  const baseline = await deps.invoices.get(boardId, partnerId, baselineId);
  const claimed = baseline?.creditNotes.some((c) => c.creditNoteId === yearEndId) ?? false;
  if (baseline && isIssued(baseline) && (claimed || creditableOf(baseline).compare(refund) >= 0)) {
    const { invoice, claim } = await claimCredit(deps, meta, boardId, baselineId, yearEndId, {
      amount: refund,
      reason: `year-end refund for ${formatFinancialYear(yearId)}`,
      date: issueDate,
    });
    return issueCreditNote(deps, meta, invoice, claim, lines);
  }
  const partner = await deps.partners.getPartner(boardId, partnerId);
  if (!partner) throw new ConflictError('PARTNER.NOT_FOUND', `partner ${partnerId} of the agreement no longer exists`);
  return issueInvoice(deps, meta, {
    boardId,
    invoiceId: yearEndId,
    partnerId,
    yearId,
    kind: 'credit-note',
    issueDate,
    header: await documentHeader(deps, boardId, partner),
    lines,
    reason: `year-end refund for ${formatFinancialYear(yearId)}`,
    // No invoice to reduce: all of it is credit on account.
    application: { toInvoice: Money.zero, onAccount: Money.sum(lines.map((l) => l.amount)).negate() },
  });
}

function withInvoices(snap: RechargeView, invoices: Invoice[]): RechargeView {
  return {
    ...snap,
    status: 'closed',
    invoices: invoices.map((i) => ({
      partnerId: i.partnerId,
      invoiceId: i.invoiceId,
      number: documentNumber(i),
      kind: i.kind,
      total: i.total.toString(),
    })),
  };
}

export type CloseRequestView = RechargeView & { closeRequest: NonNullable<Year['closeRequest']>; etag: string };

/**
 * Segregation of duties, step one: a finance officer asks for the close. Nothing is locked
 * yet; the answer is the recharge as it would be sealed and the ETag of those figures, which
 * the approval must name. From now on the year's figures cannot change (entries still can, and
 * then the approval is refused until the requester asks again, which records the new figures).
 * A recharge the service could not invoice is refused here (422), before anything is written.
 */
export async function requestClose(
  deps: CloseDeps,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  deadline?: number,
): Promise<{ done: RechargeView } | { pending: CloseRequestView } | { progress: CloseInProgress }> {
  let year = await getYear(deps, boardId, yearId);
  requireLedgerYear(year);
  if (year.status === 'closing' || year.status === 'closed') {
    const closed = await closeYearWithin(deps, ctx, boardId, yearId, deadline);
    return 'sweep' in closed ? { progress: closed } : { done: closed };
  }
  if (year.status === 'draft') throw new ConflictError('YEAR.NOT_OPEN', `${yearId} is a draft; open it before closing it`);
  const [contents, names] = await Promise.all([
    deps.ledger.readYear(boardId, yearId, year.committedImports ?? new Set<string>()),
    partnerNames(deps, boardId),
  ]);
  const preview = priceYear(year, contents, ctx.meta.at, names); // refuses (409) without an agreement
  await assertDrawStillAvailable(deps, boardId, yearId, Money.fromStored(preview.drawnFromReserve ?? '0.00'));
  assertInvoiceable(preview);
  const etag = figuresEtagOf(sealableOf(year, contents));
  const mine = !year.closeRequest || year.closeRequest.by === ctx.actor.sub;
  if (mine && year.closeRequest?.etag !== etag) {
    try {
      await deps.years.requestClose(ctx.meta, boardId, yearId, etag);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
    year = await getYear(deps, boardId, yearId);
  }
  const request = year.closeRequest;
  if (!request || year.status !== 'open') throw new ConflictError('CONFLICT.BUSY', 'the year is being changed by others; retry');
  if (request.by !== ctx.actor.sub) {
    throw new ConflictError(
      'CLOSE.AWAITING_APPROVAL',
      `${request.by} has already asked to close ${yearId}; a second person approves it with POST .../close/approve`,
    );
  }
  return { pending: { ...preview, closeRequest: request, etag: request.etag ?? etag } };
}

/**
 * Withdraws a close request (finance), so that the year's figures can change again: a budget
 * line to correct, a virement to make. Only while the year is open: once an approval has stopped
 * the ledger, the close finishes or is refused on its own. Withdrawing when nothing is asked is
 * harmless (the year is answered as it is).
 */
export async function withdrawClose(deps: Pick<Deps, 'years'>, ctx: Ctx, boardId: string, yearId: string): Promise<Year> {
  const year = await getYear(deps, boardId, yearId);
  requireLedgerYear(year);
  if (year.status !== 'open') {
    throw new ConflictError(
      year.status === 'draft' ? 'YEAR.NOT_OPEN' : year.status === 'closing' ? 'YEAR.CLOSING' : 'YEAR.CLOSED',
      `${yearId} is ${year.status}: there is no close request to withdraw`,
    );
  }
  if (!year.closeRequest) return year;
  try {
    await deps.years.withdrawCloseRequest(ctx.meta, boardId, yearId);
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err; // withdrawn meanwhile, or approved: the year says which
  }
  const now = await getYear(deps, boardId, yearId);
  if (now.status !== 'open') throw new ConflictError('YEAR.CLOSING', `${yearId} was approved meanwhile and is ${now.status}`);
  return now;
}

/** What a close reads and writes: the year, its figures, the board's parties and its documents. */
type CloseDeps = Pick<
  Deps,
  'agreements' | 'boards' | 'invoices' | 'ledger' | 'lines' | 'otherIncome' | 'outbox' | 'partners' | 'snapshots' | 'virements' | 'years'
>;

/** A close run without a deadline always finishes its sweep. */
function finished(yearId: string, closed: RechargeView | CloseInProgress): RechargeView {
  if ('sweep' in closed) throw new Error(`${yearId}: a close without a deadline stopped its sweep`);
  return closed;
}

const approvalHint = 'send If-Match with the ETag of the figures you approve (the close request answered it)';

/**
 * Segregation of duties, step two: somebody other than the requester (finance or board)
 * approves the figures the request showed, naming their ETag in `If-Match`, and the close runs
 * (see close-binding.ts for why it seals exactly those figures, or nothing). The two-person rule
 * and the binding are conditions on the year item, so they hold under any concurrency.
 * Approving a closed year again with its ETag answers its sealed figures.
 */
export async function approveClose(deps: CloseDeps, ctx: Ctx, boardId: string, yearId: string, ifMatch?: string): Promise<RechargeView> {
  return finished(yearId, await approveCloseWithin(deps, ctx, boardId, yearId, ifMatch, undefined));
}

/**
 * {@link approveClose} within a request's time (`deadline`, epoch ms): a close whose sweep of
 * unused numbers does not fit answers how far it got (the route's 202), and approving again
 * carries on (issue 11, defect 13).
 */
export async function approveCloseWithin(
  deps: CloseDeps,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  ifMatch: string | undefined,
  deadline: number | undefined,
): Promise<RechargeView | CloseInProgress> {
  const year = await getYear(deps, boardId, yearId);
  requireLedgerYear(year);
  if (year.status === 'draft') throw new ConflictError('YEAR.NOT_OPEN', `${yearId} is a draft; open it before closing it`);
  if (year.status === 'open') {
    if (!year.closeRequest)
      throw new ConflictError('CLOSE.NOT_REQUESTED', `nobody has asked to close ${yearId}; a finance officer asks with POST .../close`);
    if (year.closeRequest.by === ctx.actor.sub) {
      throw new ForbiddenError('CLOSE.SELF_APPROVAL', 'the person who asked for the close cannot approve it; a second person must');
    }
  }
  if (ifMatch === undefined)
    throw new PreconditionRequiredError('PRECONDITION.REQUIRED', `approving a close needs If-Match: ${approvalHint}`);
  const named = tagsOf(ifMatch);
  if (year.status !== 'open') {
    // Closing or closed: a retry of the approval (or another approval of the same figures).
    if (year.closingEtag && !named.includes(year.closingEtag)) {
      throw new PreconditionFailedError(
        'CLOSE.FIGURES_CHANGED',
        `${yearId} is ${year.status} with other figures than the ones If-Match names (${year.closingEtag})`,
        undefined,
        { etag: year.closingEtag },
      );
    }
    return closeYearWithin(deps, ctx, boardId, yearId, deadline);
  }
  const request = year.closeRequest as NonNullable<Year['closeRequest']>;
  const [contents, names] = await Promise.all([
    deps.ledger.readYear(boardId, yearId, year.committedImports ?? new Set<string>()),
    partnerNames(deps, boardId),
  ]);
  const figures = priceYear(year, contents, ctx.meta.at, names);
  const etag = figuresEtagOf(sealableOf(year, contents));
  if (!named.includes(etag)) {
    throw figuresMoved(
      'CLOSE.FIGURES_CHANGED',
      `the figures of ${yearId} are not the ones If-Match names${named.includes('*') ? ' (If-Match: * is not accepted: name the figures you approve)' : ''}: the outturn is now ${Money.fromStored(figures.outturn).toDisplay()} over ${figures.entries} entries. Nothing was sealed; the figures and their ETag are in this answer`,
      figures,
      etag,
    );
  }
  if (request.etag !== etag) {
    throw figuresMoved(
      'CLOSE.REQUEST_OUTDATED',
      `the figures of ${yearId} changed after ${request.by} asked for the close; ${request.by} asks again (POST .../close) so that both of you approve the same figures`,
      figures,
      etag,
    );
  }
  // Refused before the ledger stops: documents the service cannot issue, a draw the reserve no longer holds.
  assertInvoiceable(figures);
  await assertDrawStillAvailable(deps, boardId, yearId, Money.fromStored(figures.drawnFromReserve ?? '0.00'));
  try {
    await deps.years.stopForApproval(ctx.meta, boardId, yearId, etag);
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    // Another approval of these figures got there first (or this one's earlier attempt): carry on.
    const now = await getYear(deps, boardId, yearId);
    if ((now.status === 'closing' || now.status === 'closed') && now.closingEtag === etag)
      return closeYearWithin(deps, ctx, boardId, yearId, deadline);
    throw new ConflictError('CONFLICT.BUSY', 'the year is being changed by others; read its figures again and retry');
  }
  return closeYearWithin(deps, ctx, boardId, yearId, deadline);
}

/**
 * A close whose sweep of unused numbers did not fit in one request: the year is closing, the
 * voids written stay written, and approving again (or asking again) carries on.
 */
export interface CloseInProgress {
  readonly yearId: string;
  readonly status: 'closing';
  readonly sweep: SweepProgress;
  readonly detail: string;
}

/**
 * Closes an approved year (see the module comment and close-binding.ts). Idempotent: closing
 * a closed year answers the same figures. Reached through {@link approveClose}, or through a
 * close request on a year already closing (which finishes an interrupted close).
 */
export async function closeYear(deps: CloseDeps, ctx: Ctx, boardId: string, yearId: string): Promise<RechargeView> {
  return finished(yearId, await closeYearWithin(deps, ctx, boardId, yearId, undefined));
}

/** {@link closeYear} within a request's time: a sweep too large for it answers how far it got. */
export async function closeYearWithin(
  deps: CloseDeps,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  deadline: number | undefined,
): Promise<RechargeView | CloseInProgress> {
  let year = await getYear(deps, boardId, yearId);
  requireLedgerYear(year);
  if (year.status === 'draft') throw new ConflictError('YEAR.NOT_OPEN', `${yearId} is a draft; open it before closing it`);
  if (year.status === 'open')
    throw new ConflictError('CLOSE.NOT_APPROVED', `closing ${yearId} needs a request and a second person's approval`);

  let snap: RechargeSnapshot | undefined = await deps.snapshots.getSnapshot(boardId, yearId);
  if (!snap) {
    if (year.status === 'closing') {
      // Refuse before sealing if the year cannot be priced.
      const stored = await deps.agreements.getAgreement(boardId, yearId);
      if (!stored) throw new ConflictError('AGREEMENT.MISSING', `${yearId} has no funding agreement; set it before closing the year`);
      parseAgreement(stored.agreement, 'agreement');
    }
    const attempt = year;
    const sealing = await sealFigures(deps, ctx.meta, attempt, deadline);
    if ('sweeping' in sealing) {
      return {
        yearId,
        status: 'closing',
        sweep: sealing.sweeping,
        detail: `${yearId} is closing: ${sealing.sweeping.voided} unused entry numbers were voided in this request and ${sealing.sweeping.remaining} remain; approve again (the same request) to carry on`,
      };
    }
    const contents = sealing;
    year = await getYear(deps, boardId, yearId); // its budget set can no longer change
    // Still this attempt's close? (Another approver's attempt may have found the figures moved and
    // reopened the year, or started again: then this one decides nothing.)
    if (!sameAttempt(year, attempt)) throw closeRestarted(yearId);
    const priced = priceYear(year, contents, ctx.meta.at, await partnerNames(deps, boardId));
    const sealed = figuresEtagOf(sealableOf(year, contents));
    if (year.closingEtag && sealed !== year.closingEtag && year.closingId) {
      // Something landed between the approval's read and the stop: seal nothing, reopen.
      try {
        await deps.years.reopenRefusedClose(ctx.meta, boardId, yearId, year.closingId);
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err; // reopened by a concurrent retry
      }
      throw figuresMoved(
        'CLOSE.FIGURES_CHANGED',
        `the figures of ${yearId} changed while the close was approved (the outturn is now ${Money.fromStored(priced.outturn).toDisplay()} over ${priced.entries} entries); nothing was sealed and the year is open again: the requester asks again`,
        priced,
        sealed,
      );
    }
    const sealHash = sealHashOf(contents.entries, contents.voided, contents.pending, contents.income, contents.incomeVoided);
    snap = await deps.snapshots.putSnapshotOnce(ctx.meta, boardId, yearId, { ...priced, status: 'closed', sealHash });
  }
  const invoices = await issueYearEndInvoices(deps, ctx.meta, boardId, snap);
  try {
    await deps.years.finishClose(ctx.meta, boardId, yearId, snap.sealHash);
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err; // already closed by a concurrent or earlier attempt
  }
  await sweepNumbers(deps, ctx.meta, boardId);
  return withInvoices(snap, invoices);
}

export async function requireSnapshot(deps: Pick<Deps, 'snapshots'>, boardId: string, yearId: string): Promise<RechargeView> {
  const snap = await deps.snapshots.getSnapshot(boardId, yearId);
  if (!snap) throw new NotFoundError('RECHARGE.NOT_FOUND', `${yearId} has not been closed`);
  return snap;
}
