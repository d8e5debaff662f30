/**
 * The rules for reading expenditure out of a spreadsheet or a CSV file: which columns mean
 * what (with the names finance systems use for them), UK and ISO dates, amounts written
 * the way people write them, and credits. Pure: the file has already been decoded into
 * rows of cells (see shared/infrastructure/files), and the ledger it is checked against
 * arrives as data ({@link LedgerView}).
 */
import { PayloadTooLargeError, UnprocessableError } from './errors.ts';
import { containsDate, type FinancialYear, isIsoDate } from './financial-year.ts';
import { normaliseReference } from './ledger.ts';
import { Decimal, MAX_AMOUNT, Money } from './money.ts';

/** Limits of one import. The byte limit keeps a base64-encoded XLSX under Lambda's 6 MB request payload. */
/** The sheet an import reads when a workbook has several (and the template's). */
export const IMPORT_SHEET = 'Expenditure';

export const IMPORT_LIMITS = {
  /** Largest file accepted, in bytes (4 MiB). */
  maxBytes: 4 * 1024 * 1024,
  /** Most data rows in one file. */
  maxRows: 10_000,
  /**
   * Most bytes an XLSX may unpack to, all its entries together (a guard against zip bombs): counted
   * while inflating, never taken from the archive's headers.
   */
  maxUnpackedBytes: 64 * 1024 * 1024,
  /** Most entries (parts) in an XLSX archive; a workbook has a few dozen. */
  maxZipEntries: 10_000,
  /** Most row problems listed in one answer (the count is always complete). */
  maxProblems: 1000,
  /** The header row is looked for among this many first non-empty rows (titles may sit above it). */
  headerSearchRows: 10,
} as const;

export type ImportField = 'date' | 'category' | 'amount' | 'supplier' | 'description' | 'sarId' | 'reference' | 'original';

export interface ImportColumn {
  readonly field: ImportField;
  /** The header in the template. */
  readonly title: string;
  readonly required: boolean;
  /** Other headers taken to mean the same column (matched ignoring case, spaces and punctuation). */
  readonly aliases: readonly string[];
  /** How to fill it in. */
  readonly format: string;
  readonly example: string;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    field: 'date',
    title: 'Date',
    required: true,
    aliases: ['Transaction date', 'Posting date', 'Invoice date', 'Payment date'],
    format: 'dd/mm/yyyy (UK), yyyy-mm-dd, 30 Jun 2024, or a date cell; inside the financial year',
    example: '30/06/2024',
  },
  {
    field: 'category',
    title: 'Category',
    required: true,
    aliases: ['Cost centre', 'Cost center', 'Budget line'],
    format: 'a budget line of the year, by its id (independent-chair) or its name (Independent chair)',
    example: 'training',
  },
  {
    field: 'amount',
    title: 'Amount',
    required: true,
    aliases: ['Net amount', 'Net', 'Value', 'Amount (£)'],
    format: '1250.00, £1,250.00, 1250.5; at most two decimals; a negative amount (-12.00 or (12.00)) is a credit',
    example: '1250.00',
  },
  {
    field: 'supplier',
    title: 'Supplier',
    required: true,
    aliases: ['Supplier name', 'Payee', 'Vendor', 'Creditor'],
    format: 'text, up to 200 characters',
    example: 'Acme Training Ltd',
  },
  {
    field: 'description',
    title: 'Description',
    required: true,
    aliases: ['Narrative', 'Details', 'Line description'],
    format: 'text, up to 500 characters',
    example: 'Safeguarding course, 12 delegates',
  },
  {
    field: 'sarId',
    title: 'SAR id',
    required: false,
    aliases: ['SAR', 'SAR case', 'SAR reference'],
    format: 'the id of an existing SAR case, for SAR costs',
    example: 'adult-d',
  },
  {
    field: 'reference',
    title: 'Reference',
    required: false,
    aliases: ['Invoice no', 'Invoice number', 'Invoice ref', 'Ref'],
    format: 'text, up to 100 characters',
    example: 'INV-4471',
  },
  {
    field: 'original',
    title: 'Original entry',
    required: false,
    aliases: ['Original entry id', 'Corrects'],
    format: 'credits only: the entry id (E00000042) or the reference of the entry the credit cancels',
    example: '',
  },
];

