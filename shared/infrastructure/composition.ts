/**
 * The composition root: every port of the application bound to its adapter over one store.
 * Each Lambda builds its dependencies once, at module scope (`createDeps(storeFromEnv(process.env))`
 * in its handler); the local runtime and the tests build their own over the store they choose
 * (dynalite, a fault-injecting client). Nothing is a global singleton.
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

/** Every port over one store. */
export function createDeps(store: Store): Deps {
  return {
    boards: new BoardsRepository(store),
    partners: new PartnersRepository(store),
    sars: new SarsRepository(store),
    years: new YearsRepository(store),
    ledger: new LedgerRepository(store),
    commitments: new CommitmentsRepository(store),
    lines: new BudgetLinesRepository(store),
    virements: new VirementsRepository(store),
    agreements: new AgreementsRepository(store),
    history: new HistoryRepository(store),
    snapshots: new SnapshotsRepository(store),
    invoices: new InvoicesRepository(store),
    imports: new ImportsRepository(store),
    otherIncome: new OtherIncomeRepository(store),
    audit: new AuditRepository(store),
    idempotency: new IdempotencyRepository(store),
    outbox: new OutboxRepository(store),
  };
}

/** A function's dependencies from its environment (TABLE_NAME, and DYNAMODB_ENDPOINT locally). */
export function depsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Deps {
  return createDeps(storeFromEnv(env));
}
