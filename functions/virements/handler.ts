import type { Deps } from '#shared/application/ports.ts';
import { allVirements, listVirements, postVirement } from '#shared/application/virements.ts';
import { routes } from '#shared/contract/routes/virements.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { virementsTable } from '#shared/http/exports.ts';
import { ctxOf, listArgs, page } from '#shared/http/kit.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { virementView } from '#shared/http/views.ts';
import { depsFromEnv, idempotency, lines, virements, years } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Pick<Deps, 'idempotency' | 'lines' | 'virements' | 'years'>) =>
  httpApi(routes, deps, {
    'POST /v1/boards/{boardId}/years/{yearId}/virements': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const v = await postVirement(deps, ctxOf(req), boardId, yearId, req.body);
      return json(virementView(yearId)(v), 201);
    },
    'GET /v1/boards/{boardId}/years/{yearId}/virements': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const format = tableFormat(req.headers.accept);
      if (format !== 'json') return tableReply(format, virementsTable(yearId, await allVirements(deps, boardId, yearId)));
      return page(req, await listVirements(deps, boardId, yearId, listArgs(req)), virementView(yearId));
    },
  });

export const handler = makeHandler(depsFromEnv({ idempotency, lines, virements, years }));
