/**
 * A five-partner board for the receivables tests (the case: council host 30%, ICB 40%,
 * police 10%, probation and fire 10% each), an open year whose baseline invoices are issued,
 * and small helpers to read a partner's documents and to count what a request wrote.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Runtime } from '../../infra/local/runtime.ts';
import type { Answer, Api } from './api.ts';

export const FIVE = ['blmk-icb', 'beds-police', 'luton-council', 'probation', 'fire'] as const;
export const BASELINES: Record<string, string> = {
  'blmk-icb': '40000.00',
  'beds-police': '10000.00',
  'luton-council': '30000.00',
  probation: '10000.00',
  fire: '10000.00',
};

const must = (r: Answer, what: string) => {
  if (r.status >= 300) throw new Error(`${what} -> ${r.status} ${r.text}`);
  return r;
};

/** A board with five partners and an open year (default 2025-26) of 100,000.00, baselines invoiced. */
export async function fivePartnerBoard(api: Api, boardId: string, opts: { yearId?: string; open?: boolean } = {}): Promise<void> {
  const as = { roles: ['admin', 'finance'], boardId };
  must(await api.put(`/v1/boards/${boardId}`, { name: `Board ${boardId}` }, as), 'board');
  for (const p of FIVE) {
    must(
      await api.put(
        `/v1/boards/${boardId}/partners/${p}`,
        {
          name: `Partner ${p}`,
          kind: 'statutory',
          billing: { address: `1 ${p} Street, Luton`, contact: 'Accounts payable', email: `${p}@example.org` },
        },
        as,
      ),
      `partner ${p}`,
    );
  }
  const yearId = opts.yearId ?? '2025-26';
  must(await api.put(`/v1/boards/${boardId}/years/${yearId}`, { budgetSet: '100000.00' }, as), 'year');
  for (const [c, amount] of [
    ['staffing', '90000.00'],
    ['training', '10000.00'],
  ] as const) {
    must(await api.put(`/v1/boards/${boardId}/years/${yearId}/budget-lines/${c}`, { name: c, amount }, as), `line ${c}`);
  }
  const shares: Record<string, string> = { 'blmk-icb': '0.4', 'beds-police': '0.1', 'luton-council': '0.3', probation: '0.1', fire: '0.1' };
  must(
    await api.put(
      `/v1/boards/${boardId}/years/${yearId}/agreement`,
      {
        basis: 'full-cost-recovery',
        host: 'luton-council',
        partners: FIVE.map((p) => ({ partnerId: p, baseline: BASELINES[p], share: shares[p] })),
        variance: { overspend: 'share', underspend: 'refund-share' },
      },
      as,
    ),
    'agreement',
  );
  if (opts.open !== false) must(await api.post(`/v1/boards/${boardId}/years/${yearId}/open`, undefined, as), 'open');
}

/**
 * Sets the counter of a number series as a board that has issued `last` numbers, all accounted
 * for, would have it: the next document takes `last + 1` (numbers of any width).
 */
export async function setCounter(runtime: Runtime, boardId: string, series: 'INV' | 'CN', last: number): Promise<void> {
  await runtime.store.doc.send(
    new PutCommand({
      TableName: runtime.tableName,
      Item: { pk: `B#${boardId}`, sk: `${series}COUNTER`, last, sweptTo: last, lastFor: 'test' },
    }),
  );
}

/** Gives a board invoicing details (DESIGN 10.2) through `PUT /v1/boards/{boardId}`, optionally renaming it. */
export async function setInvoicing(api: Api, boardId: string, invoicing: Record<string, unknown>, name?: string): Promise<void> {
  const as = { roles: ['admin'], boardId };
  const board = await api.get(`/v1/boards/${boardId}`, as);
  must(
    await api.put(`/v1/boards/${boardId}`, { name: name ?? board.body.name, invoicing: { invoiceHost: true, ...invoicing } }, as, {
      'if-match': board.headers.get('etag') ?? '',
    }),
    'invoicing',
  );
}

/** Runs a request and counts the business writes it made (idempotency records apart). */
export async function writesOf<T>(runtime: Runtime, run: () => Promise<T>): Promise<{ result: T; writes: number }> {
  let writes = 0;
  const stop = runtime.store.observe({
    afterWrite: (w) => {
      const pk = w.kind === 'put' ? String(w.item.pk) : w.key.pk;
      if (!pk.endsWith('#IDEM')) writes += 1;
    },
  });
  try {
    return { result: await run(), writes };
  } finally {
    stop();
  }
}

export const today = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
