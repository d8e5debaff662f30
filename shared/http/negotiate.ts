/**
 * `Accept` negotiation for the few routes that answer in more than one media type.
 */
import { NotAcceptableError } from '../domain/errors.ts';

interface Range {
  type: string;
  q: number;
  order: number;
}

function ranges(accept: string): Range[] {
  return accept
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.type && r.q > 0);
}

function matches(range: string, type: string): boolean {
  if (range === '*/*') return true;
  if (range.endsWith('/*')) return type.startsWith(range.slice(0, -1));
  return range === type;
}

/**
 * The offered type the client prefers (the first offered wins ties and a missing header).
 * @throws NotAcceptableError when the client accepts none of them.
 */
export function negotiate<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T {
  if (!accept || accept.trim() === '') return offered[0];
  let best: { type: T; q: number; specific: number; order: number } | undefined;
  for (const r of ranges(accept)) {
    offered.forEach((type, i) => {
      if (!matches(r.type, type)) return;
      const specific = r.type === type ? 2 : r.type.endsWith('/*') && r.type !== '*/*' ? 1 : 0;
      const cand = { type, q: r.q, specific, order: i };
      if (
        !best ||
        cand.q > best.q ||
        (cand.q === best.q && (cand.specific > best.specific || (cand.specific === best.specific && cand.order < best.order)))
      ) {
        best = cand;
      }
    });
  }
  if (!best) throw new NotAcceptableError('REQUEST.NOT_ACCEPTABLE', `this resource is available as ${offered.join(' or ')}`);
  return best.type;
}
