/**
 * Renders a partner's statement (domain/receivables.ts `Statement`) as an A4 PDF: the board,
 * the partner, the period, the opening balance, one row per movement with its running
 * balance, and the closing balance in words (who owes whom). Text-extractable, pdf-lib's
 * built-in Helvetica like the invoice PDF, continued over as many pages as the lines need.
 * It reads only the statement it is given; the proper document renderers (pdfkit, the issuer
 * block) will replace it without touching the statement's model.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { formatUkDate } from '../../domain/format.ts';
import type { Money } from '../../domain/money.ts';
import type { Statement } from '../../domain/receivables.ts';

export interface StatementParty {
  readonly boardName: string;
  readonly partnerName: string;
  readonly address?: string;
  /** The day the statement was produced. */
  readonly issueDate: string;
}

/** Keeps text inside WinAnsi (what the standard fonts can draw). */
function safe(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x20-\x7e\xa3\xa0-\xff]/g, '?');
}

function clip(text: string, font: PDFFont, size: number, width: number): string {
  let t = safe(text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}...`, size) > width) t = t.slice(0, -1);
  return `${t}...`;
}

/** "£1,234.56", "-£1,234.56". */
const pounds = (m: Money): string => (m.isNegative() ? `-£${m.negate().toDisplay()}` : `£${m.toDisplay()}`);
const amount = (m: Money): string => (m.isZero() ? '' : m.toDisplay());

export function balanceWords(balance: Money): string {
  if (balance.isZero()) return 'Nothing is owed either way';
  return balance.isPositive() ? `Amount owed by you: ${pounds(balance)}` : `Amount owed to you: ${pounds(balance.negate())}`;
}

export async function renderStatementPdf(st: Statement, party: StatementParty): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Statement for ${party.partnerName}, ${formatUkDate(st.from)} to ${formatUkDate(st.to)}`);
  doc.setAuthor(party.boardName);
  doc.setCreationDate(new Date(`${party.issueDate}T00:00:00Z`));
  doc.setModificationDate(new Date(`${party.issueDate}T00:00:00Z`));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.1, 0.1, 0.1);
  const muted = rgb(0.35, 0.35, 0.35);
  const left = 40;
  const right = 555;
  // Dates as UK readers write them (DESIGN 10.2): the date column is wide enough for `30 September 2026`.
  const col = { date: left, document: 128, description: 196, debit: 405, credit: 470, balance: right };
  let page: PDFPage = doc.addPage([595.28, 841.89]);
  let y = 800;
  const text = (s: string, x: number, size = 9, font = regular, color = ink) => page.drawText(safe(s), { x, y, size, font, color });
  const textRight = (s: string, xRight: number, size = 9, font = regular) => {
    const t = safe(s);
    page.drawText(t, { x: xRight - font.widthOfTextAtSize(t, size), y, size, font, color: ink });
  };
  const header = () => {
    text('Date', col.date, 8, bold, muted);
    text('Document', col.document, 8, bold, muted);
    text('Description', col.description, 8, bold, muted);
    textRight('Debit', col.debit, 8, bold);
    textRight('Credit', col.credit, 8, bold);
    textRight('Balance', col.balance, 8, bold);
    y -= 5;
    page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.5, color: muted });
    y -= 12;
  };

  text(party.boardName, left, 15, bold);
  textRight('Statement of account', right, 15, bold);
  y -= 22;
  text(party.partnerName, left, 11, bold);
  textRight(`Period ${formatUkDate(st.from)} to ${formatUkDate(st.to)}`, right, 10);
  y -= 14;
  if (party.address) {
    text(clip(party.address, regular, 9, 330), left, 9, regular, muted);
    textRight(`Produced ${formatUkDate(party.issueDate)}`, right, 9);
    y -= 14;
  }
  y -= 12;
  header();
  text(formatUkDate(st.from), col.date);
  text('Opening balance', col.description, 9, bold);
  textRight(st.openingBalance.toDisplay(), col.balance, 9, bold);
  y -= 14;
  for (const line of st.lines) {
    if (y < 70) {
      page = doc.addPage([595.28, 841.89]);
      y = 800;
      header();
    }
    text(formatUkDate(line.date), col.date);
    text(clip(line.document, regular, 9, 64), col.document);
    text(clip(line.description, regular, 9, 155), col.description);
    textRight(amount(line.debit), col.debit);
    textRight(amount(line.credit), col.credit);
    textRight(line.balance.toDisplay(), col.balance);
    y -= 13;
  }
  page.drawLine({ start: { x: left, y: y + 6 }, end: { x: right, y: y + 6 }, thickness: 0.5, color: muted });
  y -= 8;
  text(formatUkDate(st.to), col.date);
  text('Closing balance', col.description, 10, bold);
  textRight(st.closingBalance.toDisplay(), col.balance, 10, bold);
  y -= 22;
  text(balanceWords(st.closingBalance), left, 11, bold);
  y -= 16;
  text(
    'A positive balance is owed by you to the Board; a negative one is owed to you. Please quote the document numbers with any payment.',
    left,
    8,
    regular,
    muted,
  );
  return doc.save({ useObjectStreams: false });
}
