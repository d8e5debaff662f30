/**
 * Request schemas of the reports group: the forecast's and the contributions' queries.
 */
import * as z from 'zod/mini';
import { IsoDate, YearId } from './common.ts';

export const ForecastQuery = z.lazy(() => z.strictObject({ asOf: z.optional(IsoDate) }));

export const ContributionsQuery = z.lazy(() => z.strictObject({ from: z.optional(YearId), to: z.optional(YearId) }));
