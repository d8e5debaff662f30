/**
 * The cost-recovery engine (DESIGN section 3): a pure function of the funding agreement, the budget
 * set and the year's expenditure by category, returning every partner's additional contribution
 * (negative = refund) with lines that say in words and numbers how it was reached. The forecast
 * prices projected figures with it and the close prices the actuals, so both always agree.
 *
 * All arithmetic is on bigint pence; every split goes through {@link apportion} (largest
 * remainder, ties to the host, then partner id), so parts add up exactly to what is split.
 *
 * Order of the working, which is also the order of each partner's lines:
 * 1. pools, in the agreement's order: `in-full` charges the pool's whole spend (outside the budget
 *    set), `over-budget` only its spend above the sum of its own budget lines (nothing if within);
 * 2. the remaining variance, (outturn - pool charges - cash income) - budget set: an overspend is
 *    split by `variance.overspend`, an underspend refunded by `variance.underspend` or carried
 *    forward (to the board's reserve);
 * 3. the baseline shortfall, budget set - baselines - drawn from the reserve, by
 *    `baselineShortfall`; when they exceed the budget set, the same rule refunds the excess;
 * 4. caps: a non-host partner whose total additional exceeds its `additionalCap` is cut to the cap
 *    and the excess goes to the host. Caps never apply to refunds and never make a figure negative.
 *
 * Rounding: with `penny`, each split is apportioned in pence. With `pound`, the whole pounds of an
 * amount are apportioned in pounds and its pennies (the part of the magnitude below one pound) go
 * to the host as a `rounding` line, so non-host partners are only ever charged whole pounds.
 * A `baseline` split over baselines that are all zero falls back to the agreed shares.
 *
 * Under the `committal` basis contributions are fixed at the baselines: no pool, variance or
 * shortfall rule runs; every non-host partner's additional is zero and the host's is
 * outturn - baselines - drawn from the reserve - cash income, in one `committal` line.
 *
 * Lines: a partner's lines add up to its additional; zero parts are left out, and a partner no rule
 * touched gets one zero `none` line. `steps` always show each pool, the variance and the shortfall
 * (zero or not), then any `rounding` and `cap` moves.
 *
 * Splits (DESIGN 10.3): `equal` is among every partner of the agreement (fixed contributors
 * included), `share` by the agreed shares (a partner with share 0 takes no part), `baseline`
 * pro-rata to baselines, `host` to the host alone, and `{ weights }` among the partners it names
 * only, in proportion to their weights. A partner's line states its part as agreed: "40% of",
 * "1/3 of", "45 of 95 parts of", "81,305.00/203,286.00 of"; never a rescaled percentage. Lines and
 * steps that name a partner use its name from `names` (its id when no name is given).
 *
 * Other income and the reserve: cash income (grants, fees, other; not in-kind) is netted from the
 * outturn before the variance is split, so variance = outturn - pool charges - cash income -
 * budget set. The agreement's `fundedFromReserve` pays part of the budget set, so the baseline
 * shortfall is budget set - baselines - drawn from the reserve. In-kind income is reported (the
 * result carries it) and changes nothing.
 *
 * Invariant, checked on every call, to the penny:
 *   Σ baselines + Σ additional + drawn from reserve + cash income = outturn + carried forward.
 * Under full cost recovery without carry-forward, what partners pay plus the reserve and the
 * income meets the outturn exactly. A failure is a bug and throws a plain Error.
 */

import {
  type Agreement,
  type AgreementPartner,
  isWeighted,
  type NamedSplit,
  type Split,
  validateAgreement,
  type WeightedSplit,
} from './agreement.ts';
import { apportion } from './apportion.ts';
import type { Decimal } from './decimal.ts';
import { UnprocessableError } from './errors.ts';
import { Decimal as Dec, Money } from './money.ts';

/**
 * `pool`, `overspend`, `underspend`, `baseline-shortfall`, `cap`, `rounding`, `committal` as in
 * DESIGN; `income` and `reserve` are steps only (cash income netted, the draw on the reserve);
 * `none` is the single zero line of a partner no rule charged or refunded.
 */
