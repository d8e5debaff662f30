/**
 * Other income (DESIGN 10.3): grants, fees, other cash and contributions in kind, recorded like
 * expenditure entries. Posting is two single-item writes: reserve the next income number on the
 * year item (only while the year is open), then create the record under that number (only if the
 * number is unused); a close that stops the year voids any number still unwritten, so no income
 * lands in a closed year, not even one racing the close. A correction is a reversal pointing at
 * the original, claimed once by a marker item.
 *
 * Which years accept income is decided in one place, {@link assertAcceptsIncome}, beside the
 * fence on the year item; a year lifecycle rule (awaiting approval, closing) plugs in there.
 */
import { ConditionFailed, ConflictError, NotFoundError, UnprocessableError } from '../domain/errors.ts';
import type { Year } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { checkIncomeDate, type IncomeKind, incomeIdOf, type OtherIncome, seqOfIncomeId } from '../domain/other-income.ts';
import { assertYearAllows } from '../domain/year-lifecycle.ts';
import { type Ctx, once, operationIdOf } from './context.ts';
import type { Deps, ListArgs, Page } from './ports.ts';
import { getYear } from './years.ts';

export interface IncomeInput {
  date: string;
  source: string;
  kind: IncomeKind;
  amount: string;
  partnerId?: string | undefined;
  description: string;
}

const notOpen = (yearId: string, status: string) =>
  new ConflictError('YEAR.NOT_OPEN', `${yearId} is ${status}; other income can only be recorded in an open year`);

/**
 * The one rule of which years take other income (and its reversals): open ones, as for
 * expenditure, and, as one of the figures a close seals, not while a close awaits approval
 * (the year lifecycle's rule, DESIGN 10.4).
 */
export function assertAcceptsIncome(year: Year): void {
  if (year.source === 'history') throw new ConflictError('YEAR.HISTORY', `${year.yearId} is recorded as history; it has no ledger`);
  if (year.status !== 'open') throw notOpen(year.yearId, year.status);
  assertYearAllows(year, 'other-income');
}

/** The record this operation wrote under `seq` in an earlier attempt, if any. */
/** The next income number, once per operation (a retry gets the same), only while the year is open. */
async function reserveIncomeNumber(deps: Pick<Deps, 'years'>, ctx: Ctx, boardId: string, yearId: string): Promise<number> {
  try {
    return await once(ctx, 'incomeSeq', () => deps.years.reserveIncomeSeq(ctx.meta, boardId, yearId));
  } catch (err) {
    if (err instanceof ConditionFailed) throw notOpen(yearId, 'no longer open');
    throw err;
  }
}

async function ownIncomeAt(
  deps: Pick<Deps, 'otherIncome'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  seq: number | undefined,
): Promise<OtherIncome | undefined> {
  if (seq === undefined) return undefined;
  const existing = await deps.otherIncome.incomeAt(boardId, yearId, seq);
  return existing && existing !== 'void' && existing.operationId === operationIdOf(ctx) ? existing : undefined;
}

/**
 * Records other income. With an Idempotency-Key a retry converges: the number is kept on the
 * key's record, so a retry after a failure at any step writes under the same number, or finds
 * the record its first attempt wrote.
 */
export async function postIncome(
  deps: Pick<Deps, 'otherIncome' | 'partners' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  input: IncomeInput,
): Promise<OtherIncome> {
  const earlier = await ownIncomeAt(deps, ctx, boardId, yearId, ctx.operation?.recall('incomeSeq') as number | undefined);
  if (earlier) return earlier;
  const [year, partner] = await Promise.all([
    getYear(deps, boardId, yearId),
    input.partnerId ? deps.partners.getPartner(boardId, input.partnerId) : undefined,
  ]);
  assertAcceptsIncome(year);
  checkIncomeDate(yearId, input.date);
  if (input.partnerId && !partner) {
    throw new UnprocessableError('INCOME.UNKNOWN_PARTNER', `partner ${input.partnerId} does not exist`, [
      { path: 'body/partnerId', message: `partner ${input.partnerId} does not exist` },
    ]);
  }
  const seq = await reserveIncomeNumber(deps, ctx, boardId, yearId);
  try {
    return await deps.otherIncome.putIncome(ctx.meta, {
      boardId,
      yearId,
      seq,
      date: input.date,
      source: input.source,
      kind: input.kind,
      amount: Money.parse(input.amount),
      ...(input.partnerId ? { partnerId: input.partnerId } : {}),
      description: input.description,
    });
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    const own = await ownIncomeAt(deps, ctx, boardId, yearId, seq);
    if (own) return own;
    throw new ConflictError('YEAR.CLOSED', `${yearId} was closed while this income was being recorded; it was not recorded`);
  }
}

