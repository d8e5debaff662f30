import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/contract/openapi.ts';
import { routes } from '../../shared/contract/routes.ts';
import {
  amountFromNumber,
  type Cell,
  canonicalRows,
  columnLetter,
  dateFromSerial,
  fieldOfHeader,
  IMPORT_LIMITS,
  type ImportRow,
  type LedgerEntryView,
  type LedgerView,
  mapHeader,
  parseAmountText,
  parseDateText,
  parseSheet,
  resolveRows,
  type Sheet,
} from '../../shared/domain/import.ts';
import { Money } from '../../shared/domain/money.ts';
import { cellNumber, sheetName } from '../../shared/http/tabular.ts';
import { decodeText, parseCsv, readCsv } from '../../shared/infrastructure/files/csv.ts';
import { cellOf } from '../../shared/infrastructure/files/xlsx-read.ts';
import { cp1252, csv } from '../helpers/files.ts';

const t = (text: string): Cell => ({ kind: 'text', text });
const sheetOf = (rows: (string | number | undefined)[][]): Sheet => ({
  format: 'csv',
  rows: rows.map((r, i) => ({
    row: i + 1,
    cells: r.map((v) => (v === undefined ? { kind: 'empty' } : typeof v === 'number' ? { kind: 'number', value: v } : t(v))),
  })),
});

