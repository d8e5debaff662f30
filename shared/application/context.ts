/**
 * What every use case receives: the repositories (passed in, so use cases never import a
 * concrete adapter) and the caller with the request it acts for.
 */
import type { Operation } from '../http/idempotency.ts';
import type { Principal } from '../http/principal.ts';
import type { AuditRepository } from '../infrastructure/dynamodb/audit.repository.ts';
import type { BoardsRepository } from '../infrastructure/dynamodb/boards.repository.ts';
import type { ImportsRepository } from '../infrastructure/dynamodb/imports.repository.ts';
import type { InvoicesRepository } from '../infrastructure/dynamodb/invoices.repository.ts';
import type { WriteMeta } from '../infrastructure/dynamodb/store.ts';
import type { YearsRepository } from '../infrastructure/dynamodb/years.repository.ts';

export interface Repos {
  readonly boards: BoardsRepository;
  readonly years: YearsRepository;
  readonly invoices: InvoicesRepository;
  readonly imports: ImportsRepository;
  readonly audit: AuditRepository;
}

export interface Ctx {
  readonly principal: Principal;
  readonly meta: WriteMeta;
  readonly now: Date;
  /** The operation being performed, stable across retries with one Idempotency-Key (absent: this request alone). */
  readonly operation?: Operation;
}

/** Runs `compute` once per operation: a retry of the same operation gets the first value back. */
export function once<T extends string | number>(ctx: Ctx, name: string, compute: () => Promise<T>): Promise<T> {
  return ctx.operation ? ctx.operation.once(name, compute) : compute();
}

/** The id of the operation: the Idempotency-Key's when one was sent, else the request's. */
export const operationIdOf = (ctx: Ctx): string => ctx.operation?.operationId ?? ctx.meta.requestId;
