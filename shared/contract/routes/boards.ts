/**
 * The boards group's routes: a board. Its function loads this table alone (with the request
 * schemas it names); shared/contract/routes.ts joins every group's for CDK, the local server and
 * the OpenAPI document.
 */
import { group, route } from '../route-spec.ts';
import { BoardInput } from '../schemas/parties.ts';

export const routes = group('boards', {
  'PUT /v1/boards/{boardId}': route({
    fn: 'boards',
    access: 'RW',
    auth: true,
    roles: ['admin'],
    summary: 'Create or update a board',
    body: BoardInput,
    success: { status: 200, schema: 'Board' },
  }),
  'GET /v1/boards/{boardId}': route({
    fn: 'boards',
    access: 'RO',
    auth: true,
    roles: ['admin', 'finance', 'board'],
    summary: 'Read a board',
    success: { status: 200, schema: 'Board' },
  }),
});
