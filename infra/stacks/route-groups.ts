/**
 * Derives the deployment from the routes table: one function per group, the routes each
 * serves, and the table access each needs. Nothing here lists a group or a route, so a new
 * entry in `shared/contract/routes.ts` is deployed without touching the infrastructure.
 */
import { type Access, type Method, routes, splitKey } from '../../shared/contract/routes.ts';

export interface DeployedRoute {
  /** The routes-table key, e.g. `GET /v1/boards/{boardId}`; also the HTTP API route key. */
  readonly key: string;
  readonly method: Method;
  readonly path: string;
  /** False only for public routes: they get no authorizer. */
  readonly auth: boolean;
}

export interface FunctionGroup {
  /** Folder name under `functions/`, and the handler's `fn`. */
  readonly name: string;
  /** The widest access any of its routes needs: the function's grant. */
  readonly access: Access;
  /** The longest `timeoutSeconds` of its routes (10 by default). */
  readonly timeoutSeconds: number;
  readonly routes: readonly DeployedRoute[];
}

/**
 * Functions that no route invokes, each in `functions/<name>/handler.ts` like the route groups:
 * the audit writer, fed by the table's change stream (infra/constructs/audit-writer.ts).
 */
export const STREAM_FUNCTIONS = ['audit-writer'] as const;

/** A function's timeout when none of its routes asks for more. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

const RANK: Record<Access, number> = { none: 0, RO: 1, RW: 2 };

/** The wider of two access levels ('RW' > 'RO' > 'none'). */
export function widerAccess(a: Access, b: Access): Access {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Function groups in a stable order (by name), each with its routes in table order. */
export function functionGroups(
  table: Readonly<Record<string, { fn: string; access: Access; auth: boolean; timeoutSeconds?: number }>> = routes,
): FunctionGroup[] {
  const groups = new Map<string, { access: Access; timeoutSeconds: number; routes: DeployedRoute[] }>();
  for (const [key, spec] of Object.entries(table)) {
    const { method, path } = splitKey(key);
    const group = groups.get(spec.fn) ?? { access: 'none' as Access, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, routes: [] };
    group.access = widerAccess(group.access, spec.access);
    group.timeoutSeconds = Math.max(group.timeoutSeconds, spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
    group.routes.push({ key, method, path, auth: spec.auth });
    groups.set(spec.fn, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, g]) => ({ name, access: g.access, timeoutSeconds: g.timeoutSeconds, routes: g.routes }));
}