export type RechargeRule =
  | 'pool'
  | 'overspend'
  | 'underspend'
  | 'baseline-shortfall'
  | 'cap'
  | 'rounding'
  | 'committal'
  | 'income'
  | 'reserve'
  | 'none';

export interface RechargeLine {
  rule: RechargeRule;
  description: string;
  amount: Money;
}

export interface PartnerRecharge {
  partnerId: string;
  baseline: Money;
  /** Year-end additional contribution; negative is a refund. */
  additional: Money;
  /** baseline + additional. */
  total: Money;
  lines: RechargeLine[];
}

export interface RechargeResult {
  /** All expenditure of the year. */
  outturn: Money;
  budgetSet: Money;
  /** Σ baselines. */
  baselines: Money;
  /** Σ additional. */
  additional: Money;
  /** baselines + additional. */
  contributions: Money;
  /** Underspend kept for next year under `carry-forward` (it goes to the reserve), as a positive amount; otherwise zero. */
  carryForward: Money;
  /** The agreement's draw on the reserve towards the budget set. */
  drawnFromReserve: Money;
  /** Other income in cash (grants, fees, other), netted from the outturn. */
  cashIncome: Money;
  /** Contributions in kind: reported, never invoiced, in no figure. */
  inKindIncome: Money;
  /** In the agreement's partner order. */
  partners: PartnerRecharge[];
  /** The year-level working: income, reserve, pools, variance, shortfall, rounding, caps. */
  steps: RechargeLine[];
}

export interface RechargeInput {
  agreement: Agreement;
  budgetSet: Money;
  /** Budget line amount per category (only pool categories are read, for `over-budget`). */
  budgets: ReadonlyMap<string, Money>;
  /** Expenditure total per category; categories absent count as zero. */
  spend: ReadonlyMap<string, Money>;
  /** Other income of the year (absent: none). */
  income?: { readonly cash: Money; readonly inKind: Money };
  /** Partner names for the lines and steps that name a partner (absent: the partner id). */
  names?: ReadonlyMap<string, string>;
}

const SPLIT_WORDS: Record<NamedSplit, string> = {
  equal: 'split equally',
  share: 'by agreed share',
  baseline: 'pro-rata to baselines',
  host: 'to the host',
};

/**
 * Prices the year-end recharge.
 * @throws UnprocessableError `AGREEMENT.INVALID` when the agreement breaks a structural rule
 *   (shares, weights, host, caps, pools); the caller should have run validateAgreement with the
 *   board's partners and the year's categories first, which also checks that those exist.
 */
