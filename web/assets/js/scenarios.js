/**
 * "Compare agreements": the current funding agreement beside one edited on the page (shares, the
 * SAR pool's split, caps), priced by the service (POST .../scenarios, which writes nothing) for
 * the chosen years, per partner and year, next to what partners actually paid. A table and a
 * chart of the same figures; errors from the service are shown in its own words, and the field
 * they name is marked.
 */
import { ApiError } from './api.js';
import { compareChart } from './charts.js';
import { dataTable, el, replace } from './dom.js';
import { formatMoney, fromPence, signOf, toPence } from './format.js';

const SPLITS = [
  ['equal', 'split equally'],
  ['share', 'by agreed share'],
  ['baseline', 'pro-rata to baselines'],
  ['host', 'to the host'],
];

const $ = (id) => document.getElementById(id);

const state = { context: undefined, current: undefined, yearId: undefined, generation: 0 };

function panel() {
  const root = $('panel-compare');
  return {
    root,
    summary: root.querySelector('[data-summary]'),
    message: root.querySelector('[data-message]'),
    error: $('compare-error'),
    box: root.querySelector('[data-chart-box]'),
    canvas: $('chart-compare'),
    table: $('table-compare'),
    toggle: root.querySelector('.table-toggle'),
    form: $('compare-form'),
  };
}

function showMessage(text) {
  const p = panel();
  p.message.textContent = text;
  p.message.hidden = !text;
}

function showError(text) {
  const p = panel();
  p.error.textContent = text;
  p.error.hidden = !text;
}

/** The request body of an agreement from its GET answer: only the fields an agreement is made of. */
function agreementBody(a) {
  return {
    basis: a.basis,
    host: a.host,
    rounding: a.rounding,
    partners: a.partners.map((p) => ({
      partnerId: p.partnerId,
      baseline: p.baseline,
      share: p.share,
      ...(p.additionalCap ? { additionalCap: p.additionalCap } : {}),
    })),
    pools: a.pools,
    variance: a.variance,
    baselineShortfall: a.baselineShortfall,
    ...(a.fundedFromReserve ? { fundedFromReserve: a.fundedFromReserve } : {}),
  };
}

const sarPoolIndex = (a) => a.pools.findIndex((p) => p.categories.includes('sar'));

/** The agreement the page compares against: the chosen year's, or else the open year's, or the latest closed one's. */
function agreementYear(years, chosen) {
  const ledger = (y) => y && y.source !== 'history' && (y.status === 'open' || y.status === 'closed');
  if (ledger(chosen)) return chosen;
  return years.find((y) => y.status === 'open' && y.source !== 'history') ?? [...years].reverse().find(ledger);
}

/**
 * Shows the panel for the year chosen on the page: the current agreement's figures in the form,
 * and the years that have spend to price. Nothing is priced until "Compare" is pressed.
 */
export async function loadCompare(context) {
  const generation = ++state.generation;
  state.context = context;
  const p = panel();
  p.root.hidden = false;
  showError('');
  replace(p.table);
  p.box.hidden = true;
  p.toggle.hidden = true;
  p.summary.textContent = '';
  const year = agreementYear(context.years, context.year);
  if (!year) {
    p.form.hidden = true;
    showMessage('There is no funding agreement on a ledger year to compare with yet.');
    return;
  }
  let agreement;
  try {
    agreement = await context.api.get(`${context.boardPath}/years/${encodeURIComponent(year.yearId)}/agreement`);
  } catch (err) {
    if (generation !== state.generation || context.onAuthFailure(err)) return;
    p.form.hidden = true;
    showMessage(`The ${year.yearId} agreement is not available: ${context.problemText(err)}`);
    return;
  }
  if (generation !== state.generation) return;
  state.current = agreement;
  state.yearId = year.yearId;
  renderForm(agreement, year.yearId, context);
  p.form.hidden = false;
  showMessage(
    `Edit the ${year.yearId} agreement's shares, SAR split or caps, choose the years, then Compare to see what each partner would have paid under each agreement.`,
  );
}

/** Hides the panel (signed out). */
export function clearCompare() {
  state.generation++;
  const root = $('panel-compare');
  if (root) root.hidden = true;
}

