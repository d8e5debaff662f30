/**
 * Stored invoices and credit notes, parsed whole at the boundary (zod): a document read back
 * that does not have the shape it was written with is corruption and fails here, loudly.
 * Documents of the first release (no series, no lists of credit notes, allocations or
 * refunds, no frozen names) read back with those absent or empty.
 */
import * as z from 'zod/mini';
import type { Allocation, CreditApplication, CreditClaim, Invoice, InvoiceLine, Issuer, Payment, Refund } from '../../domain/invoice.ts';
import { VAT_TREATMENTS } from '../../domain/invoice.ts';
import { Money } from '../../domain/money.ts';
import type { Item } from './store.ts';
import { parseStored, StoredAmount, StoredInt } from './stored.ts';

export { invoiceKey } from '../../domain/invoice.ts';

const opt = <T extends z.ZodMiniType>(t: T) => z.optional(t);

const StoredLine = z.lazy(() =>
  z.object({
    rule: z.string(),
    description: z.string(),
    amount: StoredAmount,
    vatTreatment: z.enum(VAT_TREATMENTS),
    vatAmount: opt(StoredAmount),
  }),
);

const StoredPayment = z.lazy(() =>
  z.object({
    paymentId: z.string(),
    date: z.string(),
    amount: StoredAmount,
    reference: opt(z.string()),
    recordedAt: z.string(),
    recordedBy: z.string(),
    reversal: opt(
      z.object({ date: z.string(), reason: z.string(), recordedAt: z.string(), recordedBy: z.string(), operationId: opt(z.string()) }),
    ),
  }),
);

const StoredApplication = z.lazy(() =>
  z.object({ toInvoice: StoredAmount, onAccount: StoredAmount, invoiceOutstandingAfter: opt(StoredAmount) }),
);

const StoredClaim = z.lazy(() =>
  z.object({
    creditNoteId: z.string(),
    amount: StoredAmount,
    reason: z.string(),
    date: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string(),
    application: opt(StoredApplication),
  }),
);

const StoredAllocation = z.lazy(() =>
  z.object({
    allocationId: z.string(),
    creditNoteId: z.string(),
    invoiceId: z.string(),
    amount: StoredAmount,
    date: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string(),
    cancelled: opt(z.string()),
  }),
);

const StoredRefund = z.lazy(() =>
  z.object({
    refundId: z.string(),
    amount: StoredAmount,
    date: z.string(),
    reference: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string(),
  }),
);

const StoredIssuer = z.lazy(() =>
  z.object({
    name: z.string(),
    address: z.string(),
    vatNumber: opt(z.string()),
    bank: z.object({ accountName: z.string(), sortCode: z.string(), accountNumber: z.string() }),
    remittanceEmail: z.string(),
    contact: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    paymentTermsDays: StoredInt,
  }),
);

export const StoredInvoice = z.lazy(() =>
  z.object({
    boardId: z.string(),
    invoiceId: z.string(),
    number: opt(StoredInt),
    series: opt(z.enum(['INV', 'CN'])),
    partnerId: z.string(),
    yearId: z.string(),
    kind: z.enum(['baseline', 'additional', 'credit-note']),
    status: z.enum(['draft', 'issued', 'paid', 'credited']),
    issueDate: z.string(),
    dueDate: z.string(),
    billTo: z.object({ name: z.string(), address: z.string(), contact: z.string(), email: z.string(), poNumber: opt(z.string()) }),
    partnerName: opt(z.string()),
    boardName: opt(z.string()),
    issuer: opt(StoredIssuer),
    lines: z.array(StoredLine),
    total: StoredAmount,
    vatTotal: StoredAmount,
    credits: opt(z.string()),
    reason: opt(z.string()),
    application: opt(StoredApplication),
    replaces: opt(z.string()),
    creditedBy: opt(z.string()),
    payments: opt(z.array(StoredPayment)),
    creditNotes: opt(z.array(StoredClaim)),
    allocations: opt(z.array(StoredAllocation)),
    refunds: opt(z.array(StoredRefund)),
    operationId: opt(z.string()),
    version: StoredInt,
    createdAt: z.string(),
    createdBy: z.string(),
  }),
);

