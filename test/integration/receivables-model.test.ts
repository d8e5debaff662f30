/**
 * Model-based test of receivables through the API (fast-check commands): random sequences of
 * invoices, payments (whole and part), credit notes (whole and part), allocations, refunds,
 * payment reversals and refused requests over five partners. After every step, for every
 * partner: the balance the model keeps (invoices - credit notes - payments + refunds) equals
 * the statement's closing balance and the aged-debt total, the aged-debt buckets add up to
 * it, and income (Figure 5) and contributions (Figure 6) are what the documents invoiced.
 * MODEL_RUNS sets the number of sequences (default 8; CI 25), MODEL_STEPS their longest (30).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { Money } from '../../shared/domain/money.ts';
import { type Answer, type Api, startApi } from '../helpers/api.ts';
import { BASELINES, FIVE, fivePartnerBoard, today } from '../helpers/receivables.ts';

const RUNS = Number(process.env.MODEL_RUNS ?? (process.env.CI ? 25 : 8));
const STEPS = Number(process.env.MODEL_STEPS ?? 30);

let api: Api;
let runtime: Runtime;
let boards = 0;
/** Commands run, by kind: printed, so a run that exercises little shows it. */
const ran = new Map<string, number>();
const count = (kind: string) => ran.set(kind, (ran.get(kind) ?? 0) + 1);

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());

const m = (s: string) => Money.parse(s);
const BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;

interface ModelPayment {
  id: string;
  amount: Money;
  reversed: boolean;
}
interface ModelInvoice {
  id: string;
  partnerId: string;
  total: Money;
  baseline: boolean;
  payments: ModelPayment[];
  allocated: Money;
  credited: Money;
}
interface ModelNote {
  id: string;
  partnerId: string;
  amount: Money;
  /** Credit left on account. */
  left: Money;
  /** Whether it credits a baseline invoice (income's baseline column) or another. */
  baseline: boolean;
}
interface Model {
  invoices: ModelInvoice[];
  notes: ModelNote[];
  refunds: Map<string, Money>;
}
interface Real {
  boardId: string;
}

const F = (r: Real) => ({ roles: ['finance'], boardId: r.boardId });
const paid = (i: ModelInvoice) => Money.sum(i.payments.filter((p) => !p.reversed).map((p) => p.amount));
const outstanding = (i: ModelInvoice) => i.total.minus(paid(i)).minus(i.allocated);
const uncredited = (i: ModelInvoice) => i.total.minus(i.credited);
/** A share of an amount in whole pence, at least a penny. */
const share = (x: Money, part: number) => Money.fromPence((x.pence * BigInt(part)) / 100n || 1n);
const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

function balanceOf(model: Model, partnerId: string): Money {
  const inv = model.invoices.filter((i) => i.partnerId === partnerId);
  const notes = model.notes.filter((n) => n.partnerId === partnerId);
  return Money.sum(inv.map((i) => i.total))
    .minus(Money.sum(notes.map((n) => n.amount)))
    .minus(Money.sum(inv.map(paid)))
    .plus(Money.sum(notes.map((n) => model.refunds.get(n.id) ?? Money.zero)));
}

function expect201(a: Answer, what: string): Answer {
  if (a.status !== 201) throw new Error(`${what}: ${a.status} ${a.text}`);
  return a;
}

