/**
 * The delivery use cases on in-memory ports: queueing with the document, the sender's protocol
 * against a fake provider (accepted, refused, unknown), the evidence that settles a lost
 * attempt, the recorder, and the reminder scan interrupted at each of its writes.
 */
import { describe, expect, it } from 'vitest';
import { putBoard } from '../../../shared/application/boards.ts';
import { queueResend, recordDeliveryReport, scanReminders } from '../../../shared/application/delivery.ts';
import { recordPayment, reversePayment } from '../../../shared/application/invoices.ts';
import { sendPass } from '../../../shared/application/mail-sender.ts';
import type {
  DeliveryEvidencePort,
  MailerPort,
  OutboxPort,
  OutgoingMail,
  SenderDeps,
  SendResult,
} from '../../../shared/application/ports.ts';
import { DEFAULT_POLICY, type OutboxItem } from '../../../shared/domain/delivery.ts';
import type { FakeDeps } from '../../helpers/fakes.ts';
import { BOARD, ctxAs, PARTNERS, referenceBoard } from './setup.ts';

class FakeMailer implements MailerPort, DeliveryEvidencePort {
  readonly sent: OutgoingMail[] = [];
  /** What the next sends answer; `accepted` when empty. An `unknown` still delivers (the provider took it), unless `lost`. */
  readonly script: (SendResult['outcome'] | 'unknown-lost')[] = [];
  async send(mail: OutgoingMail): Promise<SendResult> {
    const outcome = this.script.shift() ?? 'accepted';
    if (outcome === 'refused') return { outcome, reason: '550 no' };
    if (outcome === 'unknown-lost') return { outcome: 'unknown', reason: 'timeout before it went' };
    this.sent.push(mail);
    if (outcome === 'unknown') return { outcome, reason: 'timeout after it went' };
    return { outcome: 'accepted', providerMessageId: `p-${this.sent.length}` };
  }
  async acceptedAs(_item: OutboxItem, messageId: string) {
    const i = this.sent.findIndex((m) => m.messageId === messageId);
    return i < 0 ? undefined : { at: '2025-04-01T00:00:00.000Z', providerMessageId: `p-${i + 1}` };
  }
}

function sender(deps: FakeDeps, mailer: FakeMailer): SenderDeps {
  return {
    ...deps,
    mailer,
    evidence: mailer,
    documents: {
      invoicePdf: async () => new TextEncoder().encode('%PDF-1.7 fake'),
      statementPdf: async () => new TextEncoder().encode('%PDF-1.7 fake'),
    },
    mail: { fromAddress: 'invoices@sab.example', messageDomain: 'sab.example', policy: DEFAULT_POLICY },
  };
}

const at = (iso: string) => new Date(iso);
const items = (deps: FakeDeps) => [...deps.outbox.items.values()];

describe('queueing with the document', () => {
  it('each issued invoice queues one email and one reminder watch; issuing again queues nothing more', async () => {
    const deps = await referenceBoard();
    expect(
      items(deps)
        .map((i) => i.outboxId)
        .sort(),
    ).toEqual(PARTNERS.map((p) => `2024-25-baseline-${p}.issued`).sort());
    expect(items(deps).every((i) => i.status === 'pending' && i.to.length === 1 && i.kind === 'invoice')).toBe(true);
    const watches = [...deps.outbox.watches.values()];
    expect(watches).toHaveLength(3);
    const inv = await deps.invoices.get(BOARD, 'blmk-icb', '2024-25-baseline-blmk-icb');
    expect(deps.outbox.watches.get(`${BOARD}|blmk-icb|2024-25-baseline-blmk-icb`)?.nextCheck).toBe(addDays(inv?.dueDate ?? '', 7));
  });
});

function addDays(iso: string, n: number) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

