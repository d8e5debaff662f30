/**
 * Bulk import of expenditure from CSV or XLSX: a file lands whole or not at all, and the same
 * file never lands twice. There are no transactions, so:
 *
 *   1. The whole file is read and every row checked (by the rules of a single post) before
 *      anything is written; one bad row refuses the file (422 with a report of every problem),
 *      and a dry run answers the report without writing.
 *   2. The import's id is derived from the board, the year and the rows, so the same rows
 *      are the same import, whichever attempt or file format brings them.
 *   3. Writes, each a single-item write that is safe to repeat: the import's record (created
 *      once); a block of entry numbers reserved in one update on the year item, only while the
 *      year is open, its first number recorded on the import once; for each credit row, the
 *      reversal marker of the entry it cancels; then each row under first + its index, created
 *      only if that number is free, carrying the import's id.
 *   4. The commit: one conditional update of the year item adds the id to its committed set,
 *      only while the year is open. Until then every read leaves the rows out; after it, they
 *      are all in.
 *
 * Interrupted anywhere, importing the same file again finishes the job (rows already written
 * are found in place) and commits. A committed import answers its first result and writes
 * nothing. A close leaves out any import not committed (its rows stay invisible, their numbers
 * accounted for) and any later commit fails because the year is no longer open.
 */
import { createHash } from 'node:crypto';
import type * as z from 'zod/mini';
import { ExpenditureInput } from '../contract/schemas/expenditure.ts';
import { ConditionFailed, ConflictError, type FieldProblem, NotFoundError, UnprocessableError } from '../domain/errors.ts';
import {
  canonicalRows,
  IMPORT_LIMITS,
  type ImportField,
  type ImportRow,
  type LedgerEntryView,
  type LedgerView,
  type ParsedFile,
  parseSheet,
  type ResolvedRow,
  type RowProblem,
  referenceIndex,
  referenceKey,
  resolveRows,
  type Sheet,
} from '../domain/import.ts';
import { type Entry, entryIdOf, financialYear, normaliseReference, type Year } from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { assertYearAllows } from '../domain/year-lifecycle.ts';
import { type Ctx, todayOf } from './context.ts';
import type { Deps, ImportDeps, ImportRecord, UploadedFile, WriteMeta } from './ports.ts';
import { bucketOf, holdersOf } from './references.ts';
import { getYear } from './years.ts';

/**
 * How long a request's claim to reserve an import's block holds. It guards two quick writes
 * (reserve the block, record its first number), not the whole request: a claim left by a request
 * that died between them lapses after this, and the next copy of the file reserves.
 */
export const IMPORT_CLAIM_LEASE_MS = 2_000;

/** Row writes in flight at once. */
export const IMPORT_WRITE_CONCURRENCY = 16;
/**
 * Time kept back from the request's deadline for what follows the row writes (checks, the
 * commit, the answer). A file too large for one request's time is written over several: the
 * answer is 202 and sending the same file again carries on.
 */
export const IMPORT_TIME_RESERVE_MS = 1500;

export interface ImportReport {
  readonly importId?: string;
  readonly dryRun: boolean;
  /**
   * `valid`/`invalid`: a dry run's verdict; `imported`: written and committed now;
   * `already-imported`: nothing written; `in-progress`: part written, not yet visible (the
   * request ran out of time): send the same file again to carry on.
   */
  readonly status: 'valid' | 'invalid' | 'imported' | 'already-imported' | 'in-progress';
  /** For `in-progress`: rows written so far. */
  readonly written?: number;
  readonly alreadyImported: boolean;
  /** True when this request finished an import an earlier attempt had started. */
  readonly resumed?: boolean;
  readonly file: {
    readonly format: 'csv' | 'xlsx';
    readonly sheet?: string;
    readonly encoding?: string;
    readonly headerRow: number;
    readonly columns: Readonly<Record<string, string>>;
    readonly ignoredColumns: readonly string[];
  };
  /** Data rows in the file. */
  readonly rows: number;
  /** New entries among them, and credits written as reversals. */
  readonly entries: number;
  readonly credits: number;
  /** Sum of the rows' signed amounts. */
  readonly total: string;
  readonly firstEntryId?: string;
  readonly lastEntryId?: string;
  readonly committedAt?: string;
  readonly committedBy?: string;
  /** Every problem found (the list is cut at {@link IMPORT_LIMITS.maxProblems}; this count is not). */
  readonly problemCount: number;
  readonly problems: readonly RowProblem[];
}

