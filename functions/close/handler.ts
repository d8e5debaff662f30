import type { Deps } from '#shared/application/ports.ts';
import { approveCloseWithin, requestClose, withdrawClose } from '#shared/application/year-end.ts';
import { routes } from '#shared/contract/routes/close.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf, ifMatchOf, versioned } from '#shared/http/kit.ts';
import { yearView } from '#shared/http/views.ts';
import {
  agreements,
  boards,
  depsFromEnv,
  idempotency,
  invoices,
  ledger,
  lines,
  otherIncome,
  outbox,
  partners,
  snapshots,
  virements,
  years,
} from '#shared/infrastructure/composition.ts';

export const makeHandler = (
  deps: Pick<
    Deps,
    | 'agreements'
    | 'boards'
    | 'idempotency'
    | 'invoices'
    | 'ledger'
    | 'lines'
    | 'otherIncome'
    | 'outbox'
    | 'partners'
    | 'snapshots'
    | 'virements'
    | 'years'
  >,
) =>
  httpApi(routes, deps, {
    'POST /v1/boards/{boardId}/years/{yearId}/close': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const outcome = await requestClose(deps, ctxOf(req), boardId, yearId, req.deadline);
      if ('done' in outcome) return json(outcome.done);
      if ('progress' in outcome) return json(outcome.progress, 202); // a close still voiding its unused numbers
      // The ETag names the figures shown: the approval sends it back in If-Match.
      return json({ ...outcome.pending, status: 'awaiting-approval' }, 202, { etag: outcome.pending.etag });
    },
    'POST /v1/boards/{boardId}/years/{yearId}/close/approve': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const closed = await approveCloseWithin(deps, ctxOf(req), boardId, yearId, ifMatchOf(req), req.deadline);
      // 202: the year is closing and its unused numbers are still being voided; approve again to carry on.
      if ('sweep' in closed) return json(closed, 202);
      return { ...json(closed), metrics: { YearsClosed: 1, InvoicesIssued: closed.invoices?.length ?? 0 } };
    },
    'POST /v1/boards/{boardId}/years/{yearId}/close/withdraw': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return versioned(await withdrawClose(deps, ctxOf(req), boardId, yearId), yearView);
    },
  });

export const handler = makeHandler(
  depsFromEnv({ agreements, boards, idempotency, invoices, ledger, lines, otherIncome, outbox, partners, snapshots, virements, years }),
);
