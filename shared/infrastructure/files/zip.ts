/**
 * A guard that walks a ZIP archive (an XLSX workbook is one) before any library opens it, and
 * inflates every entry itself, counting the bytes actually produced and stopping at a limit.
 *
 * Why: a workbook library (exceljs, through jszip) inflates every entry in memory, trusting
 * nothing but the data. A 1 MB file whose headers declare a 1.7 KB worksheet can hold a
 * deflate stream of 1 GB; a check of the declared sizes lets it through and the process dies
 * of memory. Here the declared sizes only ever refuse early; acceptance rests on the bytes that
 * inflating really produced, streamed in small chunks and thrown away, so the guard itself holds
 * no more than a chunk however large the entry.
 *
 * It is strict on purpose: it accepts only what it can read exactly as jszip will (one end
 * record, the central directory right before it and exactly as long as it says, each entry's
 * local header where the directory points, stored or deflated, no encryption, no ZIP64, sizes and
 * CRCs as declared), so the entries it counted are the entries the library will inflate.
 */
import { crc32, createInflateRaw } from 'node:zlib';

export interface ZipLimits {
  /** Most bytes all entries together may inflate to. */
  readonly maxUnpackedBytes: number;
  /** Most entries in the archive. */
  readonly maxEntries: number;
}

/** Why an archive was refused. */
export type ZipRefusal =
  /** It is not a ZIP this guard can read exactly: malformed, truncated, inconsistent. */
  | 'unreadable'
  /** A ZIP feature refused on purpose: ZIP64, encryption, several disks, a method other than stored or deflate. */
  | 'unsupported'
  /** It holds more than the limit (bytes or entries). */
  | 'too-large';

