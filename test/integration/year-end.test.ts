import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../shared/domain/money.ts';
import { type Api, freshBoard, REFERENCE_AGREEMENT, startApi } from '../helpers/api.ts';
import { pdfText } from '../helpers/pdf.ts';

let api: Api;
let stop: () => Promise<void>;
const boardId = 'ref-board';
const F = { roles: ['finance'], boardId };
const B = { roles: ['board'], boardId };
const P = (partnerId: string) => ({ roles: ['partner'], boardId, partnerId });
const base = `/v1/boards/${boardId}`;
const year = `${base}/years/2024-25`;

/** 279,900.00 of expenditure: 12,000.00 of SARs and the rest across the other lines. */
const ENTRIES = [
  { date: '2024-05-31', category: 'staffing', amount: '130000.00' },
  { date: '2024-11-30', category: 'staffing', amount: '88300.00' },
  { date: '2024-07-10', category: 'sar', amount: '7000.00', sarId: 'family-t' },
  { date: '2025-01-20', category: 'sar', amount: '5000.00', sarId: 'family-t' },
  { date: '2024-09-01', category: 'training', amount: '3000.00' },
  { date: '2025-03-31', category: 'other', amount: '46600.00' },
];

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
  await freshBoard(api, boardId);
  await api.put(`${base}/sars/family-t`, { title: 'Family T', kind: 'cspr', status: 'published' }, F);
  for (const e of ENTRIES) {
    const r = await api.post(`${year}/expenditure`, { supplier: 'Supplier', description: 'Spend', ...e }, F);
    if (r.status !== 201) throw new Error(r.text);
  }
});
afterAll(() => stop());

const sum = (xs: string[]) => Money.sum(xs.map(Money.parse)).toString();
/** The ETag of the figures the close request answered, which the approval names. */
let etag = '';