/** One income record, with the reversal that cancelled it if any. */
export async function getIncome(
  deps: Pick<Deps, 'otherIncome' | 'years'>,
  boardId: string,
  yearId: string,
  incomeId: string,
): Promise<OtherIncome & { reversedBy?: string }> {
  await getYear(deps, boardId, yearId);
  const found = await deps.otherIncome.incomeAt(boardId, yearId, seqOfIncomeId(incomeId));
  if (!found || found === 'void') throw new NotFoundError('INCOME.NOT_FOUND', `${yearId} has no income ${incomeId}`);
  const marker = await deps.otherIncome.getReversalMarker(boardId, yearId, incomeId);
  if (!marker) return found;
  const reversal = await deps.otherIncome.incomeAt(boardId, yearId, marker.reversalSeq);
  return reversal && reversal !== 'void' ? { ...found, reversedBy: incomeIdOf(marker.reversalSeq) } : found;
}

export async function listIncome(
  deps: Pick<Deps, 'otherIncome' | 'years'>,
  boardId: string,
  yearId: string,
  args: ListArgs,
): Promise<Page<OtherIncome>> {
  await getYear(deps, boardId, yearId);
  return deps.otherIncome.listIncome(boardId, yearId, args);
}

/**
 * Reverses an income record with an equal and opposite one dated like it. At most one reversal
 * per record: a marker item claims the right first; if an earlier attempt died after claiming,
 * a retry finishes its work under the number the marker recorded.
 */
export async function reverseIncome(
  deps: Pick<Deps, 'otherIncome' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  incomeId: string,
  reason: string,
): Promise<OtherIncome> {
  const claimed = await deps.otherIncome.getReversalMarker(boardId, yearId, incomeId);
  if (claimed?.operationId === operationIdOf(ctx)) {
    const own = await ownIncomeAt(deps, ctx, boardId, yearId, claimed.reversalSeq);
    if (own) return own;
  }
  const year = await getYear(deps, boardId, yearId);
  assertAcceptsIncome(year);
  const original = await deps.otherIncome.incomeAt(boardId, yearId, seqOfIncomeId(incomeId));
  if (!original || original === 'void') throw new NotFoundError('INCOME.NOT_FOUND', `${yearId} has no income ${incomeId}`);
  if (original.reverses) throw new UnprocessableError('INCOME.IS_REVERSAL', `${incomeId} is itself a reversal; record new income instead`);

  let seq: number;
  const marker = claimed ?? (await deps.otherIncome.getReversalMarker(boardId, yearId, incomeId));
  if (marker) {
    const existing = await deps.otherIncome.incomeAt(boardId, yearId, marker.reversalSeq);
    if (existing)
      throw new ConflictError('INCOME.ALREADY_REVERSED', `${incomeId} has already been reversed by ${incomeIdOf(marker.reversalSeq)}`);
    seq = marker.reversalSeq; // an earlier attempt claimed but did not finish
  } else {
    seq = await reserveIncomeNumber(deps, ctx, boardId, yearId);
    try {
      await deps.otherIncome.claimReversal(ctx.meta, boardId, yearId, incomeId, seq);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const now = await deps.otherIncome.getReversalMarker(boardId, yearId, incomeId);
      if (now?.operationId !== operationIdOf(ctx))
        throw new ConflictError('INCOME.ALREADY_REVERSED', `${incomeId} is already being reversed`);
      seq = now.reversalSeq; // this operation claimed it in an attempt that did not hear back
    }
  }
  try {
    return await deps.otherIncome.putIncome(ctx.meta, {
      boardId,
      yearId,
      seq,
      date: original.date,
      source: original.source,
      kind: original.kind,
      amount: original.amount.negate(),
      ...(original.partnerId ? { partnerId: original.partnerId } : {}),
      description: `Reversal of ${incomeId}: ${original.description}`.slice(0, 500),
      reverses: incomeId,
      reason,
    });
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    const own = await ownIncomeAt(deps, ctx, boardId, yearId, seq);
    if (own) return own;
    const existing = await deps.otherIncome.incomeAt(boardId, yearId, seq);
    if (existing && existing !== 'void') throw new ConflictError('INCOME.ALREADY_REVERSED', `${incomeId} has already been reversed`);
    throw new ConflictError('YEAR.CLOSED', `${yearId} was closed while this reversal was being recorded; it was not recorded`);
  }
}
