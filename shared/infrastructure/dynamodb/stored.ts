/**
 * zod (mini) readers for stored values, used by the mappers that parse whole records at the
 * persistence boundary: a record read back that does not have the shape written is corruption
 * and fails loudly here, not three calls later as `undefined`.
 *
 * Every record schema of the mappers is built on first use (`z.lazy`), not when its module
 * loads: a function loads the mapper of every repository it composes, a request reads a few
 * kinds of record, and building zod schemas was the largest part of a cold start's own work
 * (BENCHMARKS.md).
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';

/** An integer stored as a DynamoDB number (read back wrapped, never through a float first). */
export const StoredInt = z.lazy(() =>
  z.pipe(
    z.custom<NumberValue | number>(
      (v) => (v instanceof NumberValue && /^-?\d{1,15}$/.test(v.toString())) || (typeof v === 'number' && Number.isSafeInteger(v)),
      'must be a stored integer',
    ),
    z.transform((v) => (v instanceof NumberValue ? Number(v.toString()) : v)),
  ),
);

/** An amount as stored: a decimal string with two places (totals may exceed request limits). */
export const StoredAmount = z.lazy(() => z.string().check(z.regex(/^-?\d{1,16}\.\d{2}$/, 'must be a stored amount')));

/** Parses a stored record, naming the record when it does not have the shape it was written with. */
export function parseStored<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new Error(`stored ${what} is malformed at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
}
