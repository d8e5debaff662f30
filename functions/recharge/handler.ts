import type { Deps } from '#shared/application/ports.ts';
import { previewRecharge } from '#shared/application/year-end.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { depsFromEnv } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Deps) =>
  httpApi('recharge', deps, {
    'GET /v1/boards/{boardId}/years/{yearId}/recharge': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return json(await previewRecharge(deps, ctxOf(req), boardId, yearId));
    },
  });

export const handler = makeHandler(depsFromEnv());
