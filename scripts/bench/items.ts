/**
 * Items exactly as the service writes them, without writing: the repository's own code runs
 * against a Store whose DocumentClient only records what it is asked to send. The benchmark's
 * raw loops and bulk fills write these, so they measure the service's real item sizes.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Entry } from '../../shared/domain/ledger.ts';
import { Money } from '../../shared/domain/money.ts';
import { LedgerRepository } from '../../shared/infrastructure/dynamodb/ledger.repository.ts';
import { type Item, Store, type WriteMeta } from '../../shared/infrastructure/dynamodb/store.ts';

/** The commands' inputs the Store sends for one repository call. */
async function recorded(
  table: string,
  audit: boolean,
  call: (repo: LedgerRepository) => Promise<unknown>,
): Promise<Record<string, unknown>[]> {
  const sent: Record<string, unknown>[] = [];
  const doc = {
    send: async (command: { input: Record<string, unknown> }) => {
      sent.push(command.input);
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  const store = new Store(doc, table);
  store.audit = audit;
  await call(new LedgerRepository(store));
  return sent;
}

export type EntryFields = Omit<Entry, 'entryId' | 'createdAt' | 'createdBy' | 'requestId'>;

/**
 * A ledger entry as `putEntry` writes it: stamped for the audit trail when `audit` (the stream's
 * audit writer then writes its record, as for the service), bare otherwise.
 */
export async function entryItems(table: string, meta: WriteMeta, e: EntryFields, audit: boolean): Promise<{ entry: Item }> {
  const [entry, ...more] = (await recorded(table, audit, (repo) => repo.putEntry(meta, e))).map((s) => s.Item as Item);
  if (!entry || more.length > 0) throw new Error(`putEntry sent ${more.length + (entry ? 1 : 0)} writes, not one`);
  return { entry };
}

/** A typical posted entry of a year (the load test's body, and the bulk fill's rows). */
export function sampleEntry(boardId: string, yearId: string, seq: number, categories: readonly string[]): EntryFields {
  const startYear = Number(yearId.slice(0, 4));
  const month = seq % 12; // 0 = April
  const year = month < 9 ? startYear : startYear + 1;
  const mm = String(((month + 3) % 12) + 1).padStart(2, '0');
  return {
    boardId,
    yearId,
    seq,
    date: `${year}-${mm}-${String((seq % 28) + 1).padStart(2, '0')}`,
    category: categories[seq % categories.length] as string,
    amount: Money.parse(`${(seq % 5000) + 1}.${String(seq % 100).padStart(2, '0')}`),
    supplier: `Supplier ${seq % 97}`,
    description: `Bench transaction ${seq}: training venue, facilitator and materials`,
    reference: `INV-${100000 + seq}`,
  };
}
