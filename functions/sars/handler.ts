import type { Deps } from '#shared/application/ports.ts';
import { allSars, getSar, listSars, putSar, sarCosts } from '#shared/application/sars.ts';
import { routes } from '#shared/contract/routes/sars.ts';
import { httpApi } from '#shared/http/api.ts';
import { sarsTable } from '#shared/http/exports.ts';
import { ctxOf, ifMatchOf, listArgs, page, saved, versioned } from '#shared/http/kit.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { sarView } from '#shared/http/views.ts';
import { boards, depsFromEnv, sars } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Pick<Deps, 'boards' | 'sars'>) =>
  httpApi(routes, undefined, {
    'PUT /v1/boards/{boardId}/sars/{sarId}': async (req) => {
      const { boardId = '', sarId = '' } = req.params;
      const result = await putSar(deps, ctxOf(req), boardId, sarId, req.body, ifMatchOf(req));
      const costs = await sarCosts(deps, boardId, sarId);
      return saved(result, (sar) => sarView(sar, costs));
    },
    'GET /v1/boards/{boardId}/sars/{sarId}': async (req) => {
      const { boardId = '', sarId = '' } = req.params;
      const { sar, costs } = await getSar(deps, boardId, sarId);
      return versioned(sar, (s) => sarView(s, costs));
    },
    'GET /v1/boards/{boardId}/sars': async (req) => {
      const boardId = req.params.boardId ?? '';
      const format = tableFormat(req.headers.accept);
      if (format !== 'json') return tableReply(format, sarsTable(boardId, await allSars(deps, boardId)));
      return page(req, await listSars(deps, boardId, listArgs(req)), (i) => sarView(i.sar, i.costs));
    },
  });

export const handler = makeHandler(depsFromEnv({ boards, sars }));
