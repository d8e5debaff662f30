/**
 * Excel workbooks (XLSX): what every function may need of them without loading exceljs (the
 * media type, the template's sheet name, telling an archive from an old .xls), and the loaders
 * of what needs exceljs, on first use: exceljs itself (workbooks written by shared/http/
 * tabular.ts) and the import's reader (./xlsx-read.ts). In a Lambda bundle both are a separate
 * file beside the function's (see shared/lazy/load.ts), so a function that never reads or
 * writes a workbook does not pay for them at cold start.
 */
import type { Sheet } from '../../domain/import.ts';
import { loadExcel, loadXlsxReader } from '../../lazy/load.ts';

export { IMPORT_SHEET } from '../../domain/import.ts';
export { loadExcel };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** True for the bytes of a ZIP archive (XLSX is one). */
export const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
/** True for an OLE2 compound file: the old binary .xls format. */
export const isOle2 = (bytes: Uint8Array): boolean => [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((b, i) => bytes[i] === b);

/**
 * Reads the sheet to import (./xlsx-read.ts, loaded with exceljs on first use).
 * @throws ImportFileError for an unreadable workbook or no such sheet; PayloadTooLargeError for one that unpacks too large.
 */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  return (await loadXlsxReader())(bytes);
}
