/**
 * The finance section of a board's annual report (DESIGN 10.2), as the seed report's "Board
 * budgets" section shows it, assembled from the figures instead of by hand: the budget set and
 * outturn, income by partner (Figure 5), contributions across years (Figure 6), expenditure by
 * category (Figure 7), SAR costs, the year-end recharge explained per partner, and notes naming
 * every inconsistency in the figures. Each figure is a table and a chart.
 */
import {
  type AnnualReportDocument,
  annualReportNotes,
  cashIncomeOf,
  checkAnnualReport,
  contributionTotals,
  expenditureRows,
  incomeRows,
  varianceOf,
} from '../../domain/documents.ts';
import { formatMoney, formatPercent, formatUkDate, formatUkMonth, formatWholePounds } from '../../domain/format.ts';
import { Money } from '../../domain/money.ts';
import { horizontalBars, stackedColumns } from './charts.ts';
import { COLOURS, CONTENT_WIDTH, LEFT, PdfWriter, type TableSpec } from './writer.ts';

/** Renders the finance section; refuses a recharge whose lines do not add up. */
export async function renderAnnualReport(doc: AnnualReportDocument): Promise<Uint8Array> {
  checkAnnualReport(doc);
  const period = `${formatUkMonth(doc.from)} to ${formatUkMonth(doc.to)}`;
  const w = await PdfWriter.create({
    title: `${doc.boardName}: annual report ${doc.yearLabel}, board budgets`,
    author: doc.publisher,
    subject: `Budget, income, contributions, expenditure and year-end recharge of ${doc.boardName}, ${period}`,
    keywords: ['Annual report', 'Board budgets', doc.boardName, doc.yearLabel].join(', '),
    date: doc.issueDate,
    footer: `Annual report ${doc.yearLabel}: board budgets  ·  ${doc.boardName}`,
  });

  titleBlock(w, doc, period);
  keyFigures(w, doc);
  w.paragraph(w.root, doc.basis, { size: 9.5 }, { after: 12 });
  const reserve = reserveWords(doc);
  if (reserve) w.paragraph(w.root, reserve, { size: 9.5 }, { after: 12 });
  income(w, doc, period);
  otherIncome(w, doc, period);
  contributions(w, doc);
  expenditure(w, doc, period);
  sarCosts(w, doc);
  recharge(w, doc);
  notes(w, doc);
  return w.finish();
}

function titleBlock(w: PdfWriter, doc: AnnualReportDocument, period: string): void {
  const head = w.group(w.root, 'Sect', { title: 'Title' });
  w.paragraph(head, `Annual report ${doc.yearLabel}`, { size: 10, color: COLOURS.muted }, { after: 0 });
  w.paragraph(head, `Board budgets ${doc.yearLabel}`, { bold: true, size: 24, color: COLOURS.accent }, { tag: 'H1', after: 2 });
  w.paragraph(head, doc.boardName, { bold: true, size: 13 }, { after: 2 });
  w.paragraph(
    head,
    `${period}  ·  published by ${doc.publisher}, ${formatUkDate(doc.issueDate)}`,
    { size: 9, color: COLOURS.muted },
    { after: 6 },
  );
  head.end();
  w.rule(w.y, { color: COLOURS.accent, width: 1.2 });
  w.y += 12;
}