const COLUMN_OF = new Map(IMPORT_COLUMNS.map((c) => [c.field, c]));

/** A header as compared: lower case, bracketed parts and punctuation dropped, spaces collapsed. */
export function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const FIELD_BY_HEADER = new Map<string, ImportField>(
  IMPORT_COLUMNS.flatMap((c) => [c.title, ...c.aliases].map((name) => [normalizeHeader(name), c.field] as const)),
);

/** The field a header names, if any. */
export function fieldOfHeader(text: string): ImportField | undefined {
  return FIELD_BY_HEADER.get(normalizeHeader(text));
}

// ---------------------------------------------------------------- cells and sheets

/** A decoded cell: CSV gives only text; a workbook also gives numbers, dates, booleans and errors. */
export type Cell =
  | { readonly kind: 'empty' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'date'; readonly iso: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'error'; readonly text: string };

export const EMPTY: Cell = { kind: 'empty' };

export interface SheetRow {
  /** 1-based row number as a spreadsheet shows it (for CSV: the record number, header included). */
  readonly row: number;
  readonly cells: readonly Cell[];
}

export interface Sheet {
  readonly format: 'csv' | 'xlsx';
  /** The worksheet read (XLSX). */
  readonly name?: string;
  /** How the CSV was decoded (`utf-8`, `utf-8 with BOM`, `windows-1252`). */
  readonly encoding?: string;
  /** XLSX workbooks on the 1904 date system count date serials from 1904-01-01. */
  readonly date1904?: boolean;
  readonly rows: readonly SheetRow[];
}

const isBlank = (c: Cell | undefined): boolean => !c || c.kind === 'empty' || (c.kind === 'text' && c.text.trim() === '');

/** Spreadsheet column letters: 0 -> A, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A cell as text (headers, supplier, references): numbers in their shortest form, dates as ISO. */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return '';
  switch (cell.kind) {
    case 'empty':
      return '';
    case 'text':
      return cell.text.trim();
    case 'number':
      return String(cell.value);
    case 'date':
      return cell.iso;
    case 'bool':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'error':
      return cell.text;
  }
}

// ---------------------------------------------------------------- amounts

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

const MAX = new Decimal(MAX_AMOUNT);
/**
 * Digits beyond the second decimal of a number cell smaller than this are binary float noise
 * (a cell holding =0.1+0.2 stores 0.30000000000000004), not pennies someone typed. Doubles
 * carry 15-17 significant digits, so up to £999,999,999.99 the noise stays below 1e-6, far
 * under half a penny.
 */
export const FLOAT_NOISE = new Decimal('0.000001');

function checkAmount(d: Decimal): Parsed<string> {
  if (d.isZero()) return bad('must not be zero');
  if (d.abs().greaterThan(MAX)) return bad('is more than the largest accepted amount, £999,999,999.99');
  return ok(d.toFixed(2));
}

/**
 * An amount as people write it: `1250`, `1250.5`, `£1,250.50`, `-£12.00`, `£-12.00`, `(12.00)`
 * (accounting negative), spaces allowed. Thousands separators must group by three. At most two
 * decimal places (trailing zeros aside). Answers the signed amount with two decimals.
 */
export function parseAmountText(raw: string): Parsed<string> {
  let t = raw
    .trim()
    .replace(/\s+/g, '')
    .replace(/\u2212/g, '-');
  if (t === '') return bad('is required');
  let negative = false;
  if (/^\(.*\)$/.test(t)) {
    negative = true;
    t = t.slice(1, -1);
  }
  if (t.startsWith('-')) {
    if (negative) return bad(`is not an amount: ${raw.trim()}`);
    negative = true;
    t = t.slice(1);
  }
  if (t.startsWith('£')) t = t.slice(1);
  if (t.startsWith('-')) {
    if (negative) return bad(`is not an amount: ${raw.trim()}`);
    negative = true;
    t = t.slice(1);
  }
  if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(t)) {
    if (/^\d+,\d{1,2}$/.test(t)) return bad(`uses a decimal comma; write the pence after a point: ${raw.trim()}`);
    if (/^[\d,]+(?:\.\d+)?$/.test(t)) return bad(`has misplaced thousands separators: ${raw.trim()}`);
    return bad(`is not an amount (write it like 1250.00 or £1,250.00): ${raw.trim()}`);
  }
  // Decimal places are counted on the text (trailing zeros are none: 12.340 is 12.34), so a digit
  // however far past the point is this problem, never a number too long to read.
  const [whole = '', decimals = ''] = t.replace(/,/g, '').split('.');
  let places = decimals.length;
  while (places > 0 && decimals[places - 1] === '0') places--; // a loop: /0+$/ is quadratic on 000...01
  if (places > 2) return bad(`has more than two decimal places: ${raw.trim()}`);
  const d = new Decimal(`${whole}.${decimals.slice(0, 2) || '0'}`);
  return checkAmount(negative ? d.negated() : d);
}

