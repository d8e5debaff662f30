/**
 * Reading the audit trail. Records are written by the store's write seam (store.ts) and
 * never changed: no code path updates or deletes them, and no API function may.
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { type Item, type Store, str } from './store.ts';

export interface AuditRecord {
  readonly at: string;
  readonly writtenAt: string;
  readonly actor: string;
  readonly requestId: string;
  readonly action: string;
  readonly entity: string;
  readonly entityKey: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly sk: string;
}

/** A stored image as plain JSON: wrapped numbers become their exact text. */
export function plain(value: unknown): unknown {
  if (value instanceof NumberValue) return value.toString();
  if (value instanceof Set) return [...value].map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function toRecord(item: Item): AuditRecord {
  return {
    at: str(item.at),
    writtenAt: str(item.writtenAt),
    actor: str(item.actor),
    requestId: str(item.requestId),
    action: str(item.action),
    entity: str(item.entity),
    entityKey: str(item.entityKey),
    before: plain(item.before),
    after: plain(item.after),
    sk: str(item.sk),
  };
}

export class AuditRepository {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  /** One month of a board's trail, oldest first. */
  async list(boardId: string, month: string, limit: number, after?: string): Promise<{ items: AuditRecord[]; lastSk?: string }> {
    const page = await this.store.query({ pk: `B#${boardId}#AUDIT#${month}`, limit, ...(after ? { after } : {}) });
    return { items: page.items.map(toRecord), ...(page.lastSk ? { lastSk: page.lastSk } : {}) };
  }
}
