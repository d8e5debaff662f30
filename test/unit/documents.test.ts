import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleAnnualReport, sampleCreditNote, sampleInvoice, sampleStatement, withBalances } from '../../scripts/documents/samples.ts';
import {
  addressLines,
  annualReportNotes,
  balanceWording,
  checkAnnualReport,
  checkInvoiceDocument,
  checkStatement,
  creditApplicationWords,
  DocumentError,
  expenditureRows,
  type InvoiceDocument,
  incomeRows,
  issuerOf,
  type StatementDocument,
} from '../../shared/domain/documents.ts';
import { Money } from '../../shared/domain/money.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const m = (text: string) => Money.parse(text);

describe('invoice and credit note snapshots', () => {
  it('accept the samples', () => {
    expect(() => checkInvoiceDocument(sampleInvoice())).not.toThrow();
    expect(() => checkInvoiceDocument(sampleCreditNote())).not.toThrow();
  });

  const invoice = sampleInvoice() as InvoiceDocument & { kind: 'invoice' };
  const credit = sampleCreditNote() as InvoiceDocument & { kind: 'credit-note' };
  it.each<[string, InvoiceDocument]>([
    ['lines that do not make the total', { ...invoice, total: invoice.total.plus(m('0.01')), balance: invoice.balance.plus(m('0.01')) }],
    ['a balance that is not total - paid', { ...invoice, paid: m('100.00') }],
    ['a due date before the issue date', { ...invoice, dueDate: '2025-04-29' }],
    ['an impossible date', { ...invoice, issueDate: '2025-02-30' }],
    ['no lines', { ...invoice, lines: [], total: Money.zero, balance: Money.zero }],
    [
      'a negative invoice',
      { ...invoice, lines: [{ ...invoice.lines[0], amount: m('-1.00') }] as never, total: m('-1.00'), balance: m('-1.00') },
    ],
    ['no issuer name', { ...invoice, issuer: { ...invoice.issuer, name: ' ' } }],
    ['no bank account', { ...invoice, issuer: { ...invoice.issuer, bank: { ...invoice.issuer.bank, accountNumber: '' } } }],
    ['a positive credit note', { ...credit, lines: [{ ...credit.lines[0], amount: m('1500.00') }] as never, total: m('1500.00') }],
    ['a credit note that credits nothing', { ...credit, credits: '' }],
    ['a credit note without a reason', { ...credit, reason: '' }],
    [
      'a credit note applied in parts that do not make the credit',
      { ...credit, application: { toInvoice: m('1000.00'), onAccount: m('400.00'), invoiceOutstandingAfter: Money.zero } },
    ],
    ['a credit note applying a negative amount', { ...credit, application: { toInvoice: m('2000.00'), onAccount: m('-500.00') } }],
    ['a credit note that names no invoice but says it reduced one', { ...credit, credits: undefined }],
    ['a credit note that names no invoice and says nothing of what it did', { ...credit, credits: undefined, application: undefined }],
  ])('refuse %s', (_what, doc) => {
    expect(() => checkInvoiceDocument(doc)).toThrow(DocumentError);
  });
});

it('accepts a credit note that credits no invoice when all of it is on account (a year-end refund standing alone)', () => {
  const credit = sampleCreditNote() as InvoiceDocument & { kind: 'credit-note' };
  const alone = {
    ...credit,
    credits: undefined,
    creditsIssueDate: undefined,
    application: { toInvoice: Money.zero, onAccount: m('1500.00') },
  };
  expect(() => checkInvoiceDocument(alone)).not.toThrow();
  expect(creditApplicationWords(alone)).toBe(
    'The whole £1,500.00 is held as credit on your account, to be set against future invoices of ours or refunded to you on request.',
  );
});

