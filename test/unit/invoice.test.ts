import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../../shared/domain/errors.ts';
import { addDays, balanceOf, checkInvoice, checkPayment, formatNumber, type Invoice } from '../../shared/domain/invoice.ts';
import { Money } from '../../shared/domain/money.ts';
import { negotiate } from '../../shared/http/negotiate.ts';
import { renderInvoicePdf } from '../../shared/infrastructure/pdf/invoice-pdf.ts';
import { pdfText } from '../helpers/pdf.ts';

const m = Money.parse;
const invoice = (patch: Partial<Invoice> = {}): Invoice => ({
  boardId: 'b',
  invoiceId: '2024-25-year-end-blmk-icb',
  number: 12,
  partnerId: 'blmk-icb',
  yearId: '2024-25',
  kind: 'additional',
  status: 'issued',
  issueDate: '2025-04-30',
  dueDate: '2025-05-30',
  billTo: { name: 'ICB', address: '1 Road, Town', contact: 'AP', email: 'ap@icb.example', poNumber: 'PO-9' },
  lines: [
    { rule: 'pool', description: '1/3 of SAR pool (sar) 12,000.00, split equally', amount: m('4000.00'), vatTreatment: 'outside-scope' },
    { rule: 'overspend', description: '40% of overspend 64,400.00', amount: m('25760.00'), vatTreatment: 'outside-scope' },
  ],
  total: m('29760.00'),
  vatTotal: Money.zero,
  payments: [],
  version: 1,
  createdAt: '2025-04-30T00:00:00Z',
  createdBy: 'x',
  ...patch,
});

describe('invoices', () => {
  it('numbers and dates', () => {
    expect(formatNumber(42)).toBe('INV-000042');
    expect(addDays('2025-01-15', 30)).toBe('2025-02-14');
    expect(addDays('2024-02-15', 30)).toBe('2024-03-16');
  });

  it('lines must add up to the total, with the sign of the kind', () => {
    expect(() => checkInvoice(invoice())).not.toThrow();
    expect(() => checkInvoice(invoice({ total: m('29760.01') }))).toThrow(/add up/);
    expect(() => checkInvoice(invoice({ kind: 'credit-note' }))).toThrow(/cannot total/);
    const refund = invoice({
      kind: 'credit-note',
      lines: [{ rule: 'underspend', description: 'refund', amount: m('-10.00'), vatTreatment: 'outside-scope' }],
      total: m('-10.00'),
    });
    expect(() => checkInvoice(refund)).not.toThrow();
  });

  it('payments: not over the balance, not on credit notes, not on settled invoices', () => {
    const paidPart = invoice({ payments: [{ paymentId: 'p', date: '2025-05-01', amount: m('29000.00'), recordedAt: '', recordedBy: '' }] });
    expect(balanceOf(paidPart).toString()).toBe('760.00');
    expect(() => checkPayment(paidPart, m('760.00'))).not.toThrow();
    expect(() => checkPayment(paidPart, m('760.01'))).toThrow(UnprocessableError);
    expect(() => checkPayment(invoice({ kind: 'credit-note', total: m('-1.00') }), m('1.00'))).toThrow(/credit note/);
    expect(() => checkPayment(invoice({ status: 'paid' }), m('1.00'))).toThrow(/nothing is outstanding/);
    expect(balanceOf(invoice({ status: 'credited' })).isZero()).toBe(true);
  });

  it('renders a PDF from which the amounts read back', async () => {
    const bytes = await renderInvoicePdf(
      invoice({ payments: [{ paymentId: 'p', date: '2025-05-01', amount: m('760.00'), recordedAt: '', recordedBy: '' }] }),
      {
        boardName: 'Luton Safeguarding Adults Board',
        partnerName: 'BLMK ICB',
      },
    );
    const text = await pdfText(bytes);
    for (const s of [
      'Luton Safeguarding Adults Board',
      'Invoice INV-000012',
      'BLMK ICB',
      'Purchase order: PO-9',
      '4,000.00',
      '25,760.00',
      '£29,760.00',
      'Balance',
      '29,000.00',
    ]) {
      expect(text).toContain(s);
    }
  });
});

describe('content negotiation', () => {
  const offered = ['application/json', 'application/pdf'] as const;
  it.each([
    [undefined, 'application/json'],
    ['application/pdf', 'application/pdf'],
    ['application/pdf, application/json;q=0.5', 'application/pdf'],
    ['application/json;q=0.4, application/pdf;q=0.9', 'application/pdf'],
    ['*/*', 'application/json'],
    ['application/*', 'application/json'],
    ['text/html, */*;q=0.1', 'application/json'],
  ])('%s -> %s', (accept, type) => {
    expect(negotiate(accept, offered)).toBe(type);
  });

  it('refuses what it cannot offer', () => {
    expect(() => negotiate('text/csv', offered)).toThrow(/available as/);
    expect(() => negotiate('application/pdf;q=0', offered)).toThrow();
  });
});
