/**
 * Documents delivered by email (DESIGN 10.5, issue 17), through the local server: what is
 * issued arrives once in the SMTP catcher with its PDF; a crash between sending and recording
 * sends nothing twice; refusals and bounces are recorded and retried; delivery off sends
 * nothing; a resend by hand sends one more. The sender runs when the test says (runtime.mail),
 * with the clock it is given, so waiting for a lease or a retry costs nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { parseMessageId } from '../../shared/domain/delivery.ts';
import type { Store, WriteOp } from '../../shared/infrastructure/dynamodb/store.ts';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';
import { countWrites } from '../helpers/faults.ts';
import { pdfText } from '../helpers/pdf.ts';

const B = 'mail-sab';
const F = { roles: ['finance', 'admin'], boardId: B };
const ICB = 'blmk-icb@example.org';
const POLICE = 'beds-police@example.org';
const REMITTANCE = 'remittances@council.example.org';

let api: Api;
let runtime: Runtime;

/** Far enough after `t` for any lease, grace and retry delay of the local policy. */
const later = (minutes: number, from = new Date()) => new Date(from.getTime() + minutes * 60_000);

const mailsTo = (address: string) => runtime.mail.catcher.received().filter((m) => m.to === address);
const byId = (messageId: string) => runtime.mail.catcher.byMessageId(messageId);

async function invoice(id: string) {
  const r = await api.get(`/v1/boards/${B}/invoices/${id}`, F);
  expect(r.status, r.text).toBe(200);
  return r.body;
}

/** Sends until nothing is due at `now` (at most a few passes). */
async function drain(now = new Date()) {
  for (let i = 0; i < 5; i++) {
    const s = await runtime.mail.sendPass(now);
    if (s.looked === 0) return;
  }
}

beforeAll(async () => {
  ({ api, runtime } = await startApi({ seed: false }));
  await freshBoard(api, B, { open: false });
  const board = await api.get(`/v1/boards/${B}`, F);
  const put = await api.put(
    `/v1/boards/${B}`,
    {
      name: 'Mail Test Safeguarding Adults Board',
      invoicing: {
        issuerName: 'Test Borough Council',
        issuerAddress: 'Town Hall, Testford TE1 1ST',
        bank: { accountName: 'Test BC', sortCode: '11-22-33', accountNumber: '12345678' },
        remittanceEmail: REMITTANCE,
        contact: { name: 'Business Unit', email: 'unit@council.example.org', phone: '01234 567890' },
        paymentTermsDays: 30,
        invoiceHost: true,
      },
    },
    F,
    { 'if-match': board.headers.get('etag') ?? '' },
  );
  expect(put.status, put.text).toBe(200);
  // Opening the year issues the three baseline invoices: each queues its email.
  const opened = await api.post(`/v1/boards/${B}/years/2024-25/open`, undefined, F);
  expect(opened.status, opened.text).toBe(200);
});

afterAll(() => runtime.stop());

