/**
 * Entry of the pdfkit side bundle (see load.ts): what invoices, credit notes, statements and
 * the annual report are drawn with, and the font they are set in, loaded only when a request
 * asks for one of those PDFs.
 *
 * The font is Noto Sans (SIL Open Font License 1.1), regular and bold: the PDF standard fonts
 * encode only WinAnsi, so a partner called "Heddlu Gogledd Cymru" with a `ŵ`, a Polish or a
 * Greek name could not be printed as written. pdfkit embeds only the glyphs a document uses.
 *
 * Where the bytes come from: in a Lambda bundle (`__SAB_SIDE_BUNDLES__`) the TTF files are
 * inlined into this side bundle by esbuild's binary loader (`./fonts-inline.ts`), because a
 * bundle carries no node_modules; everywhere else they are read from node_modules
 * (`./fonts-files.ts`). The build drops the branch it does not take.
 */
import { create, type Font } from 'fontkit';

export { PDFDocument } from 'pdfkit';

/** Defined (true) by the Lambda build; undeclared everywhere else. */
declare const __SAB_SIDE_BUNDLES__: boolean | undefined;

export interface DocumentFonts {
  readonly regular: Font;
  readonly bold: Font;
}

let fonts: Promise<DocumentFonts> | undefined;

/**
 * Noto Sans regular and bold, read and parsed once per process. pdfkit takes parsed fontkit
 * fonts and makes its own subset per document; parsing a 630 KB font for every document, and
 * laying out its glyphs afresh, would cost most of the time a document takes.
 */
export function documentFonts(): Promise<DocumentFonts> {
  fonts ??= (
    typeof __SAB_SIDE_BUNDLES__ !== 'undefined' && __SAB_SIDE_BUNDLES__ ? import('./fonts-inline.ts') : import('./fonts-files.ts')
  ).then((m) => ({ regular: create(m.default.regular), bold: create(m.default.bold) }));
  return fonts;
}
