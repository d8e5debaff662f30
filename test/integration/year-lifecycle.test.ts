/**
 * A year run end to end through the API, as a finance officer, an approver and the partners would
 * (DESIGN section 10): set up a board with its invoicing details, open the year, post, correct,
 * move budget, release a commitment, record a grant, ask for the close, see the approval refused
 * when an entry lands after the request, close, credit, pay, refund, read statements and aged
 * debt, then roll the underspend carried forward into the next year and draw on it. After every
 * step that moves money, the books must reconcile to the penny.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { Money } from '../../shared/domain/money.ts';
import { type Answer, type Api, startApi } from '../helpers/api.ts';
import { pdfText } from '../helpers/pdf.ts';

let api: Api;
let runtime: Runtime;
const boardId = 'lifecycle-board';
const base = `/v1/boards/${boardId}`;
const y1 = `${base}/years/2024-25`;
const y2 = `${base}/years/2025-26`;
const ADMIN = { roles: ['admin'], boardId, sub: 'admin@board' };
const OFFICER = { roles: ['finance'], boardId, sub: 'officer@board' };
const CHAIR = { roles: ['board'], boardId, sub: 'chair@board' };
const partnerAs = (partnerId: string) => ({ roles: ['partner'], boardId, partnerId, sub: `ap@${partnerId}` });
const PARTNERS = [
  ['icb', 'Bedfordshire, Luton and Milton Keynes Integrated Care Board'],
  ['police', 'Heddlu Gogledd Cymru – Gwasanaeth Tân ac Achub'],
  ['council', 'Luton Borough Council'],
] as const;

const ok = (r: Answer, what: string, status = [200, 201]) => {
  if (!status.includes(r.status)) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r;
};
const sum = (xs: readonly string[]) => Money.sum(xs.map((x) => Money.fromStored(x)));

/** Every partner's statement closing balance, aged-debt total and invoice balances agree; the year reconciles. */
async function assertBooksAgree(yearPath: string): Promise<void> {
  const recon = ok(await api.get(`${yearPath}/reconciliation`, OFFICER), 'reconciliation');
  expect(
    recon.body.issues.filter((i: { severity: string }) => i.severity === 'error'),
    JSON.stringify(recon.body.issues),
  ).toEqual([]);
  const debt = ok(await api.get(`${base}/aged-debt`, OFFICER), 'aged debt');
  for (const [partnerId] of PARTNERS) {
    const statement = ok(await api.get(`${base}/partners/${partnerId}/statement?from=2024-04-01`, OFFICER), 'statement');
    const invoices = await api.all(`${base}/invoices?partnerId=${partnerId}`, OFFICER);
    const balance = sum(invoices.map((i: { balance: string }) => i.balance));
    expect(statement.body.closingBalance, partnerId).toBe(balance.toString());
    const row = debt.body.partners.find((p: { partnerId: string }) => p.partnerId === partnerId);
    expect(row?.total ?? '0.00', partnerId).toBe(balance.toString());
  }
}

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());

