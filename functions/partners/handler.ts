import { getPartner, putPartner } from '#shared/application/boards.ts';
import { routes } from '#shared/contract/routes.ts';
import { httpApi } from '#shared/http/api.ts';
import { ctxOf, ifMatchOf, listArgs, page, repos, saved, versioned } from '#shared/http/kit.ts';
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
    const { limit, after } = listArgs(req.query, PREFIX.partner);
    const result = await repos().boards.listPartners(req.params.boardId as string, limit, after);
    return page(result.items, result.lastSk, partnerView);
  },
});
