/**
 * A credit note's status through the API: `issued` while credit is left on it, `used` once all of
 * it has been applied to invoices or refunded, so a finance officer listing what is still open
 * (`?status=issued`) sees no used ones; the JSON, the list, its CSV and the plain PDF agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { type Answer, type Api, startApi } from '../helpers/api.ts';
import { pdfText } from '../helpers/pdf.ts';
import { fivePartnerBoard, today } from '../helpers/receivables.ts';

let api: Api;
let runtime: Runtime;

beforeAll(async () => {
  ({ api, runtime } = await startApi({ seed: false }));
});
afterAll(() => runtime.stop());

const F = (boardId: string) => ({ roles: ['finance'], boardId });
const P = (boardId: string, partnerId: string) => ({ roles: ['partner'], boardId, partnerId });
const inv = (b: string, id: string) => `/v1/boards/${b}/invoices/${id}`;

async function ok(r: Promise<Answer> | Answer, status = 201): Promise<Answer> {
  const a = await r;
  if (a.status !== status) throw new Error(`expected ${status}, got ${a.status}: ${a.text}`);
  return a;
}

/** The numbers of the credit notes a list holds. */
const notes = (items: { kind: string; number: string }[]) => items.filter((i) => i.kind === 'credit-note').map((i) => i.number);

describe('a credit note is open while credit is left on it, used once it is all applied or refunded', () => {
  const b = 'cn-status';
  beforeAll(() => fivePartnerBoard(api, b));

  it('applied in full to the unpaid invoice it credits: used at once, and not listed as issued', async () => {
    const note = await ok(api.post(`${inv(b, '2025-26-baseline-fire')}/credit-notes`, { reason: 'Raised in error' }, F(b)));
    expect(note.body).toMatchObject({ total: '-10000.00', allocated: '10000.00', outstanding: '0.00', status: 'used' });
    expect((await api.get(inv(b, note.body.invoiceId), F(b))).body.status).toBe('used');
    expect(notes(await api.all(`/v1/boards/${b}/invoices?status=issued`, F(b)))).not.toContain(note.body.number);
    expect(notes(await api.all(`/v1/boards/${b}/invoices?status=used`, F(b)))).toEqual([note.body.number]);
    // The partner's own list says the same.
    const own = await api.all(`/v1/boards/${b}/invoices?status=used`, P(b, 'fire'));
    expect(notes(own)).toEqual([note.body.number]);
  });

  it('credit on account: issued while any is left, used once the rest is refunded', async () => {
    const path = inv(b, '2025-26-baseline-probation');
    await ok(api.post(`${path}/payments`, { date: today(), amount: '10000.00', reference: 'BACS' }, F(b)));
    const note = await ok(api.post(`${path}/credit-notes`, { amount: '600.00', reason: 'Overcharged' }, F(b)));
    const cn = inv(b, note.body.invoiceId);
    expect(note.body).toMatchObject({ outstanding: '600.00', status: 'issued' });
    expect(notes(await api.all(`/v1/boards/${b}/invoices?status=issued`, F(b)))).toContain(note.body.number);
    const part = await ok(api.post(`${cn}/refunds`, { amount: '250.00', date: today(), reference: 'REF 1' }, F(b)));
    expect(part.body).toMatchObject({ refunded: '250.00', outstanding: '350.00', status: 'issued' });
    const rest = await ok(api.post(`${cn}/refunds`, { amount: '350.00', date: today(), reference: 'REF 2' }, F(b)));
    expect(rest.body).toMatchObject({ refunded: '600.00', outstanding: '0.00', status: 'used' });
    expect(notes(await api.all(`/v1/boards/${b}/invoices?status=issued`, F(b)))).not.toContain(note.body.number);
    expect(notes(await api.all(`/v1/boards/${b}/invoices?status=used`, F(b)))).toContain(note.body.number);
  });

  it('credit on account allocated to another invoice: issued while any is left, used once it is all allocated', async () => {
    const path = inv(b, '2025-26-baseline-beds-police');
    await ok(api.post(`${path}/payments`, { date: today(), amount: '10000.00', reference: 'BACS' }, F(b)));
    const note = await ok(api.post(`${path}/credit-notes`, { amount: '1000.00', reason: 'Overcharged' }, F(b)));
    const extra = await ok(
      api.post(
        `/v1/boards/${b}/years/2025-26/invoices`,
        { partnerId: 'beds-police', lines: [{ description: 'Training places', amount: '5000.00', vat: 'outside-scope' }] },
        F(b),
      ),
    );
    const to = `${inv(b, extra.body.invoiceId)}/allocations`;
    await ok(api.post(to, { creditNoteId: note.body.invoiceId, amount: '400.00' }, F(b)));
    expect((await api.get(inv(b, note.body.invoiceId), F(b))).body).toMatchObject({ allocated: '400.00', status: 'issued' });
    await ok(api.post(to, { creditNoteId: note.body.invoiceId, amount: '600.00' }, F(b)));
    expect((await api.get(inv(b, note.body.invoiceId), F(b))).body).toMatchObject({ allocated: '1000.00', status: 'used' });
    // The invoice the credit went to is still open: 4,000.00 to pay.
    expect((await api.get(inv(b, extra.body.invoiceId), F(b))).body).toMatchObject({ outstanding: '4000.00', status: 'issued' });
  });

  it('what is open: every document listed as issued has something outstanding; nothing else has', async () => {
    const all = await api.all(`/v1/boards/${b}/invoices`, F(b));
    const open = await api.all(`/v1/boards/${b}/invoices?status=issued`, F(b));
    expect(open.map((d) => d.number)).toEqual(all.filter((d) => d.outstanding !== '0.00').map((d) => d.number));
    expect(all.filter((d) => d.kind === 'credit-note').map((d) => [d.status, d.outstanding === '0.00'])).toEqual([
      ['used', true],
      ['used', true],
      ['used', true],
    ]);
  });

  it('the CSV and the PDF give the same status as the JSON', async () => {
    const list = await api.all(`/v1/boards/${b}/invoices`, F(b));
    const csv = await api.get(`/v1/boards/${b}/invoices`, F(b), { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    const [header, ...rows] = csv.text
      .trim()
      .split('\r\n')
      .map((r) => r.split(','));
    const number = header?.indexOf('Number') ?? -1;
    const status = header?.indexOf('Status') ?? -1;
    expect(rows.map((r) => [r[number], r[status]])).toEqual(list.map((d) => [d.number, d.status]));
    const note = list.find((d) => d.kind === 'credit-note');
    const res = await fetch(`${api.url}${inv(b, note.invoiceId)}`, {
      headers: { authorization: `Bearer ${await api.token(F(b) as never)}`, accept: 'application/pdf' },
    });
    expect(res.status).toBe(200);
    const text = (await pdfText(new Uint8Array(await res.arrayBuffer()))).replace(/\s+/g, ' ');
    expect(text).toContain('Status: used (all of its credit has been applied to invoices or refunded).');
  });

  it('refuses a status that is not one', async () => {
    const r = await api.get(`/v1/boards/${b}/invoices?status=open`, F(b));
    expect(r.status).toBe(400);
  });
});
