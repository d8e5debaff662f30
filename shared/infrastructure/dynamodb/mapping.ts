/**
 * Helpers shared by the repositories: stamping, versioned writes and the reading of
 * stored values. Versioned writes build their update expressions from field names the
 * code chooses, never from request keys.
 */

import type { ListArgs, Page } from '../../application/ports.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { Stamp } from '../../domain/ledger.ts';
import { Money } from '../../domain/money.ts';
import type { Key } from './keys.ts';
import { ConditionFailed, type Item, int, optStr, type QueryInput, type Store, str, type WriteMeta } from './store.ts';

export function readStamp(item: Item): Stamp {
  const updatedAt = optStr(item.updatedAt);
  const updatedBy = optStr(item.updatedBy);
  return {
    createdAt: str(item.createdAt),
    createdBy: str(item.createdBy),
    ...(updatedAt ? { updatedAt } : {}),
    ...(updatedBy ? { updatedBy } : {}),
  };
}

export const money = (value: unknown): Money => Money.fromStored(str(value));
export const optMoney = (value: unknown): Money | undefined => (value === undefined ? undefined : money(value));
export const version = (item: Item): number => int(item.version);

/**
 * Creates an item once (attribute_not_exists), stamped and at version 1. Throws
 * ConditionFailed when it already exists.
 */
export async function createVersioned(store: Store, meta: WriteMeta, key: Key, fields: Item): Promise<Item> {
  const item = { ...key, ...fields, version: 1, createdAt: meta.at, createdBy: meta.actor };
  await store.write({ kind: 'put', item, condition: 'attribute_not_exists(pk)' }, meta);
  return item;
}

/**
 * Sets fields on an existing item if it is still at `expected` version, bumping the
 * version. Throws ConditionFailed when the item changed (or vanished) meanwhile.
 */
export async function updateVersioned(
  store: Store,
  meta: WriteMeta,
  key: Key,
  expected: number,
  fields: Item,
  remove: readonly string[] = [],
): Promise<Item> {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt', '#updatedBy': 'updatedBy' };
  const values: Record<string, unknown> = {
    ':expected': expected,
    ':next': expected + 1,
    ':at': meta.at,
    ':by': meta.actor,
  };
  const sets = ['#version = :next', '#updatedAt = :at', '#updatedBy = :by'];
  Object.entries(fields).forEach(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    sets.push(`#f${i} = :f${i}`);
  });
  const removes = remove.map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
  const out = await store.write({ kind: 'update', key, update, condition: '#version = :expected', names, values, returnNew: true }, meta);
  if (!out) throw new ConditionFailed(`${key.pk} ${key.sk}`);
  return out;
}

/**
 * A list position handed back by a page must name an item of the same list: a sort key with
 * the list's prefix. Anything else is a cursor this list never issued (400).
 */
export function afterOf(page: ListArgs, prefix: string): { after?: string } {
  if (page.after === undefined) return {};
  if (!page.after.startsWith(prefix) || page.after.length > 300) {
    throw new ValidationError('REQUEST.INVALID_CURSOR', 'the cursor is not one this list issued', [
      { path: 'query.cursor', message: 'is not valid here' },
    ]);
  }
  return { after: page.after };
}

/** One page of a key range mapped to records. */
export async function readPage<T>(
  store: Store,
  q: Omit<QueryInput, 'after' | 'limit'> & { prefix: string },
  page: ListArgs,
  map: (item: Item) => T,
): Promise<Page<T>> {
  const out = await store.query({ ...q, limit: page.limit, ...afterOf(page, q.prefix) });
  return { items: out.items.map(map), ...(out.lastSk !== undefined ? { last: out.lastSk } : {}) };
}

/**
 * The close's fence on a mutable figure item (a budget line, the agreement, the virements):
 * bumps its version, once per close attempt, if it is still at the version the close read.
 * Writers of these items read the item first, then check the year, then write conditionally on
 * the version they read, so once this stamp lands no write read before it can land after it.
 * True when stamped now or earlier by the same attempt; false when the item moved meanwhile (the
 * close reads again). The item's figures are untouched; only its version and `sealedFor` change.
 */
export async function stampVersioned(store: Store, meta: WriteMeta, key: Key, expected: number, closingId: string): Promise<boolean> {
  try {
    await store.write(
      {
        kind: 'update',
        key,
        update: 'SET #version = #version + :one, sealedFor = :id',
        condition: '#version = :expected AND (attribute_not_exists(sealedFor) OR sealedFor <> :id)',
        names: { '#version': 'version' },
        values: { ':one': 1, ':expected': expected, ':id': closingId },
        // A fence, not a change of the figures: the close that sets it is audited (its approval, snapshot and seal).
        audit: false,
      },
      meta,
    );
    return true;
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    const now = await store.get(key);
    return now?.sealedFor === closingId;
  }
}

/**
 * Voids a number reserved under a sequence that no record took (an entry's, an income's), by
 * writing a tombstone under the key the record would use. False if a record got there first (it
 * is then part of the year).
 */
export async function voidSeq(store: Store, meta: WriteMeta, key: Key, seq: number, reason: string): Promise<boolean> {
  try {
    await store.write(
      { kind: 'put', item: { ...key, type: 'void', seq, reason, at: meta.at }, condition: 'attribute_not_exists(pk)' },
      meta,
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionFailed) return false;
    throw err;
  }
}
