/**
 * Budget lines (`LINE#<category>` in the year's partition): name, the line's own amount, monthly
 * profile, forecast method. Read back revised by the year's virements (the `VIREMENTS` item read
 * in the same batch), so every reader sees original, virements and revised amount alike.
 */
import type { BudgetLinesPort, ListArgs, Page } from '../../application/ports.ts';
import { reviseLine, reviseLines, type StoredLine } from '../../domain/budget.ts';
import type { BudgetLine } from '../../domain/ledger.ts';
import { toStoredLine } from './budget-lines.mapper.ts';
import { keys, PREFIX, yearPk } from './keys.ts';
import { createVersioned, readPage, stampVersioned, updateVersioned } from './mapping.ts';
import type { Store, WriteMeta } from './store.ts';
import { toVirements } from './virements.mapper.ts';

export class BudgetLinesRepository implements BudgetLinesPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  private async virements(boardId: string, yearId: string) {
    return toVirements(await this.store.get(keys.virements(boardId, yearId))).items;
  }

  async getLine(boardId: string, yearId: string, category: string): Promise<BudgetLine | undefined> {
    const lineKey = keys.budgetLine(boardId, yearId, category);
    const virementsKey = keys.virements(boardId, yearId);
    const found = await this.store.getMany([lineKey, virementsKey]);
    const item = found.get(`${lineKey.pk}|${lineKey.sk}`);
    if (!item) return undefined;
    const [line] = reviseLines([toStoredLine(item)], toVirements(found.get(`${virementsKey.pk}|${virementsKey.sk}`)).items);
    return line;
  }

  async createLine(
    meta: WriteMeta,
    line: Pick<StoredLine, 'boardId' | 'yearId' | 'category' | 'name' | 'amount' | 'profile' | 'forecast'>,
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
    const [created] = reviseLines([toStoredLine(item)], await this.virements(line.boardId, line.yearId));
    return created as BudgetLine;
  }

  async updateLine(
    meta: WriteMeta,
    current: BudgetLine,
    fields: Pick<StoredLine, 'name' | 'amount' | 'profile' | 'forecast'>,
  ): Promise<BudgetLine> {
    const key = keys.budgetLine(current.boardId, current.yearId, current.category);
    const set = {
      name: fields.name,
      amount: fields.amount.toString(),
      ...(fields.profile ? { profile: fields.profile.map((m) => m.toString()) } : {}),
      ...(fields.forecast ? { forecast: fields.forecast } : {}),
    };
    const remove = [...(fields.profile ? [] : ['profile']), ...(fields.forecast ? [] : ['forecast'])];
    return reviseLine(toStoredLine(await updateVersioned(this.store, meta, key, current.version, set, remove)), current.virements);
  }

  async listLines(boardId: string, yearId: string, page: ListArgs): Promise<Page<BudgetLine>> {
    const [stored, virements] = await Promise.all([
      readPage(this.store, { pk: yearPk(boardId, yearId), prefix: PREFIX.line }, page, toStoredLine),
      this.virements(boardId, yearId),
    ]);
    return { ...stored, items: reviseLines(stored.items, virements) };
  }

  stampLine(meta: WriteMeta, line: BudgetLine, closingId: string): Promise<boolean> {
    return stampVersioned(this.store, meta, keys.budgetLine(line.boardId, line.yearId, line.category), line.version, closingId);
  }
}
