import { describe, expect, it } from 'vitest';
import { InvoiceId } from '../../shared/contract/schemas.ts';
import { UnprocessableError } from '../../shared/domain/errors.ts';
import {
  addDays,
  availableCreditOf,
  checkInvoice,
  checkPayment,
  creditableOf,
  creditNoteIdOf,
  documentNumber,
  formatNumber,
  INVOICE_ID_PATTERN,
  type Invoice,
  invoiceIdFor,
  manualInvoiceIdOf,
  partnerOfInvoiceId,
  settleableOf,
} from '../../shared/domain/invoice.ts';
import { Money } from '../../shared/domain/money.ts';
import { figuresOf } from '../../shared/domain/receivables.ts';
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
  creditNotes: [],
  allocations: [],
  refunds: [],
  version: 1,
  createdAt: '2025-04-30T00:00:00Z',
  createdBy: 'x',
  ...patch,
});

describe('invoices', () => {
  it('numbers and dates', () => {
    expect(formatNumber(42)).toBe('INV-000042');
    expect(formatNumber(3, 'CN')).toBe('CN-000003');
    expect(formatNumber(10_000_000, 'CN')).toBe('CN-10000000');
    expect(documentNumber(invoice({ series: 'CN', number: 7 }))).toBe('CN-000007');
    expect(documentNumber(invoice())).toBe('INV-000012');
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

  it('payments: not over what may still be settled, not on credit notes', () => {
    const paidPart = invoice({ payments: [{ paymentId: 'p', date: '2025-05-01', amount: m('29000.00'), recordedAt: '', recordedBy: '' }] });
    expect(settleableOf(paidPart).toString()).toBe('760.00');
    expect(() => checkPayment(paidPart, m('760.00'))).not.toThrow();
    expect(() => checkPayment(paidPart, m('760.01'))).toThrow(UnprocessableError);
    expect(() => checkPayment(invoice({ kind: 'credit-note', total: m('-1.00') }), m('1.00'))).toThrow(/credit note/);
    const reversed = invoice({
      payments: [
        {
          paymentId: 'p',
          date: '2025-05-01',
          amount: m('29000.00'),
          recordedAt: '',
          recordedBy: '',
          reversal: { date: '2025-05-02', reason: 'bounced', recordedAt: '', recordedBy: '' },
        },
      ],
    });
    expect(settleableOf(reversed).toString()).toBe('29760.00');
  });

  it('what a document allows: credit up to its uncredited total, credit notes up to their credit left', () => {
    const claimed = invoice({
      creditNotes: [{ creditNoteId: 'c', amount: m('760.00'), reason: 'r', date: '2025-05-01', recordedAt: '', recordedBy: '' }],
    });
    expect(creditableOf(claimed).toString()).toBe('29000.00');
    const cn = invoice({
      kind: 'credit-note',
      total: m('-100.00'),
      allocations: [
        { allocationId: 'a', creditNoteId: 'x', invoiceId: 'y', amount: m('30.00'), date: '2025-05-01', recordedAt: '', recordedBy: '' },
        {
          allocationId: 'b',
          creditNoteId: 'x',
          invoiceId: 'y',
          amount: m('50.00'),
          date: '2025-05-01',
          recordedAt: '',
          recordedBy: '',
          cancelled: 't',
        },
      ],
      refunds: [{ refundId: 'r', amount: m('20.00'), date: '2025-05-02', reference: 'BACS', recordedAt: '', recordedBy: '' }],
    });
    expect(availableCreditOf(cn).toString()).toBe('50.00');
  });

  it('every id the service makes is readable through the routes, whatever the number', () => {
    const ids = [
      invoiceIdFor('2024-25', 'baseline', 'blmk-icb'),
      invoiceIdFor('2024-25', 'year-end', 'a'),
      creditNoteIdOf('2025-26', '0123456789ab', 'luton-council'),
      manualInvoiceIdOf('2025-26', 'fedcba987654', 'x-9'),
      ...[1, 999, 1000, 1_000_000, 10_000_000, 999_999_999_999].map((n) => `2024-25-credit-${n}-beds-police`),
    ];
    for (const id of ids) {
      expect(INVOICE_ID_PATTERN.test(id), id).toBe(true);
      expect(InvoiceId.safeParse(id).success, id).toBe(true);
      expect(partnerOfInvoiceId(id), id).toBe(id.replace(/^.*?-(?:baseline|year-end|credit-\d+|cn-[0-9a-f]{12}|inv-[0-9a-f]{12})-/, ''));
    }
    expect(InvoiceId.safeParse('INV-001000').success).toBe(false);
  });

  it('renders a PDF from which the amounts read back', async () => {
    const inv = invoice({
      boardName: 'Luton Safeguarding Adults Board',
      partnerName: 'BLMK ICB',
      payments: [{ paymentId: 'p', date: '2025-05-01', amount: m('760.00'), recordedAt: '', recordedBy: '' }],
    });
    const figures = figuresOf([inv], '2025-05-02').get(inv.invoiceId);
    if (!figures) throw new Error('no figures');
    const bytes = await renderInvoicePdf({ doc: inv, figures });
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

describe('the plain PDF of a credit note', () => {
  it('writes a negative total with its sign before the pound sign, as every other document does', async () => {
    const note = invoice({
      invoiceId: '2024-25-year-end-blmk-icb',
      kind: 'credit-note',
      boardName: 'Luton Safeguarding Adults Board',
      partnerName: 'BLMK ICB',
      lines: [{ rule: 'underspend', description: 'Refund of underspend', amount: m('-500.00'), vatTreatment: 'outside-scope' }],
      total: m('-500.00'),
    });
    const figures = figuresOf([note], '2025-05-02').get(note.invoiceId);
    if (!figures) throw new Error('no figures');
    const text = await pdfText(await renderInvoicePdf({ doc: note, figures }));
    expect(text).toContain('-£500.00');
    expect(text).not.toContain('£-');
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