describe('issued documents are emailed once, with their PDF', () => {
  it('each baseline invoice arrives once, to the billing email with the remittance address in copy, its PDF attached and its amounts right', async () => {
    expect(runtime.mail.catcher.received()).toHaveLength(0); // nothing goes before the sender runs
    await drain();
    await drain(later(60)); // another pass, an hour on: nothing more
    const icb = mailsTo(ICB);
    expect(icb).toHaveLength(1);
    const m = icb[0] as (typeof icb)[number];
    const inv = await invoice('2024-25-baseline-blmk-icb');
    expect(m.cc).toBe(REMITTANCE);
    expect(m.replyTo).toBe('unit@council.example.org');
    expect(m.from).toContain('Mail Test Safeguarding Adults Board');
    expect(m.subject).toBe(`Invoice ${inv.number} from Mail Test Safeguarding Adults Board: £81,305.00 due ${ukDate(inv.dueDate)}`);
    expect(m.text).toContain('sort code 11-22-33, account 12345678');
    expect(m.html).toContain('£81,305.00');
    expect(m.attachments).toHaveLength(1);
    const pdf = m.attachments[0] as (typeof m.attachments)[number];
    expect(pdf.filename).toBe(`${inv.number}.pdf`);
    expect(pdf.contentType).toBe('application/pdf');
    const text = await pdfText(pdf.content);
    expect(text).toContain(inv.number);
    expect(text).toContain('81,305.00');
    // Recorded against the invoice.
    expect(inv.deliveries).toHaveLength(1);
    expect(inv.deliveries[0]).toMatchObject({
      purpose: 'issued',
      status: 'sent',
      to: [ICB],
      cc: [REMITTANCE],
      attempts: 1,
      messageId: m.messageId,
    });
    expect(mailsTo(POLICE)).toHaveLength(1);
    expect(mailsTo('luton-council@example.org')).toHaveLength(1);
  });

  it('GET /dev/mail lists what the catcher received, in the DESIGN shape', async () => {
    const res = await fetch(`${runtime.url}/dev/mail`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      items: { to: string; subject: string; sentAt: string; attachments: { filename: string; contentType: string; size: number }[] }[];
    };
    const icb = body.items.find((i) => i.to === ICB);
    expect(icb).toMatchObject({ subject: expect.stringContaining('£81,305.00'), sentAt: expect.any(String) });
    expect(icb?.attachments).toEqual([
      { filename: expect.stringMatching(/^INV-\d{6}\.pdf$/), contentType: 'application/pdf', size: expect.any(Number) },
    ]);
    expect(icb?.attachments[0]?.size).toBeGreaterThan(1000);
  });

  it('a credit note arrives once, negative, naming the invoice it credits, with its own PDF', async () => {
    const inv = await invoice('2024-25-baseline-beds-police');
    const cn = await api.post(`/v1/boards/${B}/invoices/2024-25-baseline-beds-police/credit-notes`, { reason: 'raised in error' }, F);
    expect(cn.status, cn.text).toBe(201);
    await drain();
    const notes = mailsTo(POLICE).filter((m) => m.subject.startsWith('Credit note'));
    expect(notes).toHaveLength(1);
    const m = notes[0] as (typeof notes)[number];
    expect(m.subject).toBe(`Credit note ${cn.body.number} from Mail Test Safeguarding Adults Board: -£20,390.00 against ${inv.number}`);
    expect(m.text).not.toContain('Due date');
    const text = await pdfText((m.attachments[0] as { content: Buffer }).content);
    expect(text).toContain(cn.body.number);
    expect(text).toContain('Total credit   -£20,390.00');
    expect(text).toContain(`Credits invoice   ${inv.number}`);
  });
});

function ukDate(iso: string): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

