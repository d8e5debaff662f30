import { getBoard } from '#shared/application/boards.ts';
import { getInvoice, listInvoices } from '#shared/application/invoices.ts';
import { routes } from '#shared/contract/routes.ts';
import { renderInvoicePdf } from '#shared/domain/invoice-pdf.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { invoicesTable } from '#shared/http/exports.ts';
import { ctxOf, listArgs, page, repos } from '#shared/http/kit.ts';
import { negotiate } from '#shared/http/negotiate.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { invoiceView } from '#shared/http/views.ts';

const LIST = 'GET /v1/boards/{boardId}/invoices';
const ONE = 'GET /v1/boards/{boardId}/invoices/{invoiceId}';

export const handler = httpApi('invoices', {
  [LIST]: async (req) => {
    const boardId = req.params.boardId ?? '';
    const { limit, after } = listArgs(req.query, 'INV#');
    const format = tableFormat(req.headers.accept);
    const all = await listInvoices(repos(), ctxOf(req), routes[LIST].roles, boardId, req.query);
    if (format !== 'json') return tableReply(format, invoicesTable(boardId, all));
    const start = after ? all.findIndex((i) => `INV#${i.invoiceId}` === after) + 1 : 0;
    const slice = all.slice(start, start + limit);
    const last = slice.at(-1);
    return page(slice, start + limit < all.length && last ? `INV#${last.invoiceId}` : undefined, invoiceView);
  },
  [ONE]: async (req) => {
    const { boardId = '', invoiceId = '' } = req.params;
    const type = negotiate(req.headers.accept, ['application/json', 'application/pdf']);
    const inv = await getInvoice(repos(), ctxOf(req), routes[ONE].roles, boardId, invoiceId);
    if (type === 'application/json') return json(invoiceView(inv));
    const [board, partner] = await Promise.all([getBoard(repos(), boardId), repos().boards.getPartner(boardId, inv.partnerId)]);
    const pdf = await renderInvoicePdf(inv, { boardName: board.name, partnerName: partner?.name ?? inv.billTo.name });
    return {
      status: 200,
      raw: { contentType: 'application/pdf', data: pdf },
      headers: { 'content-disposition': `inline; filename="${invoiceId}.pdf"` },
    };
  },
});
