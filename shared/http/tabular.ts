/**
 * Reports and lists as tables, so one definition yields JSON's companion formats: CSV on
 * `Accept: text/csv` (spreadsheet-safe: no formula injection, amounts as plain decimals) and
 * an Excel workbook on `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`
 * (amounts as numbers formatted `#,##0.00`, dates as date cells, a frozen header row).
 */
import { Decimal } from '../domain/money.ts';
import { toStorableText } from '../domain/text.ts';
import { loadExcel, XLSX_TYPE } from '../infrastructure/files/xlsx.ts';
import type { Reply } from './api.ts';
import { negotiate } from './negotiate.ts';

export { XLSX_TYPE };

/**
 * `money`: a decimal string ("1250.00"); `date`: YYYY-MM-DD or an ISO timestamp; `percent`: in
 * percent units ("78.0" is 78%); `number`: a count or other plain number.
 */
export type ColumnType = 'text' | 'money' | 'date' | 'number' | 'percent';

export interface Column<Row> {
  readonly key: string;
  readonly title: string;
  readonly type: ColumnType;
  readonly value: (row: Row) => string | number | undefined;
}

export interface Table<Row = unknown> {
  /** Used for the download's file name and the sheet name. */
  readonly name: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
}

export const CSV_TYPE = 'text/csv';
export type TableFormat = 'json' | 'csv' | 'xlsx';

/**
 * A cell as CSV: quoted when needed; text that a spreadsheet would run as a formula is defused;
 * what no file can carry (an unpaired surrogate, a control character left in older data) is
 * replaced by U+FFFD.
 */
function csvCell(value: string | number | undefined, type: ColumnType): string {
  if (value === undefined || value === null) return '';
  let text = toStorableText(String(value));
  if (type === 'text' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(table: Table<Row>): string {
  const lines = [table.columns.map((c) => csvCell(c.title, 'text')).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(c.value(row), c.type)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- XLSX

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * An exact decimal as the binary double a spreadsheet cell stores. Amounts have at most 11
 * significant digits, and every decimal of up to 15 converts to a double whose shortest
 * form is that decimal again; the check makes sure of it rather than assuming.
 */
export function cellNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const d = new Decimal(text);
  const n = d.toNumber();
  return Number.isFinite(n) && new Decimal(String(n)).equals(d) ? n : undefined;
}

type XlsxValue = string | number | Date | undefined;
const FORMATS: Record<ColumnType, string | undefined> = {
  text: undefined,
  money: '#,##0.00',
  date: 'dd/mm/yyyy',
  number: '#,##0.##',
  percent: '0.0%',
};

/**
 * A value as an XLSX cell. Text is made storable first (U+FFFD for an unpaired surrogate or a
 * character XML 1.0 forbids, which older data may hold): one such character would make the
 * whole workbook ill-formed.
 */
function xlsxValue(raw: string | number | undefined, type: ColumnType): { value: XlsxValue; numFmt?: string } {
  if (raw === undefined || raw === null || raw === '') return { value: undefined };
  const value = typeof raw === 'string' ? toStorableText(raw) : raw;
  const text = String(value).trim();
  switch (type) {
    case 'money':
    case 'number': {
      const n = cellNumber(text);
      return n === undefined ? { value: String(value) } : { value: n, numFmt: FORMATS[type] as string };
    }
    case 'percent': {
      const units = text.endsWith('%') ? text.slice(0, -1).trim() : text;
      if (!DECIMAL.test(units)) return { value: String(value) };
      const n = cellNumber(new Decimal(units).dividedBy(100).toString());
      return n === undefined ? { value: String(value) } : { value: n, numFmt: FORMATS.percent as string };
    }
    case 'date': {
      if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
        const d = new Date(`${text}T00:00:00Z`);
        return Number.isNaN(d.getTime()) ? { value: text } : { value: d, numFmt: 'dd/mm/yyyy' };
      }
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
        const d = new Date(text);
        return Number.isNaN(d.getTime()) ? { value: text } : { value: d, numFmt: 'dd/mm/yyyy hh:mm:ss' };
      }
      return { value: text };
    }
    default:
      return { value: String(value) };
  }
}

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\ (never half a surrogate pair). */
export function sheetName(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base = toStorableText(name.replace(/[[\]:*?/\\]/g, '-').slice(0, 31)) || 'Sheet';
  let out = base;
  for (let i = 2; taken.has(out.toLowerCase()); i++) out = toStorableText(`${base.slice(0, 31 - String(i).length - 1)}-${i}`);
  return out;
}

/** One workbook, a sheet per table: bold frozen header with a filter, typed cells, widths to fit. */
export async function toXlsx<Row>(tables: readonly Table<Row>[]): Promise<Uint8Array> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  wb.creator = 'Partnership budget and contribution service';
  const taken = new Set<string>();
  for (const t of tables) {
    const name = sheetName(t.name, taken);
    taken.add(name.toLowerCase());
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const widths = t.columns.map((c) => Math.max(c.title.length, c.type === 'date' ? 10 : 8));
    const header = ws.addRow(t.columns.map((c) => toStorableText(c.title)));
    header.font = { bold: true };
    for (const row of t.rows) {
      const cells = t.columns.map((c) => xlsxValue(c.value(row), c.type));
      const added = ws.addRow(cells.map((c) => c.value ?? null));
      cells.forEach((c, i) => {
        if (c.numFmt) added.getCell(i + 1).numFmt = c.numFmt;
        const shown = c.value instanceof Date ? 10 : typeof c.value === 'number' ? String(c.value).length + 4 : (c.value ?? '').length;
        widths[i] = Math.max(widths[i] ?? 0, shown);
      });
    }
    // Empty tables (the import template) still get their cells formatted for what goes in them.
    t.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = Math.min(60, Math.max(10, (widths[i] ?? 10) + 2));
      const numFmt = FORMATS[c.type];
      if (t.rows.length === 0 && numFmt) col.numFmt = numFmt;
    });
    if (t.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  }
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

// ---------------------------------------------------------------- replies

/** The format the client asks for: JSON (also the default), CSV or XLSX. */
export function tableFormat(accept: string | undefined): TableFormat {
  const type = negotiate(accept, ['application/json', CSV_TYPE, XLSX_TYPE]);
  return type === CSV_TYPE ? 'csv' : type === XLSX_TYPE ? 'xlsx' : 'json';
}

/** A table as a CSV or XLSX download. */
export async function tableReply<Row>(format: 'csv' | 'xlsx', table: Table<Row>): Promise<Reply> {
  if (format === 'csv') {
    return {
      status: 200,
      raw: { contentType: 'text/csv; charset=utf-8', data: toCsv(table) },
      headers: { 'content-disposition': `attachment; filename="${table.name}.csv"` },
    };
  }
  return {
    status: 200,
    raw: { contentType: XLSX_TYPE, data: await toXlsx([table]) },
    headers: { 'content-disposition': `attachment; filename="${table.name}.xlsx"` },
  };
}

/**
 * Answers JSON, or the table as CSV or XLSX when the client asks for it (the table is built
 * only then).
 * @throws NotAcceptableError when none of the three is acceptable.
 */
export async function jsonOrTable<Row>(
  accept: string | undefined,
  body: unknown,
  table: () => Table<Row> | Promise<Table<Row>>,
): Promise<Reply> {
  const format = tableFormat(accept);
  if (format === 'json') return { status: 200, body };
  return tableReply(format, await table());
}