describe('overdue reminders', () => {
  it('7 and 30 days past due: one reminder per step, none for a paid invoice, the invoice PDF attached', async () => {
    const icb = await invoice('2024-25-baseline-blmk-icb');
    const council = await invoice('2024-25-baseline-luton-council');
    // The council pays in full; ICB does not.
    const paid = await api.post(
      `/v1/boards/${B}/invoices/2024-25-baseline-luton-council/payments`,
      { date: council.issueDate, amount: council.total },
      F,
    );
    expect(paid.status, paid.text).toBe(201);

    const due = new Date(`${icb.dueDate}T09:00:00Z`);
    const day = (n: number) => new Date(due.getTime() + n * 86_400_000);
    expect((await runtime.mail.scanReminders(day(6))).queued).toBe(0);
    const seventh = await runtime.mail.scanReminders(day(8));
    expect(seventh.queued).toBe(1); // ICB only: the council's is paid, the police's credited
    expect((await runtime.mail.scanReminders(day(9))).queued).toBe(0); // once per step
    await drain(day(8));
    await drain(day(9));
    const reminders = mailsTo(ICB).filter((m) => m.subject.startsWith('Reminder'));
    expect(reminders).toHaveLength(1);
    const r = reminders[0] as (typeof reminders)[number];
    expect(r.subject).toBe(
      `Reminder: invoice ${icb.number} from Mail Test Safeguarding Adults Board is 8 days overdue: £81,305.00 outstanding`,
    );
    expect(await pdfText((r.attachments[0] as { content: Buffer }).content)).toContain('81,305.00');
    expect(mailsTo('luton-council@example.org').filter((m) => m.subject.startsWith('Reminder'))).toHaveLength(0);

    expect((await runtime.mail.scanReminders(day(31))).queued).toBe(1);
    expect((await runtime.mail.scanReminders(day(40))).queued).toBe(0);
    await drain(day(31));
    expect(mailsTo(ICB).filter((m) => m.subject.startsWith('Reminder'))).toHaveLength(2);
    const after = await invoice('2024-25-baseline-blmk-icb');
    expect(after.deliveries.map((d: { purpose: string; status: string }) => `${d.purpose}:${d.status}`)).toEqual([
      'issued:sent',
      'reminder-7:sent',
      'reminder-30:sent',
    ]);
  });
});

describe("the board's own reminder steps", () => {
  const R = 'remind-sab';
  const RF = { roles: ['finance', 'admin'], boardId: R };
  const INV = '2024-25-baseline-blmk-icb';

  async function putSteps(reminderDays: unknown) {
    const current = await api.get(`/v1/boards/${R}`, RF);
    const body = { name: 'Reminder Test SAB', ...(reminderDays === undefined ? {} : { reminderDays }) };
    return api.put(`/v1/boards/${R}`, body, RF, { 'if-match': current.headers.get('etag') ?? '' });
  }
  const purposes = async () =>
    ((await api.get(`/v1/boards/${R}/invoices/${INV}`, RF)).body.deliveries as { purpose: string; reminderStep?: number }[])
      .filter((d) => d.purpose.startsWith('reminder'))
      .map((d) => `${d.purpose}:${d.reminderStep}`);

  it('refuses steps that are not 0 to 5 whole days from 1 to 365 strictly increasing, naming the field, and writes nothing', async () => {
    await freshBoard(api, R, { open: false });
    expect((await putSteps([7, 30])).status).toBe(200);
    const before = await api.get(`/v1/boards/${R}`, RF);
    for (const [days, paths] of [
      [[30, 7], ['body/reminderDays/1']],
      [[7, 7], ['body/reminderDays/1']],
      [[0, 7], ['body/reminderDays/0']],
      [[7, 366], ['body/reminderDays/1']],
      [[7.5], ['body/reminderDays/0']],
      [[-1], ['body/reminderDays/0']],
      [[1, 2, 3, 4, 5, 6], ['body/reminderDays']],
      ['7', ['body/reminderDays']],
      [['7'], ['body/reminderDays/0']],
      [null, ['body/reminderDays']],
    ] as const) {
      const r = await putSteps(days);
      expect(r.status, JSON.stringify(days)).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(
        r.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(days),
      ).toEqual(paths);
    }
    const after = await api.get(`/v1/boards/${R}`, RF);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect(after.body.reminderDays).toEqual([7, 30]);
  });

  it('a board reminds on its own steps; a step added later is sent by the next scan once, the latest passed only', async () => {
    const saved = await putSteps([3, 14]);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.reminderDays).toEqual([3, 14]);
    const opened = await api.post(`/v1/boards/${R}/years/2024-25/open`, undefined, RF);
    expect(opened.status, opened.text).toBe(200);
    const inv = (await api.get(`/v1/boards/${R}/invoices/${INV}`, RF)).body;
    const due = new Date(`${inv.dueDate}T09:00:00Z`);
    const day = (n: number) => new Date(due.getTime() + n * 86_400_000);

    await runtime.mail.scanReminders(day(2));
    expect(await purposes()).toEqual([]);
    await runtime.mail.scanReminders(day(4));
    await runtime.mail.scanReminders(day(8)); // not a step of this board
    expect(await purposes()).toEqual(['reminder-3:3']);
    await drain(day(4));
    const sent = mailsTo(ICB).filter((m) => m.subject.startsWith(`Reminder: invoice ${inv.number} from Reminder Test SAB`));
    expect(inv.total).toBe('81305.00');
    expect(sent.map((m) => m.subject)).toEqual([
      `Reminder: invoice ${inv.number} from Reminder Test SAB is 4 days overdue: £81,305.00 outstanding`,
    ]);

    // The board adds 10 and moves its last step to 30: on day 20 both 10 and 14 have passed.
    expect((await putSteps([3, 10, 14, 30])).status).toBe(200);
    await runtime.mail.scanReminders(day(20));
    await runtime.mail.scanReminders(day(21));
    expect(await purposes()).toEqual(['reminder-3:3', 'reminder-14:14']);
    // Back to the default (absent): 7 is before the 14 sent, so only 30 is left.
    const reset = await putSteps(undefined);
    expect(reset.status).toBe(200);
    expect(reset.body.reminderDays).toBeUndefined();
    await runtime.mail.scanReminders(day(25));
    await runtime.mail.scanReminders(day(31));
    await runtime.mail.scanReminders(day(32));
    expect(await purposes()).toEqual(['reminder-3:3', 'reminder-14:14', 'reminder-30:30']);
  });
});

