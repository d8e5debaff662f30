/**
 * What a credit note tells a partner's accounts-payable clerk, through the API: what it did when
 * it was issued (how much reduced the invoice's unpaid balance, how much went on account), frozen
 * on the note and said alike by its JSON, its PDF and the email that carries it.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { invoiceKeys } from '../../shared/infrastructure/dynamodb/keys.ts';
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
const P = (boardId: string, partnerId: string) => ({ roles: ['partner'], boardId, partnerId });
const inv = (b: string, id: string) => `/v1/boards/${b}/invoices/${id}`;
const flat = (text: string) => text.replace(/\s+/g, ' ');

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
  return flat(await pdfText(new Uint8Array(await res.arrayBuffer())));
}

/** The email that carried a document when it was issued, with its PDF's text. */
async function issuedMail(b: string, to: string, number: string) {
  for (let i = 0; i < 5; i++) if ((await runtime.mail.sendPass(new Date())).looked === 0) break;
  const mail = runtime.mail.catcher.received().find((m) => m.to === to && m.subject.includes(number));
  if (!mail) throw new Error(`no email about ${number} to ${to} (${b})`);
  return { ...mail, text: flat(mail.text), pdf: flat(await pdfText((mail.attachments[0] as { content: Buffer }).content)) };
}

const INVOICING = {
  issuerName: 'Luton Borough Council',
  issuerAddress: 'Town Hall, George Street, Luton LU1 2BQ',
  bank: { accountName: 'Luton Borough Council', sortCode: '12-34-56', accountNumber: '12345678' },
  remittanceEmail: 'remittance@luton.example',
  contact: { name: 'Income team', email: 'income@luton.example', phone: '01582 546000' },
  paymentTermsDays: 30,
};

describe('a credit note says what it did, as issued', () => {
  const b = 'cn-words';
  beforeAll(async () => {
    await fivePartnerBoard(api, b, { open: false });
    await setInvoicing(api, b, INVOICING);
    await ok(api.post(`/v1/boards/${b}/years/2025-26/open`, undefined, F(b)), 200);
  });

  it('on a part-paid invoice: the unpaid part reduces the invoice to nothing, the rest is held on account (JSON, PDF, email)', async () => {
    const path = inv(b, '2025-26-baseline-probation');
    const invoice = await ok(api.post(`${path}/payments`, { date: today(), amount: '9700.00', reference: 'BACS 1' }, F(b)));
    const number = invoice.body.number;
    const note = await ok(api.post(`${path}/credit-notes`, { amount: '500.00', reason: 'Agreed reduction' }, F(b)));
    expect(note.body).toMatchObject({
      total: '-500.00',
      application: { toInvoice: '300.00', onAccount: '200.00', invoiceOutstandingAfter: '0.00' },
      allocated: '300.00',
      outstanding: '200.00',
    });
    // The partner reads the same note.
    expect((await api.get(inv(b, note.body.invoiceId), P(b, 'probation'))).body.application).toEqual(note.body.application);

    const words = `£300.00 reduces the amount due on invoice ${number} to £0.00; £200.00 is held as credit on your account`;
    const pdf = await pdfOf(inv(b, note.body.invoiceId), F(b));
    expect(pdf).toContain(words);
    expect(pdf).toContain('Reduces invoice £300.00');
    expect(pdf).toContain('Invoice now due £0.00');
    expect(pdf).toContain('Held on account £200.00');
    expect(pdf).not.toContain(`reduces the balance of invoice ${number} by £500.00`);

    const mail = await issuedMail(b, 'probation@example.org', note.body.number);
    expect(mail.text).toContain(words);
    expect(mail.text).toContain(`Reduces ${number} by: £300.00`);
    expect(mail.text).toContain(`Now due on ${number}: £0.00`);
    expect(mail.text).toContain('Held on your account: £200.00');
    expect(mail.html).toContain('£200.00 is held as credit on your account');
    expect(mail.pdf).toContain(words);
  });

  it('on an invoice paid in full: none of it reduces the invoice, all of it is held on account', async () => {
    const path = inv(b, '2025-26-baseline-fire');
    const invoice = await ok(api.post(`${path}/payments`, { date: today(), amount: '10000.00', reference: 'BACS 2' }, F(b)));
    const note = await ok(api.post(`${path}/credit-notes`, { amount: '750.00', reason: 'Overcharged' }, F(b)));
    expect(note.body.application).toEqual({ toInvoice: '0.00', onAccount: '750.00', invoiceOutstandingAfter: '0.00' });
    const words = `Nothing was left to pay on invoice ${invoice.body.number} when this credit note was issued, so none of it reduces that invoice: the whole £750.00 is held as credit on your account`;
    expect(await pdfOf(inv(b, note.body.invoiceId), F(b))).toContain(words);
    expect((await issuedMail(b, 'fire@example.org', note.body.number)).text).toContain(words);
  });

  it('on an unpaid invoice: all of it reduces the invoice, to what is left owing; nothing is held on account', async () => {
    const path = inv(b, '2025-26-baseline-beds-police');
    const note = await ok(api.post(`${path}/credit-notes`, { amount: '2500.00', reason: 'Agreed reduction' }, F(b)));
    const number = note.body.creditsNumber;
    expect(note.body.application).toEqual({ toInvoice: '2500.00', onAccount: '0.00', invoiceOutstandingAfter: '7500.00' });
    const pdf = await pdfOf(inv(b, note.body.invoiceId), F(b));
    expect(pdf).toContain(`£2,500.00 reduces the amount due on invoice ${number} to £7,500.00. Nothing is to be paid`);
    expect(pdf).not.toContain('held as credit on your account');
    const mail = await issuedMail(b, 'beds-police@example.org', note.body.number);
    expect(mail.text).toContain(`£2,500.00 reduces the amount due on invoice ${number} to £7,500.00.`);
    expect(mail.text).not.toContain('Held on your account');
  });

  it('is frozen: a payment reversed and credit refunded afterwards change what is left, never what the note said', async () => {
    const path = inv(b, '2025-26-baseline-blmk-icb');
    const paid = await ok(api.post(`${path}/payments`, { date: today(), amount: '39000.00', reference: 'BACS 3' }, F(b)));
    const note = await ok(api.post(`${path}/credit-notes`, { amount: '1500.00', reason: 'Agreed reduction' }, F(b)));
    const frozen = { toInvoice: '1000.00', onAccount: '500.00', invoiceOutstandingAfter: '0.00' };
    expect(note.body.application).toEqual(frozen);
    const paymentId = paid.body.payments[0].paymentId;
    await ok(api.post(`${path}/payments/${paymentId}/reversal`, { reason: 'Bounced' }, F(b)));
    await ok(api.post(`${inv(b, note.body.invoiceId)}/refunds`, { amount: '500.00', date: today(), reference: 'REF 1' }, F(b)));
    const after = await ok(api.get(inv(b, note.body.invoiceId), F(b)), 200);
    expect(after.body).toMatchObject({ application: frozen, refunded: '500.00', outstanding: '0.00' });
    expect(await pdfOf(inv(b, note.body.invoiceId), F(b))).toContain(
      `£1,000.00 reduces the amount due on invoice ${note.body.creditsNumber} to £0.00; £500.00 is held as credit on your account`,
    );
  });

  it('a credit note issued before the split was frozen still renders, in the general wording', async () => {
    const path = inv(b, '2025-26-baseline-luton-council');
    const note = await ok(api.post(`${path}/credit-notes`, { amount: '1000.00', reason: 'Older note' }, F(b)));
    await runtime.store.doc.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: invoiceKeys.invoice(b, 'luton-council', note.body.invoiceId),
        UpdateExpression: 'REMOVE application',
      }),
    );
    const read = await ok(api.get(inv(b, note.body.invoiceId), F(b)), 200);
    expect(read.body.application).toBeUndefined();
    expect(read.body).toMatchObject({ total: '-1000.00', allocated: '1000.00' });
    const pdf = await pdfOf(inv(b, note.body.invoiceId), F(b));
    expect(pdf).toContain(`This credit note reduces the balance of invoice ${note.body.creditsNumber} by £1,000.00.`);
    // Sent again by hand, its email says what it always said.
    await ok(api.post(`${inv(b, note.body.invoiceId)}/deliveries`, undefined, F(b)), 202);
    for (let i = 0; i < 5; i++) if ((await runtime.mail.sendPass(new Date())).looked === 0) break;
    const mails = runtime.mail.catcher
      .received()
      .filter((m) => m.to === 'luton-council@example.org' && m.subject.includes(note.body.number));
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect(flat(mails.at(-1)?.text ?? '')).toContain('it reduces what you owe, or is held as credit on your account.');
  });
});

