import { openApiDocument } from '#shared/contract/openapi.ts';
import { httpApi, json } from '#shared/http/api.ts';

/** The public routes: no table, no caller, nothing to inject. */
export const makeHandler = () =>
  httpApi('health', undefined, {
    'GET /v1/health': async (req) => json({ status: 'ok', time: req.now.toISOString() }),
    'GET /v1/openapi.json': async () => ({
      status: 200,
      raw: { contentType: 'application/json; charset=utf-8', data: JSON.stringify(openApiDocument()) },
      headers: { 'cache-control': 'public, max-age=300' },
    }),
  });

export const handler = makeHandler();
