/**
 * The signed-in token, kept in sessionStorage (this tab only, gone when it closes). The page
 * reads the token's claims only to know which board to show and whom to greet; the API checks
 * the signature and decides what the caller may see.
 */

const KEY = 'sab-budget.token';

export const storedToken = () => {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
};

export const storeToken = (token) => {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode, quota): the session lasts until the page reloads.
  }
};

export const forgetToken = () => {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
};

export class TokenError extends Error {}

function decodeSegment(segment) {
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function rolesOf(value) {
  if (Array.isArray(value)) return value.filter((r) => typeof r === 'string');
  if (typeof value === 'string')
    return value
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
  return [];
}

/** The claims the page uses, from a JWT's payload (local tokens or Cognito's). */
export function readToken(raw, now = Date.now()) {
  const token = String(raw ?? '').trim();
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    throw new TokenError('That does not look like an access token. Paste the whole token, three parts separated by dots.');
  }
  let claims;
  try {
    claims = decodeSegment(parts[1]);
  } catch {
    throw new TokenError('That token could not be read. Paste it again, taking care to copy all of it.');
  }
  const boardId = claims.boardId ?? claims['custom:boardId'];
  if (typeof boardId !== 'string' || boardId === '') throw new TokenError('That token is not for a board. Ask for a board member token.');
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) throw new TokenError('That token has expired. Ask for a new one.');
  return {
    token,
    sub: typeof claims.sub === 'string' ? claims.sub : 'unknown user',
    name: typeof claims.email === 'string' ? claims.email : typeof claims.sub === 'string' ? claims.sub : 'unknown user',
    roles: rolesOf(claims.roles ?? claims['cognito:groups']),
    boardId,
    partnerId: claims.partnerId ?? claims['custom:partnerId'],
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined,
  };
}
