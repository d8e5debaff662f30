/**
 * Request schemas of the planning group: roll-forward and scenarios (DESIGN 10.3).
 */
import * as z from 'zod/mini';
import { AgreementInput } from './agreement.ts';
import { Text, YearId } from './common.ts';

/** A fraction by which baselines and budgets grow: "0.025" is 2.5%; from -0.5 (a cut by half) to 1 (doubled). */
export const Uplift = z.lazy(() =>
  z.string().check(
    z.regex(/^-?\d(?:\.\d{1,6})?$/, 'must be a decimal fraction as a string, such as "0.025" for 2.5%'),
    z.refine((u) => !/^-?\d(?:\.\d{1,6})?$/.test(u) || (Number(u) >= -0.5 && Number(u) <= 1), 'must be from -0.5 to 1'),
    z.meta({ examples: ['0.025'] }),
  ),
);

export const RollForwardInput = z.lazy(() => z.strictObject({ from: YearId, uplift: Uplift }));

export const ScenariosInput = z.lazy(() =>
  z.strictObject({
    agreements: z
      .array(z.strictObject({ name: Text(100), agreement: AgreementInput }))
      .check(z.minLength(1, 'must name at least one agreement'), z.maxLength(5, 'must name at most 5 agreements')),
    years: z.array(YearId).check(z.minLength(1, 'must name at least one year'), z.maxLength(10, 'must name at most 10 years')),
    /**
     * `year` (the default): each year keeps the baselines and reserve draw it actually had, and the
     * named agreement's rules price the rest; `agreement`: the named agreement's own baselines and draw.
     */
    baselines: z.optional(z.enum(['year', 'agreement'])),
  }),
);
