/**
 * Realistic import files, made in the test: CSV as spreadsheets and finance systems save it
 * (UTF-8 with or without a byte order mark, Windows-1252, CRLF, quoted fields) and XLSX
 * workbooks written with exceljs (date cells, number cells, formulas, several sheets).
 */
import ExcelJS from 'exceljs';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type CsvValue = string | number | undefined;

function csvField(v: CsvValue): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Windows-1252 bytes of a string (ASCII, the Latin-1 range, and the cp1252 extras used here). */
export function cp1252(text: string): Uint8Array {
  const extras: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
  return Uint8Array.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
      const b = extras[ch];
      if (b === undefined) throw new Error(`not in Windows-1252: ${ch}`);
      return b;
    }),
  );
}

export function csv(
  rows: readonly (readonly CsvValue[])[],
  opts: { bom?: boolean; encoding?: 'utf-8' | 'windows-1252'; eol?: string } = {},
): Uint8Array {
  const text = rows.map((r) => r.map(csvField).join(',')).join(opts.eol ?? '\r\n') + (opts.eol ?? '\r\n');
  if (opts.encoding === 'windows-1252') return cp1252(text);
  const body = new TextEncoder().encode(text);
  if (!opts.bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

export type XlsxValue = ExcelJS.CellValue;

export interface XlsxSheet {
  readonly name: string;
  readonly rows: readonly (readonly XlsxValue[])[];
  /** Number formats by 1-based column. */
  readonly numFmt?: Readonly<Record<number, string>>;
}

export async function xlsx(sheets: readonly XlsxSheet[], opts: { date1904?: boolean } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) {
      const row = ws.addRow([...r]);
      for (const [col, fmt] of Object.entries(s.numFmt ?? {})) if (row.number > 1) row.getCell(Number(col)).numFmt = fmt;
    }
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Reads a workbook back: each sheet's rows of cell values, and the cells themselves for formats. */
export async function readXlsxFile(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  return wb;
}

/** A UTC date for an XLSX date cell. */
export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
