/**
 * Reading CSV uploads: the bytes' encoding, then RFC 4180 records. Spreadsheets save CSV as
 * UTF-8 (often with a byte order mark) or, from older Excel on Windows, as Windows-1252, where
 * the pound sign is the single byte 0xA3. A file that is not valid UTF-8 is read as
 * Windows-1252, so that byte is a £ either way.
 */
import { type Cell, EMPTY, ImportFileError, type Sheet, type SheetRow } from '../../domain/import.ts';

export interface DecodedText {
  readonly text: string;
  readonly encoding: 'utf-8' | 'utf-8 with BOM' | 'windows-1252';
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * Decodes a CSV file's bytes: UTF-8 with or without a byte order mark, else Windows-1252.
 * @throws ImportFileError for UTF-16, binary content, or characters lost before they reached us.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    throw new ImportFileError(
      'IMPORT.ENCODING',
      'the file is UTF-16 text (Excel\'s "Unicode Text"); save it as "CSV UTF-8 (Comma delimited)" or as an Excel workbook',
    );
  }
  let result: DecodedText;
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) {
    try {
      result = { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8 with BOM' };
    } catch {
      throw new ImportFileError('IMPORT.ENCODING', 'the file starts with a UTF-8 byte order mark but is not valid UTF-8');
    }
  } else {
    if (bytes.includes(0)) {
      throw new ImportFileError('IMPORT.NOT_CSV', 'the file is not text: send a CSV file, or an .xlsx workbook as such');
    }
    try {
      result = { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      result = { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
    }
  }
  if (result.text.includes('\uFFFD')) {
    throw new ImportFileError(
      'IMPORT.ENCODING',
      'the file holds characters that were lost before they reached the service (shown as \uFFFD): a file that is not UTF-8 (Windows-1252, for a £) must be sent as bytes, with Content-Type application/octet-stream or application/vnd.ms-excel, or saved as "CSV UTF-8"',
    );
  }
  return result;
}

/** The delimiter of the first line: a comma unless the line has none and has semicolons or tabs. */
function delimiterOf(text: string): string {
  const end = text.search(/\r|\n/);
  const first = end < 0 ? text : text.slice(0, end);
  if (first.includes(',')) return ',';
  if (first.includes(';')) return ';';
  if (first.includes('\t')) return '\t';
  return ',';
}

/**
 * RFC 4180 records: fields separated by the delimiter, records by CRLF, LF or CR; a field in
 * double quotes may hold delimiters, line breaks and doubled quotes (`""`). Row numbers count
 * records, header included, as a spreadsheet that opens the file numbers its rows.
 * @throws ImportFileError when a quoted field is never closed.
 */
export function parseCsv(text: string): SheetRow[] {
  const delimiter = delimiterOf(text);
  const rows: SheetRow[] = [];
  let cells: Cell[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let quoteStartRow = 0;
  const endField = () => {
    cells.push(field === '' && !quoted ? EMPTY : { kind: 'text', text: field });
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    rows.push({ row: rows.length + 1, cells });
    cells = [];
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '' && !quoted) {
      inQuotes = true;
      quoted = true;
      quoteStartRow = rows.length + 1;
    } else if (ch === delimiter) endField();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += ch;
  }
  if (inQuotes) {
    throw new ImportFileError('IMPORT.CSV_QUOTE', `a quoted field that starts in row ${quoteStartRow} is never closed (a missing ")`);
  }
  if (field !== '' || quoted || cells.length > 0) endRecord();
  return rows;
}

export function readCsv(bytes: Uint8Array): Sheet {
  const { text, encoding } = decodeText(bytes);
  return { format: 'csv', encoding, rows: parseCsv(text) };
}
