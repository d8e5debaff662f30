/**
 * The document renderers work as a Lambda bundle would run them: an entry that renders every
 * document is bundled with the functions' own esbuild options (so `__SAB_SIDE_BUNDLES__` is
 * defined), the side bundle it refers to is emitted beside it by the same command CDK runs,
 * and a fresh Node 24 process, in a folder with no node_modules above it, renders the
 * documents from those two files alone. That proves the font travels inside the side bundle
 * and pdfkit is not in index.mjs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, REPO_ROOT } from '../../infra/constructs/bundling.ts';
import { emitSideBundles } from '../../infra/constructs/side-bundles.ts';
import { LONG_PARTNER } from '../../scripts/documents/samples.ts';
import { qpdfCheck, readPdf } from '../helpers/pdf-inspect.ts';

const require = createRequire(import.meta.url);
const outdir = mkdtempSync(join(tmpdir(), 'sab-pdfkit-bundle-'));
const cwd = mkdtempSync(join(tmpdir(), 'sab-pdfkit-run-'));

/** What a handler would do: render documents through the renderers' public module. */
const ENTRY = `
import { renderAnnualReport, renderInvoice, renderStatement } from './shared/infrastructure/pdf/index.ts';
import { longNamesInvoice, sampleAnnualReport, sampleCreditNote, sampleStatement } from './scripts/documents/samples.ts';
export async function renderAll() {
  return {
    invoice: await renderInvoice(longNamesInvoice()),
    creditNote: await renderInvoice(sampleCreditNote()),
    statement: await renderStatement(sampleStatement()),
    annualReport: await renderAnnualReport(sampleAnnualReport()),
  };
}
`;

let sideBundles: string[] = [];
beforeAll(async () => {
  await build({
    ...esbuildOptions(join(outdir, 'index.mjs')),
    stdin: { contents: ENTRY, resolveDir: REPO_ROOT, sourcefile: 'probe.ts', loader: 'ts' },
  });
  sideBundles = await emitSideBundles(outdir);
}, 60_000);
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

const MARK = '@@pdfkit-bundle@@';
const CHILD = `
  const { renderAll } = await import(process.env.PROBE_BUNDLE);
  const started = performance.now();
  const docs = await renderAll();
  const ms = performance.now() - started;
  const out = Object.fromEntries(Object.entries(docs).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  process.stdout.write('\\n' + ${JSON.stringify(MARK)} + JSON.stringify({ ms, out }));
`;

describe('the pdfkit side bundle', () => {
  it('is a file beside index.mjs holding the renderers, pdfkit and the font; index.mjs holds only their loaders', () => {
    expect(sideBundles).toEqual(['pdfkit']);
    expect(readdirSync(outdir).sort()).toEqual(['index.mjs', 'index.mjs.map', 'pdfkit.mjs', 'pdfkit.mjs.map']);
    const indexSources = (JSON.parse(readFileSync(join(outdir, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;
    expect(indexSources.filter((s) => /node_modules\/(pdfkit|fontkit|@expo-google-fonts)\//.test(s))).toEqual([]);
    // The renderers' own code (layout, tables, charts) travels with pdfkit: index.mjs has only the loaders.
    expect(indexSources.filter((s) => /shared\/infrastructure\/pdf\//.test(s)).map((s) => s.replace(/^.*shared\//, 'shared/'))).toEqual([
      'shared/infrastructure/pdf/index.ts',
    ]);
    const sideSources = (JSON.parse(readFileSync(join(outdir, 'pdfkit.mjs.map'), 'utf8')) as { sources: string[] }).sources;
    expect(
      sideSources.filter((s) => /shared\/infrastructure\/pdf\/(writer|invoice|statement|annual-report|charts|parts)\.ts$/.test(s)),
    ).toHaveLength(6);
    // esbuild's binary loader inlines each font as base64: the start of each file is there.
    const side = readFileSync(join(outdir, 'pdfkit.mjs'), 'utf8');
    for (const file of ['400Regular/NotoSans_400Regular.ttf', '700Bold/NotoSans_700Bold.ttf']) {
      const head = readFileSync(require.resolve(`@expo-google-fonts/noto-sans/${file}`))
        .subarray(0, 480)
        .toString('base64');
      expect(side, file).toContain(head);
      expect(readFileSync(join(outdir, 'index.mjs'), 'utf8')).not.toContain(head);
    }
    // The loaders are small; the renderers, the library and the two fonts (about 1.3 MB as TTF) are in the side bundle.
    expect(statSync(join(outdir, 'index.mjs')).size).toBeLessThan(200_000);
    expect(statSync(join(outdir, 'pdfkit.mjs')).size).toBeGreaterThan(1_500_000);
  });

  it('renders every document in a fresh Node 24 process with no node_modules, Welsh, Polish and Greek included', async () => {
    // Act
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', CHILD], {
      cwd,
      env: { PATH: process.env.PATH ?? '', PROBE_BUNDLE: pathToFileURL(join(outdir, 'index.mjs')).href },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });

    // Assess
    const { out } = JSON.parse(stdout.slice(stdout.lastIndexOf(MARK) + MARK.length)) as { out: Record<string, string> };
    expect(Object.keys(out).sort()).toEqual(['annualReport', 'creditNote', 'invoice', 'statement']);
    for (const [name, base64] of Object.entries(out)) {
      const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
      expect(await qpdfCheck(bytes), name).toBe(0);
    }
    const invoice = await readPdf(new Uint8Array(Buffer.from(out.invoice ?? '', 'base64')));
    expect(invoice.text).toContain(LONG_PARTNER);
    expect(invoice.text).toContain('Ελληνικά');
    const report = await readPdf(new Uint8Array(Buffer.from(out.annualReport ?? '', 'base64')));
    expect(report.text).toContain('Figure 7');
  });
});
