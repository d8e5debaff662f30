/**
 * The expenditure ledger: immutable entries, corrections by reversal, commitments.
 *
 * Posting is two single-item writes: reserve the next number on the year item (only
 * while it is open), then create the entry under that number (only if the number is
 * unused). A close that stops reservations can void any number still unwritten, so an
 * entry racing a close either lands before the seal or is refused with 409; never after.
 */
import { ConditionFailed, ConflictError, NotFoundError, UnprocessableError } from '../domain/errors.ts';
import { containsDate } from '../domain/financial-year.ts';
import {
  type Commitment,
  checkEntryDate,
  commitmentIdOf,
  type Entry,
  entryIdOf,
  financialYear,
  remainingOf,
  seqOfEntryId,
  withReversedMatches,
} from '../domain/ledger.ts';
import { Money } from '../domain/money.ts';
import { assertYearAllows } from '../domain/year-lifecycle.ts';
import { type Ctx, once, operationIdOf, todayOf } from './context.ts';
import type { Deps, ListArgs, MatchClaim, Page } from './ports.ts';
import { claimReference, duplicateReference, earlierHolder } from './references.ts';
import { getYear } from './years.ts';

export interface EntryInput {
  date: string;
  category: string;
  amount: string;
  supplier: string;
  description: string;
  sarId?: string | undefined;
  reference?: string | undefined;
  /** Record it even when an earlier entry of the year has the same supplier reference. */
  allowDuplicateReference?: boolean | undefined;
}

const notOpen = (yearId: string, status: string) =>
  new ConflictError('YEAR.NOT_OPEN', `${yearId} is ${status}; expenditure can only be recorded in an open year`);

/** The entry this operation wrote under `seq` in an earlier attempt, if any. */
async function ownEntryAt(
  deps: Pick<Deps, 'ledger'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  seq: number | undefined,
): Promise<Entry | undefined> {
  if (seq === undefined) return undefined;
  const existing = await deps.ledger.entryAt(boardId, yearId, seq);
  return existing && existing !== 'void' && existing.operationId === operationIdOf(ctx) ? existing : undefined;
}

/**
 * Records an entry. With an Idempotency-Key a retry converges: the entry number is kept on the
 * key's record, so a retry after a failure at any step writes under the same number, or finds
 * the entry its first attempt wrote (even if the year has closed since).
 */
export async function postEntry(
  deps: Pick<Deps, 'ledger' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  input: EntryInput,
): Promise<Entry> {
  financialYear(yearId);
  const earlier = await ownEntryAt(deps, ctx, boardId, yearId, ctx.operation?.recall('seq') as number | undefined);
  if (earlier) return earlier;
  const { year, lineExists, sarExists } = await deps.ledger.entryContext(boardId, yearId, input.category, input.sarId);
  if (!year) throw new NotFoundError('YEAR.NOT_FOUND', `year ${yearId} does not exist`);
  assertYearAllows(year, 'entries'); // open, or awaiting approval of its close (the approval then fails with 412)
  checkEntryDate(yearId, input.date, todayOf(ctx));
  const problems = [
    ...(lineExists ? [] : [{ path: 'body/category', message: `${input.category} is not a budget line of ${yearId}` }]),
    ...(sarExists ? [] : [{ path: 'body/sarId', message: `SAR case ${input.sarId} does not exist` }]),
  ];
  if (problems.length > 0) {
    throw new UnprocessableError(lineExists ? 'ENTRY.UNKNOWN_SAR' : 'ENTRY.UNKNOWN_CATEGORY', problems[0]?.message ?? '', problems);
  }
  const strict = input.reference !== undefined && !input.allowDuplicateReference;
  if (strict && input.reference !== undefined) {
    // Before a number is reserved, so that the common refusal burns none.
    const recalled = ctx.operation?.recall('seq') as number | undefined;
    const holder = await earlierHolder(deps, boardId, yearId, input.reference, recalled === undefined ? undefined : entryIdOf(recalled));
    if (holder) throw duplicateReference(input.reference, yearId, holder);
  }
  let seq: number;
  try {
    seq = await once(ctx, 'seq', () => deps.years.reserveEntrySeq(ctx.meta, boardId, yearId));
  } catch (err) {
    if (err instanceof ConditionFailed) throw notOpen(yearId, 'no longer open');
    throw err;
  }
  // The claim decides a race between two posts of one reference (the loser's number is voided at the close).
  if (input.reference !== undefined)
    await claimReference(deps, ctx.meta, boardId, yearId, input.reference, seq, strict ? 'strict' : 'lenient');
  try {
    return await deps.ledger.putEntry(ctx.meta, {
      boardId,
      yearId,
      seq,
      date: input.date,
      category: input.category,
      amount: Money.parse(input.amount),
      supplier: input.supplier,
      description: input.description,
      ...(input.sarId ? { sarId: input.sarId } : {}),
      ...(input.reference ? { reference: input.reference } : {}),
    });
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    const own = await ownEntryAt(deps, ctx, boardId, yearId, seq); // an earlier attempt of this operation wrote it
    if (own) return own;
    throw new ConflictError(
      'YEAR.CLOSED',
      `${yearId}'s ledger was sealed for a close while this entry was being recorded; it was not recorded (if the year is still open, post it again as a new request)`,
    );
  }
}