export function computeRecharge(input: RechargeInput): RechargeResult {
  const a = input.agreement;
  const problems = validateAgreement(a, {
    partnerIds: new Set(a.partners.map((p) => p.partnerId)),
    categories: new Set(a.pools.flatMap((p) => p.categories)),
    pathPrefix: 'agreement',
  });
  if (problems.length > 0) throw new UnprocessableError('AGREEMENT.INVALID', problems[0]?.message ?? 'invalid agreement', problems);

  const host = a.host;
  const partners = a.partners;
  const nameOf = (id: string) => input.names?.get(id) ?? id;
  const unit = a.rounding === 'pound' ? 100n : 1n;
  const lines = new Map<string, RechargeLine[]>(partners.map((p) => [p.partnerId, []]));
  const steps: RechargeLine[] = [];
  const line = (partnerId: string, rule: RechargeRule, description: string, pence: bigint) => {
    if (pence !== 0n) lines.get(partnerId)?.push({ rule, description, amount: Money.fromPence(pence) });
  };
  const step = (rule: RechargeRule, description: string, pence: bigint) =>
    steps.push({ rule, description, amount: Money.fromPence(pence) });

  const spendOf = (c: string) => input.spend.get(c)?.pence ?? 0n;
  const budgetOf = (c: string) => input.budgets.get(c)?.pence ?? 0n;
  const outturn = [...input.spend.values()].reduce((s, m) => s + m.pence, 0n);
  const budgetSet = input.budgetSet.pence;
  const baselines = partners.reduce((s, p) => s + p.baseline.pence, 0n);
  const drawn = a.fundedFromReserve?.pence ?? 0n;
  const cash = input.income?.cash.pence ?? 0n;
  const inKind = input.income?.inKind.pence ?? 0n;
  const allBaselinesZero = partners.every((p) => p.baseline.isZero());

  /** How a split is worded for the step, given the fallback of `baseline` to shares. */
  const splitWords = (how: Split) => {
    if (isWeighted(how)) return `by weights: ${weightsWords(how, nameOf)}`;
    return how === 'baseline' && allBaselinesZero ? 'by agreed share, as all baselines are zero' : SPLIT_WORDS[how];
  };

  /**
   * Splits `amount` pence (either sign) by `how`, adding each partner's part as a line.
   * `subject` names the amount split ("overspend 64,400.00").
   */
  const split = (amount: bigint, how: Split, rule: RechargeRule, subject: string) => {
    if (amount === 0n) return;
    const refund = amount < 0n ? 'refund of ' : '';
    if (how === 'host') {
      line(host, rule, `${refund}${subject}, to the host`, amount);
      return;
    }
    const weighting: Split = how === 'baseline' && allBaselinesZero ? 'share' : how;
    const magnitude = amount < 0n ? -amount : amount;
    const sign = amount < 0n ? -1n : 1n;
    const units = (magnitude / unit) * sign;
    const pennies = (magnitude % unit) * sign;
    const parts = apportion(
      units,
      partners.map((p) => ({ id: p.partnerId, weight: weightOf(p, weighting) })),
      { preferred: host },
    );
    for (const p of partners) {
      line(
        p.partnerId,
        rule,
        `${refund}${portion(p, weighting, partners)} of ${subject}${partDetail(how, weighting)}`,
        (parts.get(p.partnerId) ?? 0n) * unit,
      );
      if (p.partnerId === host && pennies !== 0n) {
        const text = `${show(pennies < 0n ? -pennies : pennies)} of ${subject} cannot be split in whole pounds, ${refund ? 'refunded ' : ''}to the host`;
        line(host, 'rounding', text, pennies);
        step('rounding', text, pennies);
      }
    }
  };

  if (cash !== 0n) step('income', `other income ${show(cash)} in cash (grants, fees and other) netted from the outturn`, cash);
  if (drawn !== 0n) step('reserve', `drawn from the reserve towards the budget set: ${show(drawn)}`, drawn);

  let carryForward = 0n;
  if (a.basis === 'committal') {
    const variance = outturn - baselines - drawn - cash;
    const less = `${drawn === 0n ? '' : ` less drawn from the reserve ${show(drawn)}`}${cash === 0n ? '' : ` less other income ${show(cash)}`}`;
    const text = `committal basis: outturn ${show(outturn)} less baselines ${show(baselines)}${less}, to the host`;
    step(
      'committal',
      `committal basis: contributions are fixed at the baselines ${show(baselines)}; the variance ${show(variance)} (outturn ${show(outturn)} less baselines${less}) falls to the host`,
      variance,
    );
    for (const p of partners) {
      const list = lines.get(p.partnerId);
      if (p.partnerId === host) list?.push({ rule: 'committal', description: text, amount: Money.fromPence(variance) });
      else
        list?.push({
          rule: 'committal',
          description: 'committal basis: contribution fixed at the baseline, no additional contribution',
          amount: Money.zero,
        });
    }
  } else {
    // 1. Pools.
    let poolCharges = 0n;
    for (const pool of a.pools) {
      const label = poolLabel(pool.categories);
      const spend = pool.categories.reduce((s, c) => s + spendOf(c), 0n);
      let charge: bigint;
      if (pool.charge === 'in-full') {
        charge = spend;
        step('pool', `${label}: spend ${show(spend)} charged in full at year end, ${splitWords(pool.split)}`, charge);
      } else {
        const budget = pool.categories.reduce((s, c) => s + budgetOf(c), 0n);
        charge = spend > budget ? spend - budget : 0n;
        step(
          'pool',
          charge > 0n
            ? `${label}: spend ${show(spend)} over its budget ${show(budget)} by ${show(charge)}, charged at year end, ${splitWords(pool.split)}`
            : `${label}: spend ${show(spend)} within its budget ${show(budget)}, nothing to charge`,
          charge,
        );
      }
      poolCharges += charge;
      split(charge, pool.split, 'pool', `${label} ${show(abs(charge))}`);
    }

    // 2. Variance against the budget set, after other income.
    const variance = outturn - poolCharges - cash - budgetSet;
    const working = `outturn ${show(outturn)}${poolCharges === 0n ? '' : ` less pool charges ${show(poolCharges)}`}${
      cash === 0n ? '' : ` less other income ${show(cash)}`
    } less budget set ${show(budgetSet)}`;
    if (variance > 0n) {
      step('overspend', `${working}: overspend ${show(variance)}, ${splitWords(a.variance.overspend)}`, variance);
      split(variance, a.variance.overspend, 'overspend', `overspend ${show(variance)}`);
    } else if (variance < 0n) {
      const under = -variance;
      const rule = a.variance.underspend;
      if (rule === 'carry-forward') {
        carryForward = under;
        step('underspend', `${working}: underspend ${show(under)}, carried forward to next year`, variance);
      } else {
        const how: Split =
          typeof rule === 'object' ? rule.refund : rule === 'refund-share' ? 'share' : rule === 'refund-baseline' ? 'baseline' : 'host';
        step('underspend', `${working}: underspend ${show(under)}, refunded ${splitWords(how)}`, variance);
        split(variance, how, 'underspend', `underspend ${show(under)}`);
      }
    } else {
      step('overspend', `${working}: no overspend or underspend`, 0n);
    }

    // 3. Baseline shortfall (or excess), after the draw on the reserve.
    const shortfall = budgetSet - baselines - drawn;
    const how: Split = a.baselineShortfall === 'host' ? 'host' : 'share';
    const reserve = drawn === 0n ? '' : ` less drawn from the reserve ${show(drawn)}`;
    const subject =
      shortfall >= 0n
        ? `baseline shortfall ${show(shortfall)} (budget set ${show(budgetSet)} less baselines ${show(baselines)}${reserve})`
        : `baseline excess ${show(-shortfall)} (baselines ${show(baselines)}${drawn === 0n ? '' : ` and drawn from the reserve ${show(drawn)}`} less budget set ${show(budgetSet)})`;
    step(
      'baseline-shortfall',
      shortfall === 0n
        ? `baselines ${show(baselines)}${drawn === 0n ? '' : ` and drawn from the reserve ${show(drawn)}`} equal the budget set: no shortfall`
        : `${shortfall < 0n ? 'refund of ' : ''}${subject}, ${splitWords(how)}`,
      shortfall,
    );
    split(shortfall, how, 'baseline-shortfall', subject);
  }

  // 4. Caps: never on refunds, never below zero, the excess to the host.
  const additionalOf = (id: string) => (lines.get(id) ?? []).reduce((s, l) => s + l.amount.pence, 0n);
  for (const p of partners) {
    if (p.partnerId === host || p.additionalCap === undefined) continue;
    const cap = p.additionalCap.pence;
    const additional = additionalOf(p.partnerId);
    if (additional <= 0n || additional <= cap) continue;
    const excess = additional - cap;
    line(
      p.partnerId,
      'cap',
      `additional ${show(additional)} capped at ${show(cap)} by the agreement; excess ${show(excess)} to the host`,
      -excess,
    );
    const text = `excess ${show(excess)} of ${nameOf(p.partnerId)} over its cap ${show(cap)}, to the host`;
    line(host, 'cap', text, excess);
    step('cap', text, excess);
  }

  const result: PartnerRecharge[] = partners.map((p) => {
    const list = lines.get(p.partnerId) ?? [];
    if (list.length === 0) list.push({ rule: 'none', description: 'no additional contribution', amount: Money.zero });
    const additional = Money.sum(list.map((l) => l.amount));
    return { partnerId: p.partnerId, baseline: p.baseline, additional, total: p.baseline.plus(additional), lines: list };
  });

  const additional = result.reduce((s, r) => s + r.additional.pence, 0n);
  if (baselines + additional + drawn + cash !== outturn + carryForward) {
    throw new Error(
      `engine invariant broken: baselines ${show(baselines)} + additional ${show(additional)} + drawn ${show(drawn)} + cash income ${show(cash)} != outturn ${show(outturn)} + carried forward ${show(carryForward)}`,
    );
  }
  return {
    outturn: Money.fromPence(outturn),
    budgetSet: input.budgetSet,
    baselines: Money.fromPence(baselines),
    additional: Money.fromPence(additional),
    contributions: Money.fromPence(baselines + additional),
    carryForward: Money.fromPence(carryForward),
    drawnFromReserve: Money.fromPence(drawn),
    cashIncome: Money.fromPence(cash),
    inKindIncome: Money.fromPence(inKind),
    partners: result,
    steps,
  };
}

