/**
 * A funding agreement in words, for the annual report: how the year was funded, as a finance
 * officer would write it ("SAR costs are met at year end in equal shares; the rest of any
 * overspend by agreed share (BLMK ICB 40%, ...)"). Pure; partners are named by `nameOf`.
 */
import { Decimal } from './money.ts';

interface WireLike {
  readonly basis: string;
  readonly host: string;
  readonly partners: readonly { readonly partnerId: string; readonly share: string }[];
  readonly pools?: readonly { readonly categories: readonly string[]; readonly charge: string; readonly split: unknown }[];
  readonly variance?: { readonly overspend?: unknown; readonly underspend?: unknown };
  readonly baselineShortfall?: string;
}

const percent = (share: string) => `${new Decimal(share).times(100).toDecimalPlaces(4).toFixed()}%`;

function splitWords(split: unknown, shares: string, hostName: string): string {
  if (split === 'equal') return 'in equal shares';
  if (split === 'share') return `by agreed share (${shares})`;
  if (split === 'baseline') return 'in proportion to the baselines';
  if (split === 'host') return `by the host, ${hostName}`;
  return 'as the agreement sets out';
}

function underspendWords(rule: unknown, shares: string, hostName: string): string {
  if (rule === 'refund-share') return `refunded by agreed share (${shares})`;
  if (rule === 'refund-baseline') return 'refunded in proportion to the baselines';
  if (rule === 'host') return `kept by the host, ${hostName}`;
  if (rule === 'carry-forward') return "carried forward to the board's reserve";
  return 'treated as the agreement sets out';
}

export function agreementInWords(a: WireLike, nameOf: (partnerId: string) => string, categoryName: (c: string) => string): string {
  const hostName = nameOf(a.host);
  if (a.basis === 'committal') {
    return `The partners agreed a committal budget: each contributes its baseline, and any overspend or underspend falls to the host, ${hostName}.`;
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
        ? `${what} costs are met at year end in full, ${splitWords(pool.split, shares, hostName)}`
        : `${what} costs beyond their own budget are met at year end, ${splitWords(pool.split, shares, hostName)}`,
    );
  }
  parts.push(`the rest of any overspend is met ${splitWords(a.variance?.overspend ?? 'share', shares, hostName)}`);
  parts.push(`any underspend is ${underspendWords(a.variance?.underspend ?? 'refund-share', shares, hostName)}`);
  parts.push(
    a.baselineShortfall === 'share'
      ? `and any shortfall of the baselines against the budget is shared by agreed share`
      : `and any shortfall of the baselines against the budget falls to the host, ${hostName}`,
  );
  return `${sentences[0]} ${parts.join('; ')}.`;
}
