/**
 * Reports and lists as tables, so one definition yields JSON's companion formats: CSV on
 * `Accept: text/csv` (spreadsheet-safe: no formula injection, amounts as plain decimals).
 */
import type { Reply } from './api.ts';
import { negotiate } from './negotiate.ts';

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

/** A cell as CSV: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function csvCell(value: string | number | undefined, type: ColumnType): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (type === 'text' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(table: Table<Row>): string {
  const lines = [table.columns.map((c) => csvCell(c.title, 'text')).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(c.value(row), c.type)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Answers JSON, or the table as CSV when the client asks for it.
 * @throws NotAcceptableError when neither is acceptable.
 */
export function jsonOrTable<Row>(accept: string | undefined, body: unknown, table: () => Table<Row>): Reply {
  const type = negotiate(accept, ['application/json', CSV_TYPE]);
  if (type === 'application/json') return { status: 200, body };
  const t = table();
  return {
    status: 200,
    raw: { contentType: 'text/csv; charset=utf-8', data: toCsv(t) },
    headers: { 'content-disposition': `attachment; filename="${t.name}.csv"` },
  };
}
