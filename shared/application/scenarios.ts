/**
 * `POST /v1/boards/{boardId}/scenarios` (DESIGN 10.3): prices named agreements on chosen years
 * beside what partners actually paid. Reads only: nothing is written (the route is a POST for its
 * body). See domain/scenarios.ts for what each kind of year is priced on.
 */
import { type AgreementWire, assertValidAgreement, parseAgreement } from '../domain/agreement.ts';
import { computeRecharge } from '../domain/engine.ts';
import { UnprocessableError } from '../domain/errors.ts';
import type { Invoice } from '../domain/invoice.ts';
import type { Year } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { type Figures, priceScenarioYear, type ScenarioBaselines, type ScenarioYear, type ScenarioYearBasis } from '../domain/scenarios.ts';
import { type AgreementBody, withDefaults } from './agreement.ts';
import { requireBoard } from './boards.ts';
import { type Ctx, todayOf } from './context.ts';
import { everyPage } from './pages.ts';
import type { Deps, YearContents } from './ports.ts';
import { incomeOf } from './pricing.ts';
import { boardDocuments, defaultAsOf, forecastOf, yearContributions } from './reports.ts';
import { spendByCategory } from './year-end.ts';

export interface ScenariosInput {
  agreements: { name: string; agreement: AgreementBody }[];
  years: string[];
  baselines?: ScenarioBaselines | undefined;
}

/** The category a history year's published outturn is priced under: no pool can name it (not a slug). */
const PUBLISHED = '(published outturn)';

const money = (text: string | undefined) => (text === undefined ? Money.zero : Money.fromStored(text));

function noSpend(i: number, yearId: string, why: string): UnprocessableError {
  const message = `${yearId} ${why}: there is no spend to price a scenario on`;
  return new UnprocessableError('SCENARIO.NO_SPEND', message, [{ path: `body/years/${i}`, message }]);
}

/** What a year is priced on, and what was actually paid in it. */
async function basisOf(
  deps: Pick<Deps, 'agreements' | 'history' | 'ledger' | 'snapshots'>,
  ctx: Ctx,
  year: Year,
  i: number,
  names: ReadonlyMap<string, string>,
  docs: readonly Invoice[],
): Promise<ScenarioYearBasis> {
  const { boardId, yearId } = year;
  if (year.source === 'history') {
    const h = await deps.history.getHistory(boardId, yearId);
    if (!h || h.outturn.isZero()) throw noSpend(i, yearId, 'has no published outturn');
    return {
      yearId,
      status: 'history',
      spendBasis: 'published-outturn',
      note: `the published outturn ${h.outturn.toDisplay()} as one sum: the published figures have no breakdown by category, so pools see no spend and the whole outturn is in the variance; no other income is known`,
      budgetSet: h.budgetSet,
      budgets: new Map(),
      spend: new Map([[PUBLISHED, h.outturn]]),
      income: { cash: Money.zero, inKind: Money.zero },
      baselines: new Map(h.contributions.map((c) => [c.partnerId, c.baseline])),
      drawn: Money.zero,
      actual: new Map(h.contributions.map((c) => [c.partnerId, { baseline: c.baseline, additional: c.additional }])),
      actualBasis: 'published',
    };
  }
  if (year.status === 'draft') throw noSpend(i, yearId, 'is a draft');
  const contents = await deps.ledger.readYear(boardId, yearId, year.committedImports ?? new Set<string>());
  if (contents.entries.length === 0) throw noSpend(i, yearId, 'has no expenditure recorded');
  const wire = contents.agreement?.agreement;
  const baselines = new Map((wire?.partners ?? []).map((p) => [p.partnerId, Money.fromStored(p.baseline)]));
  const income = incomeOf(contents);
  const { budgets, spend } = spendByCategory(contents);

  if (year.status === 'closed' || year.status === 'closing') {
    const snap = contents.snapshot;
    // What partners actually paid is what Figure 6 says they were invoiced for the year, net of
    // credit notes: the one balance every report derives from (DESIGN 10.1).
    const paid = await yearContributions(deps, year, docs);
    const actual = new Map<string, Figures>(paid.partners.map((p) => [p.partnerId, { baseline: p.baseline, additional: p.additional }]));
    return {
      yearId,
      status: 'closed',
      spendBasis: 'ledger',
      note: `the ledger's actual spend by category (outturn ${Money.sum(spend.values()).toDisplay()}), with the year's budget lines and other income`,
      budgetSet: year.budgetSet,
      budgets,
      spend,
      income,
      baselines,
      drawn: money(snap?.drawnFromReserve ?? wire?.fundedFromReserve),
      actual,
      actualBasis: 'closed',
    };
  }

  // The open year: the forecast's projected outturn, as GET .../forecast prices it by default.
  const projected = projectedSpend(year, contents, ctx);
  let actual = new Map<string, Figures>([...baselines].map(([id, baseline]) => [id, { baseline, additional: Money.zero }]));
  if (wire) {
    const own = computeRecharge({
      agreement: parseAgreement(wire, 'agreement'),
      budgetSet: year.budgetSet,
      budgets,
      spend: projected.spend,
      income,
      names,
    });
    actual = new Map(own.partners.map((p) => [p.partnerId, { baseline: p.baseline, additional: p.additional }]));
  }
  return {
    yearId,
    status: 'open',
    spendBasis: 'forecast',
    note: `the forecast's projected outturn by category as of ${projected.asOf} (${Money.sum(projected.spend.values()).toDisplay()}); "actual" is what the year's own agreement projects`,
    budgetSet: year.budgetSet,
    budgets,
    spend: projected.spend,
    income,
    baselines,
    drawn: money(wire?.fundedFromReserve),
    actual,
    actualBasis: 'projected',
  };
}

