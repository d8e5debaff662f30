import type { Actor } from '../application/actor.ts';
import { SLUG_PATTERN } from '../contract/schemas/common.ts';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.ts';
import { ROLES, type Role } from '../domain/roles.ts';

export { actsAsPartnerOnly, hasAnyRole } from '../application/actor.ts';

const ROLE_NAMES = new Set<string>(ROLES);

/**
 * Reads a roles claim in every shape it arrives in: a JSON array (local tokens decoded by
 * a library), the HTTP API authorizer's flattening of arrays (`"[finance board]"`), a JSON
 * array inside a string, or a single name. Any other shape grants nothing.
 */
export function parseRolesClaim(value: unknown): Role[] {
  let names: unknown[];
  if (Array.isArray(value)) names = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[') && text.endsWith(']')) {
      const inner = text.slice(1, -1).trim();
      if (inner.startsWith('"')) {
        try {
          const parsed: unknown = JSON.parse(text);
          names = Array.isArray(parsed) ? parsed : [];
        } catch {
          names = [];
        }
      } else names = inner.split(/[\s,]+/);
    } else names = text.split(/[\s,]+/);
  } else names = [];
  return [...new Set(names.filter((n): n is Role => typeof n === 'string' && ROLE_NAMES.has(n)))];
}

function stringClaim(claims: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = claims[name];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return undefined;
}

/**
 * Builds the principal from verified JWT claims. Plain names (`roles`, `boardId`,
 * `partnerId`) are what local tokens carry; Cognito supplies `cognito:groups` and
 * `custom:` attributes.
 */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Actor {
  if (!claims) throw new UnauthorizedError('AUTH.MISSING_TOKEN', 'a bearer token is required');
  const sub = stringClaim(claims, 'sub');
  if (!sub) throw new UnauthorizedError('AUTH.INVALID_TOKEN', 'the token has no subject');
  const roles = parseRolesClaim(claims.roles ?? claims['cognito:groups']);
  if (roles.length === 0) throw new ForbiddenError('AUTH.NO_ROLE', 'the token grants no role this service knows');
  const boardId = stringClaim(claims, 'boardId', 'custom:boardId');
  if (!boardId || !SLUG_PATTERN.test(boardId)) throw new ForbiddenError('AUTH.NO_BOARD', 'the token is not bound to a board');
  const partnerId = stringClaim(claims, 'partnerId', 'custom:partnerId');
  if (roles.includes('partner') && (!partnerId || !SLUG_PATTERN.test(partnerId))) {
    throw new ForbiddenError('AUTH.NO_PARTNER', 'a partner token must name its partner');
  }
  return { sub, roles: new Set(roles), boardId, ...(partnerId ? { partnerId } : {}) };
}
