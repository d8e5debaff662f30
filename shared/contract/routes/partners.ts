/**
 * The partners group's routes: A board's partners and their billing details. Its function loads
 * this table alone (with the request schemas it names); shared/contract/routes.ts joins every
 * group's for CDK, the local server and the OpenAPI document.
 */
import { ADMIN_FIN, group, route } from '../route-spec.ts';
import { ListQuery } from '../schemas/common.ts';
import { PartnerInput } from '../schemas/parties.ts';

export const routes = group('partners', {
  'PUT /v1/boards/{boardId}/partners/{partnerId}': route({
    fn: 'partners',
    access: 'RW',
    auth: true,
    roles: ADMIN_FIN,
    summary: 'Create or update a partner and its billing details',
    body: PartnerInput,
    success: { status: 200, schema: 'Partner' },
  }),
  'GET /v1/boards/{boardId}/partners/{partnerId}': route({
    fn: 'partners',
    access: 'RO',
    auth: true,
    roles: ['admin', 'finance', 'board', 'partner'],
    summary: 'Read a partner (a partner reads only itself; the board reads names, not billing details)',
    success: { status: 200, schema: 'Partner' },
  }),
  'GET /v1/boards/{boardId}/partners': route({
    fn: 'partners',
    access: 'RO',
    auth: true,
    roles: ['admin', 'finance', 'board'],
    summary: 'List partners (the board reads names, not billing details)',
    query: ListQuery,
    success: { status: 200, page: 'Partner' },
  }),
});
