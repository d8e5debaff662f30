/**
 * The commitments group's routes: commitments, their releases and matches. Its function loads this
 * table alone (with the request schemas it names); shared/contract/routes.ts joins every group's
 * for CDK, the local server and the OpenAPI document.
 */
import { FIN, FIN_BOARD, group, route } from '../route-spec.ts';
import { CommitmentInput, CommitmentReleaseInput } from '../schemas/commitments.ts';
import { ListQuery } from '../schemas/common.ts';

export const routes = group('commitments', {
  'POST /v1/boards/{boardId}/years/{yearId}/commitments': route({
    fn: 'commitments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Record a commitment (a known future cost) for forecasting',
    body: CommitmentInput,
    success: { status: 201, schema: 'Commitment' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/commitments': route({
    fn: 'commitments',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List commitments',
    query: ListQuery,
    success: { status: 200, page: 'Commitment' },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/commitments/{commitmentId}/release': route({
    fn: 'commitments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Release part or all of a commitment (no amount: what is left), or match it to the entry that paid it (same category): it leaves the forecast',
    body: CommitmentReleaseInput,
    success: { status: 201, schema: 'Commitment' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/commitments/{commitmentId}': route({
    fn: 'commitments',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read a commitment with its releases and what is left of it',
    success: { status: 200, schema: 'Commitment' },
  }),
});
