import {
  ConditionFailed,
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  UnprocessableError,
} from '../domain/errors.ts';
import { type BudgetLine, checkProfile, financialYear, type History, type Year } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { assertYearAllows, type YearChange } from '../domain/year-lifecycle.ts';
import { requireBoard } from './boards.ts';
import type { Ctx } from './context.ts';
import type { Deps, ListArgs, Page } from './ports.ts';
import { etagOf, ifMatchHolds, upsertVersioned } from './versioning.ts';

export async function getYear(deps: Pick<Deps, 'years'>, boardId: string, yearId: string): Promise<Year> {
  const year = await deps.years.getYear(boardId, yearId);
  if (!year) throw new NotFoundError('YEAR.NOT_FOUND', `year ${yearId} does not exist`);
  return year;
}

/**
 * Reads the year again and refuses the change if its lifecycle does not allow it. Called by the
 * writers of figure items after reading the item they change and before writing it: with the
 * close's fence on those items (close-binding.ts), that order is what keeps a change that read
 * the year before a close started from landing after the close sealed.
 */
async function yearAllows(deps: Pick<Deps, 'years'>, boardId: string, yearId: string, change: YearChange): Promise<Year> {
  const year = await getYear(deps, boardId, yearId);
  assertYearAllows(year, change);
  return year;
}

/** Creates a draft year, or changes the budget set of a draft or open one (not while its close awaits approval). */
export async function putYear(
  deps: Pick<Deps, 'boards' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  input: { budgetSet: string; publishedOutturn?: string | undefined },
  ifMatch?: string,
) {
  financialYear(yearId);
  await requireBoard(deps, boardId);
  const budgetSet = Money.parse(input.budgetSet);
  const published = input.publishedOutturn === undefined ? undefined : Money.parse(input.publishedOutturn);
  const existing = await deps.years.getYear(boardId, yearId);
  if (existing) assertYearAllows(existing, 'budget-set');
  return upsertVersioned<Year>({
    what: 'year',
    ifMatch,
    load: () => deps.years.getYear(boardId, yearId),
    create: () => deps.years.createYear(ctx.meta, boardId, yearId, budgetSet, published),
    update: async (current) => {
      assertYearAllows(current, 'budget-set');
      try {
        // The write itself is conditional on no close having been asked meanwhile.
        return await deps.years.setBudgetSet(ctx.meta, current, budgetSet, published);
      } catch (err) {
        if (err instanceof ConditionFailed) assertYearAllows(await getYear(deps, boardId, yearId), 'budget-set');
        throw err;
      }
    },
  });
}

/**
 * Creates or changes a budget line. While the year is a draft its amount is set directly (it is
 * the line's original when the year opens). Once the year is open the amounts are fixed: budget
 * moves between lines only by virements (so original and revised are both kept), a new line
 * starts at 0.00 and receives its budget by virement, and a change of name, profile or forecast
 * method must send the line's current (revised) amount. Refused while a close awaits approval.
 */
export async function putBudgetLine(
  deps: Pick<Deps, 'lines' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  category: string,
  input: { name: string; amount: string; profile?: string[] | undefined; forecast?: BudgetLine['forecast'] | undefined },
  ifMatch?: string,
) {
  assertYearAllows(await getYear(deps, boardId, yearId), 'budget-lines');
  const amount = Money.parse(input.amount);
  const profile = input.profile?.map((p) => Money.parse(p));
  checkProfile(amount, profile);
  const rest = { name: input.name, ...(profile ? { profile } : {}), ...(input.forecast ? { forecast: input.forecast } : {}) };
  return upsertVersioned<BudgetLine>({
    what: 'budget line',
    ifMatch,
    load: () => deps.lines.getLine(boardId, yearId, category),
    create: async () => {
      const year = await yearAllows(deps, boardId, yearId, 'budget-lines');
      if (year.status !== 'draft' && !amount.isZero()) throw useVirement(yearId, category, 'a line added to an open year starts at 0.00');
      return deps.lines.createLine(ctx.meta, { boardId, yearId, category, amount, ...rest });
    },
    update: async (current) => {
      const year = await yearAllows(deps, boardId, yearId, 'budget-lines'); // after reading the line: see yearAllows
      if (year.status === 'draft') return deps.lines.updateLine(ctx.meta, current, { amount, ...rest });
      if (!amount.equals(current.amount)) throw useVirement(yearId, category, `its budget is ${current.amount.toDisplay()}`);
      return deps.lines.updateLine(ctx.meta, current, { amount: current.original, ...rest });
    },
  });
}

function useVirement(yearId: string, category: string, why: string): ConflictError {
  return new ConflictError(
    'BUDGET_LINE.USE_VIREMENT',
    `${yearId} is open: ${category}'s amount cannot be set directly (${why}); move budget between lines with POST .../years/${yearId}/virements`,
    [{ path: 'body/amount', message: 'cannot change once the year is open: use a virement' }],
  );
}

export async function getBudgetLine(deps: Pick<Deps, 'lines'>, boardId: string, yearId: string, category: string): Promise<BudgetLine> {
  const line = await deps.lines.getLine(boardId, yearId, category);
  if (!line) throw new NotFoundError('BUDGET_LINE.NOT_FOUND', `${yearId} has no budget line ${category}`);
  return line;
}

