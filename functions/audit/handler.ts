import { listAudit } from '#shared/application/audit.ts';
import type { Deps } from '#shared/application/ports.ts';
import { httpApi } from '#shared/http/api.ts';
import { listArgs, page } from '#shared/http/kit.ts';
import { depsFromEnv } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Deps) =>
  httpApi('audit', deps, {
    'GET /v1/boards/{boardId}/audit': async (req) => {
      const month = req.query.month ?? req.now.toISOString().slice(0, 7);
      return page(req, await listAudit(deps, req.params.boardId ?? '', month, listArgs(req)), (record) => record);
    },
  });

export const handler = makeHandler(depsFromEnv());
