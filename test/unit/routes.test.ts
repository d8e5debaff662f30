import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAIL_FUNCTIONS } from '../../infra/constructs/mail-delivery.ts';
import { STREAM_FUNCTIONS } from '../../infra/stacks/route-groups.ts';
import { routes } from '../../shared/contract/routes.ts';

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
});
