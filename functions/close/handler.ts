import { approveClose, requestClose } from '#shared/application/year-end.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf, repos } from '#shared/http/kit.ts';

export const handler = httpApi('close', {
  'POST /v1/boards/{boardId}/years/{yearId}/close': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    const outcome = await requestClose(repos(), ctxOf(req), boardId, yearId);
    return 'done' in outcome ? json(outcome.done) : json({ ...outcome.pending, status: 'awaiting-approval' }, 202);
  },
  'POST /v1/boards/{boardId}/years/{yearId}/close/approve': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    return json(await approveClose(repos(), ctxOf(req), boardId, yearId));
  },
});
