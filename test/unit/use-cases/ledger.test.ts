/**
 * The ledger's rules, tested on the use cases over in-memory ports: what may be posted where,
 * reversals once, and a retried operation converging on its first write.
 */
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../shared/application/context.ts';
import { getEntry, postEntry, reverseEntry } from '../../../shared/application/ledger.ts';
import { BOARD, ctxAs, referenceBoard, YEAR } from './setup.ts';

const ENTRY = { date: '2024-06-01', category: 'training', amount: '120.00', supplier: 'Trainer Ltd', description: 'Course' };

describe('posting to the ledger', () => {
  it('records an entry under the next number of an open year', async () => {
    // Prepare
    const deps = await referenceBoard();

    // Act
    const first = await postEntry(deps, ctxAs('clerk'), BOARD, YEAR, ENTRY);
    const second = await postEntry(deps, ctxAs('clerk'), BOARD, YEAR, { ...ENTRY, amount: '5.00' });

    // Assess
    expect([first.entryId, second.entryId]).toEqual(['E00000001', 'E00000002']);
    expect(first.amount.toString()).toBe('120.00');
    expect((await deps.years.getYear(BOARD, YEAR))?.seq).toBe(2);
  });

  it('refuses a draft year, an unknown budget line or SAR case, and a date outside the year, writing nothing', async () => {
    const draft = await referenceBoard({ open: false });
    await expect(postEntry(draft, ctxAs('clerk'), BOARD, YEAR, ENTRY)).rejects.toMatchObject({ status: 409, code: 'YEAR.NOT_OPEN' });

    const deps = await referenceBoard();
    await expect(postEntry(deps, ctxAs('clerk'), BOARD, YEAR, { ...ENTRY, category: 'travel' })).rejects.toMatchObject({
      status: 422,
      code: 'ENTRY.UNKNOWN_CATEGORY',
    });
    await expect(postEntry(deps, ctxAs('clerk'), BOARD, YEAR, { ...ENTRY, sarId: 'nobody' })).rejects.toMatchObject({
      status: 422,
      code: 'ENTRY.UNKNOWN_SAR',
    });
    await expect(postEntry(deps, ctxAs('clerk'), BOARD, YEAR, { ...ENTRY, date: '2025-04-01' })).rejects.toMatchObject({
      status: 422,
      code: 'ENTRY.DATE_OUTSIDE_YEAR',
    });
    expect(deps.ledger.slots.size).toBe(0);
    expect((await deps.years.getYear(BOARD, YEAR))?.seq).toBe(0);
  });

  it('converges on its first write when the same operation is retried after the entry was written', async () => {
    // Prepare: an operation that remembers the number it reserved, as an Idempotency-Key does
    const deps = await referenceBoard();
    const memo = new Map<string, string | number>();
    const operation: Operation = {
      operationId: 'op-1',
      recall: (name) => memo.get(name),
      once: async (name, compute) => {
        if (!memo.has(name)) memo.set(name, await compute());
        return memo.get(name) as never;
      },
    };
    const attempt = () => {
      const ctx = ctxAs('clerk');
      return { ...ctx, meta: { ...ctx.meta, operationId: operation.operationId }, operation };
    };

    // Act: the first attempt wrote the entry; its answer was lost; the client retries
    const first = await postEntry(deps, attempt(), BOARD, YEAR, ENTRY);
    const retried = await postEntry(deps, attempt(), BOARD, YEAR, ENTRY);

    // Assess
    expect(retried.entryId).toBe(first.entryId);
    expect((await deps.ledger.allEntries(BOARD, YEAR)).length).toBe(1);
  });
});

describe('reversing an entry', () => {
  it('records one opposite entry pointing at the original, once', async () => {
    // Prepare
    const deps = await referenceBoard();
    const original = await postEntry(deps, ctxAs('clerk'), BOARD, YEAR, ENTRY);

    // Act
    const reversal = await reverseEntry(deps, ctxAs('clerk'), BOARD, YEAR, original.entryId, 'posted twice');
    const again = reverseEntry(deps, ctxAs('other'), BOARD, YEAR, original.entryId, 'again');

    // Assess
    expect(reversal).toMatchObject({ reverses: original.entryId, reason: 'posted twice', category: 'training' });
    expect(reversal.amount.toString()).toBe('-120.00');
    await expect(again).rejects.toMatchObject({ status: 409, code: 'ENTRY.ALREADY_REVERSED' });
    expect((await getEntry(deps, BOARD, YEAR, original.entryId)).reversedBy).toBe(reversal.entryId);
    await expect(reverseEntry(deps, ctxAs('clerk'), BOARD, YEAR, reversal.entryId, 'undo')).rejects.toMatchObject({
      code: 'ENTRY.IS_REVERSAL',
    });
  });
});
