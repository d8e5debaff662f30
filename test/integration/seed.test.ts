import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { seed } from '../../infra/local/seed.ts';
import { Money } from '../../shared/domain/money.ts';
import { createDeps } from '../../shared/infrastructure/composition.ts';
import { type Api, BOARD, startApi } from '../helpers/api.ts';

let api: Api;
let runtime: Runtime;

beforeAll(async () => {
  const started = await startApi();
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());

const total = (items: { amount: string }[]) => Money.sum(items.map((i) => Money.parse(i.amount))).toString();

describe('the Luton seed', () => {
  it('has the board, its three statutory partners and the report categories', async () => {
    const partners = await api.all('/v1/boards/luton-sab/partners', { roles: ['admin'] });
    expect(partners.map((p) => p.partnerId)).toEqual(['beds-police', 'blmk-icb', 'luton-council']);
    const lines = await api.all('/v1/boards/luton-sab/years/2024-25/budget-lines', BOARD);
    expect(lines.map((l) => l.category).sort()).toEqual([
      'business-support',
      'communications',
      'independent-chair',
      'other',
      'sar',
      'staffing',
      'training',
    ]);
    expect(total(lines)).toBe('203500.00');
  });

  it('records 2022-23 and 2023-24 as published (Figure 6)', async () => {
    const y22 = await api.get('/v1/boards/luton-sab/years/2022-23/history', BOARD);
    expect(y22.body).toMatchObject({ budgetSet: '182424.00', outturn: '257918.00' });
    expect(y22.body.contributions).toContainEqual({ partnerId: 'blmk-icb', baseline: '72984.00', additional: '21812.00' });
    const y23 = await api.get('/v1/boards/luton-sab/years/2023-24/history', BOARD);
    expect(y23.body.contributions).toContainEqual({ partnerId: 'luton-council', baseline: '98950.00', additional: '27624.00' });
  });

  it('keeps 2024-25 as a ledger whose outturn is the reference 279,900.00, SARs 12,000.00, staffing 218,300.00', async () => {
    const entries = await api.all('/v1/boards/luton-sab/years/2024-25/expenditure', BOARD);
    expect(total(entries)).toBe('279900.00');
    expect(total(entries.filter((e) => e.category === 'sar'))).toBe('12000.00');
    expect(total(entries.filter((e) => e.category === 'staffing'))).toBe('218300.00');
    expect(total(entries.filter((e) => e.category === 'training'))).toBe('3000.00');
  });

  it('has 2025-26 open on its committal budget of 282,800.00 with part-year entries and commitments', async () => {
    const y = await api.get('/v1/boards/luton-sab/years/2025-26', BOARD);
    expect(y.body).toMatchObject({ status: 'open', budgetSet: '282800.00' });
    const entries = await api.all('/v1/boards/luton-sab/years/2025-26/expenditure', BOARD);
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.every((e) => e.date >= '2025-04-01' && e.date <= '2025-09-30')).toBe(true);
    expect((await api.all('/v1/boards/luton-sab/years/2025-26/commitments', BOARD)).length).toBe(2);
  });

  it('has realistic receivables: 2024-25 paid in full, the ICB half way through its 2025-26 baseline and overdue', async () => {
    const F = { roles: ['finance'] };
    const invoices = await api.all('/v1/boards/luton-sab/invoices', F);
    expect(invoices.map((i) => [i.number, i.invoiceId, i.issueDate, i.status, i.outstanding])).toEqual([
      ['INV-000001', '2024-25-baseline-blmk-icb', '2024-04-01', 'paid', '0.00'],
      ['INV-000002', '2024-25-baseline-beds-police', '2024-04-01', 'paid', '0.00'],
      ['INV-000003', '2024-25-baseline-luton-council', '2024-04-01', 'paid', '0.00'],
      ['INV-000004', '2025-26-baseline-blmk-icb', '2025-04-01', 'issued', '56675.00'],
      ['INV-000005', '2025-26-baseline-beds-police', '2025-04-01', 'paid', '0.00'],
      ['INV-000006', '2025-26-baseline-luton-council', '2025-04-01', 'paid', '0.00'],
      ['INV-000007', '2024-25-year-end-blmk-icb', '2025-05-30', 'paid', '0.00'],
      ['INV-000008', '2024-25-year-end-beds-police', '2025-05-30', 'paid', '0.00'],
      ['INV-000009', '2024-25-year-end-luton-council', '2025-05-30', 'paid', '0.00'],
    ]);
    expect(invoices.every((i) => i.issuer?.name === 'Luton Borough Council')).toBe(true);
    const y24 = await api.get('/v1/boards/luton-sab/partners/blmk-icb/statement?from=2024-04-01&to=2025-03-31', F);
    expect(y24.body).toMatchObject({ openingBalance: '0.00', closingBalance: '0.00' });
    const y25 = await api.get('/v1/boards/luton-sab/partners/blmk-icb/statement?from=2025-04-01&to=2026-03-31', F);
    expect(y25.body.lines.map((l: { document: string; balance: string }) => [l.document, l.balance])).toEqual([
      ['INV-000004', '113350.00'],
      ['INV-000004', '56675.00'],
      ['INV-000007', '86435.00'],
      ['INV-000007', '56675.00'],
    ]);
    const aged = await api.get('/v1/boards/luton-sab/aged-debt?asOf=2026-03-31', F);
    expect(aged.body.totals).toMatchObject({ '90+': '56675.00', total: '56675.00' });
  });

  it('shows budget control in 2025-26: a virement, a released commitment and a matched one', async () => {
    const virements = await api.all('/v1/boards/luton-sab/years/2025-26/virements', BOARD);
    expect(virements.map((v) => [v.virementId, v.from, v.to, v.amount])).toEqual([['V0001', 'other', 'communications', '500.00']]);
    const lines = await api.all('/v1/boards/luton-sab/years/2025-26/budget-lines', BOARD);
    const other = lines.find((l) => l.category === 'other');
    expect(other).toMatchObject({ original: '3000.00', virements: '-500.00', amount: '2500.00' });
    expect(total(lines)).toBe('282800.00');
    const commitments = await api.all('/v1/boards/luton-sab/years/2025-26/commitments', BOARD);
    const training = commitments.find((c) => c.category === 'training');
    const entries = await api.all('/v1/boards/luton-sab/years/2025-26/expenditure', BOARD);
    const deposit = entries.find((e) => e.description.startsWith('Spring training programme'));
    expect(training).toMatchObject({ amount: '2500.00', released: '1000.00', remaining: '1500.00' });
    expect(training.releases[0]).toMatchObject({ entryId: deposit.entryId, amount: '1000.00', date: '2025-09-26' });
    expect(commitments.find((c) => c.category === 'sar')).toMatchObject({ amount: '4000.00', remaining: '3000.00' });
  });

  it('is idempotent: seeding again adds nothing', async () => {
    const before = (await api.all('/v1/boards/luton-sab/years/2024-25/expenditure', BOARD)).length;
    const invoices = JSON.stringify(await api.all('/v1/boards/luton-sab/invoices', { roles: ['finance'] }));
    await seed(createDeps(runtime.store));
    await seed(createDeps(runtime.store));
    expect((await api.all('/v1/boards/luton-sab/years/2024-25/expenditure', BOARD)).length).toBe(before);
    expect(JSON.stringify(await api.all('/v1/boards/luton-sab/invoices', { roles: ['finance'] }))).toBe(invoices);
    expect((await api.all('/v1/boards/luton-sab/years/2025-26/virements', BOARD)).length).toBe(1);
    const releases = (await api.all('/v1/boards/luton-sab/years/2025-26/commitments', BOARD)).flatMap((c) => c.releases);
    expect(releases).toHaveLength(2);
    expect((await api.get('/v1/boards/luton-sab/partners/blmk-icb', { roles: ['admin'] })).headers.get('etag')).toBe('"1"');
  });
});
