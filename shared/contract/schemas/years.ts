/**
 * Request schemas of the years group: a year's budget set, its budget lines and a historical year.
 */
import * as z from 'zod/mini';
import { Amount, NonNegativeAmount, Slug, Text } from './common.ts';

export const YearInput = z.lazy(() =>
  z.strictObject({
    budgetSet: NonNegativeAmount,
    /** The outturn an annual report printed, when it is known to differ from the ledger (reconciliation says so). */
    publishedOutturn: z.optional(NonNegativeAmount),
  }),
);

export const ForecastMethod = z.lazy(() => z.enum(['run-rate', 'profile', 'commitments']));

export const BudgetLineInput = z.lazy(() =>
  z.strictObject({
    name: Text(200),
    amount: NonNegativeAmount,
    profile: z.optional(z.array(NonNegativeAmount).check(z.length(12, 'must have 12 monthly amounts, April to March'))),
    forecast: z.optional(ForecastMethod),
  }),
);

export const HistoryInput = z.lazy(() =>
  z.strictObject({
    budgetSet: NonNegativeAmount,
    outturn: NonNegativeAmount,
    contributions: z
      .array(z.strictObject({ partnerId: Slug, baseline: NonNegativeAmount, additional: Amount }))
      .check(z.minLength(1, 'must list at least one partner'), z.maxLength(50, 'must list at most 50 partners')),
  }),
);
