import { routes } from '#shared/contract/routes/health.ts';
import { httpApi, json } from '#shared/http/api.ts';

/**
 * The public routes: no table, no caller, nothing to inject. The OpenAPI document is built from
 * every route and schema of the API, so its module is imported on the first request for it: a
 * liveness check builds none of them (the bundle still holds them; esbuild runs such a module's
 * top level only when it is imported).
 */
export const makeHandler = () =>
  httpApi(routes, undefined, {
    'GET /v1/health': async (req) => json({ status: 'ok', time: req.now.toISOString() }),
    'GET /v1/openapi.json': async () => {
      const { openApiDocument } = await import('#shared/contract/openapi.ts');
      return {
        status: 200,
        raw: { contentType: 'application/json; charset=utf-8', data: JSON.stringify(openApiDocument()) },
        headers: { 'cache-control': 'public, max-age=300' },
      };
    },
  });

export const handler = makeHandler();
