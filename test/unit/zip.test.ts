/**
 * The ZIP guard in front of exceljs: it counts what inflating really produces and stops at the
 * limit, whatever the headers declare (zip bombs), and refuses what exceljs would read otherwise
 * than the guard did.
 */
import { spawnSync } from 'node:child_process';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../shared/domain/errors.ts';
import { IMPORT_LIMITS, ImportFileError } from '../../shared/domain/import.ts';
import { readXlsx } from '../../shared/infrastructure/files/xlsx.ts';
import { checkZip, type ZipLimits, ZipRefusedError } from '../../shared/infrastructure/files/zip.ts';
import { xlsx } from '../helpers/files.ts';
import { deflateBomb, deflated, xlsxBomb, zipOf } from '../helpers/zip.ts';

const LIMITS: ZipLimits = { maxUnpackedBytes: 1000, maxEntries: 5 };

/** The reason checkZip refuses `bytes` for, or 'accepted'. */
async function verdict(bytes: Uint8Array, limits: ZipLimits = LIMITS): Promise<string> {
  try {
    await checkZip(bytes, limits);
    return 'accepted';
  } catch (err) {
    if (err instanceof ZipRefusedError) return `${err.reason}: ${err.message}`;
    throw err;
  }
}

describe('the ZIP guard', () => {
  it('passes a workbook exceljs wrote, counting the bytes its entries really inflate to', async () => {
    // Prepare
    const book = await xlsx([
      {
        name: 'Expenditure',
        rows: [
          ['Date', 'Amount'],
          ['01/05/2024', 12.5],
        ],
      },
    ]);
    // Act
    const summary = await checkZip(book, { maxUnpackedBytes: IMPORT_LIMITS.maxUnpackedBytes, maxEntries: IMPORT_LIMITS.maxZipEntries });
    // Assess
    expect(summary.entries).toBeGreaterThan(5);
    expect(summary.unpackedBytes).toBeGreaterThan(book.length);
    const sheet = await readXlsx(book);
    expect(sheet.rows[1]?.cells[1]).toEqual({ kind: 'number', value: 12.5 });
  });

  it('counts stored and deflated entries, up to the limit exactly', async () => {
    const exactly = zipOf([{ name: 'a', data: new Uint8Array(400) }, deflated('b', new Uint8Array(600))]);
    expect(await verdict(exactly)).toBe('accepted');
    const stored = zipOf([{ name: 'a', data: new Uint8Array(401) }, deflated('b', new Uint8Array(600))]);
    expect(await verdict(stored)).toBe('too-large: it unpacks to more than 1,000 bytes');
    const inflated = zipOf([{ name: 'a', data: new Uint8Array(400) }, deflated('b', new Uint8Array(601))]);
    expect(await verdict(inflated)).toMatch(/^too-large/);
  });

  it('stops a deflate bomb whose headers understate it, at the limit, whatever they declare', async () => {
    // 8 MiB of zeros in about 8 KB, declared as 10 bytes: refused after 1,000 bytes of output.
    const bomb = zipOf([{ name: 'sheet.xml', method: 8, data: deflateBomb(8), declaredSize: 10, crc: 0 }]);
    expect(bomb.length).toBeLessThan(10_000);
    expect(await verdict(bomb)).toBe('too-large: it unpacks to more than 1,000 bytes');
    // Several entries each under the limit count together, and an entry listed twice counts twice.
    const half = deflated('half', new Uint8Array(600));
    expect(await verdict(zipOf([half, { ...half, name: 'other' }]))).toMatch(/^too-large/);
    expect(await verdict(zipOf([half], { directory: [{ entry: 0 }, { entry: 0 }] }))).toMatch(/^too-large/);
  });

  it('refuses early when the headers themselves declare too much', async () => {
    const honest = deflated('big', new Uint8Array(2_000));
    expect(await verdict(zipOf([honest]))).toMatch(/^too-large/);
    expect(await verdict(zipOf(Array.from({ length: 6 }, (_, i) => deflated(`e${i}`, 'x'))))).toBe(
      'too-large: it has 6 entries, more than 5',
    );
  });

  it('refuses headers that do not match the data, even within the limit', async () => {
    const raw = new TextEncoder().encode('<sheet/>');
    const understated = zipOf([{ name: 's', method: 8, data: deflateRawSync(raw), declaredSize: 3, crc: crc32(raw) }]);
    expect(await verdict(understated)).toBe('unreadable: s holds 8 bytes but its header says 3');
    const badCrc = zipOf([{ name: 's', method: 8, data: deflateRawSync(raw), declaredSize: raw.length, crc: 42 }]);
    expect(await verdict(badCrc)).toBe('unreadable: s fails its CRC check');
    const notDeflate = zipOf([{ name: 's', method: 8, data: Uint8Array.from([0xff, 0xff, 0xff]), declaredSize: 3 }]);
    expect(await verdict(notDeflate)).toBe('unreadable: the data of s is not valid deflate');
  });

  it('refuses other methods, encryption and ZIP64, saying which', async () => {
    expect(await verdict(zipOf([{ name: 's', method: 12, data: new Uint8Array(4) }]))).toBe(
      'unsupported: an entry compressed with method 12 (s), where only stored and deflate are read',
    );
    expect(await verdict(zipOf([{ name: 's', data: new Uint8Array(4), flags: 1 }]))).toBe('unsupported: an encrypted entry (s)');
    expect(await verdict(zipOf([{ name: 's', method: 99, data: new Uint8Array(4) }]))).toBe('unsupported: an encrypted entry (s)');
    expect(await verdict(zipOf([{ name: 's', method: 8, data: new Uint8Array(4), declaredSize: 0xffffffff }]))).toBe(
      'unsupported: a ZIP64 entry (s)',
    );
    // A ZIP64 end record: its locator sits right before the end record.
    const plain = zipOf([{ name: 's', data: new Uint8Array(4) }]);
    const locator = new DataView(new ArrayBuffer(20));
    locator.setUint32(0, 0x07064b50, true);
    const zip64 = Buffer.concat([plain.subarray(0, plain.length - 22), new Uint8Array(locator.buffer), plain.subarray(plain.length - 22)]);
    expect(await verdict(zip64)).toBe('unsupported: a ZIP64 archive');
  });

  it('refuses what is not a ZIP it can read exactly as exceljs would', async () => {
    const good = zipOf([deflated('a', 'hello'), deflated('b', 'world')]);
    expect(await verdict(good)).toBe('accepted');
    expect(await verdict(new Uint8Array(30))).toBe('unreadable: no end of central directory record');
    expect(await verdict(good.subarray(0, good.length - 30))).toMatch(/^unreadable/);
    // Bytes slipped in before the directory (jszip would shift every offset by them).
    const cd = good.readUInt32LE(good.length - 6);
    const shifted = Buffer.concat([good.subarray(0, cd), Buffer.alloc(7), good.subarray(cd)]);
    expect(await verdict(shifted)).toBe('unreadable: the central directory is not where the end record says');
    // A directory entry pointing at no local header.
    const moved = Buffer.from(good);
    moved.writeUInt32LE(3, cd + 42);
    expect(await verdict(moved)).toBe('unreadable: no local header for a');
  });
});