/**
 * A number cell as an exact amount. The cell holds a binary double; its shortest round-trip
 * decimal (what JavaScript prints) is read exactly (`Decimal`), rounded to pence when the digits
 * past the second decimal are float noise ({@link FLOAT_NOISE}), and refused otherwise.
 */
export function amountFromNumber(n: number): Parsed<string> {
  if (!Number.isFinite(n)) return bad('is not a finite number');
  const d = new Decimal(String(n));
  const pence = d.toDecimalPlaces(2);
  if (!d.equals(pence) && d.minus(pence).abs().greaterThan(FLOAT_NOISE)) {
    return bad(`has more than two decimal places: ${d.toString()}`);
  }
  return checkAmount(pence);
}

export function amountOfCell(cell: Cell | undefined): Parsed<string> {
  if (!cell || isBlank(cell)) return bad('is required');
  switch (cell.kind) {
    case 'number':
      return amountFromNumber(cell.value);
    case 'text':
      return parseAmountText(cell.text);
    case 'error':
      return bad(`holds a spreadsheet error (${cell.text})`);
    default:
      return bad(`is not an amount: ${cellText(cell)}`);
  }
}

// ---------------------------------------------------------------- dates

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const pad2 = (n: number | string) => String(n).padStart(2, '0');

function isoOf(y: string, m: number, d: number, raw: string): Parsed<string> {
  const iso = `${y}-${pad2(m)}-${pad2(d)}`;
  return isIsoDate(iso) ? ok(iso) : bad(`is not a real date: ${raw}`);
}

/**
 * A date as written: `30/06/2024` (UK day first; `-` and `.` also separate), `2024-06-30`,
 * `30 Jun 2024` / `30-June-2024`; a midnight time after it (`30/06/2024 00:00`) is allowed.
 * American month-first dates are read day first, so `06/30/2024` is refused, not misread.
 */
export function parseDateText(raw: string): Parsed<string> {
  const t = raw.trim().replace(/[ T]00:00(?::00(?:\.0+)?)?Z?$/, '');
  if (t === '') return bad('is required');
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return isoOf(m[1] ?? '', Number(m[2]), Number(m[3]), raw.trim());
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) return isoOf(m[3] ?? '', Number(m[2]), Number(m[1]), raw.trim());
  m = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$/.exec(t);
  if (m) {
    const name = (m[2] ?? '').toLowerCase();
    const month = MONTHS.findIndex((full) => name === full || name === full.slice(0, 3) || (full === 'september' && name === 'sept'));
    if (month < 0) return bad(`is not a date: ${raw.trim()}`);
    return isoOf(m[3] ?? '', month + 1, Number(m[1]), raw.trim());
  }
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/.test(t)) return bad(`has a two-digit year; write it as dd/mm/yyyy: ${raw.trim()}`);
  return bad(`is not a date (write dd/mm/yyyy or yyyy-mm-dd): ${raw.trim()}`);
}

/** Whole days of an Excel date serial as an ISO date (1900 system, or 1904 when the workbook says so). */
export function dateFromSerial(serial: number, date1904 = false): Parsed<string> {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return bad(`is not a date: ${serial}`);
  const days = Math.floor(serial);
  // 1900 system: serial 1 is 1900-01-01, counted as if 1900 were a leap year (Lotus), so from
  // March 1900 on, day 0 is 1899-12-30. Earlier serials are not expenditure dates anyway.
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return ok(new Date(base + days * 86_400_000).toISOString().slice(0, 10));
}

