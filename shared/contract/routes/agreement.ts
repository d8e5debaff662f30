/**
 * The agreement group's routes: A year's funding agreement. Its function loads this table alone
 * (with the request schemas it names); shared/contract/routes.ts joins every group's for CDK, the
 * local server and the OpenAPI document.
 */
import { FIN, FIN_BOARD, group, route } from '../route-spec.ts';
import { AgreementInput } from '../schemas/agreement.ts';

export const routes = group('agreement', {
  'PUT /v1/boards/{boardId}/years/{yearId}/agreement': route({
    fn: 'agreement',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Set the funding agreement: baselines, shares, pools and cost-recovery rules (frozen once the year closes)',
    body: AgreementInput,
    success: { status: 200, schema: 'Agreement' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/agreement': route({
    fn: 'agreement',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read the funding agreement',
    success: { status: 200, schema: 'Agreement' },
  }),
});
