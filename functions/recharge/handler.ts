import { rechargeForCaller } from '#shared/application/partner-views.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/recharge.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { depsFromEnv, ledger, partners, snapshots, years } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Pick<Deps, 'ledger' | 'partners' | 'snapshots' | 'years'>) =>
  httpApi(routes, undefined, {
    'GET /v1/boards/{boardId}/years/{yearId}/recharge': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const roles = routes['GET /v1/boards/{boardId}/years/{yearId}/recharge'].roles;
      return json(await rechargeForCaller(deps, ctxOf(req), roles, boardId, yearId));
    },
  });

export const handler = makeHandler(depsFromEnv({ ledger, partners, snapshots, years }));
