/** Stored commitments as {@link Commitment}s. */
import { type Commitment, commitmentIdOf } from '../../domain/ledger.ts';
import { money } from './mapping.ts';
import { type Item, int, optStr, str } from './store.ts';

export function toCommitment(item: Item): Commitment {
  const seq = int(item.seq);
  const supplier = optStr(item.supplier);
  const sarId = optStr(item.sarId);
  const operationId = optStr(item.operationId);
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
  };
}
