import type { Board, Partner, PartnerKind, SarCase, SarKind, SarStatus } from '../../domain/ledger.ts';
import { boardPk, keys, PREFIX } from './keys.ts';
import { createVersioned, readStamp, updateVersioned, version } from './mapping.ts';
import { type Item, optStr, type QueryPage, type Store, str, type WriteMeta } from './store.ts';
import { committedImportsOf } from './years.repository.ts';

/** Boards, their partners and their SAR cases: the records that live in the board's partition. */

export function toBoard(item: Item): Board {
  return { boardId: str(item.boardId), name: str(item.name), version: version(item), ...readStamp(item) };
}

export function toPartner(item: Item): Partner {
  const billing = item.billing as Record<string, unknown>;
  const poNumber = optStr(billing.poNumber);
  return {
    boardId: str(item.boardId),
    partnerId: str(item.partnerId),
    name: str(item.name),
    kind: str(item.kind) as PartnerKind,
    billing: {
      address: str(billing.address),
      contact: str(billing.contact),
      email: str(billing.email),
      ...(poNumber ? { poNumber } : {}),
    },
    version: version(item),
    ...readStamp(item),
  };
}

export function toSar(item: Item): SarCase {
  return {
    boardId: str(item.boardId),
    sarId: str(item.sarId),
    title: str(item.title),
    kind: str(item.kind) as SarKind,
    status: str(item.status) as SarStatus,
    version: version(item),
    ...readStamp(item),
  };
}

export class BoardsRepository {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getBoard(boardId: string): Promise<Board | undefined> {
    const item = await this.store.get(keys.board(boardId));
    return item ? toBoard(item) : undefined;
  }

  async createBoard(meta: WriteMeta, boardId: string, name: string): Promise<Board> {
    return toBoard(await createVersioned(this.store, meta, keys.board(boardId), { type: 'board', boardId, name }));
  }

  async updateBoard(meta: WriteMeta, board: Board, name: string): Promise<Board> {
    return toBoard(await updateVersioned(this.store, meta, keys.board(board.boardId), board.version, { name }));
  }

  async getPartner(boardId: string, partnerId: string): Promise<Partner | undefined> {
    const item = await this.store.get(keys.partner(boardId, partnerId));
    return item ? toPartner(item) : undefined;
  }

  async createPartner(meta: WriteMeta, p: Omit<Partner, 'version' | keyof import('../../domain/ledger.ts').Stamp>): Promise<Partner> {
    const item = await createVersioned(this.store, meta, keys.partner(p.boardId, p.partnerId), { type: 'partner', ...p });
    return toPartner(item);
  }

  async updatePartner(meta: WriteMeta, current: Partner, fields: Pick<Partner, 'name' | 'kind' | 'billing'>): Promise<Partner> {
    const key = keys.partner(current.boardId, current.partnerId);
    return toPartner(await updateVersioned(this.store, meta, key, current.version, { ...fields }));
  }

  async listPartners(boardId: string, limit: number, after?: string): Promise<{ items: Partner[]; lastSk?: string }> {
    const page: QueryPage = await this.store.query({ pk: boardPk(boardId), prefix: PREFIX.partner, limit, ...(after ? { after } : {}) });
    return { items: page.items.map(toPartner), ...(page.lastSk ? { lastSk: page.lastSk } : {}) };
  }

  async getSar(boardId: string, sarId: string): Promise<SarCase | undefined> {
    const item = await this.store.get(keys.sar(boardId, sarId));
    return item ? toSar(item) : undefined;
  }

  async createSar(meta: WriteMeta, c: Pick<SarCase, 'boardId' | 'sarId' | 'title' | 'kind' | 'status'>): Promise<SarCase> {
    return toSar(await createVersioned(this.store, meta, keys.sar(c.boardId, c.sarId), { type: 'sar', ...c }));
  }

  async updateSar(meta: WriteMeta, current: SarCase, fields: Pick<SarCase, 'title' | 'kind' | 'status'>): Promise<SarCase> {
    const key = keys.sar(current.boardId, current.sarId);
    return toSar(await updateVersioned(this.store, meta, key, current.version, { ...fields }));
  }

  async listSars(boardId: string, limit: number, after?: string): Promise<{ items: SarCase[]; lastSk?: string }> {
    const page = await this.store.query({ pk: boardPk(boardId), prefix: PREFIX.sar, limit, ...(after ? { after } : {}) });
    return { items: page.items.map(toSar), ...(page.lastSk ? { lastSk: page.lastSk } : {}) };
  }

  /** Amounts of SAR-tagged entries, for one case or (without sarId) for all (index read). */
  async sarCostRows(boardId: string, sarId?: string): Promise<{ sarId: string; yearId: string; amount: string }[]> {
    const items = await this.store.queryAll({
      pk: keys.sarCostPk(boardId),
      index: 'gsi1',
      ...(sarId ? { prefix: `${sarId}#` } : {}),
    });
    const rows = items.map((i) => {
      const [sar = '', yearId = ''] = str(i.gsi1sk).split('#');
      return { sarId: sar, yearId, amount: str(i.amount), importId: optStr(i.importId) };
    });
    if (!rows.some((r) => r.importId !== undefined)) return rows.map(({ importId: _, ...r }) => r);
    // Rows of an import count only once the import is committed on its year's item.
    const years = await this.store.queryAll({ pk: boardPk(boardId), prefix: PREFIX.year });
    const committed = new Map(years.map((y) => [str(y.yearId), committedImportsOf(y)]));
    return rows
      .filter((r) => r.importId === undefined || committed.get(r.yearId)?.has(r.importId) === true)
      .map(({ importId: _, ...r }) => r);
  }
}
