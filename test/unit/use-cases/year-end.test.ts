/**
 * The year end's rules over in-memory ports: two people close a year, the close seals the
 * ledger (numbers reserved but never used are voided), prices it once and issues the year-end
 * invoices, and closing again changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { YEAR_2024_25 } from '../../../infra/local/seed-data.ts';
import { postEntry } from '../../../shared/application/ledger.ts';
import { approveClose, previewRecharge, requestClose } from '../../../shared/application/year-end.ts';
import { BOARD, ctxAs, referenceBoard, YEAR } from './setup.ts';

async function referenceLedger() {
  const deps = await referenceBoard();
  for (const e of YEAR_2024_25.entries) await postEntry(deps, ctxAs('clerk'), BOARD, YEAR, e);
  return deps;
}

describe('closing a year', () => {
  it('takes two people: the requester cannot approve, and nothing is sealed until somebody else does', async () => {
    // Prepare
    const deps = await referenceLedger();

    // Act
    const asked = await requestClose(deps, ctxAs('officer'), BOARD, YEAR);
    const self = approveClose(deps, ctxAs('officer'), BOARD, YEAR);

    // Assess
    expect('pending' in asked && asked.pending.closeRequest.by).toBe('officer');
    await expect(self).rejects.toMatchObject({ status: 403, code: 'CLOSE.SELF_APPROVAL' });
    expect((await deps.years.getYear(BOARD, YEAR))?.status).toBe('open');
    expect(await deps.snapshots.getSnapshot(BOARD, YEAR)).toBeUndefined();
  });

  it('seals the reference year: the additional contributions of DESIGN section 2, invoiced once, unused numbers voided', async () => {
    // Prepare: a number reserved by a post that died before writing its entry
    const deps = await referenceLedger();
    await deps.years.reserveEntrySeq(ctxAs('clerk').meta, BOARD, YEAR);
    const asked = await requestClose(deps, ctxAs('officer'), BOARD, YEAR);
    const etag = 'pending' in asked ? asked.pending.etag : '';

    // Act: the approval names the figures the request showed
    const closed = await approveClose(deps, ctxAs('chair', ['board']), BOARD, YEAR, etag);
    const again = await approveClose(deps, ctxAs('chair', ['board']), BOARD, YEAR, etag);

    // Assess
    expect(closed.partners.map((p) => [p.partnerId, p.additional])).toEqual([
      ['blmk-icb', '29760.00'],
      ['beds-police', '10440.00'],
      ['luton-council', '36414.00'],
    ]);
    expect(closed.outturn).toBe('279900.00');
    expect(again.sealHash).toBe(closed.sealHash);
    const year = await deps.years.getYear(BOARD, YEAR);
    expect(year?.status).toBe('closed');
    const contents = await deps.ledger.readYear(BOARD, YEAR);
    expect(contents.voided).toEqual([YEAR_2024_25.entries.length + 1]);
    const invoices = [...deps.invoices.invoices.values()].filter((i) => i.kind === 'additional');
    expect(invoices.map((i) => i.total.toString()).sort()).toEqual(['10440.00', '29760.00', '36414.00']);
    expect((await previewRecharge(deps, ctxAs('chair', ['board']), BOARD, YEAR)).status).toBe('closed');
  });

  it('an approval naming figures that moved since the request seals nothing: 412 with the figures as they are', async () => {
    // Prepare: the request shows the ledger; an entry lands before the approval
    const deps = await referenceLedger();
    const asked = await requestClose(deps, ctxAs('officer'), BOARD, YEAR);
    const etag = 'pending' in asked ? asked.pending.etag : '';
    await postEntry(deps, ctxAs('clerk'), BOARD, YEAR, {
      ...(YEAR_2024_25.entries[0] as (typeof YEAR_2024_25.entries)[number]),
      amount: '75.00',
    });

    // Act
    const approval = approveClose(deps, ctxAs('chair', ['board']), BOARD, YEAR, etag);

    // Assess
    await expect(approval).rejects.toMatchObject({
      status: 412,
      code: 'CLOSE.FIGURES_CHANGED',
      extensions: { figures: { outturn: '279975.00' } },
    });
    expect((await deps.years.getYear(BOARD, YEAR))?.status).toBe('open');
    expect(await deps.snapshots.getSnapshot(BOARD, YEAR)).toBeUndefined();
  });

  it('refuses entries once the year has closed', async () => {
    const deps = await referenceLedger();
    const asked = await requestClose(deps, ctxAs('officer'), BOARD, YEAR);
    await approveClose(deps, ctxAs('chair', ['board']), BOARD, YEAR, 'pending' in asked ? asked.pending.etag : '');
    await expect(postEntry(deps, ctxAs('clerk'), BOARD, YEAR, YEAR_2024_25.entries[0] as never)).rejects.toMatchObject({ status: 409 });
  });
});
