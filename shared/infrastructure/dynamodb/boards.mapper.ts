/** Stored board-partition items (board, partner, SAR case) as domain records. */
import * as z from 'zod/mini';
import type { Board, BoardInvoicing, Partner, PartnerKind, SarCase, SarKind, SarStatus } from '../../domain/ledger.ts';
import { readStamp, version } from './mapping.ts';
import { type Item, optStr, str } from './store.ts';
import { parseStored, StoredInt } from './stored.ts';

const StoredInvoicing = z.lazy(() =>
  z.object({
    issuerName: z.string(),
    issuerAddress: z.string(),
    vatNumber: z.optional(z.string()),
    bank: z.object({ accountName: z.string(), sortCode: z.string(), accountNumber: z.string() }),
    remittanceEmail: z.string(),
    contact: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    paymentTermsDays: StoredInt,
    invoiceHost: z.boolean(),
  }),
);

const StoredReminderDays = z.lazy(() => z.array(StoredInt));

export function toBoard(item: Item): Board {
  const invoicing = item.invoicing === undefined ? undefined : parseStored(StoredInvoicing, item.invoicing, 'board invoicing');
  const reminderDays =
    item.reminderDays === undefined ? undefined : parseStored(StoredReminderDays, item.reminderDays, 'board reminderDays');
  return {
    boardId: str(item.boardId),
    name: str(item.name),
    ...(invoicing ? { invoicing: invoicing as BoardInvoicing } : {}),
    ...(reminderDays ? { reminderDays } : {}),
    version: version(item),
    ...readStamp(item),
  };
}

export function toPartner(item: Item): Partner {
  const billing = item.billing as Record<string, unknown>;
  const poNumber = optStr(billing.poNumber);
  const delivery = optStr(billing.delivery);
  if (delivery !== undefined && delivery !== 'email' && delivery !== 'none')
    throw new Error(`stored partner ${String(item.partnerId)} has delivery ${delivery}`);
  return {
    boardId: str(item.boardId),
    partnerId: str(item.partnerId),
    name: str(item.name),
    kind: str(item.kind) as PartnerKind,
    billing: {
      address: str(billing.address),
      contact: str(billing.contact),
      email: str(billing.email),
      ...(poNumber ? { poNumber } : {}),
      ...(delivery ? { delivery } : {}),
    },
    version: version(item),
    ...readStamp(item),
  };
}

export function toSar(item: Item): SarCase {
  return {
    boardId: str(item.boardId),
    sarId: str(item.sarId),
    title: str(item.title),
    kind: str(item.kind) as SarKind,
    status: str(item.status) as SarStatus,
    version: version(item),
    ...readStamp(item),
  };
}
