/**
 * Reads an uploaded spreadsheet by its media type: CSV (UTF-8 or Windows-1252) or XLSX.
 * `application/octet-stream` and `application/vnd.ms-excel` (what Windows browsers call a .csv)
 * are told apart by their bytes. The application's spreadsheets port.
 */
import type { SpreadsheetsPort, UploadedFile } from '../../application/ports.ts';
import { UnsupportedMediaTypeError } from '../../domain/errors.ts';
import { ImportFileError, type Sheet } from '../../domain/import.ts';
import { readCsv } from './csv.ts';
import { isOle2, isZip, readXlsx, XLSX_TYPE } from './xlsx.ts';

const MEDIA = {
  csv: ['text/csv', 'application/csv'],
  sniffed: ['application/vnd.ms-excel', 'application/octet-stream'],
} as const;

/**
 * Decodes the upload by its media type; `application/octet-stream` and
 * `application/vnd.ms-excel` (what Windows browsers call a .csv) are told apart by their bytes.
 */
async function readUpload(file: UploadedFile): Promise<Sheet> {
  const { bytes, mediaType } = file;
  if (isOle2(bytes)) {
    throw new UnsupportedMediaTypeError(
      'IMPORT.XLS',
      'the file is an Excel 97-2003 workbook (.xls); save it as an Excel workbook (.xlsx) or as CSV UTF-8',
    );
  }
  if (mediaType === XLSX_TYPE) {
    if (!isZip(bytes)) throw new ImportFileError('IMPORT.UNREADABLE', 'the file is not a readable .xlsx workbook');
    return readXlsx(bytes);
  }
  if ((MEDIA.csv as readonly string[]).includes(mediaType)) {
    if (isZip(bytes)) {
      throw new UnsupportedMediaTypeError('IMPORT.MEDIA_TYPE', `the file is an .xlsx workbook, not CSV; send it as ${XLSX_TYPE}`);
    }
    return readCsv(bytes);
  }
  if ((MEDIA.sniffed as readonly string[]).includes(mediaType)) return isZip(bytes) ? readXlsx(bytes) : readCsv(bytes);
  throw new UnsupportedMediaTypeError('IMPORT.MEDIA_TYPE', `send the file as text/csv or ${XLSX_TYPE}`);
}

export const spreadsheets: SpreadsheetsPort = { read: readUpload };
