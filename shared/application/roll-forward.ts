/**
 * `POST .../years/{yearId}/roll-forward` (DESIGN 10.3): makes a new draft year from the one
 * before it. Refused onto an existing year.
 *
 * A multi-item operation without transactions, made safe to retry: the year item is created
 * first, once, recording where it came from, the uplift and the operation; then each budget
 * line and the agreement are created once under their deterministic keys (one already there is
 * kept); then the year is marked complete. A retry of an interrupted roll-forward (same `from`
 * and `uplift`) finishes it; once complete, only the same operation (an Idempotency-Key retry)
 * is answered again, and anything else is refused as a roll-forward onto an existing year.
 */
import { agreementToWire, assertValidAgreement, parseAgreement } from '../domain/agreement.ts';
import { ConditionFailed, ConflictError, UnprocessableError } from '../domain/errors.ts';
import { nextYearId } from '../domain/financial-year.ts';
import { type BudgetLine, financialYear, type Year } from '../domain/ledger.ts';
import { Decimal } from '../domain/money.ts';
import { planRollForward } from '../domain/roll-forward.ts';
import { requireBoard } from './boards.ts';
import { type Ctx, operationIdOf } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps, StoredAgreement } from './ports.ts';
import { getYear } from './years.ts';

export interface RollForwardInput {
  from: string;
  uplift: string;
}

export interface RolledForward {
  year: Year;
  from: string;
  uplift: string;
  lines: BudgetLine[];
  agreement: StoredAgreement;
  notes: string[];
}

const exists = (year: Year) =>
  new ConflictError(
    'YEAR.EXISTS',
    `${year.yearId} already exists (${year.source === 'history' ? 'history' : year.status}); a roll-forward only makes a new year`,
    [{ path: 'path/yearId', message: `${year.yearId} already exists` }],
  );

/** Whether an existing year is this roll-forward's own, still to finish or to answer again. */
function ours(year: Year, ctx: Ctx, input: RollForwardInput): boolean {
  const r = year.rolledForward;
  if (!r || r.from !== input.from || r.uplift !== input.uplift) return false;
  return r.completedAt === undefined || r.operationId === operationIdOf(ctx);
}

export async function rollForward(
  deps: Pick<Deps, 'agreements' | 'boards' | 'lines' | 'partners' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  input: RollForwardInput,
): Promise<RolledForward> {
  financialYear(yearId);
  await requireBoard(deps, boardId);
  if (nextYearId(input.from) !== yearId) {
    throw new UnprocessableError(
      'ROLL_FORWARD.NOT_NEXT_YEAR',
      `${yearId} can only be rolled forward from ${previousOf(yearId)}, the year before it`,
      [{ path: 'body/from', message: `must be ${previousOf(yearId)}, the year before ${yearId}` }],
    );
  }
  const existing = await deps.years.getYear(boardId, yearId);
  if (existing && !ours(existing, ctx, input)) throw exists(existing);

  const from = await deps.years.getYear(boardId, input.from);
  const refuse = (message: string) =>
    new UnprocessableError('ROLL_FORWARD.NOTHING_TO_ROLL', `${input.from} ${message}`, [{ path: 'body/from', message }]);
  if (!from) throw refuse('does not exist');
  if (from.source === 'history') throw refuse('is recorded as history: it has no budget lines or agreement to roll forward');
  const [stored, fromLines, partners] = await Promise.all([
    deps.agreements.getAgreement(boardId, input.from),
    everyPage((page) => deps.lines.listLines(boardId, input.from, page)),
    everyPage((page) => deps.partners.listPartners(boardId, page)),
  ]);
  if (!stored) throw refuse('has no funding agreement to roll forward');

  const plan = planRollForward({
    fromYearId: input.from,
    budgetSet: from.budgetSet,
    lines: fromLines,
    agreement: parseAgreement(stored.agreement, 'agreement'),
    uplift: new Decimal(input.uplift),
  });
  assertValidAgreement(plan.agreement, {
    partnerIds: new Set(partners.map((p) => p.partnerId)),
    categories: new Set(plan.lines.map((l) => l.category)),
    pathPrefix: 'agreement',
  });

  // 1. The year, once, saying where it came from.
  let year = existing;
  if (!year) {
    try {
      year = await deps.years.createRolledYear(ctx.meta, boardId, yearId, plan.budgetSet, {
        from: input.from,
        uplift: input.uplift,
        operationId: operationIdOf(ctx),
      });
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      year = await getYear(deps, boardId, yearId);
      if (!ours(year, ctx, input)) throw exists(year);
    }
  }
  // 2. Each budget line and the agreement, once (what is already there is kept).
  const lines: BudgetLine[] = [];
  for (const l of plan.lines) {
    const have = await deps.lines.getLine(boardId, yearId, l.category);
    if (have) {
      lines.push(have);
      continue;
    }
    try {
      lines.push(await deps.lines.createLine(ctx.meta, { boardId, yearId, ...l }));
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const now = await deps.lines.getLine(boardId, yearId, l.category);
      if (!now) throw err;
      lines.push(now);
    }
  }
  let agreement = await deps.agreements.getAgreement(boardId, yearId);
  if (!agreement) {
    try {
      agreement = await deps.agreements.createAgreement(ctx.meta, boardId, yearId, agreementToWire(plan.agreement));
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      agreement = await deps.agreements.getAgreement(boardId, yearId);
      if (!agreement) throw err;
    }
  }
  // 3. Complete.
  await deps.years.completeRollForward(ctx.meta, boardId, yearId);
  return { year: await getYear(deps, boardId, yearId), from: input.from, uplift: input.uplift, lines, agreement, notes: plan.notes };
}

function previousOf(yearId: string): string {
  const first = Number(yearId.slice(0, 4)) - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}
