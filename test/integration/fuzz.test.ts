/**
 * API fuzzing driven by the OpenAPI document: requests generated from each operation's own
 * schemas, valid and mutated (wrong types, missing and unknown fields, float amounts, huge and
 * odd strings, bad ids, foreign and missing tokens). Every answer must be below 500, well
 * formed, with the security headers; and a refused request must have written nothing.
 * FUZZ_RUNS sets the number of requests (CI default 2000).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { openApiDocument } from '../../shared/contract/openapi.ts';
import { type Api, type Identity, startApi } from '../helpers/api.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let api: Api;
let runtime: Runtime;

beforeAll(async () => {
  const started = await startApi();
  api = started.api;
  runtime = started.runtime;
});
afterAll(() => runtime.stop());

type Schema = Record<string, any>;

function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant(null);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Schema) => fromSchema(s, depth + 1)));
  switch (schema.type) {
    case 'string': {
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 500));
        } catch {
          /* a pattern fast-check cannot generate from: fall through */
        }
      }
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
    }
    case 'integer':
    case 'number':
      return fc.integer({ min: -5, max: 500 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 13),
      });
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const arbs = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, fromSchema(s, depth + 1)]));
      return fc.record(arbs, { requiredKeys: (schema.required ?? []) as string[] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Ways to spoil a valid body. */
const hostile = fc.oneof(
  fc.constant(12.5),
  fc.constant(1e308),
  fc.constant(null),
  fc.constant(true),
  fc.constant([]),
  fc.constant({}),
  fc.constant('x'.repeat(70_000)),
  fc.constant('\u0000\u202e<script>alert(1)</script>'),
  fc.constant('1234.567'),
  fc.constant('-0.00'),
  fc.constant('../../etc/passwd'),
  fc.constant('９９.００'),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

function mutate(body: unknown): fc.Arbitrary<unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return hostile;
  const keys = Object.keys(body as object);
  return fc.oneof(
    hostile,
    fc.constant({ ...(body as object), unexpected: 'field' }),
    keys.length
      ? fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(body as object).filter(([x]) => x !== k)))
      : hostile,
    keys.length ? fc.tuple(fc.constantFrom(...keys), hostile).map(([k, v]) => ({ ...(body as object), [k]: v })) : hostile,
  );
}

const GOOD_IDS: Record<string, string[]> = {
  boardId: ['luton-sab'],
  partnerId: ['beds-police', 'blmk-icb', 'luton-council', 'nobody'],
  yearId: ['2024-25', '2025-26', '2022-23', '2030-31'],
  category: ['staffing', 'sar', 'training', 'nothing'],
  sarId: ['family-t', 'adult-c', 'ghost'],
  entryId: ['E00000001', 'E00000002', 'E99999999'],
  invoiceId: ['2025-26-baseline-beds-police', '2024-25-year-end-blmk-icb', '2024-25-baseline-nobody', '2025-26-cn-0123456789ab-blmk-icb'],
  paymentId: ['pay-0123456789ab', 'no-such-payment'],
};
const BAD_IDS = ['other-sab', 'LUTON', '%00', '..', 'x'.repeat(80), '2024-26', 'a b', 'E1', 'INV-000001', '-x-'];
const IDS: Record<string, fc.Arbitrary<string>> = Object.fromEntries(
  Object.entries(GOOD_IDS).map(([name, good]) => [
    name,
    fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...good) },
      { weight: 1, arbitrary: fc.constantFrom(...BAD_IDS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    ),
  ]),
);

const WHO: fc.Arbitrary<Identity | null> = fc.constantFrom(
  null,
  { roles: ['finance'] },
  { roles: ['finance'] },
  { roles: ['finance'] },
  { roles: ['finance', 'board', 'admin'] },
  { roles: ['board'] },
  { roles: ['admin'] },
  { roles: ['partner'], partnerId: 'beds-police' },
  { roles: ['finance', 'admin'], boardId: 'other-sab' },
);

interface Op {
  method: string;
  path: string;
  params: { name: string; in: string; schema: Schema }[];
  body?: Schema;
}

