/**
 * Regressions of issue 11's receivables defects (4, 5, 10, 11), each through routes the first
 * release already had, so that each test fails on the code before the fix for the reason the
 * issue gives (run against d4ccf18: all four fail).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { type Api, startApi } from '../helpers/api.ts';
import { pdfText } from '../helpers/pdf.ts';
import { fivePartnerBoard } from '../helpers/receivables.ts';

let api: Api;
let runtime: Runtime;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());

const F = (boardId: string) => ({ roles: ['finance'], boardId });
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

async function pdfOf(path: string, boardId: string): Promise<string> {
  const res = await fetch(`${api.url}${path}`, {
    headers: { authorization: `Bearer ${await api.token(F(boardId))}`, accept: 'application/pdf' },
  });
  expect(res.status).toBe(200);
  return pdfText(new Uint8Array(await res.arrayBuffer()));
}

describe('issue 11', () => {
  it('defect 4: a credit note counts only what was paid as owed back to the partner, never the unpaid part', async () => {
    const b = 'd4';
    await fivePartnerBoard(api, b);
    // Unpaid invoice credited in full: nothing is owed either way.
    const unpaid = await api.post(`/v1/boards/${b}/invoices/2025-26-baseline-fire/credit-notes`, { reason: 'Raised in error' }, F(b));
    expect(unpaid.status).toBe(201);
    expect(unpaid.body.balance).toBe('0.00');
    // Part-paid (4,000.00 of 10,000.00) credited in full: 4,000.00 is owed back, not 10,000.00.
    const pay = await api.post(`/v1/boards/${b}/invoices/2025-26-baseline-probation/payments`, { date: today(), amount: '4000.00' }, F(b));
    expect(pay.status).toBe(201);
    const partPaid = await api.post(`/v1/boards/${b}/invoices/2025-26-baseline-probation/credit-notes`, { reason: 'Wrong baseline' }, F(b));
    expect(partPaid.body.balance).toBe('-4000.00');
  });

  it('defect 5: a year closed with refunds reconciles; the year-end credit note is not counted in the baseline too', async () => {
    const b = 'd5';
    await fivePartnerBoard(api, b, { yearId: '2024-25' });
    const spent = await api.post(
      `/v1/boards/${b}/years/2024-25/expenditure`,
      { date: '2024-06-30', category: 'staffing', amount: '88000.00', supplier: 'S', description: 'Staff' },
      F(b),
    );
    expect(spent.status).toBe(201);
    const asked = await api.post(`/v1/boards/${b}/years/2024-25/close`, undefined, F(b));
    // The approval names the figures the request showed (their ETag).
    const closed = await api.post(
      `/v1/boards/${b}/years/2024-25/close/approve`,
      undefined,
      { roles: ['board'], boardId: b, sub: 'chair' },
      {
        'if-match': asked.headers.get('etag') ?? '',
      },
    );
    expect(closed.status).toBe(200);
    const rec = await api.get(`/v1/boards/${b}/years/2024-25/reconciliation`, F(b));
    expect(rec.body.issues.map((i: { code: string }) => i.code)).not.toContain('BASELINE_INVOICE_VS_AGREEMENT');
    expect(rec.body.reconciles).toBe(true);
  });

  it('defect 10: from number 1,000 on, a credit note is readable at its own Location', async () => {
    const b = 'd10';
    await fivePartnerBoard(api, b, { open: false });
    await runtime.store.doc.send(
      new PutCommand({ TableName: runtime.tableName, Item: { pk: `B#${b}`, sk: 'INVCOUNTER', last: 999, sweptTo: 999, lastFor: 'x' } }),
    );
    await runtime.store.doc.send(
      new PutCommand({ TableName: runtime.tableName, Item: { pk: `B#${b}`, sk: 'CNCOUNTER', last: 999, sweptTo: 999, lastFor: 'x' } }),
    );
    expect((await api.post(`/v1/boards/${b}/years/2025-26/open`, undefined, F(b))).status).toBe(200);
    const note = await api.post(`/v1/boards/${b}/invoices/2025-26-baseline-blmk-icb/credit-notes`, { reason: 'x' }, F(b));
    expect(note.status).toBe(201);
    const again = await api.get(note.headers.get('location') ?? '', F(b));
    expect(again.status).toBe(200);
    expect(again.body.number).toMatch(/-001000$/);
  });

  it('defect 11: renaming the partner and the board after issue changes neither the JSON nor the PDF of an issued invoice', async () => {
    const b = 'd11';
    const ADMIN = { roles: ['admin'], boardId: b };
    await fivePartnerBoard(api, b);
    const path = `/v1/boards/${b}/invoices/2025-26-baseline-fire`;
    const json = (await api.get(path, F(b))).body;
    const pdf = await pdfOf(path, b);
    const board = await api.get(`/v1/boards/${b}`, ADMIN);
    expect(
      (await api.put(`/v1/boards/${b}`, { name: 'Renamed Board' }, ADMIN, { 'if-match': board.headers.get('etag') ?? '' })).status,
    ).toBe(200);
    const partner = await api.get(`/v1/boards/${b}/partners/fire`, ADMIN);
    const renamed = await api.put(
      `/v1/boards/${b}/partners/fire`,
      { name: 'Renamed Fire Service', kind: 'statutory', billing: { address: 'Elsewhere', contact: 'Someone', email: 'new@example.org' } },
      ADMIN,
      { 'if-match': partner.headers.get('etag') ?? '' },
    );
    expect(renamed.status).toBe(200);
    expect((await api.get(path, F(b))).body).toEqual(json);
    const after = await pdfOf(path, b);
    expect(after).not.toContain('Renamed');
    expect(after).toBe(pdf);
  });
});
