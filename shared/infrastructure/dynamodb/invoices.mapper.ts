/** Stored invoices and credit notes as {@link Invoice}s. */
import type { Invoice, InvoiceKind, InvoiceLine, InvoiceStatus, Payment, VatTreatment } from '../../domain/invoice.ts';
import { money } from './mapping.ts';
import { type Item, int, optStr, str } from './store.ts';

export const invoiceKey = (inv: Pick<Invoice, 'partnerId' | 'invoiceId'>): string => `${inv.partnerId}|${inv.invoiceId}`;

export function toInvoice(item: Item): Invoice {
  const billTo = item.billTo as Record<string, unknown>;
  const poNumber = optStr(billTo.poNumber);
  const credits = optStr(item.credits);
  const creditedBy = optStr(item.creditedBy);
  return {
    boardId: str(item.boardId),
    invoiceId: str(item.invoiceId),
    ...(item.number !== undefined ? { number: int(item.number) } : {}),
    partnerId: str(item.partnerId),
    yearId: str(item.yearId),
    kind: str(item.kind) as InvoiceKind,
    status: str(item.status) as InvoiceStatus,
    issueDate: str(item.issueDate),
    dueDate: str(item.dueDate),
    billTo: {
      name: str(billTo.name),
      address: str(billTo.address),
      contact: str(billTo.contact),
      email: str(billTo.email),
      ...(poNumber ? { poNumber } : {}),
    },
    lines: (item.lines as Record<string, unknown>[]).map(
      (l): InvoiceLine => ({
        rule: str(l.rule),
        description: str(l.description),
        amount: money(l.amount),
        vatTreatment: str(l.vatTreatment) as VatTreatment,
      }),
    ),
    total: money(item.total),
    vatTotal: money(item.vatTotal),
    ...(credits ? { credits } : {}),
    ...(creditedBy ? { creditedBy } : {}),
    payments: ((item.payments as Record<string, unknown>[] | undefined) ?? []).map((p): Payment => {
      const reference = optStr(p.reference);
      return {
        paymentId: str(p.paymentId),
        date: str(p.date),
        amount: money(p.amount),
        ...(reference ? { reference } : {}),
        recordedAt: str(p.recordedAt),
        recordedBy: str(p.recordedBy),
      };
    }),
    version: int(item.version),
    createdAt: str(item.createdAt),
    createdBy: str(item.createdBy),
  };
}

export const paymentItem = (p: Payment) => ({
  paymentId: p.paymentId,
  date: p.date,
  amount: p.amount.toString(),
  ...(p.reference ? { reference: p.reference } : {}),
  recordedAt: p.recordedAt,
  recordedBy: p.recordedBy,
});
