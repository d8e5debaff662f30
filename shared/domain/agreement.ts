/**
 * The funding agreement (DESIGN sections 3 and 10.3): who pays what baseline, the agreed shares, and
 * the cost-recovery rules the engine applies at year end. Pure: no I/O. The wire form carries
 * amounts, shares and weights as decimal strings; {@link parseAgreement} turns it into exact values
 * and {@link validateAgreement} checks the business rules, reporting every problem at once.
 *
 * What partnerships agree, and how it is written:
 * - A partner's `share` may be 0: a fixed contributor pays its baseline and takes no part in any
 *   split by share. The non-zero shares add up to exactly 1. All shares may be 0 only when no rule
 *   splits by share (every split then names its partners by weights).
 * - Wherever a split is named (`pools[].split`, `variance.overspend`), it may be
 *   `{ "weights": { "<partnerId>": "45", ... } }`: among those partners only, in proportion to their
 *   positive weights (which need not add up to anything); `variance.underspend` may be
 *   `{ "refund": { "weights": { ... } } }`.
 * - `fundedFromReserve`: what the year draws from the board's reserve towards its budget set, so
 *   budget set = baselines + fundedFromReserve (+ whatever the shortfall rule covers).
 */

import type { Decimal } from './decimal.ts';
import { type FieldProblem, UnprocessableError, ValidationError } from './errors.ts';
import { Decimal as Dec, MONEY_PATTERN, Money } from './money.ts';

/** The named ways an amount is divided among all the agreement's partners. */
export type NamedSplit = 'equal' | 'share' | 'baseline' | 'host';

/** A split among some partners only, in proportion to their weights (positive, exact). */
export interface WeightedSplit {
  readonly weights: ReadonlyMap<string, Decimal>;
}

/** How an amount is divided: a named rule over all partners, or weights over some of them. */
export type Split = NamedSplit | WeightedSplit;

export type NamedUnderspendRule = 'refund-share' | 'refund-baseline' | 'host' | 'carry-forward';
/** What happens to an underspend: a named rule, or a refund by weights. */
export type UnderspendRule = NamedUnderspendRule | { readonly refund: WeightedSplit };

export const SPLITS: readonly NamedSplit[] = ['equal', 'share', 'baseline', 'host'];
export const UNDERSPEND_RULES: readonly NamedUnderspendRule[] = ['refund-share', 'refund-baseline', 'host', 'carry-forward'];

/** True for a split by weights. */
export const isWeighted = (s: Split | undefined): s is WeightedSplit => typeof s === 'object' && s !== null && 'weights' in s;

export interface AgreementPartner {
  partnerId: string;
  /** Invoiced at the start of the year. */
  baseline: Money;
  /**
   * Agreed fraction, 0 <= share <= 1, at most 6 decimals; the non-zero shares add up to exactly 1.
   * Zero: a fixed contributor, in no split by share.
   */
  share: Decimal;
  /** Most this partner pays at year end; the excess goes to the host. Never on the host. */
  additionalCap?: Money;
}

export interface Pool {
  categories: string[];
  /** `in-full`: the pool's whole spend, outside the budget set; `over-budget`: only its spend above its own budget lines. */
  charge: 'in-full' | 'over-budget';
  split: Split;
}

export interface Agreement {
  basis: 'full-cost-recovery' | 'committal';
  /** The partner that absorbs residuals (rounding, cap excesses, committal variance). */
  host: string;
  rounding: 'penny' | 'pound';
  partners: AgreementPartner[];
  pools: Pool[];
  variance: { overspend: Split; underspend: UnderspendRule };
  baselineShortfall: 'host' | 'share';
  /** Drawn from the board's reserve towards the budget set (absent: nothing). */
  fundedFromReserve?: Money;
}

/** A split as it travels in JSON and is stored: weights as decimal strings. */
export type SplitWire = NamedSplit | { weights: Record<string, string> };
export type UnderspendWire = NamedUnderspendRule | { refund: { weights: Record<string, string> } };

/** The agreement as it travels in JSON and is stored: amounts, shares and weights as decimal strings. */
export interface AgreementWire {
  basis: Agreement['basis'];
  host: string;
  rounding: Agreement['rounding'];
  partners: { partnerId: string; baseline: string; share: string; additionalCap?: string }[];
  pools: { categories: string[]; charge: Pool['charge']; split: SplitWire }[];
  variance: { overspend: SplitWire; underspend: UnderspendWire };
  baselineShortfall: Agreement['baselineShortfall'];
  fundedFromReserve?: string;
}

