/**
 * Reading the audit trail, one month at a time, and only what the caller may read.
 *
 * A record carries the full images of the item it describes, so it tells as much as reading
 * the item itself. The trail therefore shows a caller a record only if the caller could GET
 * that kind of item directly: each kind is governed by the route that reads it (the routes
 * table says who may), counting only roles that read it in full (a partner reads only its own
 * records, the board only partners' names). Today that gives finance every record and an
 * administrator without finance the board and partner records only. A kind not listed here
 * (a new record type) is shown only to roles that may call every reading route of the API, so a new
 * kind is never shown to more callers than every existing one.
 *
 * Pages: a page holds up to `limit` readable records, in the trail's order. Records the caller
 * may not read are passed over, reading on; so a page is short only at the end of the month,
 * or when {@link AUDIT_SCAN_LIMIT} records were examined for one page, where it stops with a
 * cursor after the last record examined (then it may be short, even empty). Follow `nextCursor`
 * until there is none.
 */
import { routes } from '../contract/routes.ts';
import { ROLES, type Role } from '../domain/roles.ts';
import type { Actor } from './actor.ts';
import { requireBoard } from './boards.ts';
import type { Ctx } from './context.ts';
import type { AuditRecord, Deps, ListArgs, Page } from './ports.ts';

type RouteKey = keyof typeof routes;

/** A kind of item and the route that reads it; `partial`: roles that read only part of it. */
interface Governed {
  readonly route: RouteKey;
  readonly partial?: readonly Role[];
}

const ENTRY: Governed = { route: 'GET /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}' };
const INVOICE: Governed = { route: 'GET /v1/boards/{boardId}/invoices/{invoiceId}' };
const INCOME: Governed = { route: 'GET /v1/boards/{boardId}/years/{yearId}/other-income/{incomeId}' };

/** Which route's readers may see the records of each kind of item (the `type` an item is stored with). */
export const AUDIT_READERS: Readonly<Record<string, Governed>> = {
  board: { route: 'GET /v1/boards/{boardId}' },
  partner: { route: 'GET /v1/boards/{boardId}/partners/{partnerId}', partial: ['board'] },
  sar: { route: 'GET /v1/boards/{boardId}/sars/{sarId}' },
  year: { route: 'GET /v1/boards/{boardId}/years/{yearId}' },
  history: { route: 'GET /v1/boards/{boardId}/years/{yearId}/history' },
  line: { route: 'GET /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}' },
  agreement: { route: 'GET /v1/boards/{boardId}/years/{yearId}/agreement' },
  entry: ENTRY,
  'reversal-marker': ENTRY,
  void: ENTRY,
  import: { route: 'GET /v1/boards/{boardId}/years/{yearId}/expenditure' },
  commitment: { route: 'GET /v1/boards/{boardId}/years/{yearId}/commitments' },
  'match-claim': { route: 'GET /v1/boards/{boardId}/years/{yearId}/commitments' },
  snapshot: { route: 'GET /v1/boards/{boardId}/years/{yearId}/recharge' },
  invoice: INVOICE,
  'invoice-number': INVOICE,
  income: INCOME,
  'income-reversal-marker': INCOME,
  // Email delivery: a message is one of its document's `deliveries` (statements' are listed by a
  // route with the same readers); a reminder watch belongs to its invoice.
  outbox: INVOICE,
  'reminder-watch': INVOICE,
  // Budget control: a year's virements (one item), read by the virements list.
  virements: { route: 'GET /v1/boards/{boardId}/years/{yearId}/virements' },
};

/** Roles that may call every reading route of the API: the only ones shown a kind of record not listed above. */
const READS_EVERYTHING: readonly Role[] = ROLES.filter((role) =>
  Object.entries(routes).every(([key, spec]) => !key.startsWith('GET ') || !spec.auth || (spec.roles as readonly Role[]).includes(role)),
);

/** Roles that may read the records of a kind of item in full. A partner never does (it reads its own records only). */
export function auditReadersOf(entity: string): readonly Role[] {
  const governed = Object.hasOwn(AUDIT_READERS, entity) ? AUDIT_READERS[entity] : undefined;
  const roles = governed ? (routes[governed.route].roles as readonly Role[]) : READS_EVERYTHING;
  return roles.filter((r) => r !== 'partner' && !(governed?.partial ?? []).includes(r));
}

export function mayReadAuditRecord(actor: Actor, record: Pick<AuditRecord, 'entity'>): boolean {
  return auditReadersOf(record.entity).some((r) => actor.roles.has(r));
}

/** At most this many records are examined for one page (then it ends with a cursor, possibly short). */
export const AUDIT_SCAN_LIMIT = 1000;

export async function listAudit(
  deps: Pick<Deps, 'audit' | 'boards'>,
  ctx: Pick<Ctx, 'actor'>,
  boardId: string,
  month: string,
  args: ListArgs,
  scanLimit = AUDIT_SCAN_LIMIT,
): Promise<Page<AuditRecord>> {
  await requireBoard(deps, boardId);
  const items: AuditRecord[] = [];
  let after = args.after;
  let examined = 0;
  for (let first = true; ; first = false) {
    const want = args.limit - items.length;
    // After passing records over, read on in larger pages.
    const read = await deps.audit.list(boardId, month, {
      limit: Math.min(first ? want : Math.max(want, 200), scanLimit - examined),
      ...(after !== undefined ? { after } : {}),
    });
    for (const { position, ...record } of read.items) {
      examined += 1;
      if (!mayReadAuditRecord(ctx.actor, record)) continue;
      items.push(record);
      if (items.length === args.limit) return { items, last: position };
    }
    if (read.last === undefined) return { items };
    after = read.last;
    if (examined >= scanLimit) return { items, last: after };
  }
}
