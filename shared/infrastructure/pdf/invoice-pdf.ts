/**
 * Renders an invoice or credit note as a one-page A4 PDF: the board (and the issuer, when the
 * document froze one), the partner's billing details, the lines with their explanation and VAT
 * treatment, the totals, payments and what is outstanding. It prints the document as stored:
 * names and addresses frozen at issue, never the partner's or board's records as they are now
 * (`fallbackBoardName` serves only documents of the first release, which froze no board name).
 * Pure (bytes in memory); uses pdf-lib's built-in Helvetica, whose WinAnsi encoding has £.
 * This module is the pdf-lib side bundle's (shared/lazy/pdf-lib.ts): callers reach it through the
 * loaders of ./index.ts, so pdf-lib and this code load on the first such PDF.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { DocumentView } from '../../application/invoices.ts';
import { creditApplicationWords } from '../../domain/documents.ts';
import { formatFinancialYear, formatMoney, formatUkDate } from '../../domain/format.ts';
import { documentNumber } from '../../domain/invoice.ts';
import type { DocumentStatus } from '../../domain/receivables.ts';

const VAT_LABEL: Record<string, string> = {
  'outside-scope': 'Outside the scope of VAT',
  exempt: 'Exempt',
  'zero-rated': 'Zero-rated',
  standard: 'Standard rate',
};

/** The document's status as the JSON and the CSV give it, in words where the one word is not enough. */
const STATUS_WORDS: Record<DocumentStatus, string> = {
  issued: 'issued',
  paid: 'paid',
  credited: 'credited',
  used: 'used (all of its credit has been applied to invoices or refunded)',
};

