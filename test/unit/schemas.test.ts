import { describe, expect, it } from 'vitest';
import { ExpenditureInput, YearId } from '../../shared/contract/schemas.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.ts';
import { parseOr400 } from '../../shared/http/validation.ts';

const entry = { date: '2024-05-01', category: 'training', amount: '120.00', supplier: 'Acme', description: 'Course' };

describe('request schemas', () => {
  it('accepts a well-formed entry', () => {
    expect(parseOr400(ExpenditureInput, entry, 'body')).toEqual(entry);
  });

  it.each([
    [{ amount: 120 }, '/amount', 'must be a string, not a number'],
    [{ amount: '120.001' }, '/amount', 'at most two decimals'],
    [{ amount: '-5.00' }, '/amount', 'greater than zero'],
    [{ amount: '0.00' }, '/amount', 'greater than zero'],
    [{ amount: '99999999999.00' }, '/amount', 'at most two decimals'],
    [{ date: '2024-02-30' }, '/date', 'real calendar date'],
    [{ category: 'Staff Costs' }, '/category', 'slug'],
    [{ supplier: '' }, '/supplier', 'must not be empty'],
    [{ supplier: '   ' }, '/supplier', 'blank'],
    [{ description: 'a\u0000b' }, '/description', 'control characters'],
    [{ description: 'x'.repeat(501) }, '/description', 'at most 500'],
    [{ status: 'closed' }, '/status', 'not a field this request accepts'],
  ])('refuses %j with a message on the field', (patch, field, message) => {
    try {
      parseOr400(ExpenditureInput, { ...entry, ...patch }, 'body');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const problems = (err as ValidationError).errors ?? [];
      expect(problems.some((p) => p.path === `body${field}` && p.message.includes(message))).toBe(true);
    }
  });

  it('names a missing field as required', () => {
    const { supplier: _, ...rest } = entry;
    expect(() => parseOr400(ExpenditureInput, rest, 'body')).toThrow(/body\/supplier is required/);
  });

  it('validates year ids', () => {
    expect(YearId.safeParse('2024-25').success).toBe(true);
    expect(YearId.safeParse('2024-26').success).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trip and refuse anything outside the list they were issued for', () => {
    const list = 'GET /v1/boards/{boardId}/years/{yearId}/expenditure';
    const c = encodeCursor('ENTRY#00000042', list);
    expect(decodeCursor(c, list)).toBe('ENTRY#00000042');
    expect(() => decodeCursor(c, 'GET /v1/boards/{boardId}/partners')).toThrow(ValidationError);
    expect(() => decodeCursor('not*base64', list)).toThrow(ValidationError);
    expect(() => decodeCursor(Buffer.from('[1]').toString('base64url'), list)).toThrow(ValidationError);
  });
});
