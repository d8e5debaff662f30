/**
 * Virements (DESIGN 10.4): budget moved from one line to another, with its reason, in an open
 * year. A virement is one record holding both sides, appended to the year's virements item
 * under the version read, and the revised amounts are derived from the records (domain/budget.ts),
 * so from anyone's point of view a virement happens whole or not at all:
 *
 *   - two virements racing from one line are checked one after the other (the second append
 *     finds the version moved, reads again and is checked against the line as it now is), so a
 *     line never goes below zero;
 *   - a retry with the same Idempotency-Key finds its own virement (by operation) instead of
 *     moving the budget twice, even when the first attempt's answer was lost;
 *   - the virements item is read before the year is checked, and a close stamps it once the
 *     ledger is stopped, so a virement cannot land in a year whose close has been asked.
 */
import { checkVirement, type Virement } from '../domain/budget.ts';
import { ConditionFailed, ConflictError } from '../domain/errors.ts';
import { financialYear } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { assertYearAllows } from '../domain/year-lifecycle.ts';
import { type Ctx, operationIdOf } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps, ListArgs, Page } from './ports.ts';
import { getYear } from './years.ts';

export interface VirementInput {
  from: string;
  to: string;
  amount: string;
  reason: string;
}

export async function postVirement(
  deps: Pick<Deps, 'lines' | 'virements' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  input: VirementInput,
): Promise<Virement> {
  financialYear(yearId);
  const amount = Money.parse(input.amount);
  for (let attempt = 0; attempt < 6; attempt++) {
    const record = await deps.virements.getVirements(boardId, yearId);
    const own = record.items.find((v) => v.operationId === operationIdOf(ctx));
    if (own) return own; // an earlier attempt of this operation landed
    // The year after the virements (see the module comment), then the lines as revised by them.
    assertYearAllows(await getYear(deps, boardId, yearId), 'virements');
    const lines = await everyPage((page) => deps.lines.listLines(boardId, yearId, page));
    checkVirement(lines, { from: input.from, to: input.to, amount }, yearId, record.items.length);
    try {
      return await deps.virements.appendVirement(ctx.meta, boardId, yearId, record.version, {
        seq: record.items.length + 1,
        from: input.from,
        to: input.to,
        amount,
        reason: input.reason,
      });
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err; // another virement (or a close's fence) moved the record: read again
    }
  }
  throw new ConflictError('CONFLICT.BUSY', `${yearId}'s budget is being changed by others; retry`);
}

export async function listVirements(
  deps: Pick<Deps, 'virements' | 'years'>,
  boardId: string,
  yearId: string,
  args: ListArgs,
): Promise<Page<Virement>> {
  await getYear(deps, boardId, yearId);
  return deps.virements.listVirements(boardId, yearId, args);
}

export async function allVirements(deps: Pick<Deps, 'virements' | 'years'>, boardId: string, yearId: string): Promise<readonly Virement[]> {
  await getYear(deps, boardId, yearId);
  return (await deps.virements.getVirements(boardId, yearId)).items;
}