/** One entry of the ledger; rows of an import that is not committed are not there (404). */
export async function getEntry(
  deps: Pick<Deps, 'ledger'>,
  boardId: string,
  yearId: string,
  entryId: string,
): Promise<Entry & { reversedBy?: string }> {
  const entry = await deps.ledger.visibleEntryAt(boardId, yearId, seqOfEntryId(entryId));
  if (!entry) throw new NotFoundError('ENTRY.NOT_FOUND', `${yearId} has no entry ${entryId}`);
  const marker = await deps.ledger.getReversalMarker(boardId, yearId, entryId);
  if (!marker) return entry;
  const reversal = await deps.ledger.visibleEntryAt(boardId, yearId, marker.reversalSeq);
  return reversal ? { ...entry, reversedBy: entryIdOf(marker.reversalSeq) } : entry;
}

/**
 * Reverses an entry with an equal and opposite one dated like the original. At most one
 * reversal per entry: a marker item claims the right first. If an earlier attempt died
 * after claiming, a retry finishes its work under the number the marker recorded.
 */
export async function reverseEntry(
  deps: Pick<Deps, 'ledger' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  entryId: string,
  reason: string,
): Promise<Entry> {
  const claimed = await deps.ledger.getReversalMarker(boardId, yearId, entryId);
  if (claimed?.operationId === operationIdOf(ctx)) {
    const own = await ownEntryAt(deps, ctx, boardId, yearId, claimed.reversalSeq); // this operation's earlier attempt finished
    if (own) return own;
  }
  const year = await getYear(deps, boardId, yearId);
  assertYearAllows(year, 'entries');
  const original = await deps.ledger.visibleEntryAt(boardId, yearId, seqOfEntryId(entryId));
  if (!original) throw new NotFoundError('ENTRY.NOT_FOUND', `${yearId} has no entry ${entryId}`);
  if (original.reverses) {
    throw new UnprocessableError('ENTRY.IS_REVERSAL', `${entryId} is itself a reversal; record a new entry instead`);
  }
  const fy = financialYear(yearId);
  if (!containsDate(fy, original.date)) throw new UnprocessableError('ENTRY.DATE_OUTSIDE_YEAR', 'the original is dated outside its year');

  let seq: number;
  const marker = await deps.ledger.getReversalMarker(boardId, yearId, entryId);
  if (marker?.importId) {
    // A credit row of an import claimed this reversal: done once the import is committed,
    // and reserved for that import until then (re-importing its file finishes it).
    const committed = await deps.years.committedImports(boardId, yearId);
    if (committed.has(marker.importId))
      throw new ConflictError('ENTRY.ALREADY_REVERSED', `${entryId} has already been reversed by ${entryIdOf(marker.reversalSeq)}`);
    throw new ConflictError(
      'ENTRY.REVERSAL_PENDING',
      `${entryId} is being reversed by import ${marker.importId}, which has not finished; import that file again to finish it`,
    );
  }
  if (marker) {
    const existing = await deps.ledger.entryAt(boardId, yearId, marker.reversalSeq);
    if (existing)
      throw new ConflictError('ENTRY.ALREADY_REVERSED', `${entryId} has already been reversed by ${entryIdOf(marker.reversalSeq)}`);
    seq = marker.reversalSeq; // an earlier attempt claimed but did not finish
  } else {
    try {
      seq = await once(ctx, 'seq', () => deps.years.reserveEntrySeq(ctx.meta, boardId, yearId));
    } catch (err) {
      if (err instanceof ConditionFailed) throw notOpen(yearId, 'no longer open');
      throw err;
    }
    try {
      await deps.ledger.claimReversal(ctx.meta, boardId, yearId, entryId, seq);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const now = await deps.ledger.getReversalMarker(boardId, yearId, entryId);
      if (now?.operationId !== operationIdOf(ctx))
        throw new ConflictError('ENTRY.ALREADY_REVERSED', `${entryId} is already being reversed`);
      seq = now.reversalSeq; // this operation claimed it in an attempt that did not hear back
    }
  }
  try {
    return await deps.ledger.putEntry(ctx.meta, {
      boardId,
      yearId,
      seq,
      date: original.date,
      category: original.category,
      amount: original.amount.negate(),
      supplier: original.supplier,
      description: `Reversal of ${entryId}: ${original.description}`.slice(0, 500),
      ...(original.sarId ? { sarId: original.sarId } : {}),
      ...(original.reference ? { reference: original.reference } : {}),
      reverses: entryId,
      reason,
    });
  } catch (err) {
    if (err instanceof ConditionFailed) {
      const own = await ownEntryAt(deps, ctx, boardId, yearId, seq);
      if (own) return own;
      const existing = await deps.ledger.entryAt(boardId, yearId, seq);
      if (existing && existing !== 'void') throw new ConflictError('ENTRY.ALREADY_REVERSED', `${entryId} has already been reversed`);
      throw new ConflictError('YEAR.CLOSED', `${yearId} was closed while this reversal was being recorded; it was not recorded`);
    }
    throw err;
  }
}

