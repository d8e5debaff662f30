/**
 * A partner's statement of account (DESIGN 10.1 and 10.2): the balance brought forward, every
 * invoice, credit note, payment and refund of the period with the running balance, and the
 * balance carried forward in words ("Amount owed by you" / "Amount owed to you"); then how to
 * pay, the query contact and a remittance advice.
 */
import { balanceWording, checkStatement, type StatementDocument } from '../../domain/documents.ts';
import { formatAccountNumber, formatDays, formatMoney, formatSortCode, formatUkDate } from '../../domain/format.ts';
import { addressee, bankPairs, letterhead, queryLine, RIGHT_WIDTH, RIGHT_X, remittanceSlip } from './parts.ts';
import { COLOURS, LEFT, PdfWriter } from './writer.ts';

const blank = (m: { isZero(): boolean }, text: string) => (m.isZero() ? '' : text);

/** Renders a statement; refuses one whose running balances do not follow from its opening balance. */
export async function renderStatement(doc: StatementDocument): Promise<Uint8Array> {
  checkStatement(doc);
  const period = `${formatUkDate(doc.from)} to ${formatUkDate(doc.to)}`;
  const w = await PdfWriter.create({
    title: `Statement of account: ${doc.partner.name}, ${period}`,
    author: doc.issuer.name,
    subject: `Statement of account for ${doc.partner.name}: ${doc.boardName}`,
    keywords: ['Statement of account', doc.boardName, doc.partner.name].join(', '),
    date: doc.issueDate,
    footer: `Statement of account to ${formatUkDate(doc.to)}  ·  ${doc.issuer.name}`,
  });

  const facts: [string, string][] = [
    ['Statement date', formatUkDate(doc.issueDate)],
    ['Period', period],
  ];
  letterhead(w, doc.issuer, 'Statement of account', facts);
  addressee(w, 'Account of', doc.partner, { heading: 'Contributions to', lines: [doc.boardName] });

  w.heading(w.root, 'Account activity', 2, 60);
  w.table({
    columns: [
      { header: 'Date', width: 85 },
      { header: 'Document', width: 78 },
      { header: 'Description', width: 142.28 },
      { header: 'Debit', width: 63, align: 'right' },
      { header: 'Credit', width: 63, align: 'right' },
      { header: 'Balance', width: 64, align: 'right' },
    ],
    rows: [
      [formatUkDate(doc.from), '', 'Balance brought forward', '', '', formatMoney(doc.openingBalance)],
      ...doc.lines.map((l) => [
        formatUkDate(l.date),
        l.document,
        l.description,
        blank(l.debit, formatMoney(l.debit)),
        blank(l.credit, formatMoney(l.credit)),
        formatMoney(l.balance),
      ]),
    ],
    footer: [[formatUkDate(doc.to), '', 'Balance carried forward', '', '', formatMoney(doc.closingBalance)]],
    zebra: true,
    continued: `Statement of account to ${formatUkDate(doc.to)}, continued`,
    size: 8.5,
  });
  w.y += 10;

  // The closing balance in words, boxed on the right; what the sign means beside it.
  const wording = balanceWording(doc.closingBalance);
  const h = w.measure(wording, RIGHT_WIDTH - 16, { bold: true, size: 11 }) + 14;
  const legend = 'A positive balance is owed by you to us; a negative balance (shown -£) is owed by us to you.';
  const legendWidth = RIGHT_X - LEFT - 20;
  w.ensure(Math.max(h, w.measure(legend, legendWidth, { size: 8.5 })) + 40);
  const top = w.y;
  w.tag(w.root, 'P', () => w.draw(legend, LEFT, top + 4, legendWidth, { size: 8.5, color: COLOURS.muted }));
  w.box(RIGHT_X, top, RIGHT_WIDTH, h, COLOURS.shade, COLOURS.accent);
  w.tag(w.root, 'P', () => w.draw(wording, RIGHT_X + 8, top + 7, RIGHT_WIDTH - 16, { bold: true, size: 11 }));
  w.y += h + 12;

  const i = doc.issuer;
  const owed = doc.closingBalance.isPositive();
  const bank = `${i.bank.accountName}, sort code ${formatSortCode(i.bank.sortCode)}, account number ${formatAccountNumber(i.bank.accountNumber)}`;
  const sect = w.group(w.root, 'Sect', { title: owed ? 'How to pay' : 'Your account' });
  w.heading(sect, owed ? 'How to pay' : 'Your account', 2, 40);
  const style = { size: 9 };
  if (owed) {
    w.paragraph(
      sect,
      `Payment terms: ${formatDays(i.paymentTermsDays)} from each invoice date. Please pay ${formatMoney(doc.closingBalance)} by BACS to ${bank}, quoting the number of each invoice you pay as the payment reference, and email your remittance advice to ${i.remittanceEmail}.`,
      style,
      { after: 3 },
    );
  } else {
    w.paragraph(
      sect,
      doc.closingBalance.isZero()
        ? 'Your account is clear: nothing is owed either way.'
        : `Nothing is due from you: ${formatMoney(doc.closingBalance.negate())} is owed to you. It will be set against your next invoice or refunded to you on request. Our bank details, for your records: ${bank}.`,
      style,
      { after: 3 },
    );
  }
  w.paragraph(sect, queryLine(i), style, { after: 3 });
  sect.end();
  w.y += 6;

  remittanceSlip(w, {
    title: 'Remittance advice',
    intro: `Return this advice with your payment to ${i.remittanceEmail}.`,
    left: [
      ['From', doc.partner.name],
      ['Statement date', formatUkDate(doc.issueDate)],
      [owed ? 'Amount due' : 'Balance', owed ? formatMoney(doc.closingBalance) : balanceWording(doc.closingBalance)],
    ],
    right: bankPairs(i),
    blanks: ['Invoices paid', 'Amount paid', 'Date paid'],
  });
  return w.finish();
}
