import { describe, expect, it } from 'vitest';
import { ConflictError, UnprocessableError } from '../../../shared/domain/errors.ts';
import { errorToResult } from '../../../shared/http/middlewares/problem-details.ts';

describe('problem details', () => {
  it('answers a domain error with its status, stable code and field problems', () => {
    const r = errorToResult(
      new UnprocessableError('ENTRY.UNKNOWN_CATEGORY', 'travel is not a budget line', [{ path: 'body/category', message: 'unknown' }]),
      'req-1',
      '/v1/x',
    );
    expect(r.statusCode).toBe(422);
    expect(r.headers).toMatchObject({
      'content-type': 'application/problem+json; charset=utf-8',
      'x-request-id': 'req-1',
      'x-content-type-options': 'nosniff',
    });
    expect(JSON.parse(r.body ?? '{}')).toMatchObject({
      status: 422,
      code: 'ENTRY.UNKNOWN_CATEGORY',
      detail: 'travel is not a budget line',
      instance: '/v1/x',
      errors: [{ path: 'body/category', message: 'unknown' }],
    });
    expect(errorToResult(new ConflictError('YEAR.CLOSED', 'closed'), 'r', '/').statusCode).toBe(409);
  });

  it('answers throttling with 503 and Retry-After', () => {
    const r = errorToResult(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }), 'r', '/');
    expect(r.statusCode).toBe(503);
    expect(r.headers?.['retry-after']).toBe('1');
  });

  it('answers anything else with a 500 that reveals only a reference, logs it and counts an UnhandledError', () => {
    const logged: unknown[] = [];
    const counted: [string, number][] = [];
    const r = errorToResult(new Error('secret table name in here'), 'req-9', '/v1/x', {
      logger: { error: (...args: unknown[]) => void logged.push(args), info: () => undefined },
      metrics: { addMetric: (name: string, _unit: unknown, value: number) => void counted.push([name, value]) } as never,
    });
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('secret');
    expect(JSON.parse(r.body ?? '{}').detail).toContain('req-9');
    expect(logged).toHaveLength(1);
    expect(counted).toEqual([['UnhandledError', 1]]);
  });
});