export interface CommitmentInput {
  category: string;
  description: string;
  amount: string;
  dueDate: string;
  supplier?: string | undefined;
  sarId?: string | undefined;
}

async function ownCommitmentAt(
  deps: Pick<Deps, 'commitments'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  seq: number | undefined,
): Promise<Commitment | undefined> {
  if (seq === undefined) return undefined;
  const existing = await deps.commitments.getCommitment(boardId, yearId, seq);
  return existing?.operationId === operationIdOf(ctx) ? existing : undefined;
}

export async function postCommitment(
  deps: Pick<Deps, 'commitments' | 'ledger' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  input: CommitmentInput,
): Promise<Commitment> {
  financialYear(yearId);
  const earlier = await ownCommitmentAt(deps, ctx, boardId, yearId, ctx.operation?.recall('commitSeq') as number | undefined);
  if (earlier) return earlier;
  const { year, lineExists, sarExists } = await deps.ledger.entryContext(boardId, yearId, input.category, input.sarId);
  if (!year) throw new NotFoundError('YEAR.NOT_FOUND', `year ${yearId} does not exist`);
  assertYearAllows(year, 'commitments');
  const fy = financialYear(yearId);
  if (!containsDate(fy, input.dueDate)) {
    throw new UnprocessableError('COMMITMENT.DATE_OUTSIDE_YEAR', `${input.dueDate} is not in ${yearId}`, [
      { path: 'body/dueDate', message: `must be between ${fy.start} and ${fy.end}` },
    ]);
  }
  if (!lineExists) {
    throw new UnprocessableError('COMMITMENT.UNKNOWN_CATEGORY', `${input.category} is not a budget line of ${yearId}`, [
      { path: 'body/category', message: `${input.category} is not a budget line of ${yearId}` },
    ]);
  }
  if (!sarExists) {
    throw new UnprocessableError('COMMITMENT.UNKNOWN_SAR', `SAR case ${input.sarId} does not exist`, [
      { path: 'body/sarId', message: `SAR case ${input.sarId} does not exist` },
    ]);
  }
  let seq: number;
  try {
    seq = await once(ctx, 'commitSeq', () => deps.years.reserveCommitmentSeq(ctx.meta, boardId, yearId));
  } catch (err) {
    if (err instanceof ConditionFailed) throw new ConflictError('YEAR.CLOSED', `${yearId} is closed`);
    throw err;
  }
  try {
    return await deps.commitments.putCommitment(ctx.meta, {
      boardId,
      yearId,
      seq,
      category: input.category,
      description: input.description,
      amount: Money.parse(input.amount),
      dueDate: input.dueDate,
      ...(input.supplier ? { supplier: input.supplier } : {}),
      ...(input.sarId ? { sarId: input.sarId } : {}),
    });
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    const own = await ownCommitmentAt(deps, ctx, boardId, yearId, seq);
    if (own) return own;
    throw err;
  }
}

