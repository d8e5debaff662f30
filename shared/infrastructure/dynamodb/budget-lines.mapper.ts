/** Stored budget lines as {@link BudgetLine}s. */
import type { BudgetLine } from '../../domain/ledger.ts';
import { money, readStamp, version } from './mapping.ts';
import { type Item, optStr, str } from './store.ts';

export function toLine(item: Item): BudgetLine {
  const profile = Array.isArray(item.profile) ? item.profile.map((p) => money(p)) : undefined;
  const forecast = optStr(item.forecast) as BudgetLine['forecast'];
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    category: str(item.category),
    name: str(item.name),
    amount: money(item.amount),
    ...(profile ? { profile } : {}),
    ...(forecast ? { forecast } : {}),
    version: version(item),
    ...readStamp(item),
  };
}
