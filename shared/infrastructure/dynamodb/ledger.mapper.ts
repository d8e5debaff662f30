/**
 * Stored ledger items as domain records. Reports map every entry of a year (10,000 and more),
 * so entries are read field by field with checked readers (a string where a string is stored,
 * an integer where a sequence is, an exact amount where money is) rather than through a
 * schema library, which doubled the time of that loop; every field is still checked.
 */
import type { ReversalMarker } from '../../application/ports.ts';
import { type Entry, entryIdOf } from '../../domain/ledger.ts';
import { money } from './mapping.ts';
import { type Item, int, optStr, str } from './store.ts';

/** The optional text fields of an entry, in the order an entry lists them. */
const OPTIONAL_ENTRY_FIELDS = ['sarId', 'reference', 'reverses', 'reason', 'importId', 'operationId'] as const;

/**
 * A stored entry item as an {@link Entry}. Reports map every entry of a year (10,000 and more),
 * so this assigns the optional fields in place rather than spreading one small object per field
 * (which took twice as long); the fields and their order are the same.
 */
export function toEntry(item: Item): Entry {
  const seq = int(item.seq);
  const entry: Record<string, unknown> = {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    seq,
    entryId: entryIdOf(seq),
    date: str(item.date),
    category: str(item.category),
    amount: money(item.amount),
    supplier: str(item.supplier),
    description: str(item.description),
  };
  for (const name of OPTIONAL_ENTRY_FIELDS) {
    const v = optStr(item[name]);
    if (v !== undefined) entry[name] = v;
  }
  entry.createdAt = str(item.createdAt);
  entry.createdBy = str(item.createdBy);
  entry.requestId = str(item.requestId);
  return entry as unknown as Entry;
}

export function toMarker(item: Item): ReversalMarker {
  const importId = optStr(item.importId);
  const operationId = optStr(item.operationId);
  return { reversalSeq: int(item.reversalSeq), ...(importId ? { importId } : {}), ...(operationId ? { operationId } : {}) };
}

/** True for stored entry items (not the tombstones a close writes over unused numbers). */
export const isEntryItem = (item: Item): boolean => item.type === 'entry';
