/**
 * Receivables on the board's page (DESIGN 10.1): for finance, who owes what (aged debt, a
 * chart and its table); for a partner signed in, its own statement of account (a table). A
 * partner cannot read the board's forecasts, so its page shows only what is its own: the
 * statement and its contributions.
 */
import { ApiError } from './api.js';
import { agedDebtChart, clearChart } from './charts.js';
import { dataTable, el, replace } from './dom.js';
import { abs, formatDate, formatMoney, signOf, sum, toPence } from './format.js';

const $ = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node;
};

export const BUCKETS = [
  { key: 'current', label: 'Not yet due' },
  { key: '1-30', label: '1 to 30 days overdue' },
  { key: '31-60', label: '31 to 60 days overdue' },
  { key: '61-90', label: '61 to 90 days overdue' },
  { key: '90+', label: 'Over 90 days overdue' },
];

/** A partner's token without a board-wide role: the page shows only that partner's own records. */
export const isPartnerOnly = (session) =>
  Boolean(session?.roles.includes('partner')) && !session.roles.some((r) => ['finance', 'board', 'admin'].includes(r));
const isFinance = (session) => Boolean(session?.roles.includes('finance'));

/** The headings and panels a session sees; called on every sign-in. */
export function applyView(session) {
  const partner = isPartnerOnly(session);
  $('dashboard-heading').textContent = partner ? 'Your account with the board' : 'Budget, forecast and contributions';
  // Every board-wide panel (a partner may read none of them), the budget and its virements among them.
  for (const id of ['controls', 'kpis', 'panel-forecast', 'panel-recharge', 'panel-breakdown', 'panel-budget']) {
    const node = id === 'kpis' ? $(id).closest('section') : $(id);
    if (node) node.hidden = partner;
  }
  if (partner) {
    $('checks').hidden = true;
    $('panel-compare').hidden = true;
  }
  $('panel-statement').hidden = !partner;
  $('panel-aged-debt').hidden = !isFinance(session) || partner;
  $('receivables').hidden = !(partner || isFinance(session));
  clearChart($('chart-aged-debt'));
  replace($('table-aged-debt'));
  replace($('table-statement'));
}

/**
 * The board a session signs in to: read from the board record, or, for a partner (which may not
 * read it), from the name its own documents were issued under.
 */
export async function boardFor(api, session) {
  const path = `/v1/boards/${encodeURIComponent(session.boardId)}`;
  if (!isPartnerOnly(session)) return api.get(path);
  const docs = await api.get(`${path}/invoices?limit=1`);
  return { boardId: session.boardId, name: docs.items[0]?.boardName ?? session.boardId };
}

const problemText = (err) =>
  err instanceof ApiError
    ? err.message
    : 'Something went wrong on this page. Reload it and try again; if it keeps happening, tell the finance team.';

function message(panelId, text) {
  const root = $(panelId);
  const box = root.querySelector('[data-message]');
  box.textContent = text;
  box.hidden = !text;
}

