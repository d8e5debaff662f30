/**
 * A close seals only what was approved (DESIGN 10.4; issues 15 and 11).
 *
 * The figures a close seals are its sealable inputs: the budget set, the budget lines (original
 * and revised), the virements, the agreement and the ledger's entries (and other income, once a
 * year has any). Their ETag is a SHA-256 over a canonical form of them, so two reads of the same
 * figures give the same ETag on any board, and any change gives another.
 *
 *   1. The request (`POST .../close`) prices the year, answers the figures and their ETag, and
 *      records the ETag with the requester on the year item. From then on the year awaits
 *      approval: its figures (budget set, lines, virements, agreement, history, other income)
 *      are refused (year-lifecycle.ts); entries are still accepted.
 *   2. The approval (`POST .../close/approve`) must name that ETag in `If-Match` (428 without).
 *      It reads and prices the year again: if the figures moved (an entry came in), 412 with the
 *      new figures and their ETag; if they are not those the request recorded either, 412 too:
 *      the requester asks again, so that both people have seen the same figures.
 *   3. Then ONE conditional write on the year item records the approval and stops the ledger
 *      (open -> closing), only while the request still names that ETag and the approver is not
 *      the requester. From this write on no entry number, no virement and no budget-set change
 *      is accepted: each of those is a conditional write on the year item or is fenced below.
 *   4. The close seals: it voids every reserved entry number no entry took (a writer that had
 *      reserved one either landed before the void, or now gets 409), and stamps each figure item
 *      (lines, agreement, virements) with a version bump, at the version it read. Writers of
 *      those items read the item first, check the year second and write conditionally on the
 *      version they read: a writer that read before the stamp cannot land after it, and one that
 *      reads after it finds the year closing. When a stamp finds the item moved, the close reads
 *      again. After this step the figures can no longer change.
 *   5. Only now does the close compare: the ETag of the sealed figures against the approved one.
 *      Equal: the snapshot is written once, the invoices issued, the year closed. Different
 *      (something landed between the approval's read and the stop): nothing is sealed, the year
 *      goes back to open (a conditional write on this attempt's id), and the approver gets 412
 *      with the figures as they are.
 *
 * Why this order is correct without transactions: the comparison in (5) is made on figures that
 * are final (3 and 4 guarantee no write can still land), so it is exactly the figures the
 * snapshot records; checking before stopping (2) alone would leave a window in which an entry
 * lands between the check and the stop. Every step is safe to repeat: a retried approval of a
 * closing year re-runs (4) (voids and stamps already made are found: the stamps carry the
 * attempt's id) and (5) gives the same answer, because the figures are final. Each stop is an
 * attempt with its own id (`close-<n>` on the year item): a closer checks, before sealing and
 * again before deciding, that the year is still closing under its attempt, and otherwise stops
 * (409 CLOSE.RESTARTED) without voiding, stamping, reopening or sealing anything more, so a slow
 * closer of a refused attempt can never seal, or reopen, another attempt's figures; the reopen
 * itself is conditional on the attempt.
 *
 * One residual, documented: a budget line *created* (at 0.00, as lines added to an open year
 * must be) by a request that checked the year before the close was asked, and that lands in the
 * few seconds between a request, its approval and the seal, has no item to stamp. It cannot
 * move an amount; it adds an empty line to the closed year's reports.
 */
import { createHash } from 'node:crypto';
import type { AgreementWire } from '../domain/agreement.ts';
import type { Virement } from '../domain/budget.ts';
import { ConflictError, type FieldProblem, PreconditionFailedError, UnprocessableError } from '../domain/errors.ts';
import type { BudgetLine, Entry, Year } from '../domain/ledger.ts';
import { MAX_AMOUNT, Money } from '../domain/money.ts';
import type { Deps, RechargeView, WriteMeta, YearContents } from './ports.ts';

/**
 * Other income (DESIGN 10.3): rows that change the figures once a year has any. Absent, nothing
 * is hashed for it, so ETags of years without it do not change.
 */
export interface SealableIncome {
  readonly id: string;
  readonly date: string;
  readonly kind: string;
  readonly amount: Money;
  readonly reverses?: string;
}

export interface SealableFigures {
  readonly budgetSet: Money;
  readonly lines: readonly Pick<BudgetLine, 'category' | 'original' | 'amount'>[];
  readonly virements: readonly Pick<Virement, 'seq' | 'from' | 'to' | 'amount'>[];
  readonly agreement?: AgreementWire | undefined;
  readonly entries: readonly Entry[];
  readonly otherIncome?: readonly SealableIncome[];
}

