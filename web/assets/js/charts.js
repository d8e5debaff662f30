/**
 * The four charts, drawn with Chart.js (loaded by index.html from /vendor). Series differ by
 * fill style as well as colour (solid, striped, outlined) and every series is named in the
 * legend, so nothing depends on telling colours apart. Every colour has at least 4.5:1
 * contrast against the white background.
 */
import { formatCompact, formatMoney, formatPercent, toNumber } from './format.js';

const { Chart } = globalThis;

export const COLOURS = {
  ink: '#1b1f24',
  muted: '#4b5563',
  grid: '#d7dce2',
  navy: '#1d4e89',
  teal: '#00707a',
  orange: '#b34700',
  purple: '#5e3c99',
  green: '#2e6b30',
  charcoal: '#3d4652',
};

const PARTNER_COLOURS = { 'blmk-icb': COLOURS.navy, 'beds-police': COLOURS.teal, 'luton-council': COLOURS.orange };
const SPARE_COLOURS = [COLOURS.purple, COLOURS.green, COLOURS.charcoal, COLOURS.navy, COLOURS.teal, COLOURS.orange];

export function partnerColour(partnerId, index) {
  return PARTNER_COLOURS[partnerId] ?? SPARE_COLOURS[index % SPARE_COLOURS.length];
}

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

if (Chart) {
  Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font-body').trim() || 'system-ui, sans-serif';
  Chart.defaults.font.size = 13;
  Chart.defaults.color = COLOURS.ink;
  Chart.defaults.borderColor = COLOURS.grid;
  Chart.defaults.plugins.legend.labels.boxWidth = 18;
  Chart.defaults.plugins.legend.labels.boxHeight = 12;
  Chart.defaults.plugins.tooltip.backgroundColor = COLOURS.ink;
  Chart.defaults.plugins.tooltip.padding = 10;
}

/** A striped fill in the given colour: white diagonal lines over it. */
function striped(colour) {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.6)';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(tile, 'repeat') ?? colour;
}

const STYLES = {
  solid: (colour) => ({ backgroundColor: colour, borderColor: colour, borderWidth: 0 }),
  striped: (colour) => ({ backgroundColor: striped(colour), borderColor: colour, borderWidth: 1.5 }),
  outlined: (colour) => ({ backgroundColor: 'rgba(255, 255, 255, 0.9)', borderColor: colour, borderWidth: 2 }),
};

/** A bar series: `amounts` are the API's strings (kept for exact tooltips), plotted as numbers. */
function series(label, amounts, style, colour, extra = {}) {
  return { label, amounts, data: amounts.map(toNumber), ...STYLES[style](colour), borderSkipped: false, ...extra };
}

const moneyTooltip = {
  callbacks: {
    label: (ctx) => {
      const exact = ctx.dataset.amounts?.[ctx.dataIndex];
      return `${ctx.dataset.label}: ${exact !== undefined ? formatMoney(exact) : formatCompact(ctx.parsed.x ?? ctx.parsed.y)}`;
    },
  },
};

/** Marks a canvas once Chart.js has drawn it (the browser test waits for this). */
const drawnMarker = {
  id: 'drawnMarker',
  afterRender(chart) {
    chart.canvas.dataset.drawn = 'true';
  },
};

function draw(canvas, config) {
  Chart.getChart(canvas)?.destroy();
  delete canvas.dataset.drawn;
  return new Chart(canvas, {
    ...config,
    plugins: [...(config.plugins ?? []), drawnMarker],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion() ? false : { duration: 350 },
      ...config.options,
      plugins: {
        legend: { position: 'top', align: 'start' },
        ...(config.options?.plugins ?? {}),
        tooltip: { ...moneyTooltip, ...(config.options?.plugins?.tooltip ?? {}) },
      },
    },
  });
}

export function clearChart(canvas) {
  Chart?.getChart(canvas)?.destroy();
  delete canvas.dataset.drawn;
}

const moneyAxis = (extra = {}) => ({
  beginAtZero: true,
  ticks: { callback: (value) => formatCompact(value), color: COLOURS.muted },
  grid: { color: COLOURS.grid },
  ...extra,
});
const categoryAxis = { grid: { display: false }, ticks: { color: COLOURS.ink } };

