/**
 * Duplicate supplier references (DESIGN 10.4, issue 15): the same supplier reference (an
 * invoice number) posted twice in a year is refused with 409 `ENTRY.DUPLICATE_REFERENCE` naming
 * the earlier entry, unless the request says `allowDuplicateReference: true`.
 *
 * References are compared normalised (case, spaces and punctuation apart) and indexed per year
 * in 256 buckets (normalised reference -> the entries holding it). Finding the earlier entry is
 * one read; the claim is one conditional write on the bucket (only if the reference is still
 * held as read), so two posts of one reference racing each other get one 201 and one 409. An
 * entry that was reversed (or whose number a close voided) no longer holds its reference: the
 * correction of a wrongly keyed invoice reuses its number. A claim is safe to repeat: an entry
 * already holding the reference claims nothing more.
 */
import { createHash } from 'node:crypto';
import { ConditionFailed, ConflictError } from '../domain/errors.ts';
import { type Entry, entryIdOf, normaliseReference, seqOfEntryId } from '../domain/ledger.ts';
import type { Deps, WriteMeta } from './ports.ts';

/** The bucket of a normalised reference: the first byte of its SHA-256, in hex. */
export const bucketOf = (normalised: string): string => createHash('sha256').update(normalised).digest('hex').slice(0, 2);

type HolderState = 'live' | 'reversed' | 'void' | 'pending' | 'missing';

export interface Holder {
  readonly entryId: string;
  readonly state: HolderState;
  readonly entry?: Entry;
}

/** What holds a reference: a live entry, one that was reversed, a voided number, a row of an unfinished import, or nothing yet. */
async function holderOf(deps: Pick<Deps, 'ledger' | 'years'>, boardId: string, yearId: string, entryId: string): Promise<Holder> {
  const at = await deps.ledger.entryAt(boardId, yearId, seqOfEntryId(entryId));
  if (at === undefined) return { entryId, state: 'missing' };
  if (at === 'void') return { entryId, state: 'void' };
  if (at.importId && !(await deps.years.committedImports(boardId, yearId)).has(at.importId))
    return { entryId, state: 'pending', entry: at };
  const marker = await deps.ledger.getReversalMarker(boardId, yearId, entryId);
  if (marker) {
    const reversal = await deps.ledger.visibleEntryAt(boardId, yearId, marker.reversalSeq);
    if (reversal) return { entryId, state: 'reversed', entry: at };
  }
  return { entryId, state: 'live', entry: at };
}

const holds = (h: Holder) => h.state !== 'reversed' && h.state !== 'void';

/** The entries (other than `self`) that still hold a reference, as stored in the bucket. */
export async function holdersOf(
  deps: Pick<Deps, 'ledger' | 'years'>,
  boardId: string,
  yearId: string,
  entryIds: readonly string[],
  self?: string,
): Promise<Holder[]> {
  const holders = await Promise.all(entryIds.filter((id) => id !== self).map((id) => holderOf(deps, boardId, yearId, id)));
  return holders.filter(holds);
}

/** The earlier entry holding this reference in the year, if any (ignoring `self`, the caller's own entry). */
export async function earlierHolder(
  deps: Pick<Deps, 'ledger' | 'years'>,
  boardId: string,
  yearId: string,
  reference: string,
  self?: string,
): Promise<Holder | undefined> {
  const normalised = normaliseReference(reference);
  if (!normalised) return undefined;
  const held = (await deps.ledger.referenceBucket(boardId, yearId, bucketOf(normalised)))?.get(normalised) ?? [];
  return (await holdersOf(deps, boardId, yearId, held, self))[0];
}

export function duplicateReference(reference: string, yearId: string, holder: Holder): ConflictError {
  const e = holder.entry;
  const what =
    holder.state === 'pending'
      ? `${holder.entryId}, a row of an import that has not finished`
      : holder.state === 'missing'
        ? `${holder.entryId}, which is being recorded`
        : `${holder.entryId} (${e?.date}, ${e?.supplier}, ${e?.amount.toDisplay()})`;
  return new ConflictError(
    'ENTRY.DUPLICATE_REFERENCE',
    `the supplier reference ${reference} is already on ${what} in ${yearId}; send "allowDuplicateReference": true to record it again`,
    [{ path: 'body/reference', message: `is already on ${holder.entryId}` }],
    { duplicateOf: holder.entryId },
  );
}

/**
 * Claims a reference for an entry. Strict: an earlier entry still holding it is a 409. Lenient
 * (a post that allows duplicates): the entry joins the holders, so that a later post is still
 * refused while any of them stands.
 */
export async function claimReference(
  deps: Pick<Deps, 'ledger' | 'years'>,
  meta: WriteMeta,
  boardId: string,
  yearId: string,
  reference: string,
  seq: number,
  mode: 'strict' | 'lenient',
): Promise<void> {
  const normalised = normaliseReference(reference);
  if (!normalised) return;
  const bucket = bucketOf(normalised);
  const entryId = entryIdOf(seq);
  for (let attempt = 0; attempt < 6; attempt++) {
    const refs = await deps.ledger.referenceBucket(boardId, yearId, bucket);
    const held = refs?.get(normalised);
    if (held?.includes(entryId)) return; // an earlier attempt of this post claimed it
    const standing = held ? await holdersOf(deps, boardId, yearId, held) : [];
    const first = standing[0];
    if (first && mode === 'strict') throw duplicateReference(reference, yearId, first);
    try {
      await deps.ledger.claimReferences(
        meta,
        boardId,
        yearId,
        bucket,
        [{ reference: normalised, holders: [...standing.map((h) => h.entryId), entryId], ...(held ? { expected: held } : {}) }],
        { create: refs === undefined },
      );
      return;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err; // someone else claimed meanwhile: look again
    }
  }
  throw new ConflictError('CONFLICT.BUSY', 'the supplier reference is being recorded by others; retry');
}