describe('what a credit note says it did', () => {
  const note = (toInvoice: string, onAccount: string, after?: string) => ({
    credits: 'INV-000004',
    total: m(toInvoice).plus(m(onAccount)).negate(),
    application: { toInvoice: m(toInvoice), onAccount: m(onAccount), ...(after ? { invoiceOutstandingAfter: m(after) } : {}) },
  });
  it.each([
    [
      'part to the invoice, the rest on account',
      note('300.00', '200.00', '0.00'),
      '£300.00 reduces the amount due on invoice INV-000004 to £0.00; £200.00 is held as credit on your account, to be set against future invoices of ours or refunded to you on request.',
    ],
    ['all to the invoice', note('2500.00', '0.00', '7500.00'), '£2,500.00 reduces the amount due on invoice INV-000004 to £7,500.00.'],
    [
      'all on account (the invoice was settled)',
      note('0.00', '750.00', '0.00'),
      'Nothing was left to pay on invoice INV-000004 when this credit note was issued, so none of it reduces that invoice: the whole £750.00 is held as credit on your account, to be set against future invoices of ours or refunded to you on request.',
    ],
    [
      'a claim that recorded no balance after',
      note('300.00', '200.00'),
      '£300.00 reduces the amount due on invoice INV-000004; £200.00 is held as credit on your account, to be set against future invoices of ours or refunded to you on request.',
    ],
    [
      'a note issued before the split was frozen',
      { credits: 'INV-000004', total: m('-500.00') },
      'This credit note reduces the balance of invoice INV-000004 by £500.00. Any part of it not needed there is held as credit on your account, to be set against another invoice of ours or refunded to you on request.',
    ],
  ])('%s', (_what, doc, words) => {
    expect(creditApplicationWords(doc)).toBe(words);
  });
});

