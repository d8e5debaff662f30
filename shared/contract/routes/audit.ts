/**
 * The audit group's routes: the audit trail. Its function loads this table alone (with the request
 * schemas it names); shared/contract/routes.ts joins every group's for CDK, the local server and
 * the OpenAPI document.
 */
import { ADMIN_FIN, group, route } from '../route-spec.ts';
import { AuditQuery } from '../schemas/audit.ts';

export const routes = group('audit', {
  'GET /v1/boards/{boardId}/audit': route({
    fn: 'audit',
    access: 'RO',
    auth: true,
    roles: ADMIN_FIN,
    summary:
      'The audit trail: who changed what (before and after), when, in which request; one month at a time (default: this month); only the records of items the caller may read directly (a page may be short before the end: follow nextCursor)',
    query: AuditQuery,
    success: { status: 200, page: 'AuditRecord' },
  }),
});