function renderForm(a, yearId, context) {
  $('compare-current').textContent = `Current agreement: ${yearId} (${a.basis === 'committal' ? 'committal basis' : 'full cost recovery'})`;
  const label = (id) => context.partnerLabel(id);
  replace(
    $('compare-partners'),
    a.partners.map((partner, i) => {
      const host = partner.partnerId === a.host;
      return el(
        'div',
        { class: 'compare__partner' },
        el('p', { class: 'compare__name' }, label(partner.partnerId), host ? el('span', { class: 'cell-note' }, 'host') : null),
        el(
          'div',
          { class: 'field field--inline' },
          el('label', { for: `compare-share-${i}` }, `Share of ${label(partner.partnerId)}`),
          el('input', {
            id: `compare-share-${i}`,
            name: `share-${i}`,
            inputmode: 'decimal',
            autocomplete: 'off',
            value: partner.share,
            'aria-describedby': 'compare-share-hint',
            class: 'input--short',
          }),
        ),
        el(
          'div',
          { class: 'field field--inline' },
          el('label', { for: `compare-cap-${i}` }, `Cap on ${label(partner.partnerId)}'s year-end bill (£)`),
          el('input', {
            id: `compare-cap-${i}`,
            name: `cap-${i}`,
            inputmode: 'decimal',
            autocomplete: 'off',
            value: partner.additionalCap ?? '',
            disabled: host,
            'aria-describedby': host ? 'compare-cap-host' : 'compare-cap-hint',
            class: 'input--short',
          }),
        ),
      );
    }),
  );
  const pool = sarPoolIndex(a);
  const sar = $('compare-sar');
  const agreed = pool >= 0 ? a.pools[pool].split : undefined;
  replace(
    sar,
    pool >= 0 && typeof agreed === 'object' ? el('option', { value: 'as-agreed' }, 'as agreed (by weights)') : null,
    pool < 0 ? el('option', { value: 'none' }, 'no separate SAR pool (as agreed)') : null,
    SPLITS.map(([value, words]) => el('option', { value }, pool < 0 ? `charged in full at year end, ${words}` : words)),
  );
  sar.value = pool < 0 ? 'none' : typeof agreed === 'object' ? 'as-agreed' : agreed;

  const priced = context.years.filter((y) => y.source === 'history' || y.status === 'closed' || y.status === 'open');
  replace(
    $('compare-years'),
    priced.map((y) =>
      el(
        'div',
        { class: 'checkbox' },
        el('input', { type: 'checkbox', id: `compare-year-${y.yearId}`, value: y.yearId, checked: true }),
        el(
          'label',
          { for: `compare-year-${y.yearId}` },
          `${y.yearId} (${y.source === 'history' ? 'as published' : y.status === 'open' ? 'forecast' : 'closed'})`,
        ),
      ),
    ),
  );
}

/** The edited agreement from the form. */
function editedAgreement() {
  const a = agreementBody(state.current);
  a.partners = a.partners.map((p, i) => {
    const share = $(`compare-share-${i}`).value.trim();
    const cap = $(`compare-cap-${i}`).value.trim().replace(/^£/, '').replaceAll(',', '');
    const { additionalCap: _cap, ...rest } = p;
    return { ...rest, share, ...(cap && p.partnerId !== a.host ? { additionalCap: cap } : {}) };
  });
  const choice = $('compare-sar').value;
  const pool = sarPoolIndex(state.current);
  if (choice !== 'as-agreed' && choice !== 'none') {
    if (pool >= 0) a.pools = a.pools.map((p, i) => (i === pool ? { ...p, split: choice } : p));
    else a.pools = [...a.pools, { categories: ['sar'], charge: 'in-full', split: choice }];
  }
  return a;
}

