/**
 * Section 2: the cold-start proxy. For every bundle, a fresh Node process (as Lambda's, with
 * NODE_OPTIONS=--enable-source-maps) imports `index.mjs` and answers one request against the
 * benchmark's dynalite, then a second one (warm). Runs go round-robin over the bundles, so
 * whatever else the machine does falls on all of them alike; the figures are medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuiltBundle, TRACED } from './bundles.ts';
import { coldEvent } from './events.ts';
import { lastMarked, log, median, runNode } from './lib.ts';

const MARK = '@@cold@@';

/** Runs in the child: all times from performance.now(), i.e. since the process started. */
const CHILD = `
const event = JSON.parse(process.env.BENCH_EVENT);
const requestId = event.requestContext?.requestId ?? 'bench-cold';
const context = { awsRequestId: requestId, functionName: 'bench', getRemainingTimeInMillis: () => 10000 };
// An HTTP answer has its status; a stream batch answers its failures; the rest answer when they resolve.
const statusOf = (r) => typeof r?.statusCode === 'number' ? r.statusCode : r?.batchItemFailures?.length ? 500 : 200;
if (process.env.BENCH_ZOD_JITLESS) globalThis.__zod_globalConfig = { jitless: true };
const t0 = performance.now();
const c0 = process.cpuUsage();
const { handler } = await import(process.env.BENCH_BUNDLE);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const first = await handler(event, context);
const t2 = performance.now();
const again = await handler(event.requestContext ? { ...event, requestContext: { ...event.requestContext, requestId: requestId + '-2' } } : event, context);
const t3 = performance.now();
const rss = process.memoryUsage().rss;
process.stdout.write('\\n${MARK}' + JSON.stringify({ boot: t0, import: t1 - t0, importCpu: (c1.user + c1.system) / 1000, first: t2 - t1, warm: t3 - t2, status: statusOf(first), again: statusOf(again), rss, body: statusOf(first) >= 300 ? JSON.stringify(first).slice(0, 300) : undefined }) + '\\n');
`;

interface Sample {
  /** Bytes the function logged (stdout, the marker line aside) over its two requests. */
  logBytes: number;
  boot: number;
  import: number;
  importCpu: number;
  first: number;
  warm: number;
  status: number;
  again: number;
  rss: number;
  wall: number;
  body?: string;
}

export interface ColdResult {
  readonly name: string;
  readonly runs: number;
  /** Node's own start-up before the script runs (same for every bundle). */
  readonly bootMs: number;
  readonly importMs: number;
  readonly firstRequestMs: number;
  readonly warmRequestMs: number;
  /** import + first request: the proxy of Lambda's init plus first invoke. */
  readonly coldMs: number;
  /** Whole process, spawn to exit. */
  readonly wallMs: number;
  readonly rssMiB: number;
  readonly status: number;
  /** CPU time (user + system) of the import. */
  readonly importCpuMs: number;
  /** Bytes logged per request (JSON lines on stdout, as Lambda ships them to CloudWatch Logs). */
  readonly logBytesPerRequest: number;
  /**
   * Ratios to the minimal handler, each the median over the rounds of this bundle's time over
   * the minimal handler's in the same round (paired, so drifts in the machine's speed cancel).
   */
  readonly importRatio: number;
  readonly firstRatio: number;
  readonly coldRatio: number;
  /** Every run: import and first-request times (ms). */
  readonly samples: { readonly import: number[]; readonly first: number[] };
}

