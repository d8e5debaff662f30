/**
 * Other income (DESIGN 10.3) through the API: grants, fees and other cash are netted from the
 * outturn before the variance is split; contributions in kind are shown in the income report and
 * never invoiced or netted; records are immutable and corrected by one reversal each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;

const B = 'income-board';
const F = { roles: ['finance'], boardId: B };
const BOARD_MEMBER = { roles: ['board'], boardId: B };
const path = (rest = '', y = '2024-25') => `/v1/boards/${B}/years/${y}${rest}`;
const additional = async () =>
  Object.fromEntries(
    (await api.get(path('/recharge'), F)).body.partners.map((p: { partnerId: string; additional: string }) => [p.partnerId, p.additional]),
  );

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
  await freshBoard(api, B);
  // Outturn 200,000 against the budget set 203,500 (the reference agreement: refunds by share 40/10/50).
  await api.post(
    path('/expenditure'),
    { date: '2024-05-01', category: 'staffing', amount: '200000.00', supplier: 'Payroll', description: 'Salaries' },
    F,
  );
}, 60_000);
afterAll(() => stop());

describe('other income', () => {
  let before: Record<string, string>;
  let grantId: string;

  it('nets a grant from the outturn before the variance is split, and leaves a contribution in kind out of every figure', async () => {
    before = await additional();
    // underspend 3,500 refunded 40/10/50 = -1,400 / -350 / -1,750; the shortfall 214 to the host.
    expect(before).toEqual({ 'blmk-icb': '-1400.00', 'beds-police': '-350.00', 'luton-council': '-1536.00' });

    const grant = await api.post(
      path('/other-income'),
      { date: '2024-07-15', source: 'Home Office grant', kind: 'grant', amount: '2500.00', description: 'Modern slavery awareness' },
      F,
    );
    expect(grant.status, grant.text).toBe(201);
    expect(grant.headers.get('location')).toBe(`/v1/boards/${B}/years/2024-25/other-income/${grant.body.incomeId}`);
    grantId = grant.body.incomeId;
    const venue = await api.post(
      path('/other-income'),
      {
        date: '2024-08-01',
        source: 'Conference room',
        kind: 'in-kind',
        amount: '3000.00',
        partnerId: 'beds-police',
        description: 'Venue for the annual conference',
      },
      F,
    );
    expect(venue.status, venue.text).toBe(201);

    // The underspend grows by the grant, 2,500, refunded 40/10/50: 1,000 / 250 / 1,250 more; the venue changes nothing.
    expect(await additional()).toEqual({ 'blmk-icb': '-2400.00', 'beds-police': '-600.00', 'luton-council': '-2786.00' });
    const r = await api.get(path('/recharge'), F);
    expect(r.body).toMatchObject({ cashIncome: '2500.00', inKindIncome: '3000.00', outturn: '200000.00' });
  });

  it('shows the contribution in kind in the income report (Figure 5), with the cash, and never invoices it', async () => {
    const income = await api.get(path('/income'), BOARD_MEMBER);
    expect(income.status, income.text).toBe(200);
    expect(income.body.otherIncome).toEqual({
      cash: '2500.00',
      inKind: '3000.00',
      rows: [
        { kind: 'in-kind', source: 'Conference room', partnerId: 'beds-police', amount: '3000.00' },
        { kind: 'grant', source: 'Home Office grant', amount: '2500.00' },
      ],
    });
    const csv = await api.get(path('/income'), BOARD_MEMBER, { accept: 'text/csv' });
    expect(csv.text).toContain('in kind: Conference room from beds-police');
    const invoices = await api.all(`/v1/boards/${B}/invoices`, F);
    expect(invoices.every((i) => !JSON.stringify(i.lines).includes('Conference room'))).toBe(true);
  });

  it('lists the records in order and reads one back', async () => {
    const list = await api.all(path('/other-income'), BOARD_MEMBER);
    expect(list.map((i) => [i.incomeId, i.kind, i.amount])).toEqual([
      ['I00000001', 'grant', '2500.00'],
      ['I00000002', 'in-kind', '3000.00'],
    ]);
    const one = await api.get(path(`/other-income/${grantId}`), BOARD_MEMBER);
    expect(one.body).toMatchObject({ source: 'Home Office grant', date: '2024-07-15', createdBy: expect.any(String) });
  });

  it('corrects a record by one reversal, which undoes its effect, and only one', async () => {
    const rev = await api.post(path(`/other-income/${grantId}/reversal`), { reason: 'Grant withdrawn' }, F);
    expect(rev.status, rev.text).toBe(201);
    expect(rev.body).toMatchObject({ amount: '-2500.00', reverses: grantId, reason: 'Grant withdrawn', kind: 'grant' });
    expect(await additional()).toEqual(before);
    expect((await api.get(path(`/other-income/${grantId}`), F)).body.reversedBy).toBe(rev.body.incomeId);

    const twice = await api.post(path(`/other-income/${grantId}/reversal`), { reason: 'again' }, F);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INCOME.ALREADY_REVERSED');
    const ofReversal = await api.post(path(`/other-income/${rev.body.incomeId}/reversal`), { reason: 'undo' }, F);
    expect(ofReversal.status).toBe(422);
    expect((await api.get(path(`/other-income/I00000099`), F)).status).toBe(404);
  });

  it('answers a retried post with its Idempotency-Key once, with the same record', async () => {
    const body = { date: '2024-09-09', source: 'Course fees', kind: 'fees', amount: '120.00', description: 'Training day fees' };
    const first = await api.post(path('/other-income'), body, F, { 'idempotency-key': 'fees-1' });
    const again = await api.post(path('/other-income'), body, F, { 'idempotency-key': 'fees-1' });
    expect(first.status).toBe(201);
    expect(again.body.incomeId).toBe(first.body.incomeId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await api.all(path('/other-income'), F)).filter((i) => i.source === 'Course fees')).toHaveLength(1);
  });

  it.each([
    ['a date outside the year', { date: '2025-04-01' }, 422, 'body/date'],
    ['an unknown partner', { partnerId: 'nobody' }, 422, 'body/partnerId'],
    ['a zero amount', { amount: '0.00' }, 400, 'body/amount'],
    ['an amount as a JSON number', { amount: 12.5 }, 400, 'body/amount'],
    ['an unknown kind', { kind: 'donation' }, 400, 'body/kind'],
    ['an unknown field', { vat: '0.00' }, 400, 'body/vat'],
  ])('refuses %s, naming the field, and writes nothing', async (_what, change, status, field) => {
    const count = (await api.all(path('/other-income'), F)).length;
    const r = await api.post(
      path('/other-income'),
      { date: '2024-10-01', source: 'S', kind: 'other', amount: '10.00', description: 'D', ...change },
      F,
    );
    expect(r.status, r.text).toBe(status);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect((await api.all(path('/other-income'), F)).length).toBe(count);
  });

  it('takes income only in an open year, and only from finance', async () => {
    await api.put(path('', '2025-26'), { budgetSet: '1000.00' }, F);
    const draft = await api.post(
      path('/other-income', '2025-26'),
      { date: '2025-06-01', source: 'S', kind: 'grant', amount: '10.00', description: 'D' },
      F,
    );
    expect(draft.status).toBe(409);
    expect(draft.body.code).toBe('YEAR.NOT_OPEN');
    const byBoard = await api.post(
      path('/other-income'),
      { date: '2024-06-01', source: 'S', kind: 'grant', amount: '10.00', description: 'D' },
      BOARD_MEMBER,
    );
    expect(byBoard.status).toBe(403);
  });
});
