import { ConditionFailed, ConflictError, NotFoundError, UnprocessableError } from '../domain/errors.ts';
import { type BudgetLine, checkProfile, financialYear, type History, type Year } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { requireBoard } from './boards.ts';
import type { Ctx } from './context.ts';
import type { Deps, ListArgs, Page } from './ports.ts';
import { upsertVersioned } from './versioning.ts';

export async function getYear(deps: Deps, boardId: string, yearId: string): Promise<Year> {
  const year = await deps.years.getYear(boardId, yearId);
  if (!year) throw new NotFoundError('YEAR.NOT_FOUND', `year ${yearId} does not exist`);
  return year;
}

function assertNotClosed(year: Year, what: string): void {
  if (year.status === 'closed') {
    throw new ConflictError('YEAR.CLOSED', `${year.yearId} is closed; its ${what} can no longer change`);
  }
}

/** Creates a draft year, or changes the budget set of a draft or open one. */
export async function putYear(
  deps: Deps,
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
  if (existing) assertNotClosed(existing, 'budget');
  return upsertVersioned<Year>({
    what: 'year',
    ifMatch,
    load: () => deps.years.getYear(boardId, yearId),
    create: () => deps.years.createYear(ctx.meta, boardId, yearId, budgetSet, published),
    update: async (current) => {
      assertNotClosed(current, 'budget');
      return deps.years.setBudgetSet(ctx.meta, current, budgetSet, published);
    },
  });
}

export async function putBudgetLine(
  deps: Deps,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  category: string,
  input: { name: string; amount: string; profile?: string[] | undefined; forecast?: BudgetLine['forecast'] | undefined },
  ifMatch?: string,
) {
  const year = await getYear(deps, boardId, yearId);
  assertNotClosed(year, 'budget lines');
  if (year.source === 'history') throw new ConflictError('YEAR.HISTORY', `${yearId} is recorded as history and has no budget lines`);
  const amount = Money.parse(input.amount);
  const profile = input.profile?.map((p) => Money.parse(p));
  checkProfile(amount, profile);
  const fields = { name: input.name, amount, ...(profile ? { profile } : {}), ...(input.forecast ? { forecast: input.forecast } : {}) };
  return upsertVersioned<BudgetLine>({
    what: 'budget line',
    ifMatch,
    load: () => deps.lines.getLine(boardId, yearId, category),
    create: () => deps.lines.createLine(ctx.meta, { boardId, yearId, category, ...fields }),
    update: (current) => deps.lines.updateLine(ctx.meta, current, fields),
  });
}

export async function getBudgetLine(deps: Deps, boardId: string, yearId: string, category: string): Promise<BudgetLine> {
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
export async function putHistory(deps: Deps, ctx: Ctx, boardId: string, yearId: string, input: HistoryInput): Promise<History> {
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
  const year = await deps.years.getYear(boardId, yearId);
  if (year && year.source === 'ledger' && !(year.status === 'draft' && year.seq === 0)) {
    throw new ConflictError('YEAR.HAS_LEDGER', `${yearId} is kept as a ledger here; it cannot be replaced by published figures`);
  }
  const existing = year?.source === 'history' ? await deps.history.getHistory(boardId, yearId) : undefined;
  if (existing && year && sameHistory(existing, input) && year.budgetSet.equals(existing.budgetSet)) return existing; // PUT again: nothing changes
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
      existing,
    );
  } catch (err) {
    if (err instanceof ConditionFailed) {
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

export async function getHistory(deps: Deps, boardId: string, yearId: string): Promise<History> {
  const year = await getYear(deps, boardId, yearId);
  const history = year.source === 'history' ? await deps.history.getHistory(boardId, yearId) : undefined;
  if (!history) throw new NotFoundError('HISTORY.NOT_FOUND', `${yearId} is not recorded as history`);
  return history;
}

export function listYears(deps: Deps, boardId: string, args: ListArgs): Promise<Page<Year>> {
  return deps.years.listYears(boardId, args);
}

export async function listBudgetLines(deps: Deps, boardId: string, yearId: string, args: ListArgs): Promise<Page<BudgetLine>> {
  await getYear(deps, boardId, yearId);
  return deps.lines.listLines(boardId, yearId, args);
}
