import { allPartners, getPartner, listPartners, putPartner, readsBilling } from '#shared/application/boards.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/partners.ts';
import { httpApi } from '#shared/http/api.ts';
import { partnersTable } from '#shared/http/exports.ts';
import { ctxOf, ifMatchOf, listArgs, page, saved, versioned } from '#shared/http/kit.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { partnerView } from '#shared/http/views.ts';
import { boards, depsFromEnv, partners } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Pick<Deps, 'boards' | 'partners'>) =>
  httpApi(routes, undefined, {
    'PUT /v1/boards/{boardId}/partners/{partnerId}': async (req) => {
      const { boardId = '', partnerId = '' } = req.params;
      return saved(await putPartner(deps, ctxOf(req), boardId, partnerId, req.body, ifMatchOf(req)), (p) => partnerView(p));
    },
    'GET /v1/boards/{boardId}/partners/{partnerId}': async (req) => {
      const { boardId = '', partnerId = '' } = req.params;
      const roles = routes['GET /v1/boards/{boardId}/partners/{partnerId}'].roles;
      return versioned(await getPartner(deps, ctxOf(req), roles, boardId, partnerId), (p) =>
        partnerView(p, readsBilling(req.actor, partnerId)),
      );
    },
    'GET /v1/boards/{boardId}/partners': async (req) => {
      const boardId = req.params.boardId ?? '';
      const format = tableFormat(req.headers.accept);
      const all = readsBilling(req.actor, '');
      if (format !== 'json') return tableReply(format, partnersTable(boardId, await allPartners(deps, boardId), all));
      return page(req, await listPartners(deps, boardId, listArgs(req)), (p) => partnerView(p, all));
    },
  });

export const handler = makeHandler(depsFromEnv({ boards, partners }));
