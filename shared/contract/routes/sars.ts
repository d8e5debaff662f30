/**
 * The sars group's routes: SAR cases. Its function loads this table alone (with the request
 * schemas it names); shared/contract/routes.ts joins every group's for CDK, the local server and
 * the OpenAPI document.
 */
import { FIN, FIN_BOARD, group, route } from '../route-spec.ts';
import { ListQuery } from '../schemas/common.ts';
import { SarInput } from '../schemas/sars.ts';

export const routes = group('sars', {
  'PUT /v1/boards/{boardId}/sars/{sarId}': route({
    fn: 'sars',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Create or update a SAR case',
    body: SarInput,
    success: { status: 200, schema: 'SarCase' },
  }),
  'GET /v1/boards/{boardId}/sars/{sarId}': route({
    fn: 'sars',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read a SAR case with its costs',
    success: { status: 200, schema: 'SarCase' },
  }),
  'GET /v1/boards/{boardId}/sars': route({
    fn: 'sars',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List SAR cases with their costs',
    query: ListQuery,
    success: { status: 200, page: 'SarCase' },
  }),
});
