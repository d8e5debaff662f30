import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FormatError,
  formatAccountNumber,
  formatDays,
  formatFinancialYear,
  formatMoney,
  formatPercent,
  formatSortCode,
  formatUkDate,
  formatUkMonth,
  formatVatNumber,
  formatWholePounds,
} from '../../shared/domain/format.ts';
import { Money } from '../../shared/domain/money.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

/** Any real calendar date from 1900 to 2199, as ISO text. */
const isoDate = fc
  .integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2199, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

/** Any amount the service accepts, as pence. */
const pence = fc.bigInt({ min: -99_999_999_999n, max: 99_999_999_999n });

describe('formatUkDate', () => {
  it('writes the day without a leading zero, the month in words, the year in full', () => {
    expect(formatUkDate('2026-11-26')).toBe('26 November 2026');
    expect(formatUkDate('2025-04-01')).toBe('1 April 2025');
    expect(formatUkDate('2024-02-29')).toBe('29 February 2024');
  });

  it.each(['2026-02-30', '2025-02-29', '26/11/2026', '2026-1-5', '', '2026-13-01', '2026-11-26T00:00:00Z'])('refuses %j', (text) => {
    expect(() => formatUkDate(text)).toThrow(FormatError);
  });

  it('agrees with the en-GB calendar for every date', () => {
    const gb = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    fc.assert(
      fc.property(isoDate, (iso) => {
        expect(formatUkDate(iso)).toBe(gb.format(new Date(`${iso}T00:00:00Z`)));
      }),
      { numRuns: RUNS },
    );
  });

  it('never prints an ISO date, and the date can be read back', () => {
    fc.assert(
      fc.property(isoDate, (iso) => {
        const text = formatUkDate(iso);
        expect(text).toMatch(/^[1-9]\d? [A-Z][a-z]+ \d{4}$/);
        expect(new Date(`${text} UTC`).toISOString().slice(0, 10)).toBe(iso);
      }),
      { numRuns: RUNS },
    );
  });

  it('names a month for a period', () => {
    expect(`${formatUkMonth('2024-04-01')} to ${formatUkMonth('2025-03-31')}`).toBe('April 2024 to March 2025');
  });
});

describe('formatMoney', () => {
  it('puts the sign before the pound sign and groups thousands', () => {
    expect(formatMoney(Money.parse('1234.56'))).toBe('£1,234.56');
    expect(formatMoney(Money.parse('-13237.55'))).toBe('-£13,237.55');
    expect(formatMoney(Money.parse('-0.01'))).toBe('-£0.01');
    expect(formatMoney(Money.zero)).toBe('£0.00');
    expect(formatMoney(Money.parse('999999999.99'))).toBe('£999,999,999.99');
  });

  it('is exact: stripping the symbols gives back the amount, for every amount', () => {
    fc.assert(
      fc.property(pence, (p) => {
        const m = Money.fromPence(p);
        const text = formatMoney(m);
        expect(text).toMatch(/^-?£\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(text.startsWith('-')).toBe(m.isNegative());
        expect(Money.parse(text.replace(/[£,]/g, '')).equals(m)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a negated amount prints as the same digits with a minus', () => {
    fc.assert(
      fc.property(
        pence.filter((p) => p > 0n),
        (p) => {
          const m = Money.fromPence(p);
          expect(formatMoney(m.negate())).toBe(`-${formatMoney(m)}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('whole pounds round half up, for chart labels', () => {
    expect(formatWholePounds(Money.parse('81305.49'))).toBe('£81,305');
    expect(formatWholePounds(Money.parse('81305.50'))).toBe('£81,306');
    expect(formatWholePounds(Money.parse('-214.00'))).toBe('-£214');
    expect(formatWholePounds(Money.parse('-0.40'))).toBe('£0');
  });
});

describe('formatPercent', () => {
  it('gives shares to one place, half up', () => {
    expect(formatPercent(Money.parse('218300'), Money.parse('279900'))).toBe('78.0%');
    expect(formatPercent(Money.parse('12000'), Money.parse('279900'))).toBe('4.3%');
    expect(formatPercent(Money.parse('1'), Money.parse('8'), 2)).toBe('12.50%');
    expect(formatPercent(Money.parse('1'), Money.zero)).toBe('-');
  });
});

describe('bank details and labels', () => {
  it.each([
    ['123456', '12-34-56'],
    ['12-34-56', '12-34-56'],
    ['12 34 56', '12-34-56'],
  ])('writes sort code %j as %j', (input, out) => {
    expect(formatSortCode(input)).toBe(out);
  });

  it.each(['12345', '1234567', '12-34-5a', ''])('refuses sort code %j', (input) => {
    expect(() => formatSortCode(input)).toThrow(FormatError);
  });

  it('keeps every digit of any sort code, in pairs', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), (digits) => {
        const text = formatSortCode(digits);
        expect(text).toMatch(/^\d{2}-\d{2}-\d{2}$/);
        expect(text.replaceAll('-', '')).toBe(digits);
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['GB999999973', 'GB 999 9999 73'],
    ['gb 999 9999 73', 'GB 999 9999 73'],
    ['GB999999973001', 'GB 999 9999 73 001'],
    ['GBHA599', 'GBHA599'],
    ['GBGD001', 'GBGD001'],
    [' IE1234567T ', 'IE1234567T'],
  ])('writes VAT number %j as HMRC prints it: %j', (input, out) => {
    expect(formatVatNumber(input)).toBe(out);
  });

  it('checks account numbers, financial years and days', () => {
    expect(formatAccountNumber('1234 5678')).toBe('12345678');
    expect(() => formatAccountNumber('1234567')).toThrow(FormatError);
    expect(formatFinancialYear('2024-25')).toBe('2024/25');
    expect(() => formatFinancialYear('2024')).toThrow(FormatError);
    expect(formatDays(30)).toBe('30 days');
    expect(formatDays(1)).toBe('1 day');
    expect(() => formatDays(-1)).toThrow(FormatError);
  });
});
