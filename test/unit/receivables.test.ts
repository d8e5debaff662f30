/**
 * The one balance definition and what derives from it (shared/domain/receivables.ts): worked
 * examples, then properties over random histories of documents built by the rules a write
 * obeys (never over-credit, over-settle, over-allocate or over-refund).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Allocation,
  addDays,
  availableCreditOf,
  creditableOf,
  type Invoice,
  invoiceIdFor,
  settleableOf,
} from '../../shared/domain/invoice.ts';
import { Money } from '../../shared/domain/money.ts';
import {
  AGE_BUCKETS,
  agedDebtOf,
  balanceOf,
  bucketOf,
  figuresOf,
  invoicedByYear,
  movementsOf,
  statementOf,
  unfinishedOf,
} from '../../shared/domain/receivables.ts';

const m = Money.parse;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

let seq = 0;
function doc(patch: Partial<Invoice> & Pick<Invoice, 'invoiceId' | 'total'>): Invoice {
  seq += 1;
  const credit = patch.total.isNegative();
  return {
    boardId: 'b',
    number: seq,
    series: credit ? 'CN' : 'INV',
    partnerId: 'p',
    yearId: '2025-26',
    kind: credit ? 'credit-note' : 'baseline',
    status: 'issued',
    issueDate: '2025-04-01',
    dueDate: credit ? '2025-04-01' : '2025-05-01',
    billTo: { name: 'P', address: 'A', contact: 'C', email: 'e@x.org' },
    lines: [{ rule: 'x', description: 'x', amount: patch.total, vatTreatment: 'outside-scope' }],
    vatTotal: Money.zero,
    payments: [],
    creditNotes: [],
    allocations: [],
    refunds: [],
    version: 1,
    createdAt: `2025-04-01T00:00:${String(seq % 60).padStart(2, '0')}Z`,
    createdBy: 't',
    ...patch,
  };
}

const alloc = (id: string, creditNoteId: string, invoiceId: string, amount: string, date = '2025-04-10'): Allocation => ({
  allocationId: id,
  creditNoteId,
  invoiceId,
  amount: m(amount),
  date,
  recordedAt: `${date}T10:00:00Z`,
  recordedBy: 't',
});

describe('the balance of a partner', () => {
  it('crediting an unpaid invoice in full leaves nothing owed either way (issue 11, defect 4)', () => {
    const inv = doc({
      invoiceId: '2025-26-baseline-p',
      total: m('1000.00'),
      creditNotes: [{ creditNoteId: 'cn1', amount: m('1000.00'), reason: 'r', date: '2025-04-05', recordedAt: '', recordedBy: '' }],
      allocations: [alloc('cn1', 'cn1', '2025-26-baseline-p', '1000.00', '2025-04-05')],
    });
    const cn = doc({
      invoiceId: 'cn1',
      total: m('-1000.00'),
      issueDate: '2025-04-05',
      dueDate: '2025-04-05',
      credits: inv.invoiceId,
      allocations: [alloc('cn1', 'cn1', '2025-26-baseline-p', '1000.00', '2025-04-05')],
    });
    expect(balanceOf([inv, cn]).toString()).toBe('0.00');
    const f = figuresOf([inv, cn], '2025-06-01');
    expect(f.get(inv.invoiceId)).toMatchObject({ status: 'credited', overdue: false });
    expect(f.get(inv.invoiceId)?.outstanding.toString()).toBe('0.00');
    expect(f.get('cn1')?.outstanding.toString()).toBe('0.00'); // no refund of money never paid
    expect(f.get('cn1')?.status).toBe('used'); // all of it applied: not open
    expect(agedDebtOf([inv, cn], '2025-09-01').total.toString()).toBe('0.00');
  });

  it('crediting a part-paid invoice settles what is unpaid and leaves the rest as credit on account', () => {
    const inv = doc({
      invoiceId: '2025-26-baseline-p',
      total: m('1000.00'),
      payments: [{ paymentId: 'pay', date: '2025-04-02', amount: m('400.00'), recordedAt: '2025-04-02T09:00:00Z', recordedBy: 't' }],
      allocations: [alloc('cn1', 'cn1', '2025-26-baseline-p', '600.00', '2025-04-05')],
    });
    const cn = doc({
      invoiceId: 'cn1',
      total: m('-1000.00'),
      issueDate: '2025-04-05',
      dueDate: '2025-04-05',
      credits: inv.invoiceId,
      allocations: [alloc('cn1', 'cn1', '2025-26-baseline-p', '600.00', '2025-04-05')],
    });
    expect(balanceOf([inv, cn]).toString()).toBe('-400.00');
    const f = figuresOf([inv, cn], '2025-06-01');
    expect(f.get('cn1')?.outstanding.toString()).toBe('400.00');
    expect(f.get('cn1')?.balance.toString()).toBe('-400.00');
    expect(f.get('cn1')?.status).toBe('issued'); // credit left on account: still open
    const st = statementOf('p', [inv, cn], '2025-04-01', '2025-04-30');
    expect(st.lines.map((l) => [l.date, l.document, l.debit.toString(), l.credit.toString(), l.balance.toString()])).toEqual([
      ['2025-04-01', 'INV-000003', '1000.00', '0.00', '1000.00'],
      ['2025-04-02', 'INV-000003', '0.00', '400.00', '600.00'],
      ['2025-04-05', 'CN-000004', '0.00', '1000.00', '-400.00'],
    ]);
    expect(st.openingBalance.toString()).toBe('0.00');
    expect(st.closingBalance.toString()).toBe('-400.00');
  });

  it('an allocation counts only once it is on both documents and not cancelled', () => {
    const inv = doc({ invoiceId: 'inv', total: m('500.00') });
    const cn = doc({ invoiceId: 'cn', total: m('-300.00'), allocations: [alloc('a1', 'cn', 'inv', '200.00')] });
    expect(figuresOf([inv, cn], '2025-04-20').get('inv')?.outstanding.toString()).toBe('500.00');
    expect(unfinishedOf([inv, cn]).map((u) => u.code)).toEqual(['ALLOCATION_UNFINISHED']);
    const settled = { ...inv, allocations: [alloc('a1', 'cn', 'inv', '200.00')] };
    expect(figuresOf([settled, cn], '2025-04-20').get('inv')?.outstanding.toString()).toBe('300.00');
    expect(figuresOf([settled, cn], '2025-04-20').get('cn')?.outstanding.toString()).toBe('100.00');
    expect(unfinishedOf([settled, cn])).toEqual([]);
    const cancelled = { ...cn, allocations: [{ ...alloc('a1', 'cn', 'inv', '200.00'), cancelled: 't' }] };
    expect(figuresOf([inv, cancelled], '2025-04-20').get('cn')?.outstanding.toString()).toBe('300.00');
    // On the invoice, but cancelled on the credit note: it counts on neither side.
    expect(figuresOf([settled, cancelled], '2025-04-20').get('inv')?.outstanding.toString()).toBe('500.00');
    expect(figuresOf([settled, cancelled], '2025-04-20').get('cn')?.outstanding.toString()).toBe('300.00');
    expect(balanceOf([settled, cn]).toString()).toBe('200.00');
  });

  it('ages open items by days past due, credit on account by days since issue, and the buckets add up to the balance', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(bucketOf)).toEqual(['current', '1-30', '1-30', '31-60', '31-60', '61-90', '61-90', '90+']);
    const a = doc({ invoiceId: 'a', total: m('100.00'), issueDate: '2025-04-01', dueDate: '2025-05-01' });
    const b = doc({ invoiceId: 'b', total: m('50.00'), issueDate: '2025-06-01', dueDate: '2025-07-01' });
    const c = doc({ invoiceId: 'c', total: m('-30.00'), issueDate: '2025-07-15', dueDate: '2025-07-15' });
    const aged = agedDebtOf([a, b, c], '2025-08-05');
    expect(Object.fromEntries(AGE_BUCKETS.map((k) => [k, aged.buckets[k].toString()]))).toEqual({
      current: '0.00',
      '1-30': '-30.00',
      '31-60': '50.00',
      '61-90': '0.00',
      '90+': '100.00',
    });
    expect(aged.total.toString()).toBe('120.00');
    expect(agedDebtOf([a, b, c], '2025-05-31').total.toString()).toBe('100.00'); // only what was issued by then
  });

  it('a year-end refund credits the baseline but is counted in the year end, not twice (issue 11, defect 5)', () => {
    const baseline = doc({ invoiceId: invoiceIdFor('2024-25', 'baseline', 'p'), yearId: '2024-25', total: m('1000.00') });
    const refund = doc({
      invoiceId: invoiceIdFor('2024-25', 'year-end', 'p'),
      yearId: '2024-25',
      total: m('-120.00'),
      credits: baseline.invoiceId,
    });
    const fix = doc({ invoiceId: '2024-25-cn-aaaaaaaaaaaa-p', yearId: '2024-25', total: m('-1000.00'), credits: baseline.invoiceId });
    const again = doc({ invoiceId: '2024-25-inv-bbbbbbbbbbbb-p', yearId: '2024-25', total: m('980.00'), replaces: baseline.invoiceId });
    const year = invoicedByYear([baseline, refund]).get('2024-25')?.get('p');
    expect([year?.baseline.toString(), year?.yearEnd.toString()]).toEqual(['1000.00', '-120.00']);
    const corrected = invoicedByYear([baseline, refund, fix, again]).get('2024-25')?.get('p');
    expect([corrected?.baseline.toString(), corrected?.yearEnd.toString(), corrected?.other.toString()]).toEqual([
      '980.00',
      '-120.00',
      '0.00',
    ]);
  });

  it('a payment reversed counts back on the day of the reversal', () => {
    const inv = doc({
      invoiceId: 'i',
      total: m('100.00'),
      payments: [
        {
          paymentId: 'p1',
          date: '2025-04-10',
          amount: m('100.00'),
          recordedAt: '2025-04-10T09:00:00Z',
          recordedBy: 't',
          reversal: { date: '2025-04-20', reason: 'bounced', recordedAt: '2025-04-20T09:00:00Z', recordedBy: 't' },
        },
      ],
    });
    expect(balanceOf([inv], '2025-04-15').toString()).toBe('0.00');
    expect(balanceOf([inv], '2025-04-20').toString()).toBe('100.00');
    expect(movementsOf([inv]).map((x) => x.kind)).toEqual(['invoice', 'payment', 'reversal']);
    expect(agedDebtOf([inv], '2025-04-15').total.toString()).toBe('0.00');
    expect(agedDebtOf([inv], '2025-06-01').buckets['31-60'].toString()).toBe('100.00');
  });
});

// ---------------------------------------------------------------- properties

type Step =
  | { kind: 'invoice'; amount: number }
  | { kind: 'pay'; target: number; part: number }
  | { kind: 'credit'; target: number; part: number }
  | { kind: 'allocate'; cn: number; target: number; part: number }
  | { kind: 'refund'; cn: number; part: number }
  | { kind: 'reverse'; target: number }
  | { kind: 'half-allocate'; cn: number; target: number; part: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('invoice' as const), amount: fc.integer({ min: 1, max: 500_000 }) }),
  fc.record({ kind: fc.constant('pay' as const), target: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('credit' as const), target: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('allocate' as const), cn: fc.nat(), target: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('refund' as const), cn: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('reverse' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('half-allocate' as const), cn: fc.nat(), target: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
);

/** A share of an amount, in whole pence, at least a penny. */
const share = (x: Money, part: number): Money => Money.fromPence((x.pence * BigInt(part)) / 100n || 1n);