/** JSON with object keys in order, so equal values serialise equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The ETag of the figures a close would seal: `"<sha-256 hex>"`. Nothing board-specific is in it. */
export function figuresEtagOf(f: SealableFigures): string {
  const h = createHash('sha256');
  h.update(`budgetSet ${f.budgetSet.toString()}\n`);
  for (const l of [...f.lines].sort((a, b) => a.category.localeCompare(b.category)))
    h.update(`line ${canonical([l.category, l.original.toString(), l.amount.toString()])}\n`);
  for (const v of [...f.virements].sort((a, b) => a.seq - b.seq))
    h.update(`virement ${canonical([v.seq, v.from, v.to, v.amount.toString()])}\n`);
  h.update(`agreement ${f.agreement ? canonical(f.agreement) : '-'}\n`);
  for (const e of [...f.entries].sort((a, b) => a.seq - b.seq))
    h.update(
      `entry ${canonical([e.seq, e.date, e.category, e.amount.toString(), e.sarId ?? '', e.reverses ?? '', e.supplier, e.description])}\n`,
    );
  for (const i of [...(f.otherIncome ?? [])].sort((a, b) => a.id.localeCompare(b.id)))
    h.update(`income ${canonical([i.id, i.date, i.kind, i.amount.toString(), i.reverses ?? ''])}\n`);
  return `"${h.digest('hex')}"`;
}

/** The figures of a year as read in one go (other income only once the year has any, so older ETags stay as they were). */
export const sealableOf = (year: Pick<Year, 'budgetSet'>, contents: YearContents): SealableFigures => ({
  budgetSet: year.budgetSet,
  lines: contents.lines,
  virements: contents.virements,
  agreement: contents.agreement?.agreement,
  entries: contents.entries,
  ...((contents.income ?? []).length > 0
    ? {
        otherIncome: (contents.income ?? []).map((i) => ({
          id: i.incomeId,
          date: i.date,
          kind: i.kind,
          amount: i.amount,
          ...(i.reverses ? { reverses: i.reverses } : {}),
        })),
      }
    : {}),
});

/** The entity tags an If-Match header names (weak ones compared by their value; `*` is kept as is). */
export function tagsOf(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter((t) => t.length > 0);
}

/**
 * The largest invoice (or credit note) the service issues: the largest amount it accepts
 * anywhere, so every document it issues can be paid, credited and refunded through the API
 * in one request.
 */
export const MAX_INVOICE = Money.parse(MAX_AMOUNT);

/**
 * Refuses, before anything is written, a recharge whose year-end documents the service cannot
 * issue: any partner's additional contribution (or refund), or a line of it, beyond
 * {@link MAX_INVOICE}. Limits belong to requests, not to arithmetic: the figures themselves are
 * exact whatever their size; only documents are bounded.
 */
export function assertInvoiceable(view: Pick<RechargeView, 'yearId' | 'partners'>): void {
  const problems: FieldProblem[] = [];
  for (const p of view.partners) {
    const amounts = [p.additional, ...p.lines.map((l) => l.amount)].map((a) => Money.fromStored(a));
    const worst = amounts.reduce((max, a) => (a.abs().compare(max.abs()) > 0 ? a : max), Money.zero);
    if (worst.abs().compare(MAX_INVOICE) > 0) {
      problems.push({
        path: `partners/${p.partnerId}`,
        message: `the year-end ${Money.fromStored(p.additional).isNegative() ? 'credit note to' : 'invoice to'} ${p.partnerId} would be ${worst.toDisplay()}, beyond the largest document the service issues (${MAX_INVOICE.toDisplay()})`,
      });
    }
  }
  if (problems.length > 0) {
    throw new UnprocessableError(
      'CLOSE.INVOICE_TOO_LARGE',
      `${view.yearId} cannot be closed: ${problems.map((p) => p.message).join('; ')}. Nothing was changed; correct the ledger (a reversal) or the agreement first`,
      problems,
    );
  }
}

/** 412 with the figures as they are now and their ETag, in the problem document. */
export function figuresMoved(
  code: 'CLOSE.FIGURES_CHANGED' | 'CLOSE.REQUEST_OUTDATED',
  detail: string,
  figures: RechargeView,
  etag: string,
) {
  return new PreconditionFailedError(code, detail, undefined, { figures, etag });
}

/**
 * The close attempt that is sealing was refused or superseded meanwhile (another approver's
 * attempt found the figures moved and reopened the year, or a later attempt started): this one
 * stops, sealing and deciding nothing.
 */
export const closeRestarted = (yearId: string) =>
  new ConflictError(
    'CLOSE.RESTARTED',
    `${yearId}'s close was refused or started again while this approval ran; read the year's figures and approve again`,
  );

/** True while the year is still closing under the attempt that read it. */
export const sameAttempt = (now: Year | undefined, attempt: Pick<Year, 'closingId'>): boolean =>
  now?.status === 'closing' && now.closingId === attempt.closingId;

