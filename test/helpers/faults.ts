/**
 * Crash points for multi-item operations: fail the k-th write through the store's seam,
 * either before it takes effect (the request dies, nothing written) or after (written, but
 * the caller never hears so: a timeout after success).
 */
import type { Store, WriteOp } from '../../shared/infrastructure/dynamodb/store.ts';

export class InjectedFault extends Error {
  constructor(k: number, when: 'before' | 'after', op: WriteOp) {
    super(`injected fault ${when} write #${k} (${op.kind} ${op.kind === 'put' ? String(op.item.sk) : op.key.sk})`);
    this.name = 'InjectedFault';
  }
}

/** Counts writes until removed. */
export function countWrites(store: Store): { count: () => number; ops: WriteOp[]; stop: () => void } {
  const ops: WriteOp[] = [];
  const stop = store.observe({ beforeWrite: (op) => void ops.push(op) });
  return { count: () => ops.length, ops, stop };
}

/** Makes the k-th write (1-based) fail once, before or after it takes effect. */
export function failWrite(store: Store, k: number, when: 'before' | 'after'): { fired: () => boolean; stop: () => void } {
  let n = 0;
  let fired = false;
  const stop = store.observe(
    when === 'before'
      ? {
          beforeWrite: (op) => {
            n += 1;
            if (n === k) {
              fired = true;
              throw new InjectedFault(k, when, op);
            }
          },
        }
      : {
          afterWrite: (op) => {
            n += 1;
            if (n === k) {
              fired = true;
              throw new InjectedFault(k, when, op);
            }
          },
        },
  );
  return { fired: () => fired, stop };
}