/** Marks the form field a problem names (body/agreements/1/agreement/partners/0/share), if it is one of ours. */
function markField(err) {
  for (const input of panel().form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const path = err instanceof ApiError ? err.path : undefined;
  const m = /^body\/agreements\/1\/agreement\/partners\/(\d+)\/(share|additionalCap)/.exec(path ?? '');
  if (!m) return undefined;
  const input = $(`compare-${m[2] === 'share' ? 'share' : 'cap'}-${m[1]}`);
  input?.setAttribute('aria-invalid', 'true');
  return input;
}

async function compare(event) {
  event.preventDefault();
  const context = state.context;
  if (!context || !state.current) return;
  const p = panel();
  const years = [...$('compare-years').querySelectorAll('input[type="checkbox"]:checked')].map((c) => c.value);
  showError('');
  markField(undefined);
  if (years.length === 0) {
    showError('Choose at least one year to compare.');
    $('compare-years').querySelector('input')?.focus();
    return;
  }
  const generation = ++state.generation;
  const button = $('compare-run');
  button.disabled = true;
  context.setStatus('Pricing the agreements…');
  try {
    const answer = await context.api.post(`${context.boardPath}/scenarios`, {
      agreements: [
        { name: `Current agreement (${state.yearId})`, agreement: agreementBody(state.current) },
        { name: 'Edited agreement', agreement: editedAgreement() },
      ],
      years,
    });
    if (generation !== state.generation) return;
    renderResult(answer, context);
    context.setStatus(`Compared the agreements over ${years.length === 1 ? years[0] : `${years.length} years`}.`);
  } catch (err) {
    if (generation !== state.generation || context.onAuthFailure(err)) return;
    showError(context.problemText(err));
    const field = markField(err);
    (field ?? p.error).focus?.();
    context.setStatus('');
  } finally {
    button.disabled = false;
  }
}

const label = (context, partner) => {
  const short = context.partnerLabel(partner.partnerId);
  return short === partner.partnerId && partner.name ? partner.name : short;
};
const signed = (amount) => (signOf(amount) > 0 ? `+${formatMoney(amount)}` : formatMoney(amount));

function renderResult(answer, context) {
  const p = panel();
  const [current, edited] = answer.scenarios;
  const rows = [];
  const moved = new Map();
  current.years.forEach((y, i) => {
    const other = edited.years[i];
    for (const partner of y.partners) {
      const alt = other.partners.find((q) => q.partnerId === partner.partnerId);
      const change = toPence(alt?.total ?? '0') - toPence(partner.total);
      moved.set(partner.partnerId, (moved.get(partner.partnerId) ?? 0n) + change);
      rows.push({ yearId: y.yearId, partner, alt, label: label(context, partner) });
    }
  });
  const first = current.years[0].yearId;
  const last = current.years.at(-1).yearId;
  const span = first === last ? `In ${first}` : `Over ${first} to ${last}`;
  const shifts = [...moved]
    .filter(([, pence]) => pence !== 0n)
    .map(
      ([id, pence]) =>
        `${label(context, { partnerId: id, name: rows.find((r) => r.partner.partnerId === id)?.partner.name })} would pay ${formatMoney(fromPence(pence < 0n ? -pence : pence))} ${pence > 0n ? 'more' : 'less'}`,
    );
  const summary = shifts.length
    ? `${span}, against the current agreement: ${shifts.join('; ')}.`
    : `${span}, the edited agreement gives every partner the same figures as the current one.`;
  p.summary.textContent = summary.replaceAll('\u2212£', '\u2212\u2060£');
  showMessage('');
  p.box.hidden = false;
  p.toggle.hidden = false;
  p.canvas.setAttribute(
    'aria-label',
    `Bar chart of what each partner paid, and would pay under the current and the edited agreement, by year. ${summary} The table of figures below gives every value.`,
  );
  compareChart(
    p.canvas,
    rows.map((r) => `${r.yearId} ${r.label}`),
    [
      { label: 'Actually paid', amounts: rows.map((r) => r.partner.actual.total), style: 'solid' },
      { label: 'Current agreement', amounts: rows.map((r) => r.partner.total), style: 'outlined' },
      { label: 'Edited agreement', amounts: rows.map((r) => r.alt?.total ?? '0.00'), style: 'striped' },
    ],
  );
  replace(
    p.table,
    dataTable({
      caption: `What each partner paid, and would pay under each agreement, by year (£)`,
      columns: [
        { label: 'Partner' },
        { label: 'Actually paid', numeric: true },
        { label: 'Current agreement', numeric: true },
        { label: 'Edited agreement', numeric: true },
        { label: 'Edited less current', numeric: true },
      ],
      sections: current.years.map((y, i) => ({
        heading: `${y.yearId}: ${y.actualBasis === 'projected' ? 'forecast; "paid" is what its own agreement projects' : y.actualBasis === 'published' ? 'as published, the outturn priced as one sum' : 'closed, on its ledger'}`,
        rows: rows
          .filter((r) => r.yearId === y.yearId)
          .map((r) => [
            { text: r.label, note: r.partner.partnerId },
            formatMoney(r.partner.actual.total),
            formatMoney(r.partner.total),
            formatMoney(r.alt?.total ?? '0.00'),
            signed(fromPence(toPence(r.alt?.total ?? '0.00') - toPence(r.partner.total))),
          ])
          .concat([
            {
              className: 'subtotal',
              cells: [
                `Total ${y.yearId}`,
                formatMoney(y.totals.actual.total),
                formatMoney(y.totals.scenario.total),
                formatMoney(edited.years[i].totals.scenario.total),
                signed(fromPence(toPence(edited.years[i].totals.scenario.total) - toPence(y.totals.scenario.total))),
              ],
            },
          ]),
      })),
    }),
  );
}

/** Wires the form once. */
export function wireCompare() {
  $('compare-form')?.addEventListener('submit', (event) => void compare(event));
}
