/**
 * The primitives every request schema is made of (ids, dates, amounts, text, roles), list queries
 * and the reversal body, shared by several function groups.
 */
import * as z from 'zod/mini';
import { isIsoDate, isValidYearId } from '../../domain/financial-year.ts';
import { MONEY_PATTERN, Money } from '../../domain/money.ts';
import { ROLES } from '../../domain/roles.ts';
import { textProblem } from '../../domain/text.ts';

/** Lower-case slug ids: boards, partners, categories, SAR cases. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export const Slug = z.lazy(() => z.string().check(z.regex(SLUG_PATTERN, 'must be a lower-case slug (a-z, 0-9, -), 1-64 characters')));

export const YearId = z.lazy(() =>
  z
    .string()
    .check(
      z.regex(/^20\d{2}-\d{2}$/, 'must be a financial year such as 2024-25'),
      z.refine(isValidYearId, 'must be two consecutive years, such as 2024-25'),
    ),
);

export const IsoDate = z.lazy(() =>
  z
    .string()
    .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'), z.refine(isIsoDate, 'must be a real calendar date')),
);

/** Sign of a wire amount, or undefined when it is not one (the pattern check reports that). */
function signOf(text: string): number | undefined {
  try {
    const m = Money.parse(text);
    return m.isZero() ? 0 : m.isNegative() ? -1 : 1;
  } catch {
    return undefined;
  }
}

const amountMessage = 'must be an amount as a string with at most two decimals, such as "1250.00"';

/** Any amount, sign allowed. JSON numbers are refused: they would pass through a float. */
export const Amount = z.lazy(() =>
  z
    .string()
    .check(
      z.regex(MONEY_PATTERN, amountMessage),
      z.meta({ description: 'Exact decimal amount in pounds, sent as a string', examples: ['81305.00'] }),
    ),
);

export const NonNegativeAmount = z.lazy(() =>
  z.string().check(
    z.regex(MONEY_PATTERN, amountMessage),
    z.refine((s) => (signOf(s) ?? 0) >= 0, 'must not be negative'),
  ),
);

export const PositiveAmount = z.lazy(() =>
  z.string().check(
    z.regex(MONEY_PATTERN, amountMessage),
    z.refine((s) => (signOf(s) ?? 1) > 0, 'must be greater than zero'),
  ),
);

/**
 * The check every free-text field makes: valid Unicode (no unpaired surrogate) and nothing XML
 * 1.0 cannot carry (control characters, U+FFFE, U+FFFF), so the text survives JSON, CSV and
 * XLSX alike. One issue on the field, saying which (see shared/domain/text.ts).
 */
const storableText = () =>
  z.superRefine<string>((s, ctx) => {
    const problem = textProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
  });

/** Printable text without control characters, valid Unicode, trimmed length 1..max. */
export const Text = (max: number) =>
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `must be at most ${max} characters`),
    z.refine((s) => s.trim().length > 0, 'must not be blank'),
    storableText(),
  );

export const Role = z.enum(ROLES);

export type Role = z.infer<typeof Role>;

export const ReversalInput = z.lazy(() => z.strictObject({ reason: Text(500) }));

export const Limit = z.lazy(() =>
  z.string().check(
    z.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 200'),
    z.refine((s) => Number(s) >= 1 && Number(s) <= 200, 'must be a whole number from 1 to 200'),
  ),
);

export const Cursor = z.lazy(() => z.string().check(z.maxLength(512, 'is not a cursor this service issued')));

export const ListQuery = z.lazy(() => z.strictObject({ limit: z.optional(Limit), cursor: z.optional(Cursor) }));
