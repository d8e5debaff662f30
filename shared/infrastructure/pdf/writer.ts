/**
 * A small page-layout layer over pdfkit shared by every document: A4 geometry, the embedded
 * Unicode font, measured and wrapped text, tables that flow onto further pages with their
 * header repeated, page footers, and the tagging that makes the PDF accessible.
 *
 * Layout rules, so nothing ever overlaps whatever the length of a name:
 * - every piece of text is drawn into a box of known width and its height is measured first
 *   (pdfkit wraps at word boundaries and breaks words longer than the box);
 * - content never runs past {@link BOTTOM}: callers reserve the height a block needs with
 *   {@link PdfWriter.ensure}, which starts a new page when it does not fit;
 * - pdfkit's own margins are zero, so it never breaks a page on its own behind our back.
 *
 * Tagging: the document is a tagged PDF (`/MarkInfo`, a structure tree, `/Lang en-GB`). Every
 * piece of text belongs to a structure element (headings, paragraphs, tables with header cells,
 * figures with alternative text) in reading order; rules, shading and repeated table headers
 * are artifacts. Text is drawn in reading order too, so text extraction reads it that way.
 */
import { PDFDocument, type PDFStructureElement, type PDFDocument as PdfKitDocument, type StructureOptions, type TextOptions } from 'pdfkit';
import { documentFonts } from '../../lazy/fonts.ts';

/** A4 in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const LEFT = 50;
export const RIGHT = PAGE_WIDTH - 50;
export const CONTENT_WIDTH = RIGHT - LEFT;
export const TOP = 48;
/** Content stops here; the footer sits below. */
export const BOTTOM = PAGE_HEIGHT - 56;
const FOOTER_Y = PAGE_HEIGHT - 38;

export const COLOURS = {
  ink: '#1a1a1a',
  muted: '#4d4d4d',
  accent: '#0b4f6c',
  rule: '#8c8c8c',
  faint: '#c8c8c8',
  shade: '#eef2f5',
} as const;

export interface TextStyle {
  readonly bold?: boolean;
  readonly size?: number;
  readonly color?: string;
  readonly align?: 'left' | 'right' | 'center';
  readonly lineGap?: number;
}

const BODY: Required<Omit<TextStyle, 'align'>> = { bold: false, size: 9.5, color: COLOURS.ink, lineGap: 0.5 };

export interface DocumentMeta {
  readonly title: string;
  /** The issuer: who the document is from. */
  readonly author: string;
  readonly subject: string;
  readonly keywords?: string;
  /** ISO date the content was fixed (the issue date): the PDF's creation date, so the same snapshot gives the same bytes. */
  readonly date: string;
  /** Printed in every page's footer, after "Page n of N" (cut to one line). */
  readonly footer: string;
}

export type Cell = string | { readonly text: string; readonly bold?: boolean; readonly color?: string };

export interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
}

export interface TableSpec {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Rows after a rule, in bold (totals). */
  readonly footer?: readonly (readonly Cell[])[];
  /** Structure element to put the table in; the document by default. */
  readonly parent?: PDFStructureElement;
  readonly x?: number;
  readonly size?: number;
  /** Shade every other body row. */
  readonly zebra?: boolean;
  /** Printed above the header on continuation pages: "Lines (continued)". */
  readonly continued?: string;
  /** Start the table on a new page rather than split it, when it fits on one page. */
  readonly keepTogether?: boolean;
}

const PAD_X = 4;
const PAD_Y = 3.5;

function cellText(c: Cell): { text: string; bold: boolean; color?: string } {
  if (typeof c === 'string') return { text: c, bold: false };
  return c.color === undefined ? { text: c.text, bold: c.bold ?? false } : { text: c.text, bold: c.bold ?? false, color: c.color };
}

export class PdfWriter {
  /** Where the next block goes. */
  y = TOP;
  readonly root: PDFStructureElement;
  readonly doc: PdfKitDocument;
  private readonly meta: DocumentMeta;
  private readonly chunks: Uint8Array[] = [];
  private readonly done: Promise<void>;

