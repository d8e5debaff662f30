/**
 * Seeds the local runtime through the same use cases the API runs. Idempotent and
 * resumable: records are created only when missing, and seeded entries carry a
 * deterministic reference so a restart after a crash posts only what is not there yet.
 */

import { putAgreement } from '../../shared/application/agreement.ts';
import { getBoard, putBoard, putPartner } from '../../shared/application/boards.ts';
import type { Ctx } from '../../shared/application/context.ts';
import { recordPayment } from '../../shared/application/invoices.ts';
import { postCommitment, postEntry, releaseCommitment } from '../../shared/application/ledger.ts';
import { postIncome } from '../../shared/application/other-income.ts';
import { everyPage } from '../../shared/application/pages.ts';
import type { Deps } from '../../shared/application/ports.ts';
import { putSar } from '../../shared/application/sars.ts';
import { postVirement } from '../../shared/application/virements.ts';
import { approveClose, openYear, requestClose } from '../../shared/application/year-end.ts';
import { putBudgetLine, putHistory, putYear } from '../../shared/application/years.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { isIssued, partnerOfInvoiceId } from '../../shared/domain/invoice.ts';
import { BOARD, CATEGORIES, HISTORY, PARTNERS, RECEIPTS, SARS, type SeedLedgerYear, YEAR_2024_25, YEAR_2025_26 } from './seed-data.ts';

/** The seed acting as someone, now or on a past day (documents and receipts are dated as they happened). */
export function seedContext(sub = 'seed', on?: string): Ctx {
  const now = on ? new Date(`${on}T10:00:00Z`) : new Date();
  return {
    actor: { sub, roles: new Set(['admin', 'finance', 'board']), boardId: BOARD.boardId },
    now,
    meta: { actor: sub, requestId: `seed-${sub}-${now.getTime()}`, at: now.toISOString() },
  };
}

/** Two people close a year: a finance officer asks, the board's chair approves the figures the request showed. */
async function closeThroughTwoPeople(deps: Deps, yearId: string, on?: string): Promise<void> {
  const asked = await requestClose(deps, seedContext('finance.officer@luton.example', on), BOARD.boardId, yearId);
  if ('pending' in asked) await approveClose(deps, seedContext('board.chair@luton.example', on), BOARD.boardId, yearId, asked.pending.etag);
}

