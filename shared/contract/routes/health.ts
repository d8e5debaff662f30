/**
 * The health group's routes: the public routes: liveness and the OpenAPI document. Its function
 * loads this table alone (with the request schemas it names); shared/contract/routes.ts joins
 * every group's for CDK, the local server and the OpenAPI document.
 */
import { everyone, group, route } from '../route-spec.ts';

export const routes = group('health', {
  'GET /v1/health': route({
    fn: 'health',
    access: 'none',
    auth: false,
    roles: everyone,
    summary: 'Liveness',
    success: { status: 200, schema: 'Health' },
  }),
  'GET /v1/openapi.json': route({
    fn: 'health',
    access: 'none',
    auth: false,
    roles: everyone,
    summary: 'This OpenAPI 3.1 document',
    success: { status: 200 },
  }),
});
