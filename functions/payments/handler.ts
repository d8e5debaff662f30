import { creditInvoice, recordPayment } from '#shared/application/invoices.ts';
import type { Deps } from '#shared/application/ports.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { invoiceView } from '#shared/http/views.ts';
import { depsFromEnv } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Deps) =>
  httpApi('payments', deps, {
    'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments': async (req) => {
      const { boardId = '', invoiceId = '' } = req.params;
      return json(invoiceView(await recordPayment(deps, ctxOf(req), boardId, invoiceId, req.body)), 201);
    },
    'POST /v1/boards/{boardId}/invoices/{invoiceId}/credit-notes': async (req) => {
      const { boardId = '', invoiceId = '' } = req.params;
      const note = await creditInvoice(deps, ctxOf(req), boardId, invoiceId, req.body.reason);
      return {
        ...json(invoiceView(note), 201, { location: `/v1/boards/${boardId}/invoices/${note.invoiceId}` }),
        metrics: { InvoicesIssued: 1 },
      };
    },
  });

export const handler = makeHandler(depsFromEnv());
