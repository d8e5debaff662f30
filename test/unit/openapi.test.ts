import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/contract/openapi.ts';
import { routes, splitKey } from '../../shared/contract/routes.ts';

describe('OpenAPI document', () => {
  const doc = openApiDocument() as any;

  it('is OpenAPI 3.1 and lists every route of the table, with its roles', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [key, spec] of Object.entries(routes)) {
      const { method, path } = splitKey(key);
      const op = doc.paths[path]?.[method.toLowerCase()];
      expect(op, key).toBeDefined();
      if (spec.auth) expect(op['x-roles']).toEqual(spec.roles);
    }
  });

  it('describes request bodies with the validating schemas (strict, amounts as strings)', () => {
    const op = doc.paths['/v1/boards/{boardId}/years/{yearId}/expenditure'].post;
    const schema = op.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['date', 'category', 'amount', 'supplier', 'description']));
    expect(schema.properties.amount.type).toBe('string');
    expect(op.responses['201']).toBeDefined();
    expect(op.responses['400'].content['application/problem+json']).toBeDefined();
    const q = doc.paths['/v1/boards/{boardId}/partners'].get.parameters.map((p: { name: string }) => p.name);
    expect(q).toEqual(['boardId', 'limit', 'cursor']);
  });
});
