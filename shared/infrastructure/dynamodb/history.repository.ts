/** Published figures of a year from before the service (`HISTORY` in the year's partition). */
import type { HistoryPort } from '../../application/ports.ts';
import { parseYearId } from '../../domain/financial-year.ts';
import type { History } from '../../domain/ledger.ts';
import { toHistory } from './history.mapper.ts';
import { keys } from './keys.ts';
import { ConditionFailed, type Store, type WriteMeta } from './store.ts';

export class HistoryRepository implements HistoryPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getHistory(boardId: string, yearId: string): Promise<History | undefined> {
    const item = await this.store.get(keys.history(boardId, yearId));
    return item ? toHistory(item) : undefined;
  }

  /**
   * Records published figures. The history item is written first, at the version of the stored
   * one (`existing`: created once when there is none), then the year item is created or moved
   * to closed/history under a condition that it has no ledger; a failed condition leaves a
   * history item that reads ignore, because the year says `ledger`.
   */
  async putHistory(
    meta: WriteMeta,
    h: Pick<History, 'boardId' | 'yearId' | 'budgetSet' | 'outturn' | 'contributions'>,
    existing: History | undefined,
  ): Promise<History> {
    const fy = parseYearId(h.yearId);
    const item = {
      ...keys.history(h.boardId, h.yearId),
      type: 'history',
      boardId: h.boardId,
      yearId: h.yearId,
      budgetSet: h.budgetSet.toString(),
      outturn: h.outturn.toString(),
      contributions: h.contributions.map((c) => ({
        partnerId: c.partnerId,
        baseline: c.baseline.toString(),
        additional: c.additional.toString(),
      })),
      version: (existing?.version ?? 0) + 1,
      createdAt: existing?.createdAt ?? meta.at,
      createdBy: existing?.createdBy ?? meta.actor,
      ...(existing ? { updatedAt: meta.at, updatedBy: meta.actor } : {}),
    };
    // The same figures again (a retry whose first attempt wrote them, then died before the year
    // item): they stay as written, and only the year item is brought in line.
    const sameAs = (stored: History | undefined) =>
      stored?.budgetSet.equals(h.budgetSet) === true &&
      stored.outturn.equals(h.outturn) &&
      JSON.stringify(stored.contributions.map((c) => [c.partnerId, c.baseline.toString(), c.additional.toString()])) ===
        JSON.stringify(h.contributions.map((c) => [c.partnerId, c.baseline.toString(), c.additional.toString()]));
    const same = sameAs(existing);
    const condition = !existing
      ? 'attribute_not_exists(pk)'
      : existing.version === 1
        ? 'attribute_not_exists(#version) OR #version = :expected'
        : '#version = :expected';
    if (!same) {
      try {
        await this.store.write(
          {
            kind: 'put',
            item,
            condition,
            ...(existing ? { names: { '#version': 'version' }, values: { ':expected': existing.version } } : {}),
          },
          meta,
        );
      } catch (err) {
        // A retried call can report a failed condition for a write that went through: believe it
        // only if the figures stored are not the ones just written.
        if (!(err instanceof ConditionFailed) || !sameAs(await this.getHistory(h.boardId, h.yearId))) throw err;
      }
    }
    await this.store.write(
      {
        kind: 'update',
        key: keys.year(h.boardId, h.yearId),
        update:
          'SET #type = :year, boardId = :board, yearId = :yearId, #start = :start, #end = :end, #status = :closed, #source = :history, budgetSet = :budget, closedAt = if_not_exists(closedAt, :at), createdAt = if_not_exists(createdAt, :at), createdBy = if_not_exists(createdBy, :by), updatedAt = :at, updatedBy = :by, #version = if_not_exists(#version, :zero) + :one',
        condition: 'attribute_not_exists(pk) OR #source = :history OR (#status = :draft AND (attribute_not_exists(seq) OR seq = :zero))',
        names: { '#type': 'type', '#status': 'status', '#source': 'source', '#version': 'version', '#start': 'start', '#end': 'end' },
        values: {
          ':year': 'year',
          ':board': h.boardId,
          ':yearId': h.yearId,
          ':start': fy?.start,
          ':end': fy?.end,
          ':closed': 'closed',
          ':history': 'history',
          ':draft': 'draft',
          ':budget': h.budgetSet.toString(),
          ':at': meta.at,
          ':by': meta.actor,
          ':zero': 0,
          ':one': 1,
        },
      },
      meta,
    );
    return same && existing ? existing : toHistory(item);
  }
}
