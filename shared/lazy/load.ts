/**
 * Libraries a function needs for some requests only, loaded on the first such request:
 * exceljs (XLSX exports and imports), the PDF renderers of shared/infrastructure/pdf with
 * what they draw with: pdf-lib (the plain layout) and pdfkit with its font (the documents),
 * Powertools Metrics (the requests that count a metric; reads count none) and the mail
 * sender's MIME builder with nodemailer and its SES client (the passes that have a message to
 * send).
 * Together they would more than treble a function's bundle and its cold start, for requests
 * most invocations never make; the renderers' own code travels with its library, so a
 * function's `index.mjs` holds only the loaders (shared/infrastructure/pdf/index.ts).
 *
 * In development and tests each loader imports its entry module beside this file
 * (`./exceljs.ts`, `./pdf-lib.ts`, `./pdfkit.ts`) like any other module. In a Lambda bundle the build
 * defines `__SAB_SIDE_BUNDLES__`, which drops those imports from `index.mjs`, and the loader
 * imports a side bundle beside it instead (`./exceljs.mjs`, `./pdf-lib.mjs`, `./pdfkit.mjs`): the entry
 * module bundled on its own by the same esbuild options. The build emits a side bundle for
 * every `new URL('./<name>.mjs', import.meta.url)` that survives in `index.mjs`, from
 * `shared/lazy/<name>.ts` (see `infra/constructs/bundling.ts`).
 */
import type ExcelModule from './exceljs.ts';
import type * as MetricsModule from './metrics.ts';
import type * as MimeModule from './mime.ts';
import type * as PdfLibModule from './pdf-lib.ts';
import type * as PdfKitModule from './pdfkit.ts';
import type * as SesModule from './ses.ts';

/** Defined (true) by the Lambda build; undeclared everywhere else. */
declare const __SAB_SIDE_BUNDLES__: boolean | undefined;

export type ExcelJS = typeof ExcelModule;
export type PdfLib = typeof PdfLibModule;
export type PdfKit = typeof PdfKitModule;
export type PowertoolsMetrics = typeof MetricsModule;
export type Mime = typeof MimeModule;
export type Ses = typeof SesModule;

let excel: Promise<typeof import('./exceljs.ts')> | undefined;
let pdf: Promise<PdfLib> | undefined;
let pdfkit: Promise<PdfKit> | undefined;
let metrics: Promise<PowertoolsMetrics> | undefined;
let mime: Promise<Mime> | undefined;
let ses: Promise<Ses> | undefined;

/** The exceljs side bundle's module, imported once on first use. */
function excelModule(): Promise<typeof import('./exceljs.ts')> {
  excel ??=
    typeof __SAB_SIDE_BUNDLES__ !== 'undefined' && __SAB_SIDE_BUNDLES__
      ? (import(new URL('./exceljs.mjs', import.meta.url).href) as Promise<typeof import('./exceljs.ts')>)
      : import('./exceljs.ts');
  return excel;
}

/** exceljs, imported once on first use. */
export function loadExcel(): Promise<ExcelJS> {
  return excelModule().then((m) => m.default);
}

/** The import's workbook reader (with exceljs), imported once on first use. */
export function loadXlsxReader(): Promise<typeof import('./exceljs.ts')['readXlsx']> {
  return excelModule().then((m) => m.readXlsx);
}

/** The plain PDF renderers with pdf-lib, imported once on first use. */
export function loadPdfLib(): Promise<PdfLib> {
  pdf ??=
    typeof __SAB_SIDE_BUNDLES__ !== 'undefined' && __SAB_SIDE_BUNDLES__
      ? (import(new URL('./pdf-lib.mjs', import.meta.url).href) as Promise<PdfLib>)
      : import('./pdf-lib.ts');
  return pdf;
}

/** The document renderers with pdfkit and the document fonts (Noto Sans), imported once on first use. */
export function loadPdfKit(): Promise<PdfKit> {
  pdfkit ??=
    typeof __SAB_SIDE_BUNDLES__ !== 'undefined' && __SAB_SIDE_BUNDLES__
      ? (import(new URL('./pdfkit.mjs', import.meta.url).href) as Promise<PdfKit>)
      : import('./pdfkit.ts');
  return pdfkit;
}

/** Powertools Metrics, imported once, by the first request that counts a metric. */
export function loadMetrics(): Promise<PowertoolsMetrics> {
  metrics ??=
    typeof __SAB_SIDE_BUNDLES__ !== 'undefined' && __SAB_SIDE_BUNDLES__
      ? (import(new URL('./metrics.mjs', import.meta.url).href) as Promise<PowertoolsMetrics>)
      : import('./metrics.ts');
  return metrics;
}

/** The MIME message builder with nodemailer's composer, imported once, by the first message sent. */
export function loadMime(): Promise<Mime> {
  mime ??=
    typeof __SAB_SIDE_BUNDLES__ !== 'undefined' && __SAB_SIDE_BUNDLES__
      ? (import(new URL('./mime.mjs', import.meta.url).href) as Promise<Mime>)
      : import('./mime.ts');
  return mime;
}

/** The SES v2 client, imported once, by the first message sent. */
export function loadSes(): Promise<Ses> {
  ses ??=
    typeof __SAB_SIDE_BUNDLES__ !== 'undefined' && __SAB_SIDE_BUNDLES__
      ? (import(new URL('./ses.mjs', import.meta.url).href) as Promise<Ses>)
      : import('./ses.ts');
  return ses;
}
