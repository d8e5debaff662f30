/**
 * Feeds the cost model (cost.ts) from the other sections' figures: this run's, or, for a section
 * this run left out (BENCH_ONLY), the last full run's in bench-results/latest.json (the printout
 * says which). Each figure's origin is named in BENCHMARKS.md, "Cost model".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ColdResult } from './cold.ts';
import type { CostInputs, Measured } from './cost.ts';
import { interpolate } from './cost.ts';
import type { Deployment } from './deployment.ts';
import type { ImportBench } from './import.ts';
import { median } from './lib.ts';
import type { LoadResult } from './load.ts';
import type { Measured as ScaleMeasured, ScalePoint } from './scale.ts';
import type { SideCheck } from './side-check.ts';

/** The results of the sections the model needs, as the benchmark keeps them (results JSON). */
export interface SectionResults {
  readonly load?: LoadResult;
  readonly scale?: ScalePoint[];
  readonly import?: ImportBench;
  readonly cold?: { readonly functions: ColdResult[] };
  readonly sideBundles?: SideCheck[];
}

/** Which function answers each request of the board's page (for its log lines). */
const PAGE_FUNCTION: Readonly<Record<string, string>> = {
  years: 'years',
  contributions: 'reports',
  partners: 'partners',
  forecast: 'reports',
  'expenditure-breakdown': 'reports',
  reconciliation: 'reports',
  'budget-vs-actual': 'reports',
  virements: 'virements',
};

/** Functions that no route invokes, left out of the route functions' median init. */
const NOT_ROUTES = new Set(['minimal', 'minimal+tracer', 'audit-writer', 'mail-sender', 'mail-reminders', 'mail-events', 'health']);

/** The files of the board's page (web/), as CloudFront serves them. */
export function pageFiles(webDir: string): { count: number; bytes: number } {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const files = walk(webDir);
  return { count: files.length, bytes: files.reduce((a, f) => a + statSync(f).size, 0) };
}

/** The sections' results, this run's first, the last run's for the rest; and which came from where. */
export function sectionsFor(current: SectionResults, latestPath: string): { results: SectionResults; reused: (keyof SectionResults)[] } {
  let previous: SectionResults = {};
  try {
    previous = JSON.parse(readFileSync(latestPath, 'utf8')) as SectionResults;
  } catch {
    // No earlier run: only this run's sections.
  }
  const reused: (keyof SectionResults)[] = [];
  const pick = <K extends keyof SectionResults>(key: K): SectionResults[K] => {
    if (current[key] !== undefined) return current[key];
    if (previous[key] !== undefined) reused.push(key);
    return previous[key];
  };
  return {
    results: { load: pick('load'), scale: pick('scale'), import: pick('import'), cold: pick('cold'), sideBundles: pick('sideBundles') },
    reused,
  };
}

/** What is missing for the model, by section; empty when it can run. */
export function missingFor(r: SectionResults): string[] {
  const missing: string[] = [];
  if (!r.load?.oneInvoice) missing.push('load');
  if (!r.scale?.length || !r.scale[0]?.page || !r.scale.some((p) => p.items)) missing.push('scale');
  if (!r.import) missing.push('import');
  if (!r.cold?.functions.some((f) => f.logBytesPerRequest !== undefined)) missing.push('cold');
  if (!r.sideBundles?.some((c) => c.bytes !== undefined && c.name.startsWith('invoice PDF'))) missing.push('cold (side bundles)');
  return missing;
}

/** The model's inputs at a year of `entries` entries. */
export function costInputs(
  r: Required<SectionResults>,
  entries: number,
  deployment: Deployment,
  files: { count: number; bytes: number },
): CostInputs {
  const cold = (name: string): ColdResult => {
    const f = r.cold.functions.find((x) => x.name === name);
    if (!f) throw new Error(`the cold section measured no ${name} function`);
    return f;
  };
  const logOf = (name: string) => cold(name).logBytesPerRequest;
  const at = (pick: (p: ScalePoint) => ScaleMeasured | undefined, label: string, fn: string): Measured => {
    const points = r.scale.map((p) => ({ entries: p.entries, m: pick(p) })).filter((x) => x.m !== undefined) as {
      entries: number;
      m: ScaleMeasured;
    }[];
    const curve = (f: (m: ScaleMeasured) => number) =>
      Math.max(
        0,
        interpolate(
          points.map((x) => ({ x: x.entries, y: f(x.m) })),
          entries,
        ),
      );
    return {
      label,
      ms: curve((m) => m.ms),
      read: curve((m) => m.read),
      write: curve((m) => m.write),
      auditWrite: curve((m) => m.auditWrite ?? 0),
      responseBytes: curve((m) => m.bytes ?? 0),
      logBytes: logOf(fn),
    };
  };
  const labels = (r.scale[0]?.page ?? []).map((m) => m.label);
  const one = (u: LoadResult['onePost'], label: string, fn: string): Measured => ({
    label,
    ms: u.ms,
    read: u.read,
    write: u.write,
    auditWrite: u.auditWrite,
    responseBytes: u.responseBytes,
    logBytes: logOf(fn),
  });
  const imp = r.import.imported;
  const pdf = r.sideBundles.find((c) => c.name.startsWith('invoice PDF'));
  const items = r.scale.find((p) => p.items)?.items;
  if (!pdf || !items) throw new Error('the cost model needs the invoice PDF check and the item sizes');
  const routes = r.cold.functions.filter((f) => !NOT_ROUTES.has(f.name));
  return {
    post: one(r.load.onePost, 'post', 'expenditure'),
    page: labels.map((label) => at((p) => p.page.find((m) => m.label === label), label, PAGE_FUNCTION[label] ?? 'reports')),
    pageFiles: files,
    invoice: one(r.load.oneInvoice, 'invoice', 'payments'),
    importRow: {
      ms: imp.ms / r.import.rows,
      write: imp.units / r.import.rows,
      auditWrite: imp.auditUnits / r.import.rows,
      requests: imp.requests / r.import.rows,
    },
    importLogBytes: logOf('import'),
    close: [at((p) => p.closeRequest, 'close: request', 'close'), at((p) => p.closeApprove, 'close: approve', 'close')],
    initMs: median(routes.map((f) => f.importMs)),
    auditWriter: { ms: cold('audit-writer').warmRequestMs, initMs: cold('audit-writer').importMs, logBytes: logOf('audit-writer') },
    pdf: { ms: pdf.ms, bytes: pdf.bytes },
    sender: { ms: cold('mail-sender').warmRequestMs, initMs: cold('mail-sender').importMs },
    reminderScan: { ms: cold('mail-reminders').warmRequestMs, initMs: cold('mail-reminders').importMs },
    items,
    deployment: {
      alarms: deployment.alarms,
      dashboards: deployment.dashboards,
      kmsKeys: deployment.kmsKeys,
      customMetrics: deployment.customMetrics,
      sendEveryMinutes: deployment.sendEveryMinutes,
    },
  };
}
