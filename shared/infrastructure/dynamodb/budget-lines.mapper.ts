/** Stored budget lines as {@link StoredLine}s (their own amount), revised into {@link BudgetLine}s by the year's virements. */
import type { StoredLine } from '../../domain/budget.ts';
import type { BudgetLine } from '../../domain/ledger.ts';
import { Money } from '../../domain/money.ts';
import { money, readStamp, version } from './mapping.ts';
import { type Item, optStr, str } from './store.ts';

export function toStoredLine(item: Item): StoredLine {
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

/** A stored line with no virements applied (its original is its amount). */
export function toLine(item: Item): BudgetLine {
  const line = toStoredLine(item);
  return { ...line, original: line.amount, virements: Money.zero };
}