describe('the sender', () => {
  it('sends each once; a second pass sends nothing', async () => {
    const deps = await referenceBoard();
    const mailer = new FakeMailer();
    const first = await sendPass(sender(deps, mailer), { now: at('2025-04-01T10:00:00Z') });
    expect(first).toMatchObject({ sent: 3, errors: [] });
    expect((await sendPass(sender(deps, mailer), { now: at('2025-04-02T10:00:00Z') })).looked).toBe(0);
    expect(mailer.sent).toHaveLength(3);
    expect(new Set(mailer.sent.map((m) => m.messageId)).size).toBe(3);
    expect(items(deps).every((i) => i.status === 'sent' && i.providerMessageId?.startsWith('p-'))).toBe(true);
    expect(mailer.sent[0]?.tags).toMatchObject({ board: BOARD, round: '1' });
  });

  it('reads every page of the items due: with one a page, one pass sends them all', async () => {
    const deps = await referenceBoard();
    const mailer = new FakeMailer();
    expect(await sendPass(sender(deps, mailer), { now: at('2025-04-01T10:00:00Z'), limit: 1 })).toMatchObject({ looked: 3, sent: 3 });
    expect(mailer.sent).toHaveLength(3);
  });

  it('an item that fails is passed over: the ones behind it still go, and it goes on a later pass', async () => {
    const deps = await referenceBoard();
    const mailer = new FakeMailer();
    const now = at('2025-04-01T10:00:00Z');
    const first = (await deps.outbox.due(now.toISOString(), 1)).refs[0];
    const broken: OutboxPort = Object.create(deps.outbox);
    broken.get = async (ref) => {
      if (ref.outboxId === first?.outboxId) throw new Error('throttled');
      return deps.outbox.get(ref);
    };
    const pass = await sendPass({ ...sender(deps, mailer), outbox: broken }, { now, limit: 1 });
    expect(pass).toMatchObject({ looked: 3, sent: 2 });
    expect(pass.errors).toHaveLength(1);
    expect(await sendPass(sender(deps, mailer), { now: at('2025-04-01T10:05:00Z'), limit: 1 })).toMatchObject({ sent: 1 });
    expect(new Set(mailer.sent.map((m) => m.messageId)).size).toBe(3);
  });

  it('an unknown outcome is settled from evidence after the lease and grace, not sent again', async () => {
    const deps = await referenceBoard();
    const mailer = new FakeMailer();
    mailer.script.push('unknown', 'unknown', 'unknown');
    const t0 = at('2025-04-01T10:00:00Z');
    expect((await sendPass(sender(deps, mailer), { now: t0 })).unknown).toBe(3);
    expect(items(deps).every((i) => i.status === 'sending')).toBe(true);
    const beforeGrace = new Date(t0.getTime() + DEFAULT_POLICY.leaseMs + DEFAULT_POLICY.graceMs - 1000);
    expect((await sendPass(sender(deps, mailer), { now: beforeGrace })).looked).toBe(0);
    const afterGrace = new Date(t0.getTime() + DEFAULT_POLICY.leaseMs + DEFAULT_POLICY.graceMs);
    expect(await sendPass(sender(deps, mailer), { now: afterGrace })).toMatchObject({ resolved: 3, sent: 0 });
    expect(mailer.sent).toHaveLength(3);
    expect(items(deps).every((i) => i.status === 'sent')).toBe(true);
  });

  it('without evidence after the grace it is taken as not sent: sent again under the same Message-ID, once', async () => {
    const deps = await referenceBoard();
    const mailer = new FakeMailer();
    mailer.script.push('unknown-lost', 'accepted', 'accepted');
    const t0 = at('2025-04-01T10:00:00Z');
    await sendPass(sender(deps, mailer), { now: t0 });
    expect(mailer.sent).toHaveLength(2);
    const afterGrace = new Date(t0.getTime() + DEFAULT_POLICY.leaseMs + DEFAULT_POLICY.graceMs);
    expect(await sendPass(sender(deps, mailer), { now: afterGrace })).toMatchObject({ sent: 1, resolved: 0 });
    expect(mailer.sent).toHaveLength(3);
    expect(new Set(mailer.sent.map((m) => m.messageId)).size).toBe(3);
    const lost = items(deps).find((i) => i.attempts === 2);
    expect(lost?.status).toBe('sent');
    expect(lost?.history.map((h) => h.type)).toEqual(['queued', 'claimed', 'unknown', 'claimed', 'accepted']);
  });

  it('a refusal is retried after the backoff; a message for a partner whose delivery was turned off is cancelled', async () => {
    const deps = await referenceBoard();
    const mailer = new FakeMailer();
    mailer.script.push('refused');
    const t0 = at('2025-04-01T10:00:00Z');
    const s = await sendPass(sender(deps, mailer), { now: t0, random: () => 1 });
    expect(s).toMatchObject({ refused: 1, sent: 2 });
    const retry = items(deps).find((i) => i.status === 'retry');
    expect(retry?.nextAttemptAt).toBe(new Date(t0.getTime() + DEFAULT_POLICY.baseDelayMs).toISOString());
    // Turn delivery off for that partner before its retry.
    const p = await deps.partners.getPartner(BOARD, retry?.partnerId ?? '');
    if (!p) throw new Error('partner');
    await deps.partners.updatePartner(ctxAs('fin').meta, p, { name: p.name, kind: p.kind, billing: { ...p.billing, delivery: 'none' } });
    const later = await sendPass(sender(deps, mailer), { now: new Date(retry?.nextAttemptAt ?? '') });
    expect(later.cancelled).toBe(1);
    expect(items(deps).find((i) => i.outboxId === retry?.outboxId)?.status).toBe('cancelled');
    expect(mailer.sent).toHaveLength(2);
    await expect(
      queueResend(deps, ctxAs('fin'), (await deps.invoices.get(BOARD, p.partnerId, retry?.documentId ?? '')) as never),
    ).rejects.toMatchObject({
      code: 'DELIVERY.OFF',
    });
  });
});