  private constructor(doc: PdfKitDocument, meta: DocumentMeta) {
    this.doc = doc;
    this.meta = meta;
    doc.on('data', (chunk) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      doc.on('end', resolve);
      doc.on('error', reject);
    });
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /** A new A4 document, tagged, en-GB, in Noto Sans, with its metadata. */
  static async create(meta: DocumentMeta): Promise<PdfWriter> {
    const fonts = await documentFonts();
    const date = new Date(`${meta.date}T00:00:00Z`);
    const doc = new PDFDocument({
      size: [PAGE_WIDTH, PAGE_HEIGHT],
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      font: fonts.regular,
      bufferPages: true,
      pdfVersion: '1.7',
      tagged: true,
      lang: 'en-GB',
      displayTitle: true,
      info: {
        Title: meta.title,
        Author: meta.author,
        Subject: meta.subject,
        ...(meta.keywords ? { Keywords: meta.keywords } : {}),
        Creator: 'Partnership budget and contribution service',
        Producer: 'pdfkit',
        CreationDate: date,
        ModDate: date,
      },
    });
    doc.registerFont('regular', fonts.regular);
    doc.registerFont('bold', fonts.bold);
    return new PdfWriter(doc, meta);
  }

  private use(style: TextStyle): TextOptions {
    const s = { ...BODY, ...style };
    this.doc
      .font(s.bold ? 'bold' : 'regular')
      .fontSize(s.size)
      .fillColor(s.color);
    return { lineGap: s.lineGap, ...(style.align ? { align: style.align } : {}) };
  }

  /** The height `text` takes in a box `width` wide. */
  measure(text: string, width: number, style: TextStyle = {}): number {
    if (text === '') return 0;
    const options = this.use(style);
    return this.doc.heightOfString(text, { ...options, width });
  }

  /** The width of `text` on one line. */
  widthOf(text: string, style: TextStyle = {}): number {
    this.use(style);
    return this.doc.widthOfString(text);
  }

  /** Draws `text` wrapped into a box at (x, y), without tagging it (call inside a structure element). Returns its height. */
  draw(text: string, x: number, y: number, width: number, style: TextStyle = {}): number {
    if (text === '') return 0;
    const height = this.measure(text, width, style);
    const options = this.use(style);
    this.doc.text(text, x, y, { ...options, width });
    return height;
  }

  /** A structure element under `parent` whose content `draw` puts on the page now. */
  tag(parent: PDFStructureElement, type: string, draw: () => void, options: StructureOptions = {}): void {
    parent.add(this.doc.struct(type, options, draw));
  }

  /** A grouping element (a section, a list), attached to `parent` at once; end it with `.end()`. */
  group(parent: PDFStructureElement, type: string, options: StructureOptions = {}): PDFStructureElement {
    const el = this.doc.struct(type, options);
    parent.add(el);
    return el;
  }

  /** Drawing that is not content (rules, shading, repeated headers, page numbers). */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  /** Room left on this page. */
  get room(): number {
    return BOTTOM - this.y;
  }

  /** Starts a new page unless `height` fits below {@link y}. Returns true when it did. */
  ensure(height: number): boolean {
    if (this.y + height <= BOTTOM) return false;
    this.newPage();
    return true;
  }

