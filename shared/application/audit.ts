/** Reading the audit trail, one month at a time. */
import { requireBoard } from './boards.ts';
import type { AuditRecord, Deps, ListArgs, Page } from './ports.ts';

export async function listAudit(deps: Deps, boardId: string, month: string, args: ListArgs): Promise<Page<AuditRecord>> {
  await requireBoard(deps, boardId);
  return deps.audit.list(boardId, month, args);
}