describe('the recorder', () => {
  it('records a bounce once: the same event twice moves the item once', async () => {
    const deps = await referenceBoard();
    const mailer = new FakeMailer();
    await sendPass(sender(deps, mailer), { now: at('2025-04-01T10:00:00Z') });
    const item = items(deps)[0] as OutboxItem;
    const ref = { boardId: item.boardId, partnerId: item.partnerId, outboxId: item.outboxId, round: 1 };
    const report = { type: 'bounce' as const, round: 1, at: '2025-04-01T10:05:00.000Z', detail: 'mailbox full' };
    const once = await recordDeliveryReport(deps, DEFAULT_POLICY, ref, report, at('2025-04-01T10:05:01Z'));
    const twice = await recordDeliveryReport(deps, DEFAULT_POLICY, ref, report, at('2025-04-01T10:05:02Z'));
    expect(once).toMatchObject({ status: 'retry', round: 2 });
    expect(twice?.version).toBe(once?.version);
    expect(await recordDeliveryReport(deps, DEFAULT_POLICY, { ...ref, outboxId: 'nothing.issued' }, report, new Date())).toBeUndefined();
  });
});

/** The outbox port with the k-th write failing once, before or after it takes effect. */
function faultyOutbox(real: OutboxPort, k: number, when: 'before' | 'after'): OutboxPort & { fired: boolean } {
  let n = 0;
  const state = { fired: false };
  const write =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      n += 1;
      const now = n === k && !state.fired;
      if (now && when === 'before') {
        state.fired = true;
        throw new Error(`injected before write ${k}`);
      }
      const out = await f(...a);
      if (now) {
        state.fired = true;
        throw new Error(`injected after write ${k}`);
      }
      return out;
    };
  return Object.assign(state, {
    get: real.get.bind(real),
    forDocument: real.forDocument.bind(real),
    due: real.due.bind(real),
    getWatch: real.getWatch.bind(real),
    watchesOf: real.watchesOf.bind(real),
    dueWatches: real.dueWatches.bind(real),
    create: write(real.create.bind(real)),
    replace: write(real.replace.bind(real)),
    createWatch: write(real.createWatch.bind(real)),
    replaceWatch: write(real.replaceWatch.bind(real)),
  }) as OutboxPort & { fired: boolean };
}

