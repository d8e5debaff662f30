/** The board record: one item at the head of the board's partition. */
import type { BoardsPort } from '../../application/ports.ts';
import type { Board } from '../../domain/ledger.ts';
import { toBoard } from './boards.mapper.ts';
import { keys } from './keys.ts';
import { createVersioned, updateVersioned } from './mapping.ts';
import type { Store, WriteMeta } from './store.ts';

export class BoardsRepository implements BoardsPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getBoard(boardId: string): Promise<Board | undefined> {
    const item = await this.store.get(keys.board(boardId));
    return item ? toBoard(item) : undefined;
  }

  async createBoard(meta: WriteMeta, boardId: string, fields: Pick<Board, 'name' | 'invoicing' | 'reminderDays'>): Promise<Board> {
    return toBoard(
      await createVersioned(this.store, meta, keys.board(boardId), {
        type: 'board',
        boardId,
        name: fields.name,
        ...(fields.invoicing ? { invoicing: fields.invoicing } : {}),
        ...(fields.reminderDays ? { reminderDays: [...fields.reminderDays] } : {}),
      }),
    );
  }

  async updateBoard(meta: WriteMeta, board: Board, fields: Pick<Board, 'name' | 'invoicing' | 'reminderDays'>): Promise<Board> {
    const set = {
      name: fields.name,
      ...(fields.invoicing ? { invoicing: fields.invoicing } : {}),
      ...(fields.reminderDays ? { reminderDays: [...fields.reminderDays] } : {}),
    };
    const remove = [...(fields.invoicing ? [] : ['invoicing']), ...(fields.reminderDays ? [] : ['reminderDays'])];
    const key = keys.board(board.boardId);
    return toBoard(await updateVersioned(this.store, meta, key, board.version, set, remove));
  }
}
