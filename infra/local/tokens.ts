/**
 * Local stand-in for the Cognito JWT authorizer: HS256 tokens signed and checked with a
 * key that never leaves this machine. Never deployed.
 */
import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

export const LOCAL_ISSUER = 'sab-budget-local';
export const LOCAL_AUDIENCE = 'sab-budget-api';
/** The longest a local token lives, from its `iat` (what `sign` issues by default). */
export const MAX_TOKEN_AGE_SECONDS = 12 * 3600;
/** Clock skew tolerated on `exp` and `iat`, as authorizers commonly allow. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface TokenClaims {
  sub: string;
  roles: string[];
  boardId: string;
  partnerId?: string | undefined;
}

export class LocalTokens {
  private readonly key: Uint8Array;

  constructor(secret: Uint8Array = randomBytes(32)) {
    this.key = secret;
  }

  async sign(claims: TokenClaims, ttlSeconds = MAX_TOKEN_AGE_SECONDS): Promise<{ token: string; expiresAt: string }> {
    if (!(ttlSeconds > 0 && ttlSeconds <= MAX_TOKEN_AGE_SECONDS)) {
      throw new RangeError(`a local token lives from 1 second to ${MAX_TOKEN_AGE_SECONDS} seconds, not ${ttlSeconds}`);
    }
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const token = await new SignJWT({
      roles: claims.roles,
      boardId: claims.boardId,
      ...(claims.partnerId ? { partnerId: claims.partnerId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /**
   * The verified claims, or undefined for a missing, forged, expired or foreign token, one
   * without `exp`, `iat` or `sub`, one issued in the future (beyond {@link CLOCK_TOLERANCE_SECONDS})
   * or issued more than {@link MAX_TOKEN_AGE_SECONDS} ago, whatever its `exp` says.
   */
  async verify(token: string, now: Date = new Date()): Promise<Record<string, unknown> | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'iat', 'sub'],
        // With maxTokenAge, jose also refuses an `iat` later than now (beyond the tolerance).
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now,
      });
      return payload as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
}

/**
 * Claims as the HTTP API JWT authorizer hands them to Lambda: every value a string, and
 * arrays flattened to `"[a b]"`. Handlers are tested against this exact wire form.
 */
export function toAuthorizerClaims(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (Array.isArray(v)) out[k] = `[${v.join(' ')}]`;
    else if (v !== null && typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}