export class ZipRefusedError extends Error {
  override readonly name = 'ZipRefusedError';
  readonly reason: ZipRefusal;
  constructor(reason: ZipRefusal, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface ZipSummary {
  readonly entries: number;
  /** The bytes all entries inflated to, counted. */
  readonly unpackedBytes: number;
}

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, zip64Locator: 0x07064b50 } as const;
const METHOD = { stored: 0, deflate: 8 } as const;
const FLAG = { encrypted: 0x0001, strongEncryption: 0x0040 } as const;
const AES_METHOD = 99;
/** The inflater's output chunk: all the guard ever holds of an entry. */
const CHUNK = 64 * 1024;

/** A size for a message: whole MiB as such, anything else in bytes. */
const size = (bytes: number): string =>
  bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes.toLocaleString('en-GB')} bytes`;

const unreadable = (why: string) => new ZipRefusedError('unreadable', why);
const unsupported = (why: string) => new ZipRefusedError('unsupported', why);

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly declaredSize: number;
  readonly localOffset: number;
}

/** The end of central directory record: the last one, as jszip takes it. */
function findEnd(view: DataView): number {
  const last = view.byteLength - 22;
  const stop = Math.max(0, last - 0xffff);
  for (let i = last; i >= stop; i--) if (view.getUint32(i, true) === SIG.end) return i;
  throw unreadable('no end of central directory record');
}

function readDirectory(bytes: Uint8Array, limits: ZipLimits): { entries: Entry[]; directoryStart: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22) throw unreadable('too short to be a ZIP archive');
  const end = findEnd(view);
  if (end >= 20 && view.getUint32(end - 20, true) === SIG.zip64Locator) throw unsupported('a ZIP64 archive');
  const disk = view.getUint16(end + 4, true);
  const cdDisk = view.getUint16(end + 6, true);
  const onDisk = view.getUint16(end + 8, true);
  const count = view.getUint16(end + 10, true);
  const cdSize = view.getUint32(end + 12, true);
  const cdOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw unsupported('a ZIP64 archive');
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw unsupported('an archive split over several disks');
  if (count > limits.maxEntries) {
    throw new ZipRefusedError(
      'too-large',
      `it has ${count.toLocaleString('en-GB')} entries, more than ${limits.maxEntries.toLocaleString('en-GB')}`,
    );
  }
  // The directory sits right before the end record and is exactly as long as declared: jszip
  // would otherwise shift every offset by the difference, or read more entries than counted.
  if (cdOffset + cdSize !== end) throw unreadable('the central directory is not where the end record says');

  const entries: Entry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > end || view.getUint32(p, true) !== SIG.central) throw unreadable(`central directory entry ${k + 1} is damaged`);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > end) throw unreadable(`central directory entry ${k + 1} runs past the directory`);
    const entry: Entry = {
      name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      declaredSize: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    };
    if (
      entry.compressedSize === 0xffffffff ||
      entry.declaredSize === 0xffffffff ||
      entry.localOffset === 0xffffffff ||
      view.getUint16(p + 34, true) === 0xffff
    ) {
      // What makes jszip read an entry as ZIP64 (a ZIP64 extra field beside real 32-bit values,
      // as some writers add, is ignored by jszip and here alike).
      throw unsupported(`a ZIP64 entry (${entry.name})`);
    }
    if (view.getUint16(p + 34, true) !== 0) throw unsupported('an archive split over several disks');
    entries.push(entry);
    p = next;
  }
  if (p !== end) throw unreadable('the central directory holds more than its entries');
  return { entries, directoryStart: cdOffset };
}

/** Where an entry's data starts, from its local header (as jszip finds it). */
function dataStart(bytes: Uint8Array, entry: Entry, directoryStart: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > directoryStart || view.getUint32(at, true) !== SIG.local) throw unreadable(`no local header for ${entry.name}`);
  const flags = view.getUint16(at + 6, true);
  if (flags & (FLAG.encrypted | FLAG.strongEncryption)) throw unsupported(`an encrypted entry (${entry.name})`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > directoryStart) throw unreadable(`the data of ${entry.name} runs past the archive`);
  return start;
}

/**
 * Inflates raw deflate data in chunks, keeping none of it: the bytes produced and their CRC-32,
 * or `over` as soon as they pass `budget`.
 */
function inflateCounting(data: Uint8Array, budget: number): Promise<{ produced: number; crc: number } | 'over'> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: CHUNK });
    let produced = 0;
    let crc = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    inflater.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > budget) {
        settle(() => resolve('over'));
        inflater.destroy();
        return;
      }
      crc = crc32(chunk, crc);
    });
    inflater.on('end', () => settle(() => resolve({ produced, crc })));
    inflater.on('error', (err) => settle(() => reject(err)));
    inflater.end(data);
  });
}

/**
 * Checks a ZIP archive against `limits` by inflating every entry, counting what comes out.
 * Resolves with what it counted; rejects with {@link ZipRefusedError} naming why otherwise.
 */
export async function checkZip(bytes: Uint8Array, limits: ZipLimits): Promise<ZipSummary> {
  const { entries, directoryStart } = readDirectory(bytes, limits);
  const tooLarge = () => new ZipRefusedError('too-large', `it unpacks to more than ${size(limits.maxUnpackedBytes)}`);

  // Everything that needs no inflating first: methods, encryption, where each entry's data is.
  const located = entries.map((entry) => {
    if (entry.flags & (FLAG.encrypted | FLAG.strongEncryption) || entry.method === AES_METHOD) {
      throw unsupported(`an encrypted entry (${entry.name})`);
    }
    if (entry.method !== METHOD.stored && entry.method !== METHOD.deflate) {
      throw unsupported(`an entry compressed with method ${entry.method} (${entry.name}), where only stored and deflate are read`);
    }
    const start = dataStart(bytes, entry, directoryStart);
    return { entry, data: bytes.subarray(start, start + entry.compressedSize) };
  });
  // The declared sizes may only refuse early; they never vouch for anything.
  if (entries.reduce((n, e) => n + e.declaredSize, 0) > limits.maxUnpackedBytes) throw tooLarge();

  let total = 0;
  for (const { entry, data } of located) {
    const budget = limits.maxUnpackedBytes - total;
    let produced: number;
    let crc: number;
    if (entry.method === METHOD.stored) {
      produced = data.length;
      if (produced > budget) throw tooLarge();
      crc = crc32(data);
    } else {
      let result: Awaited<ReturnType<typeof inflateCounting>>;
      try {
        result = await inflateCounting(data, budget);
      } catch {
        throw unreadable(`the data of ${entry.name} is not valid deflate`);
      }
      if (result === 'over') throw tooLarge();
      ({ produced, crc } = result);
    }
    if (produced !== entry.declaredSize) {
      throw unreadable(`${entry.name} holds ${produced} bytes but its header says ${entry.declaredSize}`);
    }
    if (crc >>> 0 !== entry.crc) throw unreadable(`${entry.name} fails its CRC check`);
    total += produced;
  }
  return { entries: entries.length, unpackedBytes: total };
}
