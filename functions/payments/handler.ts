import { allocateCredit, creditInvoice, refundCredit } from '#shared/application/credit-notes.ts';
import { type DocumentView, raiseInvoice, recordPayment, reversePayment } from '#shared/application/invoices.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/payments.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { invoiceView } from '#shared/http/views.ts';
import { boards, depsFromEnv, idempotency, invoices, outbox, partners, years } from '#shared/infrastructure/composition.ts';

/** A new document: 201 with its Location (readable through GET .../invoices/{invoiceId}, whatever its number). */
const created = (boardId: string, view: DocumentView) => ({
  ...json(invoiceView(view), 201, { location: `/v1/boards/${boardId}/invoices/${view.doc.invoiceId}` }),
  metrics: { InvoicesIssued: 1 },
});

export const makeHandler = (deps: Pick<Deps, 'boards' | 'idempotency' | 'invoices' | 'outbox' | 'partners' | 'years'>) =>
  httpApi(routes, deps, {
    'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments': async (req) => {
      const { boardId = '', invoiceId = '' } = req.params;
      return json(invoiceView(await recordPayment(deps, ctxOf(req), boardId, invoiceId, req.body)), 201);
    },
    'POST /v1/boards/{boardId}/invoices/{invoiceId}/credit-notes': async (req) => {
      const { boardId = '', invoiceId = '' } = req.params;
      return created(boardId, await creditInvoice(deps, ctxOf(req), boardId, invoiceId, req.body));
    },
    'POST /v1/boards/{boardId}/invoices/{invoiceId}/allocations': async (req) => {
      const { boardId = '', invoiceId = '' } = req.params;
      return json(invoiceView(await allocateCredit(deps, ctxOf(req), boardId, invoiceId, req.body)), 201);
    },
    'POST /v1/boards/{boardId}/invoices/{invoiceId}/refunds': async (req) => {
      const { boardId = '', invoiceId = '' } = req.params;
      return json(invoiceView(await refundCredit(deps, ctxOf(req), boardId, invoiceId, req.body)), 201);
    },
    'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments/{paymentId}/reversal': async (req) => {
      const { boardId = '', invoiceId = '', paymentId = '' } = req.params;
      return json(invoiceView(await reversePayment(deps, ctxOf(req), boardId, invoiceId, paymentId, req.body.reason)), 201);
    },
    'POST /v1/boards/{boardId}/years/{yearId}/invoices': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return created(boardId, await raiseInvoice(deps, ctxOf(req), boardId, yearId, req.body));
    },
  });

export const handler = makeHandler(depsFromEnv({ boards, idempotency, invoices, outbox, partners, years }));