/** The import's id: the first 64 bits of SHA-256 over the board, the year and the rows, in hex. */
export function importIdOf(boardId: string, yearId: string, rows: readonly ImportRow[]): string {
  return createHash('sha256')
    .update(`${boardId}\n${yearId}\n${canonicalRows(rows)}`)
    .digest('hex')
    .slice(0, 16);
}

/** Runs `fn` over the items with at most `limit` in flight. */
async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
  stop: (started: number) => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop(next)) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const fieldPath = (p: RowProblem): FieldProblem => ({
  path: `row/${p.row}/${p.field}`,
  message: `row ${p.row}, ${p.column}: ${p.problem}`,
});

/** The same shape a single post is validated with, applied to a row (category as resolved). */
function schemaProblems(row: ImportRow, category: string | undefined, columnOf: (f: ImportField) => string): RowProblem[] {
  const candidate = {
    date: row.date,
    category: category ?? 'unresolved',
    amount: Money.parse(row.amount).abs().toString(),
    supplier: row.supplier,
    description: row.description,
    ...(row.sarId ? { sarId: row.sarId } : {}),
    ...(row.reference ? { reference: row.reference } : {}),
  };
  const result = ExpenditureInput.safeParse(candidate);
  if (result.success) return [];
  return result.error.issues.map((issue: z.core.$ZodIssue) => {
    const field = String(issue.path[0] ?? 'row') as ImportField;
    const value = String((candidate as Record<string, unknown>)[field] ?? '');
    return {
      row: row.row,
      field,
      column: columnOf(field),
      value: value.length > 100 ? `${value.slice(0, 99)}…` : value,
      problem: issue.message && issue.message !== 'Invalid input' ? issue.message : 'is not valid',
    };
  });
}

/** What the rows are checked against: budget lines, SAR cases, the entries credits may cancel, today and the references in use. */
async function ledgerView(
  deps: Pick<Deps, 'ledger' | 'sars'>,
  year: Year,
  rows: readonly ImportRow[],
  importId: string,
  opts: { today: string; allowDuplicateReferences: boolean },
): Promise<LedgerView> {
  const { boardId, yearId } = year;
  const contents = await deps.ledger.readYear(boardId, yearId);
  const categories = new Map<string, string>();
  for (const l of contents.lines) categories.set(l.name.trim().toLowerCase(), l.category);
  for (const l of contents.lines) categories.set(l.category, l.category);
  const sarIds = [...new Set(rows.flatMap((r) => (r.sarId ? [r.sarId] : [])))];
  const sars = new Set<string>();
  await forEachLimit(sarIds, 16, async (id) => {
    if (/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(id) && (await deps.sars.getSar(boardId, id))) sars.add(id);
  });

  const reversedIds = new Set(contents.entries.flatMap((e) => (e.reverses ? [e.reverses] : [])));
  const byReference = new Map<string, string[]>();
  for (const e of contents.entries) {
    if (!e.reference || e.reverses) continue;
    byReference.set(e.reference, [...(byReference.get(e.reference) ?? []), e.entryId]);
  }
  // Reversal markers only for the entries the credit rows point at.
  const pointed = new Set<string>();
  const index = referenceIndex(byReference);
  for (const r of rows) {
    if (!Money.parse(r.amount).isNegative()) continue;
    const pointer = r.original ?? r.reference;
    if (!pointer) continue;
    if (/^E\d{8}$/.test(pointer)) pointed.add(pointer);
    else for (const id of index.get(referenceKey(pointer)) ?? []) pointed.add(id);
  }
  const markers = pointed.size > 0 ? await deps.ledger.reversalMarkers(boardId, yearId, [...pointed]) : new Map();
  const committed = year.committedImports ?? new Set<string>();
  const entries = new Map<string, LedgerEntryView>();
  for (const e of contents.entries) {
    const marker = markers.get(e.entryId);
    let reversed: LedgerEntryView['reversed'] = reversedIds.has(e.entryId) ? 'yes' : 'no';
    if (marker?.importId === importId) reversed = 'this-import';
    else if (marker?.importId) reversed = committed.has(marker.importId) ? 'yes' : 'pending';
    else if (marker) reversed = 'yes';
    entries.set(e.entryId, {
      entryId: e.entryId,
      amount: e.amount,
      category: e.category,
      reversed,
      ...(e.sarId ? { sarId: e.sarId } : {}),
      ...(e.reference ? { reference: e.reference } : {}),
      ...(e.reverses ? { reverses: e.reverses } : {}),
    });
  }
  // Supplier references in use: entries neither reversed nor reversals (a corrected invoice's number is free again).
  const references = new Map<string, string[]>();
  for (const e of contents.entries) {
    if (!e.reference || e.reverses || reversedIds.has(e.entryId)) continue;
    const normalised = normaliseReference(e.reference);
    if (normalised) references.set(normalised, [...(references.get(normalised) ?? []), e.entryId]);
  }
  return { year: financialYear(yearId), categories, sars, entries, byReference, ...opts, references };
}

