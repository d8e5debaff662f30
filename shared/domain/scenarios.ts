/**
 * Scenarios (DESIGN 10.3): "what would each of us have paid under this formula?" A named
 * agreement is priced by the same engine on a year's spend, beside what each partner actually
 * paid. Pure: no I/O, no writes.
 *
 * What a year is priced on (its basis, gathered by the application):
 * - a history year (published figures only): its published outturn as one sum with no category,
 *   so pools see no spend and the whole outturn falls in the variance; no other income known;
 * - a closed ledger year: its actual spend by category, budget lines and other income;
 * - the open year: the forecast's projected outturn by category, and the income recorded so far.
 *
 * Baselines: with `year` (the default) each year keeps the baselines (and reserve draw) it
 * actually had, and the named agreement's rules price everything else, so the comparison is
 * about the year-end formula; with `agreement`, the named agreement's own baselines and draw.
 */
import type { Agreement } from './agreement.ts';
import { computeRecharge, type RechargeResult } from './engine.ts';
import { Money } from './money.ts';

export type ScenarioBaselines = 'year' | 'agreement';

export interface Figures {
  readonly baseline: Money;
  readonly additional: Money;
}

export interface ScenarioYearBasis {
  readonly yearId: string;
  readonly status: 'history' | 'closed' | 'open';
  readonly spendBasis: 'published-outturn' | 'ledger' | 'forecast';
  readonly note: string;
  readonly budgetSet: Money;
  readonly budgets: ReadonlyMap<string, Money>;
  readonly spend: ReadonlyMap<string, Money>;
  readonly income: { readonly cash: Money; readonly inKind: Money };
  /** The baselines the year actually had, by partner. */
  readonly baselines: ReadonlyMap<string, Money>;
  /** What the year actually drew from the reserve. */
  readonly drawn: Money;
  /** What each partner actually paid (or, for the open year, is projected to pay under its own agreement). */
  readonly actual: ReadonlyMap<string, Figures>;
  readonly actualBasis: 'published' | 'closed' | 'projected';
}

export interface ScenarioPartner {
  readonly partnerId: string;
  readonly baseline: Money;
  readonly additional: Money;
  readonly total: Money;
  readonly actual: Figures & { readonly total: Money };
  /** Scenario total less actual total: positive means the partner would have paid more. */
  readonly difference: Money;
}

export interface ScenarioYear {
  readonly basis: ScenarioYearBasis;
  readonly outturn: Money;
  readonly partners: ScenarioPartner[];
  readonly totals: { readonly scenario: Figures & { total: Money }; readonly actual: Figures & { total: Money } };
  readonly carryForward: Money;
  readonly result: RechargeResult;
}

/** The agreement as it prices a year: its rules, with the year's own baselines and draw under `year`. */
export function agreementForYear(a: Agreement, basis: ScenarioYearBasis, mode: ScenarioBaselines): Agreement {
  if (mode === 'agreement') return a;
  const { fundedFromReserve: _own, ...rules } = a;
  return {
    ...rules,
    partners: a.partners.map((p) => ({ ...p, baseline: basis.baselines.get(p.partnerId) ?? Money.zero })),
    ...(basis.drawn.isPositive() ? { fundedFromReserve: basis.drawn } : {}),
  };
}

/** Prices one named agreement on one year's basis, beside what was actually paid. */
export function priceScenarioYear(
  a: Agreement,
  basis: ScenarioYearBasis,
  mode: ScenarioBaselines,
  names?: ReadonlyMap<string, string>,
): ScenarioYear {
  const result = computeRecharge({
    agreement: agreementForYear(a, basis, mode),
    budgetSet: basis.budgetSet,
    budgets: basis.budgets,
    spend: basis.spend,
    income: basis.income,
    ...(names ? { names } : {}),
  });
  const priced = new Map(result.partners.map((p) => [p.partnerId, p]));
  const ids = [...result.partners.map((p) => p.partnerId), ...[...basis.actual.keys()].filter((id) => !priced.has(id)).sort()];
  const partners = ids.map((partnerId): ScenarioPartner => {
    const p = priced.get(partnerId);
    const baseline = p?.baseline ?? Money.zero;
    const additional = p?.additional ?? Money.zero;
    const act = basis.actual.get(partnerId) ?? { baseline: Money.zero, additional: Money.zero };
    const actualTotal = act.baseline.plus(act.additional);
    const total = baseline.plus(additional);
    return {
      partnerId,
      baseline,
      additional,
      total,
      actual: { ...act, total: actualTotal },
      difference: total.minus(actualTotal),
    };
  });
  const sum = (pick: (p: ScenarioPartner) => Figures) => {
    const baseline = Money.sum(partners.map((p) => pick(p).baseline));
    const additional = Money.sum(partners.map((p) => pick(p).additional));
    return { baseline, additional, total: baseline.plus(additional) };
  };
  return {
    basis,
    outturn: result.outturn,
    partners,
    totals: { scenario: sum((p) => p), actual: sum((p) => p.actual) },
    carryForward: result.carryForward,
    result,
  };
}
