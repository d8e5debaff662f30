/**
 * The years group's routes: years, their budget lines and historical years; opening a year. Its
 * function loads this table alone (with the request schemas it names); shared/contract/routes.ts
 * joins every group's for CDK, the local server and the OpenAPI document.
 */
import { FIN, FIN_BOARD, group, route } from '../route-spec.ts';
import { ListQuery } from '../schemas/common.ts';
import { BudgetLineInput, HistoryInput, YearInput } from '../schemas/years.ts';

export const routes = group('years', {
  'PUT /v1/boards/{boardId}/years/{yearId}': route({
    fn: 'years',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Create a year (draft) or change its budget set; status changes only through open and close',
    body: YearInput,
    success: { status: 200, schema: 'Year' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read a year',
    success: { status: 200, schema: 'Year' },
  }),
  'GET /v1/boards/{boardId}/years': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List years',
    query: ListQuery,
    success: { status: 200, page: 'Year' },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/open': route({
    fn: 'years',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Open a draft year for expenditure and issue the baseline invoices from its agreement',
    success: { status: 200, schema: 'OpenedYear' },
  }),
  'PUT /v1/boards/{boardId}/years/{yearId}/history': route({
    fn: 'years',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Record a year from before the service as published figures (it is closed as history)',
    body: HistoryInput,
    success: { status: 200, schema: 'History' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/history': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read the published figures of a historical year',
    success: { status: 200, schema: 'History' },
  }),
  'PUT /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}': route({
    fn: 'years',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Create or update a budget line (draft or open year)',
    body: BudgetLineInput,
    success: { status: 200, schema: 'BudgetLine' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read a budget line',
    success: { status: 200, schema: 'BudgetLine' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/budget-lines': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List budget lines',
    query: ListQuery,
    success: { status: 200, page: 'BudgetLine' },
  }),
});
