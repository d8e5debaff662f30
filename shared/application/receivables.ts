/**
 * The partner statement and aged debt (DESIGN 10.1): read a partner's documents, derive from
 * them with the one balance definition (domain/receivables.ts).
 */
import { NotFoundError, UnprocessableError } from '../domain/errors.ts';
import { yearIdOf } from '../domain/financial-year.ts';
import type { Partner } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { AGE_BUCKETS, type AgeBucket, agedDebtOf, type Statement, statementOf } from '../domain/receivables.ts';
import type { Role } from '../domain/roles.ts';
import { actsAsPartnerOnly } from './actor.ts';
import { type Ctx, todayOf } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps } from './ports.ts';

export interface StatementResult {
  readonly statement: Statement;
  readonly partner: Partner;
  readonly boardName: string;
  /** The day it was produced. */
  readonly today: string;
}

/**
 * A partner's statement for a period: `to` defaults to today, `from` to the start of the
 * financial year `to` falls in. A partner reads its own only; another's is "not found".
 */
export async function partnerStatement(
  deps: Pick<Deps, 'boards' | 'invoices' | 'partners'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  partnerId: string,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<StatementResult> {
  const notFound = new NotFoundError('PARTNER.NOT_FOUND', `partner ${partnerId} does not exist`);
  if (actsAsPartnerOnly(ctx.actor, routeRoles) && ctx.actor.partnerId !== partnerId) throw notFound;
  const today = todayOf(ctx);
  const to = query.to ?? today;
  const from = query.from ?? `${yearIdOf(to).slice(0, 4)}-04-01`;
  if (from > to) {
    throw new UnprocessableError('STATEMENT.PERIOD', `the period starts (${from}) after it ends (${to})`, [
      { path: 'query.from', message: `must be on or before ${to}` },
    ]);
  }
  const [partner, board, docs] = await Promise.all([
    deps.partners.getPartner(boardId, partnerId),
    deps.boards.getBoard(boardId),
    deps.invoices.listForPartner(boardId, partnerId),
  ]);
  if (!partner) throw notFound;
  return { statement: statementOf(partnerId, docs, from, to), partner, boardName: board?.name ?? boardId, today };
}

export interface AgedDebtRow {
  readonly partnerId: string;
  readonly buckets: Readonly<Record<AgeBucket, Money>>;
  readonly total: Money;
}

/** Every partner's balance as of a date (default today) by days past due; the buckets add up to each balance. */
export async function agedDebtReport(deps: Pick<Deps, 'invoices' | 'partners'>, ctx: Ctx, boardId: string, asOfParam?: string) {
  const asOf = asOfParam ?? todayOf(ctx);
  const partners = await everyPage((page) => deps.partners.listPartners(boardId, page));
  const rows: AgedDebtRow[] = await Promise.all(
    partners.map(async (p) => ({ partnerId: p.partnerId, ...agedDebtOf(await deps.invoices.listForPartner(boardId, p.partnerId), asOf) })),
  );
  const totals = Object.fromEntries(AGE_BUCKETS.map((b) => [b, Money.sum(rows.map((r) => r.buckets[b]))])) as Record<AgeBucket, Money>;
  return { asOf, rows, totals, total: Money.sum(rows.map((r) => r.total)) };
}
