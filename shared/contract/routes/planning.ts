/**
 * The planning group's routes: the reserve, roll-forward and scenarios (DESIGN 10.3). Its function
 * loads this table alone (with the request schemas it names); shared/contract/routes.ts joins
 * every group's for CDK, the local server and the OpenAPI document.
 */
import { FIN, FIN_BOARD, group, route } from '../route-spec.ts';
import { RollForwardInput, ScenariosInput } from '../schemas/planning.ts';

export const routes = group('planning', {
  'GET /v1/boards/{boardId}/reserve': route({
    fn: 'planning',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary:
      "The board's reserve per year: opening, carried in (a closed year's underspend carried forward), drawn (fundedFromReserve), closing",
    success: { status: 200, schema: 'Reserve' },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/roll-forward': route({
    fn: 'planning',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Make the year a draft from the year before it: its budget lines and agreement, baselines and budgets uplifted and rounded by the agreement; refused onto an existing year',
    body: RollForwardInput,
    success: { status: 201, schema: 'RollForward' },
  }),
  'POST /v1/boards/{boardId}/scenarios': route({
    fn: 'planning',
    access: 'RW',
    auth: true,
    roles: FIN_BOARD,
    summary: "Price named agreements on past years and the open year's forecast, beside what partners actually paid (writes nothing)",
    body: ScenariosInput,
    success: { status: 200, schema: 'Scenarios' },
  }),
});