function baseReport(sheet: Sheet, parsed: ParsedFile, dryRun: boolean) {
  const columns: Record<string, string> = {};
  for (const [field, c] of parsed.header.columns) columns[field] = c.header;
  return {
    dryRun,
    file: {
      format: sheet.format,
      ...(sheet.name ? { sheet: sheet.name } : {}),
      ...(sheet.encoding ? { encoding: sheet.encoding } : {}),
      headerRow: parsed.header.row,
      columns,
      ignoredColumns: parsed.header.ignored,
    },
    rows: parsed.dataRows,
  };
}

function counts(rows: readonly ImportRow[]) {
  const credits = rows.filter((r) => Money.parse(r.amount).isNegative()).length;
  return { entries: rows.length - credits, credits, total: Money.sum(rows.map((r) => Money.parse(r.amount))).toString() };
}

function withProblems(problems: readonly RowProblem[]) {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  return { problemCount: sorted.length, problems: sorted.slice(0, IMPORT_LIMITS.maxProblems) };
}

function refuse(report: ImportReport): never {
  const n = report.problemCount;
  throw new UnprocessableError(
    'IMPORT.INVALID_ROWS',
    `${n} problem${n === 1 ? '' : 's'} in the file; nothing was imported (fix them and import the whole file again)`,
    report.problems.map(fieldPath),
    { report },
  );
}

function blockOf(record: ImportRecord | undefined) {
  if (record?.firstSeq === undefined) return {};
  return { firstEntryId: entryIdOf(record.firstSeq), lastEntryId: entryIdOf(record.firstSeq + record.rows - 1) };
}

/**
 * Validates a file and, unless it is a dry run, imports it whole (see the module comment).
 * @throws UnprocessableError (422) with the row report when any row is invalid.
 * @throws ConflictError (409) when the year is not open, or closes before the commit.
 */
