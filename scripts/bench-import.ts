/**
 * Times a bulk import through HTTP on the local runtime (dynalite in memory) and counts what
 * it writes. Not part of `npm test` (`npm run bench` runs it too, with its other sections):
 *
 *   node scripts/bench-import.ts                 # 10,000 rows, CSV
 *   IMPORT_ROWS=2000 IMPORT_FORMAT=xlsx node scripts/bench-import.ts
 *   NO_AUDIT=1 node scripts/bench-import.ts     # writes unstamped: no audit record is written
 *
 * It prints the time of a dry run, of the import, and of importing the same file again, and
 * the write units the store consumed (its `consumed` counter) with the writes by kind.
 */
import { cpus, totalmem } from 'node:os';
import { benchImport, type ImportStep } from './bench/import.ts';

process.env.LOG_LEVEL ??= 'silent';
const rows = Number(process.env.IMPORT_ROWS ?? 10_000);
const format = process.env.IMPORT_FORMAT === 'xlsx' ? 'xlsx' : 'csv';
const r = await benchImport({ rows, format, audit: !process.env.NO_AUDIT });

console.log(
  `bulk import benchmark: ${rows.toLocaleString('en-GB')} rows, ${format}, ${(r.fileBytes / 1024).toFixed(0)} KiB; ` +
    `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ${new Date().toISOString().slice(0, 10)}`,
);
const line = (what: string, s: ImportStep) => {
  console.log(
    `${what.padEnd(10)} ${(s.ms / 1000).toFixed(2).padStart(7)} s  ${String(s.writes).padStart(6)} writes  ${s.units.toFixed(0).padStart(6)} write units (+${s.auditUnits.toFixed(0)} by the audit writer)  ${s.status}${s.requests > 1 ? ` after ${s.requests} requests` : ''}`,
  );
  if (s.writes > 0)
    console.log(
      `           ${Object.entries(s.kinds)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ')}`,
    );
};
line('dry run', r.dryRun);
line('import', r.imported);
line('again', r.again);
console.log(
  `=> ${rows.toLocaleString('en-GB')} rows imported in ${(r.imported.ms / 1000).toFixed(2)} s over ${r.imported.requests} request(s) (${Math.round(r.rowsPerSecond)} rows/s), ${r.imported.units.toFixed(0)} write units`,
);
