import { statementDocument } from '#shared/application/documents.ts';
import type { Deps } from '#shared/application/ports.ts';
import { agedDebtReport } from '#shared/application/receivables.ts';
import { routes } from '#shared/contract/routes/receivables.ts';
import { AGE_BUCKETS } from '#shared/domain/receivables.ts';
import { httpApi } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { negotiate } from '#shared/http/negotiate.ts';
import { agedDebtView, statementView } from '#shared/http/receivables-views.ts';
import { jsonOrTable, type Table, tableReply, XLSX_TYPE } from '#shared/http/tabular.ts';
import { boards, depsFromEnv, invoices, partners } from '#shared/infrastructure/composition.ts';
import { renderStatement, renderStatementPdf } from '#shared/infrastructure/pdf/index.ts';

const STATEMENT = 'GET /v1/boards/{boardId}/partners/{partnerId}/statement';

type Row = Record<string, string | undefined>;
const col = (key: string, title: string, type: 'text' | 'money' | 'date') => ({ key, title, type, value: (r: Row) => r[key] });

export const makeHandler = (deps: Pick<Deps, 'boards' | 'invoices' | 'partners'>) =>
  httpApi(routes, undefined, {
    [STATEMENT]: async (req) => {
      const { boardId = '', partnerId = '' } = req.params;
      const type = negotiate(req.headers.accept, ['application/json', 'text/csv', XLSX_TYPE, 'application/pdf']);
      const { result: r, document } = await statementDocument(deps, ctxOf(req), routes[STATEMENT].roles, boardId, partnerId, req.query);
      const view = statementView(r.statement);
      const name = `statement-${partnerId}-${view.from}-${view.to}`;
      if (type === 'application/pdf') {
        const pdf = document
          ? await renderStatement(document)
          : await renderStatementPdf(r.statement, {
              boardName: r.boardName,
              partnerName: r.partner.name,
              address: r.partner.billing.address,
              issueDate: r.today,
            });
        return {
          status: 200,
          raw: { contentType: 'application/pdf', data: pdf },
          headers: { 'content-disposition': `inline; filename="${name}.pdf"` },
        };
      }
      const table: Table<Row> = {
        name,
        columns: [
          col('date', 'Date', 'date'),
          col('document', 'Document', 'text'),
          col('description', 'Description', 'text'),
          col('debit', 'Debit', 'money'),
          col('credit', 'Credit', 'money'),
          col('balance', 'Balance', 'money'),
        ],
        rows: [
          { date: view.from, description: 'Opening balance', balance: view.openingBalance },
          ...view.lines,
          { date: view.to, description: 'Closing balance', balance: view.closingBalance },
        ],
      };
      if (type === 'application/json') return { status: 200, body: view };
      return tableReply(type === 'text/csv' ? 'csv' : 'xlsx', table);
    },
    'GET /v1/boards/{boardId}/aged-debt': async (req) => {
      const boardId = req.params.boardId ?? '';
      const view = agedDebtView(await agedDebtReport(deps, ctxOf(req), boardId, req.query.asOf));
      return jsonOrTable(req.headers.accept, view, () => ({
        name: `aged-debt-${view.asOf}`,
        columns: [
          col('partnerId', 'Partner', 'text'),
          ...AGE_BUCKETS.map((b) => col(b, b === 'current' ? 'Current' : `${b} days`, 'money')),
          col('total', 'Total', 'money'),
        ],
        rows: [...view.partners, { partnerId: 'total', ...view.totals }] as Row[],
      }));
    },
  });

export const handler = makeHandler(depsFromEnv({ boards, invoices, partners }));
