/**
 * The OpenAPI 3.1 document, generated from the routes table and the very zod schemas
 * that validate requests, with the response schemas the routes name.
 */
import * as z from 'zod/mini';
import * as responses from './responses.ts';
import { pathParams, type RouteSpec, routes, type Success, splitKey } from './routes.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

function operationId(key: string): string {
  const { method, path } = splitKey(key);
  const words = path
    .replace(/^\/v1\//, '')
    .split('/')
    .map((p) => (p.startsWith('{') ? `by-${p.slice(1, -1)}` : p))
    .join('-');
  return `${method.toLowerCase()}-${words}`.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function queryParameters(spec: RouteSpec): JsonSchema[] {
  if (!spec.query) return [];
  const json = schemaOf(spec.query, 'input');
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }));
}

/** The schema a route's success answer follows (by the name the route gives it), if it names one. */
export function responseSchema(success: Success): z.ZodMiniType | undefined {
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: looked up by name on purpose; the document uses every response schema, and no function imports this module
  if (success.page) return responses.Page(responses[success.page]);
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: as above
  return success.schema ? responses[success.schema] : undefined;
}

let cached: JsonSchema | undefined;

export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, spec] of Object.entries(routes) as [string, RouteSpec][]) {
    const { method, path } = splitKey(key);
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as keyof typeof pathParams);
    const answer = responseSchema(spec.success);
    const answers: Record<string, unknown> = {
      [String(spec.success.status)]: {
        description: 'Success',
        ...(answer ? { content: { 'application/json': { schema: schemaOf(answer, 'output') } } } : {}),
      },
    };
    if (method === 'PUT') answers['201'] = answers['200'] ? { ...(answers['200'] as object), description: 'Created' } : undefined;
    if (spec.file && answers['201']) {
      // An import also answers 200 (a dry run, or a file already imported) and 202 (not finished: send it again).
      answers['200'] = { ...(answers['201'] as object), description: 'A dry run, or a file already imported (nothing written)' };
      answers['202'] = { ...(answers['201'] as object), description: 'Part written, not yet visible: send the same file again' };
    }
    if (spec.auth) {
      Object.assign(answers, {
        '400': problemResponse('The request is malformed or fails validation; nothing was written'),
        '401': problemResponse('No valid bearer token'),
        '403': problemResponse('The token does not allow this'),
        '404': problemResponse('Not found, or not visible to the caller'),
        '409': problemResponse('The record is in a state that forbids this change'),
        '422': problemResponse('The request breaks a business rule; nothing was written'),
        ...(method !== 'GET' ? { '412': problemResponse('If-Match does not name the current version') } : {}),
        ...(spec.body ? { '413': problemResponse('The body is too large'), '415': problemResponse('The body is not JSON') } : {}),
        ...(spec.file
          ? { '413': problemResponse('The file is too large'), '415': problemResponse('The file is not of an accepted media type') }
          : {}),
        '503': problemResponse('Busy; retry after the Retry-After delay'),
      });
    }
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      operationId: operationId(key),
      summary: spec.summary,
      tags: [spec.fn],
      ...(spec.auth ? { security: [{ bearer: [] }], 'x-roles': [...spec.roles] } : { security: [] }),
      parameters: [
        ...params.map((name) => ({ name, in: 'path', required: true, schema: schemaOf(pathParams[name], 'input') })),
        ...queryParameters(spec),
        ...(method === 'PUT' ? [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }] : []),
        ...(method === 'POST'
          ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }]
          : []),
      ],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } } } : {}),
      ...(spec.file
        ? {
            requestBody: {
              required: true,
              description: `The file's bytes (at most ${spec.maxBody ?? 0} bytes)`,
              content: Object.fromEntries(spec.file.accepts.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
            },
          }
        : {}),
      responses: answers,
    };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Partnership budget and contribution service',
      version: '1.0.0',
      description:
        'Budgets, partner contributions, expenditure, SAR costs and year-end recharges for safeguarding partnerships. Amounts are decimal strings with two places; errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: schemaOf(responses.Problem, 'output') },
    },
  };
  return cached;
}
