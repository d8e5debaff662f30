/**
 * Opaque list cursors. A cursor carries only the sort key to continue after; the
 * partition is always rebuilt from the caller's own path, so a forged cursor can at
 * worst skip around inside data the caller may already read.
 */
import { ValidationError } from '../domain/errors.ts';

export function encodeCursor(lastSk: string | undefined): string | undefined {
  return lastSk === undefined ? undefined : Buffer.from(JSON.stringify({ k: lastSk }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, prefix: string): string | undefined {
  if (cursor === undefined) return undefined;
  const fail = () =>
    new ValidationError('REQUEST.INVALID_CURSOR', 'the cursor is not one this list issued', [
      { path: 'query.cursor', message: 'is not valid here' },
    ]);
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw fail();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  const k = (parsed as { k?: unknown } | null)?.k;
  if (typeof k !== 'string' || !k.startsWith(prefix) || k.length > 300) throw fail();
  return k;
}