/** After every command: every partner's figures agree with the model and with each other. */
async function checkEverything(model: Model, real: Real, kind: string): Promise<void> {
  count(kind);
  const [aged, income, contributions, ...statements] = await Promise.all([
    api.get(`/v1/boards/${real.boardId}/aged-debt`, F(real)),
    api.get(`/v1/boards/${real.boardId}/years/2025-26/income`, F(real)),
    api.get(`/v1/boards/${real.boardId}/contributions?from=2025-26&to=2025-26`, F(real)),
    ...FIVE.map((p) => api.get(`/v1/boards/${real.boardId}/partners/${p}/statement`, F(real))),
  ]);
  for (const [i, partnerId] of FIVE.entries()) {
    const expected = balanceOf(model, partnerId).toString();
    const st = statements[i] as Answer;
    expect(st.body.closingBalance, `${partnerId}: statement`).toBe(expected);
    const row = aged.body.partners.find((r: { partnerId: string }) => r.partnerId === partnerId);
    expect(row.total, `${partnerId}: aged debt`).toBe(expected);
    expect(Money.sum(BUCKETS.map((b) => m(row[b]))).toString(), `${partnerId}: buckets`).toBe(expected);
    const invoices = model.invoices.filter((x) => x.partnerId === partnerId);
    const notes = model.notes.filter((x) => x.partnerId === partnerId);
    const base = Money.sum(invoices.filter((x) => x.baseline).map((x) => x.total)).minus(
      Money.sum(notes.filter((n) => n.baseline).map((n) => n.amount)),
    );
    const other = Money.sum(invoices.filter((x) => !x.baseline).map((x) => x.total)).minus(
      Money.sum(notes.filter((n) => !n.baseline).map((n) => n.amount)),
    );
    const inc = income.body.rows.find((r: { partnerId: string }) => r.partnerId === partnerId);
    expect([inc.baseline, inc.additional], `${partnerId}: income`).toEqual([base.toString(), other.toString()]);
    const con = contributions.body.years[0].partners.find((r: { partnerId: string }) => r.partnerId === partnerId);
    expect(con.total, `${partnerId}: contributions`).toBe(base.plus(other).toString());
  }
}

// ---------------------------------------------------------------- commands

type Cmd = fc.AsyncCommand<Model, Real>;

class RaiseInvoice implements Cmd {
  readonly partner: number;
  readonly pence: number;
  constructor(partner: number, pence: number) {
    this.partner = partner;
    this.pence = pence;
  }
  check = () => true;
  async run(model: Model, real: Real) {
    // Partners with credit on account first: a new invoice is something to allocate it to.
    const left = (p: string) => Money.sum(model.notes.filter((n) => n.partnerId === p).map((n) => n.left));
    const partners = [...FIVE].sort((a, b) => left(b).compare(left(a)));
    const partnerId = partners[Math.max(0, this.partner - 2) % partners.length] as string; // 0-2: the one with most credit
    const amount = Money.fromPence(BigInt(this.pence));
    const r = expect201(
      await api.post(
        `/v1/boards/${real.boardId}/years/2025-26/invoices`,
        { partnerId, lines: [{ description: 'Agreed charge', amount: amount.toString(), vat: 'outside-scope' }] },
        F(real),
      ),
      'invoice',
    );
    model.invoices.push({
      id: r.body.invoiceId,
      partnerId,
      total: amount,
      baseline: false,
      payments: [],
      allocated: Money.zero,
      credited: Money.zero,
    });
    await checkEverything(model, real, 'invoice');
  }
  toString = () => `invoice(${this.partner}, ${this.pence}p)`;
}

class Pay implements Cmd {
  readonly target: number;
  readonly part: number;
  constructor(target: number, part: number) {
    this.target = target;
    this.part = part;
  }
  check = (model: Model) => model.invoices.some((i) => outstanding(i).isPositive());
  async run(model: Model, real: Real) {
    const inv = pick(
      model.invoices.filter((i) => outstanding(i).isPositive()),
      this.target,
    ) as ModelInvoice;
    const amount = this.part >= 100 ? outstanding(inv) : share(outstanding(inv), this.part);
    const r = expect201(
      await api.post(`/v1/boards/${real.boardId}/invoices/${inv.id}/payments`, { date: today(), amount: amount.toString() }, F(real)),
      'payment',
    );
    expect(r.body.outstanding).toBe(outstanding(inv).minus(amount).toString());
    inv.payments.push({ id: r.body.payments.at(-1).paymentId, amount, reversed: false });
    await checkEverything(model, real, 'payment');
  }
  toString = () => `pay(${this.target}, ${this.part}%)`;
}

