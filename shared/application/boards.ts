import { NotFoundError } from '../domain/errors.ts';
import { type Billing, type Board, type BoardInvoicing, normaliseInvoicing, type Partner, type PartnerKind } from '../domain/ledger.ts';
import type { Role } from '../domain/roles.ts';
import { type Actor, actsAsPartnerOnly } from './actor.ts';
import type { Ctx } from './context.ts';
import { rescheduleReminders } from './delivery.ts';
import { everyPage } from './pages.ts';
import type { Deps, ListArgs, Page } from './ports.ts';
import { upsertVersioned } from './versioning.ts';

export interface BoardInput {
  name: string;
  invoicing?: BoardInvoicing | undefined;
  reminderDays?: number[] | undefined;
}

/**
 * Creates or replaces a board; its invoicing details are normalised (sort code, account number,
 * VAT number). Its reminder steps (absent: the default) then apply to the invoices already
 * watched too: their watches are scheduled again under the steps saved (rescheduleReminders),
 * on every save, so that saving the board again finishes what an interrupted save left.
 */
export async function putBoard(
  deps: Pick<Deps, 'boards' | 'outbox' | 'partners'>,
  ctx: Ctx,
  boardId: string,
  input: BoardInput,
  ifMatch?: string,
) {
  const fields = {
    name: input.name,
    ...(input.invoicing ? { invoicing: normaliseInvoicing(input.invoicing) } : {}),
    ...(input.reminderDays ? { reminderDays: [...input.reminderDays] } : {}),
  };
  const saved = await upsertVersioned<Board>({
    what: 'board',
    ifMatch,
    load: () => deps.boards.getBoard(boardId),
    create: () => deps.boards.createBoard(ctx.meta, boardId, fields),
    update: (current) => deps.boards.updateBoard(ctx.meta, current, fields),
  });
  await rescheduleReminders(deps, ctx.meta, boardId);
  return saved;
}

export async function getBoard(deps: Pick<Deps, 'boards'>, boardId: string): Promise<Board> {
  const board = await deps.boards.getBoard(boardId);
  if (!board) throw new NotFoundError('BOARD.NOT_FOUND', `board ${boardId} does not exist`);
  return board;
}

/** Fails with 404 unless the board exists: every board-scoped record needs its board. */
export async function requireBoard(deps: Pick<Deps, 'boards'>, boardId: string): Promise<void> {
  await getBoard(deps, boardId);
}

export interface PartnerInput {
  name: string;
  kind: PartnerKind;
  billing: Billing;
}

export async function putPartner(
  deps: Pick<Deps, 'boards' | 'partners'>,
  ctx: Ctx,
  boardId: string,
  partnerId: string,
  input: PartnerInput,
  ifMatch?: string,
) {
  await requireBoard(deps, boardId);
  const fields = { name: input.name, kind: input.kind, billing: input.billing };
  return upsertVersioned<Partner>({
    what: 'partner',
    ifMatch,
    load: () => deps.partners.getPartner(boardId, partnerId),
    create: () => deps.partners.createPartner(ctx.meta, { boardId, partnerId, ...fields }),
    update: (current) => deps.partners.updatePartner(ctx.meta, current, fields),
  });
}

/**
 * Whether the actor may read partners' billing details: finance and administrators, and a
 * partner reading itself. The board role reads partners' names only (its page names them).
 */
export function readsBilling(actor: Actor, partnerId: string): boolean {
  return actor.roles.has('finance') || actor.roles.has('admin') || (actor.roles.has('partner') && actor.partnerId === partnerId);
}

/** A partner caller reads only itself; anything else is "not found", never a hint. */
export async function getPartner(
  deps: Pick<Deps, 'partners'>,
  ctx: Ctx,
  routeRoles: readonly Role[],
  boardId: string,
  partnerId: string,
): Promise<Partner> {
  if (actsAsPartnerOnly(ctx.actor, routeRoles) && ctx.actor.partnerId !== partnerId) {
    throw new NotFoundError('PARTNER.NOT_FOUND', `partner ${partnerId} does not exist`);
  }
  const partner = await deps.partners.getPartner(boardId, partnerId);
  if (!partner) throw new NotFoundError('PARTNER.NOT_FOUND', `partner ${partnerId} does not exist`);
  return partner;
}

export async function listPartners(deps: Pick<Deps, 'partners'>, boardId: string, args: ListArgs): Promise<Page<Partner>> {
  return deps.partners.listPartners(boardId, args);
}

/** Every partner of a board (a bounded list: a handful). */
export function allPartners(deps: Pick<Deps, 'partners'>, boardId: string): Promise<Partner[]> {
  return everyPage((page) => deps.partners.listPartners(boardId, page));
}