describe('the reminder scan', () => {
  it('a payment reversed while the scan finds the invoice paid: the invoice is watched again, and its reminder sent', async () => {
    const deps = await referenceBoard();
    const id = '2024-25-baseline-blmk-icb';
    const inv = await deps.invoices.get(BOARD, 'blmk-icb', id);
    const due = inv?.dueDate ?? '';
    const day8 = new Date(`${addDays(due, 8)}T09:00:00Z`);
    const finance = () => ctxAs('finance@test', ['finance'], day8.toISOString());
    const paid = await recordPayment(deps, finance(), BOARD, id, { date: addDays(due, 1), amount: inv?.total.toString() ?? '' });
    const paymentId = paid.doc.payments[0]?.paymentId ?? '';
    // The reversal lands between the scan's read (paid) and its write (stop watching).
    const racing: OutboxPort = Object.create(deps.outbox);
    racing.replaceWatch = async (meta, watch, expected) => {
      if (watch.invoiceId === id && watch.finished === 'settled') await reversePayment(deps, finance(), BOARD, id, paymentId, 'bounced');
      return deps.outbox.replaceWatch(meta, watch, expected);
    };
    await scanReminders({ ...deps, outbox: racing }, { now: day8 });
    const watch = await deps.outbox.getWatch({ boardId: BOARD, partnerId: 'blmk-icb', invoiceId: id });
    expect(watch?.finished).toBeUndefined();
    await scanReminders(deps, { now: day8 });
    expect(
      items(deps)
        .filter((i) => i.kind === 'reminder' && i.documentId === id)
        .map((i) => i.outboxId),
    ).toEqual([`${id}.reminder-7`]);
  });

  it('interrupted at any of its writes, then run again: one reminder per invoice and step, the watches moved on', async () => {
    for (let k = 1; k <= 6; k++) {
      for (const when of ['before', 'after'] as const) {
        const deps = await referenceBoard();
        const inv = await deps.invoices.get(BOARD, 'blmk-icb', '2024-25-baseline-blmk-icb');
        const day8 = new Date(`${addDays(inv?.dueDate ?? '', 8)}T09:00:00Z`);
        const faulty = faultyOutbox(deps.outbox, k, when);
        const first = await scanReminders({ ...deps, outbox: faulty }, { now: day8 });
        expect(faulty.fired, `write ${k} ${when}`).toBe(true);
        expect(first.errors, `write ${k} ${when}`).toHaveLength(1);
        await scanReminders(deps, { now: day8 });
        await scanReminders(deps, { now: new Date(day8.getTime() + 86_400_000) });
        const reminders = items(deps).filter((i) => i.kind === 'reminder');
        expect(reminders.map((r) => r.outboxId).sort(), `write ${k} ${when}`).toEqual(
          PARTNERS.map((p) => `2024-25-baseline-${p}.reminder-7`).sort(),
        );
        for (const w of deps.outbox.watches.values()) expect(w.done).toEqual([7]);
      }
    }
  });
});

