/**
 * Small helpers shared by the benchmark's sections: statistics, the machine, child processes
 * running the project's Node, and the printed table.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

export const NODE24 = process.execPath;

/** Line prefixes of the child processes' answers (serve.ts, raw-loop.ts, child.ts). */
export const MARKS = { ready: '@@serve-ready@@', reply: '@@serve@@', raw: '@@raw@@', result: '@@result@@' } as const;

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Linear-interpolated quantile of a sample (q in 0..1). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

export const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    ramGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs the project's Node on a script (asynchronously: dynalite may be serving from this
 * process, and blocking on the child would deadlock).
 */
export function runNode(
  args: readonly string[],
  opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number; input?: string; onStderr?: (chunk: string) => void } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(NODE24, [...args], {
      cwd: opts.cwd ?? process.cwd(),
      env: opts.env ?? (process.env as Record<string, string>),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      opts.onStderr?.(d.toString('utf8'));
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** The last line of a child's stdout that starts with `marker`, parsed as JSON. */
export function lastMarked<T>(stdout: string, marker: string): T {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(marker));
  if (!line) throw new Error(`no ${marker} line in the child's output:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(marker.length)) as T;
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;
export const ms = (x: number): string => (Number.isNaN(x) ? '-' : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
export const times = (x: number): string => (Number.isNaN(x) ? '-' : `${x.toFixed(2)}x`);
export const num = (x: number, digits = 0): string =>
  Number.isNaN(x) ? '-' : x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A fixed-width text table: first column left-aligned, the rest right-aligned. */
export function table(title: string, head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [`\n${title}`, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** "met" / "MISSED" for a figure against its target (lower is better). */
export const verdict = (value: number, target: number): string => (Number.isNaN(value) ? '-' : value <= target ? 'met' : 'MISSED');

export function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
