/**
 * The virements group's routes: budget control: virements (DESIGN 10.4). Its function loads this
 * table alone (with the request schemas it names); shared/contract/routes.ts joins every group's
 * for CDK, the local server and the OpenAPI document.
 */
import { FIN, FIN_BOARD, group, route } from '../route-spec.ts';
import { ListQuery } from '../schemas/common.ts';
import { VirementInput } from '../schemas/virements.ts';

export const routes = group('virements', {
  'POST /v1/boards/{boardId}/years/{yearId}/virements': route({
    fn: 'virements',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Move budget from one line to another of an open year, with its reason (never below zero)',
    body: VirementInput,
    success: { status: 201, schema: 'Virement' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/virements': route({
    fn: 'virements',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "The year's virements in the order they were made (CSV and XLSX too)",
    query: ListQuery,
    success: { status: 200, page: 'Virement' },
  }),
});
