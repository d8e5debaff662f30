/**
 * The documents a partner's accounts payable receives, as complete snapshots for the renderers
 * (shared/domain/documents.ts): an invoice or credit note prints what it froze at issue (the
 * issuer, the board's and the partner's names, the bill-to), never the records as they are now;
 * a statement is drawn up today from the board's current invoicing details.
 *
 * A document that froze no issuer (issued before the board had invoicing details, or by the
 * first release) takes the board's current ones when it has them; with none at all there is no
 * supplier to print, and the caller falls back to the plain rendering that needs none.
 */
import { type InvoiceDocument, issuerOf, type StatementDocument } from '../domain/documents.ts';
import { formatFinancialYear } from '../domain/format.ts';
import { documentNumber } from '../domain/invoice.ts';
import { Money } from '../domain/money.ts';
import type { Role } from '../domain/roles.ts';
import { getBoard } from './boards.ts';
import type { Ctx } from './context.ts';
import { type DocumentView, getInvoice } from './invoices.ts';
import type { Deps } from './ports.ts';
import { partnerStatement, type StatementResult } from './receivables.ts';

export interface InvoiceDocumentResult {
  readonly view: DocumentView;
  /** Absent when neither the document nor the board has an issuer to print. */
  readonly document?: InvoiceDocument;
}

/** An issued invoice or credit note as its PDF prints it. A partner reads only its own. */
export async function invoiceDocument(
  deps: Pick<Deps, 'boards' | 'invoices'>,
  ctx: Ctx,
  roles: readonly Role[],
  boardId: string,
  invoiceId: string,
): Promise<InvoiceDocumentResult> {
  const view = await getInvoice(deps, ctx, roles, boardId, invoiceId);
  const { doc, figures } = view;
  const board = doc.issuer && doc.boardName ? undefined : await getBoard(deps, boardId);
  const issuer = doc.issuer ?? (board?.invoicing ? issuerOf(board.invoicing) : undefined);
  if (!issuer) return { view };
  const base = {
    number: documentNumber(doc),
    issueDate: doc.issueDate,
    issuer,
    boardName: doc.boardName ?? board?.name ?? boardId,
    billTo: { ...doc.billTo, name: doc.partnerName ?? doc.billTo.name },
    yearLabel: formatFinancialYear(doc.yearId),
    lines: doc.lines.map((l) => ({ description: l.description, amount: l.amount, vatTreatment: l.vatTreatment })),
    vatTotal: doc.vatTotal,
    total: doc.total,
  };
  if (doc.kind === 'credit-note') {
    const credited = doc.credits ? await deps.invoices.get(boardId, doc.partnerId, doc.credits) : undefined;
    return {
      view,
      document: {
        ...base,
        kind: 'credit-note',
        ...(doc.credits ? { credits: view.creditsNumber ?? doc.credits } : {}),
        ...(credited ? { creditsIssueDate: credited.issueDate } : {}),
        reason: doc.reason ?? doc.lines[0]?.description ?? 'correction',
        // What it did when issued, as frozen on it (never today's figures); absent on older notes,
        // except that a note crediting no invoice (a year-end refund standing alone) reduced none.
        ...(doc.application
          ? { application: doc.application }
          : doc.credits
            ? {}
            : { application: { toInvoice: Money.zero, onAccount: doc.total.negate() } }),
      },
    };
  }
  // What settled the invoice, as its figures say: payments net of reversals, and credit applied
  // to it (a credit note's own application included). Credit a note left on account did not
  // settle this invoice and is not shown as if it had; total - paid - credited = balance.
  const credited = figures.allocated;
  return {
    view,
    document: {
      ...base,
      kind: 'invoice',
      dueDate: doc.dueDate,
      paid: figures.paid,
      ...(credited.isZero() ? {} : { credited }),
      balance: figures.outstanding,
    },
  };
}

export interface StatementDocumentResult {
  readonly result: StatementResult;
  /** Absent when the board has no invoicing details to print as the issuer. */
  readonly document?: StatementDocument;
}

/** A partner's statement of account for a period, as its PDF prints it. A partner reads only its own. */
export async function statementDocument(
  deps: Pick<Deps, 'boards' | 'invoices' | 'partners'>,
  ctx: Ctx,
  roles: readonly Role[],
  boardId: string,
  partnerId: string,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<StatementDocumentResult> {
  const result = await partnerStatement(deps, ctx, roles, boardId, partnerId, query);
  const board = await getBoard(deps, boardId);
  if (!board.invoicing) return { result };
  const { statement, partner } = result;
  return {
    result,
    document: {
      issuer: issuerOf(board.invoicing),
      boardName: board.name,
      partner: {
        name: partner.name,
        address: partner.billing.address,
        contact: partner.billing.contact,
        email: partner.billing.email,
        ...(partner.billing.poNumber ? { poNumber: partner.billing.poNumber } : {}),
      },
      issueDate: result.today,
      from: statement.from,
      to: statement.to,
      openingBalance: statement.openingBalance,
      lines: statement.lines.map((l) => ({ ...l })),
      closingBalance: statement.closingBalance,
    },
  };
}