class Credit implements Cmd {
  readonly target: number;
  readonly part: number;
  constructor(target: number, part: number) {
    this.target = target;
    this.part = part;
  }
  check = (model: Model) => model.invoices.some((i) => uncredited(i).isPositive());
  async run(model: Model, real: Real) {
    // The most paid first: credit on a paid invoice becomes credit on account, for allocations and refunds.
    const eligible = model.invoices.filter((i) => uncredited(i).isPositive()).sort((a, b) => paid(b).compare(paid(a)));
    const inv = pick(eligible, this.target) as ModelInvoice;
    const whole = this.part >= 100;
    const amount = whole ? uncredited(inv) : share(uncredited(inv), this.part);
    const r = expect201(
      await api.post(
        `/v1/boards/${real.boardId}/invoices/${inv.id}/credit-notes`,
        { ...(whole ? {} : { amount: amount.toString() }), reason: 'model' },
        F(real),
      ),
      'credit note',
    );
    const owed = outstanding(inv);
    const applied = owed.isPositive() ? amount.min(owed) : Money.zero;
    expect([r.body.total, r.body.allocated, r.body.outstanding]).toEqual([
      amount.negate().toString(),
      applied.toString(),
      amount.minus(applied).toString(),
    ]);
    expect(r.body.number).toMatch(/^CN-\d{6}$/);
    inv.credited = inv.credited.plus(amount);
    inv.allocated = inv.allocated.plus(applied);
    model.notes.push({ id: r.body.invoiceId, partnerId: inv.partnerId, amount, left: amount.minus(applied), baseline: inv.baseline });
    await checkEverything(model, real, 'credit note');
  }
  toString = () => `credit(${this.target}, ${this.part}%)`;
}

class Allocate implements Cmd {
  readonly note: number;
  readonly target: number;
  readonly part: number;
  constructor(note: number, target: number, part: number) {
    this.note = note;
    this.target = target;
    this.part = part;
  }
  private pair(model: Model): [ModelNote, ModelInvoice] | undefined {
    const pairs = model.notes
      .filter((n) => n.left.isPositive())
      .flatMap((n) =>
        model.invoices
          .filter((i) => i.partnerId === n.partnerId && outstanding(i).isPositive())
          .map((i) => [n, i] as [ModelNote, ModelInvoice]),
      );
    return pick(pairs, this.note * 7 + this.target);
  }
  check = (model: Model) => this.pair(model) !== undefined;
  async run(model: Model, real: Real) {
    const [note, inv] = this.pair(model) as [ModelNote, ModelInvoice];
    const amount = share(note.left.min(outstanding(inv)), this.part);
    const r = expect201(
      await api.post(
        `/v1/boards/${real.boardId}/invoices/${inv.id}/allocations`,
        { creditNoteId: note.id, amount: amount.toString() },
        F(real),
      ),
      'allocation',
    );
    expect(r.body.outstanding).toBe(outstanding(inv).minus(amount).toString());
    inv.allocated = inv.allocated.plus(amount);
    note.left = note.left.minus(amount);
    await checkEverything(model, real, 'allocation');
  }
  toString = () => `allocate(${this.note}, ${this.target}, ${this.part}%)`;
}

class Refund implements Cmd {
  readonly note: number;
  readonly part: number;
  constructor(note: number, part: number) {
    this.note = note;
    this.part = part;
  }
  check = (model: Model) => model.notes.some((n) => n.left.isPositive());
  async run(model: Model, real: Real) {
    const note = pick(
      model.notes.filter((n) => n.left.isPositive()),
      this.note,
    ) as ModelNote;
    const amount = this.part >= 100 ? note.left : share(note.left, this.part);
    const r = expect201(
      await api.post(
        `/v1/boards/${real.boardId}/invoices/${note.id}/refunds`,
        { amount: amount.toString(), date: today(), reference: 'BACS' },
        F(real),
      ),
      'refund',
    );
    note.left = note.left.minus(amount);
    expect(r.body.outstanding).toBe(note.left.toString());
    model.refunds.set(note.id, (model.refunds.get(note.id) ?? Money.zero).plus(amount));
    await checkEverything(model, real, 'refund');
  }
  toString = () => `refund(${this.note}, ${this.part}%)`;
}

class Reverse implements Cmd {
  readonly target: number;
  constructor(target: number) {
    this.target = target;
  }
  private payments = (model: Model) => model.invoices.flatMap((i) => i.payments.filter((p) => !p.reversed).map((p) => [i, p] as const));
  check = (model: Model) => this.payments(model).length > 0;
  async run(model: Model, real: Real) {
    const [inv, payment] = pick(this.payments(model), this.target) as readonly [ModelInvoice, ModelPayment];
    expect201(
      await api.post(
        `/v1/boards/${real.boardId}/invoices/${inv.id}/payments/${payment.id}/reversal`,
        { reason: 'recorded in error' },
        F(real),
      ),
      'reversal',
    );
    payment.reversed = true;
    const again = await api.post(
      `/v1/boards/${real.boardId}/invoices/${inv.id}/payments/${payment.id}/reversal`,
      { reason: 'again' },
      F(real),
    );
    expect(again.status).toBe(409);
    await checkEverything(model, real, 'reversal');
  }
  toString = () => `reverse(${this.target})`;
}

