/**
 * Reads the workbook of an import with exceljs. This module belongs to the exceljs side bundle
 * (shared/lazy/exceljs.ts): a function reaches it through the loader `readXlsx` of ./xlsx.ts,
 * so the reader's code (and the zip guard it runs first) loads with exceljs, on the first XLSX
 * import, and a function that imports CSV never carries it in its index.mjs.
 */
import ExcelJS from 'exceljs';
import { PayloadTooLargeError } from '../../domain/errors.ts';
import { type Cell, EMPTY, IMPORT_LIMITS, IMPORT_SHEET, ImportFileError, type Sheet, type SheetRow } from '../../domain/import.ts';
import { checkZip, ZipRefusedError } from './zip.ts';

/**
 * Refuses a workbook before exceljs opens it when its archive would inflate to more than
 * {@link IMPORT_LIMITS.maxUnpackedBytes} (counted while inflating every entry, whatever the
 * headers declare: zip bombs) or is not an archive exceljs would read the same way.
 * @throws PayloadTooLargeError (413) when it unpacks too large; ImportFileError (422) otherwise.
 */
export async function checkWorkbookArchive(bytes: Uint8Array): Promise<void> {
  try {
    await checkZip(bytes, { maxUnpackedBytes: IMPORT_LIMITS.maxUnpackedBytes, maxEntries: IMPORT_LIMITS.maxZipEntries });
  } catch (err) {
    if (!(err instanceof ZipRefusedError)) throw err;
    if (err.reason === 'too-large') {
      throw new PayloadTooLargeError(
        'IMPORT.UNPACKED_TOO_LARGE',
        `the workbook is too large once unpacked: ${err.message}; save the expenditure alone in a smaller workbook`,
      );
    }
    if (err.reason === 'unsupported') {
      throw new ImportFileError(
        'IMPORT.UNREADABLE',
        `the file is not a readable .xlsx workbook: it is ${err.message}; save it again from Excel as an Excel workbook (.xlsx)`,
      );
    }
    throw new ImportFileError('IMPORT.UNREADABLE', `the file is not a readable .xlsx workbook (${err.message})`);
  }
}

function isoOfDate(d: Date): string {
  // exceljs rounds serials to the millisecond; round to the second before taking the day.
  return new Date(Math.round(d.getTime() / 1000) * 1000).toISOString().slice(0, 10);
}

/** One exceljs cell value as a {@link Cell}. */
export function cellOf(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return value.trim() === '' ? EMPTY : { kind: 'text', text: value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? { kind: 'error', text: 'invalid date' } : { kind: 'date', iso: isoOfDate(value) };
  if ('error' in value) return { kind: 'error', text: String(value.error) };
  if ('richText' in value) return cellOf(value.richText.map((r) => r.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined) return { kind: 'error', text: 'a formula with no stored result; open and save the file in Excel' };
    if (result !== null && typeof result === 'object' && 'error' in result) return { kind: 'error', text: String(result.error) };
    return cellOf(result as ExcelJS.CellValue);
  }
  if ('text' in value) return cellOf((value as { text: unknown }).text as ExcelJS.CellValue);
  return { kind: 'error', text: 'a value that cannot be read' };
}

/**
 * Reads the sheet to import: the one named "Expenditure" (any case), or the only sheet of a
 * one-sheet workbook.
 * @throws ImportFileError for an unreadable workbook or no such sheet; PayloadTooLargeError for one that unpacks too large.
 */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  await checkWorkbookArchive(bytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new ImportFileError('IMPORT.UNREADABLE', 'the file is not a readable .xlsx workbook');
  }
  const sheets = wb.worksheets;
  const named = sheets.find((s) => s.name.trim().toLowerCase() === IMPORT_SHEET.toLowerCase());
  const ws = named ?? (sheets.length === 1 ? sheets[0] : undefined);
  if (!ws) {
    const names = sheets.map((s) => `"${s.name}"`).join(', ');
    throw new ImportFileError(
      'IMPORT.WRONG_SHEET',
      sheets.length === 0
        ? 'the workbook has no worksheet'
        : `the workbook has ${sheets.length} sheets (${names}) and none is named "${IMPORT_SHEET}": name the sheet to import "${IMPORT_SHEET}"`,
      [{ path: 'sheet', message: `no sheet named "${IMPORT_SHEET}" among ${names}` }],
    );
  }
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellOf(values[i]));
    rows.push({ row: rowNumber, cells });
  });
  return { format: 'xlsx', name: ws.name, date1904: wb.properties?.date1904 === true, rows };
}