const m = Money.fromStored;
/** Drops absent optional members, so records compare and spread cleanly. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const toApplication = (a: z.infer<typeof StoredApplication>): CreditApplication =>
  defined({
    toInvoice: m(a.toInvoice),
    onAccount: m(a.onAccount),
    invoiceOutstandingAfter: a.invoiceOutstandingAfter === undefined ? undefined : m(a.invoiceOutstandingAfter),
  });

export function toInvoice(item: Item): Invoice {
  const s = parseStored(StoredInvoice, item, `invoice ${String(item.sk)}`);
  return defined({
    boardId: s.boardId,
    invoiceId: s.invoiceId,
    number: s.number,
    series: s.series,
    partnerId: s.partnerId,
    yearId: s.yearId,
    kind: s.kind,
    status: s.status,
    issueDate: s.issueDate,
    dueDate: s.dueDate,
    billTo: defined({ ...s.billTo }),
    partnerName: s.partnerName,
    boardName: s.boardName,
    issuer: s.issuer ? (defined({ ...s.issuer, bank: { ...s.issuer.bank }, contact: { ...s.issuer.contact } }) as Issuer) : undefined,
    lines: s.lines.map(
      (l): InvoiceLine =>
        defined({
          rule: l.rule,
          description: l.description,
          amount: m(l.amount),
          vatTreatment: l.vatTreatment,
          vatAmount: l.vatAmount === undefined ? undefined : m(l.vatAmount),
        }),
    ),
    total: m(s.total),
    vatTotal: m(s.vatTotal),
    credits: s.credits,
    reason: s.reason,
    application: s.application ? toApplication(s.application) : undefined,
    replaces: s.replaces,
    creditedBy: s.creditedBy,
    payments: (s.payments ?? []).map(
      (p): Payment => defined({ ...p, amount: m(p.amount), reversal: p.reversal ? defined({ ...p.reversal }) : undefined }),
    ),
    creditNotes: (s.creditNotes ?? []).map(
      (c): CreditClaim => defined({ ...c, amount: m(c.amount), application: c.application ? toApplication(c.application) : undefined }),
    ),
    allocations: (s.allocations ?? []).map((a): Allocation => defined({ ...a, amount: m(a.amount) })),
    refunds: (s.refunds ?? []).map((r): Refund => ({ ...r, amount: m(r.amount) })),
    operationId: s.operationId,
    version: s.version,
    createdAt: s.createdAt,
    createdBy: s.createdBy,
  });
}

// ---------------------------------------------------------------- to storage

export const lineItem = (l: InvoiceLine) =>
  defined({
    rule: l.rule,
    description: l.description,
    amount: l.amount.toString(),
    vatTreatment: l.vatTreatment,
    vatAmount: l.vatAmount?.toString(),
  });

export const paymentItem = (p: Payment) =>
  defined({
    paymentId: p.paymentId,
    date: p.date,
    amount: p.amount.toString(),
    reference: p.reference,
    recordedAt: p.recordedAt,
    recordedBy: p.recordedBy,
    reversal: p.reversal ? defined({ ...p.reversal }) : undefined,
  });

export const applicationItem = (a: CreditApplication) =>
  defined({
    toInvoice: a.toInvoice.toString(),
    onAccount: a.onAccount.toString(),
    invoiceOutstandingAfter: a.invoiceOutstandingAfter?.toString(),
  });
export const claimItem = (c: CreditClaim) =>
  defined({ ...c, amount: c.amount.toString(), application: c.application ? applicationItem(c.application) : undefined });
export const allocationItem = (a: Allocation) => defined({ ...a, amount: a.amount.toString() });
export const refundItem = (r: Refund) => ({ ...r, amount: r.amount.toString() });
export const issuerItem = (i: Issuer) => defined({ ...i, bank: { ...i.bank }, contact: { ...i.contact } });
