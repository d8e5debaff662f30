/**
 * The close group's routes: closing a year: the request, its approval by a second person, its
 * withdrawal. Its function loads this table alone (with the request schemas it names);
 * shared/contract/routes.ts joins every group's for CDK, the local server and the OpenAPI
 * document.
 */
import { FIN, FIN_BOARD, group, route } from '../route-spec.ts';

export const routes = group('close', {
  'POST /v1/boards/{boardId}/years/{yearId}/close': route({
    fn: 'close',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Ask to close the year (202, awaiting a second person) with the figures it would seal and their ETag; once closed, answers the sealed figures (200). Segregation of duties: the close runs on approval of those figures',
    success: { status: 202, schema: 'CloseOutcome' },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/close/approve': route({
    fn: 'close',
    access: 'RW',
    ifMatch: true,
    timeoutSeconds: 29,
    auth: true,
    roles: FIN_BOARD,
    summary:
      'Approve a requested close (not by the requester), naming in If-Match the ETag of the figures the request answered (428 without; 412 with the new figures when they moved): seals the ledger, stores the recharge snapshot, issues the year-end invoices and credit notes, locks the year. 202 when voiding the unused entry numbers needs more than one request: approve again to carry on',
    success: { status: 200, schema: 'CloseOutcome' },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/close/withdraw': route({
    fn: 'close',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Withdraw a close request while the year is open, so that its figures can change again (it is asked again afterwards)',
    success: { status: 200, schema: 'Year' },
  }),
});
