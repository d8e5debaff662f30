/**
 * Invoices and the board's invoice numbers.
 *
 * Numbering without transactions (reliability anchors, section 2.2): a counter on one item
 * hands out the next number, remembering whom it last gave one to, so a retried request
 * gets its number back instead of burning another; a reservation item per number then
 * records which invoice owns it (created once, so a sweeper and an issuer can never both
 * claim it); finally the invoice takes the number, once. A failure between steps can leave
 * a number unused; `sweepNumbers` records it as VOID, so every number is accounted for.
 * Invoices and credit notes are two series, each with its own counter and reservations.
 *
 * After issue a document changes only by what is recorded against it (payments, credit notes
 * claimed, allocations, refunds), each change one write conditional on the version read.
 */

import type { DocumentRecord, InvoicesPort, NewInvoice, NumberReservation } from '../../application/ports.ts';
import { ConditionFailed } from '../../domain/errors.ts';
import type { Invoice, Series } from '../../domain/invoice.ts';
import { allocationItem, applicationItem, claimItem, issuerItem, lineItem, paymentItem, refundItem, toInvoice } from './invoices.mapper.ts';
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
      ...(inv.series ? { series: inv.series } : {}),
      partnerId: inv.partnerId,
      yearId: inv.yearId,
      kind: inv.kind,
      status: 'draft',
      issueDate: inv.issueDate,
      dueDate: inv.dueDate,
      billTo: { ...inv.billTo },
      ...(inv.partnerName !== undefined ? { partnerName: inv.partnerName } : {}),
      ...(inv.boardName !== undefined ? { boardName: inv.boardName } : {}),
      ...(inv.issuer ? { issuer: issuerItem(inv.issuer) } : {}),
      lines: inv.lines.map(lineItem),
      total: inv.total.toString(),
      vatTotal: inv.vatTotal.toString(),
      ...(inv.credits ? { credits: inv.credits } : {}),
      ...(inv.reason ? { reason: inv.reason } : {}),
      ...(inv.application ? { application: applicationItem(inv.application) } : {}),
      ...(inv.replaces ? { replaces: inv.replaces } : {}),
      payments: inv.payments.map(paymentItem),
      creditNotes: inv.creditNotes.map(claimItem),
      allocations: inv.allocations.map(allocationItem),
      refunds: inv.refunds.map(refundItem),
      ...(inv.operationId ? { operationId: inv.operationId } : {}),
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
  async allocateNumber(meta: WriteMeta, boardId: string, series: Series, forKey: string): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const out = await this.store.write(
          {
            kind: 'update',
            key: invoiceKeys.counter(boardId, series),
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
        const counter = await this.store.get(invoiceKeys.counter(boardId, series));
        if (counter?.lastFor === forKey) return int(counter.last);
      }
    }
    throw new Error('could not allocate an invoice number');
  }

  /** Claims number n for an invoice, once. False when n is taken by something else (or voided). */
  async reserveNumber(meta: WriteMeta, boardId: string, series: Series, n: number, forKey: string): Promise<boolean> {
    try {
      await this.store.write(
        {
          kind: 'put',
          item: {
            ...invoiceKeys.reservation(boardId, n, series),
            type: 'invoice-number',
            series,
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
      const existing = await this.store.get(invoiceKeys.reservation(boardId, n, series));
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

  async record(meta: WriteMeta, current: Invoice, changes: DocumentRecord, action: string): Promise<Invoice> {
    const names: Record<string, string> = { '#version': 'version', '#status': 'status' };
    const values: Record<string, unknown> = { ':one': 1, ':v': current.version, ':at': meta.at, ':by': meta.actor, ':draft': 'draft' };
    const sets = ['#version = #version + :one', 'updatedAt = :at', 'updatedBy = :by'];
    const lists: [keyof DocumentRecord, (x: never) => unknown][] = [
      ['payments', paymentItem as (x: never) => unknown],
      ['creditNotes', claimItem as (x: never) => unknown],
      ['allocations', allocationItem as (x: never) => unknown],
      ['refunds', refundItem as (x: never) => unknown],
    ];
    for (const [field, toItem] of lists) {
      const list = changes[field];
      if (!list) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = (list as readonly never[]).map(toItem);
      sets.push(`#${field} = :${field}`);
    }
    const out = await this.store.write(
      {
        kind: 'update',
        key: invoiceKeys.invoice(current.boardId, current.partnerId, current.invoiceId),
        update: `SET ${sets.join(', ')}`,
        condition: '#version = :v AND #status <> :draft',
        names,
        values,
        returnNew: true,
        audit: { action },
      },
      meta,
    );
    if (!out) throw new ConditionFailed(current.invoiceId);
    return toInvoice(out);
  }

  async reservations(
    boardId: string,
    series: Series,
    opts: { unswept?: boolean } = {},
  ): Promise<{ last: number; sweptTo: number; items: NumberReservation[] }> {
    const counter = await this.store.get(invoiceKeys.counter(boardId, series));
    const last = counter?.last === undefined ? 0 : int(counter.last);
    const sweptTo = counter?.sweptTo === undefined ? 0 : int(counter.sweptTo);
    const prefix = invoiceKeys.reservationPrefixOf(series);
    const items: Item[] = [];
    // Reservation keys sort by number (zero-padded), so the unswept ones are a range after the watermark.
    let after: string | undefined = opts.unswept && sweptTo > 0 ? invoiceKeys.reservation(boardId, sweptTo, series).sk : undefined;
    do {
      const page = await this.store.query({ pk: `B#${boardId}`, prefix, ...(after !== undefined ? { after } : {}) });
      items.push(...page.items);
      after = page.lastSk;
    } while (after !== undefined);
    return {
      last,
      sweptTo,
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

  async markSwept(meta: WriteMeta, boardId: string, series: Series, n: number): Promise<void> {
    try {
      await this.store.write(
        {
          kind: 'update',
          key: invoiceKeys.counter(boardId, series),
          update: 'SET sweptTo = :n',
          condition: 'attribute_exists(pk) AND (attribute_not_exists(sweptTo) OR sweptTo < :n)',
          values: { ':n': n },
          audit: false, // bookkeeping of the sweep: the voids it writes are audited
        },
        meta,
      );
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err; // another sweep got as far or further
    }
  }

  /** Records number n as void, unless something claimed it first. */
  async voidNumber(meta: WriteMeta, boardId: string, series: Series, n: number, reason: string, supersededKey?: string): Promise<boolean> {
    try {
      if (supersededKey === undefined) {
        await this.store.write(
          {
            kind: 'put',
            item: {
              ...invoiceKeys.reservation(boardId, n, series),
              type: 'invoice-number',
              series,
              number: n,
              status: 'void',
              reason,
              at: meta.at,
            },
            condition: 'attribute_not_exists(pk)',
          },
          meta,
        );
      } else {
        await this.store.write(
          {
            kind: 'update',
            key: invoiceKeys.reservation(boardId, n, series),
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