export function dateOfCell(cell: Cell | undefined, date1904 = false): Parsed<string> {
  if (!cell || isBlank(cell)) return bad('is required');
  switch (cell.kind) {
    case 'date':
      return ok(cell.iso);
    case 'number':
      return dateFromSerial(cell.value, date1904);
    case 'text':
      return parseDateText(cell.text);
    case 'error':
      return bad(`holds a spreadsheet error (${cell.text})`);
    default:
      return bad(`is not a date: ${cellText(cell)}`);
  }
}

// ---------------------------------------------------------------- the file

export interface ImportRow {
  /** The row number in the file. */
  readonly row: number;
  readonly date: string;
  /** As written (trimmed, lower case); resolved against the budget lines later. */
  readonly category: string;
  /** Signed, two decimals; negative for a credit. */
  readonly amount: string;
  readonly supplier: string;
  readonly description: string;
  readonly sarId?: string;
  readonly reference?: string;
  /** Credits: the entry id (upper case) or the reference of the entry corrected. */
  readonly original?: string;
}

export interface RowProblem {
  readonly row: number;
  readonly field: ImportField;
  /** The header of the column, as the file has it. */
  readonly column: string;
  /** What the cell holds (cut to 100 characters). */
  readonly value: string;
  readonly problem: string;
}

export interface HeaderMap {
  /** Row number of the header row. */
  readonly row: number;
  /** Each field's column: its index and its header as written. */
  readonly columns: ReadonlyMap<ImportField, { readonly index: number; readonly header: string }>;
  /** Headers that name no field; their columns are not read. */
  readonly ignored: readonly string[];
}

export interface ParsedFile {
  readonly header: HeaderMap;
  /** Rows whose every cell could be read; the others are in `problems`. */
  readonly rows: readonly ImportRow[];
  /** Data rows in the file (blank rows are skipped and not counted). */
  readonly dataRows: number;
  readonly problems: readonly RowProblem[];
}

/** A file-level problem: a wrong sheet, a missing or repeated header, an unreadable encoding (422). */
export class ImportFileError extends UnprocessableError {}

const countRecognised = (row: SheetRow): number => new Set(row.cells.map((c) => fieldOfHeader(cellText(c))).filter(Boolean)).size;

/**
 * Finds the header row (the first of the first few non-empty rows that names at least two
 * columns, so title lines above it are skipped) and maps its columns to fields.
 * @throws ImportFileError naming missing or repeated columns.
 */
export function mapHeader(sheet: Sheet): HeaderMap {
  const nonEmpty = sheet.rows.filter((r) => r.cells.some((c) => !isBlank(c)));
  const first = nonEmpty[0];
  if (!first) throw new ImportFileError('IMPORT.EMPTY_FILE', 'the file is empty: it has no header row and no data');
  const headerRow = nonEmpty.slice(0, IMPORT_LIMITS.headerSearchRows).find((r) => countRecognised(r) >= 2) ?? first;
  const columns = new Map<ImportField, { index: number; header: string }>();
  const ignored: string[] = [];
  const problems: { path: string; message: string }[] = [];
  headerRow.cells.forEach((cell, index) => {
    const header = cellText(cell);
    if (header === '') return;
    const field = fieldOfHeader(header);
    if (!field) {
      ignored.push(header);
      return;
    }
    const seen = columns.get(field);
    if (seen) {
      problems.push({
        path: `header/${field}`,
        message: `columns ${columnLetter(seen.index)} (${seen.header}) and ${columnLetter(index)} (${header}) both give the ${COLUMN_OF.get(field)?.title ?? field}; keep one`,
      });
      return;
    }
    columns.set(field, { index, header });
  });
  if (problems.length > 0) {
    throw new ImportFileError(
      'IMPORT.DUPLICATE_HEADERS',
      `the header row (row ${headerRow.row}) names a column twice: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.field));
  if (missing.length > 0) {
    const errors = missing.map((c) => ({
      path: `header/${c.field}`,
      message: `no column named ${c.title} (or ${c.aliases.join(', ')})`,
    }));
    throw new ImportFileError(
      'IMPORT.MISSING_HEADERS',
      `the header row (row ${headerRow.row}) has no ${missing.map((c) => c.title).join(', ')} column; the template's columns are ${IMPORT_COLUMNS.map((c) => c.title).join(', ')}`,
      errors,
    );
  }
  return { row: headerRow.row, columns, ignored };
}

