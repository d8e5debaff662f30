/**
 * ZIP archives made byte by byte, so a test can make the headers say what it likes: honest,
 * understated (a zip bomb), encrypted, ZIP64, of another method. And a deflate bomb that costs
 * next to nothing to make: one megabyte of zeros deflated once with a full flush (byte-aligned,
 * not final, no back-reference into what came before), repeated, then an empty final block.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  readonly name: string;
  /** The bytes stored in the archive (already compressed for method 8). */
  readonly data: Uint8Array;
  /** 0 stored, 8 deflate, or anything else to test refusals. */
  readonly method?: number;
  /** The uncompressed size the headers declare (default: `data.length`, right for stored). */
  readonly declaredSize?: number;
  /** The CRC-32 the headers declare (default: of `data`, right for stored). */
  readonly crc?: number;
  /** General purpose flags (bit 0: encrypted). */
  readonly flags?: number;
}

const enc = new TextEncoder();

/** An archive of the entries, with its central directory and end record. */
export function zipOf(entries: readonly ZipEntrySpec[], opts: { directory?: readonly { entry: number }[] } = {}): Buffer {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const locals: { spec: ZipEntrySpec; name: Uint8Array; offset: number }[] = [];
  for (const spec of entries) {
    const name = enc.encode(spec.name);
    const h = new DataView(new ArrayBuffer(30));
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(6, spec.flags ?? 0, true);
    h.setUint16(8, spec.method ?? 0, true);
    h.setUint32(14, spec.crc ?? crc32(spec.data), true);
    h.setUint32(18, spec.data.length, true);
    h.setUint32(22, spec.declaredSize ?? spec.data.length, true);
    h.setUint16(26, name.length, true);
    locals.push({ spec, name, offset });
    for (const p of [new Uint8Array(h.buffer), name, spec.data]) {
      parts.push(p);
      offset += p.length;
    }
  }
  // The directory may list an entry more than once (overlapping entries share their data).
  const listed = opts.directory?.map((d) => locals[d.entry] as (typeof locals)[number]) ?? locals;
  const cdStart = offset;
  for (const { spec, name, offset: at } of listed) {
    const c = new DataView(new ArrayBuffer(46));
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, spec.flags ?? 0, true);
    c.setUint16(10, spec.method ?? 0, true);
    c.setUint32(16, spec.crc ?? crc32(spec.data), true);
    c.setUint32(20, spec.data.length, true);
    c.setUint32(24, spec.declaredSize ?? spec.data.length, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, at, true);
    for (const p of [new Uint8Array(c.buffer), name]) {
      parts.push(p);
      offset += p.length;
    }
  }
  const e = new DataView(new ArrayBuffer(22));
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, listed.length, true);
  e.setUint16(10, listed.length, true);
  e.setUint32(12, offset - cdStart, true);
  e.setUint32(16, cdStart, true);
  parts.push(new Uint8Array(e.buffer));
  return Buffer.concat(parts);
}

/** A deflate entry of `text`, honest headers. */
export function deflated(name: string, text: string | Uint8Array): ZipEntrySpec {
  const raw = typeof text === 'string' ? enc.encode(text) : text;
  return { name, method: 8, data: deflateRawSync(raw), declaredSize: raw.length, crc: crc32(raw) };
}

const MIB = 1024 * 1024;

/**
 * Raw deflate data that inflates to `mib` MiB of zeros, made from one deflated megabyte
 * repeated: about 1 KB of output per MiB of input (1 GiB in about 1 MB).
 */
export function deflateBomb(mib: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(MIB), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const finalEmptyBlock = Uint8Array.from([0x03, 0x00]); // BFINAL=1, fixed Huffman, end of block
  return Buffer.concat([...Array.from({ length: mib }, () => block), finalEmptyBlock]);
}

/**
 * An .xlsx-shaped archive whose worksheet is a deflate bomb of `mib` MiB while every header
 * declares it a 1.7 KB sheet.
 */
export function xlsxBomb(mib: number): Uint8Array {
  const parts = [
    deflated(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    deflated('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook/>'),
    { name: 'xl/worksheets/sheet1.xml', method: 8, data: deflateBomb(mib), declaredSize: 1_700, crc: 0x12345678 },
  ];
  return zipOf(parts);
}
