/** The stored year item as a {@link Year}. */
import type { Year, YearStatus } from '../../domain/ledger.ts';
import { money, readStamp, version } from './mapping.ts';
import { type Item, int, optStr, str } from './store.ts';

export function toYear(item: Item): Year {
  const openedAt = optStr(item.openedAt);
  const closedAt = optStr(item.closedAt);
  const sealHash = optStr(item.sealHash);
  const publishedOutturn = item.publishedOutturn === undefined ? undefined : money(item.publishedOutturn);
  const closeRequestedBy = optStr(item.closeRequestedBy);
  const closeApprovedBy = optStr(item.closeApprovedBy);
  const closeRequestEtag = optStr(item.closeRequestEtag);
  const closeRequest = closeRequestedBy
    ? {
        by: closeRequestedBy,
        at: str(item.closeRequestedAt),
        ...(closeRequestEtag ? { etag: closeRequestEtag } : {}),
        ...(closeApprovedBy ? { approvedBy: closeApprovedBy, approvedAt: str(item.closeApprovedAt) } : {}),
      }
    : undefined;
  const closingEtag = optStr(item.closingEtag);
  const closingId = closingEtag && item.closeAttempts !== undefined ? closingIdOf(int(item.closeAttempts)) : undefined;
  const committedImports = committedImportsOf(item);
  const rolled = item.rolledForward as Item | undefined;
  return {
    boardId: str(item.boardId),
    yearId: str(item.yearId),
    status: str(item.status) as YearStatus,
    budgetSet: money(item.budgetSet),
    source: str(item.source) as Year['source'],
    seq: item.seq === undefined ? 0 : int(item.seq),
    commitSeq: item.commitSeq === undefined ? 0 : int(item.commitSeq),
    ...(item.incomeSeq === undefined ? {} : { incomeSeq: int(item.incomeSeq) }),
    ...(rolled && typeof rolled === 'object'
      ? {
          rolledForward: {
            from: str(rolled.from),
            uplift: str(rolled.uplift),
            operationId: str(rolled.operationId),
            ...(optStr(item.rollForwardCompletedAt) ? { completedAt: str(item.rollForwardCompletedAt) } : {}),
          },
        }
      : {}),
    version: version(item),
    ...(openedAt ? { openedAt } : {}),
    ...(closedAt ? { closedAt } : {}),
    ...(sealHash ? { sealHash } : {}),
    ...(publishedOutturn ? { publishedOutturn } : {}),
    ...(item.hostInvoiced === false ? { hostInvoiced: false } : {}),
    ...(closeRequest ? { closeRequest } : {}),
    ...(closingEtag ? { closingEtag } : {}),
    ...(closingId ? { closingId } : {}),
    ...(committedImports.size > 0 ? { committedImports } : {}),
    ...readStamp(item),
  };
}

/** The ids of the imports committed on a year item (a DynamoDB string set). */
export function committedImportsOf(item: Item | undefined): ReadonlySet<string> {
  const set = item?.committedImports;
  return set instanceof Set ? new Set([...set].filter((v): v is string => typeof v === 'string')) : new Set();
}

/**
 * Whether an entry item is part of the ledger: written by a single post, or by an import
 * that has been committed. Rows of an unfinished import are not there for any reader.
 */
export function isVisible(item: Item, committed: ReadonlySet<string>): boolean {
  const importId = optStr(item.importId);
  return importId === undefined || committed.has(importId);
}

/** The id of a close attempt, which its fences carry: `close-<n>` for the year's n-th approval. */
export const closingIdOf = (attempt: number): string => `close-${attempt}`;
export const attemptOf = (closingId: string): number => Number(closingId.replace(/^close-/, ''));
