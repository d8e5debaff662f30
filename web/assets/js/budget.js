/**
 * The budget panel: each line's original budget beside its revised one, the virements that
 * moved budget between lines (with their reasons), and budget against actual, as a chart with a
 * summary sentence and the same figures as tables (DESIGN 10.4).
 */
import { budgetChart } from './charts.js';
import { dataTable, el, replace } from './dom.js';
import { formatInstantDate, formatMoney, signOf, sum } from './format.js';

const signed = (amount) => (signOf(amount) > 0 ? `+${formatMoney(amount)}` : formatMoney(amount));

function varianceText(amount) {
  const s = signOf(amount);
  if (s === 0) return 'on budget';
  return `${formatMoney(amount.replace(/^-/, ''))} ${s > 0 ? 'over' : 'under'}`;
}

/**
 * Loads and draws the panel for a year. `view` gives the page's panel helpers; `stale()` says
 * whether a later load has superseded this one (its answers are then dropped).
 */
export async function showBudget({ api, yearPath, year, view, stale }) {
  const p = view.panel('panel-budget');
  const list = p.root.querySelector('[data-virements]');
  replace(list);
  if (year.source === 'history') {
    return view.panelMessage(p, `${year.yearId} is recorded from the published accounts, which give no budget lines here.`);
  }
  const [bva, virements] = await Promise.allSettled([api.get(`${yearPath}/budget-vs-actual`), api.get(`${yearPath}/virements?limit=200`)]);
  if (stale()) return;
  for (const r of [bva, virements]) if (r.status === 'rejected' && view.handleAuthFailure(r.reason)) return;
  if (bva.status === 'rejected') return view.panelMessage(p, view.unavailable('The budget', bva.reason));
  const report = bva.value;
  const moves = virements.status === 'fulfilled' ? virements.value.items : [];
  const names = new Map(report.rows.map((r) => [r.category, r.name]));
  const nameOf = (category) => names.get(category) ?? category;
  const t = report.totals;
  if (report.rows.length === 0) return view.panelMessage(p, `${year.yearId} has no budget lines yet.`);

  const moved = sum(moves.map((v) => v.amount));
  const summary =
    moves.length === 0
      ? `Original budget ${formatMoney(t.original)}; no budget has been moved between lines, so the revised budget is the same.`
      : `Original budget ${formatMoney(t.original)}; ${moves.length} ${moves.length === 1 ? 'virement' : 'virements'} moved ${formatMoney(moved)} between lines, so the revised budget of ${formatMoney(t.revised)} is divided differently.`;
  // The lines virements moved, original beside revised (every line when none moved: then they are equal).
  // A line moved out and back again was moved, though its net is nothing: virements name the lines.
  const named = new Set(moves.flatMap((v) => [v.from, v.to]));
  const charted = moves.length > 0 ? report.rows.filter((r) => named.has(r.category) || signOf(r.virements) !== 0) : report.rows;
  view.panelReady(
    p,
    summary,
    `Bar chart of the original and revised budget of ${moves.length > 0 ? 'each line virements moved budget into or out of' : 'each budget line'}, ${year.yearId}.`,
  );
  budgetChart(p.canvas, charted);

  replace(
    p.table,
    dataTable({
      caption: `Budget against actual, ${year.yearId}: original, virements and revised budget (£)`,
      columns: [
        { label: 'Budget line' },
        { label: 'Original', numeric: true },
        { label: 'Virements', numeric: true },
        { label: 'Revised', numeric: true },
        { label: 'Actual', numeric: true },
        { label: 'Variance', numeric: true },
      ],
      sections: [
        {
          rows: report.rows.map((r) => [
            r.name,
            formatMoney(r.original),
            signOf(r.virements) === 0 ? '—' : signed(r.virements),
            formatMoney(r.revised),
            formatMoney(r.actual),
            varianceText(r.variance),
          ]),
        },
      ],
      foot: [
        [
          'Total',
          formatMoney(t.original),
          signOf(t.virements) === 0 ? '—' : signed(t.virements),
          formatMoney(t.revised),
          formatMoney(t.actual),
          varianceText(t.variance),
        ],
      ],
    }),
  );

  replace(
    list,
    moves.length === 0
      ? el('p', { class: 'panel__note' }, `No virements in ${year.yearId}.`)
      : dataTable({
          caption: `Virements in ${year.yearId}: budget moved between lines (£)`,
          columns: [{ label: 'Virement' }, { label: 'From' }, { label: 'To' }, { label: 'Amount', numeric: true }, { label: 'Reason' }],
          sections: [
            {
              rows: moves.map((v) => [
                { text: v.virementId, note: `${formatInstantDate(v.createdAt)}, ${v.createdBy}` },
                nameOf(v.from),
                nameOf(v.to),
                formatMoney(v.amount),
                v.reason,
              ]),
            },
          ],
        }),
  );
}