/** Grouped horizontal bars per category: budget (outlined), actual to date (solid), projected (striped). */
export function forecastChart(canvas, forecast, { closed }) {
  const rows = forecast.categories;
  return draw(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.name),
      datasets: [
        series(
          'Budget',
          rows.map((r) => r.budget),
          'outlined',
          COLOURS.charcoal,
        ),
        series(
          'Actual to date',
          rows.map((r) => r.actual),
          'solid',
          COLOURS.navy,
        ),
        series(
          closed ? 'Outturn' : 'Projected outturn',
          rows.map((r) => r.projected),
          'striped',
          COLOURS.orange,
        ),
      ],
    },
    options: {
      indexAxis: 'y',
      scales: { x: moneyAxis(), y: categoryAxis },
      datasets: { bar: { barPercentage: 0.85, categoryPercentage: 0.8 } },
    },
  });
}

/** Grouped bars per partner: baseline (solid), projected additional (striped), projected total (outlined). */
export function rechargeChart(canvas, recharge, label, { closed }) {
  const rows = recharge.partners;
  return draw(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => label(r.partnerId)),
      datasets: [
        series(
          'Baseline',
          rows.map((r) => r.baseline),
          'solid',
          COLOURS.navy,
        ),
        series(
          closed ? 'Additional' : 'Projected additional',
          rows.map((r) => r.additional),
          'striped',
          COLOURS.orange,
        ),
        series(
          closed ? 'Total' : 'Projected total',
          rows.map((r) => r.total),
          'outlined',
          COLOURS.charcoal,
        ),
      ],
    },
    options: {
      scales: { x: categoryAxis, y: moneyAxis({ beginAtZero: true }) },
      datasets: { bar: { barPercentage: 0.85, categoryPercentage: 0.75 } },
    },
  });
}

/** Bars over the years, one stack per partner: baseline (solid) with additional (striped) on top. */
export function contributionsChart(canvas, years, partnerIds, label) {
  const datasets = partnerIds.flatMap((partnerId, i) => {
    const colour = partnerColour(partnerId, i);
    const of = (field) => years.map((y) => y.partners.find((p) => p.partnerId === partnerId)?.[field] ?? '0.00');
    return [
      series(`${label(partnerId)}: baseline`, of('baseline'), 'solid', colour, { stack: partnerId }),
      series(`${label(partnerId)}: additional`, of('additional'), 'striped', colour, { stack: partnerId }),
    ];
  });
  return draw(canvas, {
    type: 'bar',
    data: { labels: years.map((y) => y.yearId), datasets },
    options: {
      scales: { x: { ...categoryAxis, stacked: true }, y: moneyAxis({ stacked: true }) },
      datasets: { bar: { barPercentage: 0.9, categoryPercentage: 0.8 } },
      plugins: {
        legend: {
          position: 'top',
          align: 'start',
          // One entry per partner (click to hide or show both its parts), then what solid and striped mean.
          labels: {
            generateLabels: (chart) => [
              ...partnerIds.map((partnerId, i) => ({
                text: label(partnerId),
                fillStyle: partnerColour(partnerId, i),
                strokeStyle: partnerColour(partnerId, i),
                lineWidth: 0,
                hidden: !chart.isDatasetVisible(i * 2),
                partnerId,
              })),
              { text: 'Solid: baseline', fillStyle: COLOURS.charcoal, strokeStyle: COLOURS.charcoal, lineWidth: 0 },
              { text: 'Striped: additional', fillStyle: striped(COLOURS.charcoal), strokeStyle: COLOURS.charcoal, lineWidth: 1.5 },
            ],
          },
          onClick: (_event, item, legend) => {
            if (!item.partnerId) return;
            const chart = legend.chart;
            chart.data.datasets.forEach((d, i) => {
              if (d.stack === item.partnerId) chart.setDatasetVisibility(i, item.hidden);
            });
            chart.update();
          },
        },
      },
    },
  });
}

/** Writes each bar's percentage just past its end, so the shares read without hovering. */
const percentLabels = {
  id: 'percentLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const meta = chart.getDatasetMeta(0);
    const percents = chart.data.datasets[0]?.percents ?? [];
    ctx.save();
    ctx.fillStyle = COLOURS.ink;
    ctx.font = `600 12px ${Chart.defaults.font.family}`;
    ctx.textBaseline = 'middle';
    meta.data.forEach((bar, i) => {
      if (percents[i] !== undefined) ctx.fillText(formatPercent(percents[i]), bar.x + 6, bar.y);
    });
    ctx.restore();
  },
};

