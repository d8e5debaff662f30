/**
 * Invoices and credit notes as an NHS or police accounts-payable clerk expects them (DESIGN
 * 10.2): the legal supplier with its address and VAT number, the bill-to with its purchase
 * order number, UK dates, the lines with their VAT treatment, the totals; on an invoice the
 * payment terms, due date, bank details, the reference to quote and a remittance advice; on a
 * credit note the invoice it credits (by number) and why, and no due date.
 */
import {
  type CreditNoteOnlyFields,
  checkInvoiceDocument,
  creditApplicationWords,
  type InvoiceDocument,
  type InvoiceOnlyFields,
  VAT_TREATMENT_WORDS,
} from '../../domain/documents.ts';
import { formatDays, formatMoney, formatUkDate } from '../../domain/format.ts';
import { addressee, bankPairs, detailsBlock, letterhead, queryLine, RIGHT_WIDTH, RIGHT_X, remittanceSlip } from './parts.ts';
import { COLOURS, CONTENT_WIDTH, PdfWriter } from './writer.ts';

type Invoice = InvoiceDocument & InvoiceOnlyFields;
type CreditNote = InvoiceDocument & CreditNoteOnlyFields;

/** Renders an issued invoice or credit note; refuses a snapshot whose figures do not add up. */
export async function renderInvoice(doc: InvoiceDocument): Promise<Uint8Array> {
  checkInvoiceDocument(doc);
  const credit = doc.kind === 'credit-note';
  const title = credit ? 'Credit note' : 'Invoice';
  const w = await PdfWriter.create({
    title: `${title} ${doc.number}`,
    author: doc.issuer.name,
    subject: `${title} ${doc.number} to ${doc.billTo.name}: ${doc.boardName}, ${doc.yearLabel}`,
    keywords: [title, doc.number, doc.boardName, doc.yearLabel, ...(credit && doc.credits ? [doc.credits] : [])].join(', '),
    date: doc.issueDate,
    footer: `${title} ${doc.number}  ·  ${doc.issuer.name}`,
  });

  const facts: [string, string][] = credit
    ? [
        ['Credit note number', doc.number],
        ['Date of issue', formatUkDate(doc.issueDate)],
        ...(doc.credits ? ([['Credits invoice', doc.credits]] as [string, string][]) : []),
        ...(doc.creditsIssueDate ? ([['Invoice date', formatUkDate(doc.creditsIssueDate)]] as [string, string][]) : []),
      ]
    : [
        ['Invoice number', doc.number],
        ['Invoice date', formatUkDate(doc.issueDate)],
        ['Due date', formatUkDate(doc.dueDate)],
      ];
  letterhead(w, doc.issuer, title, facts);

  addressee(w, credit ? 'Credit to' : 'Bill to', doc.billTo, {
    heading: 'Issued on behalf of',
    lines: [doc.boardName, `Financial year ${doc.yearLabel}`],
  });

  if (credit) creditReason(w, doc);
  lines(w, doc);
  totals(w, doc);
  if (credit) creditApplied(w, doc);
  else payment(w, doc);
  remittanceSlip(w, credit ? creditSlip(doc) : invoiceSlip(doc));
  return w.finish();
}

function creditReason(w: PdfWriter, doc: CreditNote): void {
  const sect = w.group(w.root, 'Sect', { title: 'Reason for credit' });
  w.paragraph(sect, doc.credits ? `Credits invoice ${doc.credits}` : 'Credit on your account', { bold: true, size: 10.5 }, { after: 2 });
  w.paragraph(sect, `Reason: ${doc.reason}`, { size: 9.5 }, { after: 12 });
  sect.end();
}

function lines(w: PdfWriter, doc: InvoiceDocument): void {
  w.heading(w.root, doc.kind === 'credit-note' ? 'What is credited' : 'What is charged', 2, 60);
  w.table({
    columns: [
      { header: 'Description', width: CONTENT_WIDTH - 125 - 105 },
      { header: 'VAT', width: 125 },
      { header: 'Amount', width: 105, align: 'right' },
    ],
    rows: doc.lines.map((l) => [l.description, VAT_TREATMENT_WORDS[l.vatTreatment], formatMoney(l.amount)]),
    continued: `${doc.kind === 'credit-note' ? 'Credit note' : 'Invoice'} ${doc.number}, lines continued`,
    size: 9,
  });
  w.y += 8;
}