describe('the reminder scan reads every page of the watches due', () => {
  const day8Of = async (deps: FakeDeps) => {
    const inv = await deps.invoices.get(BOARD, 'blmk-icb', '2024-25-baseline-blmk-icb');
    return new Date(`${addDays(inv?.dueDate ?? '', 8)}T09:00:00Z`);
  };
  const reminded = (deps: FakeDeps) =>
    items(deps)
      .filter((i) => i.kind === 'reminder')
      .map((i) => i.outboxId)
      .sort();
  const everyPartner = PARTNERS.map((p) => `2024-25-baseline-${p}.reminder-7`).sort();

  it('with one watch a page, every invoice due is reminded in one scan', async () => {
    const deps = await referenceBoard();
    const summary = await scanReminders(deps, { now: await day8Of(deps), limit: 1 });
    expect(summary).toMatchObject({ looked: PARTNERS.length, queued: PARTNERS.length, more: false });
    expect(reminded(deps)).toEqual(everyPartner);
  });

  it('a watch that fails is passed over: the ones behind it are still reminded, and it is tried again by the next scan', async () => {
    const deps = await referenceBoard();
    const day8 = await day8Of(deps);
    const first = (await deps.outbox.dueWatches('9999-12-31', 1)).refs[0];
    const broken: OutboxPort = Object.create(deps.outbox);
    broken.getWatch = async (ref) => {
      if (ref.invoiceId === first?.invoiceId) throw new Error('throttled');
      return deps.outbox.getWatch(ref);
    };
    const summary = await scanReminders({ ...deps, outbox: broken }, { now: day8, limit: 1 });
    expect(summary.errors).toHaveLength(1);
    expect(summary.queued).toBe(PARTNERS.length - 1);
    await scanReminders(deps, { now: day8, limit: 1 });
    expect(reminded(deps)).toEqual(everyPartner);
  });

  it('stops between pages when the invocation is running out of time, says so, and the next scan goes on', async () => {
    const deps = await referenceBoard();
    const day8 = await day8Of(deps);
    const summary = await scanReminders(deps, { now: day8, limit: 1, remainingMs: () => 5_000 });
    expect(summary).toMatchObject({ looked: 1, queued: 1, more: true });
    const rest = await scanReminders(deps, { now: day8, limit: 1, remainingMs: () => 60_000 });
    expect(rest).toMatchObject({ queued: PARTNERS.length - 1, more: false });
    expect(reminded(deps)).toEqual(everyPartner);
  });
});

