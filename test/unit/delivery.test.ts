import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accepted,
  applyReport,
  claim,
  DEFAULT_POLICY,
  dueAt,
  messageIdOf,
  nextReminderDate,
  nextStep,
  type OutboxItem,
  parseMessageId,
  type ReminderWatch,
  refused,
  reminderDaysProblems,
  reminderStepDue,
  retryDelayMs,
  scheduleWatch,
  unknownOutcome,
} from '../../shared/domain/delivery.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const T0 = new Date('2025-05-01T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const item = (over: Partial<OutboxItem> = {}): OutboxItem => ({
  boardId: 'luton-sab',
  partnerId: 'blmk-icb',
  outboxId: '2025-26-baseline-blmk-icb.issued',
  documentId: '2025-26-baseline-blmk-icb',
  purpose: 'issued',
  kind: 'invoice',
  fromName: 'Luton SAB',
  to: ['finance@blmk-icb.example'],
  cc: [],
  status: 'pending',
  round: 1,
  attempts: 0,
  nextAttemptAt: T0.toISOString(),
  queuedAt: T0.toISOString(),
  queuedBy: 'clerk',
  history: [],
  version: 1,
  ...over,
});

describe('the retry schedule', () => {
  it('grows by the factor from the base, is capped, and jitters between half and all of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const full = Math.min(DEFAULT_POLICY.capDelayMs, DEFAULT_POLICY.baseDelayMs * DEFAULT_POLICY.factor ** (n - 1));
        const d = retryDelayMs(n, DEFAULT_POLICY, r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(full / 2));
        expect(d).toBeLessThanOrEqual(full);
      }),
      { numRuns: RUNS },
    );
    expect(retryDelayMs(1, DEFAULT_POLICY, 1)).toBe(60_000);
    expect(retryDelayMs(3, DEFAULT_POLICY, 1)).toBe(9 * 60_000);
    expect(retryDelayMs(9, DEFAULT_POLICY, 1)).toBe(6 * 3_600_000);
  });
});

describe('claiming, sending and recording', () => {
  it('claims a due item once: a second claim of the same state is refused', () => {
    const mine = claim(item(), T0, 'a1', DEFAULT_POLICY);
    expect(mine).toMatchObject({ status: 'sending', attempts: 1, attemptId: 'a1', leaseUntil: at(DEFAULT_POLICY.leaseMs).toISOString() });
    expect(claim(mine as OutboxItem, T0, 'a2', DEFAULT_POLICY)).toBeUndefined();
    expect(claim(item({ nextAttemptAt: at(1).toISOString() }), T0, 'a1', DEFAULT_POLICY)).toBeUndefined();
  });

  it('a lapsed claim is not resent inside the grace period, and is after it', () => {
    const sending = claim(item(), T0, 'a1', DEFAULT_POLICY) as OutboxItem;
    expect(nextStep(sending, at(DEFAULT_POLICY.leaseMs))).toBe('wait');
    expect(nextStep(sending, at(DEFAULT_POLICY.leaseMs + DEFAULT_POLICY.graceMs - 1))).toBe('wait');
    expect(dueAt(sending)).toBe(at(DEFAULT_POLICY.leaseMs + DEFAULT_POLICY.graceMs).toISOString());
    expect(nextStep(sending, at(DEFAULT_POLICY.leaseMs + DEFAULT_POLICY.graceMs))).toBe('check-evidence');
    expect(claim(sending, at(DEFAULT_POLICY.leaseMs + DEFAULT_POLICY.graceMs - 1), 'a2', DEFAULT_POLICY)).toBeUndefined();
    const again = claim(sending, at(DEFAULT_POLICY.leaseMs + DEFAULT_POLICY.graceMs), 'a2', DEFAULT_POLICY);
    expect(again).toMatchObject({ status: 'sending', attempts: 2, attemptId: 'a2', round: 1 });
    expect(again?.history.at(-1)?.detail).toContain('taken as not sent');
  });

  it('accepted: sent, out of the due index; a second acceptance of the round changes only the history', () => {
    const sending = claim(item(), T0, 'a1', DEFAULT_POLICY) as OutboxItem;
    const sent = accepted(sending, 1, at(5).toISOString(), 'ses-1', 'accepted');
    expect(sent).toMatchObject({ status: 'sent', sentAt: at(5).toISOString(), providerMessageId: 'ses-1' });
    expect(sent.attemptId).toBeUndefined();
    expect(dueAt(sent)).toBeUndefined();
    const twice = accepted(sent, 1, at(9).toISOString(), 'ses-1', 'resolved');
    expect({ ...twice, history: [] }).toEqual({ ...sent, history: [] });
  });

  it('refused: retried after the backoff, then failed after the last attempt; only by the attempt that holds the claim', () => {
    let it1 = claim(item(), T0, 'a1', DEFAULT_POLICY) as OutboxItem;
    expect(refused(it1, 'someone-else', T0.toISOString(), 'x', DEFAULT_POLICY, 0)).toBe(it1);
    it1 = refused(it1, 'a1', T0.toISOString(), '550 mailbox unavailable', DEFAULT_POLICY, 1);
    expect(it1).toMatchObject({ status: 'retry', lastError: '550 mailbox unavailable', nextAttemptAt: at(60_000).toISOString() });
    let cur = it1;
    for (let n = 2; n <= DEFAULT_POLICY.maxAttempts; n++) {
      const when = new Date(cur.nextAttemptAt as string);
      cur = claim(cur, when, `a${n}`, DEFAULT_POLICY) as OutboxItem;
      cur = refused(cur, `a${n}`, when.toISOString(), 'refused again', DEFAULT_POLICY, 1);
    }
    expect(cur.status).toBe('failed');
    expect(cur.attempts).toBe(DEFAULT_POLICY.maxAttempts);
    expect(dueAt(cur)).toBeUndefined();
  });

  it('an unknown outcome keeps the claim until evidence settles it', () => {
    const sending = claim(item(), T0, 'a1', DEFAULT_POLICY) as OutboxItem;
    const unknown = unknownOutcome(sending, 'a1', T0.toISOString(), 'timeout');
    expect(unknown.status).toBe('sending');
    expect(
      applyReport(unknown, { type: 'send', round: 1, at: at(1).toISOString(), providerMessageId: 'ses-9' }, at(1), DEFAULT_POLICY, 0),
    ).toMatchObject({
      status: 'sent',
      providerMessageId: 'ses-9',
    });
  });
});

