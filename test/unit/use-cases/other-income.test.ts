/**
 * Other income and roll-forward on the use cases over in-memory ports: the same fence as the
 * ledger (numbers only while open, unwritten numbers voided by the close), one reversal per
 * record, and a roll-forward that refuses an existing year but finishes its own interrupted run.
 */
import { describe, expect, it } from 'vitest';
import { postEntry } from '../../../shared/application/ledger.ts';
import { postIncome, reverseIncome } from '../../../shared/application/other-income.ts';
import { rollForward } from '../../../shared/application/roll-forward.ts';
import { approveClose, requestClose } from '../../../shared/application/year-end.ts';
import { BOARD, ctxAs, referenceBoard, YEAR } from './setup.ts';

const GRANT = { date: '2024-06-01', source: 'Home Office', kind: 'grant' as const, amount: '500.00', description: 'Grant' };

describe('other income on the use cases', () => {
  it('numbers records on the year only while it is open, and a close voids a number reserved but never written', async () => {
    // Prepare: a record, and a number an attempt reserved and died before writing
    const deps = await referenceBoard();
    await postIncome(deps, ctxAs('clerk'), BOARD, YEAR, GRANT);
    await deps.years.reserveIncomeSeq(ctxAs('clerk').meta, BOARD, YEAR);
    await postEntry(deps, ctxAs('clerk'), BOARD, YEAR, {
      date: '2024-06-01',
      category: 'staffing',
      amount: '1000.00',
      supplier: 'P',
      description: 'Pay',
    });

    // Act
    const asked = await requestClose(deps, ctxAs('clerk'), BOARD, YEAR);
    const sealed = await approveClose(deps, ctxAs('chair', ['board']), BOARD, YEAR, 'pending' in asked ? asked.pending.etag : '');

    // Assess: the grant is sealed and netted, number 2 is a tombstone, and nothing more can land
    expect(sealed.cashIncome).toBe('500.00');
    expect(deps.otherIncome.voidedOf(BOARD, YEAR)).toEqual([2]);
    await expect(postIncome(deps, ctxAs('clerk'), BOARD, YEAR, GRANT)).rejects.toMatchObject({ status: 409, code: 'YEAR.NOT_OPEN' });
  });

  it('reverses a record once, with its amount negated', async () => {
    const deps = await referenceBoard();
    const grant = await postIncome(deps, ctxAs('clerk'), BOARD, YEAR, GRANT);
    const rev = await reverseIncome(deps, ctxAs('clerk'), BOARD, YEAR, grant.incomeId, 'withdrawn');
    expect(rev).toMatchObject({ amount: grant.amount.negate(), reverses: grant.incomeId, kind: 'grant' });
    await expect(reverseIncome(deps, ctxAs('other'), BOARD, YEAR, grant.incomeId, 'again')).rejects.toMatchObject({
      code: 'INCOME.ALREADY_REVERSED',
    });
  });
});

describe('roll-forward on the use cases', () => {
  it('finishes its own interrupted run, and refuses anyone onto the year once it is complete', async () => {
    // Prepare: a run that created the year and died before writing its lines
    const deps = await referenceBoard({ open: false });
    const ctx = ctxAs('clerk');
    const meta = { ...ctx.meta, operationId: 'roll-op' };
    const from = await deps.years.getYear(BOARD, YEAR);
    if (!from) throw new Error('no year');
    await deps.years.createRolledYear(meta, BOARD, '2025-26', from.budgetSet, {
      from: YEAR,
      uplift: '0.1',
      operationId: 'roll-op',
    });

    // Act: another request with the same body finishes it
    const done = await rollForward(deps, ctxAs('clerk'), BOARD, '2025-26', { from: YEAR, uplift: '0.1' });

    // Assess
    expect(done.lines).toHaveLength(7);
    expect(done.agreement.agreement.partners.map((p) => p.baseline)).toEqual(['89435.50', '22429.00', '111750.10']);
    expect(done.year.rolledForward?.completedAt).toBeDefined();
    await expect(rollForward(deps, ctxAs('clerk'), BOARD, '2025-26', { from: YEAR, uplift: '0.1' })).rejects.toMatchObject({
      status: 409,
      code: 'YEAR.EXISTS',
    });
  });
});