/** Requests the model says must be refused: over-credit, over-allocation, over-refund, a payment on a credit note. */
class Refused implements Cmd {
  readonly which: number;
  constructor(which: number) {
    this.which = which;
  }
  check = (model: Model) => model.notes.length > 0;
  async run(model: Model, real: Real) {
    const note = model.notes[this.which % model.notes.length] as ModelNote;
    const inv = model.invoices.find((i) => i.partnerId === note.partnerId) as ModelInvoice;
    const path = `/v1/boards/${real.boardId}/invoices`;
    const tries = [
      () => api.post(`${path}/${inv.id}/credit-notes`, { amount: uncredited(inv).plus(m('0.01')).toString(), reason: 'x' }, F(real)),
      () =>
        api.post(`${path}/${note.id}/refunds`, { amount: note.left.plus(m('0.01')).toString(), date: today(), reference: 'x' }, F(real)),
      () =>
        api.post(
          `${path}/${inv.id}/allocations`,
          { creditNoteId: note.id, amount: note.left.plus(outstanding(inv)).plus(m('0.01')).toString() },
          F(real),
        ),
      () => api.post(`${path}/${note.id}/payments`, { date: today(), amount: '1.00' }, F(real)),
    ];
    const r = await (tries[this.which % tries.length] as () => Promise<Answer>)();
    expect([400, 422], r.text).toContain(r.status);
    await checkEverything(model, real, 'refused');
  }
  toString = () => `refused(${this.which})`;
}

/** A share in percent: often all of it (so payments settle invoices and credit notes leave credit on account). */
const part = fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 100 }));
/** A target among the eligible documents (each command lists them most useful first): mostly the first, so commands meet on it. */
const target = fc.oneof(fc.constant(0), fc.nat({ max: 3 }));

const commands = [
  fc.tuple(fc.nat({ max: 4 }), fc.integer({ min: 1, max: 2_000_000 })).map(([p, pence]) => new RaiseInvoice(p, pence)),
  fc.tuple(target, part).map(([t, x]) => new Pay(t, x)),
  fc.tuple(target, part).map(([t, x]) => new Credit(t, x)),
  // Allocations and refunds need credit on account first; drawn more often, so that they happen.
  ...Array.from({ length: 3 }, () => fc.tuple(target, target, part).map(([n, t, x]) => new Allocate(n, t, x))),
  ...Array.from({ length: 2 }, () => fc.tuple(target, part).map(([n, x]) => new Refund(n, x))),
  target.map((t) => new Reverse(t)),
  fc.nat().map((w) => new Refused(w)),
];

describe('receivables against a model', () => {
  it(`${RUNS} random sequences of up to ${STEPS} steps over five partners: every figure agrees with the model after every step`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(...commands), { minLength: Math.min(15, STEPS), maxLength: STEPS }), async (cmds) => {
        boards += 1;
        const boardId = `model-${boards}`;
        await fivePartnerBoard(api, boardId);
        const model: Model = {
          invoices: FIVE.map((p) => ({
            id: `2025-26-baseline-${p}`,
            partnerId: p,
            total: m(BASELINES[p] as string),
            baseline: true,
            payments: [],
            allocated: Money.zero,
            credited: Money.zero,
          })),
          notes: [],
          refunds: new Map(),
        };
        await fc.asyncModelRun(() => ({ model, real: { boardId } }), cmds);
      }),
      {
        numRuns: RUNS,
        verbose: 1,
        // One sequence always runs first, so every kind of step is taken whatever the random draw:
        // pay an invoice in full, credit it (all credit on account), invoice the same partner again,
        // allocate part of the credit, pay part, reverse a payment, refund the rest, try to overdo each.
        examples: [
          [
            [
              new Pay(0, 100),
              new Credit(0, 60),
              new RaiseInvoice(0, 500_000),
              new Allocate(0, 0, 50),
              new Pay(0, 30),
              new Reverse(0),
              new Refund(0, 100),
              new Refused(0),
              new Refused(1),
              new Refused(2),
              new Refused(3),
            ],
          ],
        ],
      },
    );
    console.log(
      `receivables model: ${boards} boards, steps run ${JSON.stringify(Object.fromEntries([...ran].sort()))}, every figure checked after each`,
    );
  }, 600_000);
});
