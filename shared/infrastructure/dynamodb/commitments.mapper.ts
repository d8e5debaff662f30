/** Stored commitments as {@link Commitment}s; their releases are parsed at the boundary. */
import * as z from 'zod/mini';
import { type Commitment, type CommitmentRelease, commitmentIdOf } from '../../domain/ledger.ts';
import { Money } from '../../domain/money.ts';
import { money } from './mapping.ts';
import { type Item, int, optStr, str } from './store.ts';
import { parseStored, StoredAmount } from './stored.ts';

const StoredRelease = z.lazy(() =>
  z.object({
    amount: StoredAmount,
    entryId: z.optional(z.string()),
    reason: z.string(),
    date: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    operationId: z.optional(z.string()),
  }),
);
const StoredReleases = z.lazy(() => z.array(StoredRelease));
const StoredClaimIds = z.lazy(() => z.array(z.string()));

export function toCommitment(item: Item): Commitment {
  const seq = int(item.seq);
  const supplier = optStr(item.supplier);
  const sarId = optStr(item.sarId);
  const operationId = optStr(item.operationId);
  const releases = parseStored(StoredReleases, item.releases ?? [], 'commitment releases').map(
    (r): CommitmentRelease => ({
      amount: Money.fromStored(r.amount),
      ...(r.entryId ? { entryId: r.entryId } : {}),
      reason: r.reason,
      date: r.date,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      ...(r.operationId ? { operationId: r.operationId } : {}),
    }),
  );
  const withdrawnClaims = parseStored(StoredClaimIds, item.withdrawnClaims ?? [], 'commitment withdrawn claims');
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    seq,
    commitmentId: commitmentIdOf(seq),
    category: str(item.category),
    description: str(item.description),
    amount: money(item.amount),
    dueDate: str(item.dueDate),
    ...(supplier ? { supplier } : {}),
    ...(sarId ? { sarId } : {}),
    ...(operationId ? { operationId } : {}),
    createdAt: str(item.createdAt),
    createdBy: str(item.createdBy),
    // Commitments recorded before releases existed carry no version: 0.
    version: item.version === undefined ? 0 : int(item.version),
    releases,
    ...(withdrawnClaims.length > 0 ? { withdrawnClaims } : {}),
  };
}

export function releaseItem(r: CommitmentRelease): Item {
  return {
    amount: r.amount.toString(),
    ...(r.entryId ? { entryId: r.entryId } : {}),
    reason: r.reason,
    date: r.date,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    ...(r.operationId ? { operationId: r.operationId } : {}),
  };
}