/** Horizontal bars of spend per category, largest first, each labelled with its share. */
export function breakdownChart(canvas, breakdown) {
  const rows = breakdown.rows;
  return draw(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.name),
      datasets: [
        series(
          'Spent',
          rows.map((r) => r.amount),
          'solid',
          COLOURS.navy,
          { percents: rows.map((r) => r.percent), barPercentage: 0.8, categoryPercentage: 0.85 },
        ),
      ],
    },
    plugins: [percentLabels],
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 48 } },
      scales: { x: moneyAxis({ grace: '8%' }), y: categoryAxis },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (ctx) => `${formatMoney(ctx.dataset.amounts[ctx.dataIndex])} (${formatPercent(ctx.dataset.percents[ctx.dataIndex])})`,
          },
        },
      },
    },
  });
}

/**
 * Grouped bars comparing agreements (the "Compare agreements" panel): one group per partner and
 * year, one bar per series (actually paid: solid; current agreement: outlined; edited: striped).
 */
export function compareChart(canvas, labels, seriesList) {
  const colours = [COLOURS.navy, COLOURS.charcoal, COLOURS.orange];
  return draw(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: seriesList.map((s, i) => series(s.label, s.amounts, s.style, colours[i % colours.length])),
    },
    options: {
      indexAxis: 'y',
      scales: { x: moneyAxis(), y: categoryAxis },
      datasets: { bar: { barPercentage: 0.85, categoryPercentage: 0.8 } },
    },
  });
}

/** A dotted fill: dots of the colour on white. */
function dotted(colour) {
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const ctx = tile.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 6, 6);
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.arc(3, 3, 1.6, 0, Math.PI * 2);
  ctx.fill();
  return ctx.createPattern(tile, 'repeat') ?? colour;
}

/** A cross-hatched fill: the colour with a white grid over it. */
function hatched(colour) {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.7)';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(0, 4);
  ctx.lineTo(8, 4);
  ctx.moveTo(4, 0);
  ctx.lineTo(4, 8);
  ctx.stroke();
  return ctx.createPattern(tile, 'repeat') ?? colour;
}

/**
 * Aged debt: one stacked horizontal bar per partner, a segment per age band, each band its own
 * fill (outlined, dotted, striped, cross-hatched, solid: the longer overdue, the heavier) and
 * named in the legend. Credit on account (negative) stacks to the left of zero.
 */
export function agedDebtChart(canvas, aged, buckets, label) {
  const looks = [
    { colour: COLOURS.green, style: (c) => ({ backgroundColor: 'rgba(255, 255, 255, 0.9)', borderColor: c, borderWidth: 2 }) },
    { colour: COLOURS.teal, style: (c) => ({ backgroundColor: dotted(c), borderColor: c, borderWidth: 1.5 }) },
    { colour: COLOURS.navy, style: (c) => ({ backgroundColor: striped(c), borderColor: c, borderWidth: 1.5 }) },
    { colour: COLOURS.purple, style: (c) => ({ backgroundColor: hatched(c), borderColor: c, borderWidth: 1.5 }) },
    { colour: COLOURS.orange, style: (c) => ({ backgroundColor: c, borderColor: c, borderWidth: 0 }) },
  ];
  const rows = aged.partners;
  return draw(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => label(r.partnerId)),
      datasets: buckets.map((b, i) => {
        const look = looks[i % looks.length];
        const amounts = rows.map((r) => r[b.key]);
        return { label: b.label, amounts, data: amounts.map(toNumber), ...look.style(look.colour), borderSkipped: false, stack: 'aged' };
      }),
    },
    options: {
      indexAxis: 'y',
      scales: { x: moneyAxis({ stacked: true, beginAtZero: true }), y: { ...categoryAxis, stacked: true } },
      datasets: { bar: { barPercentage: 0.7, categoryPercentage: 0.85 } },
    },
  });
}

/** Grouped horizontal bars per budget line: the original budget (outlined) beside the revised one (solid). */
export function budgetChart(canvas, rows) {
  return draw(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.name),
      datasets: [
        series(
          'Original budget',
          rows.map((r) => r.original),
          'outlined',
          COLOURS.charcoal,
        ),
        series(
          'Revised budget',
          rows.map((r) => r.revised),
          'solid',
          COLOURS.teal,
        ),
      ],
    },
    options: {
      indexAxis: 'y',
      scales: { x: moneyAxis(), y: categoryAxis },
      datasets: { bar: { barPercentage: 0.85, categoryPercentage: 0.8 } },
    },
  });
}