function operations(): Op[] {
  const doc = openApiDocument() as { paths: Record<string, Record<string, any>> };
  const ops: Op[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

const today = new Date().toISOString().slice(0, 10);
/** Known-good bodies, so that many requests get past validation into the business rules. */
const CURATED: Record<string, unknown> = {
  'PUT /v1/boards/{boardId}': { name: 'Luton Safeguarding Adults Board' },
  'PUT /v1/boards/{boardId}/partners/{partnerId}': {
    name: 'P',
    kind: 'statutory',
    billing: { address: 'A', contact: 'C', email: 'p@example.org' },
  },
  'PUT /v1/boards/{boardId}/years/{yearId}': { budgetSet: '1000.00' },
  'PUT /v1/boards/{boardId}/years/{yearId}/history': {
    budgetSet: '1.00',
    outturn: '1.00',
    contributions: [{ partnerId: 'blmk-icb', baseline: '1.00', additional: '0.00' }],
  },
  'PUT /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}': { name: 'Line', amount: '100.00' },
  'PUT /v1/boards/{boardId}/years/{yearId}/agreement': {
    basis: 'full-cost-recovery',
    host: 'luton-council',
    partners: [
      { partnerId: 'blmk-icb', baseline: '1.00', share: '0.5' },
      { partnerId: 'luton-council', baseline: '1.00', share: '0.5' },
    ],
  },
  'POST /v1/boards/{boardId}/years/{yearId}/expenditure': {
    date: '2025-06-01',
    category: 'training',
    amount: '12.00',
    supplier: 'S',
    description: 'D',
  },
  'POST /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}/reversal': { reason: 'fuzz' },
  'POST /v1/boards/{boardId}/years/{yearId}/commitments': { category: 'training', description: 'D', amount: '5.00', dueDate: '2026-01-01' },
  'PUT /v1/boards/{boardId}/sars/{sarId}': { title: 'T', kind: 'sar', status: 'referred' },
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments': { date: today, amount: '1.00' },
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/credit-notes': { reason: 'fuzz' },
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/allocations': { creditNoteId: '2025-26-cn-0123456789ab-blmk-icb', amount: '1.00' },
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/refunds': { amount: '1.00', date: today, reference: 'R' },
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments/{paymentId}/reversal': { reason: 'fuzz' },
  'POST /v1/boards/{boardId}/years/{yearId}/invoices': {
    partnerId: 'blmk-icb',
    lines: [{ description: 'Fuzz', amount: '1.00', vat: 'outside-scope' }],
  },
};

const SECURITY = ['cache-control', 'x-content-type-options', 'x-frame-options', 'strict-transport-security', 'content-security-policy'];

describe('API fuzzing from the OpenAPI document', () => {
  it(`${RUNS} generated requests: no 5xx, well-formed answers, nothing written by a refused one`, async () => {
    const ops = operations();
    const request = fc.constantFrom(...ops).chain((op) =>
      fc.record({
        op: fc.constant(op),
        who: WHO,
        ids: fc.record(Object.fromEntries(op.params.filter((p) => p.in === 'path').map((p) => [p.name, IDS[p.name] ?? fc.string()]))),
        query: fc.dictionary(
          fc.oneof(
            { weight: 6, arbitrary: fc.constantFrom('debug', ...op.params.filter((p) => p.in === 'query').map((p) => p.name)) },
            { weight: 1, arbitrary: fc.constant('debug') },
          ),
          fc.oneof(fc.constantFrom('1', '200', '0', '2025-09-30', '2023-24', 'abc', '-1'), fc.string({ maxLength: 12 })),
          { maxKeys: op.params.some((p) => p.in === 'query') ? 2 : 0 },
        ),
        body: op.body
          ? fc
              .oneof(fromSchema(op.body), fc.constant(CURATED[`${op.method} ${op.path}`] ?? {}))
              .chain((valid) => fc.oneof({ weight: 3, arbitrary: fc.constant(valid) }, { weight: 2, arbitrary: mutate(valid) }))
          : fc.constant(undefined),
        contentType: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
          { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded') },
        ),
        extra: fc.record({
          ifMatch: fc.option(fc.constantFrom('"1"', '*', 'garbage', '"999"'), { freq: 2 }),
          key: fc.option(fc.constantFrom('k1', 'k2', ' ', 'x'.repeat(300)), { freq: 3 }),
        }),
      }),
    );

    let sent = 0;
    let refused = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ op, who, ids, query, body, contentType, extra }) => {
        const path =
          op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(String((ids as Record<string, string>)[n] ?? 'x'))) +
          (Object.keys(query).length ? `?${new URLSearchParams(query as Record<string, string>)}` : '');
        const headers: Record<string, string> = { 'content-type': contentType };
        if (extra.ifMatch) headers['if-match'] = extra.ifMatch;
        if (extra.key) headers['idempotency-key'] = extra.key;
        let written = 0;
        const stopCounting = runtime.store.observe({
          afterWrite: (w) => {
            const pk = w.kind === 'put' ? String(w.item.pk) : w.key.pk;
            if (!pk.endsWith('#IDEM')) written += 1; // the key's own record of the refusal is not a change of data
          },
        });
        let res: Awaited<ReturnType<Api['request']>> & { body: any };
        try {
          res = await api.request(op.method, path, {
            as: who,
            ...(body !== undefined ? { raw: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
            headers,
          });
        } finally {
          stopCounting();
        }
        sent += 1;
        if (process.env.FUZZ_DEBUG && res.status === 400) console.log(op.method, path, res.body.detail);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${op.method} ${path} -> ${res.text.slice(0, 200)}`).toBeLessThan(500);
        for (const h of SECURITY) expect(res.headers.get(h), h).toBeTruthy();
        if (res.status >= 400) {
          refused += 1;
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(res.body.status).toBe(res.status);
          expect(res.text).not.toMatch(/at \S+\.ts:\d+|node_modules/);
          // Idempotency bookkeeping is not a change of business data; everything else must be untouched.
          expect(written, `${op.method} ${path} refused with ${res.status} but wrote`).toBe(0);
        }
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
    console.log(
      `fuzz (seed ${SEED}): ${sent} requests, ${refused} refused, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
  }, 600_000);
});
