/**
 * The expenditure group's routes: expenditure entries and their reversals. Its function loads this
 * table alone (with the request schemas it names); shared/contract/routes.ts joins every group's
 * for CDK, the local server and the OpenAPI document.
 */
import { FIN, FIN_BOARD, group, route } from '../route-spec.ts';
import { ReversalInput } from '../schemas/common.ts';
import { ExpenditureInput, ExpenditureQuery } from '../schemas/expenditure.ts';

export const routes = group('expenditure', {
  'POST /v1/boards/{boardId}/years/{yearId}/expenditure': route({
    fn: 'expenditure',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Record an expenditure entry (immutable) in an open year',
    body: ExpenditureInput,
    metric: 'EntriesPosted',
    success: { status: 201, schema: 'Entry' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/expenditure': route({
    fn: 'expenditure',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List expenditure entries in the order they were recorded',
    query: ExpenditureQuery,
    success: { status: 200, page: 'Entry' },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}': route({
    fn: 'expenditure',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read one expenditure entry',
    success: { status: 200, schema: 'Entry' },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}/reversal': route({
    fn: 'expenditure',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Reverse an entry: records an equal and opposite entry pointing at the original',
    body: ReversalInput,
    metric: 'EntriesPosted',
    success: { status: 201, schema: 'Entry' },
  }),
});
