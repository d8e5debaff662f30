/**
 * The recharge group's routes: the year-end recharge and the annual report that explains it (kept
 * out of the reports group, whose cold start it would make the largest of all). Its function loads this table alone (with
 * the request schemas it names); shared/contract/routes.ts joins every group's for CDK, the local
 * server and the OpenAPI document.
 */
import { FIN_BOARD, FIN_BOARD_PARTNER, group, route } from '../route-spec.ts';

export const routes = group('recharge', {
  'GET /v1/boards/{boardId}/years/{yearId}/recharge': route({
    fn: 'recharge',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD_PARTNER,
    summary:
      'Year-end recharge: a preview for an open year, the sealed figures for a closed one (a partner reads its own line and the year totals, for accruals)',
    success: { status: 200, schema: 'RechargeForCaller' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/annual-report': route({
    fn: 'recharge',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary:
      "The finance section of the year's annual report: budget set, income by partner (Figure 5), contributions across years (Figure 6), expenditure by category (Figure 7), SAR costs and the recharge explained; as a PDF with Accept: application/pdf",
    success: { status: 200, schema: 'AnnualReport' },
  }),
});