export async function importExpenditure(
  deps: Pick<ImportDeps, 'imports' | 'ledger' | 'sars' | 'spreadsheets' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  file: UploadedFile,
  opts: { dryRun: boolean; deadline?: number | undefined; allowDuplicateReferences?: boolean | undefined },
): Promise<ImportReport> {
  financialYear(yearId);
  const year = await getYear(deps, boardId, yearId);
  if (year.source === 'history')
    throw new ConflictError('YEAR.HISTORY', `${yearId} is recorded as history; it has no ledger to import into`);
  const sheet = await deps.spreadsheets.read(file);
  const parsed = parseSheet(sheet);
  const base = baseReport(sheet, parsed, opts.dryRun);
  const columnOf = (f: ImportField) => parsed.header.columns.get(f)?.header ?? f;

  // Rows that could not even be read are reported together with the rest; the id only means
  // something (and a committed import is only recognised) when every row was read.
  const rows = parsed.rows;
  const importId = importIdOf(boardId, yearId, rows);

  if (parsed.problems.length === 0 && year.committedImports?.has(importId)) {
    let record = await deps.imports.get(boardId, yearId, importId);
    // An import committed by an attempt that died before its last steps (the references' index,
    // then the stamp of who committed it) has them finished here; both are repeatable.
    if (record && record.firstSeq !== undefined && !record.committedAt) {
      await indexReferences(deps, ctx.meta, year, rows, record.firstSeq);
      await deps.imports.stampCommitted(ctx.meta, boardId, yearId, importId);
      record = await deps.imports.get(boardId, yearId, importId);
    }
    return {
      ...base,
      importId,
      status: 'already-imported',
      alreadyImported: true,
      ...counts(rows),
      ...blockOf(record),
      ...(record?.committedAt ? { committedAt: record.committedAt } : {}),
      ...(record?.committedBy ? { committedBy: record.committedBy } : {}),
      problemCount: 0,
      problems: [],
    };
  }
  if (year.status !== 'open')
    throw new ConflictError('YEAR.NOT_OPEN', `${yearId} is ${year.status}; expenditure can only be imported into an open year`);
  assertYearAllows(year, 'entries');

  const view = await ledgerView(deps, year, rows, importId, {
    today: todayOf(ctx),
    allowDuplicateReferences: opts.allowDuplicateReferences === true,
  });
  const { resolved, problems } = resolveRows(rows, view, columnOf);
  const bad = new Map<number, Set<ImportField>>();
  for (const p of problems) bad.set(p.row, (bad.get(p.row) ?? new Set()).add(p.field));
  const all = [...parsed.problems, ...problems];
  for (const row of rows) {
    const category = view.categories.get(row.category);
    for (const p of schemaProblems(row, category, columnOf)) if (!bad.get(row.row)?.has(p.field)) all.push(p);
  }
  if (all.length > 0) {
    const report: ImportReport = {
      ...base,
      ...(parsed.problems.length === 0 ? { importId } : {}),
      status: 'invalid',
      alreadyImported: false,
      ...counts(rows),
      ...withProblems(all),
    };
    if (opts.dryRun) return report;
    refuse(report);
  }
  if (opts.dryRun) {
    return { ...base, importId, status: 'valid', alreadyImported: false, ...counts(rows), problemCount: 0, problems: [] };
  }

  const { record, created, written } = await write(deps, ctx, year, importId, sheet.format, resolved, opts.deadline);
  if (written < rows.length) {
    return {
      ...base,
      importId,
      status: 'in-progress',
      alreadyImported: false,
      resumed: !created,
      written,
      ...counts(rows),
      ...blockOf(record),
      problemCount: 0,
      problems: [],
    };
  }
  return {
    ...base,
    importId,
    status: 'imported',
    alreadyImported: false,
    resumed: !created,
    ...counts(rows),
    ...blockOf(record),
    committedAt: ctx.meta.at,
    committedBy: ctx.meta.actor,
    problemCount: 0,
    problems: [],
  };
}

const notOpenAnyMore = (yearId: string) =>
  new ConflictError('YEAR.NOT_OPEN', `${yearId} stopped being open while the file was being imported; nothing of it was imported`);

type NewEntry = Omit<Entry, 'entryId' | 'createdAt' | 'createdBy' | 'requestId'>;

function entryFor(r: ResolvedRow, original: Entry | undefined, boardId: string, yearId: string, seq: number, importId: string): NewEntry {
  const { row } = r;
  if (r.kind === 'entry') {
    return {
      boardId,
      yearId,
      seq,
      date: row.date,
      category: r.category,
      amount: Money.parse(row.amount),
      supplier: row.supplier,
      description: row.description,
      ...(row.sarId ? { sarId: row.sarId } : {}),
      ...(row.reference ? { reference: row.reference } : {}),
      importId,
    };
  }
  // The ledger's correction form, as a reversal made through the API: the original negated,
  // dated, categorised and described like it, pointing at it; the credit row's narrative is
  // the reason and its reference (a credit note number, say) is kept.
  const o = original;
  if (!o) throw new NotFoundError('ENTRY.NOT_FOUND', `row ${row.row}: ${r.original.entryId} is no longer there`);
  const reference = row.reference ?? o.reference;
  return {
    boardId,
    yearId,
    seq,
    date: o.date,
    category: o.category,
    amount: o.amount.negate(),
    supplier: o.supplier,
    description: `Reversal of ${o.entryId}: ${o.description}`.slice(0, 500),
    ...(o.sarId ? { sarId: o.sarId } : {}),
    ...(reference ? { reference } : {}),
    reverses: o.entryId,
    reason: row.description,
    importId,
  };
}