describe('delivery reports', () => {
  const sent = accepted(claim(item(), T0, 'a1', DEFAULT_POLICY) as OutboxItem, 1, T0.toISOString(), 'ses-1', 'accepted');

  it('a transient bounce queues the next round (a new Message-ID) after the backoff', () => {
    const next = applyReport(
      sent,
      { type: 'bounce', round: 1, at: at(60).toISOString(), detail: 'mailbox full' },
      at(60),
      DEFAULT_POLICY,
      1,
    );
    expect(next).toMatchObject({ status: 'retry', round: 2, lastError: 'mailbox full', nextAttemptAt: at(60 + 60_000).toISOString() });
    expect(next.sentAt).toBeUndefined();
    expect(messageIdOf(next, next.round, 'x.example')).not.toBe(messageIdOf(sent, sent.round, 'x.example'));
    // The same report again, or a late one about round 1, no longer moves it.
    const again = applyReport(next, { type: 'bounce', round: 1, at: at(61).toISOString() }, at(61), DEFAULT_POLICY, 1);
    expect({ ...again, history: [] }).toEqual({ ...next, history: [] });
  });

  it('a permanent bounce is final, a reject fails, a complaint is only recorded', () => {
    expect(
      applyReport(sent, { type: 'bounce', round: 1, permanent: true, at: T0.toISOString(), detail: 'no such user' }, T0, DEFAULT_POLICY, 0),
    ).toMatchObject({
      status: 'bounced',
      lastError: 'no such user',
    });
    expect(applyReport(sent, { type: 'reject', round: 1, at: T0.toISOString() }, T0, DEFAULT_POLICY, 0).status).toBe('failed');
    const complained = applyReport(sent, { type: 'complaint', round: 1, at: T0.toISOString() }, T0, DEFAULT_POLICY, 0);
    expect(complained.status).toBe('sent');
    expect(complained.history.at(-1)?.type).toBe('complaint');
  });
});

describe('Message-IDs', () => {
  const slug = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
  it('name the item and round they were made for, and nothing else reads as one', () => {
    fc.assert(
      fc.property(
        slug,
        slug,
        slug,
        fc.constantFrom('issued', 'reminder-7', 'resend-0123456789ab', 'sent'),
        fc.integer({ min: 1, max: 99 }),
        (b, p, d, purpose, round) => {
          const id = messageIdOf({ boardId: b, partnerId: p, documentId: d, purpose }, round, 'mail.sab.example');
          expect(parseMessageId(id)).toEqual({ boardId: b, partnerId: p, outboxId: `${d}.${purpose}`, round });
        },
      ),
      { numRuns: RUNS },
    );
    expect(parseMessageId('<CAF=abc@mail.gmail.com>')).toBeUndefined();
    expect(parseMessageId('<r1.issued.x.y@z>')).toBeUndefined();
  });
});