describe('an XLSX zip bomb (issue 11, defect 2)', () => {
  it('is refused with 413 before exceljs sees it: about 1 MB declaring a 1.7 KB sheet that inflates to 1 GiB', async () => {
    const bomb = xlsxBomb(1024);
    expect(bomb.length).toBeLessThan(1.1 * 1024 * 1024);
    const refusal = await readXlsx(bomb).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(PayloadTooLargeError);
    expect(refusal).toMatchObject({ status: 413, code: 'IMPORT.UNPACKED_TOO_LARGE' });
    expect((refusal as Error).message).toContain('more than 64 MiB');
  });

  it('keeps the process under 300 MB of resident memory while refusing it (measured in a child process)', () => {
    // Act: a fresh Node runs the import's reader on the bomb and reports its peak resident set.
    const run = spawnSync(process.execPath, ['test/helpers/zip-bomb-rss.ts'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    // Assess: refused by the guard, not by exceljs running out of something; and small.
    expect(report).toMatchObject({ status: 413, code: 'IMPORT.UNPACKED_TOO_LARGE', inflatesToMiB: 1024 });
    expect(report.rssPeakMiB).toBeLessThan(300);
    console.info(
      `zip bomb of ${report.fileBytes} bytes (1 GiB inflated): refused in ${report.ms} ms, RSS ${report.rssBeforeMiB} -> peak ${report.rssPeakMiB} MiB`,
    );
  });

  it('a workbook refused for its archive is an import file error (422), not a crash', async () => {
    const encrypted = zipOf([{ name: 'xl/workbook.xml', data: new Uint8Array(4), flags: 1 }]);
    await expect(readXlsx(encrypted)).rejects.toBeInstanceOf(ImportFileError);
    await expect(readXlsx(encrypted)).rejects.toMatchObject({ status: 422, code: 'IMPORT.UNREADABLE' });
  });
});
