/**
 * Request schemas of the virements group.
 */
import * as z from 'zod/mini';
import { PositiveAmount, Slug, Text } from './common.ts';

/** Budget moved between two lines of an open year, with its reason. */
export const VirementInput = z.lazy(() => z.strictObject({ from: Slug, to: Slug, amount: PositiveAmount, reason: Text(500) }));
