/**
 * A partner's statement of account (DESIGN 10.1 and 10.2): the balance brought forward, every
 * invoice, credit note, payment and refund of the period with the running balance, and the
 * balance carried forward in words ("Amount owed by you" / "Amount owed to you"); then how to
 * pay, the query contact and a remittance advice.
 */
import { balanceWording, checkStatement, type StatementDocument } from '../../domain/documents.ts';
import { formatDays, formatMoney, formatUkDate } from '../../domain/format.ts';
import { addressee, bankPairs, detailsBlock, letterhead, queryLine, RIGHT_WIDTH, RIGHT_X, remittanceSlip } from './parts.ts';
import { COLOURS, PdfWriter } from './writer.ts';

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
      { header: 'Date', width: 86 },
      { header: 'Document', width: 80 },
      { header: 'Description', width: 131.28 },
      { header: 'Debit', width: 66, align: 'right' },
      { header: 'Credit', width: 66, align: 'right' },
      { header: 'Balance', width: 66, align: 'right' },
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

  // The closing balance in words, boxed, on the right.
  const wording = balanceWording(doc.closingBalance);
  const h = w.measure(wording, RIGHT_WIDTH - 16, { bold: true, size: 11 }) + 14;
  w.ensure(h + 40);
  w.box(RIGHT_X, w.y, RIGHT_WIDTH, h, COLOURS.shade, COLOURS.accent);
  const top = w.y;
  w.tag(w.root, 'P', () => w.draw(wording, RIGHT_X + 8, top + 7, RIGHT_WIDTH - 16, { bold: true, size: 11 }));
  w.y += h + 6;
  w.paragraph(w.root, 'A positive balance is owed by you to us; a negative balance (shown -£) is owed by us to you.', {
    size: 8.5,
    color: COLOURS.muted,
  });
  w.y += 8;

  const i = doc.issuer;
  const owed = doc.closingBalance.isPositive();
  detailsBlock(
    w,
    owed ? 'How to pay' : 'Your account',
    [
      ['Payment terms', `${formatDays(i.paymentTermsDays)} from each invoice date`],
      [owed ? 'Amount due' : 'Amount owed to you', formatMoney(owed ? doc.closingBalance : doc.closingBalance.negate())],
      ['Payment reference', 'The number of each invoice you pay'],
    ],
    bankPairs(i),
    [
      owed
        ? `Please pay by BACS to the account shown, quoting the number of each invoice you pay as the payment reference, and email your remittance advice to ${i.remittanceEmail}.`
        : doc.closingBalance.isZero()
          ? 'Your account is clear: nothing is owed either way.'
          : 'Nothing is due from you. The credit on your account will be set against your next invoice or refunded to you on request.',
      queryLine(i),
    ],
  );

  remittanceSlip(w, {
    title: 'Remittance advice',
    intro: owed
      ? `Detach and return this advice to ${i.remittanceEmail} with your payment, listing the invoices it pays.`
      : `If you make a payment, return this advice to ${i.remittanceEmail}, listing the invoices it pays.`,
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
