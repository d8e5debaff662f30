import { describe, expect, it } from 'vitest';
import { phaseOf, refusal, type YearChange, type YearState } from '../../shared/domain/year-lifecycle.ts';

const year = (status: YearState['status'], extra: Partial<YearState> = {}): YearState => ({
  yearId: '2025-26',
  status,
  source: 'ledger',
  ...extra,
});
const AWAITING = year('open', { closeRequest: { by: 'finance@x' } });
const HISTORY = year('closed', { source: 'history' });

const CHANGES: YearChange[] = ['entries', 'commitments', 'budget-set', 'budget-lines', 'virements', 'agreement', 'other-income', 'history'];

/** The expected code per change, in CHANGES order ('' = accepted). */
const TABLE: [string, YearState, string[]][] = [
  ['draft', year('draft'), ['YEAR.NOT_OPEN', '', '', '', 'YEAR.NOT_OPEN', '', '', '']],
  ['draft with entry numbers taken', year('draft', { seq: 3 }), ['YEAR.NOT_OPEN', '', '', '', 'YEAR.NOT_OPEN', '', '', 'YEAR.HAS_LEDGER']],
  ['open', year('open'), ['', '', '', '', '', '', '', 'YEAR.HAS_LEDGER']],
  [
    'awaiting approval',
    AWAITING,
    [
      '',
      '',
      'YEAR.AWAITING_APPROVAL',
      'YEAR.AWAITING_APPROVAL',
      'YEAR.AWAITING_APPROVAL',
      'YEAR.AWAITING_APPROVAL',
      'YEAR.AWAITING_APPROVAL',
      'YEAR.AWAITING_APPROVAL',
    ],
  ],
  [
    'closing',
    year('closing'),
    ['YEAR.NOT_OPEN', 'YEAR.CLOSING', 'YEAR.CLOSING', 'YEAR.CLOSING', 'YEAR.CLOSING', 'YEAR.CLOSING', 'YEAR.CLOSING', 'YEAR.CLOSING'],
  ],
  [
    'closed',
    year('closed'),
    ['YEAR.NOT_OPEN', 'YEAR.CLOSED', 'YEAR.CLOSED', 'YEAR.CLOSED', 'YEAR.CLOSED', 'YEAR.CLOSED', 'YEAR.CLOSED', 'YEAR.HAS_LEDGER'],
  ],
  [
    'history',
    HISTORY,
    ['YEAR.HISTORY', 'YEAR.HISTORY', 'YEAR.HISTORY', 'YEAR.HISTORY', 'YEAR.HISTORY', 'YEAR.HISTORY', 'YEAR.HISTORY', ''],
  ],
];

describe('the year lifecycle', () => {
  it('knows the phases: a requested close makes an open year await approval', () => {
    expect(phaseOf(year('open'))).toBe('open');
    expect(phaseOf(AWAITING)).toBe('awaiting-approval');
    expect(phaseOf(HISTORY)).toBe('history');
    expect(phaseOf(year('closing'))).toBe('closing');
  });

  it.each(TABLE)('%s: accepts or refuses each change with a stable code', (_name, y, codes) => {
    expect(CHANGES.map((c) => refusal(y, c)?.code ?? '')).toEqual(codes);
  });

  it('every refusal is a 409 that says why, naming the year', () => {
    for (const [, y] of TABLE) {
      for (const c of CHANGES) {
        const why = refusal(y, c);
        if (!why) continue;
        expect(why.status).toBe(409);
        expect(why.message).toContain('2025-26');
      }
    }
    expect(refusal(AWAITING, 'budget-lines')?.message).toContain('asked by finance@x');
  });
});
