import type { Deps } from '#shared/application/ports.ts';
import { approveClose, requestClose } from '#shared/application/year-end.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { depsFromEnv } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Deps) =>
  httpApi('close', deps, {
    'POST /v1/boards/{boardId}/years/{yearId}/close': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const outcome = await requestClose(deps, ctxOf(req), boardId, yearId);
      return 'done' in outcome ? json(outcome.done) : json({ ...outcome.pending, status: 'awaiting-approval' }, 202);
    },
    'POST /v1/boards/{boardId}/years/{yearId}/close/approve': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const closed = await approveClose(deps, ctxOf(req), boardId, yearId);
      return { ...json(closed), metrics: { YearsClosed: 1, InvoicesIssued: closed.invoices?.length ?? 0 } };
    },
  });

export const handler = makeHandler(depsFromEnv());