function keyFigures(w: PdfWriter, doc: AnnualReportDocument): void {
  const { totals } = incomeRows(doc);
  // The variance the recharge works out: net of cash income, which met part of the outturn.
  const variance = varianceOf(doc);
  const kind = variance.isNegative() ? 'underspend' : 'overspend';
  const figures: [string, string][] = [
    ['Budget set', formatMoney(doc.budgetSet)],
    ['Spent (outturn)', formatMoney(doc.outturn)],
    [cashIncomeOf(doc).isZero() ? `${kind[0]?.toUpperCase()}${kind.slice(1)}` : `Net ${kind}`, formatMoney(variance.abs())],
    ['Partner contributions', formatMoney(totals.total)],
  ];
  const gap = 10;
  const width = (CONTENT_WIDTH - gap * (figures.length - 1)) / figures.length;
  const height = 44;
  w.ensure(height + 10);
  const sect = w.group(w.root, 'Sect', { title: 'The year in figures' });
  const top = w.y;
  figures.forEach(([label, value], i) => {
    const x = LEFT + i * (width + gap);
    w.box(x, top, width, height, COLOURS.shade);
    w.box(x, top, 3, height, COLOURS.accent);
    w.tag(sect, 'P', () => {
      w.draw(label, x + 10, top + 6, width - 14, { size: 8.5, color: COLOURS.muted });
      w.draw(value, x + 10, top + 20, width - 14, { size: 12.5, bold: true });
    });
  });
  sect.end();
  w.y = top + height + 12;
}

function caption(w: PdfWriter, parent: ReturnType<PdfWriter['group']>, text: string): void {
  w.paragraph(parent, text, { bold: true, size: 9, color: COLOURS.muted }, { tag: 'Caption', after: 4 });
}

function income(w: PdfWriter, doc: AnnualReportDocument, period: string): void {
  const { rows, totals } = incomeRows(doc);
  const sect = w.group(w.root, 'Sect', { title: 'Income by partner' });
  if (rows.length === 0) {
    w.heading(sect, 'Income by partner', 2, 20);
    w.paragraph(sect, 'No contributions are recorded for the year.', { size: 9.5 }, { after: 12 });
    sect.end();
    return;
  }
  const table: TableSpec = {
    parent: sect,
    columns: [
      { header: 'Partner', width: 143.28 },
      { header: 'Baseline (April)', width: 95, align: 'right' },
      { header: 'Additional (year end)', width: 112, align: 'right' },
      { header: 'Total', width: 90, align: 'right' },
      { header: 'Share', width: 55, align: 'right' },
    ],
    rows: rows.map((r) => [r.partner, formatMoney(r.baseline), formatMoney(r.additional), formatMoney(r.total), r.percent]),
    footer: [[totals.partner, formatMoney(totals.baseline), formatMoney(totals.additional), formatMoney(totals.total), totals.percent]],
    continued: 'Figure 5, continued',
    keepTogether: true,
  };
  w.heading(sect, 'Income by partner', 2, 20 + w.tableHeight(table));
  caption(w, sect, `Figure 5: income and contributions by partner, ${period}`);
  w.table(table);
  w.y += 12;
  if (totals.total.isPositive())
    horizontalBars(w, sect, {
      title: 'Figure 5 as a chart: each partner’s total contribution and its share',
      alt: `Bar chart of Figure 5, each partner's total contribution: ${rows.map((r) => `${r.partner} ${formatMoney(r.total)} (${r.percent})`).join('; ')}.`,
      axis: 'Total contribution in the year (£)',
      bars: rows.map((r) => ({ label: r.partner, value: r.total, text: `${formatWholePounds(r.total)} (${r.percent})` })),
    });
  sect.end();
  w.y += 10;
}

/** The reserve's movements of the year in a sentence (DESIGN 10.3), when there are any. */
function reserveWords(doc: AnnualReportDocument): string | undefined {
  const drawn = doc.reserve?.drawn ?? Money.zero;
  const carried = doc.reserve?.carriedForward ?? Money.zero;
  if (drawn.isZero() && carried.isZero()) return undefined;
  if (carried.isZero()) return `${formatMoney(drawn)} of the budget set was funded from the board's reserve.`;
  if (drawn.isZero()) return `An underspend of ${formatMoney(carried)} was carried forward to the board's reserve.`;
  return `${formatMoney(drawn)} of the budget set was funded from the board's reserve, and an underspend of ${formatMoney(carried)} was carried forward to it.`;
}

const INCOME_KINDS = { grant: 'Grant', fees: 'Fees', 'in-kind': 'In kind', other: 'Other' } as const;