/** A share on the wire: a plain non-negative decimal ("0.4", "1", "0.333334"). Precision is checked by validation. */
export const SHARE_PATTERN = /^\d{1,9}(?:\.\d{1,30})?$/;
export const MAX_SHARE_DECIMALS = 6;
/** A weight on the wire: a plain decimal ("45", "2.5"); positivity and precision are checked by validation. */
export const WEIGHT_PATTERN = /^-?\d{1,9}(?:\.\d{1,30})?$/;
export const MAX_WEIGHT_DECIMALS = 6;

export interface AgreementContext {
  /** Partners of the board. */
  readonly partnerIds: ReadonlySet<string>;
  /** Categories the year knows (its budget lines). */
  readonly categories: ReadonlySet<string>;
  /** Prefix of every problem path. @default 'body' */
  readonly pathPrefix?: string;
}

/**
 * Turns the wire form into exact values. Shape and enumerations are the request schema's job;
 * this only refuses strings that are not amounts or decimals, so that stored or hand-built input
 * cannot reach the engine as a float or NaN.
 *
 * @throws ValidationError `AGREEMENT.MALFORMED` listing every unreadable field.
 */
export function parseAgreement(wire: AgreementWire, pathPrefix = 'body'): Agreement {
  const problems: FieldProblem[] = [];
  const money = (text: string, path: string): Money => {
    if (typeof text === 'string' && MONEY_PATTERN.test(text)) return Money.parse(text);
    problems.push({ path, message: 'must be an amount as a string with at most two decimals, such as "81305.00"' });
    return Money.zero;
  };
  const weightsOf = (w: Record<string, string>, path: string): WeightedSplit => {
    const weights = new Map<string, Decimal>();
    for (const [partnerId, text] of Object.entries(w ?? {})) {
      if (typeof text === 'string' && WEIGHT_PATTERN.test(text)) weights.set(partnerId, new Dec(text));
      else {
        problems.push({ path: `${path}/weights/${partnerId}`, message: 'must be a positive decimal as a string, such as "45"' });
        weights.set(partnerId, new Dec(0));
      }
    }
    return { weights };
  };
  const split = (s: SplitWire, path: string): Split => (typeof s === 'object' && s !== null ? weightsOf(s.weights, path) : s);
  const underspend = (u: UnderspendWire, path: string): UnderspendRule =>
    typeof u === 'object' && u !== null ? { refund: weightsOf(u.refund?.weights, `${path}/refund`) } : u;

  const partners = wire.partners.map((p, i): AgreementPartner => {
    const at = `${pathPrefix}/partners/${i}`;
    let share = new Dec(0);
    if (typeof p.share === 'string' && SHARE_PATTERN.test(p.share)) share = new Dec(p.share);
    else problems.push({ path: `${at}/share`, message: 'must be a decimal fraction as a string, such as "0.4"' });
    const out: AgreementPartner = { partnerId: p.partnerId, baseline: money(p.baseline, `${at}/baseline`), share };
    if (p.additionalCap !== undefined) out.additionalCap = money(p.additionalCap, `${at}/additionalCap`);
    return out;
  });
  const pools = wire.pools.map((p, i) => ({
    categories: [...p.categories],
    charge: p.charge,
    split: split(p.split, `${pathPrefix}/pools/${i}/split`),
  }));
  const variance = {
    overspend: split(wire.variance.overspend, `${pathPrefix}/variance/overspend`),
    underspend: underspend(wire.variance.underspend, `${pathPrefix}/variance/underspend`),
  };
  const fundedFromReserve =
    wire.fundedFromReserve === undefined ? undefined : money(wire.fundedFromReserve, `${pathPrefix}/fundedFromReserve`);
  if (problems.length > 0) throw new ValidationError('AGREEMENT.MALFORMED', problems[0]?.message ?? 'malformed agreement', problems);
  return {
    basis: wire.basis,
    host: wire.host,
    rounding: wire.rounding,
    partners,
    pools,
    variance,
    baselineShortfall: wire.baselineShortfall,
    ...(fundedFromReserve !== undefined ? { fundedFromReserve } : {}),
  };
}

function splitToWire(s: Split): SplitWire {
  return isWeighted(s) ? { weights: weightsToWire(s) } : s;
}

function weightsToWire(s: WeightedSplit): Record<string, string> {
  return Object.fromEntries([...s.weights].map(([id, w]) => [id, new Dec(w).toFixed()]));
}

/** The wire and storage form: amounts with two decimals, shares and weights as plain decimals. */
export function agreementToWire(a: Agreement): AgreementWire {
  const u = a.variance.underspend;
  return {
    basis: a.basis,
    host: a.host,
    rounding: a.rounding,
    partners: a.partners.map((p) => ({
      partnerId: p.partnerId,
      baseline: p.baseline.toString(),
      share: new Dec(p.share).toFixed(),
      ...(p.additionalCap === undefined ? {} : { additionalCap: p.additionalCap.toString() }),
    })),
    pools: a.pools.map((p) => ({ categories: [...p.categories], charge: p.charge, split: splitToWire(p.split) })),
    variance: {
      overspend: splitToWire(a.variance.overspend),
      underspend: typeof u === 'object' ? { refund: { weights: weightsToWire(u.refund) } } : u,
    },
    baselineShortfall: a.baselineShortfall,
    ...(a.fundedFromReserve !== undefined ? { fundedFromReserve: a.fundedFromReserve.toString() } : {}),
  };
}

