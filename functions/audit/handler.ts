import { listAudit } from '#shared/application/audit.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/audit.ts';
import { httpApi } from '#shared/http/api.ts';
import { ctxOf, listArgs, page } from '#shared/http/kit.ts';
import { audit, boards, depsFromEnv } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Pick<Deps, 'audit' | 'boards'>) =>
  httpApi(routes, undefined, {
    'GET /v1/boards/{boardId}/audit': async (req) => {
      const month = req.query.month ?? req.now.toISOString().slice(0, 7);
      // Only the records of items the caller could read directly (see application/audit.ts).
      return page(req, await listAudit(deps, ctxOf(req), req.params.boardId ?? '', month, listArgs(req)), (record) => record);
    },
  });

export const handler = makeHandler(depsFromEnv({ audit, boards }));