/** Keeps text inside WinAnsi (what the standard fonts can draw). */
function safe(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x20-\x7e\xa3\xa0-\xff]/g, '?');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = safe(text).split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export async function renderInvoicePdf(view: DocumentView, fallbackBoardName = ''): Promise<Uint8Array> {
  const { doc: inv, figures } = view;
  const party = { boardName: inv.boardName ?? fallbackBoardName, partnerName: inv.partnerName ?? inv.billTo.name };
  const doc = await PDFDocument.create();
  const creditNote = inv.kind === 'credit-note';
  const title = creditNote ? 'Credit note' : 'Invoice';
  const number = documentNumber(inv) || 'DRAFT';
  doc.setTitle(`${title} ${number}`);
  doc.setAuthor(party.boardName);
  doc.setSubject(`${title} ${number} to ${party.partnerName} for ${formatFinancialYear(inv.yearId)}`);
  doc.setCreationDate(new Date(`${inv.issueDate}T00:00:00Z`));
  doc.setModificationDate(new Date(`${inv.issueDate}T00:00:00Z`));
  const page: PDFPage = doc.addPage([595.28, 841.89]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.1, 0.1, 0.1);
  const muted = rgb(0.35, 0.35, 0.35);
  const left = 50;
  const right = 545;
  let y = 790;
  const text = (s: string, x: number, size = 10, font = regular, color = ink) => page.drawText(safe(s), { x, y, size, font, color });
  const textRight = (s: string, xRight: number, size = 10, font = regular) => {
    const t = safe(s);
    page.drawText(t, { x: xRight - font.widthOfTextAtSize(t, size), y, size, font, color: ink });
  };

  text(safe(party.boardName), left, 16, bold);
  textRight(`${title} ${number}`, right, 16, bold);
  y -= 22;
  // UK dates and the year as people write it, never an internal id (DESIGN 10.2), in this layout too.
  const issued = `Issued ${formatUkDate(inv.issueDate)}`;
  text(`Financial year ${formatFinancialYear(inv.yearId)}`, left, 10, regular, muted);
  textRight(creditNote ? issued : `${issued}   Due ${formatUkDate(inv.dueDate)}`, right, 10);
  y -= 16;
  if (inv.issuer) {
    const i = inv.issuer;
    text(`Issued by ${i.name}, ${i.address}${i.vatNumber ? `  VAT ${i.vatNumber}` : ''}`, left, 9, regular, muted);
    y -= 12;
  }
  y -= 14;

  text('Bill to', left, 9, bold, muted);
  y -= 14;
  text(party.partnerName, left, 11, bold);
  y -= 14;
  for (const l of wrap(inv.billTo.address, regular, 10, 300)) {
    text(l, left);
    y -= 13;
  }
  text(`${inv.billTo.contact} <${inv.billTo.email}>`, left);
  y -= 13;
  if (inv.billTo.poNumber) {
    text(`Purchase order: ${inv.billTo.poNumber}`, left);
    y -= 13;
  }
  if (inv.credits) {
    text(`Credits invoice: ${view.creditsNumber ?? inv.credits}`, left);
    y -= 13;
  }
  y -= 20;

  text('Description', left, 9, bold, muted);
  text('VAT', 370, 9, bold, muted);
  textRight('Amount (GBP)', right, 9, bold);
  y -= 6;
  page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.5, color: muted });
  y -= 14;
  for (const line of inv.lines) {
    const rows = wrap(line.description, regular, 10, 300);
    text(rows[0] ?? '', left);
    text(VAT_LABEL[line.vatTreatment] ?? line.vatTreatment, 370, 8, regular, muted);
    textRight(line.amount.toDisplay(), right);
    y -= 13;
    for (const extra of rows.slice(1)) {
      text(extra, left);
      y -= 13;
    }
    y -= 4;
  }
  page.drawLine({ start: { x: left, y: y + 6 }, end: { x: right, y: y + 6 }, thickness: 0.5, color: muted });
  y -= 10;
  text('VAT', 370, 10);
  textRight(inv.vatTotal.toDisplay(), right);
  y -= 16;
  text('Total', 370, 11, bold);
  textRight(formatMoney(inv.total), right, 11, bold);
  y -= 16;
  if (creditNote) {
    if (!figures.allocated.isZero()) {
      text('Applied to invoices', 370, 10);
      textRight(figures.allocated.toDisplay(), right);
      y -= 16;
    }
    if (!figures.refunded.isZero()) {
      text('Refunded', 370, 10);
      textRight(figures.refunded.toDisplay(), right);
      y -= 16;
    }
    text('Credit on account', 370, 10, bold);
    textRight(figures.outstanding.toDisplay(), right, 10, bold);
    y -= 16;
  } else if (!figures.paid.isZero() || !figures.allocated.isZero()) {
    if (!figures.paid.isZero()) {
      text('Paid', 370, 10);
      textRight(figures.paid.toDisplay(), right);
      y -= 16;
    }
    if (!figures.allocated.isZero()) {
      text('Credited', 370, 10);
      textRight(figures.allocated.toDisplay(), right);
      y -= 16;
    }
    text('Balance', 370, 10, bold);
    textRight(figures.outstanding.toDisplay(), right, 10, bold);
    y -= 16;
  }
  y -= 20;
  if (creditNote && inv.application) {
    // What the note did when issued, as frozen on it: the words its full layout and its email use.
    const words = creditApplicationWords({
      ...(view.creditsNumber ? { credits: view.creditsNumber } : {}),
      total: inv.total,
      application: inv.application,
    });
    for (const l of wrap(words, regular, 9, right - left)) {
      text(l, left, 9);
      y -= 12;
    }
    y -= 6;
  }
  text(`Status: ${STATUS_WORDS[figures.status]}.`, left, 9, regular, muted);
  y -= 12;
  for (const l of wrap(
    'Contributions between the statutory partners of the Board are treated as outside the scope of VAT unless a line says otherwise. Please quote the invoice number with your payment.',
    regular,
    8,
    right - left,
  )) {
    text(l, left, 8, regular, muted);
    y -= 11;
  }
  return doc.save({ useObjectStreams: false });
}
