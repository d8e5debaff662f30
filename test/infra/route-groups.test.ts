import { describe, expect, it } from 'vitest';
import { functionGroups, widerAccess } from '../../infra/stacks/route-groups.ts';
import { routes } from '../../shared/contract/routes.ts';

describe('function groups derived from the routes table', () => {
  it('gives a group the widest access of its routes', () => {
    // Prepare
    const table = {
      'GET /v1/a': { fn: 'a', access: 'RO', auth: true },
      'PUT /v1/a': { fn: 'a', access: 'RW', auth: true },
      'GET /v1/b': { fn: 'b', access: 'RO', auth: true },
      'GET /v1/c': { fn: 'c', access: 'none', auth: false },
    } as const;

    // Act
    const groups = functionGroups(table);

    // Assess
    expect(groups.map((g) => [g.name, g.access])).toEqual([
      ['a', 'RW'],
      ['b', 'RO'],
      ['c', 'none'],
    ]);
    expect(groups[0]?.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/a', 'PUT /v1/a']);
    expect(groups[2]?.routes[0]?.auth).toBe(false);
  });

  it('orders access none < RO < RW', () => {
    expect(widerAccess('none', 'RO')).toBe('RO');
    expect(widerAccess('RW', 'RO')).toBe('RW');
    expect(widerAccess('none', 'none')).toBe('none');
  });

  it('places every route of the real table in exactly one group, under its own fn', () => {
    // Act
    const groups = functionGroups();

    // Assess
    const placed = groups.flatMap((g) => g.routes.map((r) => r.key)).sort();
    expect(placed).toEqual(Object.keys(routes).sort());
    for (const g of groups) for (const r of g.routes) expect(routes[r.key as keyof typeof routes].fn).toBe(g.name);
    expect(new Set(groups.map((g) => g.name)).size).toBe(groups.length);
  });
});