/** Voids written at once by the close's sweep of unused numbers. */
export const VOID_CONCURRENCY = 16;
/** Time kept back from the request's deadline for what follows the sweep (pricing, the snapshot, the invoices). */
export const CLOSE_TIME_RESERVE_MS = 5_000;

/** How far a close's sweep of unused numbers got when it had to stop for the request's deadline. */
export interface SweepProgress {
  readonly voided: number;
  readonly remaining: number;
}

/**
 * Voids every reserved number no entry (or income record) took, VOID_CONCURRENCY at a time, until
 * the request's deadline: `quiet` when every number was already taken, `again` when it voided some
 * or a writer landed first (the caller reads the ledger again), or how far it got when it stopped for the deadline (the next approval carries on: the
 * voids written are found, the rest written). Every call voids at least one round, so a close of
 * any size gets there.
 */
async function sealLedger(
  deps: Pick<Deps, 'ledger' | 'otherIncome' | 'years'>,
  meta: WriteMeta,
  attempt: Year,
  contents: YearContents,
  deadline: number | undefined,
): Promise<'quiet' | 'again' | SweepProgress> {
  const { boardId, yearId } = attempt;
  const year = await deps.years.getYear(boardId, yearId); // consistent: the final count of numbers
  if (!sameAttempt(year, attempt) || !year) throw closeRestarted(yearId);
  // Rows of an import that never committed hold their numbers: not in the ledger, never voided.
  const taken = new Set([...contents.entries.map((e) => e.seq), ...contents.voided, ...(contents.pending ?? [])]);
  const incomeSeq = year.incomeSeq ?? 0;
  const incomeTaken = new Set([...(contents.income ?? []).map((i) => i.seq), ...(contents.incomeVoided ?? [])]);
  // Other income is fenced by its own numbers on the same year item, and sealed the same way.
  const todo: (() => Promise<boolean>)[] = [];
  for (let seq = 1; seq <= year.seq; seq++) if (!taken.has(seq)) todo.push(() => deps.ledger.voidEntrySeq(meta, boardId, yearId, seq));
  for (let seq = 1; seq <= incomeSeq; seq++)
    if (!incomeTaken.has(seq)) todo.push(() => deps.otherIncome.voidIncomeSeq(meta, boardId, yearId, seq));
  let quiet = true;
  let next = 0;
  let done = 0;
  const late = () => deadline !== undefined && Date.now() > deadline - CLOSE_TIME_RESERVE_MS;
  const worker = async () => {
    while (next < todo.length && !(done >= VOID_CONCURRENCY && late())) {
      const i = next++;
      if (!(await (todo[i] as () => Promise<boolean>)())) quiet = false; // a writer landed first
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(VOID_CONCURRENCY, todo.length) }, worker));
  if (done < todo.length) return { voided: done, remaining: todo.length - done };
  // Final only when a pass found every number taken: after voiding (or losing a race to a writer) read again.
  return todo.length === 0 && quiet ? 'quiet' : 'again';
}

/** Stamps every figure item at the version read; false when one moved meanwhile. */
async function stampFigures(
  deps: Pick<Deps, 'agreements' | 'lines' | 'virements'>,
  meta: WriteMeta,
  year: Year,
  contents: YearContents,
  closingId: string,
): Promise<boolean> {
  const { boardId, yearId } = year;
  const stamps = [
    deps.virements.stampVirements(meta, boardId, yearId, contents.virementsVersion, closingId),
    ...(contents.agreement ? [deps.agreements.stampAgreement(meta, contents.agreement, closingId)] : []),
    ...contents.lines.map((l) => deps.lines.stampLine(meta, l, closingId)),
  ];
  return (await Promise.all(stamps)).every(Boolean);
}

/**
 * Steps (4) of the module comment: once the ledger is stopped, makes the figures final and
 * answers them as read. A year closing from before approvals named their figures has no attempt
 * id: only its ledger is sealed. Throws CLOSE.RESTARTED when the attempt it seals for was
 * refused or superseded meanwhile (it then voids and stamps nothing more).
 */
export async function sealFigures(
  deps: Pick<Deps, 'agreements' | 'ledger' | 'lines' | 'otherIncome' | 'virements' | 'years'>,
  meta: WriteMeta,
  year: Year,
  deadline?: number,
): Promise<YearContents | { readonly sweeping: SweepProgress }> {
  const { boardId, yearId } = year;
  for (let attempt = 0; attempt < 50; attempt++) {
    const contents = await deps.ledger.readYear(boardId, yearId);
    const sealed = await sealLedger(deps, meta, year, contents, deadline);
    if (typeof sealed === 'object') return { sweeping: sealed };
    if (sealed === 'again') continue;
    if (year.closingId && !(await stampFigures(deps, meta, year, contents, year.closingId))) continue;
    return contents;
  }
  throw new ConflictError('CONFLICT.BUSY', `${yearId} is being changed by others while it closes; approve again to finish the close`);
}