/** Other income and contributions in kind (DESIGN 10.3), when the year has any. */
function otherIncome(w: PdfWriter, doc: AnnualReportDocument, period: string): void {
  const rows = doc.otherIncome ?? [];
  if (rows.length === 0) return;
  const cash = Money.sum(rows.filter((r) => r.kind !== 'in-kind').map((r) => r.amount));
  const inKind = Money.sum(rows.filter((r) => r.kind === 'in-kind').map((r) => r.amount));
  const sect = w.group(w.root, 'Sect', { title: 'Other income and contributions in kind' });
  const table: TableSpec = {
    parent: sect,
    columns: [
      { header: 'Source', width: CONTENT_WIDTH - 90 - 125 - 95 },
      { header: 'Kind', width: 90 },
      { header: 'From', width: 125 },
      { header: 'Amount', width: 95, align: 'right' },
    ],
    rows: rows.map((r) => [r.source, INCOME_KINDS[r.kind], r.from ?? '', formatMoney(r.amount)]),
    footer: [
      ['Cash income (netted from the outturn)', '', '', formatMoney(cash)],
      ['Contributions in kind (never invoiced)', '', '', formatMoney(inKind)],
    ],
    continued: 'Other income, continued',
    keepTogether: true,
  };
  w.heading(sect, 'Other income and contributions in kind', 2, 40 + w.tableHeight(table));
  caption(w, sect, `Other income, ${period}`);
  w.paragraph(
    sect,
    'Cash income meets part of the outturn before the year-end recharge is worked out; contributions in kind, such as seconded staff and venues, are costed here and never invoiced.',
    { size: 9.5 },
    { after: 6 },
  );
  w.table(table);
  sect.end();
  w.y += 14;
}

function contributions(w: PdfWriter, doc: AnnualReportDocument): void {
  const years = doc.contributions;
  const sect = w.group(w.root, 'Sect', { title: 'Contributions across years' });
  if (years.length === 0) {
    w.heading(sect, 'Contributions across years', 2, 20);
    w.paragraph(sect, 'No contributions are recorded for any year.', { size: 9.5 }, { after: 12 });
    sect.end();
    return;
  }
  const first = years[0]?.yearLabel ?? '';
  const last = years.at(-1)?.yearLabel ?? '';
  const partners = [...new Set(years.flatMap((y) => y.partners.map((p) => p.partner)))];
  const labelWidth = 175;
  const colWidth = (CONTENT_WIDTH - labelWidth) / years.length;
  const amount = (m: Money | undefined) => (m ? formatMoney(m) : '-');
  const find = (y: (typeof years)[number], name: string) => y.partners.find((p) => p.partner === name);
  const rows: string[][] = [['Budget set', ...years.map((y) => formatMoney(y.budgetSet))]];
  for (const name of partners) {
    rows.push([`${name}: baseline`, ...years.map((y) => amount(find(y, name)?.baseline))]);
    rows.push([`${name}: additional`, ...years.map((y) => amount(find(y, name)?.additional))]);
  }
  const printed = years.some((y) => y.publishedTotal && !y.publishedTotal.equals(contributionTotals(y).total));
  const table: TableSpec = {
    parent: sect,
    columns: [
      { header: 'Budget and contributions', width: labelWidth },
      ...years.map((y) => ({ header: y.proposed ? `${y.yearLabel} (proposed)` : y.yearLabel, width: colWidth, align: 'right' as const })),
    ],
    rows,
    footer: [
      ['Total contributions', ...years.map((y) => formatMoney(contributionTotals(y).total))],
      ...(printed ? [['Total as published (see notes)', ...years.map((y) => amount(y.publishedTotal))]] : []),
    ],
    zebra: true,
    continued: 'Figure 6, continued',
    keepTogether: true,
  };
  w.heading(sect, 'Contributions across years', 2, 20 + w.tableHeight(table));
  caption(w, sect, `Figure 6: partners' contributions, ${first} to ${last}`);
  w.table(table);
  w.y += 16;
  stackedColumns(w, sect, {
    title: 'Figure 6 as a chart: baselines and additional contributions each year, against the budget set',
    alt: `Stacked column chart of Figure 6, for each year the baselines and additional contributions and the budget set: ${years
      .map((y) => {
        const t = contributionTotals(y);
        return `${y.yearLabel}${y.proposed ? ' (proposed)' : ''}: baselines ${formatMoney(t.baselines)}, additional ${formatMoney(t.additional)}, total ${formatMoney(t.total)}, budget set ${formatMoney(y.budgetSet)}`;
      })
      .join('; ')}.`,
    axis: 'All partners, £',
    lowerName: 'Baselines (invoiced in April)',
    upperName: 'Additional (invoiced at year end)',
    markerName: 'Budget set',
    columns: years.map((y) => {
      const t = contributionTotals(y);
      return {
        label: y.proposed ? `${y.yearLabel} (proposed)` : y.yearLabel,
        lower: t.baselines,
        upper: t.additional,
        marker: y.budgetSet,
      };
    }),
  });
  sect.end();
  w.y += 10;
}

