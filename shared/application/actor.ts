/**
 * The caller a use case acts for. The HTTP layer builds it from the verified token; the seed
 * and the tests build their own. Use cases scope every read by it: a caller reaches its own
 * board only, and a partner only its own records.
 */
import type { Role } from '../domain/roles.ts';

export interface Actor {
  readonly sub: string;
  readonly roles: ReadonlySet<Role>;
  readonly boardId: string;
  /** Present for (and required of) the partner role. */
  readonly partnerId?: string;
}

/** True when the actor holds any of the roles. */
export function hasAnyRole(a: Actor, roles: readonly Role[]): boolean {
  return roles.some((r) => a.roles.has(r));
}

/**
 * True when the actor may act only as a partner where `allowed` roles may act: it holds the
 * partner role and none of the other allowed roles. Such a caller sees its own records only.
 */
export function actsAsPartnerOnly(a: Actor, allowed: readonly Role[]): boolean {
  return a.roles.has('partner') && !allowed.some((r) => r !== 'partner' && a.roles.has(r));
}

/** The partner whose records alone this actor may read, or undefined when it may read all. */
export function ownPartnerOnly(a: Actor, allowed: readonly Role[]): string | undefined {
  return actsAsPartnerOnly(a, allowed) ? (a.partnerId ?? '') : undefined;
}
