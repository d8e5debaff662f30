/**
 * Renders the sample documents (scripts/documents/samples.ts) to PDF, checks each with
 * `qpdf --check` where qpdf is installed, and turns the first page of each into the README's
 * pictures in docs/images/ with `pdftoppm -png -r 80` where poppler is installed.
 *
 *   npm run render-docs                 # PDFs in rendered-documents/ (git-ignored), PNGs in docs/images/
 *   node scripts/render-documents.ts --out /tmp/docs --no-images
 *
 * Exits non-zero when a PDF fails qpdf's check. Without qpdf or pdftoppm it says so and skips
 * that step (the tests check every document with qpdf compiled to WebAssembly anyway).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../infra/constructs/bundling.ts';
import { renderAnnualReport, renderInvoice, renderStatement } from '../shared/infrastructure/pdf/index.ts';
import {
  longNamesCreditNote,
  longNamesInvoice,
  longNamesStatement,
  sampleAnnualReport,
  sampleCreditNote,
  sampleInvoice,
  sampleStatement,
} from './documents/samples.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(REPO_ROOT, 'rendered-documents') },
    images: { type: 'string', default: join(REPO_ROOT, 'docs', 'images') },
    'no-images': { type: 'boolean', default: false },
  },
});
const out = values.out;
const images = values.images;

/** name, renderer, whether its first page is one of the README's pictures. */
const DOCUMENTS: [string, () => Promise<Uint8Array>, boolean][] = [
  ['invoice', () => renderInvoice(sampleInvoice()), true],
  ['credit-note', () => renderInvoice(sampleCreditNote()), true],
  ['statement', () => renderStatement(sampleStatement()), true],
  ['annual-report', () => renderAnnualReport(sampleAnnualReport()), true],
  ['long-names-invoice', () => renderInvoice(longNamesInvoice()), true],
  ['long-names-credit-note', () => renderInvoice(longNamesCreditNote()), false],
  ['long-names-statement', () => renderStatement(longNamesStatement()), false],
];

const has = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).error === undefined;
const qpdf = has('qpdf');
const pdftoppm = !values['no-images'] && spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).error === undefined;
if (!qpdf) console.warn('qpdf is not installed: the PDFs are not checked here (apt-get install qpdf)');
if (!values['no-images'] && !pdftoppm) console.warn('pdftoppm is not installed: no pictures (apt-get install poppler-utils)');

mkdirSync(out, { recursive: true });
if (pdftoppm) mkdirSync(images, { recursive: true });
let failed = 0;
for (const [name, render, picture] of DOCUMENTS) {
  const bytes = await render();
  const file = join(out, `${name}.pdf`);
  writeFileSync(file, bytes);
  let verdict = 'not checked';
  if (qpdf) {
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    verdict = check.status === 0 ? 'qpdf --check clean' : `qpdf --check FAILED (${check.status})`;
    if (check.status !== 0) {
      failed++;
      console.error(check.stdout, check.stderr);
    }
  }
  if (pdftoppm && picture) {
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', file, join(images, name)]);
  }
  console.log(`${file}  ${(bytes.length / 1024).toFixed(1)} KiB  ${verdict}${pdftoppm && picture ? `  -> docs/images/${name}.png` : ''}`);
}
if (failed > 0) {
  console.error(`${failed} document(s) failed qpdf --check`);
  process.exitCode = 1;
}
