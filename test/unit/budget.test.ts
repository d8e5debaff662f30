import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetTotals, checkVirement, netVirements, reviseLines, type StoredLine, type Virement } from '../../shared/domain/budget.ts';
import { UnprocessableError } from '../../shared/domain/errors.ts';
import { Money } from '../../shared/domain/money.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const m = Money.parse;
const stored = (category: string, amount: string): StoredLine => ({
  boardId: 'b',
  yearId: '2025-26',
  category,
  name: category,
  amount: m(amount),
  version: 1,
  createdAt: 't',
  createdBy: 'u',
});
const virement = (seq: number, from: string, to: string, amount: string): Virement => ({
  seq,
  from,
  to,
  amount: m(amount),
  reason: 'r',
  createdAt: 't',
  createdBy: 'u',
});

describe('budget lines: original, virements, revised', () => {
  it('derives each revised amount from the original and the virements in and out', () => {
    const lines = reviseLines(
      [stored('other', '3000.00'), stored('comms', '3000.00'), stored('staffing', '225000.00')],
      [virement(1, 'other', 'comms', '500.00'), virement(2, 'staffing', 'other', '20.00')],
    );
    expect(lines.map((l) => [l.category, l.original.toString(), l.virements.toString(), l.amount.toString()])).toEqual([
      ['other', '3000.00', '-480.00', '2520.00'],
      ['comms', '3000.00', '500.00', '3500.00'],
      ['staffing', '225000.00', '-20.00', '224980.00'],
    ]);
    expect(Object.values(budgetTotals(lines)).map(String)).toEqual(['231000.00', '0.00', '231000.00']);
  });

  it('refuses a virement above what the source line holds, from or to a line that does not exist, or to itself', () => {
    const lines = reviseLines([stored('other', '3000.00'), stored('comms', '0.00')], [virement(1, 'other', 'comms', '500.00')]);
    const refused = (from: string, to: string, amount: string) => {
      try {
        checkVirement(lines, { from, to, amount: m(amount) }, '2025-26', 1);
        return undefined;
      } catch (err) {
        expect(err).toBeInstanceOf(UnprocessableError);
        return err as UnprocessableError;
      }
    };
    expect(refused('other', 'comms', '2500.00')).toBeUndefined(); // exactly what is left
    const tooMuch = refused('other', 'comms', '2500.01');
    expect(tooMuch?.code).toBe('VIREMENT.INSUFFICIENT_BUDGET');
    expect(tooMuch?.message).toContain('other holds 2,500.00 (original 3,000.00, virements -500.00)');
    expect(tooMuch?.errors?.[0]).toEqual({ path: 'body/amount', message: 'must be at most 2500.00, what other holds' });
    expect(refused('nowhere', 'comms', '1.00')?.errors?.[0]?.path).toBe('body/from');
    expect(refused('other', 'nowhere', '1.00')?.errors?.[0]?.path).toBe('body/to');
    expect(refused('other', 'other', '1.00')?.code).toBe('VIREMENT.SAME_LINE');
    expect(() => checkVirement(lines, { from: 'other', to: 'comms', amount: m('1.00') }, '2025-26', 200)).toThrow(/200 virements/);
  });

  it('property: accepted virements keep the total, and never take a line below zero', () => {
    const categories = ['a', 'b', 'c', 'd'];
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10_000_00n }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(3), fc.bigInt({ min: 1n, max: 12_000_00n })), { maxLength: 30 }),
        (pence, attempts) => {
          const base = categories.map((c, i) => stored(c, Money.fromPence(pence[i] ?? 0n).toString()));
          const accepted: Virement[] = [];
          for (const [f, t, p] of attempts) {
            const lines = reviseLines(base, accepted);
            const v = { from: categories[f] ?? 'a', to: categories[t] ?? 'a', amount: Money.fromPence(p) };
            try {
              checkVirement(lines, v, '2025-26', accepted.length);
            } catch {
              continue;
            }
            accepted.push({ ...virement(accepted.length + 1, v.from, v.to, '0.01'), amount: v.amount });
          }
          const lines = reviseLines(base, accepted);
          expect(budgetTotals(lines).revised.equals(budgetTotals(lines).original)).toBe(true);
          expect(lines.every((l) => !l.amount.isNegative())).toBe(true);
          expect(Money.sum(netVirements(accepted).values()).isZero()).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
