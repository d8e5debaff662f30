/**
 * The local server's tokens (issue 11, defect 15): signed with the local key, they must still
 * say when they expire and when they were issued, and not be issued in the future.
 */
import { type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../../infra/local/runtime.ts';
import { CLOCK_TOLERANCE_SECONDS, LOCAL_AUDIENCE, LOCAL_ISSUER, LocalTokens, MAX_TOKEN_AGE_SECONDS } from '../../infra/local/tokens.ts';

const SECRET = new TextEncoder().encode('a-test-key-a-test-key-a-test-key');
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with the runtime's own key, with exactly the time claims given. */
function token(times: { iat?: number; exp?: number; nbf?: number }, extra: JWTPayload = {}): Promise<string> {
  return new SignJWT({
    roles: ['finance'],
    boardId: 'tok-board',
    sub: 'someone@test',
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    ...times,
    ...extra,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(SECRET);
}

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startRuntime({ seed: false, jwtSecret: SECRET });
});
afterAll(() => runtime.stop());

/** The status of an authenticated read with `bearer`: 401 when refused, anything else when let in. */
async function statusWith(bearer: string): Promise<number> {
  const r = await fetch(`${runtime.url}/v1/boards/tok-board/years`, { headers: { authorization: `Bearer ${bearer}` } });
  return r.status;
}

describe('local tokens', () => {
  it('lets in a token with exp and iat, including one issued a few seconds ahead of our clock', async () => {
    expect(await statusWith((await runtime.tokens.sign({ sub: 'a@test', roles: ['finance'], boardId: 'tok-board' })).token)).not.toBe(401);
    expect(await statusWith(await token({ iat: now(), exp: now() + 600 }))).not.toBe(401);
    expect(await statusWith(await token({ iat: now() + 5, exp: now() + 600 }))).not.toBe(401);
  });

  it.each([
    ['no exp', { iat: now() }],
    ['no iat', { exp: now() + 600 }],
    ['neither', {}],
    ['an iat in the future', { iat: now() + 3600, exp: now() + 7200 }],
    ['an iat just past the clock tolerance', { iat: now() + CLOCK_TOLERANCE_SECONDS + 30, exp: now() + 7200 }],
    ['an exp in the past', { iat: now() - 600, exp: now() - 300 }],
    ['an iat older than the longest lifetime, whatever its exp', { iat: now() - MAX_TOKEN_AGE_SECONDS - 120, exp: now() + 3600 }],
    ['a non-numeric exp', { iat: now(), exp: 'tomorrow' as unknown as number }],
  ])('refuses a token with %s (401)', async (_what, times) => {
    expect(await statusWith(await token(times))).toBe(401);
  });

  it('refuses a token without a subject', async () => {
    const noSub = await new SignJWT({ roles: ['finance'], boardId: 'tok-board' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(SECRET);
    expect(await statusWith(noSub)).toBe(401);
  });

  it('checks against the time it is given, and issues nothing that would outlive the limit', async () => {
    const tokens = new LocalTokens(SECRET);
    const { token: t } = await tokens.sign({ sub: 'a@test', roles: ['board'], boardId: 'tok-board' }, 600);
    expect(await tokens.verify(t)).toMatchObject({ sub: 'a@test' });
    expect(await tokens.verify(t, new Date(Date.now() - 3600 * 1000))).toBeUndefined(); // issued "in the future"
    expect(await tokens.verify(t, new Date(Date.now() + 3600 * 1000))).toBeUndefined(); // expired
    await expect(tokens.sign({ sub: 'a@test', roles: ['board'], boardId: 'tok-board' }, MAX_TOKEN_AGE_SECONDS + 1)).rejects.toThrow(
      RangeError,
    );
  });
});
