/**
 * The year's virements: one item (`VIREMENTS` in the year's partition) holding them in order.
 * Recording a virement is one conditional append at the version read, so its two sides move
 * together (revised amounts are derived from it, see domain/budget.ts) and two virements that
 * read the same version cannot both land: the second re-reads and is checked again.
 */
import type { ListArgs, Page, VirementsPort, VirementsRecord } from '../../application/ports.ts';
import { type Virement, virementIdOf } from '../../domain/budget.ts';
import { ValidationError } from '../../domain/errors.ts';
import { keys } from './keys.ts';
import { stampVersioned } from './mapping.ts';
import { ConditionFailed, operationOf, type Store, type WriteMeta } from './store.ts';
import { toVirements, virementItem } from './virements.mapper.ts';

export class VirementsRepository implements VirementsPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async getVirements(boardId: string, yearId: string): Promise<VirementsRecord> {
    return toVirements(await this.store.get(keys.virements(boardId, yearId)));
  }

  async listVirements(boardId: string, yearId: string, page: ListArgs): Promise<Page<Virement>> {
    if (page.after !== undefined && !/^V\d{4}$/.test(page.after)) {
      throw new ValidationError('REQUEST.INVALID_CURSOR', 'the cursor is not one this list issued', [
        { path: 'query.cursor', message: 'is not valid here' },
      ]);
    }
    const all = (await this.getVirements(boardId, yearId)).items;
    const rest = page.after === undefined ? all : all.filter((v) => virementIdOf(v.seq) > (page.after as string));
    const items = rest.slice(0, page.limit);
    const last = items.at(-1);
    return { items, ...(rest.length > page.limit && last ? { last: virementIdOf(last.seq) } : {}) };
  }

  async appendVirement(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    expectedVersion: number,
    v: Omit<Virement, 'createdAt' | 'createdBy' | 'operationId'>,
  ): Promise<Virement> {
    const virement: Virement = { ...v, createdAt: meta.at, createdBy: meta.actor, operationId: operationOf(meta) };
    const key = keys.virements(boardId, yearId);
    // Audited as a virement (the trail's record holds the item's images before and after).
    const audit = { action: 'virement' };
    if (expectedVersion === 0) {
      await this.store.write(
        {
          kind: 'put',
          item: {
            ...key,
            type: 'virements',
            boardId,
            yearId,
            version: 1,
            items: [virementItem(virement)],
            createdAt: meta.at,
            createdBy: meta.actor,
          },
          condition: 'attribute_not_exists(pk)',
          audit,
        },
        meta,
      );
      return virement;
    }
    const out = await this.store.write(
      {
        kind: 'update',
        key,
        update: 'SET #items = list_append(#items, :v), #version = :next, updatedAt = :at, updatedBy = :by',
        condition: '#version = :expected',
        names: { '#items': 'items', '#version': 'version' },
        values: {
          ':v': [virementItem(virement)],
          ':next': expectedVersion + 1,
          ':expected': expectedVersion,
          ':at': meta.at,
          ':by': meta.actor,
        },
        audit,
        returnNew: true,
      },
      meta,
    );
    if (!out) throw new ConditionFailed(`${key.pk} ${key.sk}`);
    return virement;
  }

  async stampVirements(meta: WriteMeta, boardId: string, yearId: string, version: number, closingId: string): Promise<boolean> {
    const key = keys.virements(boardId, yearId);
    if (version > 0) return stampVersioned(this.store, meta, key, version, closingId);
    // No virement yet: the close creates the (empty) item, so that a first virement read before
    // the close cannot create it after.
    try {
      await this.store.write(
        {
          kind: 'put',
          item: {
            ...key,
            type: 'virements',
            boardId,
            yearId,
            version: 1,
            items: [],
            sealedFor: closingId,
            createdAt: meta.at,
            createdBy: meta.actor,
          },
          condition: 'attribute_not_exists(pk)',
          audit: false, // a fence, as stampVersioned
        },
        meta,
      );
      return true;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      return (await this.store.get(key))?.sealedFor === closingId;
    }
  }
}