async function write(
  deps: Pick<Deps, 'imports' | 'ledger' | 'years'>,
  ctx: Ctx,
  year: Year,
  importId: string,
  format: 'csv' | 'xlsx',
  resolved: readonly ResolvedRow[],
  deadline: number | undefined,
): Promise<{ record: ImportRecord; created: boolean; written: number }> {
  const { boardId, yearId } = year;
  const meta = ctx.meta;
  const rows = resolved.map((r) => r.row);
  const { record, created } = await deps.imports.createOnce(meta, {
    boardId,
    yearId,
    importId,
    format,
    rows: rows.length,
    ...counts(rows),
  });
  if (record.rows !== rows.length) throw new ConflictError('IMPORT.CONFLICT', `import ${importId} was started with other rows`);

  let first = record.firstSeq;
  if (first === undefined) {
    // Identical files sent at once share one block: only the request holding the claim reserves;
    // the others answer busy rather than burn a block of numbers each (issue 11, defect 13).
    const claim = await deps.imports.claimBlock(meta, boardId, yearId, importId, Date.now(), IMPORT_CLAIM_LEASE_MS);
    if (claim.kind === 'recorded') first = claim.firstSeq;
    else if (claim.kind === 'held') {
      const seconds = Math.max(1, Math.ceil((claim.untilMs - Date.now()) / 1000));
      throw new ConflictError(
        'CONFLICT.BUSY',
        `this file is being imported by another request that is reserving its entry numbers; send it again in ${seconds} s to carry on`,
      );
    } else {
      let reserved: number;
      try {
        reserved = await deps.years.reserveEntryBlock(meta, boardId, yearId, rows.length);
      } catch (err) {
        if (err instanceof ConditionFailed) throw notOpenAnyMore(yearId);
        throw err;
      }
      first = await deps.imports.recordFirstSeq(meta, boardId, yearId, importId, reserved);
    }
  }
  const firstSeq = first;

  // The originals of credit rows, in full (a reversal copies the original's date and text).
  const originals = new Map<string, Entry>();
  const reversals = resolved.flatMap((r, i) => (r.kind === 'reversal' ? [{ r, seq: firstSeq + i }] : []));
  if (reversals.length > 0) {
    const found = await deps.ledger.entriesAt(
      boardId,
      yearId,
      reversals.map(({ r }) => Number(r.original.entryId.slice(1))),
    );
    for (const e of found.values()) if (e !== 'void') originals.set(e.entryId, e);
  }
  // Claim each cancelled entry's reversal marker for this import (once; a resumed attempt finds its own).
  for (const { r, seq } of reversals) {
    const entryId = r.original.entryId;
    try {
      await deps.ledger.claimReversal(meta, boardId, yearId, entryId, seq, importId);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const marker = await deps.ledger.getReversalMarker(boardId, yearId, entryId);
      if (marker?.importId !== importId || marker.reversalSeq !== seq) {
        throw new ConflictError(
          'IMPORT.CONFLICT',
          `row ${r.row.row}: ${entryId} was reversed by someone else while this file was being imported; nothing of it was imported (remove that row and import the file again)`,
        );
      }
    }
  }

  // A number already taken holds this import's row (an earlier attempt wrote it) or a close's
  // tombstone (the year closed: the commit would fail anyway). Nothing else can be there.
  const verify = (found: ReadonlyMap<number, Entry | 'void'>, seqs: readonly number[]) => {
    for (const seq of seqs) {
      const at = found.get(seq);
      if (at === 'void') throw notOpenAnyMore(yearId);
      if (at && at.importId !== importId)
        throw new ConflictError('IMPORT.CONFLICT', `entry number ${entryIdOf(seq)} is held by another record`);
    }
  };
  // Resuming: read what an earlier attempt wrote (one batch read per hundred rows, much cheaper
  // than a failed conditional write per row) and write only the rest.
  const block = resolved.map((_, i) => firstSeq + i);
  const present = created ? new Map<number, Entry | 'void'>() : await deps.ledger.entriesAt(boardId, yearId, block);
  verify(present, block);
  const todo = resolved.flatMap((r, i) => (present.has(firstSeq + i) ? [] : [{ r, seq: firstSeq + i }]));

  const taken: number[] = [];
  // Out of time: stop taking rows (after at least one round, so every request makes progress).
  const outOfTime = (started: number) =>
    deadline !== undefined && started >= IMPORT_WRITE_CONCURRENCY && Date.now() > deadline - IMPORT_TIME_RESERVE_MS;
  let wrote = 0;
  await forEachLimit(
    todo,
    IMPORT_WRITE_CONCURRENCY,
    async ({ r, seq }) => {
      const original = r.kind === 'reversal' ? originals.get(r.original.entryId) : undefined;
      const entry = entryFor(r, original, boardId, yearId, seq, importId);
      try {
        await deps.ledger.putEntry(meta, entry, { audit: false });
        wrote += 1;
      } catch (err) {
        if (err instanceof ConditionFailed)
          taken.push(seq); // a concurrent attempt at the same file, or a close
        else throw err;
      }
    },
    outOfTime,
  );
  if (taken.length > 0) {
    const found = await deps.ledger.entriesAt(boardId, yearId, taken);
    if (taken.some((seq) => !found.has(seq)))
      throw new ConflictError('IMPORT.CONFLICT', 'entry numbers of this import changed meanwhile; retry');
    verify(found, taken);
  }
  const written = resolved.length - todo.length + wrote + taken.length;
  if (written < resolved.length) return { record: { ...record, firstSeq }, created, written };

  try {
    await deps.years.commitImport(meta, boardId, yearId, importId);
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    const now = await getYear(deps, boardId, yearId);
    if (!now.committedImports?.has(importId)) throw notOpenAnyMore(yearId);
  }
  // The references' index before the stamp: an import whose stamp is there has both (see the already-imported path).
  await indexReferences(deps, meta, year, rows, firstSeq);
  await deps.imports.stampCommitted(meta, boardId, yearId, importId);
  return { record: { ...record, firstSeq }, created, written: resolved.length };
}

