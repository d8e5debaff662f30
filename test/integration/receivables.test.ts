/**
 * Receivables through the API (DESIGN 10.1): credit notes in their own series, credit on
 * account, allocations, refunds, invoices raised by hand, payment reversal, due dates, the
 * partner statement and aged debt; every refusal names the amounts and writes nothing; and the
 * regressions of issue 11's defects 4, 5, 10 and 11.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { type Answer, type Api, startApi } from '../helpers/api.ts';
import { pdfText } from '../helpers/pdf.ts';
import { fivePartnerBoard, setCounter, setInvoicing, today, writesOf } from '../helpers/receivables.ts';

let api: Api;
let runtime: Runtime;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());
afterEach(() => {
  vi.useRealTimers();
});

const F = (boardId: string) => ({ roles: ['finance'], boardId });
const P = (boardId: string, partnerId: string) => ({ roles: ['partner'], boardId, partnerId });
const inv = (b: string, id: string) => `/v1/boards/${b}/invoices/${id}`;
const baseline = (p: string, y = '2025-26') => `${y}-baseline-${p}`;

async function ok(r: Promise<Answer> | Answer, status = 201): Promise<Answer> {
  const a = await r;
  if (a.status !== status) throw new Error(`expected ${status}, got ${a.status}: ${a.text}`);
  return a;
}

async function pdfOf(path: string, who: object): Promise<string> {
  const res = await fetch(`${api.url}${path}`, {
    headers: { authorization: `Bearer ${await api.token(who as never)}`, accept: 'application/pdf' },
  });
  expect(res.status).toBe(200);
  return pdfText(new Uint8Array(await res.arrayBuffer()));
}

/** Expects a refusal with a code, naming the amounts given, having written nothing. */
async function refused(send: () => Promise<Answer>, status: number, code: string, mentions: string[] = []): Promise<Answer> {
  const { result, writes } = await writesOf(runtime, send);
  expect(result.status, result.text).toBe(status);
  expect(result.body.code).toBe(code);
  expect(result.headers.get('content-type')).toContain('application/problem+json');
  for (const m of mentions) expect(result.body.detail).toContain(m);
  expect(writes, `${code} wrote`).toBe(0);
  return result;
}

