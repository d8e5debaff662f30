/**
 * Reading the audit trail (issue 11, defect 6): a caller sees the record of a change only if
 * it could read the changed item directly, and pages still walk the whole month.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_READERS, auditReadersOf, listAudit } from '../../../shared/application/audit.ts';
import type { AuditRecord } from '../../../shared/application/ports.ts';
import { routes } from '../../../shared/contract/routes.ts';
import { fakeDeps } from '../../helpers/fakes.ts';
import { BOARD, ctxAs } from './setup.ts';

const KINDS = ['board', 'partner', 'entry', 'invoice', 'agreement', 'year', 'sar', 'snapshot', 'something-new'];

/** A month of records: `n` changes cycling through the kinds above. */
async function trail(n: number) {
  const deps = fakeDeps();
  await deps.boards.createBoard(ctxAs('admin', ['admin']).meta, BOARD, { name: 'Board' });
  for (let i = 0; i < n; i++) {
    const entity = KINDS[i % KINDS.length] as string;
    deps.audit.records.push({
      boardId: BOARD,
      at: `2025-06-01T10:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`,
      writtenAt: 'w',
      actor: 'someone',
      requestId: `req-${String(i).padStart(4, '0')}`,
      action: 'create',
      entity,
      entityKey: `B#${BOARD}|${entity}#${i}`,
      before: null,
      after: { type: entity, secret: `image ${i}` },
    } satisfies AuditRecord & { boardId: string });
  }
  return deps;
}

async function walk(deps: Awaited<ReturnType<typeof trail>>, roles: ('admin' | 'finance')[], limit: number, scanLimit?: number) {
  const ctx = ctxAs('reader', roles);
  const pages: AuditRecord[][] = [];
  let after: string | undefined;
  do {
    const page = await listAudit(deps, ctx, BOARD, '2025-06', { limit, ...(after ? { after } : {}) }, scanLimit);
    pages.push(page.items);
    after = page.last;
    if (pages.length > 500) throw new Error('the cursor does not advance');
  } while (after);
  return pages;
}

describe('who reads which audit records', () => {
  it('derives the readers of each kind from the route that reads it, in full only', () => {
    expect(auditReadersOf('board')).toEqual(routes['GET /v1/boards/{boardId}'].roles);
    expect(auditReadersOf('partner')).toEqual(['admin', 'finance']);
    expect(auditReadersOf('entry')).toEqual(['finance', 'board']);
    expect(auditReadersOf('invoice')).toEqual(['finance']);
    expect(auditReadersOf('agreement')).toEqual(['finance', 'board']);
    // A kind nobody classified yet: only the roles that read every route.
    expect(auditReadersOf('something-new')).toEqual(['finance']);
    expect(auditReadersOf('constructor')).toEqual(['finance']);
    for (const governed of Object.values(AUDIT_READERS)) expect(routes[governed.route], governed.route).toBeDefined();
  });

  it('shows an administrator only board and partner records, and finance everything', async () => {
    // Prepare
    const deps = await trail(45);

    // Act
    const admin = (await walk(deps, ['admin'], 50)).flat();
    const finance = (await walk(deps, ['finance'], 50)).flat();
    const both = (await walk(deps, ['admin', 'finance'], 50)).flat();

    // Assess
    expect(new Set(admin.map((r) => r.entity))).toEqual(new Set(['board', 'partner']));
    expect(admin).toHaveLength(10);
    expect(finance).toHaveLength(45);
    expect(both).toHaveLength(45);
    expect(JSON.stringify(admin)).not.toMatch(/"type":"(entry|invoice|agreement|year|sar|snapshot|something-new)"/);
    expect(admin[0]).not.toHaveProperty('position');
  });

  it('pages through records it passes over: every readable record once, in order, pages short only at the end', async () => {
    // Prepare
    const deps = await trail(45);
    const all = (await walk(deps, ['finance'], 200)).flat();
    const readable = all.filter((r) => r.entity === 'board' || r.entity === 'partner');

    // Act
    const pages = await walk(deps, ['admin'], 3);

    // Assess
    expect(pages.flat()).toEqual(readable);
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
  });

  it('stops a page after examining its limit of records, with a cursor that carries on where it stopped', async () => {
    // Prepare: 90 records, 20 of them readable by an administrator.
    const deps = await trail(90);
    const expected = (await walk(deps, ['finance'], 200)).flat().filter((r) => r.entity === 'board' || r.entity === 'partner');

    // Act: at most 7 records examined per page.
    const pages = await walk(deps, ['admin'], 50, 7);

    // Assess
    expect(pages.flat()).toEqual(expected);
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.every((p) => p.length <= 7)).toBe(true);
  });
});
