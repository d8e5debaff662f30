import { describe, expect, it } from 'vitest';
import { routes as expenditureRoutes } from '../../../shared/contract/routes/expenditure.ts';
import { ConflictError, UnprocessableError } from '../../../shared/domain/errors.ts';
import { authenticate } from '../../../shared/http/middlewares/authenticate.ts';
import { idempotency } from '../../../shared/http/middlewares/idempotency.ts';
import { parse } from '../../../shared/http/middlewares/parse.ts';
import { problemDetails } from '../../../shared/http/middlewares/problem-details.ts';
import { stateOf } from '../../../shared/http/pipeline.ts';
import { claimsOf, requestOf } from '../../helpers/events.ts';
import { FakeIdempotency } from '../../helpers/fakes.ts';

const body = JSON.stringify({ date: '2024-06-01', category: 'training', amount: '12.50', supplier: 'S', description: 'D' });
const post = (key: string | undefined, payload = body) =>
  requestOf({
    routeKey: 'POST /v1/boards/{boardId}/years/{yearId}/expenditure',
    path: '/v1/boards/luton-sab/years/2024-25/expenditure',
    params: { boardId: 'luton-sab', yearId: '2024-25' },
    claims: claimsOf(['finance']),
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: payload,
  });

async function prepare(port: FakeIdempotency, request: ReturnType<typeof post>) {
  await authenticate(expenditureRoutes).before?.(request);
  await parse().before?.(request);
  await idempotency(port).before?.(request);
  return stateOf(request);
}

describe('idempotency', () => {
  it('runs a request without a key as an operation of its own', async () => {
    const state = await prepare(new FakeIdempotency(), post(undefined));
    expect(state.operation?.operationId).toBe('req-unit');
    expect(state.replay).toBeUndefined();
  });

  it('claims a key, keeps the answer, and replays it to the retry with the same key', async () => {
    // Prepare
    const port = new FakeIdempotency();
    const first = post('key-1');
    const state = await prepare(port, first);
    expect(state.operation?.operationId).toMatch(/^op-/);

    // Act: the answer goes out and is kept
    first.response = {
      statusCode: 201,
      headers: { 'content-type': 'application/json', location: '/x', 'x-other': 'dropped' },
      body: '{"a":1}',
    };
    await idempotency(port).after?.(first);
    const retry = await prepare(port, post('key-1'));

    // Assess
    expect(retry.replay).toMatchObject({ statusCode: 201, body: '{"a":1}', headers: { location: '/x', 'idempotent-replayed': 'true' } });
    expect(retry.replay?.headers?.['x-other']).toBeUndefined();
  });

  it('answers 422 to the same key with another request and 409 to a retry while the first runs', async () => {
    const port = new FakeIdempotency();
    await prepare(port, post('key-2'));
    expect((await prepare(port, post('key-2'))).replay?.statusCode).toBe(409);
    expect((await prepare(port, post('key-2', body.replace('12.50', '13.50')))).replay?.statusCode).toBe(422);
  });

  it('keeps a refusal (4xx) as the answer, and lets a retry run again after a failure (5xx, busy) or a 202', async () => {
    const port = new FakeIdempotency();
    for (const [key, error, kept] of [
      ['refused', new UnprocessableError('ENTRY.UNKNOWN_CATEGORY', 'no such line'), true],
      ['busy', new ConflictError('CONFLICT.BUSY', 'retry'), false],
      ['crashed', new Error('boom'), false],
    ] as const) {
      const request = post(key);
      await prepare(port, request);
      request.error = error;
      await problemDetails().onError?.(request);
      await idempotency(port).onError?.(request);
      const retry = await prepare(port, post(key));
      expect(retry.replay !== undefined, key).toBe(kept);
    }
    const accepted = post('accepted');
    await prepare(port, accepted);
    accepted.response = { statusCode: 202, body: '{}' };
    await idempotency(port).after?.(accepted);
    expect((await prepare(port, post('accepted'))).replay).toBeUndefined();
  });

  it('refuses a malformed key with 400', async () => {
    await expect(prepare(new FakeIdempotency(), post('has space'))).rejects.toMatchObject({ status: 400, code: 'REQUEST.IDEMPOTENCY_KEY' });
  });
});
