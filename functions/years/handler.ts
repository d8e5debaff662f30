import type { Deps } from '#shared/application/ports.ts';
import { etagOf } from '#shared/application/versioning.ts';
import { openYear } from '#shared/application/year-end.ts';
import {
  getBudgetLine,
  getHistory,
  getYear,
  listBudgetLines,
  listYears,
  putBudgetLine,
  putHistory,
  putYear,
} from '#shared/application/years.ts';
import { routes } from '#shared/contract/routes/years.ts';
import { formatNumber } from '#shared/domain/invoice.ts';
import { httpApi } from '#shared/http/api.ts';
import { ctxOf, ifMatchOf, listArgs, page, saved, versioned } from '#shared/http/kit.ts';
import { historyView, lineView, yearView } from '#shared/http/views.ts';
import {
  agreements,
  boards,
  depsFromEnv,
  history,
  idempotency,
  invoices,
  lines,
  outbox,
  partners,
  years,
} from '#shared/infrastructure/composition.ts';

export const makeHandler = (
  deps: Pick<Deps, 'agreements' | 'boards' | 'history' | 'idempotency' | 'invoices' | 'lines' | 'outbox' | 'partners' | 'years'>,
) =>
  httpApi(routes, deps, {
    'PUT /v1/boards/{boardId}/years/{yearId}': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return saved(await putYear(deps, ctxOf(req), boardId, yearId, req.body, ifMatchOf(req)), yearView);
    },
    'GET /v1/boards/{boardId}/years/{yearId}': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return versioned(await getYear(deps, boardId, yearId), yearView);
    },
    'GET /v1/boards/{boardId}/years': async (req) => page(req, await listYears(deps, req.params.boardId ?? '', listArgs(req)), yearView),
    'POST /v1/boards/{boardId}/years/{yearId}/open': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const { year, invoices } = await openYear(deps, ctxOf(req), boardId, yearId, ifMatchOf(req));
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
        metrics: { InvoicesIssued: invoices.length },
      };
    },
    'PUT /v1/boards/{boardId}/years/{yearId}/history': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return versioned(await putHistory(deps, ctxOf(req), boardId, yearId, req.body, ifMatchOf(req)), historyView);
    },
    'GET /v1/boards/{boardId}/years/{yearId}/history': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return versioned(await getHistory(deps, boardId, yearId), historyView);
    },
    'PUT /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}': async (req) => {
      const { boardId = '', yearId = '', category = '' } = req.params;
      return saved(await putBudgetLine(deps, ctxOf(req), boardId, yearId, category, req.body, ifMatchOf(req)), lineView);
    },
    'GET /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}': async (req) => {
      const { boardId = '', yearId = '', category = '' } = req.params;
      return versioned(await getBudgetLine(deps, boardId, yearId, category), lineView);
    },
    'GET /v1/boards/{boardId}/years/{yearId}/budget-lines': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      return page(req, await listBudgetLines(deps, boardId, yearId, listArgs(req)), lineView);
    },
  });

export const handler = makeHandler(depsFromEnv({ agreements, boards, history, idempotency, invoices, lines, outbox, partners, years }));
