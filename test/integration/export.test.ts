/**
 * Exports of the lists as CSV and XLSX: the whole list (not a page), read back with exceljs
 * to check values, number and date formats.
 */
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';
import { csv, readXlsxFile, XLSX } from '../helpers/files.ts';

let api: Api;
let runtime: Runtime;
const boardId = 'export-board';
const F = { roles: ['finance'], boardId };
const base = `/v1/boards/${boardId}`;
const exp = `${base}/years/2024-25/expenditure`;
const ROWS = 230;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
  await freshBoard(api, boardId);
  await api.put(`${base}/sars/adult-d`, { title: 'Adult D, "the review"', kind: 'sar', status: 'in-progress' }, F);
  const file = csv([
    ['Date', 'Category', 'Amount', 'Supplier', 'Description', 'SAR id', 'Reference'],
    ['30/06/2024', 'staffing', '£12,345.67', 'Luton Borough Council', 'Salaries, June', undefined, '=HYPERLINK("x")'],
    ['01/07/2024', 'sar', '0.10', 'Reviewer', 'Travel', 'adult-d', undefined],
    ...Array.from({ length: ROWS - 2 }, (_, i) => ['15/08/2024', 'training', `${i + 1}.05`, 'Acme', `Line ${i}`]),
  ]);
  const r = await api.request('POST', `${exp}/import`, { as: F, raw: file, headers: { 'content-type': 'text/csv' } });
  expect(r.status, r.text).toBe(201);
  await api.post(
    `${base}/years/2024-25/commitments`,
    { category: 'staffing', description: 'Salaries, rest of year', amount: '99000.00', dueDate: '2025-03-31' },
    F,
  );
});
afterAll(() => runtime.stop());

async function download(path: string, accept: string): Promise<{ status: number; type: string; disposition: string; bytes: Uint8Array }> {
  const res = await fetch(`${api.url}${path}`, { headers: { accept, authorization: `Bearer ${await api.token(F)}` } });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    disposition: res.headers.get('content-disposition') ?? '',
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

async function sheet(path: string): Promise<ExcelJS.Worksheet> {
  const d = await download(path, XLSX);
  expect(d.status).toBe(200);
  expect(d.type).toBe(XLSX);
  const wb = await readXlsxFile(d.bytes);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  return ws;
}

const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
const columnOf = (ws: ExcelJS.Worksheet, title: string) => header(ws).indexOf(title) + 1;

describe('expenditure export', () => {
  it('as CSV: the whole ledger whatever the page size, amounts as plain decimals, formulas defused', async () => {
    const d = await download(`${exp}?limit=10`, 'text/csv');
    expect(d.status).toBe(200);
    expect(d.type).toBe('text/csv; charset=utf-8');
    expect(d.disposition).toBe('attachment; filename="expenditure-2024-25.csv"');
    const lines = new TextDecoder().decode(d.bytes).trimEnd().split('\r\n');
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[0]).toBe('Entry,Date,Category,Amount,Supplier,Description,SAR id,Reference,Reverses,Reason,Recorded at,Recorded by');
    expect(lines[1]).toMatch(/^E00000001,2024-06-30,staffing,12345.67,Luton Borough Council,"Salaries, June",,"'=HYPERLINK\(""x""\)",,,/);
    const category = await download(`${exp}?category=sar`, 'text/csv');
    expect(new TextDecoder().decode(category.bytes).trimEnd().split('\r\n')).toHaveLength(2);
  });

  it('as XLSX: a frozen bold header, amounts as numbers formatted #,##0.00, dates as date cells', async () => {
    const ws = await sheet(exp);
    expect(ws.name).toBe('expenditure-2024-25');
    expect(ws.rowCount).toBe(ROWS + 1);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).font?.bold).toBe(true);
    const amount = columnOf(ws, 'Amount');
    const date = columnOf(ws, 'Date');
    const first = ws.getRow(2).getCell(amount);
    expect(first.value).toBe(12345.67);
    expect(first.numFmt).toBe('#,##0.00');
    expect(ws.getRow(3).getCell(amount).value).toBe(0.1);
    expect(ws.getRow(2).getCell(date).value).toEqual(new Date('2024-06-30T00:00:00.000Z'));
    expect(ws.getRow(2).getCell(date).numFmt).toBe('dd/mm/yyyy');
    expect(ws.getRow(2).getCell(columnOf(ws, 'Reference')).value).toBe('=HYPERLINK("x")'); // text, not a formula
    expect(ws.getRow(2).getCell(columnOf(ws, 'Recorded at')).value).toBeInstanceOf(Date);
    // Exact sum back from the cells: every amount is the decimal it was.
    let pence = 0n;
    for (let r = 2; r <= ws.rowCount; r++) pence += BigInt(Math.round((ws.getRow(r).getCell(amount).value as number) * 100));
    const list = await api.all(exp, F);
    const expected = list.reduce((s: bigint, e: { amount: string }) => s + BigInt(e.amount.replace('.', '')), 0n);
    expect(pence).toBe(expected);
    expect(ws.getColumn(columnOf(ws, 'Description')).width).toBeGreaterThan(10);
  });

  it('refuses a format it cannot make (406) and keeps JSON pages as they were', async () => {
    expect((await download(exp, 'application/pdf')).status).toBe(406);
    const page = await api.get(`${exp}?limit=5`, F);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.nextCursor).toBeDefined();
  });
});

