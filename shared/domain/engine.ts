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
 * 2. the remaining variance, (outturn - pool charges) - budget set: an overspend is split by
 *    `variance.overspend`, an underspend refunded by `variance.underspend` or carried forward;
 * 3. the baseline shortfall, budget set - baselines, by `baselineShortfall`; when the baselines
 *    exceed the budget set, the same rule refunds the excess;
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
 * outturn - baselines, in one `committal` line.
 *
 * Lines: a partner's lines add up to its additional; zero parts are left out, and a partner no rule
 * touched gets one zero `none` line. `steps` always show each pool, the variance and the shortfall
 * (zero or not), then any `rounding` and `cap` moves.
 *
 * Invariant, checked on every call: Σ additional - carryForward = outturn - Σ baselines, i.e.
 * contributions = outturn + the underspend carried forward (so = outturn exactly under full cost
 * recovery without carry-forward). A failure is a bug and throws a plain Error.
 */

import type { Decimal } from 'decimal.js';
import { type Agreement, type AgreementPartner, type Split, validateAgreement } from './agreement.ts';
import { apportion } from './apportion.ts';
import { UnprocessableError } from './errors.ts';
import { Decimal as Dec, Money } from './money.ts';

/**
 * `pool`, `overspend`, `underspend`, `baseline-shortfall`, `cap`, `rounding`, `committal` as in
 * DESIGN; `none` is the single zero line of a partner no rule charged or refunded.
 */
export type RechargeRule = 'pool' | 'overspend' | 'underspend' | 'baseline-shortfall' | 'cap' | 'rounding' | 'committal' | 'none';

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
  /** Underspend kept for next year under `carry-forward`, as a positive amount; otherwise zero. */
  carryForward: Money;
  /** In the agreement's partner order. */
  partners: PartnerRecharge[];
  /** The year-level working: pools, variance, shortfall, rounding, caps. */
  steps: RechargeLine[];
}

export interface RechargeInput {
  agreement: Agreement;
  budgetSet: Money;
  /** Budget line amount per category (only pool categories are read, for `over-budget`). */
  budgets: ReadonlyMap<string, Money>;
  /** Expenditure total per category; categories absent count as zero. */
  spend: ReadonlyMap<string, Money>;
}

/** How one amount is divided; the underspend rules map onto the same four. */
type Weighting = Split;

const SPLIT_WORDS: Record<Weighting, string> = {
  equal: 'split equally',
  share: 'by agreed share',
  baseline: 'pro-rata to baselines',
  host: 'to the host',
};

/**
 * Prices the year-end recharge.
 * @throws UnprocessableError `AGREEMENT.INVALID` when the agreement breaks a structural rule
 *   (shares, host, caps, pools); the caller should have run validateAgreement with the board's
 *   partners and the year's categories first, which also checks that those exist.
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
  const allBaselinesZero = partners.every((p) => p.baseline.isZero());

  /** How a split is worded for the step, given the fallback of `baseline` to shares. */
  const splitWords = (how: Weighting) =>
    how === 'baseline' && allBaselinesZero ? 'by agreed share, as all baselines are zero' : SPLIT_WORDS[how];

  /**
   * Splits `amount` pence (either sign) by `how`, adding each partner's part as a line.
   * `subject` names the amount split ("overspend 64,400.00").
   */
  const split = (amount: bigint, how: Weighting, rule: RechargeRule, subject: string) => {
    if (amount === 0n) return;
    const refund = amount < 0n ? 'refund of ' : '';
    if (how === 'host') {
      line(host, rule, `${refund}${subject}, to the host`, amount);
      return;
    }
    const weighting: Weighting = how === 'baseline' && allBaselinesZero ? 'share' : how;
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

  let carryForward = 0n;
  if (a.basis === 'committal') {
    const variance = outturn - baselines;
    const text = `committal basis: outturn ${show(outturn)} less baselines ${show(baselines)}, to the host`;
    step(
      'committal',
      `committal basis: contributions are fixed at the baselines ${show(baselines)}; the variance ${show(variance)} (outturn ${show(outturn)} less baselines) falls to the host`,
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

    // 2. Variance against the budget set.
    const variance = outturn - poolCharges - budgetSet;
    const working = `outturn ${show(outturn)}${poolCharges === 0n ? '' : ` less pool charges ${show(poolCharges)}`} less budget set ${show(budgetSet)}`;
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
        const how: Weighting = rule === 'refund-share' ? 'share' : rule === 'refund-baseline' ? 'baseline' : 'host';
        step('underspend', `${working}: underspend ${show(under)}, refunded ${splitWords(how)}`, variance);
        split(variance, how, 'underspend', `underspend ${show(under)}`);
      }
    } else {
      step('overspend', `${working}: no overspend or underspend`, 0n);
    }

    // 3. Baseline shortfall (or excess).
    const shortfall = budgetSet - baselines;
    const how: Weighting = a.baselineShortfall === 'host' ? 'host' : 'share';
    const subject =
      shortfall >= 0n
        ? `baseline shortfall ${show(shortfall)} (budget set ${show(budgetSet)} less baselines ${show(baselines)})`
        : `baseline excess ${show(-shortfall)} (baselines ${show(baselines)} less budget set ${show(budgetSet)})`;
    step(
      'baseline-shortfall',
      shortfall === 0n
        ? `baselines ${show(baselines)} equal the budget set: no shortfall`
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
    const text = `excess ${show(excess)} of ${p.partnerId} over its cap ${show(cap)}, to the host`;
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
  if (additional - carryForward !== outturn - baselines) {
    throw new Error(
      `engine invariant broken: additional ${show(additional)} - carry-forward ${show(carryForward)} != outturn ${show(outturn)} - baselines ${show(baselines)}`,
    );
  }
  return {
    outturn: Money.fromPence(outturn),
    budgetSet: input.budgetSet,
    baselines: Money.fromPence(baselines),
    additional: Money.fromPence(additional),
    contributions: Money.fromPence(baselines + additional),
    carryForward: Money.fromPence(carryForward),
    partners: result,
    steps,
  };
}

function weightOf(p: AgreementPartner, how: Exclude<Weighting, 'host'>): Decimal | bigint {
  if (how === 'equal') return 1n;
  if (how === 'share') return new Dec(p.share);
  return p.baseline.pence;
}

/** "1/3", "40%", "81,305.00/203,286.00": the part of the whole a partner bears. */
function portion(p: AgreementPartner, how: Weighting, all: readonly AgreementPartner[]): string {
  if (how === 'equal') return all.length === 1 ? 'all' : `1/${all.length}`;
  if (how === 'share') return `${percent(p.share)}%`;
  const total = all.reduce((s, q) => s + q.baseline.pence, 0n);
  return `${show(p.baseline.pence)}/${show(total)}`;
}

/** The words after the subject on a partner's line: the overspend example has none for shares. */
function partDetail(asked: Weighting, used: Weighting): string {
  if (asked === 'baseline' && used === 'share') return ', by agreed share as all baselines are zero';
  if (used === 'equal') return ', split equally';
  if (used === 'baseline') return ', pro-rata to baselines';
  return '';
}

/** A share as a percentage: whole when it is, else up to 4 decimals (shares have at most 6). */
function percent(share: Decimal): string {
  return new Dec(share).times(100).toDecimalPlaces(4).toFixed();
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
