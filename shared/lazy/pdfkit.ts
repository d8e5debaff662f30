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
export { PDFDocument } from 'pdfkit';

/** Defined (true) by the Lambda build; undeclared everywhere else. */
declare const __SAB_SIDE_BUNDLES__: boolean | undefined;

export interface FontFiles {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

let fonts: Promise<FontFiles> | undefined;

/** Noto Sans regular and bold, read once. */
export function documentFonts(): Promise<FontFiles> {
  fonts ??= (
    typeof __SAB_SIDE_BUNDLES__ !== 'undefined' && __SAB_SIDE_BUNDLES__ ? import('./fonts-inline.ts') : import('./fonts-files.ts')
  ).then((m) => m.default);
  return fonts;
}