describe('statements', () => {
  it('accept the sample, whose closing balance is owed by the partner', () => {
    const s = sampleStatement();
    expect(() => checkStatement(s)).not.toThrow();
    expect(s.closingBalance.toString()).toBe('28260.00');
  });

  it('refuse a running balance that does not follow, and a line outside the period', () => {
    const s = sampleStatement();
    const lines = [...s.lines];
    const first = lines[0];
    if (!first) throw new Error('no line');
    lines[0] = { ...first, balance: first.balance.plus(m('1.00')) };
    expect(() => checkStatement({ ...s, lines })).toThrow(/running balance/);
    expect(() => checkStatement({ ...s, closingBalance: s.closingBalance.plus(m('1.00')) })).toThrow(/closing balance/);
    expect(() => checkStatement({ ...s, from: '2024-05-01' })).toThrow(/outside the period/);
  });

  it('any movements from any opening balance close on opening + debits - credits', () => {
    const amount = fc.bigInt({ min: 0n, max: 10_000_000n }).map((p) => Money.fromPence(p));
    const line = fc.record({ debit: amount, credit: amount });
    fc.assert(
      fc.property(fc.bigInt({ min: -10_000_000n, max: 10_000_000n }), fc.array(line, { maxLength: 30 }), (open, moves) => {
        const opening = Money.fromPence(open);
        const { lines, closing } = withBalances(
          opening,
          moves.map((mv, i) => ({ date: '2025-05-01', document: `INV-${i}`, description: 'movement', ...mv })),
        );
        const doc: StatementDocument = {
          ...sampleStatement(),
          from: '2025-04-01',
          to: '2025-05-31',
          openingBalance: opening,
          lines,
          closingBalance: closing,
        };
        expect(() => checkStatement(doc)).not.toThrow();
        const expected = opening.plus(Money.sum(moves.map((x) => x.debit))).minus(Money.sum(moves.map((x) => x.credit)));
        expect(closing.equals(expected)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('say who owes whom in words, never with a sign', () => {
    expect(balanceWording(m('28260.00'))).toBe('Amount owed by you: £28,260.00');
    expect(balanceWording(m('-5850.00'))).toBe('Amount owed to you: £5,850.00');
    expect(balanceWording(Money.zero)).toBe('Nothing is owed either way');
  });
});

describe('the annual report figures', () => {
  const report = sampleAnnualReport();

  it('reproduce the seed report: Figure 5 shares and Figure 7 with staffing at 78.0%', () => {
    const { rows, totals } = incomeRows(report);
    expect(rows.map((r) => [r.partner, r.total.toString(), r.percent])).toEqual([
      ['BLMK ICB', '111065.00', '39.7%'],
      ['Bedfordshire Police', '30830.00', '11.0%'],
      ['Luton Borough Council', '138005.00', '49.3%'],
    ]);
    expect(totals.baseline.toString()).toBe('203286.00');
    expect(totals.total.toString()).toBe('279900.00');
    const spend = expenditureRows(report);
    expect(spend.total.toString()).toBe('279900.00');
    expect(spend.rows.find((r) => r.category.startsWith('Staffing'))).toMatchObject({ percent: '78.0%', illustrative: false });
    expect(() => checkAnnualReport(report)).not.toThrow();
  });

  it('explain the recharge the way DESIGN section 2 does', () => {
    const icb = report.recharge.find((r) => r.partner === 'BLMK ICB');
    expect(icb?.lines.map((l) => [l.description, l.amount.toString()])).toEqual([
      ['1/3 of SAR pool (sar) 12,000.00, split equally', '4000.00'],
      ['40% of overspend 64,400.00', '25760.00'],
    ]);
    const host = report.recharge.find((r) => r.partner === 'Luton Borough Council');
    expect(host?.additional.toString()).toBe('36414.00');
  });

  it('name every inconsistency of the published figures', () => {
    const notes = annualReportNotes(report);
    expect(notes).toEqual([
      expect.stringContaining(
        '2023/24: the published report prints £240,800.00 as the total, but its own rows add up to £238,810.00 (£1,990.00 less)',
      ),
      expect.stringContaining(
        '2024/25: the published report prints £279,700.00 as the total, but its own rows add up to £279,900.00 (£200.00 more)',
      ),
      expect.stringContaining('are £214.00 short of the budget set of £203,500.00'),
    ]);
  });

  it('say when contributions, spending or the published outturn do not meet the ledger', () => {
    const doc = {
      ...report,
      contributions: [],
      publishedOutturn: m('279700.00'),
      income: report.income.map((p, i) => (i === 0 ? { ...p, additional: Money.zero } : p)),
      expenditure: report.expenditure.slice(1),
    };
    const notes = annualReportNotes(doc);
    expect(notes.some((n) => n.includes("the published outturn is £279,700.00; the ledger's is £279,900.00"))).toBe(true);
    expect(notes.some((n) => n.includes('fall £29,760.00 short of the outturn'))).toBe(true);
    expect(notes.some((n) => n.includes('adds up to £61,600.00, not the outturn of £279,900.00'))).toBe(true);
  });

  it('count cash income towards the outturn and contributions in kind towards nothing (DESIGN 10.3)', () => {
    // The ICB's year-end 29,760 met instead by a grant: no gap. A venue in kind changes nothing.
    const income = report.income.map((p, i) => (i === 0 ? { ...p, additional: Money.zero } : p));
    const met = annualReportNotes({
      ...report,
      income,
      otherIncome: [
        { source: 'Home Office grant', kind: 'grant', amount: m('29760.00') },
        { source: 'Training suite', kind: 'in-kind', from: 'Bedfordshire Police', amount: m('1800.00') },
      ],
    });
    expect(met.some((n) => n.includes('short of the outturn'))).toBe(false);
    const inKindOnly = annualReportNotes({
      ...report,
      income,
      otherIncome: [{ source: 'Training suite', kind: 'in-kind', amount: m('29760.00') }],
    });
    expect(inKindOnly.some((n) => n.includes('contributions of £250,140.00 fall £29,760.00 short of the outturn'))).toBe(true);
  });

  it('refuse a recharge whose lines do not add up', () => {
    const [first, ...rest] = report.recharge;
    if (!first) throw new Error('no recharge');
    expect(() => checkAnnualReport({ ...report, recharge: [{ ...first, additional: first.additional.plus(m('1.00')) }, ...rest] })).toThrow(
      DocumentError,
    );
  });
});

describe('issuerOf', () => {
  it('takes the board invoicing details as the legal supplier, leaving out whether the host is invoiced', () => {
    const issuer = issuerOf({
      issuerName: 'Luton Borough Council',
      issuerAddress: 'Town Hall, George Street, Luton, LU1 2BQ',
      vatNumber: 'GB999999973',
      bank: { accountName: 'Luton Borough Council', sortCode: '40-00-00', accountNumber: '12345678' },
      remittanceEmail: 'remittances@luton.example',
      contact: { name: 'LSAB Business Unit', email: 'lsab@luton.example', phone: '01582 546000' },
      paymentTermsDays: 30,
      invoiceHost: false,
    });
    expect(issuer).toEqual({
      name: 'Luton Borough Council',
      address: 'Town Hall, George Street, Luton, LU1 2BQ',
      vatNumber: 'GB999999973',
      bank: { accountName: 'Luton Borough Council', sortCode: '40-00-00', accountNumber: '12345678' },
      remittanceEmail: 'remittances@luton.example',
      contact: { name: 'LSAB Business Unit', email: 'lsab@luton.example', phone: '01582 546000' },
      paymentTermsDays: 30,
    });
  });
});

describe('addressLines', () => {
  it('splits on new lines, or else on commas', () => {
    expect(addressLines('Town Hall, George Street, Luton LU1 2BQ')).toEqual(['Town Hall', 'George Street', 'Luton LU1 2BQ']);
    expect(addressLines('Town Hall, George St\nLuton\n\nLU1 2BQ')).toEqual(['Town Hall, George St', 'Luton', 'LU1 2BQ']);
  });
});