/** Makes the first write through the store that `pick` selects fail, before or after it takes effect. */
function failFirst(store: Store, when: 'before' | 'after', pick: (op: WriteOp, n: number) => boolean) {
  let n = 0;
  let fired = false;
  const hook = (op: WriteOp) => {
    n += 1;
    if (!fired && pick(op, n)) {
      fired = true;
      throw new Error(`injected fault ${when} write ${n}`);
    }
  };
  const stop = store.observe(when === 'before' ? { beforeWrite: hook } : { afterWrite: hook });
  return { fired: () => fired, stop };
}

async function resend(invoiceId: string, key?: string) {
  const r = await api.post(`/v1/boards/${B}/invoices/${invoiceId}/deliveries`, undefined, F, key ? { 'idempotency-key': key } : {});
  expect(r.status, r.text).toBe(202);
  return r.body as { deliveryId: string; status: string };
}

async function deliveryOf(invoiceId: string, deliveryId: string) {
  return (await invoice(invoiceId)).deliveries.find((d: { deliveryId: string }) => d.deliveryId === deliveryId);
}

describe('exactly once when the sender crashes', () => {
  it('a crash at any write of a send pass (before or after it takes effect), then later passes: the message arrives exactly once', async () => {
    const INV = '2024-25-baseline-blmk-icb';
    await drain(later(0));
    // How many writes one send makes (claim, record and its audit).
    const probe = await resend(INV);
    const counted = countWrites(runtime.store);
    await runtime.mail.sendPass();
    counted.stop();
    const writes = counted.count();
    expect((await deliveryOf(INV, probe.deliveryId)).status).toBe('sent');
    expect(writes).toBeGreaterThanOrEqual(2);

    let crashesBetweenSendAndRecord = 0;
    for (let k = 1; k <= writes; k++) {
      for (const when of ['before', 'after'] as const) {
        const queued = await resend(INV);
        const fault = failFirst(runtime.store, when, (_op, n) => n === k);
        const t0 = new Date();
        const pass = await runtime.mail.sendPass(t0);
        fault.stop();
        expect(fault.fired(), `write ${k} ${when}`).toBe(true);
        expect(pass.errors.length, `write ${k} ${when}`).toBe(1);
        const mid = `<r1.${queued.deliveryId.split('.')[1]}.${INV}.blmk-icb.${B}@sab-budget.localhost>`;
        const sentBeforeRecovery = byId(mid).length;
        if (sentBeforeRecovery === 1 && (await deliveryOf(INV, queued.deliveryId)).status === 'sending') crashesBetweenSendAndRecord += 1;
        // Later passes: past the lease and its grace, then an hour on.
        await drain(later(2, t0));
        await drain(later(60, t0));
        expect(byId(mid), `write ${k} ${when}: one message`).toHaveLength(1);
        const d = await deliveryOf(INV, queued.deliveryId);
        expect(d.status, `write ${k} ${when}`).toBe('sent');
        expect(d.messageId).toBe(mid);
      }
    }
    // The case that matters was among them: sent, the record lost, settled from the catcher's evidence.
    expect(crashesBetweenSendAndRecord).toBeGreaterThanOrEqual(1);
  });

  it('the crash exactly between send and record: the retry finds the message in the catcher and records it, sending nothing', async () => {
    const INV = '2024-25-baseline-blmk-icb';
    const queued = await resend(INV);
    // The record of the outcome is the first write that makes the item `sent`.
    const fault = failFirst(runtime.store, 'before', (op) => op.kind === 'put' && op.item.type === 'outbox' && op.item.status === 'sent');
    const t0 = new Date();
    await runtime.mail.sendPass(t0);
    fault.stop();
    expect(fault.fired()).toBe(true);
    const lost = await deliveryOf(INV, queued.deliveryId);
    expect(lost.status).toBe('sending');
    expect(byId(lost.messageId)).toHaveLength(1);
    const before = runtime.mail.catcher.received().length;
    // Inside the lease nothing happens; after it and the grace, evidence settles it.
    expect((await runtime.mail.sendPass(later(0.1, t0))).looked).toBe(0);
    const settled = await runtime.mail.sendPass(later(2, t0));
    expect(settled).toMatchObject({ resolved: 1, sent: 0 });
    expect(runtime.mail.catcher.received().length).toBe(before);
    const d = await deliveryOf(INV, queued.deliveryId);
    expect(d.status).toBe('sent');
    expect(d.events.map((e: { type: string }) => e.type)).toEqual(['queued', 'claimed', 'resolved']);
  });
});