describe('overdue reminders', () => {
  const steps = [7, 30];
  it.each([
    ['2025-05-07', [], undefined], // 6 days past due
    ['2025-05-08', [], 7],
    ['2025-05-20', [], 7],
    ['2025-05-20', [7], undefined],
    ['2025-05-31', [7], 30],
    ['2025-05-31', [], 30], // missed day 7: only the latest step
    ['2025-05-31', [7, 30], undefined],
    ['2025-09-01', [30], undefined],
  ] as const)('due 1 May 2025, on %s having sent %j: step %s', (today, sent, expected) => {
    expect(reminderStepDue('2025-05-01', today, steps, sent)).toBe(expected);
  });

  it('never sends a step at or below one already sent, and the next check is the next step', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -30, max: 400 }),
        fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 3 }),
        (raw, days, sent) => {
          const st = [...raw].sort((a, b) => a - b);
          const today = new Date(Date.parse('2025-05-01T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);
          const step = reminderStepDue('2025-05-01', today, st, sent);
          if (step !== undefined) {
            expect(st).toContain(step);
            expect(sent.every((s) => s < step)).toBe(true);
            expect(step).toBeLessThanOrEqual(days);
          }
          const next = nextReminderDate('2025-05-01', st, sent);
          const last = sent.length ? Math.max(...sent) : 0;
          if (next === undefined) expect(st.every((s) => s <= last)).toBe(true);
          else expect(next > new Date(Date.parse('2025-05-01T00:00:00Z') + last * 86_400_000).toISOString().slice(0, 10)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
    expect(nextReminderDate('2025-05-01', steps, [])).toBe('2025-05-08');
    expect(nextReminderDate('2025-05-01', steps, [7])).toBe('2025-05-31');
    expect(nextReminderDate('2025-05-01', steps, [7, 30])).toBeUndefined();
  });
});

describe("a board's own reminder steps", () => {
  it.each([
    [[], []],
    [[7, 30], []],
    [[1, 2, 3, 4, 365], []],
    [[1, 2, 3, 4, 5, 6], [{ message: 'must be at most 5 steps' }]],
    [[0], [{ index: 0, message: 'must be a whole number of days from 1 to 365' }]],
    [[7, 366], [{ index: 1, message: 'must be a whole number of days from 1 to 365' }]],
    [[7, 7], [{ index: 1, message: 'must be more than the step before it (7)' }]],
    [[30, 7], [{ index: 1, message: 'must be more than the step before it (30)' }]],
    [[7.5], [{ index: 0, message: 'must be a whole number of days from 1 to 365' }]],
  ] as const)('%j: %j', (days, problems) => {
    expect(reminderDaysProblems(days)).toEqual(problems);
  });

  const watch = (over: Partial<ReminderWatch> = {}): ReminderWatch => ({
    boardId: 'luton-sab',
    partnerId: 'blmk-icb',
    invoiceId: 'inv',
    dueDate: '2025-05-01',
    done: [],
    nextCheck: '2025-05-08',
    version: 3,
    ...over,
  });

  it('a watch is scheduled for the next step after those done, even one already past, or finished when none is left', () => {
    // A new step (14) before the step it waited for (30), already past on day 20: looked at by the next scan.
    expect(scheduleWatch(watch({ done: [7], nextCheck: '2025-05-31' }), [7, 14, 30]).nextCheck).toBe('2025-05-15');
    // No step left after the one sent (7): finished; the steps going back to [7, 30] watch it again.
    const ended = scheduleWatch(watch({ done: [7], nextCheck: '2025-05-31' }), [3, 7]);
    expect(ended).toMatchObject({ finished: 'every reminder step done', done: [7] });
    expect(ended.nextCheck).toBeUndefined();
    expect(scheduleWatch(ended, [7, 30])).toMatchObject({ nextCheck: '2025-05-31', done: [7] });
    expect(scheduleWatch(ended, [7, 30]).finished).toBeUndefined();
    // No steps at all, then steps again.
    const none = scheduleWatch(watch(), []);
    expect(none).toMatchObject({ finished: 'no reminder step' });
    expect(scheduleWatch(none, [10]).nextCheck).toBe('2025-05-11');
  });

  it('a settled watch, or one the steps do not move, is answered as it is (nothing to write)', () => {
    const settled = watch({ finished: 'settled', nextCheck: undefined });
    delete (settled as { nextCheck?: string }).nextCheck;
    expect(scheduleWatch(settled, [1, 2])).toBe(settled);
    const waiting = watch();
    expect(scheduleWatch(waiting, [7, 30])).toBe(waiting);
    expect(scheduleWatch(waiting, [7, 60])).toBe(waiting);
  });
});
