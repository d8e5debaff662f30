/**
 * Reading the audit trail. Records are written by the stream writer (audit-writer.ts) from the
 * changes the table reports, and never changed: no code path updates or deletes them, and no
 * API function may.
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import type { AuditPort, ListArgs, Page, PositionedAuditRecord } from '../../application/ports.ts';
import { auditKeys } from './keys.ts';
import { readPage } from './mapping.ts';
import { type Item, optStr, type Store, str } from './store.ts';

/** A stored image as plain JSON: wrapped numbers become their exact text. */
export function plain(value: unknown): unknown {
  if (value instanceof NumberValue) return value.toString();
  if (value instanceof Set) return [...value].map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function toRecord(item: Item): PositionedAuditRecord {
  const operationId = optStr(item.operationId);
  return {
    position: str(item.sk),
    at: str(item.at),
    writtenAt: str(item.writtenAt),
    actor: str(item.actor),
    requestId: str(item.requestId),
    ...(operationId ? { operationId } : {}),
    action: str(item.action),
    entity: str(item.entity),
    entityKey: str(item.entityKey),
    before: plain(item.before),
    after: plain(item.after),
  };
}

export class AuditRepository implements AuditPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  /** One month of a board's trail, oldest first. */
  list(boardId: string, month: string, page: ListArgs): Promise<Page<PositionedAuditRecord>> {
    // Audit sort keys start with the timestamp of the month they belong to.
    return readPage(this.store, { pk: auditKeys.monthPk(boardId, month), prefix: `${month}-` }, page, toRecord);
  }
}
