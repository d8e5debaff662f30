/**
 * A close that seals only what was approved (DESIGN 10.4; issue 15, issue 11 defects 1 and 3):
 * the request answers the figures and their ETag, the approval must name that ETag, a year
 * awaiting approval or closing refuses changes to its figures, and totals the service cannot
 * invoice are refused before the close starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import type { Ctx } from '../../shared/application/context.ts';
import { postEntry } from '../../shared/application/ledger.ts';
import { ConditionFailed } from '../../shared/domain/errors.ts';
import { Money } from '../../shared/domain/money.ts';
import { createDeps } from '../../shared/infrastructure/composition.ts';
import { type Answer, type Api, freshBoard, startApi } from '../helpers/api.ts';

let api: Api;
let runtime: Runtime;

beforeAll(async () => {
  const started = await startApi({ seed: false });
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());

const F = (boardId: string) => ({ roles: ['finance'], boardId });
const ctxOf = (boardId: string, sub: string): Ctx => {
  const now = new Date();
  return {
    actor: { sub, roles: new Set(['finance']), boardId },
    now,
    meta: { actor: sub, requestId: `r-${sub}-${now.getTime()}`, at: now.toISOString() },
  };
};
const APPROVER = (boardId: string) => ({ sub: 'chair@test', roles: ['board'], boardId });
const yearPath = (boardId: string) => `/v1/boards/${boardId}/years/2024-25`;
const entry = (amount: string, extra: Record<string, string> = {}) => ({
  date: '2024-10-01',
  category: 'staffing',
  amount,
  supplier: 'Payroll',
  description: 'Salaries',
  ...extra,
});

describe('issue 11, defect 1: totals beyond request limits', () => {
  it('two valid entries of 600,000,000.00 close and approve: the figures are exact and the year is closed', async () => {
    const b = 'huge-board';
    await freshBoard(api, b);
    for (const amount of ['600000000.00', '600000000.00'])
      expect((await api.post(`${yearPath(b)}/expenditure`, entry(amount), F(b))).status).toBe(201);
    const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body.outturn).toBe('1200000000.00');
    const approved = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), {
      'if-match': asked.headers.get('etag') ?? '',
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.partners.map((p: { additional: string }) => p.additional)).toEqual([
      '479918600.00',
      '119979650.00',
      '599898464.00',
    ]);
    const year = await api.get(yearPath(b), F(b));
    expect(year.body.status).toBe('closed');
    const invoices = await api.all(`/v1/boards/${b}/invoices?yearId=2024-25`, F(b));
    expect(Money.sum(invoices.map((i) => Money.parse(i.total))).toString()).toBe('1200000000.00');
  });
});

describe('issue 11, defect 1: a year whose recharge cannot be invoiced', () => {
  const COMMITTAL = {
    basis: 'committal',
    host: 'luton-council',
    partners: [
      { partnerId: 'blmk-icb', baseline: '81305.00', share: '0.4' },
      { partnerId: 'beds-police', baseline: '20390.00', share: '0.1' },
      { partnerId: 'luton-council', baseline: '101591.00', share: '0.5' },
    ],
    variance: { overspend: 'host', underspend: 'host' },
  };

  it('is refused before the close starts, with a 422 naming the partner and the amount; the year stays open and usable', async () => {
    const b = 'too-big-board';
    await freshBoard(api, b, { open: false });
    const agreed = await api.get(`${yearPath(b)}/agreement`, F(b));
    expect((await api.put(`${yearPath(b)}/agreement`, COMMITTAL, F(b), { 'if-match': agreed.headers.get('etag') ?? '' })).status).toBe(200);
    expect((await api.post(`${yearPath(b)}/open`, undefined, F(b))).status).toBe(200);
    const posted = [];
    for (const amount of ['600000000.00', '600000000.00']) posted.push(await api.post(`${yearPath(b)}/expenditure`, entry(amount), F(b)));
    expect(posted.map((p) => p.status)).toEqual([201, 201]);

    const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    expect(asked.status, asked.text).toBe(422);
    expect(asked.body.code).toBe('CLOSE.INVOICE_TOO_LARGE');
    expect(asked.body.detail).toContain('luton-council');
    expect(asked.body.detail).toContain('1,199,796,714.00');
    expect(asked.body.detail).toContain('999,999,999.99');
    const year = await api.get(yearPath(b), F(b));
    expect(year.body.status).toBe('open');
    expect(year.body.closeRequest).toBeUndefined();

    // Usable: the mistake is corrected by a reversal, and the year then closes.
    const reversed = await api.post(`${yearPath(b)}/expenditure/${posted[1]?.body.entryId}/reversal`, { reason: 'keyed twice' }, F(b));
    expect(reversed.status).toBe(201);
    const again = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    expect(again.status, again.text).toBe(202);
    const approved = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), {
      'if-match': again.headers.get('etag') ?? '',
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.partners.find((p: { partnerId: string }) => p.partnerId === 'luton-council').additional).toBe('599796714.00');
  });
});

describe('issue 11, defect 1: computed totals in reports', () => {
  it('SAR costs above the request limit are reported exactly, not as a 500', async () => {
    const b = 'huge-sar-board';
    await freshBoard(api, b);
    expect((await api.put(`/v1/boards/${b}/sars/adult-z`, { title: 'Adult Z', kind: 'sar', status: 'in-progress' }, F(b))).status).toBe(
      201,
    );
    for (const amount of ['600000000.00', '600000000.00'])
      expect((await api.post(`${yearPath(b)}/expenditure`, entry(amount, { category: 'sar', sarId: 'adult-z' }), F(b))).status).toBe(201);
    const costs = await api.get(`/v1/boards/${b}/sar-costs`, F(b));
    expect(costs.status, costs.text).toBe(200);
    expect(costs.body.total).toBe('1200000000.00');
  });
});

describe('issue 15 and issue 11, defect 3: the approval names the figures it seals', () => {
  it('an entry posted between the request and the approval: 412 with the new figures; nothing sealed until both people saw the same figures', async () => {
    const b = 'bound-board';
    await freshBoard(api, b);
    expect((await api.post(`${yearPath(b)}/expenditure`, entry('242774.08'), F(b))).status).toBe(201);
    const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    expect(asked.status).toBe(202);
    expect(asked.body.outturn).toBe('242774.08');
    const etag = asked.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(asked.body.closeRequest.etag).toBe(etag);

    expect((await api.post(`${yearPath(b)}/expenditure`, entry('75.00'), F(b))).status).toBe(201); // allowed while awaiting approval

    const missing = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b));
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('PRECONDITION.REQUIRED');
    const wildcard = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), { 'if-match': '*' });
    expect(wildcard.status).toBe(412);
    const stale = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('CLOSE.FIGURES_CHANGED');
    expect(stale.body.figures.outturn).toBe('242849.08');
    expect(stale.body.etag).not.toBe(etag);
    expect(stale.body.detail).toContain('242,849.08');
    expect((await api.get(yearPath(b), F(b))).body.status).toBe('open');
    expect((await api.get(`${yearPath(b)}/recharge`, F(b))).body.status).toBe('preview');

    // The new figures' ETag alone is not enough: the requester has not seen them yet.
    const unseen = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), { 'if-match': stale.body.etag });
    expect(unseen.status).toBe(412);
    expect(unseen.body.code).toBe('CLOSE.REQUEST_OUTDATED');

    const askedAgain = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    expect(askedAgain.status).toBe(202);
    expect(askedAgain.body.outturn).toBe('242849.08');
    expect(askedAgain.headers.get('etag')).toBe(stale.body.etag);
    const approved = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), {
      'if-match': askedAgain.headers.get('etag') ?? '',
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.outturn).toBe('242849.08');
    // A retry with the same ETag answers the sealed figures; another ETag is refused.
    const retry = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), {
      'if-match': askedAgain.headers.get('etag') ?? '',
    });
    expect(retry.status).toBe(200);
    expect(retry.body.sealHash).toBe(approved.body.sealHash);
    expect((await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), { 'if-match': etag })).status).toBe(412);
  });

  it('a year awaiting approval refuses changes to its budget set, lines and agreement, and keeps taking entries', async () => {
    const b = 'frozen-board';
    await freshBoard(api, b);
    const [yearRead, lineRead, agreementRead] = await Promise.all([
      api.get(yearPath(b), F(b)),
      api.get(`${yearPath(b)}/budget-lines/training`, F(b)),
      api.get(`${yearPath(b)}/agreement`, F(b)),
    ]);
    expect((await api.post(`${yearPath(b)}/close`, undefined, F(b))).status).toBe(202);
    const budget = await api.put(yearPath(b), { budgetSet: '1.00' }, F(b), { 'if-match': yearRead.headers.get('etag') ?? '' });
    expect(budget.status).toBe(409);
    expect(budget.body.code).toBe('YEAR.AWAITING_APPROVAL');
    const line = await api.put(`${yearPath(b)}/budget-lines/training`, { name: 'Training and development', amount: '4500.00' }, F(b), {
      'if-match': lineRead.headers.get('etag') ?? '',
    });
    expect(line.status).toBe(409);
    expect(line.body.code).toBe('YEAR.AWAITING_APPROVAL');
    const newLine = await api.put(`${yearPath(b)}/budget-lines/printing`, { name: 'Printing', amount: '0.00' }, F(b));
    expect(newLine.body.code).toBe('YEAR.AWAITING_APPROVAL');
    const { basis, host, rounding, partners, pools, variance, baselineShortfall } = agreementRead.body;
    const agreement = { basis, host, rounding, partners, pools, variance, baselineShortfall };
    const agreed = await api.put(`${yearPath(b)}/agreement`, agreement, F(b), { 'if-match': agreementRead.headers.get('etag') ?? '' });
    expect(agreed.status).toBe(409);
    expect(agreed.body.code).toBe('YEAR.AWAITING_APPROVAL');
    const virement = await api.post(`${yearPath(b)}/virements`, { from: 'staffing', to: 'training', amount: '10.00', reason: 'x' }, F(b));
    expect(virement.status).toBe(409);
    expect(virement.body.code).toBe('YEAR.AWAITING_APPROVAL');
    expect((await api.post(`${yearPath(b)}/expenditure`, entry('10.00'), F(b))).status).toBe(201);
    expect((await api.get(yearPath(b), F(b))).body.budgetSet).toBe('203500.00');

    // Withdrawn, the request no longer holds the figures: they change, and the close is asked again.
    const asked = await api.get(yearPath(b), F(b));
    expect((await api.post(`${yearPath(b)}/close/withdraw`, undefined, APPROVER(b))).status).toBe(403); // finance only
    const withdrawn = await api.post(`${yearPath(b)}/close/withdraw`, undefined, F(b));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.closeRequest).toBeUndefined();
    expect(
      (await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), { 'if-match': asked.body.closeRequest.etag })).body.code,
    ).toBe('CLOSE.NOT_REQUESTED');
    const changed = await api.put(yearPath(b), { budgetSet: '203600.00' }, F(b), { 'if-match': withdrawn.headers.get('etag') ?? '' });
    expect(changed.status, changed.text).toBe(200);
    const again = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    expect(again.status).toBe(202);
    expect(again.body.budgetSet).toBe('203600.00');
  });

  it('after a crash mid-approval the closing year refuses budget-set and line changes, and the retried approval seals the approved figures', async () => {
    const b = 'crash-board';
    await freshBoard(api, b);
    expect((await api.post(`${yearPath(b)}/expenditure`, entry('1000.00'), F(b))).status).toBe(201);
    const [yearRead, lineRead] = await Promise.all([api.get(yearPath(b), F(b)), api.get(`${yearPath(b)}/budget-lines/training`, F(b))]);
    const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    const etag = asked.headers.get('etag') ?? '';
    const { failWrite } = await import('../helpers/faults.ts');
    const fault = failWrite(runtime.store, 1, 'after'); // the approval's first write lands, then the request dies
    const crashed = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), { 'if-match': etag });
    fault.stop();
    expect(fault.fired()).toBe(true);
    expect(crashed.status).toBe(500);

    const budget = await api.put(yearPath(b), { budgetSet: '999.00' }, F(b), { 'if-match': yearRead.headers.get('etag') ?? '' });
    expect(budget.status).toBe(409);
    expect(['YEAR.CLOSING', 'YEAR.AWAITING_APPROVAL']).toContain(budget.body.code);
    const line = await api.put(`${yearPath(b)}/budget-lines/training`, { name: 'Training', amount: '4500.00' }, F(b), {
      'if-match': lineRead.headers.get('etag') ?? '',
    });
    expect(line.status).toBe(409);
    const late = await api.post(`${yearPath(b)}/expenditure`, entry('5.00'), F(b));
    expect(late.status).toBe(409);

    const retried = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), { 'if-match': etag });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.budgetSet).toBe('203500.00');
    expect(retried.body.outturn).toBe(asked.body.outturn);
    expect(retried.body.partners).toEqual(asked.body.partners);
  });

  it('only the requester refreshes a request; somebody else asking gets 409; the requester cannot approve', async () => {
    const b = 'people-board';
    await freshBoard(api, b);
    const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    expect(asked.status).toBe(202);
    const other = await api.post(`${yearPath(b)}/close`, undefined, { sub: 'someone-else', roles: ['finance'], boardId: b });
    expect(other.body.code).toBe('CLOSE.AWAITING_APPROVAL');
    const self = await api.post(`${yearPath(b)}/close/approve`, undefined, F(b), { 'if-match': asked.headers.get('etag') ?? '' });
    expect(self.status).toBe(403);
  });
});

describe('issue 15: the approval binding holds under concurrency', () => {
  it('entries posted while approvals are attempted: an approval seals exactly the figures its If-Match names, or nothing', async () => {
    const b = 'race-approve-board';
    await freshBoard(api, b);
    const WRITERS = Number(process.env.APPROVAL_RACE_WRITERS ?? 6);
    const ROUNDS = Number(process.env.APPROVAL_RACE_ROUNDS ?? 12);
    const exp = `${yearPath(b)}/expenditure`;
    const posts: { status: number; entryId?: string; amount: string }[] = [];
    let writing = true;
    // Writers post in bursts, so that some approvals find the figures unchanged and stop the
    // ledger while entries are in flight, and others find them moved.
    const pause = (ms = 40) => new Promise((r) => setTimeout(r, Math.random() * ms));
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const amount = `${w + 1}.${String(i % 100).padStart(2, '0')}`;
        const r = await api.post(exp, { ...entry(amount), category: 'other', description: `writer ${w} #${i}` }, F(b));
        expect([201, 409], r.text).toContain(r.status);
        posts.push({ status: r.status, entryId: r.body.entryId, amount });
        await pause(i % 4 === 3 ? 400 : 30);
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    const outcomes: Record<string, number> = {};
    let sealed: { body: Record<string, unknown>; asked: Record<string, unknown> } | undefined;
    const figures = (v: Record<string, unknown>) => ({
      outturn: v.outturn,
      budgetSet: v.budgetSet,
      entries: v.entries,
      partners: (v.partners as { partnerId: string; additional: string }[]).map((p) => `${p.partnerId}:${p.additional}`),
    });
    for (let round = 0; round < ROUNDS && !sealed; round++) {
      const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
      if (asked.status !== 202) {
        outcomes[`request ${asked.status}`] = (outcomes[`request ${asked.status}`] ?? 0) + 1;
        continue; // a close refused as it ran (412): ask again
      }
      const etag = asked.headers.get('etag') ?? '';
      // Three approvers at once, straight after the request, all naming the request's figures, while the writers keep posting.
      const approvals = await Promise.all(
        ['chair', 'vice-chair', 'manager'].map((who) =>
          api.post(`${yearPath(b)}/close/approve`, undefined, { sub: `${who}@test`, roles: ['board'], boardId: b }, { 'if-match': etag }),
        ),
      );
      for (const a of approvals) {
        const kind =
          a.status === 412 && String(a.body.detail).includes('while the close was approved')
            ? '412 after stopping the ledger'
            : String(a.status);
        outcomes[kind] = (outcomes[kind] ?? 0) + 1;
        expect([200, 409, 412], a.text).toContain(a.status);
        if (a.status === 200) {
          // The one thing that must never happen: sealing other figures than the ones named.
          expect(figures(a.body)).toEqual(figures(asked.body));
          sealed = { body: a.body, asked: asked.body };
        } else if (a.status === 412) {
          expect(a.body.etag).not.toBe(etag);
          expect(a.body.figures.outturn).toBeDefined();
        }
      }
    }
    writing = false;
    await Promise.all(writers);
    if (!sealed) {
      // The writers never paused long enough: once they stop, the close goes through.
      const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
      const approved = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), {
        'if-match': asked.headers.get('etag') ?? '',
      });
      expect(approved.status, approved.text).toBe(200);
      expect(figures(approved.body)).toEqual(figures(asked.body));
      sealed = { body: approved.body, asked: asked.body };
    }
    // The ledger is exactly the accepted entries, and the sealed outturn is theirs.
    const ledger = await api.all(exp, F(b));
    const accepted = posts.filter((p) => p.status === 201);
    expect(new Set(ledger.map((e) => e.entryId))).toEqual(new Set(accepted.map((p) => p.entryId)));
    expect(sealed.body.entries).toBe(ledger.length);
    expect(sealed.body.outturn).toBe(Money.sum(ledger.map((e) => Money.parse(e.amount))).toString());
    expect((await api.get(yearPath(b), F(b))).body.status).toBe('closed');
    console.log(
      `approval race: ${WRITERS} writers, ${posts.length} posts (${accepted.length} accepted, ${posts.length - accepted.length} refused), approvals ${JSON.stringify(outcomes)}`,
    );
  }, 120_000);
});

describe('issue 15: the fences of a close, one interleaving at a time', () => {
  const postDirect = (deps: ReturnType<typeof createDeps>, b: string, who: string) =>
    postEntry(deps, ctxOf(b, who), b, '2024-25', { ...entry('75.00'), description: 'slipped in' });

  it("an entry landing between the approval's check and its stop: nothing is sealed, 412, the year is open again", async () => {
    const b = 'fence-entry-board';
    await freshBoard(api, b);
    const deps = createDeps(runtime.store);
    const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    let injected = false;
    const stop = runtime.store.observe({
      beforeWrite: async (op) => {
        if (injected || op.kind !== 'update' || !op.update.includes('closingEtag')) return;
        injected = true; // just before the stop: the approval has checked the figures already
        await postDirect(deps, b, 'late@test');
      },
    });
    const approved = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), {
      'if-match': asked.headers.get('etag') ?? '',
    });
    stop();
    expect(injected).toBe(true);
    expect(approved.status, approved.text).toBe(412);
    expect(approved.body.code).toBe('CLOSE.FIGURES_CHANGED');
    expect(approved.body.figures.outturn).toBe('75.00');
    const year = await api.get(yearPath(b), F(b));
    expect(year.body.status).toBe('open');
    expect(year.body.closeRequest.approvedBy).toBeUndefined();
    expect((await api.get(`${yearPath(b)}/recharge`, F(b))).body.status).toBe('preview');
    // Asked again, the close seals the entry with the rest.
    const again = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    const closed = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), { 'if-match': again.headers.get('etag') ?? '' });
    expect(closed.status).toBe(200);
    expect(closed.body.outturn).toBe('75.00');
  });

  it('a second approver still sealing a refused attempt seals nothing: the year stays open, no snapshot, 409', async () => {
    const b = 'fence-stale-board';
    await freshBoard(api, b);
    const deps = createDeps(runtime.store);
    const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    const etag = asked.headers.get('etag') ?? '';
    const CHAIR = { sub: 'chair@test', roles: ['board'], boardId: b };
    const VICE = { sub: 'vice@test', roles: ['board'], boardId: b };
    // The interleaving: the chair checks the figures, an entry lands, the chair stops the ledger;
    // the vice-chair then approves the same figures and starts sealing that attempt; only then
    // does the chair find the figures moved and reopen the year; then the vice-chair goes on.
    let vice: Promise<Answer> | undefined;
    let viceSealing: () => void = () => {};
    const viceIsSealing = new Promise<void>((r) => {
      viceSealing = r;
    });
    let chairReopened: () => void = () => {};
    const reopened = new Promise<void>((r) => {
      chairReopened = r;
    });
    const stop = runtime.store.observe({
      beforeWrite: async (op, meta) => {
        if (op.kind !== 'update') return;
        if (meta.actor === 'chair@test' && op.update.startsWith('SET #status = :closing')) await postDirect(deps, b, 'late@test');
        if (meta.actor === 'chair@test' && op.update.startsWith('SET #status = :open')) await viceIsSealing;
        if (meta.actor === 'vice@test' && op.update.includes('sealedFor')) {
          viceSealing();
          await reopened;
        }
      },
      afterWrite: (op, meta) => {
        if (op.kind !== 'update') return;
        if (meta.actor === 'chair@test' && op.update.startsWith('SET #status = :closing') && !vice)
          vice = api.post(`${yearPath(b)}/close/approve`, undefined, VICE, { 'if-match': etag });
        if (meta.actor === 'chair@test' && op.update.startsWith('SET #status = :open')) chairReopened();
      },
    });
    const chair = await api.post(`${yearPath(b)}/close/approve`, undefined, CHAIR, { 'if-match': etag });
    const second = await (vice as Promise<Answer>);
    stop();
    expect(chair.status, chair.text).toBe(412);
    expect(second.status, second.text).toBe(409);
    expect(second.body.code).toBe('CLOSE.RESTARTED');
    expect(await deps.snapshots.getSnapshot(b, '2024-25')).toBeUndefined();
    expect((await api.get(yearPath(b), F(b))).body.status).toBe('open');
  });

  it('an entry whose number was taken before the stop, written after the seal, is refused; a line or a virement read before the stop cannot land after it', async () => {
    const b = 'fence-late-board';
    await freshBoard(api, b);
    const deps = createDeps(runtime.store);
    const meta = ctxOf(b, 'late@test').meta;
    const staleLine = await deps.lines.getLine(b, '2024-25', 'training');
    const staleVirements = await deps.virements.getVirements(b, '2024-25');
    const asked = await api.post(`${yearPath(b)}/close`, undefined, F(b));
    let seq = 0;
    const late: string[] = [];
    const stop = runtime.store.observe({
      beforeWrite: async (op) => {
        if (op.kind === 'update' && op.update.includes('closingEtag') && seq === 0)
          seq = await deps.years.reserveEntrySeq(meta, b, '2024-25');
        if (op.kind === 'put' && String(op.item.sk) === 'SNAPSHOT' && late.length === 0) {
          // Sealed: every late write fails its own condition.
          for (const attempt of [
            () =>
              deps.ledger.putEntry(meta, {
                boardId: b,
                yearId: '2024-25',
                seq,
                date: '2024-10-01',
                category: 'other',
                amount: Money.parse('1.00'),
                supplier: 's',
                description: 'late',
              }),
            () => deps.lines.updateLine(meta, staleLine as never, { name: 'Renamed late', amount: Money.parse('4500.00') }),
            () =>
              deps.virements.appendVirement(meta, b, '2024-25', staleVirements.version, {
                seq: 1,
                from: 'staffing',
                to: 'training',
                amount: Money.parse('1.00'),
                reason: 'late',
              }),
          ]) {
            try {
              await attempt();
              late.push('landed');
            } catch (err) {
              late.push(err instanceof ConditionFailed ? 'refused' : String(err));
            }
          }
        }
      },
    });
    const approved = await api.post(`${yearPath(b)}/close/approve`, undefined, APPROVER(b), {
      'if-match': asked.headers.get('etag') ?? '',
    });
    stop();
    expect(approved.status, approved.text).toBe(200);
    expect(late).toEqual(['refused', 'refused', 'refused']);
    expect(approved.body.entries).toBe(0);
    expect((await deps.lines.getLine(b, '2024-25', 'training'))?.name).toBe('training');
    expect((await deps.virements.getVirements(b, '2024-25')).items).toEqual([]);
  });
});
