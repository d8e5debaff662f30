/**
 * The font the documents are set in (shared/infrastructure/pdf/writer.ts), part of the pdfkit
 * side bundle (see load.ts and pdfkit.ts).
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

/** Defined (true) by the Lambda build; undeclared everywhere else. */
declare const __SAB_SIDE_BUNDLES__: boolean | undefined;

export interface DocumentFonts {
  readonly regular: Font;
  readonly bold: Font;
}

let fonts: Promise<DocumentFonts> | undefined;

/**
 * Noto Sans regular and bold for a new document: read and parsed once per process (pdfkit takes
 * parsed fontkit fonts and makes its own subset per document; parsing a 630 KB font for every
 * document, and decoding its layout tables again, cost most of a document's time), with an
 * empty glyph cache (see {@link forgetGlyphs}).
 */
export async function documentFonts(): Promise<DocumentFonts> {
  fonts ??= (
    typeof __SAB_SIDE_BUNDLES__ !== 'undefined' && __SAB_SIDE_BUNDLES__ ? import('./fonts-inline.ts') : import('./fonts-files.ts')
  ).then((m) => ({ regular: create(m.default.regular), bold: create(m.default.bold) }));
  const parsed = await fonts;
  forgetGlyphs(parsed.regular);
  forgetGlyphs(parsed.bold);
  return parsed;
}

/**
 * fontkit caches each glyph with the characters it was first met for, and pdfkit maps a glyph
 * back to text (ToUnicode) with those characters. Writing a subset meets the components of a
 * composite glyph with no characters (the Y of Ŷ), so a later document sharing the font would
 * print Y but extract it as nothing, or as garbage. Each document therefore starts with an
 * empty glyph cache; the parsed tables stay. fontkit keeps the cache in `_glyphs`: if a new
 * version does not, fail loudly rather than write PDFs whose text is wrong.
 */
function forgetGlyphs(font: Font): void {
  const f = font as unknown as { _glyphs?: object };
  if (typeof f._glyphs !== 'object' || f._glyphs === null)
    throw new Error('fontkit has no _glyphs cache any more: review shared/lazy/fonts.ts');
  f._glyphs = {};
}
