import { describe, expect, it } from 'vitest';
import { routes as expenditureRoutes } from '../../../shared/contract/routes/expenditure.ts';
import { routes as importRoutes } from '../../../shared/contract/routes/import.ts';
import { authenticate } from '../../../shared/http/middlewares/authenticate.ts';
import { parse } from '../../../shared/http/middlewares/parse.ts';
import { stateOf } from '../../../shared/http/pipeline.ts';
import { claimsOf, type EventSpec, requestOf } from '../../helpers/events.ts';

const POST_ENTRY = {
  routeKey: 'POST /v1/boards/{boardId}/years/{yearId}/expenditure',
  path: '/v1/boards/luton-sab/years/2024-25/expenditure',
  params: { boardId: 'luton-sab', yearId: '2024-25' },
  claims: claimsOf(['finance']),
  headers: { 'content-type': 'application/json' },
};
const ENTRY = { date: '2024-06-01', category: 'training', amount: '12.50', supplier: 'S', description: 'D' };

async function run(spec: EventSpec) {
  const request = requestOf(spec);
  await authenticate(expenditureRoutes).before?.(request);
  await parse().before?.(request);
  return stateOf(request);
}

describe('parse', () => {
  it('gives the route its validated path, query and body', async () => {
    const state = await run({ ...POST_ENTRY, body: JSON.stringify(ENTRY) });
    expect(state.params).toEqual({ boardId: 'luton-sab', yearId: '2024-25' });
    expect(state.body).toEqual(ENTRY);
  });

  it('answers every mistake with its status and the field it names', async () => {
    await expect(run({ ...POST_ENTRY, params: { boardId: 'luton-sab', yearId: '2024-26' }, body: '{}' })).rejects.toMatchObject({
      status: 400,
      code: 'REQUEST.INVALID_PATH',
    });
    await expect(run({ ...POST_ENTRY, query: { verbose: '1' }, body: JSON.stringify(ENTRY) })).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'query.verbose' }],
    });
    await expect(run({ ...POST_ENTRY, body: JSON.stringify({ ...ENTRY, amount: 12.5 }) })).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'body/amount' }],
    });
    await expect(run({ ...POST_ENTRY, body: '{"date":' })).rejects.toMatchObject({ status: 400, code: 'REQUEST.MALFORMED_JSON' });
    await expect(run({ ...POST_ENTRY, headers: { 'content-type': 'text/plain' }, body: JSON.stringify(ENTRY) })).rejects.toMatchObject({
      status: 415,
    });
    await expect(run({ ...POST_ENTRY, body: JSON.stringify({ ...ENTRY, description: 'x'.repeat(70_000) }) })).rejects.toMatchObject({
      status: 413,
    });
  });

  it('gives a file route the bytes and media type of the file', async () => {
    const request = requestOf({
      routeKey: 'POST /v1/boards/{boardId}/years/{yearId}/expenditure/import',
      path: '/v1/boards/luton-sab/years/2024-25/expenditure/import',
      params: { boardId: 'luton-sab', yearId: '2024-25' },
      claims: claimsOf(['finance']),
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: Buffer.from('Date,Amount\n').toString('base64'),
      base64: true,
    });
    await authenticate(importRoutes).before?.(request);
    await parse().before?.(request);
    const body = stateOf(request).body as { bytes: Uint8Array; mediaType: string };
    expect(body.mediaType).toBe('text/csv');
    expect(Buffer.from(body.bytes).toString()).toBe('Date,Amount\n');
  });
});