  newPage(): void {
    this.doc.addPage({ size: [PAGE_WIDTH, PAGE_HEIGHT], margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    this.y = TOP;
  }

  /** A tagged block of text across `width` at the current position, moved to a new page if it does not fit. */
  paragraph(
    parent: PDFStructureElement,
    text: string,
    style: TextStyle = {},
    opts: { tag?: string; x?: number; width?: number; after?: number } = {},
  ) {
    const x = opts.x ?? LEFT;
    const width = opts.width ?? RIGHT - x;
    const height = this.measure(text, width, style);
    this.ensure(height);
    const y = this.y;
    this.tag(parent, opts.tag ?? 'P', () => this.draw(text, x, y, width, style));
    this.y += height + (opts.after ?? 4);
  }

  /** A heading, kept on the same page as the `keepWith` points that follow it. */
  heading(parent: PDFStructureElement, text: string, level: 1 | 2 | 3, keepWith = 40): void {
    const style: TextStyle = { bold: true, size: level === 1 ? 16 : level === 2 ? 11.5 : 10, color: COLOURS.accent };
    const height = this.measure(text, CONTENT_WIDTH, style);
    this.ensure(height + keepWith);
    const y = this.y;
    this.tag(parent, `H${level}`, () => this.draw(text, LEFT, y, CONTENT_WIDTH, style));
    this.y += height + (level === 1 ? 6 : 4);
  }

  /** A horizontal rule across the content width (an artifact). */
  rule(y = this.y, opts: { x1?: number; x2?: number; color?: string; width?: number; dash?: number } = {}): void {
    this.artifact(() => {
      const d = this.doc;
      d.save();
      if (opts.dash) d.dash(opts.dash, { space: opts.dash });
      d.lineWidth(opts.width ?? 0.6)
        .strokeColor(opts.color ?? COLOURS.rule)
        .moveTo(opts.x1 ?? LEFT, y)
        .lineTo(opts.x2 ?? RIGHT, y)
        .stroke();
      d.restore();
    });
  }

  /** A filled (and optionally outlined) rectangle as an artifact. */
  box(x: number, y: number, width: number, height: number, fill: string | undefined, stroke?: string): void {
    this.artifact(() => {
      const d = this.doc;
      d.save();
      d.lineWidth(0.6).rect(x, y, width, height);
      if (fill && stroke) d.fillAndStroke(fill, stroke);
      else if (fill) d.fill(fill);
      else if (stroke) d.stroke(stroke);
      d.restore();
    });
  }

  /** The height {@link pairs} will take with the same arguments. */
  pairsHeight(
    pairs: readonly (readonly [string, string])[],
    labelWidth: number,
    valueWidth: number,
    style: TextStyle = {},
    gap = 2,
  ): number {
    return pairs.reduce(
      (h, [label, value]) =>
        h +
        Math.max(
          this.measure(label, labelWidth - 6, { ...style, color: COLOURS.muted }),
          this.measure(value, valueWidth, { ...style, bold: true }),
        ) +
        gap,
      0,
    );
  }

  /**
   * Label-value pairs in two columns (`Invoice number  INV-000042`), each pair one tagged
   * paragraph, values wrapping in their own column. Returns the height used; draws at `y`.
   */
  pairs(
    parent: PDFStructureElement,
    pairs: readonly (readonly [string, string])[],
    x: number,
    y: number,
    labelWidth: number,
    valueWidth: number,
    style: TextStyle = {},
    gap = 2,
  ): number {
    let at = y;
    for (const [label, value] of pairs) {
      const lh = this.measure(label, labelWidth - 6, { ...style, color: COLOURS.muted });
      const vh = this.measure(value, valueWidth, { ...style, bold: true });
      const top = at;
      this.tag(parent, 'P', () => {
        this.draw(label, x, top, labelWidth - 6, { ...style, color: COLOURS.muted });
        this.draw(value, x + labelWidth, top, valueWidth, { ...style, bold: true });
      });
      at += Math.max(lh, vh) + gap;
    }
    return at - y;
  }

  /** Height of a table row, its cells wrapped in their columns. */
  private rowHeight(cells: readonly Cell[], columns: readonly Column[], size: number, bold = false): number {
    let h = 0;
    cells.forEach((c, i) => {
      const { text, bold: b } = cellText(c);
      const col = columns[i];
      if (col) h = Math.max(h, this.measure(text, col.width - 2 * PAD_X, { size, bold: bold || b }));
    });
    return h + 2 * PAD_Y;
  }

  private drawCells(cells: readonly Cell[], columns: readonly Column[], x: number, y: number, size: number, bold: boolean): void {
    let cx = x;
    cells.forEach((c, i) => {
      const col = columns[i];
      if (!col) return;
      const { text, bold: b, color } = cellText(c);
      this.draw(text, cx + PAD_X, y + PAD_Y, col.width - 2 * PAD_X, {
        size,
        bold: bold || b,
        align: col.align ?? 'left',
        ...(color ? { color } : {}),
      });
      cx += col.width;
    });
  }

  private headerRow(spec: TableSpec, x: number, width: number, size: number, table: PDFStructureElement | undefined): void {
    const h = this.rowHeight(
      spec.columns.map((c) => c.header),
      spec.columns,
      size,
      true,
    );
    const y = this.y;
    this.box(x, y, width, h, COLOURS.shade);
    if (table) {
      const tr = this.group(table, 'TR');
      let cx = x;
      for (const col of spec.columns) {
        const left = cx;
        this.tag(tr, 'TH', () => this.drawCells([col.header], [col], left, y, size, true), { scope: 'Column' });
        cx += col.width;
      }
      tr.end();
    } else {
      // A header repeated on a continuation page is pagination, not content.
      this.artifact(
        () =>
          this.drawCells(
            spec.columns.map((c) => c.header),
            spec.columns,
            x,
            y,
            size,
            true,
          ),
        'Pagination',
      );
    }
    this.rule(y + h, { x1: x, x2: x + width, color: COLOURS.rule });
    this.y = y + h;
  }

  /** The height of a whole table on one page. */
  tableHeight(spec: TableSpec): number {
    const size = spec.size ?? 9;
    return (
      this.rowHeight(
        spec.columns.map((c) => c.header),
        spec.columns,
        size,
        true,
      ) +
      spec.rows.reduce((h, r) => h + this.rowHeight(r, spec.columns, size), 0) +
      (spec.footer ?? []).reduce((h, r) => h + this.rowHeight(r, spec.columns, size, true), 0)
    );
  }

  /**
   * A table that flows across pages: a row that does not fit starts a new page, where the
   * header is drawn again (as an artifact, so assistive technology reads it once). Body rows
   * are TR/TD, header cells TH with column scope.
   */
  table(spec: TableSpec): void {
    const x = spec.x ?? LEFT;
    const size = spec.size ?? 9;
    const width = spec.columns.reduce((a, c) => a + c.width, 0);
    const table = this.group(spec.parent ?? this.root, 'Table');
    const headerHeight = this.rowHeight(
      spec.columns.map((c) => c.header),
      spec.columns,
      size,
      true,
    );
    const firstRow = spec.rows[0] ?? spec.footer?.[0];
    const whole = this.tableHeight(spec);
    if (spec.keepTogether && whole <= BOTTOM - TOP) this.ensure(whole);
    else this.ensure(headerHeight + (firstRow ? this.rowHeight(firstRow, spec.columns, size) : 0));
    this.headerRow(spec, x, width, size, table);
    const continuation = () => {
      if (spec.continued) {
        const label = spec.continued;
        const ch = this.measure(label, width, { size: 8.5, color: COLOURS.muted });
        const cy = this.y;
        this.artifact(() => this.draw(label, x, cy, width, { size: 8.5, color: COLOURS.muted }), 'Pagination');
        this.y += ch + 3;
      }
      this.headerRow(spec, x, width, size, undefined);
    };
    const body = (cells: readonly Cell[], index: number, bold: boolean) => {
      const h = this.rowHeight(cells, spec.columns, size, bold);
      if (this.ensure(h)) continuation();
      const y = this.y;
      if (spec.zebra && !bold && index % 2 === 1) this.box(x, y, width, h, '#f7f9fa');
      const tr = this.group(table, 'TR');
      let cx = x;
      cells.forEach((c, i) => {
        const col = spec.columns[i];
        if (!col) return;
        const left = cx;
        this.tag(tr, 'TD', () => this.drawCells([c], [col], left, y, size, bold));
        cx += col.width;
      });
      tr.end();
      this.y = y + h;
      this.rule(this.y, { x1: x, x2: x + width, color: COLOURS.faint, width: 0.4 });
    };
    spec.rows.forEach((r, i) => {
      body(r, i, false);
    });
    if (spec.footer) {
      // The totals stay together.
      const totals = spec.footer.reduce((h, r) => h + this.rowHeight(r, spec.columns, size, true), 0);
      if (totals <= BOTTOM - TOP - headerHeight && this.ensure(totals)) continuation();
      this.rule(this.y, { x1: x, x2: x + width, color: COLOURS.ink, width: 0.8 });
      spec.footer.forEach((r, i) => {
        body(r, i, true);
      });
    }
    table.end();
  }

  /** Footers ("Page n of N · <footer>") on every page, then the finished file. */
  async finish(): Promise<Uint8Array> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(start + i);
      const label = `Page ${i + 1} of ${count}  ·  ${this.meta.footer}`;
      this.artifact(() => {
        this.doc
          .lineWidth(0.4)
          .strokeColor(COLOURS.faint)
          .moveTo(LEFT, FOOTER_Y - 6)
          .lineTo(RIGHT, FOOTER_Y - 6)
          .stroke();
        // One line, whatever the length of the names in it.
        const options = this.use({ size: 7.5, color: COLOURS.muted, align: 'center' });
        this.doc.text(label, LEFT, FOOTER_Y, { ...options, width: CONTENT_WIDTH, height: 10, ellipsis: true });
      }, 'Pagination');
    }
    this.root.end();
    this.doc.end();
    await this.done;
    const size = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