describe('credit notes (issue 11, defect 4)', () => {
  const b = 'cn-board';
  beforeAll(() => fivePartnerBoard(api, b));

  it('crediting an unpaid invoice in full: a CN-series note, nothing owed either way, no refund of money never paid', async () => {
    const note = await ok(api.post(`${inv(b, baseline('fire'))}/credit-notes`, { reason: 'Raised in error' }, F(b)));
    expect(note.body).toMatchObject({
      kind: 'credit-note',
      number: 'CN-000001',
      total: '-10000.00',
      credits: baseline('fire'),
      creditsNumber: 'INV-000005',
      reason: 'Raised in error',
      allocated: '10000.00',
      outstanding: '0.00',
      balance: '0.00',
    });
    expect(note.body.invoiceId).toMatch(/^2025-26-cn-[0-9a-f]{12}-fire$/);
    const location = note.headers.get('location') ?? '';
    expect(location).toBe(inv(b, note.body.invoiceId));
    // The read adds the messages sent with the document (DESIGN 10.5); the rest is the note as answered.
    const { deliveries, ...read } = (await api.get(location, F(b))).body;
    expect(read).toEqual(note.body);
    expect(deliveries).toMatchObject([{ purpose: 'issued', kind: 'credit-note' }]);
    const invoice = await api.get(inv(b, baseline('fire')), F(b));
    expect(invoice.body).toMatchObject({ status: 'credited', credited: '10000.00', outstanding: '0.00', balance: '0.00' });
    const st = await api.get(`/v1/boards/${b}/partners/fire/statement`, F(b));
    expect(st.body.closingBalance).toBe('0.00');
    const aged = await api.get(`/v1/boards/${b}/aged-debt`, F(b));
    expect(aged.body.partners.find((p: { partnerId: string }) => p.partnerId === 'fire')).toMatchObject({ total: '0.00', current: '0.00' });
  });

  it('crediting a part-paid invoice: the unpaid part is settled, what was paid is credit on account, never overstated', async () => {
    await ok(api.post(`${inv(b, baseline('probation'))}/payments`, { date: today(), amount: '4000.00', reference: 'BACS 1' }, F(b)));
    const note = await ok(api.post(`${inv(b, baseline('probation'))}/credit-notes`, { reason: 'Wrong baseline' }, F(b)));
    expect(note.body).toMatchObject({ total: '-10000.00', allocated: '6000.00', outstanding: '4000.00', balance: '-4000.00' });
    expect((await api.get(inv(b, baseline('probation')), F(b))).body).toMatchObject({
      status: 'credited',
      paid: '4000.00',
      outstanding: '0.00',
    });
    const st = await api.get(`/v1/boards/${b}/partners/probation/statement`, F(b));
    expect(st.body.closingBalance).toBe('-4000.00');
    expect(st.body.lines.map((l: { document: string; debit: string; credit: string }) => [l.document, l.debit, l.credit])).toEqual([
      ['INV-000004', '10000.00', '0.00'],
      ['INV-000004', '0.00', '4000.00'],
      [note.body.number, '0.00', '10000.00'],
    ]);
  });

  it('credits part of an invoice, then more, never above what is left to credit', async () => {
    const path = `${inv(b, baseline('blmk-icb'))}/credit-notes`;
    const first = await ok(api.post(path, { amount: '1500.00', reason: 'Agreed reduction' }, F(b)));
    expect(first.body).toMatchObject({ total: '-1500.00', allocated: '1500.00' });
    const second = await ok(api.post(path, { amount: '500.00', reason: 'Second reduction' }, F(b)));
    expect(second.body.number).not.toBe(first.body.number);
    expect((await api.get(inv(b, baseline('blmk-icb')), F(b))).body).toMatchObject({
      status: 'issued',
      credited: '2000.00',
      outstanding: '38000.00',
      creditNotes: [
        { amount: '1500.00', reason: 'Agreed reduction' },
        { amount: '500.00', reason: 'Second reduction' },
      ],
    });
    await refused(() => api.post(path, { amount: '38000.01', reason: 'too much' }, F(b)), 422, 'CREDIT.OVER_CREDIT', [
      '38,000.01',
      '38,000.00',
    ]);
    await refused(() => api.post(`${inv(b, first.body.invoiceId)}/credit-notes`, { reason: 'x' }, F(b)), 422, 'CREDIT.IS_CREDIT_NOTE');
    await refused(
      () => api.post(`${inv(b, first.body.invoiceId)}/payments`, { date: today(), amount: '1.00' }, F(b)),
      422,
      'PAYMENT.CREDIT_NOTE',
      ['CN-'],
    );
    expect((await api.post(path, { amount: '0.00', reason: 'x' }, F(b))).status).toBe(400);
    expect((await api.post(path, { amount: '10.00', reason: 'x' }, P(b, 'blmk-icb'))).status).toBe(403);
  });

  it('income (Figure 5) and contributions (Figure 6) are invoiced net of credit notes', async () => {
    const income = await api.get(`/v1/boards/${b}/years/2025-26/income`, { roles: ['board'], boardId: b });
    const row = (id: string) => income.body.rows.find((r: { partnerId: string }) => r.partnerId === id);
    expect(row('blmk-icb')).toMatchObject({ baseline: '38000.00', total: '38000.00' });
    expect(row('fire')).toMatchObject({ baseline: '0.00' });
    expect(row('probation')).toMatchObject({ baseline: '0.00' });
    expect(income.body.totals.total).toBe('78000.00');
    const contributions = await api.get(`/v1/boards/${b}/contributions`, { roles: ['board'], boardId: b });
    expect(contributions.body.years[0].totals).toMatchObject({ baseline: '78000.00' });
  });
});