/** Builds a history one day per step, by the rules the writes obey; answers the documents and the expected balance. */
function simulate(steps: readonly Step[]): { docs: Invoice[]; expected: Money; days: string[] } {
  let docs: Invoice[] = [];
  let expected = Money.zero;
  const days: string[] = [];
  const put = (d: Invoice) => {
    docs = docs.filter((x) => x.invoiceId !== d.invoiceId).concat(d);
  };
  const invoices = () => docs.filter((d) => d.kind !== 'credit-note');
  const notes = () => docs.filter((d) => d.kind === 'credit-note');
  steps.forEach((s, i) => {
    const day = addDays('2025-04-01', i * 3);
    days.push(day);
    const at = `${day}T12:00:00Z`;
    const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
    if (s.kind === 'invoice') {
      const amount = Money.fromPence(BigInt(s.amount));
      put(doc({ invoiceId: `inv${i}`, total: amount, issueDate: day, dueDate: addDays(day, 30), createdAt: at }));
      expected = expected.plus(amount);
    } else if (s.kind === 'pay') {
      const inv = pick(invoices(), s.target);
      if (!inv || !settleableOf(inv).isPositive()) return;
      const amount = share(settleableOf(inv), s.part);
      put({ ...inv, payments: [...inv.payments, { paymentId: `p${i}`, date: day, amount, recordedAt: at, recordedBy: 't' }] });
      expected = expected.minus(amount);
    } else if (s.kind === 'reverse') {
      const inv = pick(
        invoices().filter((d) => d.payments.some((p) => !p.reversal)),
        s.target,
      );
      const p = inv?.payments.find((x) => !x.reversal);
      if (!inv || !p) return;
      const reversal = { date: day, reason: 'r', recordedAt: at, recordedBy: 't' };
      put({ ...inv, payments: inv.payments.map((x) => (x === p ? { ...x, reversal } : x)) });
      expected = expected.plus(p.amount);
    } else if (s.kind === 'credit') {
      const inv = pick(invoices(), s.target);
      if (!inv || !creditableOf(inv).isPositive()) return;
      const amount = share(creditableOf(inv), s.part);
      const applied = settleableOf(inv).isPositive() ? amount.min(settleableOf(inv)) : Money.zero;
      const id = `cn${i}`;
      const a = alloc(id, id, inv.invoiceId, applied.toString(), day);
      put({
        ...inv,
        creditNotes: [...inv.creditNotes, { creditNoteId: id, amount, reason: 'r', date: day, recordedAt: at, recordedBy: 't' }],
        allocations: applied.isPositive() ? [...inv.allocations, a] : inv.allocations,
      });
      put(
        doc({
          invoiceId: id,
          total: amount.negate(),
          issueDate: day,
          dueDate: day,
          credits: inv.invoiceId,
          allocations: applied.isPositive() ? [a] : [],
          createdAt: at,
        }),
      );
      expected = expected.minus(amount);
    } else if (s.kind === 'allocate' || s.kind === 'half-allocate') {
      const cn = pick(notes(), s.cn);
      const inv = pick(invoices(), s.target);
      if (!cn || !inv || !availableCreditOf(cn).isPositive() || !settleableOf(inv).isPositive()) return;
      const amount = share(availableCreditOf(cn).min(settleableOf(inv)), s.part);
      const a = alloc(`a${i}`, cn.invoiceId, inv.invoiceId, amount.toString(), day);
      put({ ...cn, allocations: [...cn.allocations, a] });
      // Half an allocation: a request that stopped after reserving the credit. It must count nowhere.
      if (s.kind === 'allocate') put({ ...inv, allocations: [...inv.allocations, a] });
    } else if (s.kind === 'refund') {
      const cn = pick(notes(), s.cn);
      if (!cn || !availableCreditOf(cn).isPositive()) return;
      const amount = share(availableCreditOf(cn), s.part);
      put({ ...cn, refunds: [...cn.refunds, { refundId: `r${i}`, amount, date: day, reference: 'x', recordedAt: at, recordedBy: 't' }] });
      expected = expected.plus(amount);
    }
  });
  return { docs, expected, days };
}

