/**
 * The income group's routes: other income (DESIGN 10.3). Its function loads this table alone (with
 * the request schemas it names); shared/contract/routes.ts joins every group's for CDK, the local
 * server and the OpenAPI document.
 */
import { FIN, FIN_BOARD, group, route } from '../route-spec.ts';
import { ListQuery, ReversalInput } from '../schemas/common.ts';
import { OtherIncomeInput } from '../schemas/income.ts';

export const routes = group('income', {
  'POST /v1/boards/{boardId}/years/{yearId}/other-income': route({
    fn: 'income',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Record other income (immutable) in an open year: a grant, fees or other cash (netted from the outturn), or a contribution in kind (reported, never invoiced)',
    body: OtherIncomeInput,
    success: { status: 201, schema: 'OtherIncome' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/other-income': route({
    fn: 'income',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "List the year's other income in the order it was recorded, reversals included",
    query: ListQuery,
    success: { status: 200, page: 'OtherIncome' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/other-income/{incomeId}': route({
    fn: 'income',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read one other-income record',
    success: { status: 200, schema: 'OtherIncome' },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/other-income/{incomeId}/reversal': route({
    fn: 'income',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Reverse other income: records an equal and opposite record pointing at the original',
    body: ReversalInput,
    success: { status: 201, schema: 'OtherIncome' },
  }),
});
