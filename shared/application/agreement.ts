import { type AgreementWarning, type AgreementWire, agreementWarnings, assertValidAgreement, parseAgreement } from '../domain/agreement.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { BudgetLine, Year } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { assertYearAllows } from '../domain/year-lifecycle.ts';
import type { Ctx } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps, StoredAgreement } from './ports.ts';
import { assertDrawAvailable } from './reserve.ts';
import { upsertVersioned } from './versioning.ts';
import { getYear } from './years.ts';

export interface AgreementBody {
  basis: AgreementWire['basis'];
  host: string;
  rounding?: AgreementWire['rounding'] | undefined;
  partners: { partnerId: string; baseline: string; share: string; additionalCap?: string | undefined }[];
  pools?: AgreementWire['pools'] | undefined;
  variance?: AgreementWire['variance'] | undefined;
  baselineShortfall?: AgreementWire['baselineShortfall'] | undefined;
  fundedFromReserve?: string | undefined;
}

/** Fills the optional parts with their defaults: penny rounding, no pools, overspend by share, refunds by share, shortfall to the host. */
export function withDefaults(body: AgreementBody): AgreementWire {
  return {
    basis: body.basis,
    host: body.host,
    rounding: body.rounding ?? 'penny',
    partners: body.partners.map((p) => ({
      partnerId: p.partnerId,
      baseline: p.baseline,
      share: p.share,
      ...(p.additionalCap !== undefined ? { additionalCap: p.additionalCap } : {}),
    })),
    pools: body.pools ?? [],
    variance: body.variance ?? { overspend: 'share', underspend: 'refund-share' },
    baselineShortfall: body.baselineShortfall ?? 'host',
    ...(body.fundedFromReserve !== undefined ? { fundedFromReserve: body.fundedFromReserve } : {}),
  };
}

async function allPartnerIds(deps: Pick<Deps, 'partners'>, boardId: string): Promise<Set<string>> {
  return new Set((await everyPage((page) => deps.partners.listPartners(boardId, page))).map((p) => p.partnerId));
}

/** The agreement may change in this year's phase (frozen once closing; not while a close awaits approval). */
function assertAgreementMayChange(year: Year): void {
  if (year.source !== 'history' && (year.status === 'closing' || year.status === 'closed')) {
    throw new ConflictError('AGREEMENT.FROZEN', `${year.yearId} is ${year.status}; its agreement is frozen`);
  }
  assertYearAllows(year, 'agreement');
}

/**
 * Sets the year's funding agreement. Validated against the board's partners and the
 * year's budget lines; frozen once the year closes, and while a close awaits approval; and
 * once the year is open its baselines are fixed, because the baseline invoices went out with them.
 */
export async function putAgreement(
  deps: Pick<Deps, 'agreements' | 'lines' | 'partners' | 'snapshots' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  body: AgreementBody,
  ifMatch?: string,
) {
  const year = await getYear(deps, boardId, yearId);
  assertAgreementMayChange(year);
  const wire = withDefaults(body);
  const agreement = parseAgreement(wire);
  const [partnerIds, lines] = await Promise.all([allPartnerIds(deps, boardId), allLines(deps, boardId, yearId)]);
  assertValidAgreement(agreement, { partnerIds, categories: new Set(lines.map((l) => l.category)) });
  await assertDrawAvailable(deps, boardId, yearId, agreement.fundedFromReserve ?? Money.zero, 'body/fundedFromReserve');
  const saved = await upsertVersioned<StoredAgreement>({
    what: 'agreement',
    ifMatch,
    load: () => deps.agreements.getAgreement(boardId, yearId),
    create: async () => {
      assertAgreementMayChange(await getYear(deps, boardId, yearId));
      return deps.agreements.createAgreement(ctx.meta, boardId, yearId, wire);
    },
    update: async (current) => {
      // The year is read after the agreement: with the close's fence on the agreement, a change
      // that read the year before a close was asked cannot land after the close sealed.
      const now = await getYear(deps, boardId, yearId);
      assertAgreementMayChange(now);
      if (now.status !== 'draft') assertBaselinesUnchanged(current.agreement, wire);
      return deps.agreements.updateAgreement(ctx.meta, current, wire);
    },
  });
  return { ...saved, warnings: warningsOf(saved.value, lines) };
}

const allLines = (deps: Pick<Deps, 'lines'>, boardId: string, yearId: string): Promise<BudgetLine[]> =>
  everyPage((page) => deps.lines.listLines(boardId, yearId, page));

/** What the agreement says that is probably a mistake given the year's budget lines (never refused). */
function warningsOf(stored: StoredAgreement, lines: readonly BudgetLine[]): AgreementWarning[] {
  return agreementWarnings(parseAgreement(stored.agreement, 'body'), new Map(lines.map((l) => [l.category, l.amount])));
}

function assertBaselinesUnchanged(before: AgreementWire, after: AgreementWire): void {
  const key = (w: AgreementWire) =>
    w.partners
      .map((p) => `${p.partnerId}=${p.baseline}`)
      .sort()
      .join(',');
  if (key(before) !== key(after)) {
    throw new ConflictError(
      'AGREEMENT.BASELINES_INVOICED',
      'the year is open and its baseline invoices are issued; the partners and baselines can no longer change',
    );
  }
}

export async function getAgreement(deps: Pick<Deps, 'agreements' | 'years'>, boardId: string, yearId: string): Promise<StoredAgreement> {
  await getYear(deps, boardId, yearId);
  const a = await deps.agreements.getAgreement(boardId, yearId);
  if (!a) throw new NotFoundError('AGREEMENT.NOT_FOUND', `${yearId} has no funding agreement yet`);
  return a;
}

/** The agreement with the warnings its answer carries (an in-full pool over a budgeted category). */
export async function getAgreementWithWarnings(
  deps: Pick<Deps, 'agreements' | 'lines' | 'years'>,
  boardId: string,
  yearId: string,
): Promise<{ agreement: StoredAgreement; warnings: AgreementWarning[] }> {
  const [agreement, lines] = await Promise.all([getAgreement(deps, boardId, yearId), allLines(deps, boardId, yearId)]);
  return { agreement, warnings: warningsOf(agreement, lines) };
}