export interface HistoryInput {
  budgetSet: string;
  outturn: string;
  contributions: { partnerId: string; baseline: string; additional: string }[];
}

/**
 * Records a year from before the service as its published figures, inconsistencies
 * included (reconciliation reports them). Allowed for a new year, a history year, or a
 * draft year with no ledger yet.
 */
export async function putHistory(
  deps: Pick<Deps, 'boards' | 'history' | 'partners' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  input: HistoryInput,
  ifMatch?: string,
): Promise<History> {
  financialYear(yearId);
  await requireBoard(deps, boardId);
  const seen = new Set<string>();
  for (const [i, c] of input.contributions.entries()) {
    if (seen.has(c.partnerId)) {
      throw new UnprocessableError('HISTORY.DUPLICATE_PARTNER', `partner ${c.partnerId} is listed twice`, [
        { path: `body/contributions/${i}/partnerId`, message: 'is listed twice' },
      ]);
    }
    seen.add(c.partnerId);
  }
  const partners = await Promise.all(input.contributions.map((c) => deps.partners.getPartner(boardId, c.partnerId)));
  const missing = input.contributions.flatMap((c, i) =>
    partners[i] ? [] : [{ path: `body/contributions/${i}/partnerId`, message: `partner ${c.partnerId} does not exist` }],
  );
  if (missing.length > 0) throw new UnprocessableError('HISTORY.UNKNOWN_PARTNER', missing[0]?.message ?? 'unknown partner', missing);
  // The stored figures (even ones a failed earlier attempt left behind) before the year: see yearAllows.
  const stored = await deps.history.getHistory(boardId, yearId);
  const year = await deps.years.getYear(boardId, yearId);
  if (year) assertYearAllows(year, 'history');
  const existing = year?.source === 'history' ? stored : undefined;
  if (existing) {
    // Published figures are changed like any other record: by whoever has seen the current ones.
    if (ifMatch === undefined) {
      throw new PreconditionRequiredError(
        'PRECONDITION.REQUIRED',
        `${yearId}'s published figures exist: send If-Match with their ETag (${etagOf(existing)}) to change them`,
      );
    }
    if (!ifMatchHolds(ifMatch, existing)) {
      throw new PreconditionFailedError(
        'PRECONDITION.STALE',
        `${yearId}'s published figures have changed since they were read (If-Match does not hold)`,
      );
    }
    if (year && sameHistory(existing, input) && year.budgetSet.equals(existing.budgetSet)) return existing; // PUT again: nothing changes
  }
  try {
    return await deps.history.putHistory(
      ctx.meta,
      {
        boardId,
        yearId,
        budgetSet: Money.parse(input.budgetSet),
        outturn: Money.parse(input.outturn),
        contributions: input.contributions.map((c) => ({
          partnerId: c.partnerId,
          baseline: Money.parse(c.baseline),
          additional: Money.parse(c.additional),
        })),
      },
      stored,
    );
  } catch (err) {
    if (err instanceof ConditionFailed) {
      if (err.what.endsWith('HISTORY')) {
        throw new PreconditionFailedError(
          'PRECONDITION.STALE',
          `${yearId}'s published figures were changed by someone else meanwhile; read them again`,
        );
      }
      throw new ConflictError('YEAR.HAS_LEDGER', `${yearId} started its ledger meanwhile; it cannot be replaced by published figures`);
    }
    throw err;
  }
}

function sameHistory(h: History, input: HistoryInput): boolean {
  const key = (rows: { partnerId: string; baseline: string; additional: string }[]) =>
    rows.map((c) => `${c.partnerId}=${c.baseline}/${c.additional}`).join(',');
  return (
    h.budgetSet.equals(Money.parse(input.budgetSet)) &&
    h.outturn.equals(Money.parse(input.outturn)) &&
    key(h.contributions.map((c) => ({ partnerId: c.partnerId, baseline: c.baseline.toString(), additional: c.additional.toString() }))) ===
      key(
        input.contributions.map((c) => ({
          ...c,
          baseline: Money.parse(c.baseline).toString(),
          additional: Money.parse(c.additional).toString(),
        })),
      )
  );
}

export async function getHistory(deps: Pick<Deps, 'history' | 'years'>, boardId: string, yearId: string): Promise<History> {
  const year = await getYear(deps, boardId, yearId);
  const history = year.source === 'history' ? await deps.history.getHistory(boardId, yearId) : undefined;
  if (!history) throw new NotFoundError('HISTORY.NOT_FOUND', `${yearId} is not recorded as history`);
  return history;
}

export function listYears(deps: Pick<Deps, 'years'>, boardId: string, args: ListArgs): Promise<Page<Year>> {
  return deps.years.listYears(boardId, args);
}

export async function listBudgetLines(
  deps: Pick<Deps, 'lines' | 'years'>,
  boardId: string,
  yearId: string,
  args: ListArgs,
): Promise<Page<BudgetLine>> {
  await getYear(deps, boardId, yearId);
  return deps.lines.listLines(boardId, yearId, args);
}
