/**
 * Commitments (`COMMIT#<seq>` in the year's partition): known future costs, for forecasting,
 * with their releases and matches appended to the item under its version.
 */
import type { CommitmentsPort, ListArgs, MatchClaim, Page } from '../../application/ports.ts';
import type { Commitment, CommitmentRelease } from '../../domain/ledger.ts';
import { releaseItem, toCommitment } from './commitments.mapper.ts';
import { keys, PREFIX, yearPk } from './keys.ts';
import { money, readPage } from './mapping.ts';
import { ConditionFailed, type Item, int, operationOf, type Store, str, type WriteMeta } from './store.ts';

export class CommitmentsRepository implements CommitmentsPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getCommitment(boardId: string, yearId: string, seq: number): Promise<Commitment | undefined> {
    const item = await this.store.get(keys.commitment(boardId, yearId, seq));
    return item ? toCommitment(item) : undefined;
  }

  async putCommitment(
    meta: WriteMeta,
    c: Omit<Commitment, 'commitmentId' | 'createdAt' | 'createdBy' | 'version' | 'releases'>,
  ): Promise<Commitment> {
    const item: Item = {
      ...keys.commitment(c.boardId, c.yearId, c.seq),
      type: 'commitment',
      boardId: c.boardId,
      yearId: c.yearId,
      seq: c.seq,
      category: c.category,
      description: c.description,
      amount: c.amount.toString(),
      dueDate: c.dueDate,
      ...(c.supplier ? { supplier: c.supplier } : {}),
      ...(c.sarId ? { sarId: c.sarId } : {}),
      version: 1,
      releases: [],
      createdAt: meta.at,
      createdBy: meta.actor,
      requestId: meta.requestId,
      operationId: operationOf(meta),
    };
    await this.store.write({ kind: 'put', item, condition: 'attribute_not_exists(pk)' }, meta);
    return toCommitment(item);
  }

  /** Appends a release (or match) if the commitment is still at the version read. */
  async releaseCommitment(
    meta: WriteMeta,
    current: Commitment,
    release: Omit<CommitmentRelease, 'createdAt' | 'createdBy' | 'operationId'>,
  ): Promise<Commitment> {
    const r: CommitmentRelease = { ...release, createdAt: meta.at, createdBy: meta.actor, operationId: operationOf(meta) };
    return toCommitment(
      await this.appendAtVersion(meta, current, 'releases', [releaseItem(r)], r.entryId ? 'commitment-matched' : 'commitment-released'),
    );
  }

  listCommitments(boardId: string, yearId: string, page: ListArgs): Promise<Page<Commitment>> {
    return readPage(this.store, { pk: yearPk(boardId, yearId), prefix: PREFIX.commitment }, page, toCommitment);
  }

  /** Every commitment of a year (exports, forecasts). */
  async allCommitments(boardId: string, yearId: string): Promise<Commitment[]> {
    return (await this.store.queryAll({ pk: yearPk(boardId, yearId), prefix: PREFIX.commitment })).map(toCommitment);
  }

  async matchClaims(boardId: string, yearId: string, entryId: string): Promise<MatchClaim[]> {
    const items = await this.store.queryAll({ pk: yearPk(boardId, yearId), prefix: `${PREFIX.matchClaim}${entryId}#` });
    return items.map((i) => ({
      entryId: str(i.entryId),
      n: int(i.n),
      amount: money(i.amount),
      commitmentId: str(i.commitmentId),
      operationId: str(i.operationId),
      at: str(i.createdAt),
    }));
  }

  async claimMatch(meta: WriteMeta, boardId: string, yearId: string, claim: Omit<MatchClaim, 'at'>): Promise<void> {
    await this.store.write(
      {
        kind: 'put',
        item: {
          ...keys.matchClaim(boardId, yearId, claim.entryId, claim.n),
          type: 'match-claim',
          entryId: claim.entryId,
          n: claim.n,
          amount: claim.amount.toString(),
          commitmentId: claim.commitmentId,
          operationId: claim.operationId,
          createdAt: meta.at,
          createdBy: meta.actor,
          requestId: meta.requestId,
        },
        condition: 'attribute_not_exists(pk)',
      },
      meta,
    );
  }

  /** Records claims withdrawn on the commitment their matches were for, if it is still at the version read. */
  async withdrawClaims(meta: WriteMeta, current: Commitment, claimIds: readonly string[]): Promise<void> {
    await this.appendAtVersion(meta, current, 'withdrawnClaims', [...claimIds], 'commitment-match-claim-withdrawn');
  }

  /**
   * Appends to one of the commitment's lists and moves its version on, if it is still at the
   * version read (commitments recorded before releases existed have none yet: read as 0).
   */
  private async appendAtVersion(
    meta: WriteMeta,
    current: Commitment,
    list: 'releases' | 'withdrawnClaims',
    add: unknown[],
    action: string,
  ) {
    const key = keys.commitment(current.boardId, current.yearId, current.seq);
    const out = await this.store.write(
      {
        kind: 'update',
        key,
        update: `SET #${list} = list_append(if_not_exists(#${list}, :none), :add), #version = :next, updatedAt = :at, updatedBy = :by`,
        condition: current.version === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#version)' : '#version = :expected',
        names: { [`#${list}`]: list, '#version': 'version' },
        values: {
          ':add': add,
          ':none': [],
          ':next': current.version + 1,
          ...(current.version === 0 ? {} : { ':expected': current.version }),
          ':at': meta.at,
          ':by': meta.actor,
        },
        audit: { action },
        returnNew: true,
      },
      meta,
    );
    if (!out) throw new ConditionFailed(`${key.pk} ${key.sk}`);
    return out;
  }
}
