import { creditInvoice, recordPayment } from '#shared/application/invoices.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf, repos } from '#shared/http/kit.ts';
import { invoiceView } from '#shared/http/views.ts';

export const handler = httpApi('payments', {
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments': async (req) => {
    const { boardId = '', invoiceId = '' } = req.params;
    return json(invoiceView(await recordPayment(repos(), ctxOf(req), boardId, invoiceId, req.body)), 201);
  },
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/credit-notes': async (req) => {
    const { boardId = '', invoiceId = '' } = req.params;
    const note = await creditInvoice(repos(), ctxOf(req), boardId, invoiceId, req.body.reason);
    return json(invoiceView(note), 201, { location: `/v1/boards/${boardId}/invoices/${note.invoiceId}` });
  },
});
