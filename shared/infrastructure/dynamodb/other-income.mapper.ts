/**
 * Stored other income (`INCOME#<seq>`) as {@link OtherIncome}, parsed whole with zod at the
 * boundary: a record read back without the shape it was written with fails here, loudly.
 */
import * as z from 'zod/mini';
import { INCOME_KINDS, incomeIdOf, type OtherIncome } from '../../domain/other-income.ts';
import { money } from './mapping.ts';
import type { Item } from './store.ts';
import { parseStored, StoredAmount, StoredInt } from './stored.ts';

const StoredIncome = z.lazy(() =>
  z.looseObject({
    type: z.literal('income'),
    boardId: z.string(),
    yearId: z.string(),
    seq: StoredInt,
    date: z.string(),
    source: z.string(),
    kind: z.enum(INCOME_KINDS as [string, ...string[]]),
    amount: StoredAmount,
    partnerId: z.optional(z.string()),
    description: z.string(),
    reverses: z.optional(z.string()),
    reason: z.optional(z.string()),
    createdAt: z.string(),
    createdBy: z.string(),
    requestId: z.string(),
    operationId: z.optional(z.string()),
  }),
);

export function toIncome(item: Item): OtherIncome {
  const r = parseStored(StoredIncome, item, 'other income');
  return {
    boardId: r.boardId,
    yearId: r.yearId,
    seq: r.seq,
    incomeId: incomeIdOf(r.seq),
    date: r.date,
    source: r.source,
    kind: r.kind as OtherIncome['kind'],
    amount: money(r.amount),
    ...(r.partnerId ? { partnerId: r.partnerId } : {}),
    description: r.description,
    ...(r.reverses ? { reverses: r.reverses } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    requestId: r.requestId,
    ...(r.operationId ? { operationId: r.operationId } : {}),
  };
}

/** True for stored income items (not the tombstones a close writes over unused numbers). */
export const isIncomeItem = (item: Item): boolean => item.type === 'income';
