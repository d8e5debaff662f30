/**
 * The part of pdfkit 0.20's and fontkit 2's API the document renderers use (pdfkit ships no
 * types of its own, and @types/pdfkit describes 0.17, before the named exports). Kept narrow on
 * purpose: anything used from them should be declared here first, from the library's source.
 */
declare module 'fontkit' {
  /** A parsed font (opaque here: only pdfkit looks inside). */
  export interface Font {
    readonly postscriptName: string;
  }
  /** Parses a TTF/OTF/WOFF file. */
  export function create(bytes: Uint8Array): Font;
}

declare module 'pdfkit' {
  import type { Font } from 'fontkit';
  export interface TextOptions {
    width?: number;
    height?: number;
    align?: 'left' | 'center' | 'right' | 'justify';
    lineBreak?: boolean;
    lineGap?: number;
    paragraphGap?: number;
    characterSpacing?: number;
    ellipsis?: boolean | string;
    continued?: boolean;
    features?: string[];
  }

  export interface StructureOptions {
    title?: string;
    lang?: string;
    alt?: string;
    expanded?: string;
    actual?: string;
    scope?: 'Row' | 'Column' | 'Both';
    bbox?: [number, number, number, number];
    placement?: 'Block' | 'Inline';
  }

  export interface PDFStructureElement {
    add(child: PDFStructureElement | (() => void)): this;
    end(): void;
  }

  export interface DocumentInfo {
    Title?: string;
    Author?: string;
    Subject?: string;
    Keywords?: string;
    Creator?: string;
    Producer?: string;
    CreationDate?: Date;
    ModDate?: Date;
  }

  export interface PDFDocumentOptions {
    size?: string | [number, number];
    margin?: number;
    margins?: { top: number; bottom: number; left: number; right: number };
    /** The default font: a standard font name, the bytes of a TTF/OTF file, or a parsed fontkit font. */
    font?: string | Uint8Array | Font;
    autoFirstPage?: boolean;
    bufferPages?: boolean;
    compress?: boolean;
    pdfVersion?: '1.3' | '1.4' | '1.5' | '1.6' | '1.7' | '1.7ext3';
    tagged?: boolean;
    lang?: string;
    displayTitle?: boolean;
    info?: DocumentInfo;
    subset?: 'PDF/A-1' | 'PDF/A-1a' | 'PDF/A-1b' | 'PDF/A-2' | 'PDF/A-2a' | 'PDF/A-2b' | 'PDF/A-3' | 'PDF/A-3a' | 'PDF/A-3b' | 'PDF/UA';
  }

  export class PDFDocument {
    constructor(options?: PDFDocumentOptions);
    x: number;
    y: number;
    readonly page: { readonly width: number; readonly height: number };
    info: DocumentInfo;
    on(event: 'data', listener: (chunk: Uint8Array) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    registerFont(name: string, src: Uint8Array | Font): this;
    font(name: string | Uint8Array | Font): this;
    fontSize(size: number): this;
    fillColor(color: string, opacity?: number): this;
    strokeColor(color: string, opacity?: number): this;
    lineWidth(width: number): this;
    text(text: string, x: number, y: number, options?: TextOptions): this;
    widthOfString(text: string, options?: TextOptions): number;
    heightOfString(text: string, options?: TextOptions): number;
    currentLineHeight(includeGap?: boolean): number;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    rect(x: number, y: number, width: number, height: number): this;
    stroke(color?: string): this;
    fill(color?: string): this;
    fillAndStroke(fill?: string, stroke?: string): this;
    clip(): this;
    dash(length: number, options?: { space?: number; phase?: number }): this;
    undash(): this;
    save(): this;
    restore(): this;
    addPage(options?: PDFDocumentOptions): this;
    switchToPage(n: number): this;
    bufferedPageRange(): { start: number; count: number };
    flushPages(): void;
    struct(type: string, options?: StructureOptions, children?: (() => void) | PDFStructureElement[]): PDFStructureElement;
    struct(type: string, children: (() => void) | PDFStructureElement[]): PDFStructureElement;
    addStructure(element: PDFStructureElement): this;
    markContent(tag: string, options?: { type?: string; bbox?: [number, number, number, number]; attached?: string[] }): this;
    endMarkedContent(): this;
    end(): void;
  }

  export default PDFDocument;
}

/** Font files inlined into a side bundle by esbuild's binary loader (see infra/constructs/bundling.ts). */
declare module '*.ttf' {
  const bytes: Uint8Array;
  export default bytes;
}
