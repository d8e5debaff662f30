/**
 * Rolling a year into the next (DESIGN 10.3): the next year starts as a draft with the previous
 * year's budget lines and agreement, its baselines and budgets uplifted and rounded by the
 * agreement's rule (`penny` or `pound`, half up). Pure: no I/O.
 *
 * Exactness: the budget set is uplifted and rounded once; when the previous lines added up to the
 * previous budget set, the new budget set is shared over the lines in proportion to their old
 * amounts by largest remainder, so the new lines add up to the new budget set exactly (otherwise
 * each line is uplifted and rounded on its own); baselines that met the previous budget set are
 * shared the same way (ties to the host), so they still meet it. A monthly profile is shared out the same way
 * over its twelve months, so it still adds up to its line. Caps are copied as agreed; a draw on
 * the reserve is not carried over (the reserve may not cover it twice), and the answer says so.
 */

import type { Agreement } from './agreement.ts';
import { apportion } from './apportion.ts';
import type { Decimal } from './decimal.ts';
import { Decimal as Dec, Money } from './money.ts';

export interface RollLine {
  readonly category: string;
  readonly name: string;
  readonly amount: Money;
  readonly profile?: readonly Money[];
  readonly forecast?: 'run-rate' | 'profile' | 'commitments';
}

export interface RollPlan {
  readonly budgetSet: Money;
  readonly lines: RollLine[];
  readonly agreement: Agreement;
  /** What a finance officer should know about how the figures were made. */
  readonly notes: string[];
}

/** An amount times (1 + uplift), rounded half up to the penny or the pound. */
export function uplifted(amount: Money, uplift: Decimal, rounding: 'penny' | 'pound'): Money {
  const raw = amount.toDecimal().times(new Dec(1).plus(uplift));
  const rounded = rounding === 'pound' ? raw.toDecimalPlaces(0) : raw;
  return Money.fromStored(rounded.toFixed(2));
}

/** Shares `total` over `weights` (amounts) by largest remainder in the unit of `rounding` (ties to `preferred`, then by id). */
function share(
  total: Money,
  weights: readonly { id: string; weight: Money }[],
  rounding: 'penny' | 'pound',
  preferred?: string,
): Map<string, Money> {
  const unit = rounding === 'pound' ? 100n : 1n;
  const parts = apportion(
    total.pence / unit,
    weights.map((w) => ({ id: w.id, weight: w.weight.pence < 0n ? 0n : w.weight.pence })),
    preferred === undefined ? {} : { preferred },
  );
  return new Map([...parts].map(([id, units]) => [id, Money.fromPence(units * unit)]));
}

function profileFor(amount: Money, profile: readonly Money[] | undefined): Money[] | undefined {
  if (profile?.length !== 12) return undefined;
  if (amount.isZero()) return profile.map(() => Money.zero);
  if (profile.every((m) => !m.isPositive())) return undefined; // nothing to share by: the line goes without a profile
  const parts = share(
    amount,
    profile.map((m, i) => ({ id: String(i).padStart(2, '0'), weight: m })),
    'penny',
  );
  return profile.map((_, i) => parts.get(String(i).padStart(2, '0')) ?? Money.zero);
}

export function planRollForward(input: {
  fromYearId: string;
  budgetSet: Money;
  lines: readonly RollLine[];
  agreement: Agreement;
  uplift: Decimal;
}): RollPlan {
  const { agreement: a, uplift } = input;
  const rounding = a.rounding;
  const budgetSet = uplifted(input.budgetSet, uplift, rounding);
  const linesTotal = Money.sum(input.lines.map((l) => l.amount));
  const proportional = input.lines.length > 0 && linesTotal.isPositive() && linesTotal.equals(input.budgetSet);
  const shared = proportional
    ? share(
        budgetSet,
        input.lines.map((l) => ({ id: l.category, weight: l.amount })),
        rounding,
      )
    : undefined;
  const lines = input.lines.map((l): RollLine => {
    const amount = shared?.get(l.category) ?? uplifted(l.amount, uplift, rounding);
    const profile = profileFor(amount, l.profile);
    return {
      category: l.category,
      name: l.name,
      amount,
      ...(profile ? { profile } : {}),
      ...(l.forecast ? { forecast: l.forecast } : {}),
    };
  });
  // Baselines that met the budget set exactly keep meeting it: the new budget set shared over them
  // like the lines (ties to the host), not each rounded on its own, which can leave a unit adrift.
  const baselinesTotal = Money.sum(a.partners.map((p) => p.baseline));
  const baselinesMet = baselinesTotal.isPositive() && baselinesTotal.equals(input.budgetSet);
  const baselines = baselinesMet
    ? share(
        budgetSet,
        a.partners.map((p) => ({ id: p.partnerId, weight: p.baseline })),
        rounding,
        a.host,
      )
    : undefined;
  const { fundedFromReserve, ...rest } = a;
  const agreement: Agreement = {
    ...rest,
    partners: a.partners.map((p) => ({ ...p, baseline: baselines?.get(p.partnerId) ?? uplifted(p.baseline, uplift, rounding) })),
  };
  const pct = new Dec(uplift).times(100).toDecimalPlaces(4).toFixed();
  const notes = [
    `baselines and the budget set are the ${input.fromYearId} figures ${new Dec(uplift).isNegative() ? 'reduced' : 'uplifted'} by ${pct.replace('-', '')}% and rounded to the ${rounding}`,
    proportional
      ? `the budget lines share the new budget set ${budgetSet.toDisplay()} in proportion to their ${input.fromYearId} amounts, so they still add up to it`
      : `the budget lines are each uplifted and rounded (in ${input.fromYearId} they added up to ${linesTotal.toDisplay()}, not the budget set ${input.budgetSet.toDisplay()})`,
    ...(baselines
      ? [
          `the baselines met the ${input.fromYearId} budget set, so they share the new one ${budgetSet.toDisplay()} in proportion to their ${input.fromYearId} amounts and still meet it`,
        ]
      : []),
    'shares, weights, caps, pools and the variance and shortfall rules are copied as agreed',
    ...(fundedFromReserve?.isPositive()
      ? [
          `the ${input.fromYearId} draw on the reserve (${fundedFromReserve.toDisplay()}) is not carried over: set fundedFromReserve again in the new agreement if the reserve allows it`,
        ]
      : []),
  ];
  return { budgetSet, lines, agreement, notes };
}
