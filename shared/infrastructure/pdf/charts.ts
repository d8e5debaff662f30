/**
 * Bar charts drawn with the PDF's own vector primitives (no images, no chart library): labelled
 * axes with ticks, a value printed on every bar, and series told apart by fill pattern (solid,
 * hatched) and a legend, never by colour alone. Each chart is one tagged Figure whose
 * alternative text states every value, and the same figures are in a table beside it.
 */
import type { PDFStructureElement } from 'pdfkit';
import { formatWholePounds } from '../../domain/format.ts';
import { Decimal, Money } from '../../domain/money.ts';
import { COLOURS, CONTENT_WIDTH, LEFT, type PdfWriter, RIGHT } from './writer.ts';

/** A round step for an axis from 0 to `max` pounds with about `ticks` intervals (1, 2 or 5 x 10^n). */
export function niceStep(max: Money, ticks = 5): Money {
  const raw = max.toDecimal().dividedBy(ticks);
  if (raw.lessThanOrEqualTo(0)) return Money.parse('1');
  let power = new Decimal(1);
  while (power.times(10).lessThanOrEqualTo(raw)) power = power.times(10);
  while (power.greaterThan(raw)) power = power.dividedBy(10);
  const step = [1, 2, 5, 10].map((m) => power.times(m)).find((s) => s.greaterThanOrEqualTo(raw)) ?? power.times(10);
  // Up to the penny, never down to nothing: the axis grows by this step until it reaches max.
  return Money.fromStored(step.toFixed(2, 'ceil'));
}

/** `£50k`, `£1.5m`: short axis labels. */
function axisLabel(value: Money): string {
  const d = value.toDecimal();
  if (d.greaterThanOrEqualTo(1_000_000)) return `£${d.dividedBy(1_000_000).toDecimalPlaces(1).toString()}m`;
  if (d.greaterThanOrEqualTo(1_000)) return `£${d.dividedBy(1_000).toDecimalPlaces(1).toString()}k`;
  return `£${d.toDecimalPlaces(0).toString()}`;
}

const CAPTION = { bold: true, size: 9, color: COLOURS.muted } as const;

/** The chart's caption, tagged as such, above it. */
function chartTitle(w: PdfWriter, parent: PDFStructureElement, title: string): void {
  const y = w.y;
  const h = w.measure(title, CONTENT_WIDTH, CAPTION);
  w.tag(parent, 'Caption', () => w.draw(title, LEFT, y, CONTENT_WIDTH, CAPTION));
  w.y += h + 8;
}

const ratio = (value: Money, max: Money): number => (max.isZero() ? 0 : value.toDecimal().dividedBy(max.toDecimal()).toNumber());

/** Diagonal hatching inside a rectangle, with its outline: the second series' pattern. */
function hatched(w: PdfWriter, x: number, y: number, width: number, height: number, colour: string): void {
  const d = w.doc;
  if (width <= 0 || height <= 0) return;
  d.save();
  d.rect(x, y, width, height).clip();
  d.lineWidth(0.8).strokeColor(colour);
  for (let off = -height; off < width; off += 4.5) {
    d.moveTo(x + off, y + height).lineTo(x + off + height, y);
  }
  d.stroke();
  d.restore();
  d.save();
  d.lineWidth(0.8).rect(x, y, width, height).stroke(colour);
  d.restore();
}

function solid(w: PdfWriter, x: number, y: number, width: number, height: number, colour: string): void {
  if (width <= 0 || height <= 0) return;
  w.doc.save();
  w.doc.rect(x, y, width, height).fill(colour);
  w.doc.restore();
}

export interface Bar {
  readonly label: string;
  readonly value: Money;
  /** Printed at the end of the bar (`£218,300 (78.0%)`). */
  readonly text: string;
}

/**
 * Horizontal bars, one per row: the label on the left, the bar scaled to the largest value on
 * an axis from £0 with ticks, the value at the end of the bar.
 */
export function horizontalBars(
  w: PdfWriter,
  parent: PDFStructureElement,
  spec: { title: string; alt: string; axis: string; bars: readonly Bar[] },
): void {
  const labelWidth = 150;
  const valueWidth = 112;
  const size = 8.5;
  const rows = spec.bars.map((b) => ({ ...b, h: Math.max(15, w.measure(b.label, labelWidth - 8, { size }) + 3) }));
  const plotX = LEFT + labelWidth;
  const plotWidth = CONTENT_WIDTH - labelWidth - valueWidth;
  const titleHeight = w.measure(spec.title, CONTENT_WIDTH, CAPTION) + 8;
  const height = titleHeight + rows.reduce((a, r) => a + r.h, 0) + 40;
  w.ensure(height);
  chartTitle(w, parent, spec.title);
  const top = w.y;
  const max = spec.bars.reduce((m, b) => m.max(b.value), Money.zero);
  const step = niceStep(max.isZero() ? Money.parse('1') : max, 4);
  let axisMax = step;
  while (axisMax.compare(max) < 0) axisMax = axisMax.plus(step);
  w.tag(
    parent,
    'Figure',
    () => {
      const d = w.doc;
      const plotBottom = top + rows.reduce((a, r) => a + r.h, 0);
      // Grid and ticks.
      for (let v = Money.zero; v.compare(axisMax) <= 0; v = v.plus(step)) {
        const x = plotX + ratio(v, axisMax) * plotWidth;
        d.save();
        d.lineWidth(0.4)
          .strokeColor(COLOURS.faint)
          .moveTo(x, top - 2)
          .lineTo(x, plotBottom + 3)
          .stroke();
        d.restore();
        w.draw(axisLabel(v), x - 30, plotBottom + 5, 60, { size: 7.5, color: COLOURS.muted, align: 'center' });
      }
      d.save();
      d.lineWidth(0.8)
        .strokeColor(COLOURS.ink)
        .moveTo(plotX, top - 2)
        .lineTo(plotX, plotBottom)
        .lineTo(plotX + plotWidth, plotBottom)
        .stroke();
      d.restore();
      w.draw(spec.axis, plotX, plotBottom + 17, plotWidth, { size: 7.5, color: COLOURS.muted, align: 'center' });
      let y = top;
      for (const r of rows) {
        w.draw(r.label, LEFT, y + 2, labelWidth - 8, { size, align: 'right' });
        const length = ratio(r.value, axisMax) * plotWidth;
        solid(w, plotX, y + 2.5, length, Math.min(11, r.h - 5), COLOURS.accent);
        w.draw(r.text, plotX + length + 4, y + 2, valueWidth + plotWidth - length - 4, { size, bold: true });
        y += r.h;
      }
    },
    { alt: spec.alt },
  );
  w.y = top + height - titleHeight;
}

