import { NotFoundError } from '../domain/errors.ts';
import { rollUpSarCosts, type SarCase, type SarCosts, type SarKind, type SarStatus } from '../domain/ledger.ts';
import { requireBoard } from './boards.ts';
import type { Ctx } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps, ListArgs, Page } from './ports.ts';
import { upsertVersioned } from './versioning.ts';

export async function putSar(
  deps: Pick<Deps, 'boards' | 'sars'>,
  ctx: Ctx,
  boardId: string,
  sarId: string,
  input: { title: string; kind: SarKind; status: SarStatus },
  ifMatch?: string,
) {
  await requireBoard(deps, boardId);
  const fields = { title: input.title, kind: input.kind, status: input.status };
  return upsertVersioned<SarCase>({
    what: 'SAR case',
    ifMatch,
    load: () => deps.sars.getSar(boardId, sarId),
    create: () => deps.sars.createSar(ctx.meta, { boardId, sarId, ...fields }),
    update: (current) => deps.sars.updateSar(ctx.meta, current, fields),
  });
}

export async function sarCosts(deps: Pick<Deps, 'sars'>, boardId: string, sarId: string): Promise<SarCosts> {
  const rows = await deps.sars.costRows(boardId, sarId);
  return rollUpSarCosts(rows);
}

export async function getSar(deps: Pick<Deps, 'sars'>, boardId: string, sarId: string): Promise<{ sar: SarCase; costs: SarCosts }> {
  const sar = await deps.sars.getSar(boardId, sarId);
  if (!sar) throw new NotFoundError('SAR.NOT_FOUND', `SAR case ${sarId} does not exist`);
  return { sar, costs: await sarCosts(deps, boardId, sarId) };
}

/** A page of cases with their costs: one index read covers every case on the page. */
export async function listSars(
  deps: Pick<Deps, 'sars'>,
  boardId: string,
  args: ListArgs,
): Promise<Page<{ sar: SarCase; costs: SarCosts }>> {
  const page = await deps.sars.listSars(boardId, args);
  const rows = page.items.length > 0 ? await deps.sars.costRows(boardId) : [];
  const items = page.items.map((sar) => ({
    sar,
    costs: rollUpSarCosts(rows.filter((r) => r.sarId === sar.sarId)),
  }));
  return { items, ...(page.last !== undefined ? { last: page.last } : {}) };
}

/** Every case with its costs (an export). */
export function allSars(deps: Pick<Deps, 'sars'>, boardId: string): Promise<{ sar: SarCase; costs: SarCosts }[]> {
  return everyPage((page) => listSars(deps, boardId, page));
}
