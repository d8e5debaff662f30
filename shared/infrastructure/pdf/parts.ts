/**
 * The blocks invoices, credit notes and statements share: the letterhead (the legal supplier
 * on the left, the document's title, number and dates on the right), the addressee, the
 * payment details and the tear-off remittance advice.
 */
import type { PDFStructureElement } from 'pdfkit';
import { addressLines, type BillTo, type Issuer } from '../../domain/documents.ts';
import { formatAccountNumber, formatSortCode, formatVatNumber } from '../../domain/format.ts';
import { COLOURS, CONTENT_WIDTH, LEFT, type PdfWriter, RIGHT } from './writer.ts';

/** The left column (issuer, bill-to) and the right column (title, dates) of the top of a page. */
export const LEFT_WIDTH = 262;
export const RIGHT_WIDTH = 215;
export const RIGHT_X = RIGHT - RIGHT_WIDTH;
const LABEL_WIDTH = 92;

/** The title's size: 22 points, smaller for a title that would not fit its column on one line. */
function titleSize(w: PdfWriter, title: string): number {
  let size = 22;
  while (size > 15 && w.widthOf(title, { bold: true, size }) > RIGHT_WIDTH) size -= 1;
  return size;
}

/**
 * Issuer on the left, the document title and its facts on the right, side by side in columns
 * that never meet; the block ends below the taller of the two.
 */
export function letterhead(w: PdfWriter, issuer: Issuer, title: string, facts: readonly (readonly [string, string])[]): void {
  const top = w.y;
  const from = w.group(w.root, 'Sect', { title: 'From' });
  let left = top;
  w.tag(from, 'P', () => {
    left += w.draw(issuer.name, LEFT, left, LEFT_WIDTH, { bold: true, size: 13 });
  });
  left += 2;
  const address = addressLines(issuer.address).join('\n');
  w.tag(from, 'P', () => {
    left += w.draw(address, LEFT, left, LEFT_WIDTH, { size: 9, color: COLOURS.muted });
  });
  if (issuer.vatNumber) {
    left += 3;
    const vat = `VAT registration number: ${formatVatNumber(issuer.vatNumber)}`;
    w.tag(from, 'P', () => {
      left += w.draw(vat, LEFT, left, LEFT_WIDTH, { size: 9 });
    });
  }
  from.end();

  const head = w.group(w.root, 'Sect', { title });
  let right = top;
  const size = titleSize(w, title);
  w.tag(head, 'H1', () => {
    right += w.draw(title, RIGHT_X, right - size / 5, RIGHT_WIDTH, { bold: true, size, color: COLOURS.accent }) - size / 10;
  });
  right += 4;
  right += w.pairs(head, facts, RIGHT_X, right, LABEL_WIDTH, RIGHT_WIDTH - LABEL_WIDTH, { size: 9 });
  head.end();

  w.y = Math.max(left, right) + 8;
  w.rule(w.y, { color: COLOURS.accent, width: 1.2 });
  w.y += 12;
}

/**
 * The addressee on the left ("Bill to", the address and whom it is for the attention of), and
 * on the right, in the same columns as the letterhead, the partner's purchase order number
 * and what the document is about (the board and the year).
 */
export function addressee(w: PdfWriter, heading: string, to: BillTo, aside: { heading: string; lines: readonly string[] }): void {
  const top = w.y;
  const small = { bold: true, size: 8.5, color: COLOURS.muted } as const;
  const block = w.group(w.root, 'Sect', { title: heading });
  let left = top;
  w.tag(block, 'H2', () => {
    left += w.draw(heading, LEFT, left, LEFT_WIDTH, small);
  });
  left += 1;
  w.tag(block, 'P', () => {
    left += w.draw(to.name, LEFT, left, LEFT_WIDTH, { bold: true, size: 10.5 });
  });
  const address = addressLines(to.address).join('\n');
  w.tag(block, 'P', () => {
    left += w.draw(address, LEFT, left, LEFT_WIDTH, { size: 9 });
  });
  left += 3;
  const contact: [string, string][] = [];
  if (to.contact) contact.push(['For the attention of', to.contact]);
  if (to.email) contact.push(['Email', to.email]);
  left += w.pairs(block, contact, LEFT, left, 92, LEFT_WIDTH - 92, { size: 8.5 }, 1);
  block.end();

  const side = w.group(w.root, 'Sect', { title: 'Purchase order' });
  let right = top;
  w.tag(side, 'H2', () => {
    right += w.draw('Purchase order number', RIGHT_X, right, RIGHT_WIDTH, small);
  });
  right += 1;
  const po = to.poNumber?.trim() ? to.poNumber : 'None given';
  w.tag(side, 'P', () => {
    right += w.draw(po, RIGHT_X, right, RIGHT_WIDTH, { bold: true, size: 10.5 });
  });
  side.end();
  right += 8;
  const about = w.group(w.root, 'Sect', { title: aside.heading });
  w.tag(about, 'H2', () => {
    right += w.draw(aside.heading, RIGHT_X, right, RIGHT_WIDTH, small);
  });
  right += 1;
  aside.lines.forEach((line, i) => {
    w.tag(about, 'P', () => {
      right += w.draw(line, RIGHT_X, right, RIGHT_WIDTH, { bold: i === 0, size: i === 0 ? 10.5 : 9 }) + 1;
    });
  });
  about.end();
  w.y = Math.max(left, right) + 12;
}

/** The issuer's bank details as label-value pairs. */
export function bankPairs(issuer: Issuer): [string, string][] {
  return [
    ['Account name', issuer.bank.accountName],
    ['Sort code', formatSortCode(issuer.bank.sortCode)],
    ['Account number', formatAccountNumber(issuer.bank.accountNumber)],
  ];
}