/** What Lambda gives a function with active tracing, for the X-Ray SDK under Powertools Tracer. */
function tracedEnv(dir: string): Record<string, string> {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${'0'.repeat(16)}${Math.floor(Math.random() * 2 ** 31)
    .toString(16)
    .padStart(8, '0')}`;
  return {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: 'bench-traced',
    LAMBDA_TASK_ROOT: dir,
    POWERTOOLS_TRACE_ENABLED: 'true',
    _X_AMZN_TRACE_ID: `Root=${root};Parent=${'1'.repeat(16)};Sampled=1`,
    AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
  };
}

/** The bundles in a random order (Fisher-Yates), so none always runs first or after a given one. */
function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export async function coldStarts(
  bundles: readonly BuiltBundle[],
  env: { endpoint: string; table: string },
  runs: number,
  baseline: string,
  nodeOptions = '--enable-source-maps',
): Promise<ColdResult[]> {
  // From a folder with no node_modules above it, as in Lambda.
  const cwd = mkdtempSync(join(tmpdir(), 'sab-bench-cold-'));
  const samples = new Map<string, Sample[]>(bundles.map((b) => [b.name, []]));
  try {
    for (let r = 0; r < runs; r++) {
      for (const b of shuffled(bundles)) {
        const { event, ok } = coldEvent(b.name);
        const out = await runNode(['--input-type=module', '-e', CHILD], {
          cwd,
          timeoutMs: 60_000,
          env: {
            PATH: process.env.PATH ?? '',
            NODE_OPTIONS: nodeOptions,
            AWS_REGION: 'eu-west-2',
            LOG_LEVEL: 'info',
            TABLE_NAME: env.table,
            // The mail sender's verified address, as its stack gives it (read at load).
            MAIL_FROM: 'invoices@sab-budget.example.org',
            DYNAMODB_ENDPOINT: env.endpoint,
            BENCH_BUNDLE: pathToFileURL(join(b.dir, 'index.mjs')).href,
            BENCH_EVENT: JSON.stringify(event),
            // An experiment: zod compiles object schemas on their first parse unless told not to.
            ...(process.env.BENCH_ZOD_JITLESS ? { BENCH_ZOD_JITLESS: '1' } : {}),
            // The traced handler runs as in Lambda with active tracing: the X-Ray SDK in its Lambda
            // mode, a sampled trace id, segments sent by UDP to a daemon address nobody listens on.
            ...(b.name === TRACED ? tracedEnv(b.dir) : {}),
          },
        });
        if (out.code !== 0) throw new Error(`${b.name}: the cold-start process failed (${out.code}):\n${out.stderr.slice(-3000)}`);
        const s = lastMarked<Omit<Sample, 'wall' | 'logBytes'>>(out.stdout, MARK);
        if (!ok.includes(s.status)) throw new Error(`${b.name}: answered ${s.status}, expected ${ok.join(' or ')}: ${s.body ?? ''}`);
        const logBytes = Buffer.byteLength(
          out.stdout
            .split('\n')
            .filter((l) => l.trim() !== '' && !l.startsWith(MARK))
            .map((l) => `${l}\n`)
            .join(''),
        );
        samples.get(b.name)?.push({ ...s, logBytes, wall: out.ms });
      }
      log(`cold starts: round ${r + 1}/${runs}`);
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  const base = samples.get(baseline) ?? [];
  return bundles.map((b) => {
    const s = samples.get(b.name) ?? [];
    const m = (f: (x: Sample) => number) => median(s.map(f));
    const paired = (f: (x: Sample) => number) => median(s.map((x, r) => f(x) / f(base[r] as Sample)));
    return {
      name: b.name,
      runs: s.length,
      bootMs: m((x) => x.boot),
      importMs: m((x) => x.import),
      firstRequestMs: m((x) => x.first),
      warmRequestMs: m((x) => x.warm),
      coldMs: m((x) => x.import + x.first),
      wallMs: m((x) => x.wall),
      rssMiB: m((x) => x.rss) / 2 ** 20,
      status: s[0]?.status ?? 0,
      importCpuMs: m((x) => x.importCpu),
      logBytesPerRequest: m((x) => x.logBytes) / 2,
      importRatio: paired((x) => x.import),
      firstRatio: paired((x) => x.first),
      coldRatio: paired((x) => x.import + x.first),
      samples: { import: s.map((x) => x.import), first: s.map((x) => x.first) },
    };
  });
}
