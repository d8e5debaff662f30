/**
 * The board's reserve, read from what is sealed and agreed (see domain/reserve.ts): each closed
 * year's carry-forward from its close snapshot, each year's draw from its agreement (or, once
 * closed, from its snapshot). Checked when an agreement that draws is saved, and again before a
 * year that draws is closed, since two agreements saved at the same moment could each have seen
 * the other's draw missing.
 */
import { ConflictError, UnprocessableError } from '../domain/errors.ts';
import type { Year } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { availableToDraw, type ReserveYear, reserveMovements } from '../domain/reserve.ts';
import { requireBoard } from './boards.ts';
import { everyPage } from './pages.ts';
import type { Deps } from './ports.ts';

const amount = (text: string | undefined): Money => (text === undefined ? Money.zero : Money.fromStored(text));

/** Every year of the board as the reserve sees it. */
export async function reserveYears(deps: Pick<Deps, 'agreements' | 'snapshots' | 'years'>, boardId: string): Promise<ReserveYear[]> {
  const years = await everyPage((page) => deps.years.listYears(boardId, page));
  return Promise.all(years.map((y) => reserveYear(deps, y)));
}

async function reserveYear(deps: Pick<Deps, 'agreements' | 'snapshots'>, y: Year): Promise<ReserveYear> {
  if (y.source === 'history') return { yearId: y.yearId, status: 'history', carriedIn: Money.zero, drawn: Money.zero };
  const [agreement, snapshot] = await Promise.all([
    deps.agreements.getAgreement(y.boardId, y.yearId),
    y.status === 'closed' ? deps.snapshots.getSnapshot(y.boardId, y.yearId) : undefined,
  ]);
  if (snapshot) {
    return { yearId: y.yearId, status: y.status, carriedIn: amount(snapshot.carryForward), drawn: amount(snapshot.drawnFromReserve) };
  }
  return { yearId: y.yearId, status: y.status, carriedIn: Money.zero, drawn: amount(agreement?.agreement.fundedFromReserve) };
}

/** `GET /v1/boards/{boardId}/reserve`: per year opening, carried in, drawn, closing. */
export async function reserveReport(deps: Pick<Deps, 'agreements' | 'boards' | 'snapshots' | 'years'>, boardId: string) {
  await requireBoard(deps, boardId);
  const { years, balance } = reserveMovements(await reserveYears(deps, boardId));
  return {
    boardId,
    balance: balance.toString(),
    years: years.map((y) => ({
      yearId: y.yearId,
      status: y.status,
      opening: y.opening.toString(),
      carriedIn: y.carriedIn.toString(),
      drawn: y.drawn.toString(),
      closing: y.closing.toString(),
    })),
  };
}

function shortfallText(yearId: string, draw: Money, years: readonly ReserveYear[]) {
  const a = availableToDraw(yearId, years);
  if (draw.compare(a.available) <= 0) return undefined;
  return {
    available: a.available,
    message: `${yearId} draws ${draw.toDisplay()} from the reserve, but only ${a.available.max(Money.zero).toDisplay()} is available to it (carried forward by closed years before ${yearId}: ${a.carriedBefore.toDisplay()}; drawn by other years' agreements: ${a.drawnElsewhere.toDisplay()})`,
  };
}

/**
 * Refuses a draw the reserve cannot cover when an agreement is saved (422 naming the field).
 * @param path where the draw was written, e.g. `body/fundedFromReserve`
 */
export async function assertDrawAvailable(
  deps: Pick<Deps, 'agreements' | 'snapshots' | 'years'>,
  boardId: string,
  yearId: string,
  draw: Money,
  path: string,
): Promise<void> {
  if (!draw.isPositive()) return;
  const short = shortfallText(yearId, draw, await reserveYears(deps, boardId));
  if (short) {
    throw new UnprocessableError('RESERVE.INSUFFICIENT', short.message, [{ path, message: short.message }], {
      available: short.available.max(Money.zero).toString(),
    });
  }
}

/** Refuses to close a year whose draw the reserve no longer covers (checked before the ledger stops). */
export async function assertDrawStillAvailable(
  deps: Pick<Deps, 'agreements' | 'snapshots' | 'years'>,
  boardId: string,
  yearId: string,
  draw: Money,
): Promise<void> {
  if (!draw.isPositive()) return;
  const short = shortfallText(yearId, draw, await reserveYears(deps, boardId));
  if (short) {
    throw new ConflictError('RESERVE.INSUFFICIENT', `${short.message}; lower the agreement's fundedFromReserve before closing`, undefined, {
      available: short.available.max(Money.zero).toString(),
    });
  }
}