function totals(w: PdfWriter, doc: InvoiceDocument): void {
  const net = doc.total.minus(doc.vatTotal);
  const rows: [string, string, boolean][] = [
    ['Total before VAT', formatMoney(net), false],
    ['VAT', formatMoney(doc.vatTotal), false],
  ];
  if (doc.kind === 'credit-note') rows.push(['Total credit', formatMoney(doc.total), true]);
  else
    rows.push(
      ['Total', formatMoney(doc.total), true],
      ['Paid to date', formatMoney(doc.paid), false],
      ...(doc.credited && !doc.credited.isZero()
        ? [['Credit applied', formatMoney(doc.credited), false] as [string, string, boolean]]
        : []),
      ['Balance due', formatMoney(doc.balance), true],
    );
  const height = rows.length * 17 + 8;
  if (w.ensure(height)) {
    w.paragraph(
      w.root,
      `${doc.kind === 'credit-note' ? 'Credit note' : 'Invoice'} ${doc.number}, continued`,
      { size: 8.5, color: COLOURS.muted },
      { after: 8 },
    );
  }
  const sect = w.group(w.root, 'Sect', { title: 'Totals' });
  let y = w.y;
  for (const [label, value, strong] of rows) {
    const top = y;
    if (strong) w.box(RIGHT_X, top - 2, RIGHT_WIDTH, 17, COLOURS.shade);
    w.tag(sect, 'P', () => {
      w.draw(label, RIGHT_X + 6, top + 1, RIGHT_WIDTH - 118, { bold: strong, size: strong ? 10 : 9.5 });
      w.draw(value, RIGHT_X + RIGHT_WIDTH - 112, top + 1, 106, { bold: strong, size: strong ? 10 : 9.5, align: 'right' });
    });
    y += 17;
  }
  sect.end();
  const allOutside = doc.lines.every((l) => l.vatTreatment === 'outside-scope');
  w.y = y + 4;
  if (allOutside && doc.vatTotal.isZero()) {
    w.paragraph(w.root, 'No VAT is charged: contributions between the statutory partners of the Board are outside the scope of VAT.', {
      size: 8.5,
      color: COLOURS.muted,
    });
  }
  w.y += 6;
}

function payment(w: PdfWriter, doc: Invoice): void {
  const i = doc.issuer;
  detailsBlock(
    w,
    'How to pay',
    [
      ['Payment terms', `${formatDays(i.paymentTermsDays)} from the invoice date`],
      ['Due date', formatUkDate(doc.dueDate)],
      ['Amount due', formatMoney(doc.balance)],
      ['Payment reference', doc.number],
    ],
    bankPairs(i),
    [
      `Please pay by BACS to the account shown and quote ${doc.number} as the payment reference. Email your remittance advice to ${i.remittanceEmail}.`,
      queryLine(i),
    ],
  );
}

function creditApplied(w: PdfWriter, doc: CreditNote): void {
  const i = doc.issuer;
  const a = doc.application;
  if (a) {
    // What the note did when issued, as frozen on it: the figures, then the same in words.
    const after = a.invoiceOutstandingAfter;
    const held: [string, string][] = [['Held on account', formatMoney(a.onAccount)]];
    const invoice: [string, string][] = [
      ['Reduces invoice', formatMoney(a.toInvoice)],
      ...(after ? ([['Invoice now due', formatMoney(after)]] as [string, string][]) : []),
    ];
    // A note that credits no invoice has only what it puts on account to show.
    detailsBlock(w, 'How this credit is applied', doc.credits ? invoice : held, doc.credits ? held : [], [
      `${creditApplicationWords(doc)} Nothing is to be paid against this credit note.`,
      queryLine(i),
    ]);
    return;
  }
  const sect = w.group(w.root, 'Sect', { title: 'How this credit is applied' });
  w.heading(sect, 'How this credit is applied', 2, 50);
  const style = { size: 9 };
  w.paragraph(sect, `${creditApplicationWords(doc)} Nothing is to be paid against this credit note.`, style, { after: 3 });
  w.paragraph(sect, queryLine(i), style, { after: 3 });
  sect.end();
  w.y += 6;
}

function invoiceSlip(doc: Invoice) {
  return {
    title: 'Remittance advice',
    intro: `Detach and return this advice to ${doc.issuer.remittanceEmail} when you pay.`,
    left: [
      ['From', doc.billTo.name],
      ['Invoice number', doc.number],
      ['Invoice date', formatUkDate(doc.issueDate)],
      ['Amount due', formatMoney(doc.balance)],
    ] as [string, string][],
    right: [...bankPairs(doc.issuer), ['Payment reference', doc.number]] as [string, string][],
    blanks: ['Amount paid', 'Date paid'],
  };
}

function creditSlip(doc: CreditNote) {
  return {
    title: 'Remittance advice',
    intro: `If you set this credit against a payment to us, return this advice to ${doc.issuer.remittanceEmail}.`,
    left: [
      ['From', doc.billTo.name],
      ['Credit note number', doc.number],
      ...(doc.credits ? ([['Credits invoice', doc.credits]] as [string, string][]) : []),
      ['Amount credited', formatMoney(doc.total)],
    ] as [string, string][],
    right: bankPairs(doc.issuer),
    blanks: ['Credit taken', 'Date'],
  };
}
