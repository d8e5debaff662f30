/**
 * The year's virements (`VIREMENTS` in the year's partition), parsed at the boundary: one item
 * holding every virement of the year in order, and the version its appends are conditioned on.
 */
import * as z from 'zod/mini';
import type { VirementsRecord } from '../../application/ports.ts';
import type { Virement } from '../../domain/budget.ts';
import { Money } from '../../domain/money.ts';
import type { Item } from './store.ts';
import { parseStored, StoredAmount, StoredInt } from './stored.ts';

const StoredVirement = z.lazy(() =>
  z.object({
    seq: StoredInt,
    from: z.string(),
    to: z.string(),
    amount: StoredAmount,
    reason: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    operationId: z.optional(z.string()),
  }),
);

const StoredVirements = z.lazy(() => z.object({ version: StoredInt, items: z.array(StoredVirement) }));

export function toVirements(item: Item | undefined): VirementsRecord {
  if (!item) return { version: 0, items: [] };
  const parsed = parseStored(StoredVirements, { version: item.version, items: item.items ?? [] }, 'virements');
  return {
    version: parsed.version,
    items: parsed.items.map(
      (v): Virement => ({
        seq: v.seq,
        from: v.from,
        to: v.to,
        amount: Money.fromStored(v.amount),
        reason: v.reason,
        createdAt: v.createdAt,
        createdBy: v.createdBy,
        ...(v.operationId ? { operationId: v.operationId } : {}),
      }),
    ),
  };
}

export function virementItem(v: Virement): Item {
  return {
    seq: v.seq,
    from: v.from,
    to: v.to,
    amount: v.amount.toString(),
    reason: v.reason,
    createdAt: v.createdAt,
    createdBy: v.createdBy,
    ...(v.operationId ? { operationId: v.operationId } : {}),
  };
}
