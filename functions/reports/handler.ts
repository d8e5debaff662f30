import { forecastForCaller } from '#shared/application/partner-views.ts';
import type { Deps } from '#shared/application/ports.ts';
import {
  breakdownReport,
  budgetVsActualReport,
  contributionsReport,
  incomeReport,
  reconciliationReport,
  sarCostsReport,
} from '#shared/application/reports.ts';
import { routes } from '#shared/contract/routes/reports.ts';
import { httpApi } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { jsonOrTable, type Table } from '#shared/http/tabular.ts';
import {
  agreements,
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

type Row = Record<string, string | number | null | undefined>;
const cell = (r: Row, key: string) => r[key] ?? undefined;
const text = (key: string, title: string) => ({ key, title, type: 'text' as const, value: (r: Row) => cell(r, key) });
const money = (key: string, title: string) => ({ key, title, type: 'money' as const, value: (r: Row) => cell(r, key) });
const pct = (key: string, title: string) => ({ key, title, type: 'percent' as const, value: (r: Row) => cell(r, key) });
const table = (name: string, columns: Table<Row>['columns'], rows: Row[]): Table<Row> => ({ name, columns, rows });

export const makeHandler = (
  deps: Pick<
    Deps,
    'agreements' | 'history' | 'invoices' | 'ledger' | 'lines' | 'otherIncome' | 'partners' | 'sars' | 'snapshots' | 'years'
  >,
) =>
  httpApi(routes, undefined, {
    'GET /v1/boards/{boardId}/years/{yearId}/forecast': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const roles = routes['GET /v1/boards/{boardId}/years/{yearId}/forecast'].roles;
      const f = await forecastForCaller(deps, ctxOf(req), roles, boardId, yearId, req.query.asOf);
      // A partner's forecast has no categories: its table is the year's total line only.
      const categories = 'categories' in f ? f.categories : [];
      return jsonOrTable(req.headers.accept, f, () =>
        table(
          `forecast-${yearId}-${f.asOf}`,
          [
            text('category', 'Category'),
            text('name', 'Budget line'),
            text('method', 'Method'),
            money('budget', 'Budget'),
            money('actual', 'Actual to date'),
            money('commitments', 'Open commitments'),
            money('rest', 'Rest of year'),
            money('projected', 'Projected outturn'),
            money('variance', 'Variance'),
          ],
          [...categories, { category: 'total', name: 'Total', method: '', ...f.totals }],
        ),
      );
    },
    'GET /v1/boards/{boardId}/years/{yearId}/budget-vs-actual': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const r = await budgetVsActualReport(deps, boardId, yearId);
      return jsonOrTable(req.headers.accept, r, () =>
        table(
          `budget-vs-actual-${yearId}`,
          [
            text('category', 'Category'),
            text('name', 'Budget line'),
            money('original', 'Original budget'),
            money('virements', 'Virements'),
            money('revised', 'Revised budget'),
            money('actual', 'Actual'),
            money('variance', 'Variance'),
            pct('percentUsed', '% used'),
          ],
          [...r.rows, { category: 'total', name: 'Total', ...r.totals }],
        ),
      );
    },
    'GET /v1/boards/{boardId}/years/{yearId}/expenditure-breakdown': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const r = await breakdownReport(deps, boardId, yearId);
      return jsonOrTable(req.headers.accept, r, () =>
        table(
          `expenditure-breakdown-${yearId}`,
          [text('category', 'Category'), text('name', 'Budget line'), money('amount', 'Amount'), pct('percent', '% of total')],
          [...r.rows, { category: 'total', name: 'Total', amount: r.total, percent: '100.0' }],
        ),
      );
    },
    'GET /v1/boards/{boardId}/years/{yearId}/income': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const r = await incomeReport(deps, boardId, yearId);
      return jsonOrTable(req.headers.accept, r, () =>
        table(
          `income-${yearId}`,
          [
            text('partnerId', 'Partner'),
            money('baseline', 'Baseline'),
            money('additional', 'Additional'),
            money('total', 'Total'),
            pct('percent', '% of income'),
          ],
          [
            ...r.rows,
            { partnerId: 'total', ...r.totals, percent: '100.0' },
            // Other income after the contributions, its amount in the total column (in kind: never invoiced).
            ...r.otherIncome.rows.map((i) => ({
              partnerId: `${i.kind === 'in-kind' ? 'in kind' : `other income (${i.kind})`}: ${i.source}${i.partnerId ? ` from ${i.partnerId}` : ''}`,
              total: i.amount,
            })),
          ],
        ),
      );
    },
    'GET /v1/boards/{boardId}/contributions': async (req) => {
      const boardId = req.params.boardId ?? '';
      const roles = routes['GET /v1/boards/{boardId}/contributions'].roles;
      const r = await contributionsReport(deps, ctxOf(req), roles, boardId, req.query.from, req.query.to);
      return jsonOrTable(req.headers.accept, r, () =>
        table(
          'contributions',
          [
            text('yearId', 'Year'),
            text('basis', 'Basis'),
            money('budgetSet', 'Budget set'),
            text('partnerId', 'Partner'),
            money('baseline', 'Baseline'),
            money('additional', 'Additional'),
            money('total', 'Total'),
          ],
          r.years.flatMap((y) => [
            ...y.partners.map((p) => ({ yearId: y.yearId, basis: y.basis, budgetSet: y.budgetSet, ...p })),
            { yearId: y.yearId, basis: y.basis, budgetSet: y.budgetSet, partnerId: 'total', ...y.totals },
          ]),
        ),
      );
    },
    'GET /v1/boards/{boardId}/years/{yearId}/reconciliation': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const r = await reconciliationReport(deps, boardId, yearId);
      return jsonOrTable(req.headers.accept, r, () =>
        table(
          `reconciliation-${yearId}`,
          [text('severity', 'Severity'), text('code', 'Check'), text('message', 'Finding'), money('difference', 'Difference')],
          r.issues.map((i) => ({ severity: i.severity, code: i.code, message: i.message, difference: i.amounts.difference })),
        ),
      );
    },
    'GET /v1/boards/{boardId}/sar-costs': async (req) => {
      const r = await sarCostsReport(deps, req.params.boardId ?? '');
      return jsonOrTable(req.headers.accept, r, () =>
        table(
          'sar-costs',
          [
            text('sarId', 'Case'),
            text('title', 'Title'),
            text('kind', 'Kind'),
            text('status', 'Status'),
            text('yearId', 'Year'),
            money('total', 'Cost'),
          ],
          [
            ...r.cases.flatMap((c) => [
              ...c.byYear.map((y) => ({
                sarId: c.sarId,
                title: c.title,
                kind: c.kind,
                status: c.status,
                yearId: y.yearId,
                total: y.total,
              })),
              { sarId: c.sarId, title: c.title, kind: c.kind, status: c.status, yearId: 'all', total: c.total },
            ]),
            // The JSON's grand total, as the other reports end with theirs.
            { sarId: 'total', title: 'All cases', kind: '', status: '', yearId: 'all', total: r.total },
          ],
        ),
      );
    },
  });

export const handler = makeHandler(
  depsFromEnv({ agreements, history, invoices, ledger, lines, otherIncome, partners, sars, snapshots, years }),
);
