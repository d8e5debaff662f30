/**
 * RFC 9457 problem details. Every error answer of the API has this shape and media type.
 */
import type { FieldProblem } from '../domain/errors.ts';

export const PROBLEM_TYPE_BASE = 'https://sab-budget.example/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  instance?: string;
  errors?: FieldProblem[];
}

export function problem(
  status: number,
  detail: string,
  opts: { code?: string; instance?: string; errors?: readonly FieldProblem[] } = {},
): ProblemBody {
  const code = opts.code;
  return {
    type: code ? `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(code ? { code } : {}),
    ...(opts.instance ? { instance: opts.instance } : {}),
    ...(opts.errors && opts.errors.length > 0 ? { errors: [...opts.errors] } : {}),
  };
}
