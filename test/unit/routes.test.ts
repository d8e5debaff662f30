import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAIL_FUNCTIONS } from '../../infra/constructs/mail-delivery.ts';
import { STREAM_FUNCTIONS } from '../../infra/stacks/route-groups.ts';
import { group, route } from '../../shared/contract/route-spec.ts';
import { routes as boardsRoutes } from '../../shared/contract/routes/boards.ts';
import { routes as expenditureRoutes } from '../../shared/contract/routes/expenditure.ts';
import { routes } from '../../shared/contract/routes.ts';
import { httpApi, json } from '../../shared/http/api.ts';
import { FakeIdempotency } from '../helpers/fakes.ts';

const functionsDir = fileURLToPath(new URL('../../functions', import.meta.url));
const groups = readdirSync(functionsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('routes table and handlers', () => {
  it('every function folder serves at least one route or is a stream or mail function, and every route names an existing folder', () => {
    const routeGroups = [...new Set(Object.values(routes).map((r) => r.fn))];
    expect(groups).toEqual([...routeGroups, ...STREAM_FUNCTIONS, ...MAIL_FUNCTIONS].sort());
    for (const f of [...STREAM_FUNCTIONS, ...MAIL_FUNCTIONS]) expect(routeGroups).not.toContain(f);
  });

  it.each([...STREAM_FUNCTIONS, ...MAIL_FUNCTIONS])('functions/%s/handler.ts is a plain function, no route pipeline', async (fn) => {
    process.env.TABLE_NAME ??= 'routes-test';
    process.env.MAIL_FROM ??= 'invoices@sab-budget.example.org';
    const mod = (await import(`../../functions/${fn}/handler.ts`)) as { handler: unknown };
    expect(typeof mod.handler).toBe('function');
    expect(mod.handler).not.toHaveProperty('impls');
  });

  it.each(groups.filter((g) => !([...STREAM_FUNCTIONS, ...MAIL_FUNCTIONS] as readonly string[]).includes(g)))(
    'functions/%s/handler.ts implements exactly the routes the table gives it',
    async (fn) => {
      // A handler module builds its dependencies at load from the environment, as in Lambda
      // (nothing is sent anywhere until a request comes).
      process.env.TABLE_NAME ??= 'routes-test';
      const mod = (await import(`../../functions/${fn}/handler.ts`)) as { handler: { fn: string; impls: Record<string, unknown> } };
      expect(mod.handler.fn).toBe(fn);
      const expected = Object.entries(routes)
        .filter(([, spec]) => spec.fn === fn)
        .map(([key]) => key)
        .sort();
      expect(Object.keys(mod.handler.impls).sort()).toEqual(expected);
    },
  );

  it('routes that write never claim read-only access; public routes are only health and the document', () => {
    for (const [key, spec] of Object.entries(routes)) {
      if (!key.startsWith('GET ')) expect(spec.access, key).toBe('RW');
      if (!spec.auth) expect(['GET /v1/health', 'GET /v1/openapi.json']).toContain(key);
      if (spec.auth) expect(spec.roles.length, key).toBeGreaterThan(0);
    }
  });

  it("the compiler holds a handler to exactly its own group's routes, and types each body and query by its schema", () => {
    const answer = async () => json({});
    // @ts-expect-error a route of the group has no implementation
    const missing = () => httpApi(boardsRoutes, undefined, { 'GET /v1/boards/{boardId}': answer });
    const extra = () =>
      httpApi(boardsRoutes, undefined, {
        'GET /v1/boards/{boardId}': answer,
        'PUT /v1/boards/{boardId}': answer,
        // @ts-expect-error a route of another group
        'GET /v1/health': answer,
      });
    const typed = httpApi(
      expenditureRoutes,
      { idempotency: new FakeIdempotency() },
      {
        'POST /v1/boards/{boardId}/years/{yearId}/expenditure': async (req) => {
          const amount: string = req.body.amount;
          // @ts-expect-error the entry schema has no such field
          const nothing = req.body.nope;
          return json({ amount, nothing });
        },
        'GET /v1/boards/{boardId}/years/{yearId}/expenditure': async (req) =>
          json({ category: req.query.category satisfies string | undefined }),
        'GET /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}': async (req) => {
          // @ts-expect-error a route without a query schema takes no query parameters
          const nothing: string = req.query.category;
          return json({ nothing });
        },
        'POST /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}/reversal': async (req) => json({ reason: req.body.reason }),
      },
    );
    // @ts-expect-error a group with POST routes needs the idempotency store (Idempotency-Key)
    const storeless = () => httpApi(expenditureRoutes, undefined, typed.impls);
    // A group's table takes only routes that name the group.
    const misfiled = () =>
      group('boards', {
        // @ts-expect-error a route of the years group in the boards table
        'GET /v1/boards/{boardId}/years': route({
          fn: 'years',
          access: 'RO',
          auth: true,
          roles: ['finance'],
          summary: '',
          success: { status: 200 },
        }),
      });
    expect(typed.fn).toBe('expenditure');
    expect(Object.keys(typed.impls)).toEqual(Object.keys(expenditureRoutes));
    expect([missing, extra, storeless, misfiled].every((f) => typeof f === 'function')).toBe(true);
  });
});
