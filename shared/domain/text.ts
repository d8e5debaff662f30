/**
 * What counts as text the service can store and hand back in every format it speaks. A JSON
 * string may hold an unpaired surrogate (`"\ud800"`), which no UTF-8 file can carry and strict
 * JSON parsers refuse; and XML 1.0, inside every XLSX, has no way at all to write most C0
 * controls or U+FFFE and U+FFFF: one such character in a supplier makes the workbook's
 * sharedStrings.xml ill-formed, unreadable even by the library that wrote it. So such text is
 * refused at the edge ({@link textProblem}), and writers replace whatever older data still holds
 * ({@link toStorableText}).
 */

/** C0 controls XML 1.0 cannot carry (tab, LF and CR it can), and DEL, which the service never accepted. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** The two BMP code points that are not characters: XML 1.0 forbids them. */
const NON_CHARACTER = /[\ufffe\uffff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Why `text` cannot be stored, in the words a field's error message uses, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (!text.isWellFormed()) return 'must be valid Unicode: it holds an unpaired surrogate (U+D800 to U+DFFF)';
  if (CONTROL.test(text)) return 'must not contain control characters';
  if (NON_CHARACTER.test(text)) return 'must not contain U+FFFE or U+FFFF, which are not characters';
  return undefined;
}

/**
 * `text` with every unpaired surrogate and every character XML 1.0 forbids replaced by U+FFFD,
 * so that any file it is written into stays well-formed.
 */
export function toStorableText(text: string): string {
  return text.toWellFormed().replace(XML_ILLEGAL, '\ufffd');
}
