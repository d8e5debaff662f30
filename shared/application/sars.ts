import { NotFoundError } from '../domain/errors.ts';
import { rollUpSarCosts, type SarCase, type SarCosts, type SarKind, type SarStatus } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { requireBoard } from './boards.ts';
import type { Ctx, Repos } from './context.ts';
import { upsertVersioned } from './versioning.ts';

export async function putSar(
  repos: Repos,
  ctx: Ctx,
  boardId: string,
  sarId: string,
  input: { title: string; kind: SarKind; status: SarStatus },
  ifMatch?: string,
) {
  await requireBoard(repos, boardId);
  const fields = { title: input.title, kind: input.kind, status: input.status };
  return upsertVersioned<SarCase>({
    what: 'SAR case',
    ifMatch,
    load: () => repos.boards.getSar(boardId, sarId),
    create: () => repos.boards.createSar(ctx.meta, { boardId, sarId, ...fields }),
    update: (current) => repos.boards.updateSar(ctx.meta, current, fields),
  });
}

export async function sarCosts(repos: Repos, boardId: string, sarId: string): Promise<SarCosts> {
  const rows = await repos.boards.sarCostRows(boardId, sarId);
  return rollUpSarCosts(rows.map((r) => ({ yearId: r.yearId, amount: Money.fromStored(r.amount) })));
}

export async function getSar(repos: Repos, boardId: string, sarId: string): Promise<{ sar: SarCase; costs: SarCosts }> {
  const sar = await repos.boards.getSar(boardId, sarId);
  if (!sar) throw new NotFoundError('SAR.NOT_FOUND', `SAR case ${sarId} does not exist`);
  return { sar, costs: await sarCosts(repos, boardId, sarId) };
}

/** A page of cases with their costs: one index read covers every case on the page. */
export async function listSars(repos: Repos, boardId: string, limit: number, after?: string) {
  const page = await repos.boards.listSars(boardId, limit, after);
  const rows = page.items.length > 0 ? await repos.boards.sarCostRows(boardId) : [];
  const items = page.items.map((sar) => ({
    sar,
    costs: rollUpSarCosts(rows.filter((r) => r.sarId === sar.sarId).map((r) => ({ yearId: r.yearId, amount: Money.fromStored(r.amount) }))),
  }));
  return { items, ...(page.lastSk ? { lastSk: page.lastSk } : {}) };
}