function expenditure(w: PdfWriter, doc: AnnualReportDocument, period: string): void {
  const { rows, total } = expenditureRows(doc);
  const sect = w.group(w.root, 'Sect', { title: 'Expenditure by category' });
  if (rows.length === 0) {
    w.heading(sect, 'Expenditure by category', 2, 20);
    w.paragraph(sect, 'No expenditure is recorded for the year.', { size: 9.5 }, { after: 12 });
    sect.end();
    return;
  }
  const anyIllustrative = rows.some((r) => r.illustrative);
  const table: TableSpec = {
    parent: sect,
    columns: [
      { header: 'Category', width: CONTENT_WIDTH - 120 - 70 },
      { header: 'Spent', width: 120, align: 'right' },
      { header: 'Share', width: 70, align: 'right' },
    ],
    rows: rows.map((r) => [r.illustrative ? `${r.category} (illustrative)` : r.category, formatMoney(r.amount), r.percent]),
    footer: [['Total', formatMoney(total), total.isZero() ? '-' : '100.0%']],
    continued: 'Figure 7, continued',
    keepTogether: true,
  };
  w.heading(sect, 'Expenditure by category', 2, 20 + w.tableHeight(table));
  caption(w, sect, `Figure 7: expenditure, ${period}`);
  w.table(table);
  if (anyIllustrative) {
    w.y += 3;
    w.paragraph(sect, 'Figures marked illustrative are not given by the published report.', { size: 8, color: COLOURS.muted });
  }
  w.y += 10;
  if (total.isPositive())
    horizontalBars(w, sect, {
      title: 'Figure 7 as a chart: spending by category and its share',
      alt: `Bar chart of Figure 7, spending by category: ${rows.map((r) => `${r.category} ${formatMoney(r.amount)} (${r.percent})`).join('; ')}.`,
      axis: 'Spent in the year (£)',
      bars: rows.map((r) => ({ label: r.category, value: r.amount, text: `${formatWholePounds(r.amount)} (${r.percent})` })),
    });
  sect.end();
  w.y += 10;
}

function sarCosts(w: PdfWriter, doc: AnnualReportDocument): void {
  const sect = w.group(w.root, 'Sect', { title: 'Safeguarding adults reviews' });
  w.heading(sect, 'Safeguarding adults reviews', 2, 80);
  const total = Money.sum(doc.sarCosts.map((s) => s.amount));
  if (doc.sarCosts.length === 0) {
    w.paragraph(sect, 'No review costs were recorded in the year.', { size: 9.5 });
  } else {
    w.paragraph(
      sect,
      `Reviews cost ${formatMoney(total)} in the year, ${formatPercent(total, doc.outturn)} of all spending.`,
      { size: 9.5 },
      { after: 6 },
    );
    w.table({
      parent: sect,
      columns: [
        { header: 'Review', width: CONTENT_WIDTH - 110 - 110 },
        { header: 'Kind', width: 110 },
        { header: 'Cost in the year', width: 110, align: 'right' },
      ],
      rows: doc.sarCosts.map((s) => [s.title, s.kind, formatMoney(s.amount)]),
      footer: [['Total', '', formatMoney(total)]],
      continued: 'Safeguarding adults reviews, continued',
      keepTogether: true,
    });
  }
  sect.end();
  w.y += 14;
}