/** Who answers queries, in one line. */
export function queryLine(issuer: Issuer): string {
  const c = issuer.contact;
  return `Queries: ${c.name}, ${c.email}, ${c.phone}.`;
}

const PAIR_GAP = 20;
const PAIR_COLUMN = (CONTENT_WIDTH - PAIR_GAP) / 2;

/**
 * A block with a heading and two columns of label-value pairs, then sentences across the
 * page; moved whole to the next page when it does not fit.
 */
export function detailsBlock(
  w: PdfWriter,
  heading: string,
  left: readonly (readonly [string, string])[],
  right: readonly (readonly [string, string])[],
  sentences: readonly string[],
): void {
  const labelWidth = 100;
  const style = { size: 9 };
  const headingHeight = w.measure(heading, CONTENT_WIDTH, { bold: true, size: 11.5 }) + 3;
  const pairsHeight = Math.max(
    w.pairsHeight(left, labelWidth, PAIR_COLUMN - labelWidth, style),
    w.pairsHeight(right, labelWidth, PAIR_COLUMN - labelWidth, style),
  );
  const textHeight = sentences.reduce((h, t) => h + w.measure(t, CONTENT_WIDTH, style) + 3, 0);
  w.ensure(headingHeight + pairsHeight + 4 + textHeight);
  const sect = w.group(w.root, 'Sect', { title: heading });
  const top = w.y;
  w.tag(sect, 'H2', () => w.draw(heading, LEFT, top, CONTENT_WIDTH, { bold: true, size: 11.5, color: COLOURS.accent }));
  const pairsTop = top + headingHeight;
  w.pairs(sect, left, LEFT, pairsTop, labelWidth, PAIR_COLUMN - labelWidth, style);
  w.pairs(sect, right, LEFT + PAIR_COLUMN + PAIR_GAP, pairsTop, labelWidth, PAIR_COLUMN - labelWidth, style);
  w.y = pairsTop + pairsHeight + 4;
  for (const t of sentences) w.paragraph(sect, t, style, { after: 3 });
  sect.end();
  w.y += 6;
}

export interface Slip {
  readonly title: string;
  /** A line beside the title ("Detach and return ..."). */
  readonly intro: string;
  /** Left column: whose payment, for what. */
  readonly left: readonly (readonly [string, string])[];
  /** Right column: where to pay. */
  readonly right: readonly (readonly [string, string])[];
  /** Blank lines to fill in by hand ("Amount paid", "Date paid"). */
  readonly blanks: readonly string[];
}

/**
 * The tear-off remittance advice at the foot of the last page (on a page of its own when the
 * content leaves no room): a dashed cut line, what is being paid and where to.
 */
export function remittanceSlip(w: PdfWriter, slip: Slip): void {
  const labelWidth = 96;
  const style = { size: 8.5 };
  // The title, and the intro beside it on the right when it fits there (below it otherwise).
  const titleWidth = w.widthOf(slip.title, { bold: true, size: 12 }) + 12;
  const introWidth = CONTENT_WIDTH - titleWidth;
  const titleHeight = w.measure(slip.title, CONTENT_WIDTH, { bold: true, size: 12 });
  const introBeside = w.widthOf(slip.intro, style) <= introWidth;
  const introHeight = introBeside ? 0 : w.measure(slip.intro, CONTENT_WIDTH, { ...style, color: COLOURS.muted });
  const pairsHeight = Math.max(
    w.pairsHeight(slip.left, labelWidth, PAIR_COLUMN - labelWidth, style, 1.5),
    w.pairsHeight(slip.right, labelWidth, PAIR_COLUMN - labelWidth, style, 1.5),
  );
  const blanksHeight = 20;
  const needed = 8 + titleHeight + introHeight + 4 + pairsHeight + 8 + blanksHeight;
  if (w.room < needed + 6) w.newPage();
  // At the foot of the page, so that it can be cut off.
  const top = w.y + w.room - needed;
  w.rule(top, { dash: 3, color: COLOURS.muted, width: 0.8 });
  const sect = w.group(w.root, 'Sect', { title: slip.title });
  let y = top + 8;
  const titleTop = y;
  w.tag(sect, 'H2', () => w.draw(slip.title, LEFT, titleTop, CONTENT_WIDTH, { bold: true, size: 12, color: COLOURS.accent }));
  if (introBeside) {
    w.tag(sect, 'P', () =>
      w.draw(slip.intro, LEFT + titleWidth, titleTop + 4, introWidth, { ...style, color: COLOURS.muted, align: 'right' }),
    );
    y += titleHeight + 4;
  } else {
    y += titleHeight;
    w.tag(sect, 'P', () => {
      y += w.draw(slip.intro, LEFT, y, CONTENT_WIDTH, { ...style, color: COLOURS.muted }) + 4;
    });
  }
  w.pairs(sect, slip.left, LEFT, y, labelWidth, PAIR_COLUMN - labelWidth, style, 1.5);
  w.pairs(sect, slip.right, LEFT + PAIR_COLUMN + PAIR_GAP, y, labelWidth, PAIR_COLUMN - labelWidth, style, 1.5);
  y += pairsHeight + 8;
  const blankWidth = CONTENT_WIDTH / Math.max(1, slip.blanks.length);
  slip.blanks.forEach((label, i) => {
    const x = LEFT + i * blankWidth;
    const lw = w.widthOf(label, style) + 6;
    w.tag(sect, 'P', () => w.draw(label, x, y, blankWidth - 12, style));
    w.rule(y + 11, { x1: x + lw, x2: x + blankWidth - 16, color: COLOURS.muted, width: 0.5 });
  });
  sect.end();
  w.y = y + blanksHeight;
}

export type { PDFStructureElement };
