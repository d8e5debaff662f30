/**
 * The reports group's routes: forecasts and reports. Its function loads this table alone (with the
 * request schemas it names); shared/contract/routes.ts joins every group's for CDK, the local
 * server and the OpenAPI document.
 */
import { FIN_BOARD, FIN_BOARD_PARTNER, group, route } from '../route-spec.ts';
import { ContributionsQuery, ForecastQuery } from '../schemas/reports.ts';

export const routes = group('reports', {
  'GET /v1/boards/{boardId}/years/{yearId}/forecast': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD_PARTNER,
    summary:
      'Forecast outturn as of a date (default: the end of the latest month with expenditure), per category and for each partner, priced by the engine (a partner reads the year totals and its own line)',
    query: ForecastQuery,
    success: { status: 200, schema: 'ForecastForCaller' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/budget-vs-actual': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Budget against actual by category (CSV on Accept: text/csv)',
    success: { status: 200, schema: 'BudgetVsActual' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/expenditure-breakdown': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "Expenditure by category with each one's share (the annual report's Figure 7)",
    success: { status: 200, schema: 'Breakdown' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/income': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "Income by partner with each one's share (the annual report's Figure 5)",
    success: { status: 200, schema: 'Income' },
  }),
  'GET /v1/boards/{boardId}/contributions': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: ['finance', 'board', 'partner'],
    summary: 'Contributions across years: budget set, baseline and additional per partner (Figure 6); a partner sees its own',
    query: ContributionsQuery,
    success: { status: 200, schema: 'Contributions' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/reconciliation': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "Every inconsistency in the year's figures, with the amounts compared",
    success: { status: 200, schema: 'Reconciliation' },
  }),
  'GET /v1/boards/{boardId}/sar-costs': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'SAR costs per case and year',
    success: { status: 200, schema: 'SarCosts' },
  }),
});