const clip = (s: string): string => (s.length > 100 ? `${s.slice(0, 99)}…` : s);

/**
 * Reads every data row below the header: blank rows are skipped; each cell is converted by
 * its column's rules; every problem is listed (row, column, value, what is wrong).
 * @throws ImportFileError for a missing or repeated header or a file without data rows.
 * @throws PayloadTooLargeError for more than {@link IMPORT_LIMITS.maxRows} data rows.
 */
export function parseSheet(sheet: Sheet): ParsedFile {
  const header = mapHeader(sheet);
  const data = sheet.rows.filter((r) => r.row > header.row && r.cells.some((c) => !isBlank(c)));
  if (data.length === 0) throw new ImportFileError('IMPORT.NO_ROWS', `the file has a header row (row ${header.row}) but no data rows`);
  if (data.length > IMPORT_LIMITS.maxRows) {
    throw new PayloadTooLargeError(
      'IMPORT.TOO_MANY_ROWS',
      `the file has ${data.length.toLocaleString('en-GB')} data rows; at most ${IMPORT_LIMITS.maxRows.toLocaleString('en-GB')} can be imported at once: split it into several files`,
    );
  }
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  for (const r of data) {
    const before = problems.length;
    const cellOf = (field: ImportField): Cell | undefined => {
      const col = header.columns.get(field);
      return col ? r.cells[col.index] : undefined;
    };
    const report = (field: ImportField, problem: string): void => {
      problems.push({
        row: r.row,
        field,
        column: header.columns.get(field)?.header ?? field,
        value: clip(cellText(cellOf(field))),
        problem,
      });
    };
    const take = <T>(field: ImportField, parsed: Parsed<T>): T | undefined => {
      if (parsed.ok) return parsed.value;
      report(field, parsed.problem);
      return undefined;
    };
    const text = (field: ImportField, required: boolean): string | undefined => {
      const cell = cellOf(field);
      if (cell?.kind === 'error') {
        report(field, `holds a spreadsheet error (${cell.text})`);
        return undefined;
      }
      const value = cellText(cell);
      if (value === '' && required) report(field, 'is required');
      return value === '' ? undefined : value;
    };
    const date = take('date', dateOfCell(cellOf('date'), sheet.date1904));
    const category = text('category', true)?.toLowerCase();
    const amount = take('amount', amountOfCell(cellOf('amount')));
    const supplier = text('supplier', true);
    const description = text('description', true);
    const sarId = text('sarId', false)?.toLowerCase();
    const reference = text('reference', false);
    const originalText = text('original', false);
    const original = originalText && /^e\d{8}$/i.test(originalText) ? originalText.toUpperCase() : originalText;
    if (problems.length > before) continue;
    rows.push({
      row: r.row,
      date: date ?? '',
      category: category ?? '',
      amount: amount ?? '',
      supplier: supplier ?? '',
      description: description ?? '',
      ...(sarId ? { sarId } : {}),
      ...(reference ? { reference } : {}),
      ...(original ? { original } : {}),
    });
  }
  return { header, rows, dataRows: data.length, problems };
}

/**
 * The rows in a canonical form: what an import's id is derived from, so the same rows give
 * the same id whatever file they came in (CSV or XLSX, re-saved, columns in another order).
 */
export function canonicalRows(rows: readonly ImportRow[]): string {
  return rows
    .map((r) =>
      JSON.stringify([r.date, r.category, r.amount, r.supplier, r.description, r.sarId ?? '', r.reference ?? '', r.original ?? '']),
    )
    .join('\n');
}

// ---------------------------------------------------------------- against the ledger

/** An entry of the ledger as a credit row sees it. */
export interface LedgerEntryView {
  readonly entryId: string;
  readonly amount: Money;
  readonly category: string;
  readonly sarId?: string;
  readonly reference?: string;
  /** Set when the entry is itself a reversal. */
  readonly reverses?: string;
  /**
   * Whether it has been reversed: `no`; `yes`; `pending` (a credit row of another import that
   * has not finished claimed it); `this-import` (a credit row of this very import claimed it:
   * an interrupted attempt that is being resumed).
   */
  readonly reversed: 'no' | 'yes' | 'pending' | 'this-import';
}

