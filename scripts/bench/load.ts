/**
 * Section 3 and 5: throughput and latency through the local server under concurrent load
 * (autocannon in this process, the server alone in a child), against the raw DynamoDB loop
 * (raw-loop.ts) at the same concurrency; the server's peak RSS; the capacity units of one post.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { REPO_ROOT } from '../../infra/constructs/bundling.ts';
import { BOARD, OPEN_YEAR } from './events.ts';
import { lastMarked, log, MARKS, NODE24, runNode } from './lib.ts';

export interface Throughput {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly errors: number;
}

export interface LoadScenario {
  readonly scenario: 'post' | 'forecast';
  readonly server: Throughput & { readonly non2xx: number };
  readonly raw: Throughput;
  /** server / raw: below 1 for throughput, above 1 for latency. */
  readonly rpsRatio: number;
  readonly p50Ratio: number;
  readonly p99Ratio: number;
}

export interface OneRequestUnits {
  readonly write: number;
  readonly read: number;
  /** Written by the audit writer, not on the request path. */
  readonly auditWrite: number;
  /** Through the local server, warm (the cost model's duration of the request). */
  readonly ms: number;
  /** Bytes of the answer's body. */
  readonly responseBytes: number;
}

export interface LoadResult {
  readonly connections: number;
  readonly seconds: number;
  readonly scenarios: LoadScenario[];
  /** Peak RSS of the server process while under load (sampled every 20 ms), and its maxRSS. */
  readonly serverPeakRssMiB: number;
  readonly serverMaxRssMiB: number;
  readonly serverIdleRssMiB: number;
  /**
   * Capacity units of exactly one POST of an entry with a supplier reference: the request's own
   * (the handlers' store), and the audit writer's for the record of that change, written from
   * the stream off the request path.
   */
  readonly onePost: OneRequestUnits;
  /** The same without a supplier reference (nothing to claim in the reference index). */
  readonly onePostWithoutReference: OneRequestUnits;
  readonly onePostWithIdempotencyKey: OneRequestUnits;
  /** One invoice raised by hand (its number, the document, its delivery queued), for the cost model. */
  readonly oneInvoice: OneRequestUnits;
}

class Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly info: { url: string; finance: string; board: string };
  private readonly lines: AsyncIterator<string>;
  private constructor(child: ChildProcessWithoutNullStreams, info: Served['info'], lines: AsyncIterator<string>) {
    this.child = child;
    this.info = info;
    this.lines = lines;
  }

  static async start(): Promise<Served> {
    const child = spawn(NODE24, [join(REPO_ROOT, 'scripts', 'bench', 'serve.ts')], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    for (;;) {
      const next = await lines.next();
      if (next.done) throw new Error('the server process ended before it was ready');
      if (next.value.startsWith(MARKS.ready)) return new Served(child, JSON.parse(next.value.slice(MARKS.ready.length)), lines);
    }
  }

  async ask<T>(command: string): Promise<T> {
    this.child.stdin.write(`${command}\n`);
    for (;;) {
      const next = await this.lines.next();
      if (next.done) throw new Error('the server process ended');
      if (next.value.startsWith(MARKS.reply)) return JSON.parse(next.value.slice(MARKS.reply.length)) as T;
    }
  }

  async stop(): Promise<void> {
    const closed = new Promise((r) => this.child.once('close', r));
    this.child.stdin.write('exit\n');
    await closed;
  }
}

const entryBody = (i: number, withReference = true) =>
  JSON.stringify({
    date: '2025-10-15',
    category: 'training',
    amount: `${(i % 500) + 1}.25`,
    supplier: 'Bench Training Ltd',
    description: 'Training venue, facilitator and materials for the multi-agency workshop',
    ...(withReference ? { reference: `BENCH-${i}` } : {}),
  });

async function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function rawLoop(scenario: 'post' | 'forecast', connections: number, seconds: number): Promise<Throughput> {
  const out = await runNode([join(REPO_ROOT, 'scripts', 'bench', 'raw-loop.ts'), scenario], {
    env: { ...(process.env as Record<string, string>), BENCH_CONNECTIONS: String(connections), BENCH_DURATION: String(seconds) },
    timeoutMs: (seconds + 120) * 1000,
  });
  if (out.code !== 0) throw new Error(`raw loop ${scenario} failed:\n${out.stderr.slice(-3000)}`);
  return lastMarked<Throughput>(out.stdout, MARKS.raw);
}