function weightOf(p: AgreementPartner, how: Exclude<Split, 'host'>): Decimal | bigint {
  if (isWeighted(how)) return how.weights.get(p.partnerId) ?? 0n;
  if (how === 'equal') return 1n;
  if (how === 'share') return new Dec(p.share);
  return p.baseline.pence;
}

/** "1/3", "40%", "45 of 95 parts", "81,305.00/203,286.00": the part of the whole a partner bears, as agreed. */
function portion(p: AgreementPartner, how: Split, all: readonly AgreementPartner[]): string {
  if (isWeighted(how)) {
    const total = [...how.weights.values()].reduce((s: Decimal, w) => s.plus(w), new Dec(0));
    if (how.weights.size === 1) return 'all';
    return `${decimalText(how.weights.get(p.partnerId) ?? new Dec(0))} of ${decimalText(total)} parts`;
  }
  if (how === 'equal') return all.length === 1 ? 'all' : `1/${all.length}`;
  if (how === 'share') return `${percent(p.share)}%`;
  const total = all.reduce((s, q) => s + q.baseline.pence, 0n);
  return `${show(p.baseline.pence)}/${show(total)}`;
}

/** "Anytown Borough Council 45, Anytown ICB 35, Anytown Police 15 (95 parts)": largest weight first, then by id. */
function weightsWords(how: WeightedSplit, nameOf: (id: string) => string): string {
  const listed = [...how.weights].sort(([a, x], [b, y]) => y.comparedTo(x) || (a < b ? -1 : a > b ? 1 : 0));
  const total = listed.reduce((s: Decimal, [, w]) => s.plus(w), new Dec(0));
  return `${listed.map(([id, w]) => `${nameOf(id)} ${decimalText(w)}`).join(', ')} (${decimalText(total)} parts)`;
}

/** The words after the subject on a partner's line: the overspend example has none for shares. */
function partDetail(asked: Split, used: Split): string {
  if (asked === 'baseline' && used === 'share') return ', by agreed share as all baselines are zero';
  if (used === 'equal') return ', split equally';
  if (used === 'baseline') return ', pro-rata to baselines';
  return '';
}

/** A share as a percentage: whole when it is, else up to 4 decimals (shares have at most 6). */
function percent(share: Decimal): string {
  return new Dec(share).times(100).toDecimalPlaces(4).toFixed();
}

/** A weight as written: "45", "2.5" (no exponent, no trailing zeros). */
function decimalText(d: Decimal): string {
  return new Dec(d).toFixed();
}

function poolLabel(categories: readonly string[]): string {
  const name = categories.length > 0 && categories.every((c) => c === 'sar') ? 'SAR pool' : 'pool';
  return `${name} (${categories.join(', ')})`;
}

function show(pence: bigint): string {
  return Money.fromPence(pence).toDisplay();
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}
