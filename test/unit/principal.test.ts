import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '../../shared/domain/errors.ts';
import { actsAsPartnerOnly, parseRolesClaim, principalFromClaims } from '../../shared/http/principal.ts';

describe('roles claim', () => {
  it.each([
    [
      ['finance', 'board'],
      ['finance', 'board'],
    ],
    ['[finance board]', ['finance', 'board']],
    ['["finance","board"]', ['finance', 'board']],
    ['finance', ['finance']],
    ['finance,board', ['finance', 'board']],
    ['[]', []],
    ['[superuser finance]', ['finance']],
    [42, []],
    [{ finance: true }, []],
    [undefined, []],
  ])('reads %j', (claim, roles) => {
    expect(parseRolesClaim(claim)).toEqual(roles);
  });
});

describe('principal from authorizer claims', () => {
  it('reads the HTTP API wire form of Cognito claims', () => {
    const p = principalFromClaims({
      sub: 'u1',
      'cognito:groups': '[partner]',
      'custom:boardId': 'luton-sab',
      'custom:partnerId': 'beds-police',
    });
    expect([...p.roles]).toEqual(['partner']);
    expect(p.boardId).toBe('luton-sab');
    expect(p.partnerId).toBe('beds-police');
  });

  it('refuses missing claims, unknown roles, no board, and a partner without its partner id', () => {
    expect(() => principalFromClaims(undefined)).toThrow(UnauthorizedError);
    expect(() => principalFromClaims({ roles: '[finance]', boardId: 'b' })).toThrow(UnauthorizedError);
    expect(() => principalFromClaims({ sub: 'u', roles: '[root]', boardId: 'b' })).toThrow(ForbiddenError);
    expect(() => principalFromClaims({ sub: 'u', roles: '[finance]' })).toThrow(ForbiddenError);
    expect(() => principalFromClaims({ sub: 'u', roles: '[finance]', boardId: 'Not A Slug' })).toThrow(ForbiddenError);
    expect(() => principalFromClaims({ sub: 'u', roles: '[partner]', boardId: 'b' })).toThrow(ForbiddenError);
  });

  it('limits a caller to its own partner only when no broader role applies', () => {
    const partnerOnly = principalFromClaims({ sub: 'u', roles: '[partner]', boardId: 'b', partnerId: 'p' });
    const both = principalFromClaims({ sub: 'u', roles: '[partner finance]', boardId: 'b', partnerId: 'p' });
    expect(actsAsPartnerOnly(partnerOnly, ['finance', 'partner'])).toBe(true);
    expect(actsAsPartnerOnly(both, ['finance', 'partner'])).toBe(false);
    expect(actsAsPartnerOnly(both, ['partner'])).toBe(true);
  });
});
