/**
 * A funding agreement in words, for the annual report: how the year was funded, as a finance
 * officer would write it ("SAR costs are met at year end in equal shares; the rest of any
 * overspend by agreed share (BLMK ICB 40%, ...)"). Pure; partners are named by `nameOf`.
 */
import { Decimal } from './money.ts';

interface WireLike {
  readonly basis: string;
  readonly host: string;
  readonly partners: readonly { readonly partnerId: string; readonly share: string; readonly baseline?: string }[];
  readonly fundedFromReserve?: string;
  readonly pools?: readonly { readonly categories: readonly string[]; readonly charge: string; readonly split: unknown }[];
  readonly variance?: { readonly overspend?: unknown; readonly underspend?: unknown };
  readonly baselineShortfall?: string;
}

const percent = (share: string) => `${new Decimal(share).times(100).toDecimalPlaces(4).toFixed()}%`;

/** "Anytown Borough Council 45, Anytown ICB 35 and Anytown Police 15 parts": weights as agreed (DESIGN 10.3). */
function weightsWords(split: unknown, nameOf: (partnerId: string) => string): string | undefined {
  const weights = typeof split === 'object' && split !== null ? (split as { weights?: unknown }).weights : undefined;
  if (typeof weights !== 'object' || weights === null) return undefined;
  const listed = Object.entries(weights as Record<string, string>).map(([id, w]) => `${nameOf(id)} ${w}`);
  const last = listed.pop();
  return `among ${listed.length ? `${listed.join(', ')} and ${last}` : last} parts`;
}

function splitWords(split: unknown, shares: string, hostName: string, nameOf: (partnerId: string) => string = (id) => id): string {
  const weighted = weightsWords(split, nameOf);
  if (weighted) return weighted;
  if (split === 'equal') return 'in equal shares';
  if (split === 'share') return `by agreed share (${shares})`;
  if (split === 'baseline') return 'in proportion to the baselines';
  if (split === 'host') return `by the host, ${hostName}`;
  return 'as the agreement sets out';
}

function underspendWords(rule: unknown, shares: string, hostName: string, nameOf: (partnerId: string) => string = (id) => id): string {
  const refund = typeof rule === 'object' && rule !== null ? (rule as { refund?: unknown }).refund : undefined;
  const weighted = weightsWords(refund, nameOf);
  if (weighted) return `refunded ${weighted}`;
  if (rule === 'refund-share') return `refunded by agreed share (${shares})`;
  if (rule === 'refund-baseline') return 'refunded in proportion to the baselines';
  if (rule === 'host') return `kept by the host, ${hostName}`;
  if (rule === 'carry-forward') return "carried forward to the board's reserve";
  return 'treated as the agreement sets out';
}

/**
 * The fixed contributors of an agreement (DESIGN 10.3): partners other than the host with a share
 * of 0 whom no rule reaches as the engine applies it, so they pay their baselines only. A rule
 * reaches a zero share through weights naming it, an `equal` split (every partner of the
 * agreement) or a split pro-rata to baselines (every partner with a baseline). Under the
 * committal basis no rule runs: every non-host partner with a share of 0 is fixed. The annual
 * report's words and the baseline invoices both say "fixed" from this one rule.
 */
export function fixedContributors(a: WireLike): Set<string> {
  const zero = a.partners.filter((p) => new Decimal(p.share).isZero() && p.partnerId !== a.host);
  if (a.basis === 'committal') return new Set(zero.map((p) => p.partnerId));
  const weighted = new Set<string>();
  const underspend = a.variance?.underspend;
  const splits = [
    ...(a.pools ?? []).map((p) => p.split),
    a.variance?.overspend,
    (underspend as { refund?: unknown })?.refund,
    underspend === 'refund-baseline' ? 'baseline' : undefined,
  ];
  for (const split of splits) {
    const w = typeof split === 'object' && split !== null ? (split as { weights?: Record<string, string> }).weights : undefined;
    for (const id of Object.keys(w ?? {})) weighted.add(id);
  }
  const reached = (p: WireLike['partners'][number]) =>
    weighted.has(p.partnerId) ||
    splits.includes('equal') ||
    (splits.includes('baseline') && p.baseline !== undefined && !new Decimal(p.baseline).isZero());
  return new Set(zero.filter((p) => !reached(p)).map((p) => p.partnerId));
}

export function agreementInWords(a: WireLike, nameOf: (partnerId: string) => string, categoryName: (c: string) => string): string {
  const hostName = nameOf(a.host);
  const draw =
    a.fundedFromReserve && !new Decimal(a.fundedFromReserve).isZero()
      ? ` £${new Decimal(a.fundedFromReserve).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} of the budget is funded from the board's reserve.`
      : '';
  if (a.basis === 'committal') {
    return `The partners agreed a committal budget: each contributes its baseline, and any overspend or underspend falls to the host, ${hostName}.${draw}`;
  }
  const shares = a.partners
    .filter((p) => !new Decimal(p.share).isZero())
    .map((p) => `${nameOf(p.partnerId)} ${percent(p.share)}`)
    .join(', ');
  const sentences = ['The partners agreed full cost recovery:'];
  const parts: string[] = [];
  for (const pool of a.pools ?? []) {
    const what = pool.categories.map(categoryName).join(', ');
    parts.push(
      pool.charge === 'in-full'
        ? `${what} costs are met at year end in full, ${splitWords(pool.split, shares, hostName, nameOf)}`
        : `${what} costs beyond their own budget are met at year end, ${splitWords(pool.split, shares, hostName, nameOf)}`,
    );
  }
  parts.push(`the rest of any overspend is met ${splitWords(a.variance?.overspend ?? 'share', shares, hostName, nameOf)}`);
  parts.push(`any underspend is ${underspendWords(a.variance?.underspend ?? 'refund-share', shares, hostName, nameOf)}`);
  parts.push(
    a.baselineShortfall === 'share'
      ? `and any shortfall of the baselines against the budget is shared by agreed share`
      : `and any shortfall of the baselines against the budget falls to the host, ${hostName}`,
  );
  const fixedIds = fixedContributors(a);
  const fixed = a.partners.filter((p) => fixedIds.has(p.partnerId));
  const fixedWords = fixed.length
    ? ` ${fixed.map((p) => nameOf(p.partnerId)).join(' and ')} ${fixed.length === 1 ? 'contributes a fixed baseline' : 'contribute fixed baselines'} only.`
    : '';
  return `${sentences[0]} ${parts.join('; ')}.${fixedWords}${draw}`;
}