describe('a year end to end', () => {
  it('sets up: a board invoicing through its host, three partners, a draft year with its lines and agreement', async () => {
    ok(
      await api.put(
        base,
        {
          name: 'Lifecycle Safeguarding Adults Board',
          invoicing: {
            issuerName: 'Luton Borough Council',
            issuerAddress: 'Town Hall, George Street, Luton, LU1 2BQ',
            vatNumber: 'GB 999 9999 73',
            bank: { accountName: 'Luton Borough Council', sortCode: '40-00-00', accountNumber: '12345678' },
            remittanceEmail: 'remittances@luton.example',
            contact: { name: 'Board business unit', email: 'board@luton.example', phone: '01582 546000' },
            paymentTermsDays: 30,
            invoiceHost: true,
          },
        },
        ADMIN,
      ),
      'board',
    );
    for (const [partnerId, name] of PARTNERS) {
      ok(
        await api.put(
          `${base}/partners/${partnerId}`,
          {
            name,
            kind: 'statutory',
            billing: { address: '1 High Street, Luton, LU1 1AA', contact: 'Accounts payable', email: `ap@${partnerId}.example` },
          },
          ADMIN,
        ),
        `partner ${partnerId}`,
      );
    }
    ok(await api.put(y1, { budgetSet: '200000.00' }, OFFICER), 'year');
    for (const [category, amount] of [
      ['staffing', '180000.00'],
      ['sar', '0.00'],
      ['training', '8000.00'],
      ['other', '12000.00'],
    ] as const) {
      ok(await api.put(`${y1}/budget-lines/${category}`, { name: category, amount }, OFFICER), `line ${category}`);
    }
    const agreement = ok(
      await api.put(
        `${y1}/agreement`,
        {
          basis: 'full-cost-recovery',
          host: 'council',
          partners: [
            { partnerId: 'icb', baseline: '80000.00', share: '0.4' },
            { partnerId: 'police', baseline: '20000.00', share: '0.1' },
            { partnerId: 'council', baseline: '100000.00', share: '0.5' },
          ],
          pools: [{ categories: ['sar'], charge: 'in-full', split: 'equal' }],
          variance: { overspend: 'share', underspend: 'carry-forward' },
          baselineShortfall: 'host',
        },
        OFFICER,
      ),
      'agreement',
    );
    expect(agreement.body.warnings ?? []).toEqual([]);
  });

  it('opens: the three baseline invoices go out, numbered in the INV series, due by the board terms', async () => {
    const opened = ok(await api.post(`${y1}/open`, undefined, OFFICER), 'open');
    expect(opened.body.invoices.map((i: { total: string }) => i.total)).toEqual(['80000.00', '20000.00', '100000.00']);
    const icb = ok(await api.get(`${base}/invoices/${opened.body.invoices[0].invoiceId}`, OFFICER), 'invoice');
    expect(icb.body).toMatchObject({ number: 'INV-000001', status: 'issued', balance: '80000.00' });
    expect(icb.body.dueDate > icb.body.issueDate).toBe(true);
  });

  it('posts, corrects and controls: a reversal, a duplicate reference, a virement, a matched commitment, a grant', async () => {
    const post = (body: Record<string, string>) =>
      api.post(`${y1}/expenditure`, { supplier: 'Supplier', description: 'Spend', ...body }, OFFICER);
    for (const [date, category, amount, reference] of [
      ['2024-06-30', 'staffing', '90000.00', 'PAY-Q1Q2'],
      ['2024-12-31', 'staffing', '88000.00', 'PAY-Q3Q4'],
      ['2024-09-15', 'training', '6500.00', 'TRN-1'],
      ['2024-10-01', 'sar', '3000.00', 'SAR-1'],
      ['2025-01-10', 'other', '7000.00', 'OTH-1'],
    ] as const) {
      ok(await post({ date, category, amount, reference }), `post ${reference}`);
    }
    // A mistake, corrected by reversal; the same supplier reference twice is refused unless asked for.
    const wrong = ok(await post({ date: '2025-01-11', category: 'other', amount: '999.00', reference: 'OTH-WRONG' }), 'wrong');
    ok(await api.post(`${y1}/expenditure/${wrong.body.entryId}/reversal`, { reason: 'posted to the wrong board' }, OFFICER), 'reversal');
    const twice = await post({ date: '2025-01-12', category: 'other', amount: '10.00', reference: 'OTH-1' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ENTRY.DUPLICATE_REFERENCE');
    // A future date is refused.
    expect((await post({ date: '2999-01-01', category: 'other', amount: '1.00' })).status).toBe(422);
    // Budget moves by virement, never by editing an open year's line.
    const line = ok(await api.get(`${y1}/budget-lines/other`, OFFICER), 'line');
    const edit = await api.put(`${y1}/budget-lines/other`, { name: 'other', amount: '11000.00' }, OFFICER, {
      'if-match': line.headers.get('etag') ?? '',
    });
    expect(edit.status).toBe(409);
    ok(
      await api.post(`${y1}/virements`, { from: 'other', to: 'training', amount: '1000.00', reason: 'more courses' }, OFFICER),
      'virement',
    );
    const bva = ok(await api.get(`${y1}/budget-vs-actual`, OFFICER), 'budget vs actual');
    expect(bva.body.rows.find((r: { category: string }) => r.category === 'training')).toMatchObject({
      original: '8000.00',
      budget: '9000.00',
    });
    // A commitment matched to the entry that paid it leaves the forecast.
    const commitment = ok(
      await api.post(
        `${y1}/commitments`,
        { category: 'training', description: 'Course', amount: '500.00', dueDate: '2025-03-01' },
        OFFICER,
      ),
      'commitment',
    );
    const paid = ok(await post({ date: '2025-02-01', category: 'training', amount: '500.00', reference: 'TRN-2' }), 'paid entry');
    ok(
      await api.post(`${y1}/commitments/${commitment.body.commitmentId}/release`, { entryId: paid.body.entryId, reason: 'paid' }, OFFICER),
      'release',
    );
    // A grant: cash income netted from the outturn before the variance is split.
    ok(
      await api.post(
        `${y1}/other-income`,
        { date: '2024-11-01', source: 'Home Office', kind: 'grant', amount: '2000.00', description: 'Training grant' },
        OFFICER,
      ),
      'grant',
    );
  });

  it('closes only the figures both people saw: an entry after the request makes the approval 412, then the close seals', async () => {
    const asked = ok(await api.post(`${y1}/close`, undefined, OFFICER), 'close request', [202]);
    ok(
      await api.post(
        `${y1}/expenditure`,
        { date: '2025-03-20', category: 'other', amount: '75.00', supplier: 'S', description: 'Late' },
        OFFICER,
      ),
      'late',
    );
    const refused = await api.post(`${y1}/close/approve`, undefined, CHAIR, { 'if-match': asked.headers.get('etag') ?? '' });
    expect(refused.status).toBe(412);
    expect(refused.body.figures.outturn).not.toBe(asked.body.outturn);
    const again = ok(await api.post(`${y1}/close`, undefined, OFFICER), 'close request again', [202]);
    const closed = ok(await api.post(`${y1}/close/approve`, undefined, CHAIR, { 'if-match': again.headers.get('etag') ?? '' }), 'approve');

    // Outturn 178,000 + 7,000 (training 6,500 + 500) + 3,000 + 7,075 = 195,075.00; the SAR pool of
    // 3,000 in thirds; a grant of 2,000 netted; underspend 200,000 - (195,075 - 3,000 - 2,000) = 9,925 carried forward.
    expect(closed.body).toMatchObject({ outturn: '195075.00', carryForward: '9925.00' });
    expect(closed.body.partners.map((p: { additional: string }) => p.additional)).toEqual(['1000.00', '1000.00', '1000.00']);
    const c = closed.body;
    // baselines + additional + drawn + cash income = outturn + carried forward
    expect(sum([c.baselines, c.additional, c.drawnFromReserve ?? '0.00', c.cashIncome ?? '0.00']).toString()).toBe(
      sum([c.outturn, c.carryForward]).toString(),
    );
    await assertBooksAgree(y1);
  });

  it('settles: payments, credit notes with replacements raised by hand, credit allocated and refunded; every figure agrees', async () => {
    const invoices = await api.all(`${base}/invoices`, OFFICER);
    const of = (partnerId: string, kind: string) =>
      invoices.find((i: { partnerId: string; kind: string }) => i.partnerId === partnerId && i.kind === kind) as {
        invoiceId: string;
        number: string;
        issueDate: string;
      };
    const pay = async (invoiceId: string, date: string, amount: string) =>
      ok(await api.post(`${base}/invoices/${invoiceId}/payments`, { date, amount }, OFFICER), `pay ${invoiceId}`);
    // The ICB and the council pay in full; the police pays half its baseline.
    await pay(of('icb', 'baseline').invoiceId, of('icb', 'baseline').issueDate, '80000.00');
    await pay(of('icb', 'additional').invoiceId, of('icb', 'additional').issueDate, '1000.00');
    await pay(of('council', 'baseline').invoiceId, of('council', 'baseline').issueDate, '100000.00');
    await pay(of('police', 'baseline').invoiceId, of('police', 'baseline').issueDate, '10000.00');
    const replace = async (partnerId: string, replaced: { invoiceId: string; number: string }) =>
      ok(
        await api.post(
          `${y1}/invoices`,
          {
            partnerId,
            lines: [
              { description: `Year-end contribution 2024/25, replacing ${replaced.number}`, amount: '1000.00', vat: 'outside-scope' },
            ],
            replaces: replaced.invoiceId,
          },
          OFFICER,
        ),
        `replacement for ${partnerId}`,
      );

    // The council's year-end invoice went to the wrong contact: credited in full, raised again, paid.
    const councilYearEnd = of('council', 'additional');
    const councilCn = ok(
      await api.post(`${base}/invoices/${councilYearEnd.invoiceId}/credit-notes`, { reason: 'sent to the wrong contact' }, OFFICER),
      'credit',
    );
    expect(councilCn.body.number).toMatch(/^CN-\d{6}$/);
    expect(councilCn.body.total).toBe('-1000.00');
    const councilNew = await replace('council', councilYearEnd);
    await pay(councilNew.body.invoiceId, councilNew.body.issueDate, '1000.00');

    // The ICB had paid its year-end invoice when it was credited: the credit is held on account,
    // 600.00 of it is set against the replacement, the other 400.00 is refunded, and the ICB pays 400.00.
    const icbYearEnd = of('icb', 'additional');
    const icbCn = ok(
      await api.post(`${base}/invoices/${icbYearEnd.invoiceId}/credit-notes`, { reason: 'wrong purchase order' }, OFFICER),
      'icb credit',
    );
    const icbNew = await replace('icb', icbYearEnd);
    ok(
      await api.post(
        `${base}/invoices/${icbNew.body.invoiceId}/allocations`,
        { creditNoteId: icbCn.body.invoiceId, amount: '600.00' },
        OFFICER,
      ),
      'allocate',
    );
    const overAllocated = await api.post(
      `${base}/invoices/${icbNew.body.invoiceId}/allocations`,
      { creditNoteId: icbCn.body.invoiceId, amount: '500.00' },
      OFFICER,
    );
    expect(overAllocated.status).toBe(422);
    ok(
      await api.post(
        `${base}/invoices/${icbCn.body.invoiceId}/refunds`,
        { amount: '400.00', date: icbCn.body.issueDate, reference: 'BACS-REFUND-1' },
        OFFICER,
      ),
      'refund',
    );
    await pay(icbNew.body.invoiceId, icbNew.body.issueDate, '400.00');
    await assertBooksAgree(y1);

    // The police owes the other half of its baseline and its year-end contribution.
    const statement = ok(await api.get(`${base}/partners/police/statement?from=2024-04-01`, partnerAs('police')), 'statement');
    expect(statement.body.closingBalance).toBe('11000.00');
    expect((await api.get(`${base}/partners/icb/statement`, partnerAs('police'))).status).toBe(404);
    const pdf = await fetch(`${api.url}${base}/partners/police/statement?from=2024-04-01`, {
      headers: { accept: 'application/pdf', authorization: `Bearer ${await api.token(partnerAs('police'))}` },
    });
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('Heddlu Gogledd Cymru');
    expect(text).toContain('£11,000.00');
    // Income (Figure 5) follows the documents: net of credit notes, with the replacements.
    const income = ok(await api.get(`${y1}/income`, OFFICER), 'income');
    const total = (p: string) => income.body.rows.find((r: { partnerId: string }) => r.partnerId === p)?.total;
    expect([total('icb'), total('police'), total('council')]).toEqual(['81000.00', '21000.00', '101000.00']);
  });

  it('rolls into the next year with an uplift, draws the reserve the underspend built, and opens it', async () => {
    const reserve = ok(await api.get(`${base}/reserve`, OFFICER), 'reserve');
    expect(reserve.body.years.find((y: { yearId: string }) => y.yearId === '2024-25')).toMatchObject({
      carriedIn: '9925.00',
      closing: '9925.00',
    });
    const rolled = ok(await api.post(`${y2}/roll-forward`, { from: '2024-25', uplift: '0.025' }, OFFICER), 'roll forward');
    expect(rolled.body.year.budgetSet).toBe('205000.00');
    const current = ok(await api.get(`${y2}/agreement`, OFFICER), 'agreement 2025-26');
    const { yearId: _y, frozen: _f, createdAt: _c, createdBy: _b, updatedAt: _u, updatedBy: _ub, warnings: _w, ...wire } = current.body;
    const drawn = ok(
      await api.put(`${y2}/agreement`, { ...wire, fundedFromReserve: '5000.00' }, OFFICER, {
        'if-match': current.headers.get('etag') ?? '',
      }),
      'draw',
    );
    expect(drawn.body.fundedFromReserve).toBe('5000.00');
    const tooMuch = await api.put(`${y2}/agreement`, { ...wire, fundedFromReserve: '9925.01' }, OFFICER, {
      'if-match': drawn.headers.get('etag') ?? '',
    });
    expect(tooMuch.status).toBe(422);
    const opened = ok(await api.post(`${y2}/open`, undefined, OFFICER), 'open 2025-26');
    expect(opened.body.invoices.map((i: { total: string }) => i.total)).toEqual(['82000.00', '20500.00', '102500.00']);
    await assertBooksAgree(y2);
  });

  it('sends every document it issued to the partners, once, with its PDF', async () => {
    await runtime.mail.sendPass();
    const mail = ok(await api.request('GET', '/dev/mail', { as: null }), 'dev mail');
    const subjects = mail.body.items.map((m: { subject: string }) => m.subject);
    expect(subjects.filter((s: string) => /INV-000001\b/.test(s))).toHaveLength(1);
    expect(
      mail.body.items.every((m: { attachments: { contentType: string }[] }) =>
        m.attachments.some((a) => a.contentType === 'application/pdf'),
      ),
    ).toBe(true);
  });
});
