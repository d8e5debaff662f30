import { getPartner, putPartner } from '#shared/application/boards.ts';
import { everyPage } from '#shared/application/pages.ts';
import { routes } from '#shared/contract/routes.ts';
import { httpApi } from '#shared/http/api.ts';
import { partnersTable } from '#shared/http/exports.ts';
import { ctxOf, ifMatchOf, listArgs, page, repos, saved, versioned } from '#shared/http/kit.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { partnerView } from '#shared/http/views.ts';
import { PREFIX } from '#shared/infrastructure/dynamodb/keys.ts';

export const handler = httpApi('partners', {
  'PUT /v1/boards/{boardId}/partners/{partnerId}': async (req) => {
    const { boardId = '', partnerId = '' } = req.params;
    return saved(await putPartner(repos(), ctxOf(req), boardId, partnerId, req.body, ifMatchOf(req)), partnerView);
  },
  'GET /v1/boards/{boardId}/partners/{partnerId}': async (req) => {
    const { boardId = '', partnerId = '' } = req.params;
    const roles = routes['GET /v1/boards/{boardId}/partners/{partnerId}'].roles;
    return versioned(await getPartner(repos(), ctxOf(req), roles, boardId, partnerId), partnerView);
  },
  'GET /v1/boards/{boardId}/partners': async (req) => {
    const boardId = req.params.boardId as string;
    const format = tableFormat(req.headers.accept);
    if (format !== 'json') {
      const all = await everyPage((after) => repos().boards.listPartners(boardId, 200, after));
      return tableReply(format, partnersTable(boardId, all));
    }
    const { limit, after } = listArgs(req.query, PREFIX.partner);
    const result = await repos().boards.listPartners(boardId, limit, after);
    return page(result.items, result.lastSk, partnerView);
  },
});