async function exists<T>(read: () => Promise<T | undefined>): Promise<boolean> {
  try {
    return (await read()) !== undefined;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

async function seedLedgerYear(deps: Deps, ctx: Ctx, y: SeedLedgerYear): Promise<void> {
  const b = BOARD.boardId;
  let year = await deps.years.getYear(b, y.yearId);
  if (!year) {
    year = (
      await putYear(deps, ctx, b, y.yearId, {
        budgetSet: y.budgetSet,
        ...(y.publishedOutturn ? { publishedOutturn: y.publishedOutturn } : {}),
      })
    ).value;
  }
  if (year.status === 'closed') return;
  if (year.status === 'closing') {
    await closeThroughTwoPeople(deps, y.yearId, y.closedOn); // finish an interrupted close
    return;
  }
  for (const line of y.lines) {
    if (!(await deps.lines.getLine(b, y.yearId, line.category))) {
      await putBudgetLine(deps, ctx, b, y.yearId, line.category, {
        name: CATEGORIES[line.category] ?? line.category,
        amount: line.amount,
        ...(line.profile ? { profile: line.profile } : {}),
      });
    }
  }
  if (!(await deps.agreements.getAgreement(b, y.yearId))) await putAgreement(deps, ctx, b, y.yearId, y.agreement);
  // Opening issues the baseline invoices; calling it on an open year only makes sure they exist.
  await openYear(deps, seedContext(ctx.meta.actor, y.openedOn), b, y.yearId);
  const have = new Set((await everyPage((page) => deps.ledger.listEntries(b, y.yearId, page))).map((e) => e.reference));
  for (const [i, e] of y.entries.entries()) {
    const reference = `SEED-${y.yearId}-${String(i + 1).padStart(3, '0')}`;
    if (!have.has(reference)) await postEntry(deps, ctx, b, y.yearId, { ...e, reference });
  }
  const known = new Set((await everyPage((page) => deps.commitments.listCommitments(b, y.yearId, page))).map((c) => c.description));
  for (const c of y.commitments) if (!known.has(c.description)) await postCommitment(deps, ctx, b, y.yearId, c);
  const received = new Set((await everyPage((page) => deps.otherIncome.listIncome(b, y.yearId, page))).map((i) => i.description));
  for (const i of y.income ?? []) if (!received.has(i.description)) await postIncome(deps, ctx, b, y.yearId, i);
  // Budget control: the virements (made once), and the releases and matches of the commitments.
  if ((await deps.virements.getVirements(b, y.yearId)).items.length === 0) {
    for (const v of y.virements ?? []) await postVirement(deps, ctx, b, y.yearId, v);
  }
  const commitments = await everyPage((page) => deps.commitments.listCommitments(b, y.yearId, page));
  const entries = await everyPage((page) => deps.ledger.listEntries(b, y.yearId, page));
  for (const r of y.releases ?? []) {
    const c = commitments.find((x) => x.description === r.commitment);
    if (!c || c.releases.some((x) => x.reason === r.reason)) continue;
    const paidBy = r.paidBy ? entries.find((e) => e.description === r.paidBy)?.entryId : undefined;
    await releaseCommitment(deps, ctx, b, y.yearId, c.commitmentId, {
      amount: r.amount,
      reason: r.reason,
      ...(paidBy ? { entryId: paidBy } : {}),
    });
  }
}

/**
 * Records what the partners paid, each receipt once (known by its reference), on its own day.
 * A receipt dated before its invoice (data seeded by an earlier version, whose documents are
 * dated the day they were seeded) is left out.
 */
async function seedReceipts(deps: Deps): Promise<void> {
  const b = BOARD.boardId;
  for (const r of RECEIPTS) {
    const inv = await deps.invoices.get(b, partnerOfInvoiceId(r.invoiceId) ?? '', r.invoiceId);
    if (!inv || !isIssued(inv) || r.date < inv.issueDate || inv.payments.some((p) => p.reference === r.reference)) continue;
    await recordPayment(deps, seedContext('finance.officer@luton.example', r.date), b, r.invoiceId, r);
  }
}

export async function seed(deps: Deps, ctx: Ctx = seedContext()): Promise<void> {
  const b = BOARD.boardId;
  if (!(await exists(() => getBoard(deps, b)))) await putBoard(deps, ctx, b, { name: BOARD.name, invoicing: BOARD.invoicing });
  for (const p of PARTNERS) {
    if (!(await deps.partners.getPartner(b, p.partnerId))) await putPartner(deps, ctx, b, p.partnerId, p);
  }
  for (const s of SARS) {
    if (!(await deps.sars.getSar(b, s.sarId))) await putSar(deps, ctx, b, s.sarId, s);
  }
  for (const h of HISTORY) {
    if (!(await deps.years.getYear(b, h.yearId))) await putHistory(deps, ctx, b, h.yearId, h);
  }
  await seedLedgerYear(deps, ctx, YEAR_2024_25);
  await seedLedgerYear(deps, ctx, YEAR_2025_26);
  // 2024-25 closes after 2025-26 opened (its accounts are agreed in May), so the invoice
  // numbers follow the documents' dates: 2024-25's baselines, 2025-26's, then 2024-25's year end.
  for (const y of [YEAR_2024_25, YEAR_2025_26]) {
    const year = await deps.years.getYear(b, y.yearId);
    if (y.close && year?.status === 'open') await closeThroughTwoPeople(deps, y.yearId, y.closedOn);
  }
  await seedReceipts(deps);
}
