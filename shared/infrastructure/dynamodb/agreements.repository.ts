/** The year's funding agreement (`AGREEMENT` in the year's partition), versioned. */
import type { AgreementsPort, StoredAgreement } from '../../application/ports.ts';
import type { AgreementWire } from '../../domain/agreement.ts';
import { toStoredAgreement } from './agreements.mapper.ts';
import { keys } from './keys.ts';
import { createVersioned, stampVersioned, updateVersioned } from './mapping.ts';
import type { Store, WriteMeta } from './store.ts';

export class AgreementsRepository implements AgreementsPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getAgreement(boardId: string, yearId: string): Promise<StoredAgreement | undefined> {
    const item = await this.store.get(keys.agreement(boardId, yearId));
    return item ? toStoredAgreement(item) : undefined;
  }

  async createAgreement(meta: WriteMeta, boardId: string, yearId: string, wire: AgreementWire): Promise<StoredAgreement> {
    return toStoredAgreement(
      await createVersioned(this.store, meta, keys.agreement(boardId, yearId), { type: 'agreement', boardId, yearId, agreement: wire }),
    );
  }

  async updateAgreement(meta: WriteMeta, current: StoredAgreement, wire: AgreementWire): Promise<StoredAgreement> {
    return toStoredAgreement(
      await updateVersioned(this.store, meta, keys.agreement(current.boardId, current.yearId), current.version, { agreement: wire }),
    );
  }

  stampAgreement(meta: WriteMeta, current: StoredAgreement, closingId: string): Promise<boolean> {
    return stampVersioned(this.store, meta, keys.agreement(current.boardId, current.yearId), current.version, closingId);
  }
}
