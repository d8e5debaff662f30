/**
 * The composition root: every port of the application bound to its adapter over one store.
 * Each Lambda builds its dependencies once, at module scope, and only the ones its use cases
 * declare (`depsFromEnv({ years, ledger, idempotency })` in its handler, whose `makeHandler`
 * takes `Pick<Deps, ...>`): a function bundles and loads only the repositories (and their
 * mappers' zod schemas) it uses. The local runtime and the tests build all of them over the
 * store they choose (`createDeps`: dynalite, a fault-injecting client). Nothing is a global
 * singleton.
 *
 * One builder per port, each a named export, so that a bundle keeps only the builders its
 * handler names (esbuild drops the others, and with them the modules of repositories nobody
 * uses: `shared/` is declared free of import side effects in package.json).
 */
import type { Deps } from '../application/ports.ts';
import { AgreementsRepository } from './dynamodb/agreements.repository.ts';
import { AuditRepository } from './dynamodb/audit.repository.ts';
import { BoardsRepository } from './dynamodb/boards.repository.ts';
import { BudgetLinesRepository } from './dynamodb/budget-lines.repository.ts';
import { CommitmentsRepository } from './dynamodb/commitments.repository.ts';
import { HistoryRepository } from './dynamodb/history.repository.ts';
import { IdempotencyRepository } from './dynamodb/idempotency.repository.ts';
import { ImportsRepository } from './dynamodb/imports.repository.ts';
import { InvoicesRepository } from './dynamodb/invoices.repository.ts';
import { LedgerRepository } from './dynamodb/ledger.repository.ts';
import { OtherIncomeRepository } from './dynamodb/other-income.repository.ts';
import { OutboxRepository } from './dynamodb/outbox.repository.ts';
import { PartnersRepository } from './dynamodb/partners.repository.ts';
import { SarsRepository } from './dynamodb/sars.repository.ts';
import { SnapshotsRepository } from './dynamodb/snapshots.repository.ts';
import { type Store, storeFromEnv } from './dynamodb/store.ts';
import { VirementsRepository } from './dynamodb/virements.repository.ts';
import { YearsRepository } from './dynamodb/years.repository.ts';

/** Builds one port over the store. */
export type Builder<K extends keyof Deps> = (store: Store) => Deps[K];
/** Builders of some ports, by the port's name in {@link Deps}. */
export type Builders<K extends keyof Deps> = { readonly [P in K]: Builder<P> };

export const boards: Builder<'boards'> = (store) => new BoardsRepository(store);
export const partners: Builder<'partners'> = (store) => new PartnersRepository(store);
export const sars: Builder<'sars'> = (store) => new SarsRepository(store);
export const years: Builder<'years'> = (store) => new YearsRepository(store);
export const ledger: Builder<'ledger'> = (store) => new LedgerRepository(store);
export const commitments: Builder<'commitments'> = (store) => new CommitmentsRepository(store);
export const lines: Builder<'lines'> = (store) => new BudgetLinesRepository(store);
export const virements: Builder<'virements'> = (store) => new VirementsRepository(store);
export const agreements: Builder<'agreements'> = (store) => new AgreementsRepository(store);
export const history: Builder<'history'> = (store) => new HistoryRepository(store);
export const snapshots: Builder<'snapshots'> = (store) => new SnapshotsRepository(store);
export const invoices: Builder<'invoices'> = (store) => new InvoicesRepository(store);
export const imports: Builder<'imports'> = (store) => new ImportsRepository(store);
export const otherIncome: Builder<'otherIncome'> = (store) => new OtherIncomeRepository(store);
export const audit: Builder<'audit'> = (store) => new AuditRepository(store);
export const idempotency: Builder<'idempotency'> = (store) => new IdempotencyRepository(store);
export const outbox: Builder<'outbox'> = (store) => new OutboxRepository(store);

/** The ports the builders name, each built once over the store. */
export function compose<K extends keyof Deps>(store: Store, builders: Builders<K>): Pick<Deps, K> {
  const deps: Partial<Pick<Deps, K>> = {};
  for (const name of Object.keys(builders) as K[]) deps[name] = builders[name](store);
  return deps as Pick<Deps, K>;
}

/** Every port over one store: the local runtime's and the tests'. */
export function createDeps(store: Store): Deps {
  return compose(store, {
    boards,
    partners,
    sars,
    years,
    ledger,
    commitments,
    lines,
    virements,
    agreements,
    history,
    snapshots,
    invoices,
    imports,
    otherIncome,
    audit,
    idempotency,
    outbox,
  });
}

/**
 * A function's dependencies from its environment (TABLE_NAME, and DYNAMODB_ENDPOINT locally):
 * the ports the builders name, over one store.
 */
export function depsFromEnv<K extends keyof Deps>(
  builders: Builders<K>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Pick<Deps, K> {
  return compose(storeFromEnv(env), builders);
}
