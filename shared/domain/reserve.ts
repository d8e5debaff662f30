/**
 * The board's reserve (DESIGN 10.3), derived, never kept as a balance of its own: an underspend a
 * closed year carried forward (sealed in its close snapshot) credits it; a year's agreement draws
 * on it with `fundedFromReserve`. Pure: no I/O.
 *
 * A draw is allowed up to what closed years before it carried forward, less what every other
 * year's agreement already draws. So no year can draw money a later year has not yet set aside,
 * and two years can never both count the same pound.
 */
import { Money } from './money.ts';

export interface ReserveYear {
  readonly yearId: string;
  /** `closed` years have sealed figures; the rest have an agreement that may still change. */
  readonly status: string;
  /** The underspend this year carried forward to the reserve at its close (zero until it closes). */
  readonly carriedIn: Money;
  /** What this year's agreement draws (sealed at its close). */
  readonly drawn: Money;
}

export interface ReserveRow extends ReserveYear {
  readonly opening: Money;
  readonly closing: Money;
}

/** The reserve year by year, in year order: opening, carried in, drawn, closing. */
export function reserveMovements(years: readonly ReserveYear[]): { years: ReserveRow[]; balance: Money } {
  let balance = Money.zero;
  const rows = [...years]
    .sort((a, b) => a.yearId.localeCompare(b.yearId))
    .map((y) => {
      const opening = balance;
      balance = opening.plus(y.carriedIn).minus(y.drawn);
      return { ...y, opening, closing: balance };
    });
  return { years: rows, balance };
}

export interface Availability {
  /** What `yearId` may draw: carried forward before it, less what other years draw. */
  readonly available: Money;
  /** Carried forward by closed years before `yearId`. */
  readonly carriedBefore: Money;
  /** Drawn by every other year's agreement. */
  readonly drawnElsewhere: Money;
}

/** What a year may draw from the reserve, given every year of the board. */
export function availableToDraw(yearId: string, years: readonly ReserveYear[]): Availability {
  const carriedBefore = Money.sum(years.filter((y) => y.yearId < yearId && y.status === 'closed').map((y) => y.carriedIn));
  const drawnElsewhere = Money.sum(years.filter((y) => y.yearId !== yearId).map((y) => y.drawn));
  return { available: carriedBefore.minus(drawnElsewhere), carriedBefore, drawnElsewhere };
}
