/**
 * A board set up through the use cases over in-memory ports: the reference agreement of DESIGN
 * section 2 on three partners, budget lines adding up to the budget set, the year open.
 */

import { SARS, YEAR_2024_25 } from '../../../infra/local/seed-data.ts';
import type { Actor } from '../../../shared/application/actor.ts';
import { putAgreement } from '../../../shared/application/agreement.ts';
import { putBoard, putPartner } from '../../../shared/application/boards.ts';
import type { Ctx } from '../../../shared/application/context.ts';
import { putSar } from '../../../shared/application/sars.ts';
import { openYear } from '../../../shared/application/year-end.ts';
import { putBudgetLine, putYear } from '../../../shared/application/years.ts';
import type { Role } from '../../../shared/domain/roles.ts';
import { type FakeDeps, fakeDeps } from '../../helpers/fakes.ts';

export const BOARD = 'fake-board';
export const YEAR = '2024-25';
export const PARTNERS = ['blmk-icb', 'beds-police', 'luton-council'];

let requests = 0;

/** A request's context for `sub` with `roles`, at `at` (a fixed day in the year by default). */
export function ctxAs(sub: string, roles: Role[] = ['finance'], at = '2025-03-31T12:00:00.000Z', extra: Partial<Actor> = {}): Ctx {
  requests += 1;
  const actor: Actor = { sub, roles: new Set(roles), boardId: BOARD, ...extra };
  return { actor, now: new Date(at), meta: { actor: sub, requestId: `req-${requests}`, at } };
}

export async function referenceBoard(opts: { open?: boolean } = {}): Promise<FakeDeps> {
  const deps = fakeDeps();
  const admin = ctxAs('admin', ['admin', 'finance'], '2024-04-01T09:00:00.000Z');
  await putBoard(deps, admin, BOARD, { name: 'Fake Safeguarding Adults Board' });
  for (const p of PARTNERS) {
    await putPartner(deps, admin, BOARD, p, {
      name: p,
      kind: 'statutory',
      billing: { address: '1 High St', contact: 'AP', email: `${p}@example.org` },
    });
  }
  for (const s of SARS) await putSar(deps, admin, BOARD, s.sarId, s);
  await putYear(deps, admin, BOARD, YEAR, { budgetSet: YEAR_2024_25.budgetSet });
  for (const line of YEAR_2024_25.lines)
    await putBudgetLine(deps, admin, BOARD, YEAR, line.category, { name: line.category, amount: line.amount });
  await putAgreement(deps, admin, BOARD, YEAR, YEAR_2024_25.agreement);
  if (opts.open !== false) await openYear(deps, admin, BOARD, YEAR);
  return deps;
}