describe('the reference year through the API (DESIGN section 2)', () => {
  it('opening issued the three baseline invoices from the agreement', async () => {
    const list = await api.all(`${base}/invoices?yearId=2024-25`, F);
    expect(list.map((i) => [i.partnerId, i.kind, i.total, i.status])).toEqual([
      ['blmk-icb', 'baseline', '81305.00', 'issued'],
      ['beds-police', 'baseline', '20390.00', 'issued'],
      ['luton-council', 'baseline', '101591.00', 'issued'],
    ]);
    expect(list.map((i) => i.number)).toEqual(['INV-000001', 'INV-000002', 'INV-000003']);
    expect(list[0].lines[0].vatTreatment).toBe('outside-scope');
  });

  it('previews the recharge with explained lines', async () => {
    const r = await api.get(`${year}/recharge`, B);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'preview',
      outturn: '279900.00',
      budgetSet: '203500.00',
      baselines: '203286.00',
      additional: '76614.00',
    });
    const icb = r.body.partners[0];
    expect(icb.lines).toEqual([
      { rule: 'pool', description: '1/3 of SAR pool (sar) 12,000.00, split equally', amount: '4000.00' },
      { rule: 'overspend', description: '40% of overspend 64,400.00', amount: '25760.00' },
    ]);
  });

  it('closing takes two people: the requester cannot approve, nobody approves what was not asked', async () => {
    const early = await api.post(`${year}/close/approve`, undefined, B);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CLOSE.NOT_REQUESTED');
    const asked = await api.post(`${year}/close`, undefined, F);
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'awaiting-approval', closeRequest: { by: 'finance@test' }, additional: '76614.00' });
    etag = asked.headers.get('etag') ?? '';
    expect((await api.post(`${year}/close`, undefined, F)).status).toBe(202);
    const self = await api.post(`${year}/close/approve`, undefined, F, { 'if-match': etag });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('CLOSE.SELF_APPROVAL');
    const other = await api.post(`${year}/close`, undefined, { sub: 'someone-else', roles: ['finance'], boardId });
    expect(other.body.code).toBe('CLOSE.AWAITING_APPROVAL');
    expect((await api.post(`${year}/close/approve`, undefined, P('blmk-icb'), { 'if-match': etag })).status).toBe(403);
    expect((await api.get(year, F)).body).toMatchObject({ status: 'open', closeRequest: { by: 'finance@test' } });
  });

  it('closes on approval: additional invoices of 29,760.00, 10,440.00 and 36,414.00, and baselines plus additional equal the outturn', async () => {
    const closed = await api.post(`${year}/close/approve`, undefined, B, { 'if-match': etag });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.partners.map((p: { additional: string }) => p.additional)).toEqual(['29760.00', '10440.00', '36414.00']);
    expect(closed.body.invoices.map((i: { total: string; kind: string }) => [i.kind, i.total])).toEqual([
      ['additional', '29760.00'],
      ['additional', '10440.00'],
      ['additional', '36414.00'],
    ]);
    const invoices = await api.all(`${base}/invoices?yearId=2024-25`, F);
    expect(sum(invoices.map((i) => i.total))).toBe('279900.00');
    expect(closed.body.sealHash).toMatch(/^[0-9a-f]{64}$/);
    const y = await api.get(year, F);
    expect(y.body).toMatchObject({
      status: 'closed',
      sealHash: closed.body.sealHash,
      closeRequest: { by: 'finance@test', approvedBy: 'board@test' },
    });
  });

  it('closing again changes nothing and answers the same figures', async () => {
    const before = await api.all(`${base}/invoices`, F);
    const again = await api.post(`${year}/close`, undefined, F);
    expect(again.status).toBe(200);
    expect(again.body.partners.map((p: { additional: string }) => p.additional)).toEqual(['29760.00', '10440.00', '36414.00']);
    expect(await api.all(`${base}/invoices`, F)).toEqual(before);
    const preview = await api.get(`${year}/recharge`, B);
    expect(preview.body.status).toBe('closed');
    expect(preview.body.computedAt).toBe(again.body.computedAt);
  });

  it('locks the year: no expenditure, reversal, budget or agreement change', async () => {
    const post = await api.post(`${year}/expenditure`, { ...ENTRIES[0], supplier: 's', description: 'late' }, F);
    expect(post.status).toBe(409);
    expect((await api.post(`${year}/expenditure/E00000001/reversal`, { reason: 'x' }, F)).status).toBe(409);
    expect((await api.put(`${year}/budget-lines/staffing`, { name: 'x', amount: '1.00' }, F)).status).toBe(409);
    const agreement = await api.put(`${year}/agreement`, REFERENCE_AGREEMENT, F);
    expect(agreement.status).toBe(409);
    expect(agreement.body.code).toBe('AGREEMENT.FROZEN');
    expect((await api.get(`${year}/agreement`, B)).body.frozen).toBe(true);
    expect((await api.post(`${year}/open`, undefined, F)).status).toBe(409);
  });
});

