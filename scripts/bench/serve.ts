/**
 * A child process of the benchmark: the local server (`startRuntime`, dynalite in memory,
 * seeded) alone in its process, so its memory and CPU are its own. It prints its URL and tokens,
 * then answers commands on stdin, one a line, each with one JSON line on stdout:
 *
 *   units   the capacity units the handlers' store has consumed so far, and the audit writer's write units
 *   memory  RSS now, the peak RSS sampled every 20 ms since `reset`, and the process's maxRSS
 *   reset   restarts the RSS sampling
 *   exit    stops the runtime and exits
 */
import { createInterface } from 'node:readline';
import { startRuntime } from '../../infra/local/runtime.ts';
import { MARKS } from './lib.ts';

process.env.LOG_LEVEL ??= 'silent';
const runtime = await startRuntime({ seed: true });
const sign = async (sub: string, roles: string[]) => (await runtime.tokens.sign({ sub, roles, boardId: 'luton-sab' })).token;
const finance = await sign('bench-finance@local', ['finance']);
const board = await sign('bench-board@local', ['board']);

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
sampler.unref();

process.stdout.write(`${MARKS.ready}${JSON.stringify({ url: runtime.url, finance, board, pid: process.pid })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const command = line.trim();
  if (command === 'units')
    process.stdout.write(`${MARKS.reply}${JSON.stringify({ ...runtime.store.consumed, auditWrite: runtime.auditStore.consumed.write })}\n`);
  else if (command === 'reset') {
    peak = process.memoryUsage().rss;
    process.stdout.write(`${MARKS.reply}{}\n`);
  } else if (command === 'memory') {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    const maxRss = process.resourceUsage().maxRSS * 1024;
    process.stdout.write(`${MARKS.reply}${JSON.stringify({ rss, peak, maxRss })}\n`);
  } else if (command === 'exit') break;
}
clearInterval(sampler);
await runtime.stop();
process.exit(0);
