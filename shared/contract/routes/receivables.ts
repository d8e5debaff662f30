/**
 * The receivables group's routes: receivables (DESIGN 10.1): a partner's statement and the aged
 * debt. Its function loads this table alone (with the request schemas it names);
 * shared/contract/routes.ts joins every group's for CDK, the local server and the OpenAPI
 * document.
 */
import { FIN, group, route } from '../route-spec.ts';
import { AgedDebtQuery, StatementQuery } from '../schemas/receivables.ts';

export const routes = group('receivables', {
  'GET /v1/boards/{boardId}/partners/{partnerId}/statement': route({
    fn: 'receivables',
    access: 'RO',
    auth: true,
    roles: ['finance', 'partner'],
    summary:
      "A partner's statement for a period (default: the financial year to date): opening balance, every movement with the running balance, closing balance; CSV and PDF by Accept (a partner reads its own only)",
    query: StatementQuery,
    success: { status: 200, schema: 'Statement' },
  }),
  'GET /v1/boards/{boardId}/aged-debt': route({
    fn: 'receivables',
    access: 'RO',
    auth: true,
    roles: FIN,
    summary: "Each partner's balance as of a date (default today) by days past due: current, 1-30, 31-60, 61-90, 90+ (CSV by Accept)",
    query: AgedDebtQuery,
    success: { status: 200, schema: 'AgedDebt' },
  }),
});
