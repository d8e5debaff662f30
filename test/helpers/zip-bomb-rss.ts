/**
 * Run in a child process of its own (see test/unit/zip.test.ts), so that its memory is the
 * import's alone: hands readXlsx the zip bomb (about 1 MB whose headers declare a 1.7 KB
 * worksheet that really inflates to `BOMB_MIB` MiB, 1 GiB by default) and prints, as JSON, how it
 * was refused and the process's resident set before and at its peak (VmHWM), in MiB.
 *
 *   node test/helpers/zip-bomb-rss.ts     # also a benchmark line by hand
 */
import { readFileSync } from 'node:fs';
import { readXlsx } from '../../shared/infrastructure/files/xlsx.ts';
import { xlsxBomb } from './zip.ts';

const MIB = 1024 * 1024;
const peak = (): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;

const mib = Number(process.env.BOMB_MIB ?? 1024);
const bomb = xlsxBomb(mib);
const before = process.memoryUsage().rss / MIB;
const started = performance.now();
let outcome: { status?: number; code?: string; message: string };
try {
  await readXlsx(bomb);
  outcome = { message: 'read without complaint' };
} catch (err) {
  const e = err as { status?: number; code?: string; message: string };
  outcome = { status: e.status, code: e.code, message: e.message };
}
console.log(
  JSON.stringify({
    fileBytes: bomb.length,
    inflatesToMiB: mib,
    ...outcome,
    ms: Math.round(performance.now() - started),
    rssBeforeMiB: Math.round(before),
    rssPeakMiB: Math.round(peak()),
  }),
);
