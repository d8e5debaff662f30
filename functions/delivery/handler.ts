import { resendInvoice, sendStatement, statementDeliveries } from '#shared/application/delivery-requests.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/delivery.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { deliveryView } from '#shared/http/delivery-views.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { boards, depsFromEnv, idempotency, invoices, outbox, partners } from '#shared/infrastructure/composition.ts';

const RESEND = 'POST /v1/boards/{boardId}/invoices/{invoiceId}/deliveries';
const SEND_STATEMENT = 'POST /v1/boards/{boardId}/partners/{partnerId}/statement/deliveries';
const STATEMENTS_SENT = 'GET /v1/boards/{boardId}/partners/{partnerId}/statement/deliveries';

export const makeHandler = (deps: Pick<Deps, 'boards' | 'idempotency' | 'invoices' | 'outbox' | 'partners'>) =>
  httpApi(routes, deps, {
    [RESEND]: async (req) => {
      const { boardId = '', invoiceId = '' } = req.params;
      const queued = await resendInvoice(deps, ctxOf(req), routes[RESEND].roles, boardId, invoiceId);
      return json(deliveryView(queued), 202, { location: `/v1/boards/${boardId}/invoices/${invoiceId}` });
    },
    [SEND_STATEMENT]: async (req) => {
      const { boardId = '', partnerId = '' } = req.params;
      const queued = await sendStatement(deps, ctxOf(req), boardId, partnerId, req.body ?? {});
      return json(deliveryView(queued), 202, { location: `/v1/boards/${boardId}/partners/${partnerId}/statement/deliveries` });
    },
    [STATEMENTS_SENT]: async (req) => {
      const { boardId = '', partnerId = '' } = req.params;
      const sent = await statementDeliveries(deps, ctxOf(req), routes[STATEMENTS_SENT].roles, boardId, partnerId);
      return json({ items: sent.map(deliveryView) });
    },
  });

export const handler = makeHandler(depsFromEnv({ boards, idempotency, invoices, outbox, partners }));