describe('credit on account: allocations and refunds', () => {
  const b = 'alloc-board';
  let note = '';
  let charge = '';
  beforeAll(async () => {
    await fivePartnerBoard(api, b);
    await ok(api.post(`${inv(b, baseline('beds-police'))}/payments`, { date: today(), amount: '10000.00' }, F(b)));
    note = (await ok(api.post(`${inv(b, baseline('beds-police'))}/credit-notes`, { amount: '3000.00', reason: 'Over-charged' }, F(b)))).body
      .invoiceId;
    charge = (
      await ok(
        api.post(
          `/v1/boards/${b}/years/2025-26/invoices`,
          { partnerId: 'beds-police', lines: [{ description: 'Training places', amount: '1200.00', vat: 'outside-scope' }] },
          F(b),
        ),
      )
    ).body.invoiceId;
  });

  it('a credit note on a paid invoice is all credit on account', async () => {
    expect((await api.get(inv(b, note), F(b))).body).toMatchObject({ outstanding: '3000.00', balance: '-3000.00', allocated: '0.00' });
  });

  it('allocates credit to another open invoice of the same partner', async () => {
    const r = await ok(api.post(`${inv(b, charge)}/allocations`, { creditNoteId: note, amount: '1000.00' }, F(b)));
    expect(r.body).toMatchObject({ outstanding: '200.00', allocated: '1000.00' });
    expect(r.body.allocations).toEqual([
      expect.objectContaining({ creditNoteId: note, invoiceId: charge, amount: '1000.00', date: today() }),
    ]);
    const cn = await api.get(inv(b, note), F(b));
    expect(cn.body).toMatchObject({ outstanding: '2000.00', allocated: '1000.00' });
    // Moving credit between documents does not change what the partner owes.
    expect((await api.get(`/v1/boards/${b}/partners/beds-police/statement`, F(b))).body.closingBalance).toBe('-1800.00');
  });

  it('refuses an allocation above the credit left, above the balance, across partners, or from an invoice; nothing written', async () => {
    await refused(
      () => api.post(`${inv(b, charge)}/allocations`, { creditNoteId: note, amount: '200.01' }, F(b)),
      422,
      'ALLOCATION.OVER_BALANCE',
      ['200.01', '200.00'],
    );
    const fireCharge = (
      await ok(
        api.post(
          `/v1/boards/${b}/years/2025-26/invoices`,
          { partnerId: 'beds-police', lines: [{ description: 'Conference', amount: '5000.00', vat: 'outside-scope' }] },
          F(b),
        ),
      )
    ).body.invoiceId;
    await refused(
      () => api.post(`${inv(b, fireCharge)}/allocations`, { creditNoteId: note, amount: '2000.01' }, F(b)),
      422,
      'ALLOCATION.OVER_CREDIT',
      ['2,000.01', '2,000.00'],
    );
    await refused(
      () => api.post(`${inv(b, baseline('fire'))}/allocations`, { creditNoteId: note, amount: '10.00' }, F(b)),
      422,
      'ALLOCATION.OTHER_PARTNER',
      ['10.00', 'fire'],
    );
    await refused(
      () => api.post(`${inv(b, fireCharge)}/allocations`, { creditNoteId: baseline('beds-police'), amount: '10.00' }, F(b)),
      422,
      'ALLOCATION.NOT_A_CREDIT_NOTE',
    );
    expect((await api.post(`${inv(b, fireCharge)}/allocations`, { creditNoteId: 'nonsense', amount: '10.00' }, F(b))).status).toBe(400);
  });

  it('refunds credit on account, never more than is left, dated between the note and today', async () => {
    await refused(
      () => api.post(`${inv(b, note)}/refunds`, { amount: '2000.01', date: today(), reference: 'BACS R1' }, F(b)),
      422,
      'REFUND.OVER_CREDIT',
      ['2,000.01', '2,000.00'],
    );
    await refused(
      () => api.post(`${inv(b, note)}/refunds`, { amount: '10.00', date: '2025-01-01', reference: 'R' }, F(b)),
      422,
      'REFUND.DATE',
    );
    await refused(
      () => api.post(`${inv(b, charge)}/refunds`, { amount: '10.00', date: today(), reference: 'R' }, F(b)),
      422,
      'REFUND.NOT_A_CREDIT_NOTE',
    );
    const r = await ok(api.post(`${inv(b, note)}/refunds`, { amount: '1500.00', date: today(), reference: 'BACS R1' }, F(b)));
    expect(r.body).toMatchObject({ outstanding: '500.00', refunded: '1500.00', balance: '-500.00' });
    expect(r.body.refunds).toEqual([expect.objectContaining({ amount: '1500.00', reference: 'BACS R1' })]);
    const st = await api.get(`/v1/boards/${b}/partners/beds-police/statement`, F(b));
    expect(st.body.lines.at(-1)).toMatchObject({ debit: '1500.00', credit: '0.00', balance: '4700.00' });
  });
});