/** What met the cost besides the partners' contributions: the reserve (within the budget set) and cash income. */
function metBesides(doc: AnnualReportDocument): string {
  const drawn = doc.reserve?.drawn ?? Money.zero;
  const cash = cashIncomeOf(doc);
  return [
    drawn.isZero() ? '' : `, of which ${formatMoney(drawn)} was drawn from the board's reserve`,
    cash.isZero() ? '' : `; other income of ${formatMoney(cash)} met part of the cost`,
  ].join('');
}

function recharge(w: PdfWriter, doc: AnnualReportDocument): void {
  const sect = w.group(w.root, 'Sect', { title: 'The year-end recharge' });
  w.heading(sect, 'The year-end recharge explained', 2, 100);
  if (doc.recharge.length === 0) {
    w.paragraph(sect, 'No year-end recharge is recorded for the year.', { size: 9.5 }, { after: 8 });
    sect.end();
    return;
  }
  const baselines = Money.sum(doc.recharge.map((r) => r.baseline));
  const additional = Money.sum(doc.recharge.map((r) => r.additional));
  w.paragraph(
    sect,
    `The year cost ${formatMoney(doc.outturn)} against a budget set of ${formatMoney(doc.budgetSet)}${metBesides(doc)}. The partners paid baselines of ${formatMoney(baselines)} in April; at year end ${
      additional.isNegative()
        ? `they were credited ${formatMoney(additional.negate())}`
        : `they were invoiced ${formatMoney(additional)} more`
    }, worked out as below for each partner.`,
    { size: 9.5 },
    { after: 8 },
  );
  for (const r of doc.recharge) {
    const table: TableSpec = {
      parent: sect,
      columns: [
        { header: 'How it was reached', width: CONTENT_WIDTH - 120 },
        { header: 'Amount', width: 120, align: 'right' },
      ],
      rows: [
        ['Baseline contribution invoiced in April', formatMoney(r.baseline)],
        ...r.lines.map((l) => [l.description, formatMoney(l.amount)]),
      ],
      footer: [
        [r.additional.isNegative() ? 'Refund at year end' : 'Additional contribution at year end', formatMoney(r.additional)],
        ['Total contribution for the year', formatMoney(r.baseline.plus(r.additional))],
      ],
      continued: `${r.partner}, continued`,
      keepTogether: true,
    };
    w.heading(sect, r.partner, 3, w.tableHeight(table));
    w.table(table);
    w.y += 10;
  }
  sect.end();
  w.y += 4;
}

function notes(w: PdfWriter, doc: AnnualReportDocument): void {
  const all = [...annualReportNotes(doc), ...doc.notes];
  const sect = w.group(w.root, 'Sect', { title: 'Notes on the figures' });
  w.heading(sect, 'Notes on the figures', 2, 60);
  if (all.length === 0) {
    w.paragraph(sect, 'The figures are consistent: nothing to note.', { size: 9.5 });
    sect.end();
    return;
  }
  const list = w.group(sect, 'L');
  all.forEach((note, i) => {
    const label = `${i + 1}.`;
    const height = w.measure(note, CONTENT_WIDTH - 22, { size: 9.5 });
    w.ensure(height);
    const y = w.y;
    const item = w.group(list, 'LI');
    w.tag(item, 'Lbl', () => w.draw(label, LEFT, y, 18, { size: 9.5, bold: true }));
    w.tag(item, 'LBody', () => w.draw(note, LEFT + 22, y, CONTENT_WIDTH - 22, { size: 9.5 }));
    item.end();
    w.y += height + 5;
  });
  list.end();
  sect.end();
}
