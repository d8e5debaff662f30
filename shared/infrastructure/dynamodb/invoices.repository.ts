/**
 * Invoices and the board's invoice numbers.
 *
 * Numbering without transactions (reliability anchors, section 2.2): a counter on one item
 * hands out the next number, remembering whom it last gave one to, so a retried request
 * gets its number back instead of burning another; a reservation item per number then
 * records which invoice owns it (created once, so a sweeper and an issuer can never both
 * claim it); finally the invoice takes the number, once. A failure between steps can leave
 * a number unused; `sweepNumbers` records it as VOID, so every number is accounted for.
 */

import type { InvoicesPort, NewInvoice, NumberReservation } from '../../application/ports.ts';
import { ConditionFailed } from '../../domain/errors.ts';
import type { Invoice, InvoiceStatus, Payment } from '../../domain/invoice.ts';
import { paymentItem, toInvoice } from './invoices.mapper.ts';
import { invoiceKeys, partnerPk } from './keys.ts';
import { type Item, int, optStr, type Store, str, type WriteMeta } from './store.ts';

export class InvoicesRepository implements InvoicesPort {
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }

  async get(boardId: string, partnerId: string, invoiceId: string): Promise<Invoice | undefined> {
    const item = await this.store.get(invoiceKeys.invoice(boardId, partnerId, invoiceId));
    return item ? toInvoice(item) : undefined;
  }

  /** Every invoice of one partner (a bounded set: a few a year). */
  async listForPartner(boardId: string, partnerId: string): Promise<Invoice[]> {
    const items = await this.store.queryAll({ pk: partnerPk(boardId, partnerId), prefix: invoiceKeys.invoicePrefix });
    return items.map(toInvoice);
  }

  /** Creates the draft once under its deterministic key; false if it already exists. */
  async createDraft(meta: WriteMeta, inv: NewInvoice): Promise<boolean> {
    const item: Item = {
      ...invoiceKeys.invoice(inv.boardId, inv.partnerId, inv.invoiceId),
      type: 'invoice',
      boardId: inv.boardId,
      invoiceId: inv.invoiceId,
      partnerId: inv.partnerId,
      yearId: inv.yearId,
      kind: inv.kind,
      status: 'draft',
      issueDate: inv.issueDate,
      dueDate: inv.dueDate,
      billTo: { ...inv.billTo },
      lines: inv.lines.map((l) => ({
        rule: l.rule,
        description: l.description,
        amount: l.amount.toString(),
        vatTreatment: l.vatTreatment,
      })),
      total: inv.total.toString(),
      vatTotal: inv.vatTotal.toString(),
      ...(inv.credits ? { credits: inv.credits } : {}),
      payments: [],
      version: 1,
      createdAt: meta.at,
      createdBy: meta.actor,
      requestId: meta.requestId,
    };
    try {
      await this.store.write({ kind: 'put', item, condition: 'attribute_not_exists(pk)' }, meta);
      return true;
    } catch (err) {
      if (err instanceof ConditionFailed) return false;
      throw err;
    }
  }

  /**
   * The next number for this invoice. If the counter's last number already went to this
   * invoice (a retry after success), that number is returned instead of a new one.
   */
  async allocateNumber(meta: WriteMeta, boardId: string, forKey: string): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const out = await this.store.write(
          {
            kind: 'update',
            key: invoiceKeys.counter(boardId),
            update: 'SET #last = if_not_exists(#last, :zero) + :one, lastFor = :k',
            audit: false, // the reservation that claims the number is audited
            condition: 'attribute_not_exists(lastFor) OR lastFor <> :k',
            names: { '#last': 'last' },
            values: { ':zero': 0, ':one': 1, ':k': forKey },
            returnNew: true,
          },
          meta,
        );
        return int(out?.last);
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err;
        const counter = await this.store.get(invoiceKeys.counter(boardId));
        if (counter?.lastFor === forKey) return int(counter.last);
      }
    }
    throw new Error('could not allocate an invoice number');
  }

  /** Claims number n for an invoice, once. False when n is taken by something else (or voided). */
  async reserveNumber(meta: WriteMeta, boardId: string, n: number, forKey: string): Promise<boolean> {
    try {
      await this.store.write(
        {
          kind: 'put',
          item: {
            ...invoiceKeys.reservation(boardId, n),
            type: 'invoice-number',
            number: n,
            status: 'used',
            invoiceKey: forKey,
            at: meta.at,
          },
          condition: 'attribute_not_exists(pk)',
        },
        meta,
      );
      return true;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      const existing = await this.store.get(invoiceKeys.reservation(boardId, n));
      return existing?.status === 'used' && existing.invoiceKey === forKey;
    }
  }

  /** Gives the draft its number and issues it, once. Returns the invoice as stored. */
  async issue(meta: WriteMeta, inv: Pick<Invoice, 'boardId' | 'partnerId' | 'invoiceId'>, n: number): Promise<Invoice> {
    const key = invoiceKeys.invoice(inv.boardId, inv.partnerId, inv.invoiceId);
    try {
      const out = await this.store.write(
        {
          kind: 'update',
          key,
          update: 'SET #number = :n, #status = :issued, issuedAt = :at, #version = #version + :one',
          condition: 'attribute_exists(pk) AND attribute_not_exists(#number)',
          names: { '#number': 'number', '#status': 'status', '#version': 'version' },
          values: { ':n': n, ':issued': 'issued', ':at': meta.at, ':one': 1 },
          returnNew: true,
        },
        meta,
      );
      if (out) return toInvoice(out);
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
    const current = await this.store.get(key);
    if (!current) throw new Error(`invoice ${inv.invoiceId} vanished`);
    return toInvoice(current);
  }

  async recordPayment(meta: WriteMeta, inv: Invoice, payment: Payment, status: InvoiceStatus): Promise<Invoice> {
    const out = await this.store.write(
      {
        kind: 'update',
        key: invoiceKeys.invoice(inv.boardId, inv.partnerId, inv.invoiceId),
        update:
          'SET payments = list_append(if_not_exists(payments, :empty), :p), #status = :s, #version = #version + :one, updatedAt = :at, updatedBy = :by',
        condition: '#version = :v',
        names: { '#status': 'status', '#version': 'version' },
        values: {
          ':empty': [],
          ':p': [paymentItem(payment)],
          ':s': status,
          ':one': 1,
          ':v': inv.version,
          ':at': meta.at,
          ':by': meta.actor,
        },
        returnNew: true,
      },
      meta,
    );
    if (!out) throw new ConditionFailed(inv.invoiceId);
    return toInvoice(out);
  }

  /** Marks an issued (or paid) invoice as cancelled by a credit note; idempotent. */
  async markCredited(meta: WriteMeta, inv: Pick<Invoice, 'boardId' | 'partnerId' | 'invoiceId'>, creditNoteId: string): Promise<void> {
    try {
      await this.store.write(
        {
          kind: 'update',
          key: invoiceKeys.invoice(inv.boardId, inv.partnerId, inv.invoiceId),
          update: 'SET #status = :credited, creditedBy = :cn, #version = #version + :one, updatedAt = :at, updatedBy = :by',
          condition: '#status IN (:issued, :paid)',
          names: { '#status': 'status', '#version': 'version' },
          values: {
            ':credited': 'credited',
            ':cn': creditNoteId,
            ':issued': 'issued',
            ':paid': 'paid',
            ':one': 1,
            ':at': meta.at,
            ':by': meta.actor,
          },
        },
        meta,
      );
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
  }

  async reservations(boardId: string): Promise<{ last: number; items: NumberReservation[] }> {
    const [counter, items] = await Promise.all([
      this.store.get(invoiceKeys.counter(boardId)),
      this.store.queryAll({ pk: `B#${boardId}`, prefix: invoiceKeys.reservationPrefix }),
    ]);
    return {
      last: counter?.last === undefined ? 0 : int(counter.last),
      items: items.map((i) => {
        const invoiceKey = optStr(i.invoiceKey);
        const reason = optStr(i.reason);
        return {
          number: int(i.number),
          status: str(i.status) as 'used' | 'void',
          ...(invoiceKey ? { invoiceKey } : {}),
          ...(reason ? { reason } : {}),
        };
      }),
    };
  }

  /** Records number n as void, unless something claimed it first. */
  async voidNumber(meta: WriteMeta, boardId: string, n: number, reason: string, supersededKey?: string): Promise<boolean> {
    try {
      if (supersededKey === undefined) {
        await this.store.write(
          {
            kind: 'put',
            item: { ...invoiceKeys.reservation(boardId, n), type: 'invoice-number', number: n, status: 'void', reason, at: meta.at },
            condition: 'attribute_not_exists(pk)',
          },
          meta,
        );
      } else {
        await this.store.write(
          {
            kind: 'update',
            key: invoiceKeys.reservation(boardId, n),
            update: 'SET #status = :void, reason = :reason, voidedAt = :at',
            condition: '#status = :used AND invoiceKey = :k',
            names: { '#status': 'status' },
            values: { ':void': 'void', ':used': 'used', ':reason': reason, ':at': meta.at, ':k': supersededKey },
          },
          meta,
        );
      }
      return true;
    } catch (err) {
      if (err instanceof ConditionFailed) return false;
      throw err;
    }
  }
}