/** The forecast's projected spend by category, as of the forecast's own default date (GET .../forecast). */
function projectedSpend(year: Year, contents: YearContents, ctx: Ctx): { asOf: string; spend: Map<string, Money> } {
  const f = forecastOf(year.yearId, contents, defaultAsOf(year, contents, todayOf(ctx)));
  return { asOf: f.asOf, spend: new Map(f.categories.map((c) => [c.category, c.projected])) };
}

const figures = (f: Figures & { total: Money }) => ({
  baseline: f.baseline.toString(),
  additional: f.additional.toString(),
  total: f.total.toString(),
});

function yearView(y: ScenarioYear, names: ReadonlyMap<string, string>) {
  return {
    yearId: y.basis.yearId,
    status: y.basis.status,
    spend: { basis: y.basis.spendBasis, outturn: y.outturn.toString(), note: y.basis.note },
    actualBasis: y.basis.actualBasis,
    budgetSet: y.basis.budgetSet.toString(),
    partners: y.partners.map((p) => ({
      partnerId: p.partnerId,
      name: names.get(p.partnerId) ?? p.partnerId,
      baseline: p.baseline.toString(),
      additional: p.additional.toString(),
      total: p.total.toString(),
      actual: figures(p.actual),
      difference: p.difference.toString(),
    })),
    totals: { scenario: figures(y.totals.scenario), actual: figures(y.totals.actual) },
    carryForward: y.carryForward.toString(),
  };
}

export async function priceScenarios(
  deps: Pick<Deps, 'agreements' | 'boards' | 'history' | 'invoices' | 'ledger' | 'partners' | 'snapshots' | 'years'>,
  ctx: Ctx,
  boardId: string,
  input: ScenariosInput,
) {
  await requireBoard(deps, boardId);
  const mode: ScenarioBaselines = input.baselines ?? 'year';
  const problems: { path: string; message: string }[] = [];
  input.years.forEach((y, i) => {
    if (input.years.indexOf(y) !== i) problems.push({ path: `body/years/${i}`, message: `${y} is listed twice` });
  });
  input.agreements.forEach((a, i) => {
    if (input.agreements.findIndex((b) => b.name === a.name) !== i)
      problems.push({ path: `body/agreements/${i}/name`, message: `the name ${a.name} is used twice` });
  });
  if (problems.length > 0) throw new UnprocessableError('SCENARIO.INVALID', problems[0]?.message ?? 'invalid scenario', problems);

  const [partners, years] = await Promise.all([
    everyPage((page) => deps.partners.listPartners(boardId, page)),
    Promise.all(input.years.map((y) => deps.years.getYear(boardId, y))),
  ]);
  const missing = input.years.flatMap((y, i) => (years[i] ? [] : [{ path: `body/years/${i}`, message: `${y} does not exist` }]));
  if (missing.length > 0) throw new UnprocessableError('SCENARIO.UNKNOWN_YEAR', missing[0]?.message ?? 'unknown year', missing);
  const names = new Map(partners.map((p) => [p.partnerId, p.name]));
  // The documents are read only when a closed year is asked for (what its partners paid).
  const closing = (years as Year[]).some((y) => y.source !== 'history' && (y.status === 'closed' || y.status === 'closing'));
  const docs = closing ? await boardDocuments(deps, boardId) : [];
  const bases: ScenarioYearBasis[] = [];
  for (const [i, year] of (years as Year[]).entries()) bases.push(await basisOf(deps, ctx, year, i, names, docs));

  // Pools may name any category some chosen ledger year knows.
  const known = new Set(bases.flatMap((b) => [...b.budgets.keys(), ...b.spend.keys()]).filter((c) => c !== PUBLISHED));
  const agreements = input.agreements.map((a, i) => {
    const at = `body/agreements/${i}/agreement`;
    const parsed = parseAgreement(withDefaults(a.agreement) as AgreementWire, at);
    const categories = bases.some((b) => b.status !== 'history') ? known : new Set(parsed.pools.flatMap((p) => p.categories));
    assertValidAgreement(parsed, { partnerIds: new Set(names.keys()), categories, pathPrefix: at });
    return { name: a.name, agreement: parsed, at };
  });

  return {
    baselines: mode,
    scenarios: agreements.map((a) => ({
      name: a.name,
      years: bases.map((basis) => {
        try {
          return yearView(priceScenarioYear(a.agreement, basis, mode, names), names);
        } catch (err) {
          if (!(err instanceof UnprocessableError)) throw err;
          // The year's own baselines break the named agreement's rules (pennies under pound rounding).
          const message = `${a.name} cannot price ${basis.yearId} with that year's baselines: ${err.message}`;
          throw new UnprocessableError('SCENARIO.UNPRICEABLE', message, [{ path: `${a.at}/rounding`, message }]);
        }
      }),
    })),
  };
}
