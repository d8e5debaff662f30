/**
 * The stored funding agreement (`AGREEMENT` in the year's partition), parsed at the boundary.
 * The agreement is kept in its wire form (amounts and shares as decimal strings); the engine's
 * own parser turns it into exact values when it prices a year.
 */
import * as z from 'zod/mini';
import type { StoredAgreement } from '../../application/ports.ts';
import type { AgreementWire } from '../../domain/agreement.ts';
import { readStamp, version } from './mapping.ts';
import { type Item, str } from './store.ts';
import { parseStored } from './stored.ts';

const Wire = z.lazy(() =>
  z.looseObject({
    basis: z.string(),
    host: z.string(),
    rounding: z.string(),
    partners: z.array(z.looseObject({ partnerId: z.string(), baseline: z.string(), share: z.string() })),
    pools: z.array(z.looseObject({ categories: z.array(z.string()), charge: z.string() })),
    variance: z.looseObject({}),
    baselineShortfall: z.string(),
  }),
);

export function toStoredAgreement(item: Item): StoredAgreement {
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    agreement: parseStored(Wire, item.agreement, 'agreement') as unknown as AgreementWire,
    version: version(item),
    ...readStamp(item),
  };
}
