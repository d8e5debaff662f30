/**
 * A board that does not invoice its host (DESIGN 10.2 `invoiceHost: false`): the host's share is
 * recorded, in the figures and every report, but no document is addressed to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;
const boardId = 'host-board';
const F = { roles: ['finance', 'admin'], boardId };
const base = `/v1/boards/${boardId}`;
const year = `${base}/years/2024-25`;
const invoicing = {
  issuerName: 'Luton Borough Council',
  issuerAddress: 'Town Hall, George Street, Luton, LU1 2BQ',
  bank: { accountName: 'Luton Borough Council', sortCode: '40-00-00', accountNumber: '12345678' },
  remittanceEmail: 'remittances@luton.example',
  contact: { name: 'Business unit', email: 'lsab@luton.example', phone: '01582 546000' },
  paymentTermsDays: 30,
  invoiceHost: false,
};

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
  await freshBoard(api, boardId, { open: false });
  const board = await api.get(base, F);
  const saved = await api.put(base, { name: 'Host board', invoicing }, F, { 'if-match': board.headers.get('etag') ?? '' });
  if (saved.status !== 200) throw new Error(saved.text);
});
afterAll(() => stop());

describe('a host the board does not invoice', () => {
  it('gets no baseline invoice when the year opens; the other partners do', async () => {
    const opened = await api.post(`${year}/open`, undefined, F);
    expect(opened.status).toBe(200);
    expect(opened.body.year.hostInvoiced).toBe(false);
    expect(opened.body.invoices.map((i: { partnerId: string }) => i.partnerId).sort()).toEqual(['beds-police', 'blmk-icb']);
  });

  it('gets no year-end invoice either, yet its share is in the income, the contributions and a reconciled year', async () => {
    // Prepare: the reference year's outturn of 279,900.00 (12,000.00 of SARs)
    for (const [category, amount] of [
      ['staffing', '218300.00'],
      ['sar', '12000.00'],
      ['other', '49600.00'],
    ] as const) {
      const r = await api.post(`${year}/expenditure`, { date: '2024-12-01', category, amount, supplier: 'S', description: 'D' }, F);
      expect(r.status).toBe(201);
    }
    const asked = await api.post(`${year}/close`, undefined, F);
    expect(asked.status).toBe(202);

    // Act
    const closed = await api.post(
      `${year}/close/approve`,
      undefined,
      { roles: ['board'], boardId, sub: 'chair' },
      {
        'if-match': asked.headers.get('etag') ?? '',
      },
    );

    // Assess
    expect(closed.status).toBe(200);
    expect(closed.body.invoices.map((i: { partnerId: string }) => i.partnerId).sort()).toEqual(['beds-police', 'blmk-icb']);
    expect((await api.get(`${base}/invoices?partnerId=luton-council`, F)).body.items).toEqual([]);
    const income = await api.get(`${year}/income`, F);
    expect(income.body.rows.find((r: { partnerId: string }) => r.partnerId === 'luton-council')).toMatchObject({
      baseline: '101591.00',
      additional: '36414.00',
      total: '138005.00',
    });
    expect(income.body.totals.total).toBe('279900.00');
    const recon = await api.get(`${year}/reconciliation`, F);
    expect(recon.body.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
    const debt = await api.get(`${base}/aged-debt`, F);
    expect(debt.body.partners.find((p: { partnerId: string }) => p.partnerId === 'luton-council')?.total ?? '0.00').toBe('0.00');
  });
});
