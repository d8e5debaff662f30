/** Budget lines (`LINE#<category>` in the year's partition): amount, monthly profile, forecast method. */
import type { BudgetLinesPort, ListArgs, Page } from '../../application/ports.ts';
import type { BudgetLine } from '../../domain/ledger.ts';
import { toLine } from './budget-lines.mapper.ts';
import { keys, PREFIX, yearPk } from './keys.ts';
import { createVersioned, readPage, updateVersioned } from './mapping.ts';
import type { Store, WriteMeta } from './store.ts';

export class BudgetLinesRepository implements BudgetLinesPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getLine(boardId: string, yearId: string, category: string): Promise<BudgetLine | undefined> {
    const item = await this.store.get(keys.budgetLine(boardId, yearId, category));
    return item ? toLine(item) : undefined;
  }

  async createLine(
    meta: WriteMeta,
    line: Pick<BudgetLine, 'boardId' | 'yearId' | 'category' | 'name' | 'amount' | 'profile' | 'forecast'>,
  ): Promise<BudgetLine> {
    const item = await createVersioned(this.store, meta, keys.budgetLine(line.boardId, line.yearId, line.category), {
      type: 'line',
      boardId: line.boardId,
      yearId: line.yearId,
      category: line.category,
      name: line.name,
      amount: line.amount.toString(),
      ...(line.profile ? { profile: line.profile.map((m) => m.toString()) } : {}),
      ...(line.forecast ? { forecast: line.forecast } : {}),
    });
    return toLine(item);
  }

  async updateLine(
    meta: WriteMeta,
    current: BudgetLine,
    fields: Pick<BudgetLine, 'name' | 'amount' | 'profile' | 'forecast'>,
  ): Promise<BudgetLine> {
    const key = keys.budgetLine(current.boardId, current.yearId, current.category);
    const set = {
      name: fields.name,
      amount: fields.amount.toString(),
      ...(fields.profile ? { profile: fields.profile.map((m) => m.toString()) } : {}),
      ...(fields.forecast ? { forecast: fields.forecast } : {}),
    };
    const remove = [...(fields.profile ? [] : ['profile']), ...(fields.forecast ? [] : ['forecast'])];
    return toLine(await updateVersioned(this.store, meta, key, current.version, set, remove));
  }

  listLines(boardId: string, yearId: string, page: ListArgs): Promise<Page<BudgetLine>> {
    return readPage(this.store, { pk: yearPk(boardId, yearId), prefix: PREFIX.line }, page, toLine);
  }
}
