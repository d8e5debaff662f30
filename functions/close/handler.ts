import { closeYear } from '#shared/application/year-end.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf, repos } from '#shared/http/kit.ts';

export const handler = httpApi('close', {
  'POST /v1/boards/{boardId}/years/{yearId}/close': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    return json(await closeYear(repos(), ctxOf(req), boardId, yearId));
  },
});
