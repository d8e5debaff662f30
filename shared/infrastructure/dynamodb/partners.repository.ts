/** The board's partners, in the board's partition (`PARTNER#<id>`). */
import type { ListArgs, NewPartner, Page, PartnersPort } from '../../application/ports.ts';
import type { Partner } from '../../domain/ledger.ts';
import { toPartner } from './boards.mapper.ts';
import { boardPk, keys, PREFIX } from './keys.ts';
import { createVersioned, readPage, updateVersioned } from './mapping.ts';
import type { Store, WriteMeta } from './store.ts';

export class PartnersRepository implements PartnersPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getPartner(boardId: string, partnerId: string): Promise<Partner | undefined> {
    const item = await this.store.get(keys.partner(boardId, partnerId));
    return item ? toPartner(item) : undefined;
  }

  async createPartner(meta: WriteMeta, p: NewPartner): Promise<Partner> {
    const item = await createVersioned(this.store, meta, keys.partner(p.boardId, p.partnerId), { type: 'partner', ...p });
    return toPartner(item);
  }

  async updatePartner(meta: WriteMeta, current: Partner, fields: Pick<Partner, 'name' | 'kind' | 'billing'>): Promise<Partner> {
    const key = keys.partner(current.boardId, current.partnerId);
    return toPartner(await updateVersioned(this.store, meta, key, current.version, { ...fields }));
  }

  listPartners(boardId: string, page: ListArgs): Promise<Page<Partner>> {
    return readPage(this.store, { pk: boardPk(boardId), prefix: PREFIX.partner }, page, toPartner);
  }
}
