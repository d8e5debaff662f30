/**
 * The close's record (`SNAPSHOT` in the year's partition), parsed at the boundary: the sealed
 * figures are read back as exactly what was written, numbers unwrapped, or not at all.
 */
import * as z from 'zod/mini';
import type { RechargeSnapshot } from '../../application/ports.ts';
import { parseStored, StoredAmount, StoredInt } from './stored.ts';

const Line = z.lazy(() => z.object({ rule: z.string(), description: z.string(), amount: StoredAmount }));

export const StoredSnapshot = z.lazy(() =>
  z.object({
    yearId: z.string(),
    status: z.literal('closed'),
    basis: z.string(),
    outturn: StoredAmount,
    budgetSet: StoredAmount,
    baselines: StoredAmount,
    additional: StoredAmount,
    contributions: StoredAmount,
    carryForward: StoredAmount,
    partners: z.array(
      z.object({ partnerId: z.string(), baseline: StoredAmount, additional: StoredAmount, total: StoredAmount, lines: z.array(Line) }),
    ),
    steps: z.array(Line),
    spend: z.array(z.object({ category: z.string(), budget: StoredAmount, spent: StoredAmount })),
    entries: StoredInt,
    computedAt: z.string(),
    sealHash: z.string(),
    // DESIGN 10.3: absent from snapshots sealed before other income and the reserve existed.
    drawnFromReserve: z.optional(StoredAmount),
    cashIncome: z.optional(StoredAmount),
    inKindIncome: z.optional(StoredAmount),
    incomeRecords: z.optional(StoredInt),
  }),
);

export function toSnapshot(value: unknown): RechargeSnapshot {
  return parseStored(StoredSnapshot, value, 'close snapshot');
}
