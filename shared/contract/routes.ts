/**
 * The routes table: the single source of truth for the CDK API stack (one Lambda per
 * `fn`, granted `access` to the table), the local server (which handler answers which
 * path) and the OpenAPI document. A test fails when a handler and this table disagree.
 *
 * Each function group's routes live in `shared/contract/routes/<fn>.ts`, with the request
 * schemas they name from `shared/contract/schemas/`; a function loads its own group's table
 * only (so it builds only the schemas it serves), and this module joins them all. A new route
 * goes into its group's module; a new group gets a module of its own, added below and to `Fn`
 * (shared/contract/route-spec.ts), and a folder `functions/<fn>/handler.ts`.
 */

import type { Fn } from './route-spec.ts';
import { routes as agreement } from './routes/agreement.ts';
import { routes as audit } from './routes/audit.ts';
import { routes as boards } from './routes/boards.ts';
import { routes as close } from './routes/close.ts';
import { routes as commitments } from './routes/commitments.ts';
import { routes as delivery } from './routes/delivery.ts';
import { routes as expenditure } from './routes/expenditure.ts';
import { routes as health } from './routes/health.ts';
import { routes as importing } from './routes/import.ts';
import { routes as income } from './routes/income.ts';
import { routes as invoices } from './routes/invoices.ts';
import { routes as partners } from './routes/partners.ts';
import { routes as payments } from './routes/payments.ts';
import { routes as planning } from './routes/planning.ts';
import { routes as receivables } from './routes/receivables.ts';
import { routes as recharge } from './routes/recharge.ts';
import { routes as reports } from './routes/reports.ts';
import { routes as sars } from './routes/sars.ts';
import { routes as virements } from './routes/virements.ts';
import { routes as years } from './routes/years.ts';

export type {
  Access,
  BusinessMetric,
  FileSpec,
  Fn,
  GroupRoutes,
  Method,
  ResponseName,
  RouteSpec,
  Success,
} from './route-spec.ts';
export { splitKey } from './route-spec.ts';
export { IMPORT_MEDIA_TYPES } from './routes/import.ts';
export { pathParams } from './schemas/params.ts';

export const routes = {
  ...health,
  ...boards,
  ...partners,
  ...years,
  ...agreement,
  ...recharge,
  ...close,
  ...expenditure,
  ...importing,
  ...commitments,
  ...virements,
  ...invoices,
  ...payments,
  ...receivables,
  ...delivery,
  ...reports,
  ...audit,
  ...sars,
  ...income,
  ...planning,
} as const;

export type Routes = typeof routes;
export type RouteKey = keyof Routes;
export type RoutesOf<F extends Fn> = { [K in RouteKey]: Routes[K]['fn'] extends F ? K : never }[RouteKey];
