import { previewRecharge } from '#shared/application/year-end.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf, repos } from '#shared/http/kit.ts';

export const handler = httpApi('recharge', {
  'GET /v1/boards/{boardId}/years/{yearId}/recharge': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    return json(await previewRecharge(repos(), ctxOf(req), boardId, yearId));
  },
});