/** What the rows are checked against, read from the ledger before anything is written. */
export interface LedgerView {
  readonly year: FinancialYear;
  /** Budget line ids by id and by lower-case name. */
  readonly categories: ReadonlyMap<string, string>;
  readonly sars: ReadonlySet<string>;
  readonly entries: ReadonlyMap<string, LedgerEntryView>;
  /** Entry ids by reference as written (entries that are not reversals); compared normalised (referenceIndex). */
  readonly byReference: ReadonlyMap<string, readonly string[]>;
  /** Today in the service's calendar: rows dated after it are refused. */
  readonly today?: string;
  /**
   * The entries holding each supplier reference of the year (normalised: see normaliseReference),
   * among entries neither reversed nor reversals, in number order. A row repeating one is refused,
   * as a row repeating another row's reference is, unless `allowDuplicateReferences`; an entry a
   * credit row of the same file cancels holds it no more (the file lands whole or not at all).
   */
  readonly references?: ReadonlyMap<string, readonly string[]>;
  readonly allowDuplicateReferences?: boolean;
}

/**
 * Entry ids by normalised reference (see normaliseReference: `INV-0042` is `inv 0042`), from
 * the view's references as written: a credit row's reference is compared as supplier
 * references are everywhere. Made once per file.
 */
export function referenceIndex(byReference: LedgerView['byReference']): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [reference, held] of byReference) {
    const key = referenceKey(reference);
    index.set(key, [...(index.get(key) ?? []), ...held]);
  }
  return index;
}

/** A reference's key in the index: normalised, or as written when nothing is left of it (`---`). */
export const referenceKey = (reference: string): string => normaliseReference(reference) || reference;

/**
 * The entries a credit row's reference names. An entry already reversed no longer holds its
 * reference (its correction may have been posted under it again), so it is named only when no
 * entry still holding the reference is left (the row is then told it has been reversed).
 */
function entriesHolding(index: ReadonlyMap<string, readonly string[]>, entries: LedgerView['entries'], pointer: string): string[] {
  const ids = index.get(referenceKey(pointer)) ?? [];
  const standing = ids.filter((id) => entries.get(id)?.reversed !== 'yes');
  return standing.length > 0 ? standing : [...ids];
}

/** A row ready to be written: a new entry, or the reversal of an entry a credit row cancels. */
export type ResolvedRow =
  | { readonly kind: 'entry'; readonly row: ImportRow; readonly category: string }
  | { readonly kind: 'reversal'; readonly row: ImportRow; readonly original: LedgerEntryView };

/**
 * Checks the rows against the ledger: the date inside the year, the category a budget line,
 * the SAR case existing; and for a credit (negative amount) that it names exactly one entry
 * that it cancels in full. A credit is written in the ledger's correction form: the reversal
 * of the entry it names (opposite amount, same category, `reverses` pointing at it), and, as
 * everywhere in the ledger, an entry is reversed at most once.
 */
