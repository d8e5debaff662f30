/**
 * Broken object- and function-level authorisation: every route of the routes table against
 * every role, a foreign board, and a foreign partner. The matrix is derived from the table,
 * so a new route is covered the moment it exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteSpec, routes, splitKey } from '../../shared/contract/routes.ts';
import { type Api, type Identity, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;

beforeAll(async () => {
  const started = await startApi();
  api = started.api;
  stop = started.runtime.stop;
});
afterAll(() => stop());

/** Real ids from the seed. Years are chosen so that nothing is changed by a request that gets through. */
const VALUES: Record<string, string> = {
  boardId: 'luton-sab',
  partnerId: 'beds-police',
  yearId: '2025-26',
  category: 'staffing',
  sarId: 'family-t',
  entryId: 'E00000001',
  invoiceId: '2025-26-baseline-beds-police',
};

const OWN = { roles: ['partner'], partnerId: 'beds-police' };
const OTHER = { roles: ['partner'], partnerId: 'blmk-icb' };
const IDENTITIES: Record<string, Identity | null> = {
  anonymous: null,
  finance: { roles: ['finance'] },
  board: { roles: ['board'] },
  admin: { roles: ['admin'] },
  'partner (own)': OWN,
  'partner (other)': OTHER,
  'every role, foreign board': { roles: ['finance', 'board', 'admin', 'partner'], partnerId: 'beds-police', boardId: 'other-sab' },
};

/** Routes whose object belongs to a partner: another partner must not learn it exists. */
const PARTNER_OBJECT = new Set([
  'GET /v1/boards/{boardId}/partners/{partnerId}',
  'GET /v1/boards/{boardId}/invoices/{invoiceId}',
  'GET /v1/boards/{boardId}/partners/{partnerId}/statement',
]);

function pathOf(key: string, spec: RouteSpec): string {
  const { method, path } = splitKey(key);
  // A POST without a body acts on the year; aim it at a history year, where it is refused after authorisation.
  const year = method === 'POST' && !spec.body && !('file' in spec) ? '2022-23' : VALUES.yearId;
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'yearId' ? (year ?? '') : (VALUES[name] ?? 'x')));
}

function expected(key: string, spec: RouteSpec, who: string, id: Identity | null): 'ok' | 401 | 403 | 404 {
  if (!spec.auth) return 'ok';
  if (id === null) return 401;
  if (id.boardId === 'other-sab') return 403;
  if (!id.roles.some((r) => (spec.roles as readonly string[]).includes(r))) return 403;
  if (who === 'partner (other)' && PARTNER_OBJECT.has(key)) return 404;
  return 'ok';
}

describe('authorisation matrix', () => {
  it('every route x every role, foreign board and foreign partner gets the expected answer, and never data it should not', async () => {
    let cells = 0;
    const failures: string[] = [];
    for (const [key, raw] of Object.entries(routes)) {
      const spec = raw as RouteSpec;
      const { method } = splitKey(key);
      const path = pathOf(key, spec);
      for (const [who, id] of Object.entries(IDENTITIES)) {
        const want = expected(key, spec, who, id);
        const res = await api.request(method, path, { as: id, ...(method !== 'GET' && spec.body ? { body: {} } : {}) });
        cells += 1;
        const ok = want === 'ok' ? ![401, 403].includes(res.status) && res.status < 500 : res.status === want;
        if (!ok) failures.push(`${key} as ${who}: got ${res.status}, expected ${want} (${res.text.slice(0, 120)})`);
        if (want !== 'ok' && res.status >= 400) expect(res.headers.get('content-type') ?? '').toContain('application/problem+json');
        if (who === 'partner (other)' && res.status === 200) expect(res.text).not.toContain('beds-police');
      }
    }
    expect(failures).toEqual([]);
    console.log(
      `authorisation matrix: ${Object.keys(routes).length} routes x ${Object.keys(IDENTITIES).length} identities = ${cells} requests`,
    );
  });

  it('a partner reads its own objects; another partner gets 404, never a hint', async () => {
    expect((await api.get('/v1/boards/luton-sab/partners/beds-police', OWN)).status).toBe(200);
    expect((await api.get('/v1/boards/luton-sab/invoices/2025-26-baseline-beds-police', OWN)).status).toBe(200);
    const theirs = await api.get('/v1/boards/luton-sab/invoices/2025-26-baseline-beds-police', OTHER);
    const missing = await api.get('/v1/boards/luton-sab/invoices/2025-26-baseline-nobody', OTHER);
    expect(theirs.status).toBe(404);
    expect(theirs.body.detail.replace(/beds-police/, 'X')).toBe(missing.body.detail.replace(/nobody/, 'X'));
    const list = await api.all('/v1/boards/luton-sab/invoices', OTHER);
    expect(list.every((i) => i.partnerId === 'blmk-icb')).toBe(true);
    const history = await api.get('/v1/boards/luton-sab/contributions', OTHER);
    expect(JSON.stringify(history.body)).not.toContain('beds-police');
  });

  it('roles arrive in the authorizer wire form "[a b]" and still work', async () => {
    // The local server flattens the token's roles array exactly as the HTTP API authorizer does.
    const both = await api.get('/v1/boards/luton-sab/years', { roles: ['partner', 'board'], partnerId: 'beds-police' });
    expect(both.status).toBe(200);
  });
});
