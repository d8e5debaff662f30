/**
 * Receivables regressions found in review: the same figure reached by two routes must agree
 * (the invoice JSON and its PDF, the document and the email that carries it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { formatUkDate } from '../../shared/domain/format.ts';
import { type Answer, type Api, startApi } from '../helpers/api.ts';
import { pdfText } from '../helpers/pdf.ts';
import { fivePartnerBoard, setInvoicing, today } from '../helpers/receivables.ts';

let api: Api;
let runtime: Runtime;

beforeAll(async () => {
  ({ api, runtime } = await startApi({ seed: false }));
});
afterAll(() => runtime.stop());

const F = (boardId: string) => ({ roles: ['finance'], boardId });
const inv = (b: string, id: string) => `/v1/boards/${b}/invoices/${id}`;

async function ok(r: Promise<Answer> | Answer, status = 201): Promise<Answer> {
  const a = await r;
  if (a.status !== status) throw new Error(`expected ${status}, got ${a.status}: ${a.text}`);
  return a;
}

async function pdfOf(path: string, who: object): Promise<string> {
  const res = await fetch(`${api.url}${path}`, {
    headers: { authorization: `Bearer ${await api.token(who as never)}`, accept: 'application/pdf' },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return pdfText(new Uint8Array(await res.arrayBuffer()));
}

const INVOICING = {
  issuerName: 'Luton Borough Council',
  issuerAddress: 'Town Hall, George Street, Luton LU1 2BQ',
  bank: { accountName: 'Luton Borough Council', sortCode: '12-34-56', accountNumber: '12345678' },
  remittanceEmail: 'remittance@luton.example',
  contact: { name: 'Income team', email: 'income@luton.example', phone: '01582 546000' },
  paymentTermsDays: 30,
};

describe('an invoice PDF shows what settled it, as its JSON does', () => {
  const b = 'pdf-figures';
  beforeAll(async () => {
    await fivePartnerBoard(api, b, { open: false });
    await setInvoicing(api, b, INVOICING);
    await ok(api.post(`/v1/boards/${b}/years/2025-26/open`, undefined, F(b)), 200);
  });

  it('an unpaid invoice credited in part: the PDF renders, credit applied once, balance as the JSON', async () => {
    const path = inv(b, '2025-26-baseline-fire');
    await ok(api.post(`${path}/credit-notes`, { amount: '3000.00', reason: 'Agreed reduction' }, F(b)));
    expect((await api.get(path, F(b))).body).toMatchObject({ paid: '0.00', allocated: '3000.00', outstanding: '7000.00' });
    const text = await pdfOf(path, F(b));
    expect(text).toContain('Paid to date   £0.00');
    expect(text).toContain('Credit applied   £3,000.00');
    expect(text).toContain('Balance due   £7,000.00');
  });

  it('a paid invoice credited in part: the credit is on account, the PDF shows all that was paid', async () => {
    const path = inv(b, '2025-26-baseline-probation');
    await ok(api.post(`${path}/payments`, { date: today(), amount: '10000.00', reference: 'BACS' }, F(b)));
    await ok(api.post(`${path}/credit-notes`, { amount: '3000.00', reason: 'Agreed reduction' }, F(b)));
    expect((await api.get(path, F(b))).body).toMatchObject({ paid: '10000.00', allocated: '0.00', outstanding: '0.00' });
    const text = await pdfOf(path, F(b));
    expect(text).toContain('Paid to date   £10,000.00');
    expect(text).not.toContain('Credit applied');
    expect(text).toContain('Balance due   £0.00');
  });

  it('the overdue reminder of a part-credited invoice is sent, its amount and PDF the invoice outstanding', async () => {
    const path = inv(b, '2025-26-baseline-fire');
    const doc = (await api.get(path, F(b))).body;
    const day = new Date(Date.parse(`${doc.dueDate}T09:00:00Z`) + 8 * 86_400_000);
    expect((await runtime.mail.scanReminders(day)).queued).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) if ((await runtime.mail.sendPass(day)).looked === 0) break;
    const reminder = runtime.mail.catcher.received().find((m) => m.to === 'fire@example.org' && m.subject.startsWith('Reminder'));
    if (!reminder) throw new Error('no reminder was sent');
    expect(reminder.subject).toContain('£7,000.00 outstanding');
    const pdf = await pdfText((reminder.attachments[0] as { content: Buffer }).content);
    expect(pdf).toContain('Balance due   £7,000.00');
    expect(
      (await api.get(path, F(b))).body.deliveries.map((d: { purpose: string; status: string }) => `${d.purpose}:${d.status}`),
    ).toContain('reminder-7:sent');
  });
});

describe('a payment reversed after the reminder scan found the invoice paid', () => {
  const b = 'rewatch';
  beforeAll(() => fivePartnerBoard(api, b));

  it('is watched again: the invoice owes the payment again, and its overdue reminder is sent', async () => {
    const path = inv(b, '2025-26-baseline-probation');
    const paid = await ok(api.post(`${path}/payments`, { date: today(), amount: '10000.00', reference: 'BACS' }, F(b)));
    const doc = paid.body;
    const day = (n: number) => new Date(Date.parse(`${doc.dueDate}T09:00:00Z`) + n * 86_400_000);
    const reminders = () =>
      runtime.mail.catcher.received().filter((m) => m.to === 'probation@example.org' && m.subject.startsWith('Reminder'));
    // Seven days past due the scan finds it paid and stops watching it.
    await runtime.mail.scanReminders(day(8));
    for (let i = 0; i < 5; i++) if ((await runtime.mail.sendPass(day(8))).looked === 0) break;
    expect(reminders()).toHaveLength(0);
    // The payment was recorded in error: reversed, the invoice owes it again.
    const paymentId = doc.payments[0].paymentId;
    const reversed = await ok(api.post(`${path}/payments/${paymentId}/reversal`, { reason: 'Bounced' }, F(b)));
    expect(reversed.body).toMatchObject({ outstanding: '10000.00', status: 'issued' });
    expect((await runtime.mail.scanReminders(day(9))).queued).toBe(1);
    for (let i = 0; i < 5; i++) if ((await runtime.mail.sendPass(day(9))).looked === 0) break;
    expect(reminders().map((m) => m.subject)).toEqual([expect.stringContaining('£10,000.00 outstanding')]);
    // Once per step still, and the 30-day step follows.
    expect((await runtime.mail.scanReminders(day(10))).queued).toBe(0);
    await runtime.mail.scanReminders(day(31));
    for (let i = 0; i < 5; i++) if ((await runtime.mail.sendPass(day(31))).looked === 0) break;
    expect(reminders()).toHaveLength(2);
  });
});

describe('the reconciliation accounts for every number handed out', () => {
  const b = 'gap-board';
  beforeAll(() => fivePartnerBoard(api, b));

  it('a number taken by a request that failed before using it is reported until a sweep voids it or a retry uses it', async () => {
    const rec = async () => (await api.get(`/v1/boards/${b}/years/2025-26/reconciliation`, F(b))).body;
    const unaccounted = (r: { issues: { code: string; message: string }[] }) => r.issues.filter((i) => i.code === 'NUMBER_UNACCOUNTED');
    const before = await rec();
    expect(unaccounted(before)).toEqual([]);
    // The request takes INV-000006 and dies before claiming it.
    let fired = false;
    const stop = runtime.store.observe({
      beforeWrite: (w) => {
        const sk = w.kind === 'put' ? String(w.item.sk) : String(w.key.sk);
        if (!fired && sk.startsWith('INVNO#')) {
          fired = true;
          throw new Error('injected fault before the reservation');
        }
      },
    });
    const body = { partnerId: 'fire', lines: [{ description: 'Training', amount: '250.00', vat: 'outside-scope' }] };
    const headers = { 'idempotency-key': 'gap-board-manual-1' };
    try {
      expect((await api.post(`/v1/boards/${b}/years/2025-26/invoices`, body, F(b), headers)).status).toBe(500);
    } finally {
      stop();
    }
    expect(fired).toBe(true);
    const during = await rec();
    expect(during.reconciles).toBe(false);
    expect(unaccounted(during)).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('INV-000006') })]);
    // The retry finishes the request: the number is used, nothing is left unaccounted.
    const done = await ok(api.post(`/v1/boards/${b}/years/2025-26/invoices`, body, F(b), headers));
    expect(done.body.number).toBe('INV-000006');
    expect(unaccounted(await rec())).toEqual([]);
  });
});

describe('a statement with a payment reversed', () => {
  const b = 'pdf-reversal';
  beforeAll(async () => {
    await fivePartnerBoard(api, b, { open: false });
    await setInvoicing(api, b, INVOICING);
    await ok(api.post(`/v1/boards/${b}/years/2025-26/open`, undefined, F(b)), 200);
  });

  it('names the reversed payment by its date as people write it, in the PDF as in the JSON and CSV', async () => {
    const path = inv(b, '2025-26-baseline-fire');
    const paid = await ok(api.post(`${path}/payments`, { date: today(), amount: '6000.00', reference: 'BACS' }, F(b)));
    const paymentId = paid.body.payments.at(-1).paymentId;
    await ok(api.post(`${path}/payments/${paymentId}/reversal`, { reason: 'Returned unpaid' }, F(b)));
    const statement = `/v1/boards/${b}/partners/fire/statement?from=2025-04-01&to=${today()}`;
    const words = `Payment of ${formatUkDate(today())} for INV-000005 reversed: Returned unpaid`;
    const json = (await api.get(statement, F(b))).body;
    expect(json.lines.map((l: { description: string }) => l.description)).toContain(words);
    expect((await api.get(statement, F(b), { accept: 'text/csv' })).text).toContain(words);
    const text = await pdfOf(statement, F(b));
    expect(text.replace(/\s+/g, ' ')).toContain(words);
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
  });
});

describe('the plain documents of a board without invoicing details', () => {
  const b = 'plain-docs';
  beforeAll(() => fivePartnerBoard(api, b));

  it('print UK dates and document numbers, never an ISO date or an internal id (DESIGN 10.2)', async () => {
    const path = inv(b, '2025-26-baseline-fire');
    const paid = await ok(api.post(`${path}/payments`, { date: today(), amount: '6000.00', reference: 'BACS' }, F(b)));
    await ok(api.post(`${path}/payments/${paid.body.payments.at(-1).paymentId}/reversal`, { reason: 'Returned unpaid' }, F(b)));
    const credit = await ok(api.post(`${path}/credit-notes`, { amount: '1000.00', reason: 'Agreed reduction' }, F(b)));
    const { dueDate } = (await api.get(path, F(b))).body;
    const invoice = await pdfOf(path, F(b));
    expect(invoice).toContain(`Issued ${formatUkDate(today())}`);
    expect(invoice).toContain(`Due ${formatUkDate(dueDate)}`);
    expect(invoice).toContain('Financial year 2025/26');
    const creditNote = await pdfOf(inv(b, credit.body.invoiceId), F(b));
    expect(creditNote).toContain('Credits invoice: INV-000005');
    const statement = await pdfOf(`/v1/boards/${b}/partners/fire/statement`, F(b));
    expect(statement).toContain(formatUkDate(today()));
    for (const text of [invoice, creditNote, statement]) {
      expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
      expect(text).not.toContain('2025-26-baseline-fire');
      expect(text).not.toContain(credit.body.invoiceId);
    }
  });
});
