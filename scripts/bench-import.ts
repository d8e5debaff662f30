/**
 * Times a bulk import through HTTP on the local runtime (dynalite in memory) and counts what
 * it writes. Not part of `npm test`: run it with
 *
 *   node scripts/bench-import.ts                 # 10,000 rows, CSV
 *   IMPORT_ROWS=2000 IMPORT_FORMAT=xlsx node scripts/bench-import.ts
 *   NO_AUDIT=1 node scripts/bench-import.ts     # without the audit trail's extra write per write
 *
 * It prints the time of a dry run, of the import, and of importing the same file again, and
 * the write units the store consumed (its `consumed` counter) with the writes by kind.
 */
import { cpus, totalmem } from 'node:os';
import { startRuntime } from '../infra/local/runtime.ts';
import type { WriteOp } from '../shared/infrastructure/dynamodb/store.ts';

const ROWS = Number(process.env.IMPORT_ROWS ?? 10_000);
const FORMAT = process.env.IMPORT_FORMAT === 'xlsx' ? 'xlsx' : 'csv';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const boardId = 'bench-board';
const yearId = '2024-25';

process.env.LOG_LEVEL ??= 'silent';
const runtime = await startRuntime({ seed: false });
if (process.env.NO_AUDIT) (runtime.store as unknown as { audit: boolean }).audit = false;
const token = (await runtime.tokens.sign({ sub: 'bench@local', roles: ['admin', 'finance'], boardId })).token;

async function call(method: string, path: string, body?: unknown, raw?: { bytes: Uint8Array; type: string }) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let payload: string | Uint8Array | undefined;
  if (raw) {
    headers['content-type'] = raw.type;
    payload = raw.bytes;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${runtime.url}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text || 'null') as Record<string, unknown>;
}

// A board with an open year, as finance would have it.
const b = `/v1/boards/${boardId}`;
await call('PUT', b, { name: 'Benchmark board' });
const partners = [
  ['blmk-icb', '81305.00', '0.4'],
  ['beds-police', '20390.00', '0.1'],
  ['luton-council', '101591.00', '0.5'],
] as const;
for (const [p] of partners) {
  await call('PUT', `${b}/partners/${p}`, {
    name: p,
    kind: 'statutory',
    billing: { address: '1 High St', contact: 'Finance', email: `${p}@example.org` },
  });
}
await call('PUT', `${b}/years/${yearId}`, { budgetSet: '203500.00' });
const categories = ['staffing', 'sar', 'training', 'other'];
for (const c of categories) await call('PUT', `${b}/years/${yearId}/budget-lines/${c}`, { name: c, amount: '50000.00' });
await call('PUT', `${b}/sars/adult-d`, { title: 'Adult D', kind: 'sar', status: 'in-progress' });
await call('PUT', `${b}/years/${yearId}/agreement`, {
  basis: 'full-cost-recovery',
  host: 'luton-council',
  partners: partners.map(([partnerId, baseline, share]) => ({ partnerId, baseline, share })),
});
await call('POST', `${b}/years/${yearId}/open`);

// The file: a year of transactions, a tenth of them SAR costs.
const header = ['Transaction date', 'Cost centre', 'Net amount', 'Supplier name', 'Narrative', 'SAR', 'Invoice no'];
const rows = Array.from({ length: ROWS }, (_, i) => {
  const month = (i % 12) + 1;
  const year = month >= 4 ? 2024 : 2025;
  const sar = i % 10 === 0;
  return [
    `${String((i % 28) + 1).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`,
    sar ? 'sar' : categories[i % 4] === 'sar' ? 'other' : (categories[i % 4] as string),
    `£${(1 + (i % 5000)).toLocaleString('en-GB')}.${String(i % 100).padStart(2, '0')}`,
    `Supplier ${i % 97}`,
    `Transaction ${i}, "bench"`,
    sar ? 'adult-d' : '',
    `INV-${100000 + i}`,
  ];
});
let bytes: Uint8Array;
if (FORMAT === 'xlsx') {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Expenditure');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
} else {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  bytes = new TextEncoder().encode(`${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`);
}
const type = FORMAT === 'xlsx' ? XLSX_TYPE : 'text/csv';
const importPath = `${b}/years/${yearId}/expenditure/import`;

const kinds = new Map<string, number>();
const kindOf = (op: WriteOp) =>
  op.kind === 'put' ? `put ${String(op.item.type ?? op.item.sk).split('#')[0]}` : `update ${op.update.split(' ').slice(0, 2).join(' ')}`;
const timed = async (what: string, query = '') => {
  const before = { ...runtime.store.consumed };
  kinds.clear();
  const stop = runtime.store.observe({ beforeWrite: (op) => void kinds.set(kindOf(op), (kinds.get(kindOf(op)) ?? 0) + 1) });
  const started = performance.now();
  // A file too large for one request's time comes back 202 (in progress): send it again.
  let answer = await call('POST', `${importPath}${query}`, undefined, { bytes, type });
  let requests = 1;
  while (answer.status === 'in-progress') {
    answer = await call('POST', `${importPath}${query}`, undefined, { bytes, type });
    requests += 1;
  }
  const ms = performance.now() - started;
  stop();
  const writes = [...kinds.values()].reduce((a, n) => a + n, 0);
  const units = runtime.store.consumed.write - before.write;
  console.log(
    `${what.padEnd(10)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${String(writes).padStart(6)} writes  ${units.toFixed(0).padStart(6)} write units  ${answer.status}${requests > 1 ? ` after ${requests} requests` : ''}`,
  );
  if (writes > 0) console.log(`           ${[...kinds.entries()].map(([k, n]) => `${k}: ${n}`).join(', ')}`);
  return { ms, writes, units, requests };
};

console.log(
  `bulk import benchmark: ${ROWS.toLocaleString('en-GB')} rows, ${FORMAT}, ${(bytes.length / 1024).toFixed(0)} KiB; ` +
    `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ${new Date().toISOString().slice(0, 10)}`,
);
await timed('dry run', '?dryRun=true');
const imported = await timed('import');
await timed('again');
console.log(
  `=> ${ROWS.toLocaleString('en-GB')} rows imported in ${(imported.ms / 1000).toFixed(2)} s over ${imported.requests} request(s) (${Math.round(ROWS / (imported.ms / 1000))} rows/s), ${imported.units.toFixed(0)} write units`,
);
await runtime.stop();