describe('failures are recorded and retried, never lost', () => {
  it('an SMTP refusal is recorded on the invoice and retried after the backoff', async () => {
    const INV = '2024-25-baseline-blmk-icb';
    runtime.mail.catcher.failNext(ICB, { kind: 'refuse', code: 550, message: 'mailbox unavailable' }, 2);
    const queued = await resend(INV);
    const t0 = new Date();
    expect((await runtime.mail.sendPass(t0)).refused).toBe(1);
    let d = await deliveryOf(INV, queued.deliveryId);
    expect(d).toMatchObject({ status: 'retry', attempts: 1, lastError: expect.stringContaining('550') });
    expect(d.nextAttemptAt > t0.toISOString()).toBe(true);
    expect((await runtime.mail.sendPass(t0)).looked).toBe(0); // not before its time
    expect((await runtime.mail.sendPass(new Date(d.nextAttemptAt))).refused).toBe(1);
    d = await deliveryOf(INV, queued.deliveryId);
    expect(d).toMatchObject({ status: 'retry', attempts: 2 });
    await runtime.mail.sendPass(new Date(d.nextAttemptAt));
    d = await deliveryOf(INV, queued.deliveryId);
    expect(d).toMatchObject({ status: 'sent', attempts: 3 });
    expect(byId(d.messageId)).toHaveLength(1);
  });

  it('a transient bounce is recorded and sent again as a new message; a permanent one is final and shown', async () => {
    const INV = '2024-25-baseline-blmk-icb';
    runtime.mail.catcher.failNext(ICB, { kind: 'bounce', permanent: false, message: '452 mailbox full' });
    const queued = await resend(INV);
    const t0 = new Date();
    await runtime.mail.sendPass(t0);
    await runtime.mail.catcher.settled();
    let d = await deliveryOf(INV, queued.deliveryId);
    expect(d).toMatchObject({ status: 'retry', round: 2, lastError: '452 mailbox full' });
    const first = parseMessageId(d.messageId);
    expect(first?.round).toBe(1);
    await runtime.mail.sendPass(new Date(d.nextAttemptAt));
    d = await deliveryOf(INV, queued.deliveryId);
    expect(d).toMatchObject({ status: 'sent', round: 2 });
    expect(parseMessageId(d.messageId)?.round).toBe(2);
    expect(byId(d.messageId)).toHaveLength(1);
    expect(d.events.map((e: { type: string }) => e.type)).toEqual(['queued', 'claimed', 'accepted', 'bounce', 'claimed', 'accepted']);

    runtime.mail.catcher.failNext(ICB, { kind: 'bounce', permanent: true });
    const hard = await resend(INV);
    await runtime.mail.sendPass(new Date());
    await runtime.mail.catcher.settled();
    const h = await deliveryOf(INV, hard.deliveryId);
    expect(h).toMatchObject({ status: 'bounced', lastError: expect.stringContaining('no such mailbox') });
    expect((await runtime.mail.sendPass(later(24 * 60))).looked).toBe(0); // final: not retried against a dead address
  });
});