describe('the other lists', () => {
  it('commitments, partners, SAR cases and invoices export whole, with money and date cells', async () => {
    const commitments = await sheet(`${base}/years/2024-25/commitments`);
    expect(commitments.getRow(2).getCell(columnOf(commitments, 'Amount')).value).toBe(99000);
    expect(commitments.getRow(2).getCell(columnOf(commitments, 'Due date')).numFmt).toBe('dd/mm/yyyy');

    const partners = await sheet(`${base}/partners`);
    expect(partners.rowCount).toBe(4);
    expect(header(partners)).toEqual(['Partner', 'Name', 'Kind', 'Billing address', 'Contact', 'Email', 'PO number']);

    const sars = await sheet(`${base}/sars`);
    expect(header(sars)).toEqual(['SAR id', 'Title', 'Kind', 'Status', 'Total cost', 'Entries', 'Cost 2024-25']);
    expect(sars.getRow(2).getCell(5).value).toBe(0.1);
    expect(sars.getRow(2).getCell(5).numFmt).toBe('#,##0.00');
    const sarsCsv = new TextDecoder().decode((await download(`${base}/sars`, 'text/csv')).bytes);
    expect(sarsCsv).toContain('adult-d,"Adult D, ""the review""",sar,in-progress,0.10,1,0.10');

    const invoices = await sheet(`${base}/invoices`);
    expect(invoices.rowCount).toBe(4); // the three baseline invoices
    const total = columnOf(invoices, 'Total');
    const values = [2, 3, 4].map((r) => invoices.getRow(r).getCell(total).value).sort();
    expect(values).toEqual([101591, 20390, 81305]);
    expect(invoices.getRow(2).getCell(columnOf(invoices, 'Issue date')).value).toBeInstanceOf(Date);
    const invCsv = new TextDecoder().decode((await download(`${base}/invoices?partnerId=blmk-icb`, 'text/csv')).bytes);
    expect(invCsv.trimEnd().split('\r\n')).toHaveLength(2);
  });

  it('a report through jsonOrTable comes as XLSX too', async () => {
    const d = await download(`${base}/years/2024-25/budget-vs-actual`, XLSX);
    expect(d.status).toBe(200);
    expect(d.disposition).toContain('.xlsx');
    const wb = await readXlsxFile(d.bytes);
    expect(wb.worksheets).toHaveLength(1);
  });
});
