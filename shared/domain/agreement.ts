/**
 * The funding agreement (DESIGN section 3): who pays what baseline, the agreed shares, and the
 * cost-recovery rules the engine applies at year end. Pure: no I/O. The wire form carries amounts
 * and shares as decimal strings; {@link parseAgreement} turns it into exact values and
 * {@link validateAgreement} checks the business rules, reporting every problem at once.
 */

import type { Decimal } from 'decimal.js';
import { type FieldProblem, UnprocessableError, ValidationError } from './errors.ts';
import { Decimal as Dec, MONEY_PATTERN, Money } from './money.ts';

/** How an amount is divided among the agreement's partners. */
export type Split = 'equal' | 'share' | 'baseline' | 'host';
export type UnderspendRule = 'refund-share' | 'refund-baseline' | 'host' | 'carry-forward';

export const SPLITS: readonly Split[] = ['equal', 'share', 'baseline', 'host'];
export const UNDERSPEND_RULES: readonly UnderspendRule[] = ['refund-share', 'refund-baseline', 'host', 'carry-forward'];

export interface AgreementPartner {
  partnerId: string;
  /** Invoiced at the start of the year. */
  baseline: Money;
  /** Agreed fraction, 0 < share <= 1, at most 6 decimals; all shares add up to exactly 1. */
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
}

/** The agreement as it travels in JSON and is stored: amounts and shares as decimal strings. */
export interface AgreementWire {
  basis: Agreement['basis'];
  host: string;
  rounding: Agreement['rounding'];
  partners: { partnerId: string; baseline: string; share: string; additionalCap?: string }[];
  pools: Pool[];
  variance: Agreement['variance'];
  baselineShortfall: Agreement['baselineShortfall'];
}

/** A share on the wire: a plain non-negative decimal ("0.4", "1", "0.333334"). Precision is checked by validation. */
export const SHARE_PATTERN = /^\d{1,9}(?:\.\d{1,30})?$/;
export const MAX_SHARE_DECIMALS = 6;

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
  const partners = wire.partners.map((p, i): AgreementPartner => {
    const at = `${pathPrefix}/partners/${i}`;
    let share = new Dec(0);
    if (typeof p.share === 'string' && SHARE_PATTERN.test(p.share)) share = new Dec(p.share);
    else problems.push({ path: `${at}/share`, message: 'must be a decimal fraction as a string, such as "0.4"' });
    const out: AgreementPartner = { partnerId: p.partnerId, baseline: money(p.baseline, `${at}/baseline`), share };
    if (p.additionalCap !== undefined) out.additionalCap = money(p.additionalCap, `${at}/additionalCap`);
    return out;
  });
  if (problems.length > 0) throw new ValidationError('AGREEMENT.MALFORMED', problems[0]?.message ?? 'malformed agreement', problems);
  return {
    basis: wire.basis,
    host: wire.host,
    rounding: wire.rounding,
    partners,
    pools: wire.pools.map((p) => ({ categories: [...p.categories], charge: p.charge, split: p.split })),
    variance: { overspend: wire.variance.overspend, underspend: wire.variance.underspend },
    baselineShortfall: wire.baselineShortfall,
  };
}

/** The wire and storage form: amounts with two decimals, shares as plain decimals. */
export function agreementToWire(a: Agreement): AgreementWire {
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
    pools: a.pools.map((p) => ({ categories: [...p.categories], charge: p.charge, split: p.split })),
    variance: { ...a.variance },
    baselineShortfall: a.baselineShortfall,
  };
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
  oneOf(a.variance?.overspend, SPLITS, '/variance/overspend');
  oneOf(a.variance?.underspend, UNDERSPEND_RULES, '/variance/underspend');

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
    if (share === undefined || !share.isFinite()) {
      add(`${path}/share`, 'is required: a decimal fraction such as 0.4');
      sharesReadable = false;
    } else {
      if (share.lessThanOrEqualTo(0) || share.greaterThan(1)) add(`${path}/share`, 'must be greater than 0 and at most 1');
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
  if (partners.length > 0 && sharesReadable && !shareSum.equals(1)) {
    add('/partners', `shares must add up to exactly 1; they add up to ${shareSum.toFixed()}`);
  }
  if (!seen.has(a.host)) add('/host', `partner ${a.host} is not one of the agreement's partners`);

  const pooled = new Map<string, number>();
  (Array.isArray(a.pools) ? a.pools : []).forEach((pool, i) => {
    const path = `/pools/${i}`;
    oneOf(pool.charge, ['in-full', 'over-budget'], `${path}/charge`);
    oneOf(pool.split, SPLITS, `${path}/split`);
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

function isWholePounds(m: Money): boolean {
  return m.pence % 100n === 0n;
}
