import { allCommitments, getCommitment, listCommitments, postCommitment, releaseCommitment } from '#shared/application/ledger.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/commitments.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { commitmentsTable } from '#shared/http/exports.ts';
import { ctxOf, listArgs, page } from '#shared/http/kit.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { commitmentView } from '#shared/http/views.ts';
import { commitments, depsFromEnv, idempotency, ledger, years } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Pick<Deps, 'commitments' | 'idempotency' | 'ledger' | 'years'>) =>
  httpApi(routes, deps, {
    'POST /v1/boards/{boardId}/years/{yearId}/commitments': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return json(commitmentView(await postCommitment(deps, ctxOf(req), boardId, yearId, req.body)), 201);
    },
    'GET /v1/boards/{boardId}/years/{yearId}/commitments': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const format = tableFormat(req.headers.accept);
      if (format !== 'json') return tableReply(format, commitmentsTable(yearId, await allCommitments(deps, boardId, yearId)));
      return page(req, await listCommitments(deps, boardId, yearId, listArgs(req)), commitmentView);
    },
    'GET /v1/boards/{boardId}/years/{yearId}/commitments/{commitmentId}': async (req) => {
      const { boardId = '', yearId = '', commitmentId = '' } = req.params;
      return json(commitmentView(await getCommitment(deps, boardId, yearId, commitmentId)));
    },
    'POST /v1/boards/{boardId}/years/{yearId}/commitments/{commitmentId}/release': async (req) => {
      const { boardId = '', yearId = '', commitmentId = '' } = req.params;
      return json(commitmentView(await releaseCommitment(deps, ctxOf(req), boardId, yearId, commitmentId, req.body)), 201);
    },
  });

export const handler = makeHandler(depsFromEnv({ commitments, idempotency, ledger, years }));