describe('invoices for partners', () => {
  it('a partner lists and reads only its own invoices; the board role has no invoice access', async () => {
    const own = await api.all(`${base}/invoices`, P('beds-police'));
    expect(own.map((i) => i.invoiceId)).toEqual(['2024-25-baseline-beds-police', '2024-25-year-end-beds-police']);
    expect((await api.get(`${base}/invoices/2024-25-year-end-beds-police`, P('beds-police'))).status).toBe(200);
    const other = await api.get(`${base}/invoices/2024-25-year-end-blmk-icb`, P('beds-police'));
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('29760');
    expect(await api.all(`${base}/invoices?partnerId=blmk-icb`, P('beds-police'))).toEqual([]);
    expect((await api.get(`${base}/invoices`, B)).status).toBe(403);
    expect((await api.get(`${base}/invoices/not-an-invoice`, F)).status).toBe(400);
    expect((await api.get(`${base}/invoices/2024-25-baseline-nobody`, F)).status).toBe(404);
  });

  it('renders an invoice as a PDF whose text carries the partner, the lines and the total', async () => {
    const res = await fetch(`${api.url}${base}/invoices/2024-25-year-end-blmk-icb`, {
      headers: { authorization: `Bearer ${await api.token(P('blmk-icb'))}`, accept: 'application/pdf' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('Invoice INV-000004');
    expect(text).toContain('blmk-icb');
    expect(text).toContain('40% of overspend 64,400.00');
    expect(text).toContain('25,760.00');
    expect(text).toContain('4,000.00');
    expect(text).toContain('£29,760.00');
    expect(text).toContain('Outside the scope of VAT');
    const csv = await api.get(`${base}/invoices/2024-25-year-end-blmk-icb`, F, { accept: 'text/csv' });
    expect(csv.status).toBe(406);
  });

  it('records payments: part, then the rest (paid); an overpayment is refused', async () => {
    const path = `${base}/invoices/2024-25-year-end-beds-police/payments`;
    const today = new Date().toISOString().slice(0, 10);
    const part = await api.post(path, { date: today, amount: '440.00', reference: 'BACS 1' }, F);
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ status: 'issued', paid: '440.00', balance: '10000.00' });
    const over = await api.post(path, { date: today, amount: '10000.01' }, F);
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('PAYMENT.OVERPAYMENT');
    const early = await api.post(path, { date: '2024-01-01', amount: '1.00' }, F);
    expect(early.status).toBe(422);
    expect((await api.post(path, { date: '2999-01-01', amount: '1.00' }, F)).body.code).toBe('PAYMENT.FUTURE');
    const rest = await api.post(path, { date: today, amount: '10000.00' }, F);
    expect(rest.body).toMatchObject({ status: 'paid', balance: '0.00' });
    expect((await api.post(path, { date: today, amount: '1.00' }, F)).status).toBe(422);
    expect((await api.post(path, { date: today, amount: '1.00' }, P('beds-police'))).status).toBe(403);
  });

  it('corrects an issued invoice with a credit note of its own series that references it; the invoice itself never changes', async () => {
    const before = await api.get(`${base}/invoices/2024-25-baseline-blmk-icb`, F);
    const note = await api.post(
      `${base}/invoices/2024-25-baseline-blmk-icb/credit-notes`,
      { reason: 'Issued to the wrong cost centre' },
      F,
    );
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      kind: 'credit-note',
      total: '-81305.00',
      credits: '2024-25-baseline-blmk-icb',
      creditsNumber: 'INV-000001',
      reason: 'Issued to the wrong cost centre',
      // All of it went to the unpaid invoice: nothing is left on the note, which is used, not open.
      status: 'used',
      outstanding: '0.00',
    });
    expect(note.body.number).toBe('CN-000001');
    // The read adds the messages sent with the document (DESIGN 10.5); the rest is the note as answered.
    const { deliveries, ...read } = (await api.get(note.headers.get('location') ?? '', F)).body;
    expect(read).toEqual(note.body);
    expect(deliveries).toMatchObject([{ purpose: 'issued', kind: 'credit-note' }]);
    const after = await api.get(`${base}/invoices/2024-25-baseline-blmk-icb`, F);
    expect(after.body).toMatchObject({ status: 'credited', credited: '81305.00', balance: '0.00', overdue: false });
    expect(after.body.lines).toEqual(before.body.lines);
    expect(after.body.total).toBe(before.body.total);
    const again = await api.post(`${base}/invoices/2024-25-baseline-blmk-icb/credit-notes`, { reason: 'again' }, F);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('CREDIT.NOTHING_TO_CREDIT');
    expect((await api.all(`${base}/invoices`, F)).filter((i) => i.kind === 'credit-note')).toHaveLength(1);
    const paid = await api.post(
      `${base}/invoices/${note.body.invoiceId}/payments`,
      { date: new Date().toISOString().slice(0, 10), amount: '1.00' },
      F,
    );
    expect(paid.status).toBe(422);
    expect(paid.body.code).toBe('PAYMENT.CREDIT_NOTE');
  });
});