describe('invoices raised by hand, payment reversal, due dates', () => {
  const b = 'manual-board';
  beforeAll(() => fivePartnerBoard(api, b));

  it('replaces a credited baseline: the replacement is a baseline invoice and the reconciliation holds', async () => {
    await ok(api.post(`${inv(b, baseline('luton-council'))}/credit-notes`, { reason: 'Wrong amount' }, F(b)));
    const bad = await api.get(`/v1/boards/${b}/years/2025-26/reconciliation`, F(b));
    expect(bad.body.issues.map((i: { code: string }) => i.code)).toContain('BASELINE_INVOICE_VS_AGREEMENT');
    const r = await ok(
      api.post(
        `/v1/boards/${b}/years/2025-26/invoices`,
        {
          partnerId: 'luton-council',
          lines: [{ description: 'Baseline contribution 2025-26 (corrected)', amount: '30000.00', vat: 'outside-scope' }],
          replaces: baseline('luton-council'),
        },
        F(b),
      ),
    );
    expect(r.body).toMatchObject({ kind: 'baseline', number: 'INV-000006', total: '30000.00', replaces: baseline('luton-council') });
    expect(r.body.invoiceId).toMatch(/^2025-26-inv-[0-9a-f]{12}-luton-council$/);
    expect(r.body.dueDate).toBe(new Date(Date.parse(`${r.body.issueDate}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10));
    expect((await api.get(r.headers.get('location') ?? '', P(b, 'luton-council'))).status).toBe(200);
    const good = await api.get(`/v1/boards/${b}/years/2025-26/reconciliation`, F(b));
    expect(good.body.issues.filter((i: { severity: string }) => i.severity !== 'info')).toEqual([]);
  });

  it('refuses a bad replacement or line; nothing written', async () => {
    const path = `/v1/boards/${b}/years/2025-26/invoices`;
    const line = { description: 'x', amount: '10.00', vat: 'outside-scope' };
    await refused(
      () => api.post(path, { partnerId: 'fire', lines: [line], replaces: baseline('probation') }, F(b)),
      422,
      'INVOICE.BAD_REPLACES',
    );
    // An invoice not credited in full cannot be replaced: it would be charged twice.
    await refused(
      () => api.post(path, { partnerId: 'fire', lines: [line], replaces: baseline('fire') }, F(b)),
      422,
      'INVOICE.BAD_REPLACES',
      ['not credited: credit it in full before replacing it'],
    );
    await refused(() => api.post(path, { partnerId: 'ghost', lines: [line] }, F(b)), 422, 'INVOICE.UNKNOWN_PARTNER');
    await refused(
      () => api.post(path, { partnerId: 'fire', lines: [{ ...line, vat: 'standard' }] }, F(b)),
      422,
      'INVOICE.VAT_AMOUNT_MISSING',
    );
    await refused(
      () => api.post(path, { partnerId: 'fire', lines: [{ ...line, amount: '1.00', vat: 'standard', vatAmount: '5.00' }] }, F(b)),
      422,
      'INVOICE.VAT_ABOVE_NET',
    );
    expect((await api.post(path, { partnerId: 'fire', lines: [] }, F(b))).status).toBe(400);
    expect((await api.post(`/v1/boards/${b}/years/2019-20/invoices`, { partnerId: 'fire', lines: [line] }, F(b))).status).toBe(404);
  });

  it('a standard-rated line carries the VAT given, never an assumed rate', async () => {
    const r = await ok(
      api.post(
        `/v1/boards/${b}/years/2025-26/invoices`,
        { partnerId: 'fire', lines: [{ description: 'Venue hire', amount: '100.00', vat: 'standard', vatAmount: '20.00' }] },
        F(b),
      ),
    );
    expect(r.body).toMatchObject({ total: '120.00', vatTotal: '20.00' });
    await refused(
      () => api.post(`${inv(b, r.body.invoiceId)}/credit-notes`, { amount: '50.00', reason: 'x' }, F(b)),
      422,
      'CREDIT.PARTIAL_WITH_VAT',
    );
    const note = await ok(api.post(`${inv(b, r.body.invoiceId)}/credit-notes`, { reason: 'Cancelled booking' }, F(b)));
    expect(note.body).toMatchObject({ total: '-120.00', vatTotal: '-20.00' });
  });

  it('reverses a payment recorded in error, once; the invoice owes it again', async () => {
    const paid = await ok(
      api.post(`${inv(b, baseline('beds-police'))}/payments`, { date: today(), amount: '10000.00', reference: 'CHQ 1' }, F(b)),
    );
    expect(paid.body).toMatchObject({ status: 'paid', outstanding: '0.00' });
    const paymentId = paid.body.payments[0].paymentId;
    expect(paymentId).toMatch(/^pay-[0-9a-f]{12}$/);
    const path = `${inv(b, baseline('beds-police'))}/payments/${paymentId}/reversal`;
    const r = await ok(api.post(path, { reason: 'Cheque bounced' }, F(b)));
    expect(r.body).toMatchObject({ status: 'issued', paid: '0.00', outstanding: '10000.00' });
    expect(r.body.payments[0]).toMatchObject({ amount: '10000.00', reversal: { date: today(), reason: 'Cheque bounced' } });
    await refused(() => api.post(path, { reason: 'again' }, F(b)), 409, 'PAYMENT.ALREADY_REVERSED', ['10,000.00']);
    await refused(
      () => api.post(`${inv(b, baseline('beds-police'))}/payments/pay-000000000000/reversal`, { reason: 'x' }, F(b)),
      404,
      'PAYMENT.NOT_FOUND',
    );
    const st = await api.get(`/v1/boards/${b}/partners/beds-police/statement`, F(b));
    expect(st.body.lines.map((l: { debit: string; credit: string; balance: string }) => [l.debit, l.credit, l.balance])).toEqual([
      ['10000.00', '0.00', '10000.00'],
      ['0.00', '10000.00', '0.00'],
      ['10000.00', '0.00', '10000.00'],
    ]);
  });

  it('every invoice has a due date after the board payment terms, and is overdue once unpaid after it', async () => {
    const fresh = await api.get(inv(b, baseline('blmk-icb')), F(b));
    expect(fresh.body.overdue).toBe(false);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(`${fresh.body.dueDate}T12:00:00Z`) + 86_400_000 });
    const later = { ...F(b), sub: 'a month later' }; // a token minted then
    const late = await api.get(inv(b, baseline('blmk-icb')), later);
    expect(late.body.overdue).toBe(true);
    const aged = await api.get(`/v1/boards/${b}/aged-debt`, later);
    expect(aged.body.partners.find((p: { partnerId: string }) => p.partnerId === 'blmk-icb')).toMatchObject({
      '1-30': '40000.00',
      current: '0.00',
    });
    vi.useRealTimers();
    await setInvoicing(api, b, {
      issuerName: 'Luton Borough Council',
      issuerAddress: 'Town Hall, George Street, Luton LU1 2BQ',
      bank: { accountName: 'LBC', sortCode: '12-34-56', accountNumber: '12345678' },
      remittanceEmail: 'remit@luton.example',
      contact: { name: 'Finance', email: 'fin@luton.example', phone: '01582 000000' },
      paymentTermsDays: 14,
    });
    const r = await ok(
      api.post(
        `/v1/boards/${b}/years/2025-26/invoices`,
        { partnerId: 'fire', lines: [{ description: 'x', amount: '5.00', vat: 'exempt' }] },
        F(b),
      ),
    );
    expect(r.body.dueDate).toBe(new Date(Date.parse(`${r.body.issueDate}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10));
  });
});

describe('statement and aged debt', () => {
  const b = 'st-board';
  beforeAll(async () => {
    await fivePartnerBoard(api, b);
    await ok(api.post(`${inv(b, baseline('blmk-icb'))}/payments`, { date: today(), amount: '15000.00', reference: 'BACS 7' }, F(b)));
  });

  it('JSON: opening balance, each movement with its running balance, closing balance', async () => {
    const r = await api.get(`/v1/boards/${b}/partners/blmk-icb/statement?from=2025-04-01&to=${today()}`, F(b));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      partnerId: 'blmk-icb',
      from: '2025-04-01',
      to: today(),
      openingBalance: '0.00',
      lines: [
        {
          date: today(),
          document: 'INV-000001',
          description: 'Invoice: baseline contribution 2025-26',
          debit: '40000.00',
          credit: '0.00',
          balance: '40000.00',
        },
        {
          date: today(),
          document: 'INV-000001',
          description: 'Payment received for INV-000001 (reference BACS 7)',
          debit: '0.00',
          credit: '15000.00',
          balance: '25000.00',
        },
      ],
      closingBalance: '25000.00',
    });
    const later = await api.get(`/v1/boards/${b}/partners/blmk-icb/statement?from=2099-01-01&to=2099-12-31`, F(b));
    expect(later.body).toMatchObject({ openingBalance: '25000.00', lines: [], closingBalance: '25000.00' });
    const before = await api.get(`/v1/boards/${b}/partners/blmk-icb/statement?from=2020-01-01&to=2020-12-31`, F(b));
    expect(before.body).toMatchObject({ openingBalance: '0.00', lines: [], closingBalance: '0.00' });
  });

  it('CSV and PDF', async () => {
    const csv = await api.get(`/v1/boards/${b}/partners/blmk-icb/statement`, F(b), { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe('Date,Document,Description,Debit,Credit,Balance');
    expect(rows[1]).toMatch(/,,Opening balance,,,0\.00$/);
    expect(rows.at(-1)).toMatch(/,,Closing balance,,,25000\.00$/);
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const xlsx = await api.get(`/v1/boards/${b}/partners/blmk-icb/statement`, F(b), { accept: XLSX });
    expect([xlsx.status, xlsx.headers.get('content-type')]).toEqual([200, XLSX]);
    const agedXlsx = await api.get(`/v1/boards/${b}/aged-debt`, F(b), { accept: XLSX });
    expect([agedXlsx.status, agedXlsx.headers.get('content-type')]).toEqual([200, XLSX]);
    expect((await api.get(`/v1/boards/${b}/partners/blmk-icb/statement`, F(b), { accept: 'application/xml' })).status).toBe(406);
    const text = await pdfOf(`/v1/boards/${b}/partners/blmk-icb/statement`, P(b, 'blmk-icb'));
    for (const s of [
      'Statement of account',
      'Partner blmk-icb',
      'Opening balance',
      'INV-000001',
      '40,000.00',
      '15,000.00',
      'Closing balance',
      'Amount owed by you: £25,000.00',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('a partner reads its own statement only; the board role reads none; a period must not end before it starts', async () => {
    expect((await api.get(`/v1/boards/${b}/partners/blmk-icb/statement`, P(b, 'blmk-icb'))).status).toBe(200);
    const other = await api.get(`/v1/boards/${b}/partners/blmk-icb/statement`, P(b, 'fire'));
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('25000');
    expect((await api.get(`/v1/boards/${b}/partners/blmk-icb/statement`, { roles: ['board'], boardId: b })).status).toBe(403);
    expect((await api.get(`/v1/boards/${b}/partners/ghost/statement`, F(b))).status).toBe(404);
    const period = await api.get(`/v1/boards/${b}/partners/blmk-icb/statement?from=2025-05-01&to=2025-04-01`, F(b));
    expect(period.status).toBe(422);
    expect((await api.get(`/v1/boards/${b}/partners/blmk-icb/statement?from=2025-02-30`, F(b))).status).toBe(400);
  });

  it('aged debt: every partner by days past due, adding up to its balance; JSON and CSV, finance only', async () => {
    const r = await api.get(`/v1/boards/${b}/aged-debt`, F(b));
    expect(r.status).toBe(200);
    expect(r.body.asOf).toBe(today());
    expect(r.body.partners.find((p: { partnerId: string }) => p.partnerId === 'blmk-icb')).toEqual({
      partnerId: 'blmk-icb',
      current: '25000.00',
      '1-30': '0.00',
      '31-60': '0.00',
      '61-90': '0.00',
      '90+': '0.00',
      total: '25000.00',
    });
    expect(r.body.totals.total).toBe('85000.00');
    const due = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
    const later = await api.get(`/v1/boards/${b}/aged-debt?asOf=${due}`, F(b));
    expect(later.body.totals).toMatchObject({ '61-90': '85000.00', total: '85000.00' });
    const csv = await api.get(`/v1/boards/${b}/aged-debt`, F(b), { accept: 'text/csv' });
    expect(csv.text.split('\r\n')[0]).toBe('Partner,Current,1-30 days,31-60 days,61-90 days,90+ days,Total');
    expect(csv.text).toContain('blmk-icb,25000.00,0.00,0.00,0.00,0.00,25000.00');
    expect((await api.get(`/v1/boards/${b}/aged-debt`, P(b, 'blmk-icb'))).status).toBe(403);
    expect((await api.get(`/v1/boards/${b}/aged-debt`, { roles: ['board'], boardId: b })).status).toBe(403);
  });
});

describe('numbering across both series', () => {
  const b = 'numbers-board';
  beforeAll(() => fivePartnerBoard(api, b));

  it('invoice and credit-note numbers are apart; a number taken and never used is VOID with its reason', async () => {
    const note = await ok(api.post(`${inv(b, baseline('fire'))}/credit-notes`, { amount: '1.00', reason: 'x' }, F(b)));
    expect(note.body.number).toBe('CN-000001');
    // A request that took CN-000002 and died before using it:
    const deps = runtime.deps;
    await deps.invoices.allocateNumber({ actor: 't', requestId: 'r', at: new Date().toISOString() }, b, 'CN', 'fire|lost');
    const next = await ok(api.post(`${inv(b, baseline('fire'))}/credit-notes`, { amount: '1.00', reason: 'y' }, F(b)));
    expect(next.body.number).toBe('CN-000003');
    const rec = await api.get(`/v1/boards/${b}/years/2025-26/reconciliation`, F(b));
    expect(rec.body.issues).toContainEqual({
      code: 'VOID_CREDIT_NOTE_NUMBER',
      severity: 'info',
      message: 'credit note number CN-000002 is void: allocated but never used: the request that took it failed before issuing',
      amounts: {},
    });
    const list = await api.all(`/v1/boards/${b}/invoices`, F(b));
    expect(list.map((i) => i.number)).toEqual([
      'INV-000001',
      'INV-000002',
      'INV-000003',
      'INV-000004',
      'INV-000005',
      'CN-000001',
      'CN-000003',
    ]);
  });
});

describe('document ids every route accepts, whatever the number (issue 11, defect 10)', () => {
  it.each([
    [999, 'INV-001000', 'CN-001000'],
    [999_999, 'INV-1000000', 'CN-1000000'],
    [9_999_999, 'INV-10000000', 'CN-10000000'],
  ])(
    'after number %i: the invoice, its credit note, their payments, allocations and refunds are all reachable',
    async (last, invNo, cnNo) => {
      const b = `digits-${last}`;
      await fivePartnerBoard(api, b, { open: false });
      await setCounter(runtime, b, 'INV', last);
      await setCounter(runtime, b, 'CN', last);
      await ok(api.post(`/v1/boards/${b}/years/2025-26/open`, undefined, F(b)), 200);
      const first = (await api.all(`/v1/boards/${b}/invoices`, F(b)))[0];
      expect(first.number).toBe(invNo);
      const note = await ok(api.post(`${inv(b, first.invoiceId)}/credit-notes`, { amount: '100.00', reason: 'x' }, F(b)));
      expect(note.body.number).toBe(cnNo);
      const location = note.headers.get('location') ?? '';
      expect((await api.get(location, F(b))).status).toBe(200);
      expect((await api.get(location, P(b, first.partnerId))).status).toBe(200);
      expect(await pdfOf(location, F(b))).toContain(`Credit note ${cnNo}`);
      const paid = await ok(api.post(`${inv(b, first.invoiceId)}/payments`, { date: today(), amount: '39900.00' }, F(b)));
      const reversed = await ok(
        api.post(`${inv(b, first.invoiceId)}/payments/${paid.body.payments[0].paymentId}/reversal`, { reason: 'x' }, F(b)),
      );
      expect(reversed.body.number).toBe(invNo);
      await ok(api.post(`${inv(b, first.invoiceId)}/payments`, { date: today(), amount: '39900.00' }, F(b)));
      const onAccount = await ok(api.post(`${inv(b, first.invoiceId)}/credit-notes`, { amount: '100.00', reason: 'y' }, F(b)));
      const hand = await ok(
        api.post(
          `/v1/boards/${b}/years/2025-26/invoices`,
          { partnerId: first.partnerId, lines: [{ description: 'x', amount: '50.00', vat: 'exempt' }] },
          F(b),
        ),
      );
      expect((await api.get(hand.headers.get('location') ?? '', F(b))).status).toBe(200);
      await ok(api.post(`${inv(b, hand.body.invoiceId)}/allocations`, { creditNoteId: onAccount.body.invoiceId, amount: '50.00' }, F(b)));
      await ok(api.post(`${inv(b, onAccount.body.invoiceId)}/refunds`, { amount: '50.00', date: today(), reference: 'R' }, F(b)));
      const list = await api.all(`/v1/boards/${b}/invoices?partnerId=${first.partnerId}`, F(b));
      expect(list.map((i) => i.number)).toEqual([invNo, hand.body.number, cnNo, onAccount.body.number]);
    },
  );
});

describe('documents freeze what they print at issue (issue 11, defect 11)', () => {
  const b = 'frozen-board';
  const ADMIN = { roles: ['admin', 'finance'], boardId: b };

  it('renaming the partner and the board after issue changes neither the JSON nor the PDF of an issued invoice', async () => {
    await fivePartnerBoard(api, b, { open: false });
    await setInvoicing(api, b, {
      issuerName: 'Luton Borough Council',
      issuerAddress: 'Town Hall, George Street, Luton LU1 2BQ',
      vatNumber: 'GB 123 4567 89',
      bank: { accountName: 'Luton Borough Council', sortCode: '12-34-56', accountNumber: '12345678' },
      remittanceEmail: 'remittance@luton.example',
      contact: { name: 'Income team', email: 'income@luton.example', phone: '01582 546000' },
      paymentTermsDays: 30,
    });
    await ok(api.post(`/v1/boards/${b}/years/2025-26/open`, undefined, F(b)), 200);
    const path = inv(b, baseline('fire'));
    const json = await api.get(path, F(b));
    expect(json.body).toMatchObject({
      partnerName: 'Partner fire',
      boardName: `Board ${b}`,
      issuer: { name: 'Luton Borough Council', vatNumber: 'GB123456789', paymentTermsDays: 30 },
    });
    const pdf = await pdfOf(path, F(b));
    expect(pdf).toContain('Partner fire');
    expect(pdf).toContain(`Board ${b}`);

    const board = await api.get(`/v1/boards/${b}`, ADMIN);
    await ok(api.put(`/v1/boards/${b}`, { name: 'Renamed Board' }, ADMIN, { 'if-match': board.headers.get('etag') ?? '' }), 200);
    const partner = await api.get(`/v1/boards/${b}/partners/fire`, ADMIN);
    await ok(
      api.put(
        `/v1/boards/${b}/partners/fire`,
        {
          name: 'Renamed Fire Service',
          kind: 'statutory',
          billing: { address: 'Elsewhere', contact: 'Someone', email: 'new@example.org' },
        },
        ADMIN,
        { 'if-match': partner.headers.get('etag') ?? '' },
      ),
      200,
    );
    await setInvoicing(api, b, {
      issuerName: 'Another Council',
      issuerAddress: 'Elsewhere',
      bank: { accountName: 'X', sortCode: '00-00-00', accountNumber: '00000000' },
      remittanceEmail: 'x@x.example',
      contact: { name: 'X', email: 'x@x.example', phone: '01234 567890' },
      paymentTermsDays: 7,
    });
    expect((await api.get(path, F(b))).body).toEqual(json.body);
    expect(await pdfOf(path, F(b))).toBe(pdf);
    // A document issued now freezes the new names.
    const note = await ok(api.post(`${path}/credit-notes`, { amount: '1.00', reason: 'x' }, F(b)));
    expect(note.body).toMatchObject({
      partnerName: 'Renamed Fire Service',
      boardName: 'Renamed Board',
      issuer: { name: 'Another Council' },
    });
  });
});

describe('a year closed with refunds reconciles (issue 11, defect 5)', () => {
  const b = 'refund-board';

  it('the year-end credit notes credit the baselines, are counted once, and every report agrees', async () => {
    await fivePartnerBoard(api, b, { yearId: '2024-25' });
    await ok(
      api.post(
        `/v1/boards/${b}/years/2024-25/expenditure`,
        { date: '2024-06-30', category: 'staffing', amount: '88000.00', supplier: 'S', description: 'Staff' },
        F(b),
      ),
    );
    await ok(api.post(`${inv(b, baseline('blmk-icb', '2024-25'))}/payments`, { date: today(), amount: '40000.00' }, F(b)));
    const asked = await ok(api.post(`/v1/boards/${b}/years/2024-25/close`, undefined, F(b)), 202);
    // The approval names the figures the request showed (their ETag).
    const closed = await ok(
      api.post(
        `/v1/boards/${b}/years/2024-25/close/approve`,
        undefined,
        { roles: ['board'], boardId: b, sub: 'chair' },
        {
          'if-match': asked.headers.get('etag') ?? '',
        },
      ),
      200,
    );
    expect(closed.body.partners.map((p: { additional: string }) => p.additional)).toEqual([
      '-4800.00',
      '-1200.00',
      '-3600.00',
      '-1200.00',
      '-1200.00',
    ]);
    const refund = await api.get(inv(b, '2024-25-year-end-blmk-icb'), F(b));
    expect(refund.body).toMatchObject({
      kind: 'credit-note',
      number: 'CN-000001',
      total: '-4800.00',
      credits: baseline('blmk-icb', '2024-25'),
      outstanding: '4800.00', // the ICB had paid: its refund is credit on account
    });
    expect((await api.get(inv(b, '2024-25-year-end-fire'), F(b))).body).toMatchObject({ allocated: '1200.00', outstanding: '0.00' });
    expect((await api.get(inv(b, baseline('fire', '2024-25')), F(b))).body).toMatchObject({ outstanding: '8800.00' });
    const rec = await api.get(`/v1/boards/${b}/years/2024-25/reconciliation`, F(b));
    expect(rec.body.issues.filter((i: { severity: string }) => i.severity !== 'info')).toEqual([]);
    expect(rec.body.reconciles).toBe(true);
    const income = await api.get(`/v1/boards/${b}/years/2024-25/income`, F(b));
    expect(income.body.totals).toEqual({ baseline: '100000.00', additional: '-12000.00', total: '88000.00' });
    await ok(api.post(`${inv(b, refund.body.invoiceId)}/refunds`, { amount: '4800.00', date: today(), reference: 'BACS refund' }, F(b)));
    const st = await api.get(`/v1/boards/${b}/partners/blmk-icb/statement?from=2024-04-01`, F(b));
    expect(st.body.closingBalance).toBe('0.00');
    expect((await api.get(`/v1/boards/${b}/years/2024-25/reconciliation`, F(b))).body.reconciles).toBe(true);
  });
});