/** A page of a year's ledger, in number order, only the category asked for (if any). */
export async function listEntries(
  deps: Pick<Deps, 'ledger' | 'years'>,
  boardId: string,
  yearId: string,
  args: ListArgs & { category?: string | undefined },
): Promise<Page<Entry>> {
  await getYear(deps, boardId, yearId);
  const { category, ...page } = args;
  return deps.ledger.listEntries(boardId, yearId, { ...page, ...(category !== undefined ? { category } : {}) });
}

/** The whole ledger of a year (an export), only the category asked for (if any). */
export async function allEntries(
  deps: Pick<Deps, 'ledger' | 'years'>,
  boardId: string,
  yearId: string,
  category?: string,
): Promise<Entry[]> {
  await getYear(deps, boardId, yearId);
  const all = await deps.ledger.allEntries(boardId, yearId);
  return category ? all.filter((e) => e.category === category) : all;
}

export async function listCommitments(
  deps: Pick<Deps, 'commitments' | 'ledger' | 'years'>,
  boardId: string,
  yearId: string,
  args: ListArgs,
): Promise<Page<Commitment>> {
  await getYear(deps, boardId, yearId);
  const page = await deps.commitments.listCommitments(boardId, yearId, args);
  return { ...page, items: await markReversedMatches(deps, boardId, yearId, page.items) };
}

export async function allCommitments(
  deps: Pick<Deps, 'commitments' | 'ledger' | 'years'>,
  boardId: string,
  yearId: string,
): Promise<Commitment[]> {
  await getYear(deps, boardId, yearId);
  return markReversedMatches(deps, boardId, yearId, await deps.commitments.allCommitments(boardId, yearId));
}

export async function getCommitment(
  deps: Pick<Deps, 'commitments' | 'ledger'>,
  boardId: string,
  yearId: string,
  commitmentId: string,
): Promise<Commitment> {
  const c = await deps.commitments.getCommitment(boardId, yearId, seqOfEntryId(commitmentId));
  if (!c) throw new NotFoundError('COMMITMENT.NOT_FOUND', `${yearId} has no commitment ${commitmentId}`);
  const [marked] = await markReversedMatches(deps, boardId, yearId, [c]);
  return marked ?? c;
}

