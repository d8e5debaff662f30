import { getIncome, listIncome, postIncome, reverseIncome } from '#shared/application/other-income.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/income.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf, listArgs, page } from '#shared/http/kit.ts';
import { incomeView } from '#shared/http/views.ts';
import { depsFromEnv, idempotency, otherIncome, partners, years } from '#shared/infrastructure/composition.ts';

const location = (boardId: string, yearId: string, incomeId: string) => ({
  location: `/v1/boards/${boardId}/years/${yearId}/other-income/${incomeId}`,
});

export const makeHandler = (deps: Pick<Deps, 'idempotency' | 'otherIncome' | 'partners' | 'years'>) =>
  httpApi(routes, deps, {
    'POST /v1/boards/{boardId}/years/{yearId}/other-income': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const income = await postIncome(deps, ctxOf(req), boardId, yearId, req.body);
      return json(incomeView(income), 201, location(boardId, yearId, income.incomeId));
    },
    'GET /v1/boards/{boardId}/years/{yearId}/other-income': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return page(req, await listIncome(deps, boardId, yearId, listArgs(req)), incomeView);
    },
    'GET /v1/boards/{boardId}/years/{yearId}/other-income/{incomeId}': async (req) => {
      const { boardId = '', yearId = '', incomeId = '' } = req.params;
      return json(incomeView(await getIncome(deps, boardId, yearId, incomeId)));
    },
    'POST /v1/boards/{boardId}/years/{yearId}/other-income/{incomeId}/reversal': async (req) => {
      const { boardId = '', yearId = '', incomeId = '' } = req.params;
      const income = await reverseIncome(deps, ctxOf(req), boardId, yearId, incomeId, req.body.reason);
      return json(incomeView(income), 201, location(boardId, yearId, income.incomeId));
    },
  });

export const handler = makeHandler(depsFromEnv({ idempotency, otherIncome, partners, years }));