describe('agreements', () => {
  const b2 = 'agreement-board';
  const F2 = { roles: ['finance'], boardId: b2 };
  const path = `/v1/boards/${b2}/years/2024-25/agreement`;

  beforeAll(async () => {
    await freshBoard(api, b2, { open: false });
  });

  it.each([
    [
      'shares that do not add up to 1',
      { partners: REFERENCE_AGREEMENT.partners.map((p, i) => (i === 2 ? { ...p, share: '0.499999' } : p)) },
      422,
      'body/partners',
    ],
    ['a host that is not a partner of it', { host: 'nobody' }, 422, 'body/host'],
    [
      'a pool on an unknown category',
      { pools: [{ categories: ['catering'], charge: 'in-full', split: 'equal' }] },
      422,
      'body/pools/0/categories/0',
    ],
    [
      'a cap on the host',
      { partners: REFERENCE_AGREEMENT.partners.map((p) => (p.partnerId === 'luton-council' ? { ...p, additionalCap: '1.00' } : p)) },
      422,
      'body/partners/2/additionalCap',
    ],
    [
      'an unknown partner',
      { partners: [...REFERENCE_AGREEMENT.partners, { partnerId: 'ghost', baseline: '0.00', share: '0' }] },
      422,
      'body/partners/3/partnerId',
    ],
    ['a share sent as a number', { partners: [{ partnerId: 'blmk-icb', baseline: '1.00', share: 1 }] }, 400, 'body/partners/0/share'],
    ['an unknown split', { variance: { overspend: 'coin-toss', underspend: 'host' } }, 400, 'body/variance/overspend'],
  ])('refuses %s', async (_what, patch, status, field) => {
    const r = await api.put(path, { ...REFERENCE_AGREEMENT, ...patch }, F2);
    expect(r.status).toBe(status);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect((await api.get(path, F2)).body.partners[0].share).toBe('0.4');
  });

  it('applies defaults, and fixes baselines once the year is open', async () => {
    const minimal = { basis: 'committal', host: 'luton-council', partners: REFERENCE_AGREEMENT.partners };
    const current = await api.get(path, F2);
    const r = await api.put(path, minimal, F2, { 'if-match': current.headers.get('etag') ?? '' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      rounding: 'penny',
      pools: [],
      variance: { overspend: 'share', underspend: 'refund-share' },
      baselineShortfall: 'host',
      frozen: false,
    });
    await api.post(`/v1/boards/${b2}/years/2024-25/open`, undefined, F2);
    const etag = { 'if-match': r.headers.get('etag') ?? '' };
    const changed = await api.put(
      path,
      { ...minimal, partners: REFERENCE_AGREEMENT.partners.map((p, i) => (i === 0 ? { ...p, baseline: '1.00' } : p)) },
      F2,
      etag,
    );
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('AGREEMENT.BASELINES_INVOICED');
    const rules = await api.put(path, { ...REFERENCE_AGREEMENT }, F2, etag);
    expect(rules.status).toBe(200);
  });

  it('a year cannot open without an agreement, nor close', async () => {
    const b3 = 'no-agreement';
    const as = { roles: ['admin', 'finance'], boardId: b3 };
    await api.put(`/v1/boards/${b3}`, { name: 'x' }, as);
    await api.put(`/v1/boards/${b3}/years/2024-25`, { budgetSet: '1.00' }, as);
    const r = await api.post(`/v1/boards/${b3}/years/2024-25/open`, undefined, as);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('AGREEMENT.MISSING');
    expect((await api.post(`/v1/boards/${b3}/years/2024-25/close`, undefined, as)).status).toBe(409);
    expect((await api.get(`/v1/boards/${b3}/years/2024-25/recharge`, as)).status).toBe(409);
  });
});
