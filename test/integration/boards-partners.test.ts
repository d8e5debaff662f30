import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Api, BOARD, FINANCE, partner, startApi } from '../helpers/api.ts';

let api: Api;
let stop: () => Promise<void>;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  stop = started.runtime.stop;
});
afterAll(() => stop());

const billing = { address: '1 High St, Luton', contact: 'Accounts', email: 'ap@example.org', poNumber: 'PO-1' };

describe('boards and partners', () => {
  it('an admin creates a board (201), then updates it (200) with a new ETag', async () => {
    const created = await api.put('/v1/boards/luton-sab', { name: 'Luton SAB' }, ADMIN);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ boardId: 'luton-sab', name: 'Luton SAB', createdBy: 'admin@test' });
    expect(created.headers.get('etag')).toBe('"1"');
    const updated = await api.put('/v1/boards/luton-sab', { name: 'Luton Safeguarding Adults Board' }, ADMIN, { 'if-match': '"1"' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    const stale = await api.put('/v1/boards/luton-sab', { name: 'Stale' }, ADMIN, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await api.get('/v1/boards/luton-sab', BOARD)).body.name).toBe('Luton Safeguarding Adults Board');
  });

  it('only an admin may create a board, and only its own', async () => {
    expect((await api.put('/v1/boards/luton-sab', { name: 'x' }, FINANCE)).status).toBe(403);
    const foreign = await api.put('/v1/boards/other-board', { name: 'x' }, ADMIN);
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
  });

  it('finance records partners with billing details; a partner reads only itself', async () => {
    for (const id of ['blmk-icb', 'beds-police', 'luton-council']) {
      const r = await api.put(`/v1/boards/luton-sab/partners/${id}`, { name: id.toUpperCase(), kind: 'statutory', billing }, FINANCE);
      expect(r.status).toBe(201);
    }
    const own = await api.get('/v1/boards/luton-sab/partners/beds-police', partner('beds-police'));
    expect(own.status).toBe(200);
    expect(own.body.billing).toEqual(billing);
    const other = await api.get('/v1/boards/luton-sab/partners/blmk-icb', partner('beds-police'));
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('BLMK');
    expect((await api.get('/v1/boards/luton-sab/partners', partner('beds-police'))).status).toBe(403);
    expect((await api.get('/v1/boards/luton-sab/partners/nope', FINANCE)).status).toBe(404);
  });

  it('pages partners with an opaque cursor', async () => {
    const first = await api.get('/v1/boards/luton-sab/partners?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { partnerId: string }) => p.partnerId)).toEqual(['beds-police', 'blmk-icb']);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await api.get(`/v1/boards/luton-sab/partners?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((p: { partnerId: string }) => p.partnerId)).toEqual(['luton-council']);
    expect((await api.get('/v1/boards/luton-sab/partners?cursor=garbage!')).status).toBe(400);
    expect((await api.get('/v1/boards/luton-sab/partners?limit=0')).status).toBe(400);
    expect((await api.get('/v1/boards/luton-sab/partners?limit=201')).status).toBe(400);
    expect((await api.get('/v1/boards/luton-sab/partners?sort=name')).status).toBe(400);
  });

  it('refuses bad partner input with problem details and writes nothing', async () => {
    const bad = await api.put(
      '/v1/boards/luton-sab/partners/new-partner',
      { name: 'X', kind: 'charity', billing: { ...billing, email: 'nope' } },
      FINANCE,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body/billing/email', 'body/kind']);
    expect((await api.get('/v1/boards/luton-sab/partners/new-partner')).status).toBe(404);
    const badId = await api.put('/v1/boards/luton-sab/partners/New_Partner', { name: 'X', kind: 'other', billing }, FINANCE);
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].path).toBe('path.partnerId');
  });

  it('a partner cannot be created on a board that does not exist', async () => {
    const r = await api.put(
      '/v1/boards/ghost-board/partners/p',
      { name: 'X', kind: 'other', billing },
      { roles: ['finance'], boardId: 'ghost-board' },
    );
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('BOARD.NOT_FOUND');
  });
});

describe('the board role and partners', () => {
  it("reads partners' names for its page, never their billing details (issue 11, defect 17)", async () => {
    const made = await api.put(
      '/v1/boards/luton-sab/partners/named-partner',
      { name: 'Heddlu Gogledd Cymru', kind: 'statutory', billing },
      ADMIN,
    );
    expect(made.status).toBe(201);
    const list = await api.get('/v1/boards/luton-sab/partners', { roles: ['board'] });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { name: string }) => p.name)).toContain('Heddlu Gogledd Cymru');
    expect(list.text).not.toContain('billing');
    const one = await api.get('/v1/boards/luton-sab/partners/named-partner', { roles: ['board'] });
    expect(one.status).toBe(200);
    expect(one.body.billing).toBeUndefined();
    const csv = await api.get('/v1/boards/luton-sab/partners', { roles: ['board'] }, { accept: 'text/csv' });
    expect(csv.text.split('\n')[0]).not.toMatch(/address|email/i);
    // Finance still reads the billing details.
    expect((await api.get('/v1/boards/luton-sab/partners/named-partner')).body.billing.email).toBe('ap@example.org');
  });
});

describe("a board's invoicing details (DESIGN 10.2)", () => {
  const invoicing = {
    issuerName: 'Luton Borough Council',
    issuerAddress: 'Town Hall, George Street, Luton LU1 2BQ',
    vatNumber: 'GB 123 4567 89',
    bank: { accountName: 'Luton Borough Council', sortCode: '20 00 00', accountNumber: '1234 5678' },
    remittanceEmail: 'remittances@luton.example',
    contact: { name: 'Safeguarding Board Business Unit', email: 'lsab@luton.example', phone: '01582 546000' },
    paymentTermsDays: 30,
    invoiceHost: false,
  };

  it('are saved normalised (sort code, account and VAT numbers) and read back by finance and the board', async () => {
    const made = await api.put(
      '/v1/boards/invoicing-board',
      { name: 'Invoicing board', invoicing },
      { roles: ['admin'], boardId: 'invoicing-board' },
    );
    expect(made.status).toBe(201);
    expect(made.body.invoicing).toMatchObject({
      vatNumber: 'GB123456789',
      bank: { sortCode: '20-00-00', accountNumber: '12345678' },
      paymentTermsDays: 30,
      invoiceHost: false,
    });
  });

  const BAD_ADMIN = { roles: ['admin'], boardId: 'invoicing-bad' };

  it('refuses a malformed sort code, account number, VAT number, email or payment terms, naming the field, writing nothing', async () => {
    const bad = async (patch: Record<string, unknown>, path: string) => {
      const r = await api.put('/v1/boards/invoicing-bad', { name: 'Bad', invoicing: { ...invoicing, ...patch } }, BAD_ADMIN);
      expect(r.status, path).toBe(400);
      expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad({ bank: { ...invoicing.bank, sortCode: '20-00' } }, 'body/invoicing/bank/sortCode');
    await bad({ bank: { ...invoicing.bank, accountNumber: '1234567' } }, 'body/invoicing/bank/accountNumber');
    await bad({ vatNumber: 'GB12345' }, 'body/invoicing/vatNumber');
    await bad({ remittanceEmail: 'not an email' }, 'body/invoicing/remittanceEmail');
    await bad({ paymentTermsDays: 400 }, 'body/invoicing/paymentTermsDays');
    await bad({ paymentTermsDays: '30' }, 'body/invoicing/paymentTermsDays');
    expect((await api.get('/v1/boards/invoicing-bad', BAD_ADMIN)).status).toBe(404);
  });
});
