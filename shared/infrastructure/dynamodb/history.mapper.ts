/** The stored published figures of a year before the service. */
import type { History } from '../../domain/ledger.ts';
import { money, readStamp } from './mapping.ts';
import { type Item, int, str } from './store.ts';

export function toHistory(item: Item): History {
  const rows = item.contributions as Record<string, unknown>[];
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    budgetSet: money(item.budgetSet),
    outturn: money(item.outturn),
    contributions: rows.map((r) => ({
      partnerId: str(r.partnerId),
      baseline: money(r.baseline),
      additional: money(r.additional),
    })),
    // Published figures recorded before history had a version read as version 1.
    version: item.version === undefined ? 1 : int(item.version),
    ...readStamp(item),
  };
}
