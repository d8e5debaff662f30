/**
 * Optimistic concurrency for mutable records. The ETag is the record's version. Creating a
 * record needs nothing; changing one needs `If-Match` naming the version the caller read
 * (428 without it, 412 when it is stale), so nobody overwrites a change they have not seen.
 * `If-Match: *` means "whatever is there" for tools that knowingly overwrite.
 */

import { ConditionFailed, ConflictError, PreconditionFailedError, PreconditionRequiredError } from '../domain/errors.ts';
import type { Versioned } from '../domain/ledger.ts';

export const etagOf = (v: Versioned): string => `"${v.version}"`;

/** True when an If-Match header value names this version (or is `*`). */
export function ifMatchHolds(header: string, current: Versioned | undefined): boolean {
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*')) return current !== undefined;
  return current !== undefined && tags.includes(etagOf(current));
}

export async function upsertVersioned<T extends Versioned>(opts: {
  load: () => Promise<T | undefined>;
  create: () => Promise<T>;
  update: (current: T) => Promise<T>;
  ifMatch?: string | undefined;
  what: string;
}): Promise<{ value: T; created: boolean }> {
  const attempts = 5;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const current = await opts.load();
    if (current && opts.ifMatch === undefined) {
      throw new PreconditionRequiredError(
        'PRECONDITION.REQUIRED',
        `the ${opts.what} exists: send If-Match with its ETag (${etagOf(current)}) to change it`,
      );
    }
    if (opts.ifMatch !== undefined && !ifMatchHolds(opts.ifMatch, current)) {
      throw new PreconditionFailedError('PRECONDITION.STALE', `the ${opts.what} has changed since it was read (If-Match does not hold)`);
    }
    try {
      if (!current) return { value: await opts.create(), created: true };
      return { value: await opts.update(current), created: false };
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      if (opts.ifMatch !== undefined) {
        throw new PreconditionFailedError('PRECONDITION.STALE', `the ${opts.what} has changed since it was read (If-Match does not hold)`);
      }
      await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
    }
  }
  throw new ConflictError('CONFLICT.BUSY', `the ${opts.what} is being changed by others; retry`);
}
