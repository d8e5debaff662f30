import { getAgreement, putAgreement } from '#shared/application/agreement.ts';
import { getYear } from '#shared/application/years.ts';
import { httpApi } from '#shared/http/api.ts';
import { ctxOf, ifMatchOf, repos, saved, versioned } from '#shared/http/kit.ts';
import { agreementView } from '#shared/http/views.ts';

export const handler = httpApi('agreement', {
  'PUT /v1/boards/{boardId}/years/{yearId}/agreement': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    return saved(await putAgreement(repos(), ctxOf(req), boardId, yearId, req.body, ifMatchOf(req)), (a) => agreementView(a, false));
  },
  'GET /v1/boards/{boardId}/years/{yearId}/agreement': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    const [agreement, year] = await Promise.all([getAgreement(repos(), boardId, yearId), getYear(repos(), boardId, yearId)]);
    return versioned(agreement, (a) => agreementView(a, year.status === 'closing' || year.status === 'closed'));
  },
});
