import type { Repos } from '../../application/context.ts';
import { AuditRepository } from './audit.repository.ts';
import { BoardsRepository } from './boards.repository.ts';
import { ImportsRepository } from './imports.repository.ts';
import { InvoicesRepository } from './invoices.repository.ts';
import type { Store } from './store.ts';
import { YearsRepository } from './years.repository.ts';

/** Every repository over one store. */
export function createRepos(store: Store): Repos {
  return {
    boards: new BoardsRepository(store),
    years: new YearsRepository(store),
    invoices: new InvoicesRepository(store),
    imports: new ImportsRepository(store),
    audit: new AuditRepository(store),
  };
}
