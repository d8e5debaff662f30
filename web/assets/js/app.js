/**
 * The board's web page: sign in with a token, pick a year and an as-of date, and read the
 * forecast, the projected recharges, the contribution history and the expenditure breakdown,
 * each as a chart with a summary sentence and the same figures as a table.
 */
import { ApiError, createApi, loadConfig } from './api.js';
import { showBudget } from './budget.js';
import { breakdownChart, clearChart, contributionsChart, forecastChart, rechargeChart } from './charts.js';
import { dataTable, el, replace } from './dom.js';
import { abs, formatDate, formatMoney, formatPercent, signOf, sum } from './format.js';
import { applyView, boardFor, isPartnerOnly, loadAgedDebt, loadStatement } from './receivables.js';
import { clearCompare, loadCompare, wireCompare } from './scenarios.js';
import { forgetToken, readToken, storedToken, storeToken, TokenError } from './session.js';

const $ = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node;
};

/** Partners' names as the board's partner list gives them (a name the API did not give is shown by id). */
const partnerNames = new Map();
const partnerLabel = (partnerId) => partnerNames.get(partnerId) ?? partnerId;

const BASIS = {
  committal: {
    name: 'Committal basis',
    explain: 'each partner contributes its baseline and the host absorbs any overspend or underspend',
  },
  'full-cost-recovery': {
    name: 'Full cost recovery',
    explain: 'the partners meet the whole outturn: baselines plus additional contributions',
  },
};
const basisOf = (basis) => BASIS[basis] ?? { name: basis, explain: 'as the funding agreement sets out' };

const STATUS_LABELS = { draft: 'draft', open: 'open', closing: 'closing', closed: 'closed' };

function variancePhrase(amount) {
  const s = signOf(amount);
  if (s === 0) return 'on budget';
  return `${formatMoney(abs(amount))} ${s > 0 ? 'over' : 'under'}`;
}

const state = {
  api: undefined,
  session: undefined,
  board: undefined,
  years: [],
  contributions: undefined,
  /** Bumped on every load, so answers to superseded requests are dropped. */
  generation: 0,
};

// ---------------------------------------------------------------------------------------------
// Messages

function showAlert(message) {
  const alert = $('page-alert');
  alert.textContent = message;
  alert.hidden = !message;
}

function setStatus(message) {
  $('status').textContent = message;
}

const problemText = (err) =>
  err instanceof ApiError
    ? err.message
    : 'Something went wrong on this page. Reload it and try again; if it keeps happening, tell the finance team.';

// ---------------------------------------------------------------------------------------------
// Sign in and out

function showSignIn(message = '') {
  state.session = undefined;
  state.api?.setToken(undefined);
  $('loading').hidden = true;
  $('dashboard').hidden = true;
  $('user-panel').hidden = true;
  $('board-name').textContent = 'Board finance';
  $('signin').hidden = false;
  showAlert(message);
  for (const id of ['chart-forecast', 'chart-recharge', 'chart-contributions', 'chart-breakdown', 'chart-compare', 'chart-budget'])
    clearChart($(id));
  clearCompare();
  partnerNames.clear();
  // Nothing the last session read stays in the page for the next one to find (a partner may sign
  // in next in this tab): the figures, tables and lists of every panel go with the charts.
  for (const root of document.querySelectorAll('#dashboard .panel')) {
    for (const node of root.querySelectorAll('[data-summary], [data-message], [data-virements], .table-wrap')) replace(node);
  }
  replace($('kpis'));
  replace($('checks-list'));
  $('checks').hidden = true;
  $('asof-input').value = '';
  replace($('year-select'));
}

