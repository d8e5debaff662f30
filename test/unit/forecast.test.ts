import { describe, expect, it } from 'vitest';
import { clampToYear, defaultMethod, forecastYear, methodOf, monthEnd, openAmountOf, percentOf } from '../../shared/domain/forecast.ts';
import { Money } from '../../shared/domain/money.ts';

const m = Money.parse;

describe('forecast', () => {
  // Prepare: a year with three lines, one per method, and spend to the end of September.
  const input = {
    yearId: '2025-26',
    asOf: '2025-09-30',
    lines: [
      {
        category: 'staffing',
        name: 'Staffing',
        amount: m('120000.00'),
        profile: [...Array(6).fill(m('9000.00')), ...Array(6).fill(m('11000.00'))],
      },
      { category: 'sar', name: 'SARs', amount: m('15000.00') },
      { category: 'training', name: 'Training', amount: m('6000.00') },
    ],
    entries: [
      { date: '2025-04-30', category: 'staffing', amount: m('9000.00') },
      { date: '2025-09-30', category: 'staffing', amount: m('45500.00') },
      { date: '2025-07-01', category: 'sar', amount: m('3500.00') },
      { date: '2025-05-01', category: 'training', amount: m('1000.00') },
      { date: '2025-08-01', category: 'training', amount: m('0.01') },
      { date: '2025-10-01', category: 'training', amount: m('999.00') },
    ],
    commitments: [
      { dueDate: '2026-01-16', category: 'sar', amount: m('4000.00') },
      { dueDate: '2025-09-01', category: 'sar', amount: m('9999.00') },
      { dueDate: '2026-02-20', category: 'training', amount: m('2500.00') },
    ],
  };

  it('projects each line by its default method', () => {
    // Act
    const f = forecastYear(input);
    // Assess
    expect(f.monthsElapsed).toBe(6);
    const by = Object.fromEntries(f.categories.map((c) => [c.category, c]));
    expect(by.staffing?.method).toBe('profile');
    expect(by.staffing?.rest.toString()).toBe('66000.00'); // 6 x 11,000 still to come by profile
    expect(by.staffing?.projected.toString()).toBe('120500.00');
    expect(by.sar?.method).toBe('commitments');
    expect(by.sar?.commitments.toString()).toBe('4000.00'); // the one due before as-of is no longer open
    expect(by.sar?.projected.toString()).toBe('7500.00');
    expect(by.training?.actual.toString()).toBe('1000.01'); // October's entry is after as-of
    expect(by.training?.rest.toString()).toBe('1000.01'); // 1,000.01 / 6 x 6
    expect(by.training?.projected.toString()).toBe('4500.02');
    expect(f.totals.projected.toString()).toBe('132500.02');
    expect(f.totals.variance.toString()).toBe('-8499.98');
  });

  it('rounds a run-rate to the penny, half up', () => {
    const f = forecastYear({
      ...input,
      asOf: '2025-06-15',
      lines: [{ category: 'training', name: 'T', amount: m('0.00'), method: 'run-rate' as const }],
    });
    // 1,000.00 to date over 3 months, 9 months left: 3,000.00
    expect(f.categories.find((c) => c.category === 'training')?.rest.toString()).toBe('3000.00');
    const g = forecastYear({ ...input, asOf: '2025-10-31', lines: [{ category: 'training', name: 'T', amount: m('0.00') }] });
    // 1,999.01 over 7 months, 5 left: 1427.864... -> 1427.86
    expect(g.categories.find((c) => c.category === 'training')?.rest.toString()).toBe('1427.86');
  });

  it('an explicit method wins; a profile-less profile line spreads its budget evenly', () => {
    const f = forecastYear({ ...input, lines: [{ category: 'sar', name: 'SARs', amount: m('12000.00'), method: 'profile' as const }] });
    expect(f.categories.find((c) => c.category === 'sar')?.rest.toString()).toBe('6000.00');
  });

  it('clamps the as-of date into the year; the year end leaves nothing to project', () => {
    expect(clampToYear('2025-26', '2027-01-01')).toBe('2026-03-31');
    expect(clampToYear('2025-26', '2020-01-01')).toBe('2025-04-01');
    const f = forecastYear({ ...input, asOf: '2030-01-01' });
    expect(f.totals.rest.toString()).toBe('0.00');
    expect(f.monthsElapsed).toBe(12);
  });

  it('helpers', () => {
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2025-12-01')).toBe('2025-12-31');
    expect(percentOf(m('218300.00'), m('279900.00'))).toBe('78.0');
    expect(percentOf(m('1.00'), m('0.00'))).toBe('0.0');
    expect(defaultMethod('staffing')).toBe('profile');
    expect(defaultMethod('sar')).toBe('commitments');
    expect(defaultMethod('other')).toBe('run-rate');
  });
});

