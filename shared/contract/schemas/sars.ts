/**
 * Request schemas of the SAR cases group.
 */
import * as z from 'zod/mini';
import { Text } from './common.ts';

export const SarKind = z.lazy(() => z.enum(['sar', 'rapid-review', 'dhr', 'cspr']));

export const SarStatus = z.lazy(() => z.enum(['referred', 'in-progress', 'completed', 'published', 'closed']));

export const SarInput = z.lazy(() => z.strictObject({ title: Text(300), kind: SarKind, status: SarStatus }));
