/**
 * Opaque list cursors. A cursor carries the position to continue after and the list (route) it
 * was issued by; the partition is always rebuilt from the caller's own path, so a forged cursor
 * can at worst skip around inside data the caller may already read, and a cursor of another
 * list is refused (400) rather than read as a position in this one.
 */
import { ValidationError } from '../domain/errors.ts';

const routeTag = (route: string): string => {
  // A short, stable tag of the route: enough to tell lists apart, short enough for a URL.
  let h = 0;
  for (let i = 0; i < route.length; i++) h = (Math.imul(h, 31) + route.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
};

export function encodeCursor(position: string | undefined, route: string): string | undefined {
  return position === undefined
    ? undefined
    : Buffer.from(JSON.stringify({ k: position, r: routeTag(route) }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, route: string): string | undefined {
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
  const { k, r } = (parsed ?? {}) as { k?: unknown; r?: unknown };
  if (typeof k !== 'string' || k.length === 0 || k.length > 300 || r !== routeTag(route)) throw fail();
  return k;
}
