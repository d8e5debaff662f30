/**
 * What every use case receives: the repositories (passed in, so use cases never import a
 * concrete adapter) and the caller with the request it acts for.
 */
import type { Principal } from '../http/principal.ts';
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
}

export interface Ctx {
  readonly principal: Principal;
  readonly meta: WriteMeta;
  readonly now: Date;
}
