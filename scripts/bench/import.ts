/**
 * The bulk import through HTTP on the local runtime (dynalite in memory): a generated
 * finance-system export of N rows, its dry run, the import (sent again while it answers 202,
 * as a client would) and a repeat of the same file; the time of each, and the write units the
 * store consumed with the writes by kind (and the audit writer's, off the request path). Used by `npm run bench` and `scripts/bench-import.ts`.
 */
import { startRuntime } from '../../infra/local/runtime.ts';
import type { WriteOp } from '../../shared/infrastructure/dynamodb/store.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportStep {
  readonly ms: number;
  readonly writes: number;
  readonly units: number;
  /** Write units of the audit writer for the records of the step's changes (off the request path). */
  readonly auditUnits: number;
  readonly requests: number;
  readonly status: string;
  readonly kinds: Record<string, number>;
}

export interface ImportBench {
  readonly rows: number;
  readonly format: 'csv' | 'xlsx';
  readonly fileBytes: number;
  readonly audit: boolean;
  readonly dryRun: ImportStep;
  readonly imported: ImportStep;
  readonly again: ImportStep;
  readonly rowsPerSecond: number;
}

export async function benchImport(opts: { rows: number; format: 'csv' | 'xlsx'; audit: boolean }): Promise<ImportBench> {
  const { rows: ROWS, format: FORMAT } = opts;
  const boardId = 'bench-board';
  const yearId = '2024-25';
  const runtime = await startRuntime({ seed: false });
  try {
    if (!opts.audit) runtime.store.audit = false;
    const token = (await runtime.tokens.sign({ sub: 'bench@local', roles: ['admin', 'finance'], boardId })).token;

    const call = async (method: string, path: string, body?: unknown, raw?: { bytes: Uint8Array; type: string }) => {
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
    };

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
      op.kind === 'put'
        ? `put ${String(op.item.type ?? op.item.sk).split('#')[0]}`
        : `update ${op.update.split(' ').slice(0, 2).join(' ')}`;
    const timed = async (query = ''): Promise<ImportStep> => {
      const before = { ...runtime.store.consumed };
      const auditBefore = runtime.auditStore.consumed.write;
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
      return {
        ms,
        writes,
        units: runtime.store.consumed.write - before.write,
        auditUnits: runtime.auditStore.consumed.write - auditBefore,
        requests,
        status: String(answer.status),
        kinds: Object.fromEntries(kinds),
      };
    };

    const dryRun = await timed('?dryRun=true');
    const imported = await timed();
    const again = await timed();
    return {
      rows: ROWS,
      format: FORMAT,
      fileBytes: bytes.length,
      audit: opts.audit,
      dryRun,
      imported,
      again,
      rowsPerSecond: ROWS / (imported.ms / 1000),
    };
  } finally {
    await runtime.stop();
  }
}
