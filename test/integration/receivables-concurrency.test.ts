/**
 * Races on one invoice and one credit note (DESIGN 10.1): parallel credit notes, allocations
 * and refunds never over-credit, over-allocate or over-refund, and every loser is refused with
 * the amounts. RECEIVABLE_RACERS sets how many requests race (default 12).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { Money } from '../../shared/domain/money.ts';
import { type Answer, type Api, startApi } from '../helpers/api.ts';
import { fivePartnerBoard, today } from '../helpers/receivables.ts';

const RACERS = Number(process.env.RECEIVABLE_RACERS ?? 12);

let api: Api;
let runtime: Runtime;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());

const F = (boardId: string) => ({ roles: ['finance'], boardId });
const sum = (xs: string[]) => Money.sum(xs.map((x) => Money.parse(x)));

/** Every answer is a success or a refusal naming the amounts; never a 5xx. */
function tally(answers: Answer[], refusals: readonly string[]): Answer[] {
  for (const a of answers) {
    expect(a.status, a.text).toBeLessThan(500);
    if (a.status >= 400) {
      expect([409, 422]).toContain(a.status);
      if (a.status === 422) expect(refusals).toContain(a.body.code);
    }
  }
  return answers.filter((a) => a.status === 201);
}

describe('races on one invoice', () => {
  it(`${RACERS} parallel credit notes of 3,000.00 against a 10,000.00 invoice: at most 10,000.00 credited, each note whole`, async () => {
    const b = 'race-credit';
    await fivePartnerBoard(api, b);
    const path = `/v1/boards/${b}/invoices/2025-26-baseline-fire`;
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => api.post(`${path}/credit-notes`, { amount: '3000.00', reason: `race ${i}` }, F(b))),
    );
    const won = tally(answers, ['CREDIT.OVER_CREDIT', 'CREDIT.NOTHING_TO_CREDIT']);
    expect(won.length).toBe(3); // 9,000.00; a fourth would make 12,000.00
    const invoice = await api.get(path, F(b));
    expect(invoice.body).toMatchObject({ credited: '9000.00', outstanding: '1000.00' });
    const notes = (await api.all(`/v1/boards/${b}/invoices?partnerId=fire`, F(b))).filter((d) => d.kind === 'credit-note');
    expect(notes).toHaveLength(3);
    expect(sum(notes.map((n) => n.total)).toString()).toBe('-9000.00');
    expect(new Set(notes.map((n) => n.number)).size).toBe(3);
    expect((await api.get(`/v1/boards/${b}/partners/fire/statement`, F(b))).body.closingBalance).toBe('1000.00');
  });

  it(`${RACERS} parallel allocations of 400.00 from different credit notes to one 1,000.00 invoice: it never goes below zero`, async () => {
    const b = 'race-alloc';
    await fivePartnerBoard(api, b);
    // Credit on account: the ICB paid its baseline, then was credited 12 x 500.00 in notes.
    await api.post(`/v1/boards/${b}/invoices/2025-26-baseline-blmk-icb/payments`, { date: today(), amount: '40000.00' }, F(b));
    const notes: string[] = [];
    for (let i = 0; i < RACERS; i++) {
      const r = await api.post(
        `/v1/boards/${b}/invoices/2025-26-baseline-blmk-icb/credit-notes`,
        { amount: '500.00', reason: `n${i}` },
        F(b),
      );
      notes.push(r.body.invoiceId);
    }
    const charge = await api.post(
      `/v1/boards/${b}/years/2025-26/invoices`,
      { partnerId: 'blmk-icb', lines: [{ description: 'Training', amount: '1000.00', vat: 'outside-scope' }] },
      F(b),
    );
    const path = `/v1/boards/${b}/invoices/${charge.body.invoiceId}`;
    const answers = await Promise.all(
      notes.map((creditNoteId) => api.post(`${path}/allocations`, { creditNoteId, amount: '400.00' }, F(b))),
    );
    const won = tally(answers, ['ALLOCATION.OVER_BALANCE']);
    expect(won.length).toBe(2);
    const invoice = await api.get(path, F(b));
    expect(invoice.body).toMatchObject({ allocated: '800.00', outstanding: '200.00' });
    // Losers' reservations were given back: every note still has its credit, or exactly 400.00 less.
    const left = await Promise.all(notes.map(async (id) => (await api.get(`/v1/boards/${b}/invoices/${id}`, F(b))).body.outstanding));
    expect(left.filter((x) => x === '100.00')).toHaveLength(2);
    expect(left.filter((x) => x === '500.00')).toHaveLength(RACERS - 2);
    const statement = await api.get(`/v1/boards/${b}/partners/blmk-icb/statement`, F(b));
    // 40,000.00 invoiced and paid, RACERS x 500.00 credited, 1,000.00 charged: allocations move credit, not the balance.
    expect(statement.body.closingBalance).toBe(
      Money.parse('1000.00')
        .minus(Money.fromPence(50_000n * BigInt(RACERS)))
        .toString(),
    );
  });

  it(`${RACERS} parallel allocations and refunds of 250.00 from one 1,000.00 credit note: its credit never goes below zero`, async () => {
    const b = 'race-refund';
    await fivePartnerBoard(api, b);
    await api.post(`/v1/boards/${b}/invoices/2025-26-baseline-beds-police/payments`, { date: today(), amount: '10000.00' }, F(b));
    const note = (
      await api.post(`/v1/boards/${b}/invoices/2025-26-baseline-beds-police/credit-notes`, { amount: '1000.00', reason: 'x' }, F(b))
    ).body.invoiceId;
    const charges: string[] = [];
    for (let i = 0; i < RACERS / 2; i++) {
      const r = await api.post(
        `/v1/boards/${b}/years/2025-26/invoices`,
        { partnerId: 'beds-police', lines: [{ description: `Charge ${i}`, amount: '250.00', vat: 'outside-scope' }] },
        F(b),
      );
      charges.push(r.body.invoiceId);
    }
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        i % 2 === 0
          ? api.post(`/v1/boards/${b}/invoices/${charges[i / 2]}/allocations`, { creditNoteId: note, amount: '250.00' }, F(b))
          : api.post(`/v1/boards/${b}/invoices/${note}/refunds`, { amount: '250.00', date: today(), reference: `R${i}` }, F(b)),
      ),
    );
    const won = tally(answers, ['ALLOCATION.OVER_CREDIT', 'REFUND.OVER_CREDIT']);
    expect(won.length).toBe(4);
    const cn = await api.get(`/v1/boards/${b}/invoices/${note}`, F(b));
    expect(cn.body.outstanding).toBe('0.00');
    expect(sum([cn.body.allocated, cn.body.refunded]).toString()).toBe('1000.00');
    // What the partner owes is what the documents say, however the race went.
    const charged = Money.parse('250.00').pence * BigInt(RACERS / 2);
    const expected = Money.fromPence(charged).minus(Money.parse('1000.00')).plus(Money.parse(cn.body.refunded));
    expect((await api.get(`/v1/boards/${b}/partners/beds-police/statement`, F(b))).body.closingBalance).toBe(expected.toString());
    const aged = await api.get(`/v1/boards/${b}/aged-debt`, F(b));
    expect(aged.body.partners.find((p: { partnerId: string }) => p.partnerId === 'beds-police').total).toBe(expected.toString());
  });
});
