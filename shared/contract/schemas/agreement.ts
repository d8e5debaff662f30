/**
 * The funding agreement as a request (DESIGN sections 3 and 10.3): the agreement group's body,
 * and each scenario's agreement in the planning group's.
 */
import * as z from 'zod/mini';
import { NonNegativeAmount, Slug } from './common.ts';

const NamedSplit = z.lazy(() => z.enum(['equal', 'share', 'baseline', 'host']));

/**
 * Weights by partner id (DESIGN 10.3): each a positive decimal as a string, such as "45". The
 * values are checked by the agreement's own validation, which names each offending weight.
 */
const Weights = z.lazy(() =>
  z
    .record(Slug, z.string().check(z.maxLength(40, 'must be a decimal such as "45"')))
    .check(z.refine((w) => Object.keys(w).length <= 50, 'must name at most 50 partners')),
);

const WeightedSplit = z.lazy(() => z.strictObject({ weights: Weights }));

const splitMessage = 'must be "equal", "share", "baseline", "host", or { "weights": { "<partnerId>": "45", ... } }';

const Split = z.lazy(() => z.union([NamedSplit, WeightedSplit], { error: splitMessage }));

const Underspend = z.lazy(() =>
  z.union([z.enum(['refund-share', 'refund-baseline', 'host', 'carry-forward']), z.strictObject({ refund: WeightedSplit })], {
    error: 'must be "refund-share", "refund-baseline", "host", "carry-forward", or { "refund": { "weights": { ... } } }',
  }),
);

/** A share of the costs: a decimal fraction such as "0.4" (at most six decimals; all add up to exactly 1). */
export const Share = z.lazy(() =>
  z
    .string()
    .check(
      z.regex(/^(?:0(?:\.\d{1,6})?|1(?:\.0{1,6})?)$/, 'must be a decimal fraction from 0 to 1 with at most six decimals, such as "0.4"'),
      z.meta({ examples: ['0.4'] }),
    ),
);

export const AgreementInput = z.lazy(() =>
  z.strictObject({
    basis: z.enum(['full-cost-recovery', 'committal']),
    host: Slug,
    rounding: z.optional(z.enum(['penny', 'pound'])),
    partners: z
      .array(z.strictObject({ partnerId: Slug, baseline: NonNegativeAmount, share: Share, additionalCap: z.optional(NonNegativeAmount) }))
      .check(z.minLength(1, 'must list at least one partner'), z.maxLength(50, 'must list at most 50 partners')),
    pools: z.optional(
      z
        .array(
          z.strictObject({
            categories: z.array(Slug).check(z.minLength(1, 'must list at least one category'), z.maxLength(50)),
            charge: z.enum(['in-full', 'over-budget']),
            split: Split,
          }),
        )
        .check(z.maxLength(20, 'must list at most 20 pools')),
    ),
    variance: z.optional(z.strictObject({ overspend: Split, underspend: Underspend })),
    baselineShortfall: z.optional(z.enum(['host', 'share'])),
    /** Drawn from the board's reserve towards the budget set (DESIGN 10.3). */
    fundedFromReserve: z.optional(NonNegativeAmount),
  }),
);
