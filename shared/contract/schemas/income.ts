/**
 * Request schemas of the other-income group (DESIGN 10.3).
 */
import * as z from 'zod/mini';
import { IsoDate, PositiveAmount, Slug, Text } from './common.ts';

export const IncomeKind = z.lazy(() => z.enum(['grant', 'fees', 'in-kind', 'other']));

export const OtherIncomeInput = z.lazy(() =>
  z.strictObject({
    date: IsoDate,
    source: Text(200),
    kind: IncomeKind,
    amount: PositiveAmount,
    partnerId: z.optional(Slug),
    description: Text(500),
  }),
);