describe('amounts as people write them', () => {
  it.each([
    ['1250', '1250.00'],
    ['1250.5', '1250.50'],
    ['£1,250.50', '1250.50'],
    ['  £ 1,234,567.89 ', '1234567.89'],
    ['-12.00', '-12.00'],
    ['-£12.00', '-12.00'],
    ['£-12.00', '-12.00'],
    ['(12.00)', '-12.00'],
    ['(£1,000)', '-1000.00'],
    ['\u221212.50', '-12.50'],
    ['12.340', '12.34'],
    ['999,999,999.99', '999999999.99'],
  ])('reads %j as %s', (raw, want) => {
    expect(parseAmountText(raw)).toEqual({ ok: true, value: want });
  });

  it.each([
    ['', 'is required'],
    ['twelve', 'is not an amount'],
    ['12.345', 'more than two decimal places'],
    ['1,00.00', 'misplaced thousands separators'],
    ['12,50', 'decimal comma'],
    ['0', 'must not be zero'],
    ['£0.00', 'must not be zero'],
    ['1,000,000,000.00', '999,999,999.99'],
    ['(-12.00)', 'is not an amount'],
    ['1e3', 'is not an amount'],
    ['$12.00', 'is not an amount'],
  ])('refuses %j (%s)', (raw, why) => {
    const r = parseAmountText(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain(why);
  });

  it('reads number cells exactly: float noise rounds to pence, real third decimals are refused', () => {
    expect(amountFromNumber(0.1 + 0.2)).toEqual({ ok: true, value: '0.30' });
    expect(amountFromNumber(1234.4999999999998)).toEqual({ ok: true, value: '1234.50' });
    expect(amountFromNumber(18191.67)).toEqual({ ok: true, value: '18191.67' });
    expect(amountFromNumber(999999999.99)).toEqual({ ok: true, value: '999999999.99' });
    expect(amountFromNumber(-40)).toEqual({ ok: true, value: '-40.00' });
    expect(amountFromNumber(12.345)).toEqual({ ok: false, problem: 'has more than two decimal places: 12.345' });
    expect(amountFromNumber(0.001)).toMatchObject({ ok: false });
    expect(amountFromNumber(1e10)).toMatchObject({ ok: false });
    expect(amountFromNumber(Number.NaN)).toMatchObject({ ok: false });
  });

  it('counts decimal places on the text, however long: trailing zeros are none, a far digit is a third place', () => {
    expect(parseAmountText(`12.50${'0'.repeat(1200)}`)).toEqual({ ok: true, value: '12.50' });
    expect(parseAmountText(`£1,250.${'0'.repeat(5000)}`)).toEqual({ ok: true, value: '1250.00' });
    const far = `0.${'0'.repeat(1100)}1`;
    expect(parseAmountText(far)).toEqual({ ok: false, problem: `has more than two decimal places: ${far}` });
    // Linear in the text: a 3 MB run of zeros before a digit is answered at once.
    const started = performance.now();
    expect(parseAmountText(`0.${'0'.repeat(3_000_000)}1`)).toMatchObject({ ok: false });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('names a refused number cell by all its digits, however many decimals it has', () => {
    // More than 20 decimals: the problem once showed the cell's value cut to 20 places
    // ("0.00001234567890123457"), a number the cell does not hold.
    expect(amountFromNumber(1.2345678901234568e-5)).toEqual({
      ok: false,
      problem: 'has more than two decimal places: 0.000012345678901234568',
    });
    expect(amountFromNumber(-0.0000010000000000000002)).toEqual({
      ok: false,
      problem: 'has more than two decimal places: -0.0000010000000000000002',
    });
  });
});

describe('dates', () => {
  it.each([
    ['30/06/2024', '2024-06-30'],
    ['1/4/2024', '2024-04-01'],
    ['30-06-2024', '2024-06-30'],
    ['30.06.2024', '2024-06-30'],
    ['2024-06-30', '2024-06-30'],
    ['30 Jun 2024', '2024-06-30'],
    ['30-June-2024', '2024-06-30'],
    ['1 Sept 2024', '2024-09-01'],
    ['30/06/2024 00:00:00', '2024-06-30'],
    ['2024-06-30T00:00:00Z', '2024-06-30'],
    ['29/02/2024', '2024-02-29'],
  ])('reads %j as %s (UK day first)', (raw, want) => {
    expect(parseDateText(raw)).toEqual({ ok: true, value: want });
  });

  it.each([
    ['31/02/2024', 'not a real date'],
    ['06/30/2024', 'not a real date'],
    ['29/02/2023', 'not a real date'],
    ['30/06/24', 'two-digit year'],
    ['30 Foo 2024', 'not a date'],
    ['June 30, 2024', 'not a date'],
    ['30/06/2024 12:30', 'not a date'],
  ])('refuses %j (%s)', (raw, why) => {
    const r = parseDateText(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain(why);
  });

  it('reads Excel serials in the 1900 and the 1904 systems', () => {
    expect(dateFromSerial(45473)).toEqual({ ok: true, value: '2024-06-30' });
    expect(dateFromSerial(45292.75)).toEqual({ ok: true, value: '2024-01-01' });
    expect(dateFromSerial(44011, true)).toEqual({ ok: true, value: '2024-06-30' });
    expect(dateFromSerial(0).ok).toBe(false);
  });
});

describe('headers', () => {
  it('match the template names and their aliases, ignoring case, spaces, punctuation and brackets', () => {
    expect(fieldOfHeader('Transaction Date')).toBe('date');
    expect(fieldOfHeader('COST CENTRE')).toBe('category');
    expect(fieldOfHeader('Amount (£)')).toBe('amount');
    expect(fieldOfHeader('Net amount')).toBe('amount');
    expect(fieldOfHeader('Supplier name')).toBe('supplier');
    expect(fieldOfHeader('Narrative')).toBe('description');
    expect(fieldOfHeader('SAR_ID')).toBe('sarId');
    expect(fieldOfHeader('Invoice no.')).toBe('reference');
    expect(fieldOfHeader('Original entry')).toBe('original');
    expect(fieldOfHeader('VAT')).toBeUndefined();
  });

  it('skip title lines, ignore unknown columns, and name missing or repeated ones', () => {
    const h = mapHeader(sheetOf([['Council report'], [], ['Date', 'VAT', 'Category', 'Amount', 'Supplier', 'Description']]));
    expect(h.row).toBe(3);
    expect(h.ignored).toEqual(['VAT']);
    expect(h.columns.get('amount')).toEqual({ index: 3, header: 'Amount' });
    expect(() => mapHeader(sheetOf([['Date', 'Category', 'Supplier']]))).toThrow(/no Amount, Description column/);
    expect(() => mapHeader(sheetOf([['Date', 'Category', 'Amount', 'Value', 'Supplier', 'Description']]))).toThrow(
      /columns C \(Amount\) and D \(Value\) both give the Amount/,
    );
    expect(() => mapHeader(sheetOf([]))).toThrow(/empty/);
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(27)).toBe('AB');
  });
});

describe('a sheet', () => {
  it('reads every row, skips blank ones, and reports each bad cell with its row and column', () => {
    const parsed = parseSheet(
      sheetOf([
        ['Date', 'Category', 'Amount', 'Supplier', 'Description', 'SAR', 'Invoice no'],
        ['01/05/2024', 'Staffing', '£10.00', 'A', 'x', 'Adult-D', 4471],
        [],
        ['bad', 'training', '12.345', '', 'y'],
      ]),
    );
    expect(parsed.dataRows).toBe(2);
    expect(parsed.rows).toEqual([
      {
        row: 2,
        date: '2024-05-01',
        category: 'staffing',
        amount: '10.00',
        supplier: 'A',
        description: 'x',
        sarId: 'adult-d',
        reference: '4471',
      },
    ]);
    expect(parsed.problems.map((p) => [p.row, p.column, p.value, p.problem])).toEqual([
      [4, 'Date', 'bad', 'is not a date (write dd/mm/yyyy or yyyy-mm-dd): bad'],
      [4, 'Amount', '12.345', 'has more than two decimal places: 12.345'],
      [4, 'Supplier', '', 'is required'],
    ]);
  });

  it('refuses more rows than the limit (413) and a header without rows (422)', () => {
    const header = ['Date', 'Category', 'Amount', 'Supplier', 'Description'];
    const row = ['01/05/2024', 'x', '1', 'a', 'b'];
    expect(() => parseSheet(sheetOf([header, ...Array.from({ length: IMPORT_LIMITS.maxRows + 1 }, () => row)]))).toThrow(
      /10,001 data rows/,
    );
    expect(parseSheet(sheetOf([header, ...Array.from({ length: IMPORT_LIMITS.maxRows }, () => row)])).dataRows).toBe(IMPORT_LIMITS.maxRows);
    expect(() => parseSheet(sheetOf([header]))).toThrow(/no data rows/);
  });

  it('gives the same canonical rows (so the same import id) whatever the columns order or spelling', () => {
    const a = parseSheet(
      sheetOf([
        ['Date', 'Category', 'Amount', 'Supplier', 'Description'],
        ['01/05/2024', 'training', '£1,000', 'A', 'x'],
      ]),
    );
    const b = parseSheet(
      sheetOf([
        ['Narrative', 'Supplier name', 'Net amount', 'Cost centre', 'Transaction date'],
        ['x', 'A', '1000.00', 'Training', '2024-05-01'],
      ]),
    );
    expect(canonicalRows(b.rows)).toBe(canonicalRows(a.rows));
  });

  it('the route accepts exactly the import byte limit, and the OpenAPI document describes its file body and answers', () => {
    expect(routes['POST /v1/boards/{boardId}/years/{yearId}/expenditure/import'].maxBody).toBe(IMPORT_LIMITS.maxBytes);
    const op = (openApiDocument() as any).paths['/v1/boards/{boardId}/years/{yearId}/expenditure/import'].post;
    expect(op.requestBody.content['text/csv'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(Object.keys(op.requestBody.content)).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201', '202', '413', '415', '422']));
    expect(op.parameters.map((p: { name: string }) => p.name)).toContain('dryRun');
  });
});

describe('credits against the ledger', () => {
  const entry = (id: string, amount: string, extra: Partial<LedgerEntryView> = {}): LedgerEntryView => ({
    entryId: id,
    amount: Money.parse(amount),
    category: 'training',
    reversed: 'no',
    ...extra,
  });
  const view: LedgerView = {
    year: { id: '2024-25', start: '2024-04-01', end: '2025-03-31' },
    categories: new Map([
      ['training', 'training'],
      ['independent chair', 'independent-chair'],
      ['independent-chair', 'independent-chair'],
    ]),
    sars: new Set(['adult-d']),
    entries: new Map([
      ['E00000001', entry('E00000001', '100.00', { reference: 'INV-1' })],
      ['E00000002', entry('E00000002', '50.00', { reversed: 'yes' })],
      ['E00000003', entry('E00000003', '-100.00', { reverses: 'E00000001' })],
      ['E00000004', entry('E00000004', '70.00', { reversed: 'pending' })],
      ['E00000005', entry('E00000005', '80.00', { reversed: 'this-import' })],
    ]),
    byReference: new Map([['INV-1', ['E00000001']]]),
  };
  const row = (r: Partial<ImportRow>): ImportRow => ({
    row: 2,
    date: '2024-06-01',
    category: 'training',
    amount: '-100.00',
    supplier: 'A',
    description: 'credit',
    ...r,
  });
  const check = (rows: ImportRow[]) => resolveRows(rows, view, (f) => f);

  it('turns a credit naming its entry (by id or by reference) into its reversal', () => {
    expect(check([row({ original: 'E00000001' })]).resolved[0]).toMatchObject({ kind: 'reversal', original: { entryId: 'E00000001' } });
    expect(check([row({ reference: 'INV-1' })]).resolved[0]).toMatchObject({ kind: 'reversal', original: { entryId: 'E00000001' } });
    expect(check([row({ original: 'E00000005', amount: '-80.00' })]).problems).toEqual([]); // resuming its own import
    expect(check([row({ category: 'independent chair', amount: '5.00' })]).resolved[0]).toMatchObject({
      kind: 'entry',
      category: 'independent-chair',
    });
  });

  it.each([
    [{}, 'must name the entry it corrects'],
    [{ original: 'E00000009' }, 'has no entry E00000009'],
    [{ original: 'INV-2' }, 'no entry of 2024-25 has the reference INV-2'],
    [{ original: 'E00000001', amount: '-99.99' }, 'must cancel E00000001 in full (-100.00)'],
    [{ original: 'E00000002', amount: '-50.00' }, 'has already been reversed'],
    [{ original: 'E00000003', amount: '100.00' }, 'only a credit'],
    [{ original: 'E00000004', amount: '-70.00' }, 'another import that has not finished'],
    [{ original: 'E00000001', category: 'independent-chair' }, 'stays in the category'],
    [{ original: 'E00000001', sarId: 'adult-d' }, 'not tagged with a SAR case'],
    [{ amount: '10.00', date: '2025-04-01' }, 'must be between 2024-04-01 and 2025-03-31'],
    [{ amount: '10.00', sarId: 'adult-z' }, 'SAR case adult-z does not exist'],
    [{ amount: '10.00', category: 'catering' }, 'catering is not a budget line'],
  ])('refuses %j: %s', (patch, why) => {
    const { problems, resolved } = check([row(patch)]);
    expect(resolved).toEqual([]);
    expect(problems.map((p) => p.problem).join('; ')).toContain(why);
  });

  it('refuses two credits cancelling one entry, and a reversal being cancelled', () => {
    const two = check([row({ original: 'E00000001' }), row({ row: 3, reference: 'INV-1' })]);
    expect(two.problems.map((p) => p.problem)).toEqual(['row 2 already cancels E00000001']);
    expect(check([row({ original: 'E00000003', amount: '100.00' })]).problems[0]?.problem).toContain('only a credit');
  });
});

describe('CSV decoding and records', () => {
  it('decodes UTF-8 with and without a BOM, and Windows-1252 (0xA3 is £)', () => {
    expect(decodeText(csv([['£5']], { bom: true }))).toEqual({ text: '£5\r\n', encoding: 'utf-8 with BOM' });
    expect(decodeText(csv([['£5']]))).toEqual({ text: '£5\r\n', encoding: 'utf-8' });
    expect(decodeText(cp1252('£5 – café €'))).toEqual({ text: '£5 – café €', encoding: 'windows-1252' });
  });

  it('refuses UTF-16, binary files and characters lost in transit', () => {
    expect(() => decodeText(Uint8Array.from([0xff, 0xfe, 0x41, 0]))).toThrow(/UTF-16/);
    expect(() => decodeText(Uint8Array.from([0x41, 0, 0x42]))).toThrow(/not text/);
    expect(() => decodeText(new TextEncoder().encode('caf\uFFFD'))).toThrow(/lost before they reached/);
    expect(() => decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0xa3]))).toThrow(/not valid UTF-8/);
  });

  it('parses RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF, LF and CR', () => {
    const rows = parseCsv('a,"b, c","say ""hi"""\r\n1,"two\nlines",\n"x"\r"",y');
    expect(rows.map((r) => r.cells.map((c) => (c.kind === 'text' ? c.text : c.kind)))).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', 'two\nlines', 'empty'],
      ['x'],
      ['', 'y'],
    ]);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(() => parseCsv('a,"b\r\n')).toThrow(/row 1 is never closed/);
    expect(parseCsv('a;b;c\r\n1;2;3')[1]?.cells).toHaveLength(3);
    expect(readCsv(csv([['Date'], ['x']])).rows).toHaveLength(2);
  });
});

