/**
 * Before the figures: the deployed layout works. The synthesized bundles of the functions that
 * load side bundles answer, in a fresh Node process from a folder with no node_modules above it,
 * the requests that need them: an XLSX export (exceljs writes), an XLSX import (exceljs reads)
 * and an invoice PDF (the pdfkit side bundle, with the renderers). Each request's time and
 * answer size are kept: the cost model prices an email's PDF with them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuiltBundle } from './bundles.ts';
import { apiEvent, BOARD, type EventSpec, OPEN_YEAR } from './events.ts';
import { lastMarked, runNode } from './lib.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MARK = '@@side@@';

const CHILD = `
const { handler } = await import(process.env.BENCH_BUNDLE);
const started = performance.now();
const r = await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: 'side', getRemainingTimeInMillis: () => 10000 });
const ms = performance.now() - started;
const bytes = r.isBase64Encoded ? Buffer.from(r.body, 'base64') : Buffer.from(r.body ?? '');
process.stdout.write('\\n${MARK}' + JSON.stringify({ status: r.statusCode, ms, bytes: bytes.length, type: r.headers?.['content-type'], head: bytes.subarray(0, 4).toString('latin1'), text: r.isBase64Encoded ? '' : String(r.body).slice(0, 300) }) + '\\n');
`;

export interface SideCheck {
  readonly name: string;
  readonly bundle: string;
  readonly status: number;
  readonly ok: boolean;
  /** The request in a fresh process, the side bundle's load included (the first such request of a function). */
  readonly ms: number;
  /** Bytes of the answer (the workbook, the PDF). */
  readonly bytes: number;
}

/** An XLSX workbook with one expenditure row, written by exceljs as a user's spreadsheet would be. */
async function workbook(): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Expenditure');
  ws.addRow(['Transaction date', 'Cost centre', 'Net amount', 'Supplier name', 'Narrative']);
  ws.addRow([new Date('2025-10-01T00:00:00Z'), 'training', 120, 'Bench Ltd', 'Side bundle check']);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export async function checkSideBundles(bundles: readonly BuiltBundle[], env: { endpoint: string; table: string }): Promise<SideCheck[]> {
  const checks: {
    name: string;
    bundle: string;
    spec: EventSpec;
    expect: (r: { status: number; head: string; text: string }) => boolean;
  }[] = [
    {
      name: 'XLSX export (exceljs writes)',
      bundle: 'reports',
      spec: {
        routeKey: 'GET /v1/boards/{boardId}/years/{yearId}/budget-vs-actual',
        params: { boardId: BOARD, yearId: OPEN_YEAR },
        accept: XLSX,
      },
      expect: (r) => r.status === 200 && r.head === 'PK\u0003\u0004',
    },
    {
      name: 'XLSX import, dry run (exceljs reads)',
      bundle: 'import',
      spec: {
        routeKey: 'POST /v1/boards/{boardId}/years/{yearId}/expenditure/import',
        params: { boardId: BOARD, yearId: OPEN_YEAR },
        query: { dryRun: 'true' },
        file: { bytes: await workbook(), type: XLSX },
      },
      expect: (r) => r.status === 200 && /"valid"/.test(r.text),
    },
    {
      name: 'invoice PDF (pdfkit and the renderers)',
      bundle: 'invoices',
      spec: {
        routeKey: 'GET /v1/boards/{boardId}/invoices/{invoiceId}',
        params: { boardId: BOARD, invoiceId: `${OPEN_YEAR}-baseline-blmk-icb` },
        accept: 'application/pdf',
      },
      expect: (r) => r.status === 200 && r.head === '%PDF',
    },
  ];
  const cwd = mkdtempSync(join(tmpdir(), 'sab-bench-side-'));
  try {
    const out: SideCheck[] = [];
    for (const c of checks) {
      const b = bundles.find((x) => x.name === c.bundle);
      if (!b) throw new Error(`no ${c.bundle} bundle`);
      const res = await runNode(['--input-type=module', '-e', CHILD], {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_OPTIONS: '--enable-source-maps',
          AWS_REGION: 'eu-west-2',
          LOG_LEVEL: 'warn',
          TABLE_NAME: env.table,
          DYNAMODB_ENDPOINT: env.endpoint,
          BENCH_BUNDLE: pathToFileURL(join(b.dir, 'index.mjs')).href,
          BENCH_EVENT: JSON.stringify(apiEvent(c.spec)),
        },
      });
      if (res.code !== 0) throw new Error(`${c.name}: the ${c.bundle} bundle failed:\n${res.stderr.slice(-3000)}`);
      const r = lastMarked<{ status: number; head: string; text: string; ms: number; bytes: number }>(res.stdout, MARK);
      if (!c.expect(r)) throw new Error(`${c.name}: the ${c.bundle} bundle answered ${r.status} ${r.head} ${r.text}`);
      out.push({ name: c.name, bundle: c.bundle, status: r.status, ok: true, ms: r.ms, bytes: r.bytes });
    }
    return out;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
