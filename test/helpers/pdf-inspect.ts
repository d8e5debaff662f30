/**
 * Reading a rendered PDF back the ways its readers do: pdf.js for the text (in content order,
 * with each item's position), the metadata and the structure tree; pdf-lib as a second,
 * independent parser for the catalog (/MarkInfo, /StructTreeRoot, /Lang); and qpdf compiled to
 * WebAssembly (@neslinesli93/qpdf-wasm) for `qpdf --check`, so no system package is needed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import createQpdf from '@neslinesli93/qpdf-wasm';
import { PDFBool, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const standardFontDataUrl = `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

export interface TextItem {
  readonly page: number;
  readonly str: string;
  /** Box in PDF user space (origin bottom left), from the baseline: descent below, ascent above. */
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface StructNode {
  readonly role?: string;
  readonly alt?: string;
  readonly children?: readonly StructNode[];
}

export interface PdfReading {
  readonly pages: number;
  readonly pageSize: { width: number; height: number };
  /** Every non-blank text item, page by page in content order. */
  readonly items: readonly TextItem[];
  /** All the text, whitespace collapsed: what a search or a copy gets. */
  readonly text: string;
  readonly info: Record<string, unknown>;
  /** The structure tree of each page, as pdf.js exposes it to assistive technology. */
  readonly structure: readonly StructNode[];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfReading> {
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, verbosity: 0 }).promise;
  const items: TextItem[] = [];
  const structure: StructNode[] = [];
  let pageSize = { width: 0, height: 0 };
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view;
    pageSize = { width: width ?? 0, height: height ?? 0 };
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [size = 0, , , , x = 0, y = 0] = item.transform as number[];
      items.push({ page: n, str: item.str, x0: x, y0: y - 0.22 * size, x1: x + item.width, y1: y + 0.76 * size });
    }
    structure.push((await page.getStructTree()) as StructNode);
  }
  const { info } = await doc.getMetadata();
  await doc.destroy();
  const text = items
    .map((i) => i.str)
    .join(' ')
    .replace(/\s+/g, ' ');
  return { pages: doc.numPages, pageSize, items, text, info: info as Record<string, unknown>, structure };
}

/** Every role in the structure trees, with the alternative text of each Figure. */
export function rolesOf(structure: readonly StructNode[]): { roles: Set<string>; figureAlts: string[] } {
  const roles = new Set<string>();
  const figureAlts: string[] = [];
  const walk = (n: StructNode) => {
    if (n.role) roles.add(n.role);
    if (n.role === 'Figure') figureAlts.push(n.alt ?? '');
    for (const c of n.children ?? []) walk(c);
  };
  for (const s of structure) if (s) walk(s);
  return { roles, figureAlts };
}

/** Pairs of text items on the same page whose boxes overlap by more than `tolerance` points. */
export function overlaps(items: readonly TextItem[], tolerance = 0.5): [TextItem, TextItem][] {
  const found: [TextItem, TextItem][] = [];
  for (let i = 0; i < items.length; i++) {
    const a = items[i] as TextItem;
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j] as TextItem;
      if (a.page !== b.page) continue;
      const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const dy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (dx > tolerance && dy > tolerance) found.push([a, b]);
    }
  }
  return found;
}

/** The catalog as an independent parser (pdf-lib) reads it. */
export async function catalogOf(
  bytes: Uint8Array,
): Promise<{ marked: boolean; structTreeRoot: boolean; lang?: string; displayDocTitle: boolean }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const catalog = doc.catalog;
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const lang = catalog.lookupMaybe(PDFName.of('Lang'), PDFString);
  const prefs = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  return {
    marked: markInfo?.lookupMaybe(PDFName.of('Marked'), PDFBool)?.asBoolean() === true,
    structTreeRoot: catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict) !== undefined,
    ...(lang ? { lang: lang.decodeText() } : {}),
    displayDocTitle: prefs?.lookupMaybe(PDFName.of('DisplayDocTitle'), PDFBool)?.asBoolean() === true,
  };
}

/** The few WebAssembly calls used here (the project's lib has no DOM types). */
interface Wasm {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
let compiled: Promise<object> | undefined;

type Qpdf = { callMain(args: string[]): number; FS: { writeFile(path: string, data: Uint8Array): void } };

/**
 * `qpdf --check` on the bytes, by qpdf 12 compiled to WebAssembly: 0 is clean, 2 errors,
 * 3 warnings. The module is compiled once; each check gets a fresh instance (qpdf's main is
 * not meant to run twice).
 */
export async function qpdfCheck(bytes: Uint8Array): Promise<number> {
  compiled ??= wasmApi.compile(readFileSync(require.resolve('@neslinesli93/qpdf-wasm/dist/qpdf.wasm')));
  const module = await compiled;
  const qpdf = await (createQpdf as unknown as (o: object) => Promise<Qpdf>)({
    noInitialRun: true,
    print: () => {},
    printErr: () => {},
    instantiateWasm: (imports: object, receive: (instance: object, module: object) => void) => {
      void wasmApi.instantiate(module, imports).then((instance) => receive(instance, module));
      return {};
    },
  });
  qpdf.FS.writeFile('/check.pdf', bytes);
  return qpdf.callMain(['--check', '/check.pdf']);
}