describe('a year-end refund that credits no invoice', () => {
  const b = 'cn-alone';
  const F2 = { sub: 'finance@test', roles: ['finance'], boardId: b };
  const CHAIR = { sub: 'chair@test', roles: ['board'], boardId: b };
  let note: Answer;
  beforeAll(async () => {
    await fivePartnerBoard(api, b, { open: false });
    await setInvoicing(api, b, INVOICING);
    await ok(api.post(`/v1/boards/${b}/years/2025-26/open`, undefined, F2), 200);
    // 1.00 credited on fire's baseline leaves 9,999.00 to credit: its year-end refund of 10,000.00 (nothing
    // spent, the whole budget refunded by share) cannot credit it, and stands alone as credit on account.
    await ok(api.post(`${inv(b, '2025-26-baseline-fire')}/credit-notes`, { amount: '1.00', reason: 'Rounding' }, F2));
    const year = `/v1/boards/${b}/years/2025-26`;
    const asked = await ok(api.post(`${year}/close`, undefined, F2), 202);
    await ok(api.post(`${year}/close/approve`, undefined, CHAIR, { 'if-match': asked.headers.get('etag') ?? '' }), 200);
    note = await ok(api.get(inv(b, '2025-26-year-end-fire'), F2), 200);
  });

  it('is all on account, and its PDF and email say so (they could not be made: no invoice number to print)', async () => {
    expect(note.body).toMatchObject({ kind: 'credit-note', total: '-10000.00', application: { toInvoice: '0.00', onAccount: '10000.00' } });
    expect(note.body.credits).toBeUndefined();
    const words =
      'The whole £10,000.00 is held as credit on your account, to be set against future invoices of ours or refunded to you on request.';
    const pdf = await pdfOf(inv(b, '2025-26-year-end-fire'), F2);
    expect(pdf).toContain(words);
    expect(pdf).toContain('Total credit -£10,000.00');
    expect(pdf).not.toContain('Credits invoice');
    // Its reason names the year as documents do, not by its id.
    expect(note.body.reason).toBe('year-end refund for 2025/26');
    expect(pdf).toContain('year-end refund for 2025/26');
    const mail = await issuedMail(b, 'fire@example.org', note.body.number);
    expect(mail.text).toContain(words);
    expect(mail.pdf).toContain(words);
    const sent = (await api.get(inv(b, '2025-26-year-end-fire'), F2)).body.deliveries;
    expect(sent.map((d: { purpose: string; status: string }) => `${d.purpose}:${d.status}`)).toEqual(['issued:sent']);
  });
});