/** Today in London, as the service counts days. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

function statementPeriod() {
  const to = today();
  const year = Number(to.slice(0, 4)) - (Number(to.slice(5, 7)) < 4 ? 1 : 0);
  return { from: `${year}-04-01`, to };
}

/** Finance: aged debt as of today, a stacked bar per partner and the table of the same figures. */
export async function loadAgedDebt(api, boardPath, partnerLabel) {
  const root = $('panel-aged-debt');
  const canvas = $('chart-aged-debt');
  let aged;
  try {
    aged = await api.get(`${boardPath}/aged-debt`);
  } catch (err) {
    clearChart(canvas);
    root.querySelector('[data-chart-box]').hidden = true;
    message('panel-aged-debt', `Aged debt is not available: ${problemText(err)}`);
    return;
  }
  const owing = aged.partners.filter((p) => signOf(p.total) !== 0);
  // What partners owe and what the board owes partners in credit are told apart, not netted.
  const debtors = aged.partners.filter((p) => signOf(p.total) > 0);
  const inCredit = aged.partners.filter((p) => signOf(p.total) < 0);
  // What is overdue of a partner's debt: its items past due, less any credit it holds, so never
  // more than it owes nor less than nothing (credit on account offsets its debt).
  const overdueOf = (p) => {
    const due = sum(BUCKETS.slice(1).map((b) => p[b.key]));
    if (toPence(due) < 0n) return '0.00';
    return toPence(due) > toPence(p.total) ? p.total : due;
  };
  const overdue = sum(debtors.map(overdueOf));
  const worst = [...aged.partners].sort((a, b) => (toPence(b['90+']) > toPence(a['90+']) ? 1 : -1))[0];
  let summary = `As of ${formatDate(aged.asOf)} partners owe ${formatMoney(sum(debtors.map((p) => p.total)))} in all, ${formatMoney(overdue)} of it overdue.`;
  if (inCredit.length > 0)
    summary += ` ${inCredit.map((p) => partnerLabel(p.partnerId)).join(', ')} ${inCredit.length === 1 ? 'is' : 'are'} in credit by ${formatMoney(abs(sum(inCredit.map((p) => p.total))))}.`;
  if (worst && signOf(worst['90+']) > 0)
    summary += ` ${partnerLabel(worst.partnerId)} has ${formatMoney(worst['90+'])} over 90 days overdue.`;
  if (owing.length === 0) summary = `As of ${formatDate(aged.asOf)} no partner owes anything and nothing is owed to any partner.`;
  root.querySelector('[data-summary]').textContent = summary;
  message('panel-aged-debt', '');
  root.querySelector('[data-chart-box]').hidden = false;
  canvas.setAttribute(
    'aria-label',
    `Stacked bar chart of what each partner owes by how long it has been due, as of ${formatDate(aged.asOf)}. ${summary} The table of figures below gives every value.`,
  );
  agedDebtChart(canvas, aged, BUCKETS, partnerLabel);
  replace(
    $('table-aged-debt'),
    dataTable({
      caption: `Aged debt by partner as of ${formatDate(aged.asOf)}, by days past the due date (£; negative: owed to the partner)`,
      columns: [{ label: 'Partner' }, ...BUCKETS.map((b) => ({ label: b.label, numeric: true })), { label: 'Balance', numeric: true }],
      sections: [
        {
          rows: aged.partners.map((p) => [
            { text: partnerLabel(p.partnerId), note: p.partnerId },
            ...BUCKETS.map((b) => formatMoney(p[b.key])),
            formatMoney(p.total),
          ]),
        },
      ],
      foot: [['Total', ...BUCKETS.map((b) => formatMoney(aged.totals[b.key])), formatMoney(aged.totals.total)]],
    }),
  );
}

/** A partner: its statement for the financial year to date, as a table. */
export async function loadStatement(api, boardPath, session) {
  const root = $('panel-statement');
  const { from, to } = statementPeriod();
  let st;
  let partner;
  try {
    [st, partner] = await Promise.all([
      api.get(`${boardPath}/partners/${encodeURIComponent(session.partnerId)}/statement?from=${from}&to=${to}`),
      api.get(`${boardPath}/partners/${encodeURIComponent(session.partnerId)}`).catch(() => undefined),
    ]);
  } catch (err) {
    message('panel-statement', `Your statement is not available: ${problemText(err)}`);
    root.querySelector('[data-summary]').textContent = '';
    return;
  }
  const name = partner?.name ?? session.partnerId;
  const closing = st.closingBalance;
  const owed =
    signOf(closing) > 0
      ? `you owe ${formatMoney(closing)}`
      : signOf(closing) < 0
        ? `${formatMoney(abs(closing))} is owed to you`
        : 'nothing is owed either way';
  root.querySelector('[data-summary]').textContent =
    `${name}: from ${formatDate(st.from)} to ${formatDate(st.to)}, ${owed} (opening balance ${formatMoney(st.openingBalance)}, ${st.lines.length} ${st.lines.length === 1 ? 'movement' : 'movements'}).`;
  message('panel-statement', '');
  replace(
    $('table-statement'),
    dataTable({
      caption: `Statement of account for ${name}, ${formatDate(st.from)} to ${formatDate(st.to)} (£)`,
      columns: [
        { label: 'Date' },
        { label: 'Document' },
        { label: 'Description' },
        { label: 'Debit', numeric: true },
        { label: 'Credit', numeric: true },
        { label: 'Balance', numeric: true },
      ],
      sections: [
        {
          rows: [
            [formatDate(st.from), '', 'Opening balance', '', '', formatMoney(st.openingBalance)],
            ...st.lines.map((l) => [
              formatDate(l.date),
              l.document,
              l.description,
              signOf(l.debit) ? formatMoney(l.debit) : '',
              signOf(l.credit) ? formatMoney(l.credit) : '',
              formatMoney(l.balance),
            ]),
          ],
        },
      ],
      foot: [[formatDate(st.to), '', 'Closing balance', '', '', formatMoney(closing)]],
    }),
    el('p', { class: 'hint' }, 'A positive balance is owed by you to the board; a negative one is owed to you.'),
  );
}
