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
import type { BuiltBundle } from './bundles.ts';
import { coldEvent } from './events.ts';
import { lastMarked, log, median, runNode } from './lib.ts';

const MARK = '@@cold@@';

/** Runs in the child: all times from performance.now(), i.e. since the process started. */
const CHILD = `
const event = JSON.parse(process.env.BENCH_EVENT);
const context = { awsRequestId: event.requestContext.requestId, functionName: 'bench', getRemainingTimeInMillis: () => 10000 };
const t0 = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const t1 = performance.now();
const first = await handler(event, context);
const t2 = performance.now();
const again = await handler({ ...event, requestContext: { ...event.requestContext, requestId: event.requestContext.requestId + '-2' } }, context);
const t3 = performance.now();
const rss = process.memoryUsage().rss;
process.stdout.write('\\n${MARK}' + JSON.stringify({ boot: t0, import: t1 - t0, first: t2 - t1, warm: t3 - t2, status: first.statusCode, again: again.statusCode, rss, body: first.statusCode >= 300 ? String(first.body).slice(0, 300) : undefined }) + '\\n');
`;

interface Sample {
  boot: number;
  import: number;
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
}

export async function coldStarts(
  bundles: readonly BuiltBundle[],
  env: { endpoint: string; table: string },
  runs: number,
  nodeOptions = '--enable-source-maps',
): Promise<ColdResult[]> {
  // From a folder with no node_modules above it, as in Lambda.
  const cwd = mkdtempSync(join(tmpdir(), 'sab-bench-cold-'));
  const samples = new Map<string, Sample[]>(bundles.map((b) => [b.name, []]));
  try {
    for (let r = 0; r < runs; r++) {
      for (const b of bundles) {
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
            DYNAMODB_ENDPOINT: env.endpoint,
            BENCH_BUNDLE: pathToFileURL(join(b.dir, 'index.mjs')).href,
            BENCH_EVENT: JSON.stringify(event),
          },
        });
        if (out.code !== 0) throw new Error(`${b.name}: the cold-start process failed (${out.code}):\n${out.stderr.slice(-3000)}`);
        const s = lastMarked<Omit<Sample, 'wall'>>(out.stdout, MARK);
        if (!ok.includes(s.status)) throw new Error(`${b.name}: answered ${s.status}, expected ${ok.join(' or ')}: ${s.body ?? ''}`);
        samples.get(b.name)?.push({ ...s, wall: out.ms });
      }
      log(`cold starts: round ${r + 1}/${runs}`);
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  return bundles.map((b) => {
    const s = samples.get(b.name) ?? [];
    const m = (f: (x: Sample) => number) => median(s.map(f));
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
    };
  });
}