describe('forecast: monthly profiles and released commitments (issue 15)', () => {
  const line = (category: string, amount: string, extra: Record<string, unknown> = {}) => ({
    category,
    name: category,
    amount: m(amount),
    ...extra,
  });
  const spend = [{ date: '2025-06-30', category: 'training', amount: m('600.00') }];

  it('a line with a monthly profile is projected by it, whatever its category', () => {
    // Prepare: training would default to the run-rate; its profile puts everything in March.
    const profile = [...Array(11).fill(m('0.00')), m('6000.00')];
    // Act
    const f = forecastYear({
      yearId: '2025-26',
      asOf: '2025-06-30',
      lines: [line('training', '6000.00', { profile })],
      entries: spend,
      commitments: [],
    });
    // Assess
    const t = f.categories[0];
    expect(t?.method).toBe('profile');
    expect(t?.rest.toString()).toBe('6000.00');
    expect(methodOf({ category: 'training', profile })).toBe('profile');
    expect(methodOf({ category: 'training' })).toBe('run-rate');
  });

  it("an explicit forecast method still wins over the line's profile", () => {
    const profile = [...Array(11).fill(m('0.00')), m('6000.00')];
    const f = forecastYear({
      yearId: '2025-26',
      asOf: '2025-06-30',
      lines: [line('training', '6000.00', { profile, method: 'run-rate' })],
      entries: spend,
      commitments: [],
    });
    expect(f.categories[0]?.method).toBe('run-rate');
    expect(f.categories[0]?.rest.toString()).toBe('1800.00'); // 600 over 3 months, 9 to go
    expect(methodOf({ category: 'staffing', profile, method: 'commitments' })).toBe('commitments');
  });

  it('a profile that no longer adds up to the revised budget (after virements) keeps its shape, scaled to the budget', () => {
    // 12,000.00 profiled 1,000 a month, revised to 15,000.00: each remaining month is 1,250.00.
    const profile = Array(12).fill(m('1000.00'));
    const f = forecastYear({
      yearId: '2025-26',
      asOf: '2025-09-30',
      lines: [line('staffing', '15000.00', { profile })],
      entries: [],
      commitments: [],
    });
    expect(f.categories[0]?.rest.toString()).toBe('7500.00');
    const zero = forecastYear({
      yearId: '2025-26',
      asOf: '2025-09-30',
      lines: [line('staffing', '1200.00', { profile: Array(12).fill(m('0.00')) })],
      entries: [],
      commitments: [],
    });
    expect(zero.categories[0]?.rest.toString()).toBe('600.00'); // an all-zero profile: spread evenly
  });

  it('a released part of a commitment leaves every forecast; a matched part leaves it from the date of the entry that paid it', () => {
    const commitment = {
      dueDate: '2026-02-20',
      category: 'training',
      amount: m('2500.00'),
      releases: [{ amount: m('1000.00'), paidOn: '2025-09-26' }, { amount: m('500.00') }],
    };
    const at = (asOf: string) =>
      forecastYear({
        yearId: '2025-26',
        asOf,
        lines: [line('training', '6000.00', { method: 'commitments' })],
        entries: [],
        commitments: [commitment],
      }).categories[0]?.commitments.toString();
    expect(at('2025-09-25')).toBe('2000.00'); // the release only: the deposit was not paid yet
    expect(at('2025-09-30')).toBe('1000.00'); // and the match: the deposit is in the actuals from 26 September
    expect(openAmountOf(commitment, '2025-10-01').toString()).toBe('1000.00');
  });
});
