/**
 * What pricing a year needs besides its ledger: the partners' names (the engine's lines name
 * partners by name, never by id) and the year's other income in the engine's two totals.
 */
import type { Money } from '../domain/money.ts';
import { incomeTotals } from '../domain/other-income.ts';
import { everyPage } from './pages.ts';
import type { Deps, YearContents } from './ports.ts';

/** The board's partners by id, as names (one read of the board's partner records). */
export async function partnerNames(deps: Pick<Deps, 'partners'>, boardId: string): Promise<Map<string, string>> {
  const partners = await everyPage((page) => deps.partners.listPartners(boardId, page));
  return new Map(partners.map((p) => [p.partnerId, p.name]));
}

/** A year's other income as the engine takes it (reversals net off). */
export function incomeOf(contents: Pick<YearContents, 'income'>): { cash: Money; inKind: Money } {
  return incomeTotals(contents.income ?? []);
}