function fieldError(message) {
  const error = $('token-error');
  const input = $('token-input');
  error.textContent = message;
  error.hidden = !message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

async function signIn(rawToken, { remember = true, focus = true } = {}) {
  const session = readToken(rawToken);
  state.api.setToken(session.token);
  const board = await boardFor(state.api, session);
  state.session = session;
  state.board = board;
  if (remember) storeToken(session.token);

  $('signin').hidden = true;
  $('user-panel').hidden = false;
  $('user-name').textContent = session.name;
  $('user-roles').textContent = session.roles.length ? `(${session.roles.join(', ')})` : '';
  $('board-name').textContent = board.name ?? board.boardId;
  const boardSelect = $('board-select');
  replace(boardSelect, el('option', { value: board.boardId }, board.name ?? board.boardId));
  showAlert('');
  applyView(session);
  $('loading').hidden = true;
  $('dashboard').hidden = false;
  if (focus) $('dashboard-heading').focus();
  await loadBoard();
}

async function trySignIn(rawToken, options) {
  try {
    await signIn(rawToken, options);
    return true;
  } catch (err) {
    forgetToken();
    if (err instanceof TokenError) {
      showSignIn();
      fieldError(err.message);
      $('token-input').focus();
    } else if (err instanceof ApiError && err.status === 401) {
      showSignIn();
      fieldError('The service did not accept that token: it may have expired or be for another environment.');
      $('token-input').focus();
    } else {
      showSignIn(problemText(err));
    }
    return false;
  }
}

function signOut(message = 'You have signed out.') {
  forgetToken();
  $('token-input').value = '';
  fieldError('');
  showSignIn(message);
  $('signin-heading').focus();
}

/** Any 401 while signed in means the session has ended. */
function handleAuthFailure(err) {
  if (err instanceof ApiError && err.status === 401 && state.session) {
    signOut('Your session has ended. Please sign in again.');
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Loading

const boardPath = () => `/v1/boards/${encodeURIComponent(state.session.boardId)}`;

/** A partner's page (receivables.js): its statement and its own contributions. */
async function loadPartnerView() {
  setStatus('Loading your statement…');
  // A partner reads its own record (not the board's list): its contributions go by its name.
  const [contributions, own] = await Promise.all([
    state.api.get(`${boardPath()}/contributions`).catch((err) => err),
    state.api.get(`${boardPath()}/partners/${encodeURIComponent(state.session.partnerId)}`).catch(() => undefined),
  ]);
  state.contributions = contributions;
  if (handleAuthFailure(state.contributions)) return;
  partnerNames.clear();
  if (own?.name) partnerNames.set(own.partnerId, own.name);
  renderContributions();
  await loadStatement(state.api, boardPath(), state.session);
  setStatus('Showing your statement of account and your contributions.');
}

async function loadBoard() {
  if (isPartnerOnly(state.session)) return loadPartnerView();
  const generation = ++state.generation;
  setStatus('Loading the years…');
  try {
    const [years, contributions, partners] = await Promise.allSettled([
      state.api.get(`${boardPath()}/years?limit=200`),
      state.api.get(`${boardPath()}/contributions`),
      state.api.get(`${boardPath()}/partners?limit=200`),
    ]);
    if (generation !== state.generation) return;
    if (years.status === 'rejected') throw years.reason;
    partnerNames.clear();
    if (partners.status === 'fulfilled') for (const p of partners.value.items) partnerNames.set(p.partnerId, p.name);
    state.years = [...years.value.items].sort((a, b) => a.yearId.localeCompare(b.yearId));
    state.contributions = contributions.status === 'fulfilled' ? contributions.value : contributions.reason;
  } catch (err) {
    if (!handleAuthFailure(err)) {
      showAlert(problemText(err));
      setStatus('');
    }
    return;
  }

  const select = $('year-select');
  replace(
    select,
    [...state.years]
      .reverse()
      .map((y) =>
        el('option', { value: y.yearId }, `${y.yearId} (${y.source === 'history' ? 'history' : (STATUS_LABELS[y.status] ?? y.status)})`),
      ),
  );
  const open = state.years.find((y) => y.status === 'open');
  const latest = state.years.at(-1);
  select.value = (open ?? latest)?.yearId ?? '';
  renderContributions();
  if (state.session.roles.includes('finance')) void loadAgedDebt(state.api, boardPath(), partnerLabel);
  if (state.years.length === 0) {
    setStatus('This board has no financial years yet.');
    return;
  }
  await loadYear({ asOf: undefined });
}

const currentYear = () => state.years.find((y) => y.yearId === $('year-select').value);

async function loadYear({ asOf, forecastOnly = false }) {
  const year = currentYear();
  if (!year) return;
  const generation = ++state.generation;
  const asOfInput = $('asof-input');
  asOfInput.min = year.start ?? '';
  asOfInput.max = year.end ?? '';
  const history = year.source === 'history';
  asOfInput.disabled = history;
  $('asof-reset').disabled = history;
  setStatus(`Loading ${year.yearId}…`);

  const yearPath = `${boardPath()}/years/${encodeURIComponent(year.yearId)}`;
  const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
  const [forecast, breakdown, reconciliation] = await Promise.allSettled([
    history ? Promise.resolve(undefined) : state.api.get(`${yearPath}/forecast${query}`),
    forecastOnly || history ? Promise.resolve(undefined) : state.api.get(`${yearPath}/expenditure-breakdown`),
    forecastOnly || history ? Promise.resolve(undefined) : state.api.get(`${yearPath}/reconciliation`),
  ]);
  if (generation !== state.generation) return;
  for (const r of [forecast, breakdown, reconciliation]) if (r.status === 'rejected' && handleAuthFailure(r.reason)) return;

  const value = (r) => (r.status === 'fulfilled' ? r.value : r.reason);
  renderKpis(year, value(forecast));
  renderForecast(year, value(forecast));
  renderRecharge(year, value(forecast));
  if (!forecastOnly) {
    renderBreakdown(year, value(breakdown));
    renderChecks(value(reconciliation));
    void loadCompare({
      api: state.api,
      boardPath: boardPath(),
      years: state.years,
      year,
      partnerLabel,
      problemText,
      setStatus,
      onAuthFailure: handleAuthFailure,
    });
    // Budget control (budget.js): original and revised budget, virements.
    const view = { panel, panelMessage, panelReady, unavailable, handleAuthFailure };
    await showBudget({ api: state.api, yearPath, year, view, stale: () => generation !== state.generation });
    if (generation !== state.generation) return;
  }
  if (forecast.status === 'fulfilled' && forecast.value) asOfInput.value = forecast.value.asOf;
  else if (history) asOfInput.value = '';

  const f = forecast.status === 'fulfilled' ? forecast.value : undefined;
  setStatus(
    f
      ? `Showing ${year.yearId} (${STATUS_LABELS[f.status] ?? f.status}), forecast as of ${formatDate(f.asOf)}.`
      : `Showing ${year.yearId}${history ? ', a year recorded from the published accounts' : ''}.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Panels

function panel(id) {
  const root = $(id);
  return {
    root,
    summary: root.querySelector('[data-summary]'),
    message: root.querySelector('[data-message]'),
    box: root.querySelector('[data-chart-box]'),
    canvas: root.querySelector('canvas'),
    table: root.querySelector('.table-wrap'),
    toggle: root.querySelector('.table-toggle'),
  };
}

/** Shows a panel's "nothing to chart" message instead of its chart and table. */
function panelMessage(p, message) {
  clearChart(p.canvas);
  p.summary.textContent = '';
  p.message.textContent = message;
  p.message.hidden = false;
  p.box.hidden = true;
  p.toggle.hidden = true;
  replace(p.table);
}

function panelReady(p, summary, ariaLabel) {
  // A word joiner keeps a minus sign on the same line as its amount.
  p.summary.textContent = summary.replaceAll('\u2212£', '\u2212\u2060£');
  p.message.hidden = true;
  p.box.hidden = false;
  p.toggle.hidden = false;
  p.canvas.setAttribute('aria-label', `${ariaLabel} ${summary} The table of figures below gives every value.`);
}

const unavailable = (what, err) => `${what} is not available: ${problemText(err)}`;

/**
 * A closed year's forecast is its outturn only as of its last day: the API prices a closed year as
 * of any day asked, and as of a day inside it that is a projection, not what the close sealed.
 */
const isOutturn = (year, forecast) => forecast.status === 'closed' && forecast.asOf === year.end;

function renderKpis(year, forecast) {
  const items = [];
  const add = (label, value, note) =>
    items.push(
      el('div', { class: 'kpi' }, el('dt', {}, label), el('dd', {}, value, note ? el('span', { class: 'kpi__note' }, note) : null)),
    );
  if (forecast && !(forecast instanceof Error)) {
    const closed = isOutturn(year, forecast);
    add('Budget set', formatMoney(forecast.budgetSet), year.yearId);
    add(
      closed ? 'Outturn' : 'Projected outturn',
      formatMoney(forecast.projectedOutturn),
      closed ? 'year closed' : `as of ${formatDate(forecast.asOf)}`,
    );
    add(closed ? 'Variance' : 'Projected variance', variancePhrase(forecast.projectedOverspend), 'against the budget set');
    add('Spent to date', formatMoney(forecast.totals.actual), `${forecast.monthsElapsed} of 12 months`);
  } else {
    add('Budget set', year.budgetSet ? formatMoney(year.budgetSet) : 'not set', year.yearId);
    const row = state.contributions?.years?.find((y) => y.yearId === year.yearId);
    if (row?.outturn) add('Outturn', formatMoney(row.outturn), 'as published');
    if (row) add('Contributions', formatMoney(row.totals.total), 'baselines and additional');
  }
  replace($('kpis'), items);
}

function renderForecast(year, forecast) {
  const p = panel('panel-forecast');
  if (year.source === 'history')
    return panelMessage(p, `${year.yearId} is recorded from the published accounts, so there is no ledger to forecast from.`);
  if (forecast instanceof Error) return panelMessage(p, unavailable('The forecast', forecast));
  const closed = isOutturn(year, forecast);
  const summary = closed
    ? `Outturn ${formatMoney(forecast.projectedOutturn)} against a budget of ${formatMoney(forecast.budgetSet)}: ${variancePhrase(forecast.projectedOverspend)}.`
    : `Projected outturn ${formatMoney(forecast.projectedOutturn)} against a budget of ${formatMoney(forecast.budgetSet)}: ${variancePhrase(forecast.projectedOverspend)}. ` +
      `Spent ${formatMoney(forecast.totals.actual)} in ${forecast.monthsElapsed} months to ${formatDate(forecast.asOf)}, with ${formatMoney(forecast.totals.commitments)} committed.`;
  panelReady(
    p,
    summary,
    `Bar chart of budget, actual to date and ${closed ? 'outturn' : 'projected outturn'} for each category, ${year.yearId}.`,
  );
  forecastChart(p.canvas, forecast, { closed });

  const t = forecast.totals;
  replace(
    p.table,
    dataTable({
      caption: `Forecast by category, ${year.yearId}, as of ${formatDate(forecast.asOf)} (£)`,
      columns: [
        { label: 'Category' },
        { label: 'Budget', numeric: true },
        { label: 'Actual to date', numeric: true },
        { label: 'Commitments', numeric: true },
        { label: 'Rest of year', numeric: true },
        { label: closed ? 'Outturn' : 'Projected', numeric: true },
        { label: 'Variance', numeric: true },
      ],
      sections: [
        {
          rows: forecast.categories.map((c) => [
            { text: c.name, note: methodNote(c.method) },
            formatMoney(c.budget),
            formatMoney(c.actual),
            formatMoney(c.commitments),
            formatMoney(c.rest),
            formatMoney(c.projected),
            variancePhrase(c.variance),
          ]),
        },
      ],
      foot: [
        [
          'Total',
          formatMoney(t.budget),
          formatMoney(t.actual),
          formatMoney(t.commitments),
          formatMoney(t.rest),
          formatMoney(t.projected),
          variancePhrase(t.variance),
        ],
      ],
    }),
  );
}

function methodNote(method) {
  return (
    {
      'run-rate': 'rest of year at the run rate so far',
      profile: 'rest of year from the budget profile',
      commitments: 'actuals plus known commitments',
    }[method] ?? method
  );
}

function renderRecharge(year, forecast) {
  const p = panel('panel-recharge');
  if (year.source === 'history')
    return panelMessage(p, `${year.yearId} is recorded from the published accounts; its contributions are in the history below.`);
  if (forecast instanceof Error) return panelMessage(p, unavailable('The projected recharge', forecast));
  const recharge = forecast.recharge;
  if (!recharge) return panelMessage(p, `No funding agreement is recorded for ${year.yearId} yet, so there is no recharge to project.`);

  const closed = isOutturn(year, forecast);
  document.getElementById('recharge-heading').textContent = closed ? 'Partner recharges at year end' : 'Projected partner recharges';
  const basis = basisOf(recharge.basis);
  const baselines = sum(recharge.partners.map((r) => r.baseline));
  const total = sum(recharge.partners.map((r) => r.total));
  const summary =
    `${basis.name}: ${basis.explain}. ` +
    `${closed ? 'Partners contributed' : 'Partners are projected to contribute'} ${formatMoney(total)}: ` +
    `baselines ${formatMoney(baselines)} and additional ${formatMoney(recharge.additional)}.`;
  panelReady(
    p,
    summary,
    `Bar chart of each partner's baseline, ${closed ? '' : 'projected '}additional and total contribution, ${year.yearId}.`,
  );
  rechargeChart(p.canvas, recharge, partnerLabel, { closed });

  replace(
    p.table,
    dataTable({
      caption: `${closed ? 'Year-end' : 'Projected'} recharges by partner, ${year.yearId} (${basis.name.toLowerCase()}, £)`,
      columns: [
        { label: 'Partner' },
        { label: 'Baseline', numeric: true },
        { label: closed ? 'Additional' : 'Projected additional', numeric: true },
        { label: closed ? 'Total' : 'Projected total', numeric: true },
        { label: 'How it is worked out' },
      ],
      sections: [
        {
          rows: recharge.partners.map((r) => [
            { text: partnerLabel(r.partnerId), note: r.partnerId },
            formatMoney(r.baseline),
            formatMoney(r.additional),
            formatMoney(r.total),
            el(
              'ul',
              { class: 'lines' },
              r.lines.map((l) => el('li', {}, `${l.description}: ${formatMoney(l.amount)}`)),
            ),
          ]),
        },
      ],
      foot: [['Total', formatMoney(baselines), formatMoney(recharge.additional), formatMoney(total), '']],
    }),
    recharge.steps?.length
      ? el(
          'div',
          { class: 'steps' },
          el('h3', {}, 'How the recharge engine priced it'),
          el(
            'ol',
            {},
            recharge.steps.map((s) => el('li', {}, s.description)),
          ),
        )
      : null,
  );
}

function renderContributions() {
  const p = panel('panel-contributions');
  const data = state.contributions;
  if (!data || data instanceof Error) return panelMessage(p, unavailable('The contribution history', data));
  const years = data.years ?? [];
  if (years.length === 0) return panelMessage(p, 'No contributions are recorded yet.');

  const partnerIds = [];
  for (const y of years) for (const r of y.partners) if (!partnerIds.includes(r.partnerId)) partnerIds.push(r.partnerId);
  const first = years[0];
  const last = years.at(-1);
  const settled = [...years].reverse().find((y) => y.basis === 'closed' || y.basis === 'history');
  const basisWords = { history: 'as published', closed: 'closed', open: 'open: baselines so far', draft: 'draft: baselines planned' };
  let summary =
    first === last
      ? `Contributions in ${first.yearId}: ${formatMoney(first.totals.total)}.`
      : `Contributions were ${formatMoney(first.totals.total)} in ${first.yearId}; ${last.yearId} stands at ${formatMoney(last.totals.total)} (${basisWords[last.basis] ?? last.basis}).`;
  if (settled && settled !== last)
    summary += ` In ${settled.yearId} baselines were ${formatMoney(settled.totals.baseline)} and additional contributions ${formatMoney(settled.totals.additional)}.`;
  panelReady(p, summary, `Bar chart of each partner's baseline and additional contributions by year, ${first.yearId} to ${last.yearId}.`);
  contributionsChart(p.canvas, years, partnerIds, partnerLabel);

  replace(
    p.table,
    dataTable({
      caption: `Contributions by partner and year, ${first.yearId} to ${last.yearId} (£)`,
      columns: [
        { label: 'Partner' },
        { label: 'Baseline', numeric: true },
        { label: 'Additional', numeric: true },
        { label: 'Total', numeric: true },
      ],
      sections: years.map((y) => ({
        heading: `${y.yearId}: ${basisWords[y.basis] ?? y.basis}; budget set ${formatMoney(y.budgetSet)}${y.outturn ? `; outturn ${formatMoney(y.outturn)}` : ''}`,
        rows: [
          ...y.partners.map((r) => [
            { text: partnerLabel(r.partnerId), note: r.partnerId },
            formatMoney(r.baseline),
            formatMoney(r.additional),
            formatMoney(r.total),
          ]),
          {
            className: 'subtotal',
            cells: [`Total ${y.yearId}`, formatMoney(y.totals.baseline), formatMoney(y.totals.additional), formatMoney(y.totals.total)],
          },
        ],
      })),
    }),
  );
}

function renderBreakdown(year, breakdown) {
  const p = panel('panel-breakdown');
  if (year.source === 'history')
    return panelMessage(p, `${year.yearId} is recorded from the published accounts, which give no breakdown by category here.`);
  if (breakdown instanceof Error) return panelMessage(p, unavailable('The expenditure breakdown', breakdown));
  if (!breakdown || breakdown.rows.length === 0 || signOf(breakdown.total) === 0)
    return panelMessage(p, `Nothing has been spent in ${year.yearId} yet.`);
  const top = breakdown.rows[0];
  const closed = year.status === 'closed';
  const summary = `${closed ? 'Spent' : 'Spent so far'} in ${year.yearId}: ${formatMoney(breakdown.total)}. ${top.name} is the largest part at ${formatMoney(top.amount)} (${formatPercent(top.percent)}).`;
  panelReady(p, summary, `Bar chart of spending by category with each category's share, ${year.yearId}.`);
  breakdownChart(p.canvas, breakdown);

  replace(
    p.table,
    dataTable({
      caption: `Expenditure by category, ${year.yearId}${closed ? '' : ', to date'} (£)`,
      columns: [{ label: 'Category' }, { label: 'Spent', numeric: true }, { label: 'Share', numeric: true }],
      sections: [{ rows: breakdown.rows.map((r) => [r.name, formatMoney(r.amount), formatPercent(r.percent)]) }],
      foot: [['Total', formatMoney(breakdown.total), '100%']],
    }),
  );
}

function renderChecks(reconciliation) {
  const section = $('checks');
  if (!reconciliation || reconciliation instanceof Error || reconciliation.issues.length === 0) {
    section.hidden = true;
    return;
  }
  replace(
    $('checks-list'),
    reconciliation.issues.map((i) =>
      el(
        'li',
        { class: `check check--${i.severity === 'error' ? 'error' : 'warning'}` },
        el('strong', {}, i.severity === 'error' ? 'Error: ' : 'Note: '),
        i.message,
      ),
    ),
  );
  section.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Wiring

function wire() {
  wireCompare();
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError('');
    const raw = $('token-input').value;
    if (!raw.trim()) {
      fieldError('Paste your access token to sign in.');
      $('token-input').focus();
      return;
    }
    const button = $('signin-submit');
    button.disabled = true;
    try {
      await trySignIn(raw);
    } finally {
      button.disabled = false;
    }
  });

  $('demo-signin').addEventListener('click', async () => {
    const button = $('demo-signin');
    button.disabled = true;
    try {
      const { token } = await state.api.post(
        '/dev/tokens',
        { sub: 'board.member@luton.example', roles: ['board'], boardId: 'luton-sab' },
        { auth: false },
      );
      await trySignIn(token);
    } catch (err) {
      showAlert(problemText(err));
    } finally {
      button.disabled = false;
    }
  });

  $('sign-out').addEventListener('click', () => signOut());

  $('year-select').addEventListener('change', () => void loadYear({ asOf: undefined }));

  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('asof-input');
    if (input.value && !input.checkValidity()) {
      showAlert(
        `Choose a date within ${currentYear()?.yearId ?? 'the year'}, between ${formatDate(input.min)} and ${formatDate(input.max)}.`,
      );
      input.focus();
      return;
    }
    showAlert('');
    void loadYear({ asOf: input.value || undefined, forecastOnly: true });
  });

  $('asof-input').addEventListener('change', () => {
    const input = $('asof-input');
    if (input.value && input.checkValidity()) void loadYear({ asOf: input.value, forecastOnly: true });
  });

  $('asof-reset').addEventListener('click', () => {
    $('asof-input').value = '';
    void loadYear({ asOf: undefined, forecastOnly: true });
  });

  for (const toggle of document.querySelectorAll('.table-toggle')) {
    toggle.addEventListener('click', () => {
      const target = document.getElementById(toggle.getAttribute('aria-controls'));
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Hide the table' : 'Show the figures as a table';
      if (target) target.hidden = !open;
    });
  }
}

async function main() {
  if (!globalThis.Chart) {
    $('loading').textContent = 'The charting library did not load. Reload the page; if it keeps happening, tell the finance team.';
    return;
  }
  const config = await loadConfig();
  state.api = createApi(config.apiUrl);
  wire();

  const demo = state.api.hasDevTokens().then((available) => {
    $('demo').hidden = !available;
  });
  const token = storedToken();
  if (token) await trySignIn(token, { focus: false });
  else showSignIn();
  await demo;
  document.documentElement.dataset.ready = 'true';
}

void main();
