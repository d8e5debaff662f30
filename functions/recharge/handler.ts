import { annualReport } from '#shared/application/annual-report.ts';
import { rechargeForCaller } from '#shared/application/partner-views.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/recharge.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { negotiate } from '#shared/http/negotiate.ts';
import { annualReportView } from '#shared/http/views.ts';
import {
  agreements,
  boards,
  depsFromEnv,
  history,
  invoices,
  ledger,
  lines,
  otherIncome,
  partners,
  sars,
  snapshots,
  years,
} from '#shared/infrastructure/composition.ts';
import { renderAnnualReport } from '#shared/infrastructure/pdf/index.ts';

export const makeHandler = (
  deps: Pick<
    Deps,
    'agreements' | 'boards' | 'history' | 'invoices' | 'ledger' | 'lines' | 'otherIncome' | 'partners' | 'sars' | 'snapshots' | 'years'
  >,
) =>
  httpApi(routes, undefined, {
    'GET /v1/boards/{boardId}/years/{yearId}/recharge': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const roles = routes['GET /v1/boards/{boardId}/years/{yearId}/recharge'].roles;
      return json(await rechargeForCaller(deps, ctxOf(req), roles, boardId, yearId));
    },
    'GET /v1/boards/{boardId}/years/{yearId}/annual-report': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const type = negotiate(req.headers.accept, ['application/json', 'application/pdf']);
      const doc = await annualReport(deps, ctxOf(req), boardId, yearId);
      if (type === 'application/json') return json(annualReportView(yearId, doc));
      return {
        status: 200,
        raw: { contentType: 'application/pdf', data: await renderAnnualReport(doc) },
        headers: { 'content-disposition': `inline; filename="annual-report-${boardId}-${yearId}.pdf"` },
      };
    },
  });

export const handler = makeHandler(
  depsFromEnv({ agreements, boards, history, invoices, ledger, lines, otherIncome, partners, sars, snapshots, years }),
);