/** Claims in one bucket write at most this many references (the update and condition expressions stay under 4 KB). */
const CLAIMS_PER_WRITE = 40;

/**
 * Indexes the supplier references of a committed import's new entries, so that a later post of
 * one of them is refused as a duplicate. Lenient: a row joins the entries already holding its
 * reference (the rows were checked against the ledger before anything was written, unless the
 * file was sent with `allowDuplicateReferences`). After the commit, so an import that never
 * commits leaves no claim behind; one write per bucket touched (of at most 40 references), each
 * repeatable (a row already holding its reference is left as it is).
 */
async function indexReferences(
  deps: Pick<Deps, 'ledger' | 'years'>,
  meta: WriteMeta,
  year: Year,
  rows: readonly ImportRow[],
  firstSeq: number,
): Promise<void> {
  const byBucket = new Map<string, Map<string, string>>();
  rows.forEach((row, i) => {
    if (!row.reference || Money.parse(row.amount).isNegative()) return;
    const normalised = normaliseReference(row.reference);
    if (!normalised) return;
    const bucket = bucketOf(normalised);
    const claims = byBucket.get(bucket) ?? new Map<string, string>();
    if (!claims.has(normalised)) claims.set(normalised, entryIdOf(firstSeq + i)); // the first row of a repeated reference
    byBucket.set(bucket, claims);
  });
  await forEachLimit([...byBucket.entries()], IMPORT_WRITE_CONCURRENCY, async ([bucket, claims]) => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const refs = await deps.ledger.referenceBucket(year.boardId, year.yearId, bucket);
      const held = refs ?? new Map<string, string[]>();
      const todo: { reference: string; holders: string[]; expected?: string[] }[] = [];
      for (const [reference, entryId] of claims) {
        const before = held.get(reference);
        if (before?.includes(entryId)) continue;
        const standing = before ? (await holdersOf(deps, year.boardId, year.yearId, before)).map((h) => h.entryId) : [];
        todo.push({ reference, holders: [...standing, entryId], ...(before ? { expected: before } : {}) });
      }
      if (todo.length === 0) return;
      try {
        for (let i = 0; i < todo.length; i += CLAIMS_PER_WRITE) {
          // A bucket read as absent is created by the first write (holding its claims), updated by the rest.
          const create = refs === undefined && i === 0;
          await deps.ledger.claimReferences(meta, year.boardId, year.yearId, bucket, todo.slice(i, i + CLAIMS_PER_WRITE), { create });
        }
        return;
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err; // a post claimed one meanwhile: look again
      }
    }
  });
}