/** Every split the agreement names, with where it is written (for validation). */
function splitsOf(a: Agreement): { split: Split; path: string }[] {
  const u = a.variance?.underspend;
  const underspend: { split: Split; path: string }[] =
    typeof u === 'object' && u !== null
      ? [{ split: u.refund, path: '/variance/underspend/refund' }]
      : u === 'refund-share'
        ? [{ split: 'share', path: '/variance/underspend' }]
        : u === 'refund-baseline'
          ? [{ split: 'baseline', path: '/variance/underspend' }]
          : [];
  return [
    ...(Array.isArray(a.pools) ? a.pools : []).map((p, i) => ({ split: p.split, path: `/pools/${i}/split` })),
    { split: a.variance?.overspend, path: '/variance/overspend' },
    ...underspend,
    ...(a.baselineShortfall === 'share' ? [{ split: 'share' as const, path: '/baselineShortfall' }] : []),
  ];
}

/**
 * Checks the agreement's business rules against the board's partners and the year's categories.
 * Returns every problem found (empty when valid), with paths such as `body/partners/1/share`.
 */
export function validateAgreement(a: Agreement, ctx: AgreementContext): FieldProblem[] {
  const at = ctx.pathPrefix ?? 'body';
  const problems: FieldProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path: `${at}${path}`, message });

  const oneOf = <T extends string>(value: T, allowed: readonly T[], path: string) => {
    if (!allowed.includes(value)) add(path, `must be one of ${allowed.join(', ')}`);
  };
  oneOf(a.basis, ['full-cost-recovery', 'committal'], '/basis');
  oneOf(a.rounding, ['penny', 'pound'], '/rounding');
  oneOf(a.baselineShortfall, ['host', 'share'], '/baselineShortfall');

  const partners = Array.isArray(a.partners) ? a.partners : [];
  if (partners.length === 0) add('/partners', 'must list at least one partner');
  const seen = new Set<string>();
  let shareSum = new Dec(0);
  let sharesReadable = true;
  partners.forEach((p, i) => {
    const path = `/partners/${i}`;
    if (seen.has(p.partnerId)) add(`${path}/partnerId`, `partner ${p.partnerId} is listed twice`);
    else if (!ctx.partnerIds.has(p.partnerId)) add(`${path}/partnerId`, `partner ${p.partnerId} does not exist`);
    seen.add(p.partnerId);

    const share = Dec.isDecimal(p.share) ? new Dec(p.share) : undefined;
    if (share === undefined) {
      add(`${path}/share`, 'is required: a decimal fraction such as 0.4');
      sharesReadable = false;
    } else {
      if (share.lessThan(0) || share.greaterThan(1)) add(`${path}/share`, 'must be from 0 (a fixed contributor) to 1');
      if (share.decimalPlaces() > MAX_SHARE_DECIMALS) add(`${path}/share`, `must have at most ${MAX_SHARE_DECIMALS} decimal places`);
      shareSum = shareSum.plus(share);
    }

    if (!(p.baseline instanceof Money)) add(`${path}/baseline`, 'is required');
    else {
      if (p.baseline.isNegative()) add(`${path}/baseline`, 'must not be negative');
      if (a.rounding === 'pound' && !isWholePounds(p.baseline))
        add(`${path}/baseline`, 'must be whole pounds: the agreement rounds to the pound');
    }

    if (p.additionalCap !== undefined) {
      if (p.partnerId === a.host) add(`${path}/additionalCap`, 'the host cannot have a cap: it absorbs the residuals');
      if (p.additionalCap.isNegative()) add(`${path}/additionalCap`, 'must not be negative');
      if (a.rounding === 'pound' && !isWholePounds(p.additionalCap)) {
        add(`${path}/additionalCap`, 'must be whole pounds: the agreement rounds to the pound');
      }
    }
  });
  const allSharesZero = sharesReadable && shareSum.isZero();
  if (partners.length > 0 && sharesReadable && !allSharesZero && !shareSum.equals(1)) {
    add('/partners', `shares must add up to exactly 1; they add up to ${shareSum.toFixed()}`);
  }
  if (!seen.has(a.host)) add('/host', `partner ${a.host} is not one of the agreement's partners`);

  const allBaselinesZero = partners.every((p) => p.baseline instanceof Money && p.baseline.isZero());
  const u = a.variance?.underspend;
  if (typeof u !== 'object' || u === null) oneOf(u, UNDERSPEND_RULES, '/variance/underspend');
  for (const { split, path } of splitsOf(a)) {
    if (isWeighted(split)) {
      checkWeights(split, path, seen, add);
      continue;
    }
    oneOf(split, SPLITS, path);
    const byShare = split === 'share' || (split === 'baseline' && allBaselinesZero);
    if (byShare && allSharesZero && partners.length > 0) {
      add(
        path,
        split === 'baseline'
          ? 'splits pro-rata to baselines, which are all 0, and so by share, but every share is 0: give the shares or split by weights'
          : 'splits by share, but every share is 0: give the shares (the non-zero ones adding up to 1) or split by weights',
      );
    }
  }

  if (a.fundedFromReserve !== undefined) {
    if (!(a.fundedFromReserve instanceof Money) || a.fundedFromReserve.isNegative()) add('/fundedFromReserve', 'must not be negative');
    else if (a.rounding === 'pound' && !isWholePounds(a.fundedFromReserve))
      add('/fundedFromReserve', 'must be whole pounds: the agreement rounds to the pound');
  }

  const pooled = new Map<string, number>();
  (Array.isArray(a.pools) ? a.pools : []).forEach((pool, i) => {
    const path = `/pools/${i}`;
    oneOf(pool.charge, ['in-full', 'over-budget'], `${path}/charge`);
    const categories = Array.isArray(pool.categories) ? pool.categories : [];
    if (categories.length === 0) add(`${path}/categories`, 'must list at least one category');
    categories.forEach((c, j) => {
      const other = pooled.get(c);
      if (other === i) add(`${path}/categories/${j}`, `category ${c} is listed twice`);
      else if (other !== undefined) add(`${path}/categories/${j}`, `category ${c} is already in pool ${other}`);
      else if (!ctx.categories.has(c)) add(`${path}/categories/${j}`, `category ${c} does not exist`);
      if (other === undefined) pooled.set(c, i);
    });
  });
  return problems;
}

