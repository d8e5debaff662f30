/**
 * Every schema of the contract, in one place for the tests, the OpenAPI document and the local
 * server. Request and response schemas are written with `zod/mini` (it tree-shakes; the classic
 * API adds ~440 KB to every Lambda bundle); they validate every request and generate the
 * OpenAPI document, so the two cannot drift.
 *
 * They live in modules a function group imports without pulling the others' (a zod schema is
 * built when its module loads, so a function would otherwise build every schema of the API at
 * each cold start): `schemas/common.ts` (primitives, lists), `schemas/params.ts` (path
 * parameters), `schemas/<group>.ts` (the request schemas of one group), and `responses.ts`
 * (the answers, which no function builds). Add a schema to the module of the group that uses
 * it, and import it from there in code that ships in a function. Each request schema is
 * wrapped in `z.lazy`, so it is built on the first request that parses it, not at load: a
 * function serves several routes, and a cold start answers one (BENCHMARKS.md).
 */
export * from './responses.ts';
export * from './schemas/agreement.ts';
export * from './schemas/audit.ts';
export * from './schemas/commitments.ts';
export * from './schemas/common.ts';
export * from './schemas/delivery.ts';
export * from './schemas/dev.ts';
export * from './schemas/expenditure.ts';
export * from './schemas/import.ts';
export * from './schemas/income.ts';
export * from './schemas/invoices.ts';
export * from './schemas/params.ts';
export * from './schemas/parties.ts';
export * from './schemas/payments.ts';
export * from './schemas/planning.ts';
export * from './schemas/receivables.ts';
export * from './schemas/reports.ts';
export * from './schemas/sars.ts';
export * from './schemas/virements.ts';
export * from './schemas/years.ts';
