/**
 * Budget control (DESIGN 10.4): a budget line keeps its `original` amount (what it was when the
 * year opened) and its revised `amount`; budget moves between lines only by virements, each
 * with its reason, recorded and listed. Pure.
 *
 * The revised amount is derived, never stored twice: revised = original + virements in -
 * virements out. A line's stored amount is its original once the year is open (direct amount
 * changes are refused then, and lines added after opening start at zero), so the derivation is
 * the same for every reader and a virement is one record that moves both sides at once.
 */
import { type FieldProblem, UnprocessableError } from './errors.ts';
import type { BudgetLine } from './ledger.ts';
import { Money } from './money.ts';

/** The most virements a year keeps (they are few: a handful a year is usual). */
export const MAX_VIREMENTS = 200;

export interface Virement {
  /** 1, 2, 3... within the year; shown as `V0001`. */
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly amount: Money;
  readonly reason: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** The operation that recorded it: a retry with the same Idempotency-Key finds it. */
  readonly operationId?: string;
}

export const virementIdOf = (seq: number): string => `V${String(seq).padStart(4, '0')}`;

/** A line as stored: its own amount (the original once the year is open). */
export type StoredLine = Omit<BudgetLine, 'original' | 'virements'>;

/** Net virements per category (in minus out). */
export function netVirements(virements: readonly Virement[]): Map<string, Money> {
  const net = new Map<string, Money>();
  for (const v of virements) {
    net.set(v.from, (net.get(v.from) ?? Money.zero).minus(v.amount));
    net.set(v.to, (net.get(v.to) ?? Money.zero).plus(v.amount));
  }
  return net;
}

/** Lines as read: original, net virements and the revised amount. */
export function reviseLines(lines: readonly StoredLine[], virements: readonly Virement[]): BudgetLine[] {
  const net = netVirements(virements);
  return lines.map((l) => reviseLine(l, net.get(l.category) ?? Money.zero));
}

export function reviseLine(line: StoredLine, net: Money): BudgetLine {
  return { ...line, original: line.amount, virements: net, amount: line.amount.plus(net) };
}

export interface VirementInput {
  readonly from: string;
  readonly to: string;
  readonly amount: Money;
}

/**
 * A virement moves budget that is there, between two lines that exist: the source keeps at
 * least zero. Checked against the lines as revised by every earlier virement.
 *
 * @throws UnprocessableError naming the field and the amounts.
 */
export function checkVirement(lines: readonly BudgetLine[], v: VirementInput, yearId: string, count: number): void {
  const problems: FieldProblem[] = [];
  if (v.from === v.to) problems.push({ path: 'body/to', message: 'must be another line than the one the budget comes from' });
  const from = lines.find((l) => l.category === v.from);
  const to = lines.find((l) => l.category === v.to);
  if (!from) problems.push({ path: 'body/from', message: `${v.from} is not a budget line of ${yearId}` });
  if (!to) problems.push({ path: 'body/to', message: `${v.to} is not a budget line of ${yearId}` });
  if (problems.length > 0) {
    const code = v.from === v.to ? 'VIREMENT.SAME_LINE' : 'VIREMENT.UNKNOWN_LINE';
    throw new UnprocessableError(code, problems.map((p) => p.message).join('; '), problems);
  }
  if (from && v.amount.compare(from.amount) > 0) {
    throw new UnprocessableError(
      'VIREMENT.INSUFFICIENT_BUDGET',
      `${v.from} holds ${from.amount.toDisplay()} (original ${from.original.toDisplay()}, virements ${from.virements.toDisplay()}); a virement of ${v.amount.toDisplay()} would take it below zero`,
      [{ path: 'body/amount', message: `must be at most ${from.amount.toString()}, what ${v.from} holds` }],
    );
  }
  if (count >= MAX_VIREMENTS) {
    throw new UnprocessableError('VIREMENT.LIMIT', `${yearId} already has ${count} virements, the most a year keeps`);
  }
}

/** Totals of revised lines: original, virements (always zero overall) and revised. */
export function budgetTotals(lines: readonly BudgetLine[]) {
  return {
    original: Money.sum(lines.map((l) => l.original)),
    virements: Money.sum(lines.map((l) => l.virements)),
    revised: Money.sum(lines.map((l) => l.amount)),
  };
}