export function resolveRows(
  rows: readonly ImportRow[],
  view: LedgerView,
  columnOf: (f: ImportField) => string,
): { resolved: ResolvedRow[]; problems: RowProblem[] } {
  const resolved: ResolvedRow[] = [];
  const problems: RowProblem[] = [];
  const claimedBy = new Map<string, number>();
  const referenceRow = new Map<string, number>();
  const references = referenceIndex(view.byReference);
  // The entries this file's credit rows cancel: their references are free for its other rows, as
  // a reversal frees a reference for a later post (the file lands whole, or not at all).
  const cancelled = new Set<string>();
  for (const row of rows) {
    if (!Money.parse(row.amount).isNegative()) continue;
    const pointer = row.original ?? row.reference;
    if (!pointer) continue;
    const ids = /^E\d{8}$/.test(pointer) ? [pointer] : entriesHolding(references, view.entries, pointer);
    if (ids.length === 1) cancelled.add(ids[0] as string);
  }
  for (const row of rows) {
    const before = problems.length;
    const report = (field: ImportField, value: string | undefined, problem: string) =>
      problems.push({ row: row.row, field, column: columnOf(field), value: clip(value ?? ''), problem });
    if (!containsDate(view.year, row.date))
      report('date', row.date, `must be between ${view.year.start} and ${view.year.end} (the financial year ${view.year.id})`);
    else if (view.today !== undefined && row.date > view.today && !Money.parse(row.amount).isNegative())
      report('date', row.date, `is after today (${view.today}): record spending once it has happened`);
    if (row.reference && !view.allowDuplicateReferences && !Money.parse(row.amount).isNegative()) {
      const normalised = normaliseReference(row.reference);
      const held = normalised ? view.references?.get(normalised)?.find((id) => !cancelled.has(id)) : undefined;
      const earlierRow = normalised ? referenceRow.get(normalised) : undefined;
      if (held)
        report(
          'reference',
          row.reference,
          `is already on ${held} in ${view.year.id}; import with ?allowDuplicateReferences=true to record it again`,
        );
      else if (earlierRow !== undefined)
        report(
          'reference',
          row.reference,
          `is also on row ${earlierRow} of this file; import with ?allowDuplicateReferences=true to record both`,
        );
      if (normalised && earlierRow === undefined) referenceRow.set(normalised, row.row);
    }
    const category = view.categories.get(row.category);
    if (!category) report('category', row.category, `${row.category} is not a budget line of ${view.year.id}`);
    if (row.sarId && !view.sars.has(row.sarId)) report('sarId', row.sarId, `SAR case ${row.sarId} does not exist`);
    const amount = Money.parse(row.amount);
    if (!amount.isNegative()) {
      if (row.original) report('original', row.original, 'only a credit (a negative amount) names an original entry');
      if (problems.length === before && category) resolved.push({ kind: 'entry', row, category });
      continue;
    }
    // A credit: find the entry it cancels.
    const pointer = row.original ?? row.reference;
    const pointerField: ImportField = row.original ? 'original' : 'reference';
    if (!pointer) {
      report('original', '', 'a credit (negative amount) must name the entry it corrects: put its entry id or reference in Original entry');
      continue;
    }
    let original: LedgerEntryView | undefined;
    if (/^E\d{8}$/.test(pointer)) {
      original = view.entries.get(pointer);
      if (!original) report(pointerField, pointer, `${view.year.id} has no entry ${pointer}`);
    } else {
      const ids = entriesHolding(references, view.entries, pointer);
      if (ids.length === 0) report(pointerField, pointer, `no entry of ${view.year.id} has the reference ${pointer}`);
      else if (ids.length > 1)
        report(
          pointerField,
          pointer,
          `the reference ${pointer} matches ${ids.length} entries (${ids.join(', ')}); name one by its entry id in Original entry`,
        );
      else original = view.entries.get(ids[0] ?? '');
    }
    if (!original) continue;
    if (original.reverses) report(pointerField, pointer, `${original.entryId} is itself a reversal; it cannot be corrected again`);
    else if (original.reversed === 'yes') report(pointerField, pointer, `${original.entryId} has already been reversed`);
    else if (original.reversed === 'pending')
      report(pointerField, pointer, `${original.entryId} is being reversed by another import that has not finished`);
    else if (!amount.negate().equals(original.amount)) {
      report(
        'amount',
        row.amount,
        `a credit must cancel ${original.entryId} in full (-${original.amount.toString()}); to correct part of it, cancel it in full and add a row with the right amount`,
      );
    }
    if (category && category !== original.category)
      report(
        'category',
        row.category,
        `${original.entryId} is in ${original.category}; a credit stays in the category of the entry it cancels`,
      );
    if (row.sarId && row.sarId !== original.sarId)
      report('sarId', row.sarId, `${original.entryId} is ${original.sarId ? `tagged ${original.sarId}` : 'not tagged with a SAR case'}`);
    const twice = claimedBy.get(original.entryId);
    if (twice !== undefined) report(pointerField, pointer, `row ${twice} already cancels ${original.entryId}`);
    claimedBy.set(original.entryId, row.row);
    if (problems.length === before) resolved.push({ kind: 'reversal', row, original });
  }
  return { resolved, problems };
}
