import { describe, expect, it } from 'vitest';
import { routes as boardsRoutes } from '../../../shared/contract/routes/boards.ts';
import { routes as healthRoutes } from '../../../shared/contract/routes/health.ts';
import { routes as yearsRoutes } from '../../../shared/contract/routes/years.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../../shared/domain/errors.ts';
import { authenticate } from '../../../shared/http/middlewares/authenticate.ts';
import { stateOf } from '../../../shared/http/pipeline.ts';
import { claimsOf, requestOf } from '../../helpers/events.ts';

const GET_YEAR = { routeKey: 'GET /v1/boards/{boardId}/years/{yearId}', path: '/v1/boards/luton-sab/years/2024-25' };
const params = { boardId: 'luton-sab', yearId: '2024-25' };

describe('authenticate', () => {
  it('starts the request state with the route and the caller from the verified claims', async () => {
    // Prepare
    const request = requestOf({ ...GET_YEAR, params, claims: claimsOf(['board']), headers: { 'If-Match': '"3"' } });

    // Act
    await authenticate(yearsRoutes).before?.(request);

    // Assess
    const state = stateOf(request);
    expect(state.key).toBe(GET_YEAR.routeKey);
    expect(state.actor).toMatchObject({ sub: 'tester', boardId: 'luton-sab' });
    expect([...(state.actor?.roles ?? [])]).toEqual(['board']);
    expect(state.headers['if-match']).toBe('"3"');
    expect(state.deadline).toBeGreaterThan(Date.now());
  });

  it('refuses a route of another function group as not found', async () => {
    const request = requestOf({ ...GET_YEAR, params, claims: claimsOf(['board']) });
    await expect(async () => authenticate(boardsRoutes).before?.(request)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a request without claims (401), a role the route does not allow and another board (403)', async () => {
    await expect(async () => authenticate(yearsRoutes).before?.(requestOf({ ...GET_YEAR, params }))).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const partner = requestOf({ ...GET_YEAR, params, claims: claimsOf(['partner'], 'luton-sab', { partnerId: 'blmk-icb' }) });
    await expect(async () => authenticate(yearsRoutes).before?.(partner)).rejects.toMatchObject({ code: 'AUTH.ROLE' });
    const foreign = requestOf({ ...GET_YEAR, params, claims: claimsOf(['board'], 'other-board') });
    await expect(async () => authenticate(yearsRoutes).before?.(foreign)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lets a public route through without a caller', async () => {
    const request = requestOf({ routeKey: 'GET /v1/health', path: '/v1/health' });
    await authenticate(healthRoutes).before?.(request);
    expect(stateOf(request).actor).toBeUndefined();
  });
});