/**
 * Commitments as they stand: a match whose entry has been reversed since no longer counts
 * (withReversedMatches). Reads the reversal markers of the matched entries in one batch, and
 * counts a reversal once it is in the ledger, as the ledger's actuals do.
 */
async function markReversedMatches(
  deps: Pick<Deps, 'ledger'>,
  boardId: string,
  yearId: string,
  commitments: readonly Commitment[],
): Promise<Commitment[]> {
  const matched = [...new Set(commitments.flatMap((c) => c.releases.flatMap((r) => (r.entryId ? [r.entryId] : []))))];
  if (matched.length === 0) return [...commitments];
  const markers = await deps.ledger.reversalMarkers(boardId, yearId, matched);
  const reversed = await Promise.all(
    [...markers].map(async ([entryId, m]) => ((await deps.ledger.visibleEntryAt(boardId, yearId, m.reversalSeq)) ? [entryId] : [])),
  );
  return withReversedMatches(commitments, new Set(reversed.flat()));
}

/**
 * How long a match's claim on an entry is left to its own request: past it, a match that meets
 * the claim unlanded withdraws it (as the import's block claim, IMPORT_CLAIM_LEASE_MS).
 */
export const MATCH_CLAIM_LEASE_MS = 2_000;

export interface ReleaseInput {
  /** How much to release or match; absent: all that is left (a match: as much of it as the entry paid). */
  amount?: string | undefined;
  /** The entry that paid it: a match. */
  entryId?: string | undefined;
  reason: string;
}

/**
 * Releases part or all of a commitment (the cost will not arise), or matches it to the entry
 * that paid it (the cost is now in the actuals), so that the forecast counts it no more: a
 * release in every forecast, a match from the entry's date on. One conditional append on the
 * commitment at the version read: two releases racing are checked one after the other, never
 * both against the same remainder; a retry with the same Idempotency-Key finds its own release.
 * A match first claims its amount on the entry (the entry's next claim number, once), so two
 * matches of one entry to two commitments are checked one after the other too, never both
 * against what the entry has unmatched. A claim counts until its match lands on its commitment
 * (then the match counts) or it is withdrawn there. While it is younger than the lease another
 * match is told to retry (409 CONFLICT.BUSY); once older, the next match of the entry withdraws
 * it on its commitment, at the version read (a request abandoned between its claim and its
 * append leaves nothing out of reach for good). That write is what keeps a match from counting
 * twice: the abandoned append is conditional on the commitment's version, which the withdrawal
 * moved, so a request that was only slow reads again, finds its claim withdrawn and claims anew
 * against what is left (and a retry with its key does the same).
 */