function checkWeights(split: WeightedSplit, path: string, partners: ReadonlySet<string>, add: (path: string, message: string) => void) {
  if (!(split.weights instanceof Map) || split.weights.size === 0) {
    add(`${path}/weights`, 'must name at least one partner with a positive weight');
    return;
  }
  for (const [partnerId, weight] of split.weights) {
    const where = `${path}/weights/${partnerId}`;
    if (!partners.has(partnerId)) add(where, `partner ${partnerId} is not one of the agreement's partners`);
    const w = Dec.isDecimal(weight) ? new Dec(weight) : undefined;
    if (w === undefined || w.lessThanOrEqualTo(0)) add(where, 'must be a positive weight, such as 45');
    else if (w.decimalPlaces() > MAX_WEIGHT_DECIMALS) add(where, `must have at most ${MAX_WEIGHT_DECIMALS} decimal places`);
  }
}

/**
 * {@link validateAgreement}, throwing when anything is wrong.
 * @throws UnprocessableError `AGREEMENT.INVALID` with every problem.
 */
export function assertValidAgreement(a: Agreement, ctx: AgreementContext): void {
  const problems = validateAgreement(a, ctx);
  if (problems.length > 0) {
    throw new UnprocessableError('AGREEMENT.INVALID', problems[0]?.message ?? 'invalid agreement', problems);
  }
}

/** Something valid but probably not meant: said in the agreement's answer, never refused. */
export interface AgreementWarning {
  readonly code: string;
  readonly message: string;
  readonly path: string;
}

/**
 * What the agreement says that is probably a mistake, given the year's budget lines:
 * an `in-full` pool charges its whole spend at year end outside the budget set, so a budget
 * line for one of its categories inside the budget set would be charged twice (once in the
 * baselines, once in the pool).
 */
export function agreementWarnings(a: Agreement, lines: ReadonlyMap<string, Money>, pathPrefix = 'body'): AgreementWarning[] {
  const out: AgreementWarning[] = [];
  if (a.basis === 'committal') return out; // no pool is charged on the committal basis
  a.pools.forEach((pool, i) => {
    if (pool.charge !== 'in-full') return;
    pool.categories.forEach((c, j) => {
      const budget = lines.get(c);
      if (!budget?.isPositive()) return;
      out.push({
        code: 'AGREEMENT.POOL_BUDGETED',
        path: `${pathPrefix}/pools/${i}/categories/${j}`,
        message: `pool ${i} charges the whole spend of ${c} in full at year end, outside the budget set, but ${c} also has a budget line of ${budget.toDisplay()} inside the budget set: that ${budget.toDisplay()} would be charged twice. Charge the pool "over-budget" instead, or set the line to 0.`,
      });
    });
  });
  return out;
}

function isWholePounds(m: Money): boolean {
  return m.pence % 100n === 0n;
}