export async function loadTest(connections: number, seconds: number): Promise<LoadResult> {
  const served = await Served.start();
  const { url, finance, board } = served.info;
  const yearPath = `${url}/v1/boards/${BOARD}/years/${OPEN_YEAR}`;
  const post = (body: string, extra: Record<string, string> = {}) =>
    fetch(`${yearPath}/expenditure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${finance}`, 'content-type': 'application/json', ...extra },
      body,
    });
  try {
    // Warm every function the load touches, then count the units of exactly one request.
    for (const r of [await post(entryBody(0)), await fetch(`${yearPath}/forecast`, { headers: { authorization: `Bearer ${board}` } })]) {
      if (!r.ok) throw new Error(`warm-up: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    }
    const units = async (request: () => Promise<Response>): Promise<OneRequestUnits> => {
      const before = await served.ask<{ read: number; write: number; auditWrite: number }>('units');
      const started = performance.now();
      const res = await request();
      const body = await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status !== 201) throw new Error(`one request: ${res.status} ${Buffer.from(body).toString()}`);
      const after = await served.ask<{ read: number; write: number; auditWrite: number }>('units');
      return {
        write: after.write - before.write,
        read: after.read - before.read,
        auditWrite: after.auditWrite - before.auditWrite,
        ms,
        responseBytes: body.byteLength,
      };
    };
    const onePost = await units(() => post(entryBody(1)));
    const onePostWithoutReference = await units(() => post(entryBody(3, false)));
    const onePostWithIdempotencyKey = await units(() => post(entryBody(2), { 'idempotency-key': `bench-${Date.now()}` }));
    // An invoice raised by hand: a number, the document, its email queued (the first one warms the function).
    const invoice = () =>
      fetch(`${yearPath}/invoices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${finance}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          partnerId: 'blmk-icb',
          lines: [{ description: 'Training places at the multi-agency workshop (bench)', amount: '450.00', vat: 'outside-scope' }],
        }),
      });
    await units(invoice);
    const oneInvoice = await units(invoice);
    const idle = await served.ask<{ rss: number }>('memory');
    await served.ask('reset');

    const scenarios: LoadScenario[] = [];
    // The forecast first: the posts grow the year it reads.
    for (const scenario of ['forecast', 'post'] as const) {
      log(`load: ${scenario} through the local server, ${connections} connections, ${seconds} s`);
      let i = 10;
      const result = await cannon({
        url: scenario === 'post' ? `${yearPath}/expenditure` : `${yearPath}/forecast`,
        connections,
        duration: seconds,
        ...(scenario === 'post'
          ? {
              method: 'POST',
              headers: { authorization: `Bearer ${finance}`, 'content-type': 'application/json' },
              // A new body for every request: each is a new entry.
              requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: entryBody(i++) }) }],
            }
          : { method: 'GET', headers: { authorization: `Bearer ${board}` } }),
      } as autocannon.Options);
      const server = {
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
      };
      log(`load: ${scenario} as a raw DynamoDB loop, same concurrency`);
      const raw = await rawLoop(scenario, connections, seconds);
      scenarios.push({
        scenario,
        server,
        raw,
        rpsRatio: server.rps / raw.rps,
        p50Ratio: server.p50 / raw.p50,
        p99Ratio: server.p99 / raw.p99,
      });
    }
    const memory = await served.ask<{ peak: number; maxRss: number }>('memory');
    return {
      connections,
      seconds,
      scenarios,
      serverPeakRssMiB: memory.peak / 2 ** 20,
      serverMaxRssMiB: memory.maxRss / 2 ** 20,
      serverIdleRssMiB: idle.rss / 2 ** 20,
      onePost,
      onePostWithoutReference,
      onePostWithIdempotencyKey,
      oneInvoice,
    };
  } finally {
    await served.stop();
  }
}