export async function releaseCommitment(
  deps: Pick<Deps, 'commitments' | 'ledger' | 'years'>,
  ctx: Ctx,
  boardId: string,
  yearId: string,
  commitmentId: string,
  input: ReleaseInput,
): Promise<Commitment> {
  financialYear(yearId);
  const op = operationIdOf(ctx);
  for (let attempt = 0; attempt < 8; attempt++) {
    const c = await getCommitment(deps, boardId, yearId, commitmentId);
    if (c.releases.some((r) => r.operationId === op)) return c; // an earlier attempt of this operation landed
    assertYearAllows(await getYear(deps, boardId, yearId), 'commitments');
    const remaining = remainingOf(c);
    if (!remaining.isPositive()) {
      throw new UnprocessableError(
        'COMMITMENT.NOTHING_LEFT',
        `${commitmentId} has nothing left to release (${c.amount.toDisplay()} released or matched)`,
      );
    }
    let entry: Entry | undefined;
    let available: Money | undefined;
    let claims: MatchClaim[] = [];
    let mine: MatchClaim | undefined;
    let underWay: MatchClaim[] = [];
    if (input.entryId !== undefined) {
      entry = await matchableEntry(deps, boardId, yearId, c, input.entryId);
      const paid = entry;
      // What is matched to the entry: the matches landed on commitments, and the claims of matches
      // under way (claimed, neither landed nor withdrawn), this operation's own claim aside.
      const [all, made] = await Promise.all([
        deps.commitments.allCommitments(boardId, yearId),
        deps.commitments.matchClaims(boardId, yearId, paid.entryId),
      ]);
      claims = made;
      const landed = all.flatMap((other) => other.releases.filter((r) => r.entryId === paid.entryId));
      const landedOps = new Set(landed.map((r) => r.operationId));
      const holders = new Map(all.map((other) => [other.commitmentId, other]));
      // This operation's claim from an earlier attempt, unless withdrawn on this commitment as read:
      // the append below is conditional on that version, so a withdrawal since makes it fail.
      mine = claims.find((cl) => cl.operationId === op && !isWithdrawn(c, cl));
      const others = claims.filter(
        (cl) => cl.operationId !== op && !landedOps.has(cl.operationId) && !isWithdrawn(holders.get(cl.commitmentId), cl),
      );
      const nowMs = Date.now();
      const abandoned = others.filter((cl) => nowMs - Date.parse(cl.at) >= MATCH_CLAIM_LEASE_MS);
      if (abandoned.length > 0) {
        await withdrawClaims(deps, ctx, holders, abandoned);
        continue; // read again: the claims withdrawn, or a match of theirs that landed meanwhile
      }
      underWay = others;
      available = paid.amount.minus(Money.sum([...landed.map((r) => r.amount), ...underWay.map((cl) => cl.amount)]));
      if (!available.isPositive()) {
        if (underWay.length > 0) throw claimedUnderWay(paid, underWay, nowMs);
        throw new UnprocessableError(
          'COMMITMENT.ENTRY_ALREADY_MATCHED',
          `${input.entryId} (${paid.amount.toDisplay()}) is already matched in full to commitments`,
          [{ path: 'body/entryId', message: `${input.entryId} is already matched in full` }],
        );
      }
    }
    // A retry of a match that claimed its amount already matches what it claimed.
    const amount = mine
      ? mine.amount
      : input.amount !== undefined
        ? Money.parse(input.amount)
        : available
          ? remaining.min(available)
          : remaining;
    if (amount.compare(remaining) > 0) {
      throw new UnprocessableError(
        'COMMITMENT.RELEASE_TOO_LARGE',
        `${commitmentId} has ${remaining.toDisplay()} left of ${c.amount.toDisplay()}; ${amount.toDisplay()} cannot be ${entry ? 'matched' : 'released'}`,
        [{ path: 'body/amount', message: `must be at most ${remaining.toString()}, what ${commitmentId} has left` }],
      );
    }
    if (entry && available && amount.compare(available) > 0) {
      const held = Money.sum(underWay.map((cl) => cl.amount));
      if (amount.compare(available.plus(held)) <= 0) throw claimedUnderWay(entry, underWay, Date.now());
      throw new UnprocessableError(
        'COMMITMENT.MATCH_TOO_LARGE',
        `${entry.entryId} paid ${entry.amount.toDisplay()}, of which ${available.toDisplay()} is not matched yet; ${amount.toDisplay()} cannot be matched to it`,
        [{ path: 'body/amount', message: `must be at most ${available.toString()}` }],
      );
    }
    if (entry && !mine) {
      // Claim the amount on the entry first: the next number on it, once; a match that came
      // first takes the number and this one reads again and checks against it.
      const n = claims.reduce((max, cl) => Math.max(max, cl.n), 0) + 1;
      try {
        await deps.commitments.claimMatch(ctx.meta, boardId, yearId, { entryId: entry.entryId, n, amount, commitmentId, operationId: op });
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err;
        continue;
      }
    }
    try {
      const released = await deps.commitments.releaseCommitment(ctx.meta, c, {
        amount,
        ...(entry ? { entryId: entry.entryId } : {}),
        reason: input.reason,
        date: entry ? entry.date : todayOf(ctx),
      });
      return (await markReversedMatches(deps, boardId, yearId, [released]))[0] ?? released;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err; // released meanwhile (or by this request's lost answer): read again
    }
  }
  throw new ConflictError('CONFLICT.BUSY', `${commitmentId} is being changed by others; retry`);
}

