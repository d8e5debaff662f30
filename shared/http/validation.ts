/**
 * Turns zod issues into field problems with messages a finance officer can act on.
 */
import type * as z from 'zod/mini';
import { type FieldProblem, ValidationError } from '../domain/errors.ts';

function pointer(prefix: string, path: readonly PropertyKey[]): string {
  const parts = path.map((p) => String(p));
  return prefix + (parts.length ? `/${parts.join('/')}` : '');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function describe(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(root, issue.path);
      if (value === undefined) return 'is required';
      const hint = issue.expected === 'string' && typeof value === 'number' ? ' (amounts are sent as strings, such as "12.50")' : '';
      return `must be ${article(issue.expected)}, not ${kindOf(value)}${hint}`;
    }
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' ? `must have at least ${issue.minimum} items` : `is too small (minimum ${issue.minimum})`;
    case 'too_big':
      return issue.origin === 'array' ? `must have at most ${issue.maximum} items` : `is too big (maximum ${issue.maximum})`;
    default:
      return 'is not valid';
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Field problems for a failed parse; unknown keys become one problem each. */
export function issuesToProblems(prefix: string, issues: readonly z.core.$ZodIssue[], root?: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: pointer(prefix, [...issue.path, key]), message: 'is not a field this request accepts' });
    } else if (issue.code === 'invalid_union') {
      const own = issue.message && issue.message !== 'Invalid input' ? issue.message : 'is not valid';
      out.push({ path: pointer(prefix, issue.path), message: own });
    } else {
      out.push({ path: pointer(prefix, issue.path), message: describe(issue, root) });
    }
  }
  return out;
}

/** Parses or throws a 400 listing every problem. */
export function parseOr400<T>(schema: z.ZodMiniType<T>, value: unknown, where: string, code = 'REQUEST.INVALID'): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = issuesToProblems(where, r.error.issues, value);
  const first = errors[0];
  const detail = first
    ? `${first.path || where} ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
    : 'invalid request';
  throw new ValidationError(code, detail, errors);
}
