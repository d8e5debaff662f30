/**
 * What every use case receives besides its dependencies: the caller, the request it acts for,
 * and the operation (stable across retries with one Idempotency-Key).
 */
import { londonDateOf } from '../domain/calendar.ts';
import type { Actor } from './actor.ts';
import type { WriteMeta } from './ports.ts';

/** Computes a value once per operation: a retry of the same operation gets the first value back. */
export type Once = <T extends string | number>(name: string, compute: () => Promise<T>) => Promise<T>;

/**
 * The operation a request performs. With an Idempotency-Key it is the same for every retry,
 * and values it must not redo (the entry number a post reserved) are remembered with `once`.
 */
export interface Operation {
  /** Stable across retries with the same Idempotency-Key; the request id otherwise. */
  readonly operationId: string;
  readonly once: Once;
  /** What an earlier attempt of this operation computed under `name`, if anything. */
  readonly recall: (name: string) => string | number | undefined;
}

/** The operation of a request without an Idempotency-Key: itself alone. */
export const standalone = (requestId: string): Operation => ({
  operationId: requestId,
  once: (_name, compute) => compute(),
  recall: () => undefined,
});

export interface Ctx {
  readonly actor: Actor;
  readonly meta: WriteMeta;
  readonly now: Date;
  /** The operation being performed (absent: this request alone). */
  readonly operation?: Operation;
}

/** Runs `compute` once per operation: a retry of the same operation gets the first value back. */
export function once<T extends string | number>(ctx: Ctx, name: string, compute: () => Promise<T>): Promise<T> {
  return ctx.operation ? ctx.operation.once(name, compute) : compute();
}

/** The id of the operation: the Idempotency-Key's when one was sent, else the request's. */
export const operationIdOf = (ctx: Ctx): string => ctx.operation?.operationId ?? ctx.meta.requestId;

/** Today in the service's calendar: the request's date in Europe/London. */
export const todayOf = (ctx: Ctx): string => londonDateOf(ctx.now);
