import { etagOf } from '#shared/application/versioning.ts';
import { openYear } from '#shared/application/year-end.ts';
import { getBudgetLine, getHistory, getYear, putBudgetLine, putHistory, putYear } from '#shared/application/years.ts';
import { formatNumber } from '#shared/domain/invoice.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf, ifMatchOf, listArgs, page, repos, saved, versioned } from '#shared/http/kit.ts';
import { historyView, lineView, yearView } from '#shared/http/views.ts';
import { PREFIX } from '#shared/infrastructure/dynamodb/keys.ts';

export const handler = httpApi('years', {
  'PUT /v1/boards/{boardId}/years/{yearId}': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    return saved(await putYear(repos(), ctxOf(req), boardId, yearId, req.body, ifMatchOf(req)), yearView);
  },
  'GET /v1/boards/{boardId}/years/{yearId}': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    return versioned(await getYear(repos(), boardId, yearId), yearView);
  },
  'GET /v1/boards/{boardId}/years': async (req) => {
    const { limit, after } = listArgs(req.query, PREFIX.year);
    const result = await repos().years.listYears(req.params.boardId as string, limit, after);
    return page(result.items, result.lastSk, yearView);
  },
  'POST /v1/boards/{boardId}/years/{yearId}/open': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    const { year, invoices } = await openYear(repos(), ctxOf(req), boardId, yearId, ifMatchOf(req));
    return {
      status: 200,
      body: {
        year: yearView(year),
        invoices: invoices.map((i) => ({
          invoiceId: i.invoiceId,
          number: i.number === undefined ? '' : formatNumber(i.number),
          partnerId: i.partnerId,
          total: i.total.toString(),
        })),
      },
      headers: { etag: etagOf(year) },
    };
  },
  'PUT /v1/boards/{boardId}/years/{yearId}/history': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    return json(historyView(await putHistory(repos(), ctxOf(req), boardId, yearId, req.body)));
  },
  'GET /v1/boards/{boardId}/years/{yearId}/history': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    return json(historyView(await getHistory(repos(), boardId, yearId)));
  },
  'PUT /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}': async (req) => {
    const { boardId = '', yearId = '', category = '' } = req.params;
    return saved(await putBudgetLine(repos(), ctxOf(req), boardId, yearId, category, req.body, ifMatchOf(req)), lineView);
  },
  'GET /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}': async (req) => {
    const { boardId = '', yearId = '', category = '' } = req.params;
    return versioned(await getBudgetLine(repos(), boardId, yearId, category), lineView);
  },
  'GET /v1/boards/{boardId}/years/{yearId}/budget-lines': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    await getYear(repos(), boardId, yearId);
    const { limit, after } = listArgs(req.query, PREFIX.line);
    const result = await repos().years.listLines(boardId, yearId, limit, after);
    return page(result.items, result.lastSk, lineView);
  },
});
