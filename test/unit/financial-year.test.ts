import { describe, expect, it } from 'vitest';
import { containsDate, fiscalMonthIndex, isIsoDate, nextYearId, parseYearId, yearIdOf } from '../../shared/domain/financial-year.ts';

describe('financial years', () => {
  it('parses 2024-25 as 1 April 2024 to 31 March 2025', () => {
    expect(parseYearId('2024-25')).toEqual({ id: '2024-25', start: '2024-04-01', end: '2025-03-31' });
    expect(parseYearId('2099-00')).toEqual({ id: '2099-00', start: '2099-04-01', end: '2100-03-31' });
  });

  it.each(['2024-26', '2024-2025', '24-25', '1999-00', '2024_25', '2024-24', ''])('refuses %j', (id) => {
    expect(parseYearId(id)).toBeUndefined();
  });

  it('knows which year a date is in, and the month within it', () => {
    expect(yearIdOf('2025-03-31')).toBe('2024-25');
    expect(yearIdOf('2025-04-01')).toBe('2025-26');
    expect(fiscalMonthIndex('2024-04-15')).toBe(0);
    expect(fiscalMonthIndex('2025-03-01')).toBe(11);
    expect(nextYearId('2024-25')).toBe('2025-26');
    const fy = parseYearId('2024-25');
    if (!fy) throw new Error('unreachable');
    expect(containsDate(fy, '2024-04-01')).toBe(true);
    expect(containsDate(fy, '2025-04-01')).toBe(false);
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-4-1')).toBe(false);
  });
});