describe('per partner: delivery off, resend by hand, addresses checked when saved', () => {
  it('resend by hand queues one more message; a retried request with the same Idempotency-Key does not', async () => {
    const INV = '2024-25-baseline-blmk-icb';
    await drain(later(0));
    const before = mailsTo(ICB).length;
    const a = await resend(INV, 'resend-key-1');
    const again = await resend(INV, 'resend-key-1');
    expect(again.deliveryId).toBe(a.deliveryId);
    await drain();
    expect(mailsTo(ICB).length).toBe(before + 1);
    expect(mailsTo(ICB).at(-1)?.subject).toContain('Invoice');
    const noAuth = await api.post(`/v1/boards/${B}/invoices/${INV}/deliveries`, undefined, {
      roles: ['partner'],
      partnerId: 'blmk-icb',
      boardId: B,
    });
    expect(noAuth.status).toBe(403);
  });

  it('delivery off: nothing queued, a resend refused (409), a message queued before it was turned off is cancelled', async () => {
    const P = `/v1/boards/${B}/partners/beds-police`;
    const INV = '2024-25-year-end-beds-police';
    // A message queued while delivery was on...
    const queued = await resend('2024-25-baseline-beds-police');
    const current = await api.get(P, F);
    const off = await api.put(P, { ...pick(current.body), billing: { ...current.body.billing, delivery: 'none' } }, F, {
      'if-match': current.headers.get('etag') ?? '',
    });
    expect(off.status, off.text).toBe(200);
    expect(off.body.billing.delivery).toBe('none');
    const before = mailsTo(POLICE).length;
    await drain();
    expect(mailsTo(POLICE).length).toBe(before);
    expect(await deliveryOf('2024-25-baseline-beds-police', queued.deliveryId)).toMatchObject({
      status: 'cancelled',
      lastError: 'delivery was turned off for the partner',
    });
    const refused = await api.post(`/v1/boards/${B}/invoices/2024-25-baseline-beds-police/deliveries`, undefined, F);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('DELIVERY.OFF');
    expect((await api.get(`/v1/boards/${B}/invoices/${INV}`, F)).status).toBe(404); // (no year-end invoice: the year is open)
  });

  it('refuses billing and board addresses a mail server would refuse, naming the field, and writes nothing', async () => {
    for (const email of ['accounts@localhost', 'a b@example.org', '"x"@example.org', 'x@[10.0.0.1]', `${'a'.repeat(65)}@example.org`]) {
      const r = await api.put(
        `/v1/boards/${B}/partners/new-partner`,
        { name: 'New', kind: 'other', billing: { address: 'A', contact: 'C', email } },
        F,
      );
      expect(r.status, email).toBe(400);
      expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['body/billing/email']);
    }
    expect((await api.get(`/v1/boards/${B}/partners/new-partner`, F)).status).toBe(404);
  });
});

