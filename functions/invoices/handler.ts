import { getBoard } from '#shared/application/boards.ts';
import { getInvoiceWithDeliveries } from '#shared/application/delivery-requests.ts';
import { invoiceDocument } from '#shared/application/documents.ts';
import { listInvoices, pageOfInvoices } from '#shared/application/invoices.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/invoices.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { deliveryView } from '#shared/http/delivery-views.ts';
import { invoicesTable } from '#shared/http/exports.ts';
import { ctxOf, listArgs, page } from '#shared/http/kit.ts';
import { negotiate } from '#shared/http/negotiate.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { invoiceView } from '#shared/http/views.ts';
import { boards, depsFromEnv, invoices, outbox, partners } from '#shared/infrastructure/composition.ts';
import { renderInvoice, renderInvoicePdf } from '#shared/infrastructure/pdf/index.ts';

const LIST = 'GET /v1/boards/{boardId}/invoices';
const ONE = 'GET /v1/boards/{boardId}/invoices/{invoiceId}';

export const makeHandler = (deps: Pick<Deps, 'boards' | 'invoices' | 'outbox' | 'partners'>) =>
  httpApi(routes, undefined, {
    [LIST]: async (req) => {
      const boardId = req.params.boardId ?? '';
      const all = await listInvoices(deps, ctxOf(req), routes[LIST].roles, boardId, req.query);
      const format = tableFormat(req.headers.accept);
      if (format !== 'json') return tableReply(format, invoicesTable(boardId, all));
      return page(req, pageOfInvoices(all, listArgs(req)), invoiceView);
    },
    [ONE]: async (req) => {
      const { boardId = '', invoiceId = '' } = req.params;
      const type = negotiate(req.headers.accept, ['application/json', 'application/pdf']);
      if (type === 'application/json') {
        const { view, deliveries } = await getInvoiceWithDeliveries(deps, ctxOf(req), routes[ONE].roles, boardId, invoiceId);
        return json({ ...invoiceView(view), deliveries: deliveries.map(deliveryView) });
      }
      const { view, document } = await invoiceDocument(deps, ctxOf(req), routes[ONE].roles, boardId, invoiceId);
      // The document prints what it froze at issue. Without any issuer to print (a board that has
      // never given its invoicing details), the plain rendering is all there is.
      const pdf = document
        ? await renderInvoice(document)
        : await renderInvoicePdf(view, view.doc.boardName === undefined ? (await getBoard(deps, boardId)).name : '');
      return {
        status: 200,
        raw: { contentType: 'application/pdf', data: pdf },
        headers: { 'content-disposition': `inline; filename="${invoiceId}.pdf"` },
      };
    },
  });

export const handler = makeHandler(depsFromEnv({ boards, invoices, outbox, partners }));