const claimIdOf = (cl: Pick<MatchClaim, 'entryId' | 'n'>): string => `${cl.entryId}#${cl.n}`;

/** Whether the claim was withdrawn on its commitment (or names none: nothing could land on it). */
const isWithdrawn = (holder: Commitment | undefined, cl: MatchClaim): boolean =>
  !holder || (holder.withdrawnClaims ?? []).includes(claimIdOf(cl));

/**
 * Withdraws claims older than the lease whose matches never landed, each on its commitment at
 * the version read: if a match landed there meanwhile the write fails, and the caller reads again.
 */
async function withdrawClaims(
  deps: Pick<Deps, 'commitments'>,
  ctx: Ctx,
  holders: ReadonlyMap<string, Commitment>,
  abandoned: readonly MatchClaim[],
): Promise<void> {
  const byCommitment = new Map<string, string[]>();
  for (const cl of abandoned) byCommitment.set(cl.commitmentId, [...(byCommitment.get(cl.commitmentId) ?? []), claimIdOf(cl)]);
  for (const [commitmentId, ids] of byCommitment) {
    const holder = holders.get(commitmentId);
    if (!holder) continue;
    try {
      await deps.commitments.withdrawClaims(ctx.meta, holder, ids);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }
}

/** Refused for now: the amount is held by matches under way, which land or are withdrawn within the lease. */
function claimedUnderWay(entry: Entry, underWay: readonly MatchClaim[], nowMs: number): ConflictError {
  const until = Math.max(...underWay.map((cl) => Date.parse(cl.at) + MATCH_CLAIM_LEASE_MS));
  const seconds = Math.max(1, Math.ceil((until - nowMs) / 1000));
  const held = Money.sum(underWay.map((cl) => cl.amount));
  return new ConflictError(
    'CONFLICT.BUSY',
    `${held.toDisplay()} of ${entry.entryId} is claimed by a match under way; send the request again in ${seconds} s`,
  );
}

/** The entry a commitment is matched to: in the ledger, not a reversal nor reversed, of the commitment's category. */
async function matchableEntry(deps: Pick<Deps, 'ledger'>, boardId: string, yearId: string, c: Commitment, entryId: string): Promise<Entry> {
  const at = (message: string) => [{ path: 'body/entryId', message }];
  const entry = await deps.ledger.visibleEntryAt(boardId, yearId, seqOfEntryId(entryId));
  if (!entry)
    throw new UnprocessableError('COMMITMENT.UNKNOWN_ENTRY', `${yearId} has no entry ${entryId}`, at(`${yearId} has no entry ${entryId}`));
  if (entry.reverses)
    throw new UnprocessableError(
      'COMMITMENT.ENTRY_IS_REVERSAL',
      `${entryId} is a reversal; match the entry that paid`,
      at('is a reversal'),
    );
  const marker = await deps.ledger.getReversalMarker(boardId, yearId, entryId);
  if (marker && (await deps.ledger.visibleEntryAt(boardId, yearId, marker.reversalSeq))) {
    throw new UnprocessableError('COMMITMENT.ENTRY_REVERSED', `${entryId} has been reversed; it paid nothing`, at('has been reversed'));
  }
  if (entry.category !== c.category) {
    throw new UnprocessableError(
      'COMMITMENT.CATEGORY_MISMATCH',
      `${entryId} is ${entry.category} but ${commitmentIdOf(c.seq)} is ${c.category}: a commitment is matched to an entry of its own category`,
      at(`is ${entry.category}, not ${c.category}`),
    );
  }
  return entry;
}
