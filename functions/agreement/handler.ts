import { getAgreementWithWarnings, putAgreement } from '#shared/application/agreement.ts';
import type { Deps } from '#shared/application/ports.ts';
import { getYear } from '#shared/application/years.ts';
import { routes } from '#shared/contract/routes/agreement.ts';
import { httpApi } from '#shared/http/api.ts';
import { ctxOf, ifMatchOf, saved, versioned } from '#shared/http/kit.ts';
import { agreementView } from '#shared/http/views.ts';
import { agreements, depsFromEnv, lines, partners, snapshots, years } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Pick<Deps, 'agreements' | 'lines' | 'partners' | 'snapshots' | 'years'>) =>
  httpApi(routes, undefined, {
    'PUT /v1/boards/{boardId}/years/{yearId}/agreement': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const result = await putAgreement(deps, ctxOf(req), boardId, yearId, req.body, ifMatchOf(req));
      return saved(result, (a) => agreementView(a, false, result.warnings));
    },
    'GET /v1/boards/{boardId}/years/{yearId}/agreement': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const [{ agreement, warnings }, year] = await Promise.all([
        getAgreementWithWarnings(deps, boardId, yearId),
        getYear(deps, boardId, yearId),
      ]);
      return versioned(agreement, (a) => agreementView(a, year.status === 'closing' || year.status === 'closed', warnings));
    },
  });

export const handler = makeHandler(depsFromEnv({ agreements, lines, partners, snapshots, years }));
