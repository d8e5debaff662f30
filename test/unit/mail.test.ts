import { describe, expect, it } from 'vitest';
import type { Issuer } from '../../shared/domain/documents.ts';
import { composeMail, escapeHtml, type MailFacts } from '../../shared/domain/mail.ts';
import { Money } from '../../shared/domain/money.ts';

const issuer: Issuer = {
  name: 'Luton Borough Council',
  address: 'Town Hall, Luton LU1 2BQ',
  vatNumber: 'GB123456789',
  bank: { accountName: 'Luton BC General', sortCode: '12-34-56', accountNumber: '12345678' },
  remittanceEmail: 'remittances@luton.example',
  contact: { name: 'LSAB Business Unit', email: 'lsab@luton.example', phone: '01582 546000' },
  paymentTermsDays: 30,
};

const base: MailFacts = {
  kind: 'invoice',
  boardName: 'Luton Safeguarding Adults Board',
  partnerName: 'BLMK ICB',
  number: 'INV-000042',
  amount: Money.fromStored('81305.00'),
  issueDate: '2025-04-01',
  dueDate: '2025-05-01',
  issuer,
  attachmentName: 'INV-000042.pdf',
};

describe('what the emails say', () => {
  it('an invoice: number, amount in pounds, due date in UK words, bank details, reference to quote, whom to ask', () => {
    const m = composeMail(base);
    expect(m.subject).toBe('Invoice INV-000042 from Luton Safeguarding Adults Board: £81,305.00 due 1 May 2025');
    for (const body of [m.text, m.html]) {
      expect(body).toContain('INV-000042');
      expect(body).toContain('£81,305.00');
      expect(body).toContain('1 May 2025');
      expect(body).toContain('sort code 12-34-56, account 12345678');
      expect(body).toContain('quoting INV-000042 as the payment reference');
      expect(body).toContain('remittances@luton.example');
      expect(body).toContain('lsab@luton.example');
      expect(body).toContain('INV-000042.pdf');
    }
  });

  it('an invoice sent again after a part payment says what is still due, as its PDF does; a settled one asks for nothing', () => {
    const part = composeMail({ ...base, outstanding: Money.fromStored('31305.00') });
    expect(part.subject).toBe('Invoice INV-000042 from Luton Safeguarding Adults Board: £31,305.00 due 1 May 2025');
    expect(part.text).toContain('£81,305.00'); // the invoice's amount
    expect(part.text).toMatch(/Amount due\W+£31,305\.00/);
    expect(part.text).toContain('quoting INV-000042 as the payment reference');
    const settled = composeMail({ ...base, outstanding: Money.zero });
    expect(settled.subject).toBe('Invoice INV-000042 from Luton Safeguarding Adults Board: £81,305.00, settled');
    expect(settled.text).toContain('Nothing is owed on this invoice');
    expect(settled.text).not.toContain('sort code');
    expect(settled.text).not.toContain('1 May 2025');
    // Unchanged since issue: as before.
    expect(composeMail({ ...base, outstanding: Money.fromStored('81305.00') })).toEqual(composeMail(base));
  });

  it('a credit note: negative amount, the invoice it credits, no due date and nothing to pay', () => {
    const m = composeMail({
      ...base,
      kind: 'credit-note',
      number: 'CN-000001',
      amount: Money.fromStored('-1500.00'),
      credits: 'INV-000042',
      dueDate: undefined,
      reason: 'duplicate',
    });
    expect(m.subject).toBe('Credit note CN-000001 from Luton Safeguarding Adults Board: -£1,500.00 against INV-000042');
    expect(m.text).toContain('-£1,500.00');
    expect(m.text).toContain('crediting invoice INV-000042');
    expect(m.text).not.toMatch(/due/i);
    expect(m.text).toContain('Nothing is to be paid');
    expect(m.text).not.toContain('sort code');
  });

  it('a credit note says what it did as issued: what reduced the invoice, what it left owing, what is held on account', () => {
    const facts: MailFacts = {
      ...base,
      kind: 'credit-note',
      number: 'CN-000002',
      amount: Money.fromStored('-500.00'),
      credits: 'INV-000004',
      dueDate: undefined,
      reason: 'agreed reduction',
      application: { toInvoice: Money.fromStored('300.00'), onAccount: Money.fromStored('200.00'), invoiceOutstandingAfter: Money.zero },
    };
    const m = composeMail(facts);
    for (const body of [m.text, m.html]) {
      expect(body).toContain(
        '£300.00 reduces the amount due on invoice INV-000004 to £0.00; £200.00 is held as credit on your account, to be set against future invoices of ours or refunded to you on request.',
      );
      expect(body).toContain('Nothing is to be paid on a credit note.');
      expect(body).not.toContain('it reduces what you owe, or is held');
    }
    expect(m.text).toMatch(/Reduces INV-000004 by:\s+£300\.00/);
    expect(m.text).toMatch(/Now due on INV-000004:\s+£0\.00/);
    expect(m.text).toMatch(/Held on your account:\s+£200\.00/);
    // All of it to the invoice: nothing said to be held on account.
    const all = composeMail({
      ...facts,
      application: { toInvoice: Money.fromStored('500.00'), onAccount: Money.zero, invoiceOutstandingAfter: Money.fromStored('9500.00') },
    });
    expect(all.text).toContain('£500.00 reduces the amount due on invoice INV-000004 to £9,500.00.');
    expect(all.text).not.toContain('Held on your account');
  });

  it('a reminder: days overdue and what is outstanding', () => {
    const m = composeMail({ ...base, kind: 'reminder', amount: Money.fromStored('1000.50'), daysOverdue: 7 });
    expect(m.subject).toBe('Reminder: invoice INV-000042 from Luton Safeguarding Adults Board is 7 days overdue: £1,000.50 outstanding');
    expect(m.text).toContain('due on 1 May 2025');
    expect(m.text).toContain('Days overdue:');
  });

  it('a reminder one day overdue (a board may set a step of 1 day) says "1 day", not "1 days"', () => {
    const m = composeMail({ ...base, kind: 'reminder', amount: Money.fromStored('1000.50'), daysOverdue: 1 });
    expect(m.subject).toBe('Reminder: invoice INV-000042 from Luton Safeguarding Adults Board is 1 day overdue: £1,000.50 outstanding');
    expect(m.text).toMatch(/Days overdue: +1\n/);
  });

  it('a statement: the period and who owes whom', () => {
    const owed = composeMail({
      ...base,
      kind: 'statement',
      number: '',
      amount: Money.fromStored('250.00'),
      period: { from: '2025-04-01', to: '2025-06-30' },
    });
    expect(owed.subject).toBe(
      'Statement of account from Luton Safeguarding Adults Board, 1 April 2025 to 30 June 2025: £250.00 owed by you',
    );
    const credit = composeMail({
      ...base,
      kind: 'statement',
      number: '',
      amount: Money.fromStored('-250.00'),
      period: { from: '2025-04-01', to: '2025-06-30' },
    });
    expect(credit.subject).toContain('£250.00 owed to you');
    expect(credit.text).toContain('Nothing is to be paid');
  });

  it('escapes everything interpolated into the HTML and keeps the subject on one line', () => {
    const m = composeMail({ ...base, partnerName: '<script>alert("x")</script> & Co', boardName: 'Board\r\nBcc: victim@example.org' });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(escapeHtml(`a<b>"c"'d'&`)).toBe('a&lt;b&gt;&quot;c&quot;&#39;d&#39;&amp;');
  });

  it('without the board invoicing details: still says what to quote, no bank details invented', () => {
    const m = composeMail({ ...base, issuer: undefined });
    expect(m.text).toContain('Please quote INV-000042 with your payment.');
    expect(m.text).not.toContain('sort code');
  });
});
