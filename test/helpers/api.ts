/**
 * A tiny HTTP client for tests: mints local tokens for any identity and speaks JSON to
 * the local server, which feeds the real Lambda handlers.
 */
import { type Runtime, startRuntime } from '../../infra/local/runtime.ts';
import { YEAR_2024_25 } from '../../infra/local/seed-data.ts';
import { responseSchema } from '../../shared/contract/openapi.ts';
import { type RouteKey, routes, splitKey } from '../../shared/contract/routes.ts';

/** Every route's path as a pattern, literal segments first (as API Gateway matches them). */
const PATTERNS = Object.entries(routes)
  .map(([key, spec]) => {
    const { method, path } = splitKey(key);
    const params = (path.match(/\{\w+\}/g) ?? []).length;
    return { key: key as RouteKey, method, spec, params, pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`) };
  })
  .sort((a, b) => a.params - b.params);

/**
 * Checks a 2xx JSON answer against its route's response schema (the one the OpenAPI document
 * publishes), so that every integration test also proves the contract it documents.
 */
export function checkResponse(method: string, path: string, status: number, body: unknown): void {
  if (status < 200 || status >= 300) return;
  const route = PATTERNS.find((r) => r.method === method && r.pattern.test(path.split('?')[0] ?? ''));
  const schema = route ? responseSchema(route.spec.success) : undefined;
  if (!route || !schema) return;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${route.key} answered ${status} with a body its response schema refuses:\n  ${issues.join('\n  ')}`);
  }
}

export interface Identity {
  sub?: string;
  roles: string[];
  boardId?: string;
  partnerId?: string;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export const FINANCE: Identity = { roles: ['finance'] };
export const BOARD: Identity = { roles: ['board'] };
export const ADMIN: Identity = { roles: ['admin'] };
export const partner = (partnerId: string): Identity => ({ roles: ['partner'], partnerId });

export class Api {
  readonly url: string;
  private readonly runtime: Runtime;
  private readonly tokenCache = new Map<string, string>();

  constructor(runtime: Runtime) {
    this.runtime = runtime;
    this.url = runtime.url;
  }

  async token(who: Identity, boardId = 'luton-sab'): Promise<string> {
    const claims = {
      sub: who.sub ?? `${who.roles.join('+')}@test`,
      roles: who.roles,
      boardId: who.boardId ?? boardId,
      partnerId: who.partnerId,
    };
    const key = JSON.stringify(claims);
    let t = this.tokenCache.get(key);
    if (!t) {
      t = (await this.runtime.tokens.sign(claims)).token;
      this.tokenCache.set(key, t);
    }
    return t;
  }

  async request<T = any>(
    method: string,
    path: string,
    opts: { as?: Identity | null; body?: unknown; raw?: string | Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.as) headers.authorization = `Bearer ${await this.token(opts.as)}`;
    let body: string | Uint8Array | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) {
      parsed = JSON.parse(text);
      if (!(res.headers.get('content-type') ?? '').includes('problem')) checkResponse(method, path, res.status, parsed);
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, as: Identity | null = FINANCE, headers?: Record<string, string>) {
    return this.request<T>('GET', path, { as, ...(headers ? { headers } : {}) });
  }
  put<T = any>(path: string, body: unknown, as: Identity | null = FINANCE, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, { as, body, ...(headers ? { headers } : {}) });
  }
  post<T = any>(path: string, body: unknown, as: Identity | null = FINANCE, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { as, body, ...(headers ? { headers } : {}) });
  }

  /** Every item of a paginated list, following cursors. */
  async all<T = any>(path: string, as: Identity = FINANCE): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await this.get<{ items: T[]; nextCursor?: string }>(`${path}${sep}limit=200${cursor ? `&cursor=${cursor}` : ''}`, as);
      if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status} ${res.text}`);
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  }
}

/** Starts dynalite (in memory), the table and the local server; seeds Luton unless told not to. */
export async function startApi(opts: { seed?: boolean } = {}): Promise<{ api: Api; runtime: Runtime }> {
  const runtime = await startRuntime({ seed: opts.seed ?? true });
  return { api: new Api(runtime), runtime };
}

/** DESIGN section 2's agreement (the seed's for 2024-25): 40/10/50, SARs in full split equally, overspend by share, shortfall to the host. */
export const REFERENCE_AGREEMENT = YEAR_2024_25.agreement;

/** Creates a fresh board with the three Luton partners and an open year with budget lines. */
export async function freshBoard(api: Api, boardId: string, opts: { yearId?: string; open?: boolean } = {}): Promise<void> {
  const as = { roles: ['admin', 'finance'], boardId };
  const must = (r: Answer, what: string) => {
    if (r.status >= 300) throw new Error(`${what} -> ${r.status} ${r.text}`);
  };
  must(await api.put(`/v1/boards/${boardId}`, { name: `Test board ${boardId}` }, as), 'board');
  for (const p of ['blmk-icb', 'beds-police', 'luton-council']) {
    must(
      await api.put(
        `/v1/boards/${boardId}/partners/${p}`,
        { name: p, kind: 'statutory', billing: { address: '1 High St', contact: 'Finance', email: `${p}@example.org` } },
        as,
      ),
      `partner ${p}`,
    );
  }
  const yearId = opts.yearId ?? '2024-25';
  must(await api.put(`/v1/boards/${boardId}/years/${yearId}`, { budgetSet: '203500.00' }, as), 'year');
  for (const c of ['staffing', 'sar', 'training', 'other']) {
    must(
      await api.put(
        `/v1/boards/${boardId}/years/${yearId}/budget-lines/${c}`,
        { name: c, amount: c === 'staffing' ? '190000.00' : '4500.00' },
        as,
      ),
      `line ${c}`,
    );
  }
  must(await api.put(`/v1/boards/${boardId}/years/${yearId}/agreement`, REFERENCE_AGREEMENT, as), 'agreement');
  if (opts.open !== false) must(await api.post(`/v1/boards/${boardId}/years/${yearId}/open`, undefined, as), 'open');
}