function pick(p: { name: string; kind: string }) {
  return { name: p.name, kind: p.kind };
}

describe('statements and hand-raised invoices', () => {
  it('a statement sent by finance arrives once with its PDF, the closing balance in the subject and the PDF', async () => {
    const P = `/v1/boards/${B}/partners/blmk-icb/statement`;
    const json = await api.get(`${P}?from=2024-04-01`, F);
    expect(json.status, json.text).toBe(200);
    const sent = await api.post(`${P}/deliveries`, { from: '2024-04-01' }, F, { 'idempotency-key': 'statement-1' });
    expect(sent.status, sent.text).toBe(202);
    expect(sent.body).toMatchObject({
      kind: 'statement',
      status: 'pending',
      to: [ICB],
      cc: [REMITTANCE],
      period: { from: '2024-04-01', to: json.body.to },
    });
    const again = await api.post(`${P}/deliveries`, { from: '2024-04-01' }, F, { 'idempotency-key': 'statement-1' });
    expect(again.body.deliveryId).toBe(sent.body.deliveryId);
    await drain();
    const statements = mailsTo(ICB).filter((m) => m.subject.startsWith('Statement'));
    expect(statements).toHaveLength(1);
    const m = statements[0] as (typeof statements)[number];
    const closing = json.body.closingBalance as string;
    const shown = `£${Number(closing).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;
    expect(m.subject).toContain(`${shown} owed by you`);
    expect(m.attachments.map((a) => a.filename)).toEqual([`statement-blmk-icb-2024-04-01-${json.body.to}.pdf`]);
    const text = await pdfText((m.attachments[0] as { content: Buffer }).content);
    expect(text).toContain(Number(closing).toLocaleString('en-GB', { minimumFractionDigits: 2 }));
    const list = await api.get(`${P}/deliveries`, F);
    expect(list.body.items.map((d: { deliveryId: string; status: string }) => [d.deliveryId, d.status])).toEqual([
      [sent.body.deliveryId, 'sent'],
    ]);
    // A partner reads its own list, not another's.
    expect((await api.get(`${P}/deliveries`, { roles: ['partner'], partnerId: 'blmk-icb', boardId: B })).status).toBe(200);
    expect((await api.get(`${P}/deliveries`, { roles: ['partner'], partnerId: 'beds-police', boardId: B })).status).toBe(404);
    // A period that ends before it starts, or in the future, is refused and queues nothing.
    const backwards = await api.post(`${P}/deliveries`, { from: '2025-01-01', to: '2024-12-31' }, F);
    expect(backwards.status).toBe(422);
    expect((await api.post(`${P}/deliveries`, { to: '2099-01-01' }, F)).status).toBe(422);
    expect((await api.get(`${P}/deliveries`, F)).body.items).toHaveLength(1);
  });

  it('an invoice raised by hand is emailed once, like every issued document', async () => {
    const raised = await api.post(
      `/v1/boards/${B}/years/2024-25/invoices`,
      { partnerId: 'blmk-icb', lines: [{ description: 'Training venue', amount: '350.00', vat: 'outside-scope' }] },
      F,
    );
    expect(raised.status, raised.text).toBe(201);
    await drain();
    const mails = mailsTo(ICB).filter((m) => m.subject.startsWith(`Invoice ${raised.body.number} `));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('£350.00');
    expect((await invoice(raised.body.invoiceId)).deliveries).toMatchObject([{ purpose: 'issued', status: 'sent' }]);
  });
});
