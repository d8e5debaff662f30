import type { Deps } from '#shared/application/ports.ts';
import { approveClose, requestClose, withdrawClose } from '#shared/application/year-end.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf, ifMatchOf, versioned } from '#shared/http/kit.ts';
import { yearView } from '#shared/http/views.ts';
import { depsFromEnv } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Deps) =>
  httpApi('close', deps, {
    'POST /v1/boards/{boardId}/years/{yearId}/close': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const outcome = await requestClose(deps, ctxOf(req), boardId, yearId);
      if ('done' in outcome) return json(outcome.done);
      // The ETag names the figures shown: the approval sends it back in If-Match.
      return json({ ...outcome.pending, status: 'awaiting-approval' }, 202, { etag: outcome.pending.etag });
    },
    'POST /v1/boards/{boardId}/years/{yearId}/close/approve': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const closed = await approveClose(deps, ctxOf(req), boardId, yearId, ifMatchOf(req));
      return { ...json(closed), metrics: { YearsClosed: 1, InvoicesIssued: closed.invoices?.length ?? 0 } };
    },
    'POST /v1/boards/{boardId}/years/{yearId}/close/withdraw': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return versioned(await withdrawClose(deps, ctxOf(req), boardId, yearId), yearView);
    },
  });

export const handler = makeHandler(depsFromEnv());
