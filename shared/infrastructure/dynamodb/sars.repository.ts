/**
 * SAR cases (in the board's partition, `SAR#<id>`) and their costs, rolled up from the sparse
 * index that every SAR-tagged entry writes (`gsi1`).
 */
import type { ListArgs, Page, SarCostRow, SarsPort } from '../../application/ports.ts';
import type { SarCase } from '../../domain/ledger.ts';
import { Money } from '../../domain/money.ts';
import { toSar } from './boards.mapper.ts';
import { boardPk, keys, PREFIX } from './keys.ts';
import { createVersioned, readPage, updateVersioned } from './mapping.ts';
import { optStr, type Store, str, type WriteMeta } from './store.ts';
import { committedImportsOf } from './years.mapper.ts';

export class SarsRepository implements SarsPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
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

  listSars(boardId: string, page: ListArgs): Promise<Page<SarCase>> {
    return readPage(this.store, { pk: boardPk(boardId), prefix: PREFIX.sar }, page, toSar);
  }

  async costRows(boardId: string, sarId?: string): Promise<SarCostRow[]> {
    const items = await this.store.queryAll({
      pk: keys.sarCostPk(boardId),
      index: 'gsi1',
      ...(sarId ? { prefix: `${sarId}#` } : {}),
    });
    const rows = items.map((i) => {
      const [sar = '', yearId = ''] = str(i.gsi1sk).split('#');
      return { sarId: sar, yearId, amount: Money.fromStored(str(i.amount)), importId: optStr(i.importId) };
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
