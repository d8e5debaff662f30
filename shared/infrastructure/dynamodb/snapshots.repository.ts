/** The close's record of its result (`SNAPSHOT` in the year's partition), written once. */
import type { RechargeSnapshot, SnapshotsPort } from '../../application/ports.ts';
import { keys } from './keys.ts';
import { toSnapshot } from './snapshots.mapper.ts';
import { ConditionFailed, type Store, type WriteMeta } from './store.ts';

export class SnapshotsRepository implements SnapshotsPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getSnapshot(boardId: string, yearId: string): Promise<RechargeSnapshot | undefined> {
    const item = await this.store.get(keys.snapshot(boardId, yearId));
    return item ? toSnapshot(item.snapshot) : undefined;
  }

  /** Records the close's inputs and result once; a retry reads back the first one. */
  async putSnapshotOnce(meta: WriteMeta, boardId: string, yearId: string, snapshot: RechargeSnapshot): Promise<RechargeSnapshot> {
    try {
      await this.store.write(
        {
          kind: 'put',
          item: { ...keys.snapshot(boardId, yearId), type: 'snapshot', snapshot, createdAt: meta.at, createdBy: meta.actor },
          condition: 'attribute_not_exists(pk)',
        },
        meta,
      );
      return snapshot;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const stored = await this.getSnapshot(boardId, yearId);
      if (!stored) throw err;
      return stored;
    }
  }
}
