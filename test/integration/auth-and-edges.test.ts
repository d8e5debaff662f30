import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, BOARD, FINANCE, partner, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;

beforeAll(async () => {
  const started = await startApi();
  api = started.api;
  stop = started.runtime.stop;
});
afterAll(() => stop());

const SECURITY = [
  'cache-control',
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
];

describe('authentication', () => {
  it('health and the OpenAPI document are public; everything else needs a token', async () => {
    expect((await api.get('/v1/health', null)).status).toBe(200);
    expect((await api.get('/v1/openapi.json', null)).status).toBe(200);
    const anon = await api.get('/v1/boards/luton-sab/years', null);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses forged, expired and garbled tokens', async () => {
    const forged = await new SignJWT({ roles: ['finance'], boardId: 'luton-sab' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('sab-budget-local')
      .setAudience('sab-budget-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-key-not-the-key-not-the-key'));
    for (const token of [forged, 'abc.def.ghi', '']) {
      const r = await api.request('GET', '/v1/boards/luton-sab/years', { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(401);
    }
  });

  it('a token for another board reaches nothing of this one', async () => {
    const foreign = { roles: ['finance', 'board', 'admin'], boardId: 'other-sab' };
    for (const path of [
      '/v1/boards/luton-sab',
      '/v1/boards/luton-sab/years',
      '/v1/boards/luton-sab/partners/blmk-icb',
      '/v1/boards/luton-sab/years/2024-25/expenditure',
      '/v1/boards/luton-sab/sars',
    ]) {
      const r = await api.get(path, foreign);
      expect(r.status).toBe(403);
      expect(r.text).not.toMatch(/Luton Safeguarding|Integrated Care|budgetSet/i);
    }
  });

  it('a partner reaches no finance or board route', async () => {
    const p = partner('beds-police');
    expect((await api.get('/v1/boards/luton-sab/years', p)).status).toBe(403);
    expect((await api.get('/v1/boards/luton-sab/years/2024-25/expenditure', p)).status).toBe(403);
    expect((await api.post('/v1/boards/luton-sab/years/2024-25/expenditure', {}, p)).status).toBe(403);
    expect((await api.get('/v1/boards/luton-sab/sars', p)).status).toBe(403);
  });

  it('a token with an unknown role, or a partner token without its partner, gets 403', async () => {
    expect((await api.get('/v1/boards/luton-sab/years', { roles: ['superuser'] })).status).toBe(403);
    expect((await api.get('/v1/boards/luton-sab/partners/beds-police', { roles: ['partner'] })).status).toBe(403);
  });
});

describe('the edge', () => {
  it('answers unknown routes and methods with problem details', async () => {
    const missing = await api.get('/v1/nothing-here', FINANCE);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const method = await api.request('DELETE', '/v1/boards/luton-sab/years/2024-25', { as: FINANCE });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, PUT');
  });

  it('puts the security headers on every response, errors included', async () => {
    const answers = [
      await api.get('/v1/health', null),
      await api.get('/v1/boards/luton-sab/years', null),
      await api.get('/v1/boards/luton-sab/years', BOARD),
      await api.post('/v1/boards/luton-sab/years/2024-25/expenditure', { amount: 1 }, FINANCE),
      await api.get('/v1/boards/luton-sab/years/2024-25/expenditure/E99999999', FINANCE),
      await api.get('/v1/nope', null),
    ];
    for (const a of answers) for (const h of SECURITY) expect(a.headers.get(h), `${h} on ${a.status}`).toBeTruthy();
  });

  it('rejects malformed percent-encoding in the path without a 500', async () => {
    const r = await api.get('/v1/boards/luton-sab/partners/%E0%A4%A', FINANCE);
    expect(r.status).toBe(400);
  });

  it('dev tokens are issued for valid identities only', async () => {
    const ok = await api.request('POST', '/dev/tokens', { body: { sub: 'x', roles: ['board'], boardId: 'luton-sab' } });
    expect(ok.status).toBe(200);
    expect(typeof ok.body.token).toBe('string');
    const bad = await api.request('POST', '/dev/tokens', { body: { sub: 'x', roles: ['god'], boardId: 'luton-sab' } });
    expect(bad.status).toBe(400);
    const used = await api.request('GET', '/v1/boards/luton-sab/years', { headers: { authorization: `Bearer ${ok.body.token}` } });
    expect(used.status).toBe(200);
  });
});
