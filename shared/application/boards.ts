import type { Role } from '../contract/schemas.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Billing, Board, Partner, PartnerKind } from '../domain/ledger.ts';
import { actsAsPartnerOnly } from '../http/principal.ts';
import type { Ctx, Repos } from './context.ts';
import { upsertVersioned } from './versioning.ts';

export async function putBoard(repos: Repos, ctx: Ctx, boardId: string, input: { name: string }, ifMatch?: string) {
  return upsertVersioned<Board>({
    what: 'board',
    ifMatch,
    load: () => repos.boards.getBoard(boardId),
    create: () => repos.boards.createBoard(ctx.meta, boardId, input.name),
    update: (current) => repos.boards.updateBoard(ctx.meta, current, input.name),
  });
}

export async function getBoard(repos: Repos, boardId: string): Promise<Board> {
  const board = await repos.boards.getBoard(boardId);
  if (!board) throw new NotFoundError('BOARD.NOT_FOUND', `board ${boardId} does not exist`);
  return board;
}

/** Fails with 404 unless the board exists: every board-scoped record needs its board. */
export async function requireBoard(repos: Repos, boardId: string): Promise<void> {
  await getBoard(repos, boardId);
}

export interface PartnerInput {
  name: string;
  kind: PartnerKind;
  billing: Billing;
}

export async function putPartner(repos: Repos, ctx: Ctx, boardId: string, partnerId: string, input: PartnerInput, ifMatch?: string) {
  await requireBoard(repos, boardId);
  const fields = { name: input.name, kind: input.kind, billing: input.billing };
  return upsertVersioned<Partner>({
    what: 'partner',
    ifMatch,
    load: () => repos.boards.getPartner(boardId, partnerId),
    create: () => repos.boards.createPartner(ctx.meta, { boardId, partnerId, ...fields }),
    update: (current) => repos.boards.updatePartner(ctx.meta, current, fields),
  });
}

/** A partner caller reads only itself; anything else is "not found", never a hint. */
export async function getPartner(
  repos: Repos,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  partnerId: string,
): Promise<Partner> {
  if (actsAsPartnerOnly(ctx.principal, routeRoles) && ctx.principal.partnerId !== partnerId) {
    throw new NotFoundError('PARTNER.NOT_FOUND', `partner ${partnerId} does not exist`);
  }
  const partner = await repos.boards.getPartner(boardId, partnerId);
  if (!partner) throw new NotFoundError('PARTNER.NOT_FOUND', `partner ${partnerId} does not exist`);
  return partner;
}