describe("the board's own reminder steps", () => {
  const ICB = '2024-25-baseline-blmk-icb';
  /** The board's steps saved on day `n` past the invoices' due date (the same for the three baselines). */
  async function setSteps(deps: FakeDeps, due: string, n: number, reminderDays: number[] | undefined) {
    const admin = ctxAs('admin', ['admin'], `${addDays(due, n)}T12:00:00.000Z`);
    await putBoard(deps, admin, BOARD, { name: 'Fake Safeguarding Adults Board', ...(reminderDays ? { reminderDays } : {}) }, '*');
  }
  async function setup(reminderDays?: number[]) {
    const deps = await referenceBoard({ open: false });
    if (reminderDays) await setSteps(deps, '2024-04-01', 0, reminderDays);
    const { openYear } = await import('../../../shared/application/year-end.ts');
    await openYear(deps, ctxAs('finance', ['finance'], '2024-04-01T09:00:00.000Z'), BOARD, '2024-25');
    const due = (await deps.invoices.get(BOARD, 'blmk-icb', ICB))?.dueDate ?? '';
    const scan = (n: number) => scanReminders(deps, { now: new Date(`${addDays(due, n)}T09:00:00Z`) });
    const reminders = (invoiceId = ICB) =>
      items(deps)
        .filter((i) => i.kind === 'reminder' && i.documentId === invoiceId)
        .map((i) => `${i.purpose}:${i.reminderStep}`)
        .sort();
    return { deps, due, scan, reminders };
  }

  it('a board that sets [3, 14] is reminded 3 and 14 days past due, once each, and never at 7 or 30', async () => {
    const { deps, scan, reminders } = await setup([3, 14]);
    expect(deps.outbox.watches.get(`${BOARD}|blmk-icb|${ICB}`)?.nextCheck).toBe(
      addDays((await deps.invoices.get(BOARD, 'blmk-icb', ICB))?.dueDate ?? '', 3),
    );
    for (const n of [2, 3, 4, 8, 14, 15, 31, 60]) await scan(n);
    expect(reminders()).toEqual(['reminder-14:14', 'reminder-3:3']);
    expect(deps.outbox.watches.get(`${BOARD}|blmk-icb|${ICB}`)).toMatchObject({ done: [3, 14], finished: 'every reminder step done' });
  });

  it('no steps ([]): no reminder at all; steps set later are sent from the next scan, only the latest one passed', async () => {
    const { deps, due, scan, reminders } = await setup([]);
    for (const n of [8, 31, 40]) expect((await scan(n)).queued).toBe(0);
    expect(reminders()).toEqual([]);
    expect(deps.outbox.watches.get(`${BOARD}|blmk-icb|${ICB}`)?.finished).toBe('no reminder step');
    await setSteps(deps, due, 40, [7, 30, 60]);
    expect((await scan(41)).queued).toBe(3); // the three baselines, step 30 each: not 7 and 30
    expect((await scan(42)).queued).toBe(0);
    expect(reminders()).toEqual(['reminder-30:30']);
    await scan(61);
    expect(reminders()).toEqual(['reminder-30:30', 'reminder-60:60']);
  });

  it('a step added between the one sent and the next is sent by the next scan, once; the step sent is not sent again', async () => {
    const { deps, due, scan, reminders } = await setup();
    await scan(8);
    expect(reminders()).toEqual(['reminder-7:7']);
    // Day 20: the board adds 10 and 14, both already past for this invoice (waiting for day 30).
    await setSteps(deps, due, 20, [7, 10, 14, 30]);
    expect((await scan(21)).queued).toBe(3);
    expect(reminders()).toEqual(['reminder-14:14', 'reminder-7:7']); // the latest passed, not a burst of 10 and 14
    await scan(22);
    await scan(31);
    expect(reminders()).toEqual(['reminder-14:14', 'reminder-30:30', 'reminder-7:7']);
  });

  it('a step sent that the board removes is not sent again, nor any step before it; steps added back later go on from it', async () => {
    const { deps, due, scan, reminders } = await setup();
    await scan(8);
    await setSteps(deps, due, 9, [3, 5]); // nothing left after the 7 sent
    for (const n of [10, 31, 100]) expect((await scan(n)).queued).toBe(0);
    expect(reminders()).toEqual(['reminder-7:7']);
    expect(deps.outbox.watches.get(`${BOARD}|blmk-icb|${ICB}`)?.finished).toBe('every reminder step done');
    // Back to the default (reminderDays absent): 30 has passed, so the next scan sends it, once; 7 never again.
    await setSteps(deps, due, 100, undefined);
    await scan(101);
    await scan(102);
    expect(reminders()).toEqual(['reminder-30:30', 'reminder-7:7']);
  });

  it('a settled invoice is not watched again by a change of steps', async () => {
    const { deps, due, scan, reminders } = await setup();
    const inv = await deps.invoices.get(BOARD, 'blmk-icb', ICB);
    await recordPayment(deps, ctxAs('finance', ['finance'], `${addDays(due, 1)}T12:00:00.000Z`), BOARD, ICB, {
      date: addDays(due, 1),
      amount: inv?.total.toString() ?? '',
    });
    await scan(8);
    expect(deps.outbox.watches.get(`${BOARD}|blmk-icb|${ICB}`)?.finished).toBe('settled');
    await setSteps(deps, due, 9, [7, 14]);
    await scan(15);
    expect(reminders()).toEqual([]);
    expect(deps.outbox.watches.get(`${BOARD}|blmk-icb|${ICB}`)?.finished).toBe('settled');
  });

  it('saving the steps interrupted at any watch it moves: saving the board again moves the rest, and the scan sends once', async () => {
    for (let k = 1; k <= 3; k++) {
      for (const when of ['before', 'after'] as const) {
        const { deps, due, scan, reminders } = await setup();
        await scan(8);
        const faulty = faultyOutbox(deps.outbox, k, when);
        const admin = ctxAs('admin', ['admin'], `${addDays(due, 20)}T12:00:00.000Z`);
        await expect(putBoard({ ...deps, outbox: faulty }, admin, BOARD, { name: 'Fake', reminderDays: [7, 14, 30] }, '*')).rejects.toThrow(
          /injected/,
        );
        await setSteps(deps, due, 20, [7, 14, 30]);
        expect((await scan(21)).queued, `write ${k} ${when}`).toBe(3);
        await scan(22);
        expect(reminders(), `write ${k} ${when}`).toEqual(['reminder-14:14', 'reminder-7:7']);
        for (const w of deps.outbox.watches.values()) expect(w.done, `write ${k} ${when}`).toEqual([7, 14]);
      }
    }
  });
});
