/** Response shapes of the statement and aged debt (DESIGN 10.1): amounts as decimal strings. */
import type { agedDebtReport } from '../application/receivables.ts';
import { AGE_BUCKETS, type AgeBucket, type Statement } from '../domain/receivables.ts';

export const statementView = (s: Statement) => ({
  partnerId: s.partnerId,
  from: s.from,
  to: s.to,
  openingBalance: s.openingBalance.toString(),
  lines: s.lines.map((l) => ({
    date: l.date,
    document: l.document,
    description: l.description,
    debit: l.debit.toString(),
    credit: l.credit.toString(),
    balance: l.balance.toString(),
  })),
  closingBalance: s.closingBalance.toString(),
});

type Buckets = Record<AgeBucket, string>;

export const agedDebtView = (r: Awaited<ReturnType<typeof agedDebtReport>>) => ({
  asOf: r.asOf,
  partners: r.rows.map((row) => ({
    partnerId: row.partnerId,
    ...(Object.fromEntries(AGE_BUCKETS.map((b) => [b, row.buckets[b].toString()])) as Buckets),
    total: row.total.toString(),
  })),
  totals: { ...(Object.fromEntries(AGE_BUCKETS.map((b) => [b, r.totals[b].toString()])) as Buckets), total: r.total.toString() },
});
