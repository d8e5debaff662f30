/**
 * Exact apportionment of an integer amount (pence, or whole pounds) by weights, with the largest
 * remainder (Hamilton) method. Pure and exact: weights are turned into integers and every quota is
 * compared as a fraction over one common denominator, so no rounding ever happens before the final
 * hand-out of units. Used by the cost-recovery engine for every split.
 */
import type { Decimal } from './decimal.ts';
import { Decimal as Dec } from './money.ts';

export interface ApportionParty {
  readonly id: string;
  /** Non-negative; a zero weight gets zero. Decimal weights may carry any number of decimals. */
  readonly weight: Decimal | bigint;
  /** Most this party may receive, as a magnitude in the same units as the total (>= 0). */
  readonly cap?: bigint;
}

export interface ApportionOptions {
  /** Wins ties on equal remainders before the id order: the host, who absorbs residuals. */
  readonly preferred?: string;
}

/**
 * Splits `total` among `parties` in proportion to their weights so that the parts add up to
 * `total` exactly, each part being the floor or ceiling of its exact quota.
 *
 * - Largest remainder: every party first gets the floor of its exact quota; the units left over
 *   (fewer than the number of parties) go one each to the parties with the largest fractional
 *   remainders.
 * - Tie-break, deterministic and independent of the order of `parties`: larger remainder first;
 *   on equal remainders the `preferred` party first; then ids in ascending UTF-16 code-unit order.
 * - Negative totals (refunds) apportion the magnitude and negate every part, so a refund mirrors
 *   the charge of the same size exactly (the preferred party gets the extra unit of refund).
 * - Caps bound the magnitude of a part. A party whose exact quota exceeds its cap is fixed at the
 *   cap and the excess is re-apportioned among the others by their weights, repeatedly, until no
 *   cap binds (water-filling); only then are remainders rounded. Integer caps guarantee that the
 *   rounding never pushes a part over its cap.
 *
 * @throws RangeError when a weight or cap is negative, an id repeats, or the total cannot be placed
 *   (all weights zero, or the caps of the weighted parties add up to less than |total|).
 * @returns every party's part, keyed by id, in the order of `parties`.
 */
export function apportion(total: bigint, parties: readonly ApportionParty[], opts: ApportionOptions = {}): Map<string, bigint> {
  const ids = new Set<string>();
  for (const p of parties) {
    if (ids.has(p.id)) throw new RangeError(`apportion: party ${p.id} is listed twice`);
    ids.add(p.id);
    if (p.cap !== undefined && p.cap < 0n) throw new RangeError(`apportion: cap of ${p.id} is negative`);
  }
  const weights = integerWeights(parties);
  const out = new Map<string, bigint>(parties.map((p) => [p.id, 0n]));
  const magnitude = total < 0n ? -total : total;
  if (magnitude === 0n) return out;

  // Water-filling: fix every party whose quota exceeds its cap at the cap, then re-share the rest.
  let active = parties.map((p, i) => ({ id: p.id, cap: p.cap, weight: weights[i] ?? 0n })).filter((a) => a.weight > 0n);
  let remaining = magnitude;
  for (;;) {
    const sum = active.reduce((s, a) => s + a.weight, 0n);
    if (sum === 0n) {
      throw new RangeError(`apportion: ${remaining} units cannot be placed (no weighted party without a binding cap)`);
    }
    const capped = active.filter((a) => a.cap !== undefined && remaining * a.weight > a.cap * sum);
    if (capped.length === 0) break;
    for (const a of capped) {
      out.set(a.id, a.cap ?? 0n);
      remaining -= a.cap ?? 0n;
    }
    active = active.filter((a) => !capped.includes(a));
  }

  // Hamilton over the uncapped parties: quota_i = remaining * w_i / sum, all over the same denominator.
  const sum = active.reduce((s, a) => s + a.weight, 0n);
  const ranked = active.map((a) => {
    const numerator = remaining * a.weight;
    return { id: a.id, floor: numerator / sum, remainder: numerator % sum };
  });
  let left = remaining - ranked.reduce((s, r) => s + r.floor, 0n);
  ranked.sort((x, y) => {
    if (x.remainder !== y.remainder) return x.remainder > y.remainder ? -1 : 1;
    if (x.id === opts.preferred) return -1;
    if (y.id === opts.preferred) return 1;
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  });
  for (const r of ranked) {
    const extra = left > 0n ? 1n : 0n;
    left -= extra;
    out.set(r.id, r.floor + extra);
  }
  if (total < 0n) for (const [id, part] of out) out.set(id, -part);
  return out;
}

/** Scales all weights by one power of ten so they become integers with the same ratios. */
function integerWeights(parties: readonly ApportionParty[]): bigint[] {
  let places = 0;
  const decimals = parties.map((p) => {
    if (typeof p.weight === 'bigint') {
      if (p.weight < 0n) throw new RangeError(`apportion: weight of ${p.id} is negative`);
      return undefined;
    }
    const d = new Dec(p.weight);
    if (d.lessThan(0)) throw new RangeError(`apportion: weight of ${p.id} must be a number >= 0`);
    places = Math.max(places, d.decimalPlaces());
    return d;
  });
  const scale = 10n ** BigInt(places);
  return parties.map((p, i) => {
    const d = decimals[i];
    if (d === undefined) return (p.weight as bigint) * scale;
    return BigInt(d.times(new Dec(10).pow(places)).toFixed(0));
  });
}