describe('properties of the balance', () => {
  it('documents, statement, aged debt and invoiced-by-year all agree with the balance, on every day', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), fc.nat(), (steps, pickDay) => {
        const { docs, expected, days } = simulate(steps);
        const today = addDays(days.at(-1) ?? '2025-04-01', 1);
        expect(balanceOf(docs).equals(expected)).toBe(true);
        const figures = figuresOf(docs, today); // asserts the documents add up to the balance
        for (const f of figures.values()) expect(f.outstanding.isNegative()).toBe(false);
        // Open (`issued`) exactly while something is outstanding on a credit note; `used` once nothing is.
        for (const d of docs) {
          const f = figures.get(d.invoiceId);
          if (!f) continue;
          if (d.kind === 'credit-note') expect(f.status).toBe(f.outstanding.isPositive() ? 'issued' : 'used');
          else expect(f.status === 'used' || (f.status === 'issued' && !f.outstanding.isPositive())).toBe(false);
        }
        const day = days[pickDay % days.length] ?? today;
        const st = statementOf('p', docs, day, today);
        expect(st.closingBalance.equals(expected)).toBe(true);
        expect(st.openingBalance.equals(balanceOf(docs, addDays(day, -1)))).toBe(true);
        const aged = agedDebtOf(docs, day);
        expect(Money.sum(AGE_BUCKETS.map((b) => aged.buckets[b])).equals(balanceOf(docs, day))).toBe(true);
        const invoiced = [...(invoicedByYear(docs).get('2025-26')?.values() ?? [])];
        const net = Money.sum(invoiced.map((y) => y.baseline.plus(y.yearEnd).plus(y.other)));
        expect(net.equals(Money.sum(docs.map((d) => d.total)))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('the balance does not depend on the order documents are listed in', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 20 }), fc.integer(), (steps, seed) => {
        const { docs } = simulate(steps);
        const shuffled = [...docs].sort((a, b) => ((a.invoiceId.length * seed) % 7) - ((b.invoiceId.length * seed) % 7));
        expect(balanceOf(shuffled).equals(balanceOf(docs))).toBe(true);
        expect(statementOf('p', shuffled, '2025-04-01', '2026-03-31').lines).toEqual(
          statementOf('p', docs, '2025-04-01', '2026-03-31').lines,
        );
      }),
      { numRuns: RUNS },
    );
  });
});