describe('XLSX cells and exports', () => {
  it('reads exceljs values as cells', () => {
    expect(cellOf(null)).toEqual({ kind: 'empty' });
    expect(cellOf('  ')).toEqual({ kind: 'empty' });
    expect(cellOf(12.5)).toEqual({ kind: 'number', value: 12.5 });
    expect(cellOf(new Date('2024-06-30T00:00:00.000Z'))).toEqual({ kind: 'date', iso: '2024-06-30' });
    expect(cellOf(new Date('2024-06-30T23:59:59.9996Z'))).toEqual({ kind: 'date', iso: '2024-07-01' });
    expect(cellOf({ formula: 'A1+A2', result: 3 } as never)).toEqual({ kind: 'number', value: 3 });
    expect(cellOf({ formula: 'A1+A2' } as never)).toMatchObject({ kind: 'error' });
    expect(cellOf({ richText: [{ text: 'a' }, { text: 'b' }] } as never)).toEqual({ kind: 'text', text: 'ab' });
    expect(cellOf({ error: '#N/A' } as never)).toEqual({ kind: 'error', text: '#N/A' });
  });

  it('writes amounts as doubles only when they convert exactly, and names sheets as Excel allows', () => {
    expect(cellNumber('1234.50')).toBe(1234.5);
    expect(cellNumber('999999999.99')).toBe(999999999.99);
    expect(cellNumber('-0.01')).toBe(-0.01);
    expect(cellNumber('12345678901234567.89')).toBeUndefined();
    expect(cellNumber('1,000')).toBeUndefined();
    expect(sheetName('expenditure/2024-25: [all]')).toBe('expenditure-2024-25- -all-');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName('Data', new Set(['data']))).toBe('Data-2');
  });
});
