/**
 * Partners read their own line of the forecast and of the recharge preview (DESIGN 10.3), to
 * accrue what they will owe at year end. What a partner sees:
 * - its own line (baseline, additional, total, and the lines explaining it);
 * - the year's public figures: status, basis, budget set, outturn (projected in a forecast) and
 *   the forecast's year totals, which the board publishes in its annual report anyway.
 * Never another partner's line, the engine's steps (they name other partners and their caps),
 * the spend by category, or the invoices of others. Finance and the board see everything.
 */
import type { Role } from '../domain/roles.ts';
import { ownPartnerOnly } from './actor.ts';
import type { Ctx } from './context.ts';
import type { Deps, RechargeView } from './ports.ts';
import { forecastReport } from './reports.ts';
import { previewRecharge } from './year-end.ts';

type Forecast = Awaited<ReturnType<typeof forecastReport>>;

/** A recharge as the caller may see it: all of it, or a partner's own line and the year's totals. */
export function rechargeForPartner(view: RechargeView, partnerId: string) {
  return {
    view: 'partner' as const,
    yearId: view.yearId,
    status: view.status,
    basis: view.basis,
    outturn: view.outturn,
    budgetSet: view.budgetSet,
    computedAt: view.computedAt,
    partners: view.partners.filter((p) => p.partnerId === partnerId),
  };
}

export function forecastForPartner(f: Forecast, partnerId: string) {
  return {
    view: 'partner' as const,
    yearId: f.yearId,
    asOf: f.asOf,
    monthsElapsed: f.monthsElapsed,
    status: f.status,
    budgetSet: f.budgetSet,
    totals: f.totals,
    projectedOutturn: f.projectedOutturn,
    projectedOverspend: f.projectedOverspend,
    recharge: f.recharge ? { basis: f.recharge.basis, partners: f.recharge.partners.filter((p) => p.partnerId === partnerId) } : null,
  };
}

/** `GET .../recharge` for whoever asks: a partner gets its own line only. */
export async function rechargeForCaller(
  deps: Pick<Deps, 'ledger' | 'partners' | 'snapshots' | 'years'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  yearId: string,
) {
  const own = ownPartnerOnly(ctx.actor, routeRoles);
  const view = await previewRecharge(deps, ctx, boardId, yearId);
  return own === undefined ? view : rechargeForPartner(view, own);
}

/** `GET .../forecast` for whoever asks: a partner gets the year totals and its own line only. */
export async function forecastForCaller(
  deps: Pick<Deps, 'ledger' | 'partners' | 'years'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  yearId: string,
  asOf?: string,
) {
  const own = ownPartnerOnly(ctx.actor, routeRoles);
  const f = await forecastReport(deps, ctx, boardId, yearId, asOf);
  return own === undefined ? f : forecastForPartner(f, own);
}