export interface StackedColumn {
  readonly label: string;
  readonly lower: Money;
  readonly upper: Money;
  /** A marker across the column (the budget set). */
  readonly marker?: Money;
}

/**
 * Vertical stacked columns (baseline solid below, additional hatched above), the total printed
 * above each column, a marker line across it (the budget set), a legend naming each pattern.
 */
export function stackedColumns(
  w: PdfWriter,
  parent: PDFStructureElement,
  spec: {
    title: string;
    alt: string;
    axis: string;
    lowerName: string;
    upperName: string;
    markerName: string;
    columns: readonly StackedColumn[];
  },
): void {
  const plotHeight = 170;
  const titleHeight = w.measure(spec.title, CONTENT_WIDTH, CAPTION) + 8;
  const height = titleHeight + plotHeight + 80;
  w.ensure(height);
  chartTitle(w, parent, spec.title);
  const top = w.y + 14;
  const plotX = LEFT + 46;
  const plotWidth = RIGHT - plotX - 10;
  const max = spec.columns.reduce((m, c) => m.max(c.lower.plus(c.upper)).max(c.marker ?? Money.zero), Money.zero);
  const step = niceStep(max.isZero() ? Money.parse('1') : max, 5);
  let axisMax = step;
  while (axisMax.compare(max) < 0) axisMax = axisMax.plus(step);
  const plotBottom = top + plotHeight;
  const yOf = (v: Money) => plotBottom - ratio(v, axisMax) * plotHeight;
  w.tag(
    parent,
    'Figure',
    () => {
      const d = w.doc;
      w.draw(spec.axis, LEFT, top - 16, 200, { size: 7.5, color: COLOURS.muted });
      for (let v = Money.zero; v.compare(axisMax) <= 0; v = v.plus(step)) {
        const y = yOf(v);
        d.save();
        d.lineWidth(0.4)
          .strokeColor(COLOURS.faint)
          .moveTo(plotX - 3, y)
          .lineTo(plotX + plotWidth, y)
          .stroke();
        d.restore();
        w.draw(axisLabel(v), LEFT, y - 5, 40, { size: 7.5, color: COLOURS.muted, align: 'right' });
      }
      d.save();
      d.lineWidth(0.8)
        .strokeColor(COLOURS.ink)
        .moveTo(plotX, top)
        .lineTo(plotX, plotBottom)
        .lineTo(plotX + plotWidth, plotBottom)
        .stroke();
      d.restore();
      const slot = plotWidth / spec.columns.length;
      const barWidth = Math.min(56, slot * 0.5);
      spec.columns.forEach((c, i) => {
        const x = plotX + slot * i + (slot - barWidth) / 2;
        const lowerTop = yOf(c.lower);
        const total = c.lower.plus(c.upper);
        const upperTop = yOf(total);
        solid(w, x, lowerTop, barWidth, plotBottom - lowerTop, COLOURS.accent);
        hatched(w, x, upperTop, barWidth, lowerTop - upperTop, COLOURS.accent);
        if (c.marker) {
          const my = yOf(c.marker);
          d.save();
          d.lineWidth(2)
            .strokeColor(COLOURS.ink)
            .moveTo(x - 8, my)
            .lineTo(x + barWidth + 8, my)
            .stroke();
          d.restore();
        }
        w.draw(formatWholePounds(total), x - 20, upperTop - 12, barWidth + 40, { size: 7.5, bold: true, align: 'center' });
        w.draw(c.label, plotX + slot * i, plotBottom + 4, slot, { size: 8, align: 'center' });
      });
      // Legend: pattern swatches and words.
      const ly = plotBottom + 30;
      let lx = plotX;
      solid(w, lx, ly, 14, 9, COLOURS.accent);
      lx += 18;
      w.draw(spec.lowerName, lx, ly - 1, 150, { size: 8 });
      lx += w.widthOf(spec.lowerName, { size: 8 }) + 18;
      hatched(w, lx, ly, 14, 9, COLOURS.accent);
      lx += 18;
      w.draw(spec.upperName, lx, ly - 1, 170, { size: 8 });
      lx += w.widthOf(spec.upperName, { size: 8 }) + 18;
      d.save();
      d.lineWidth(2)
        .strokeColor(COLOURS.ink)
        .moveTo(lx, ly + 4.5)
        .lineTo(lx + 14, ly + 4.5)
        .stroke();
      d.restore();
      w.draw(spec.markerName, lx + 18, ly - 1, 120, { size: 8 });
    },
    { alt: spec.alt },
  );
  w.y = top + height - titleHeight - 14;
}
