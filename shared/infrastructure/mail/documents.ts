/**
 * The documents a message carries, rendered exactly as their own routes render them
 * (functions/invoices and functions/receivables with `Accept: application/pdf`): the snapshot
 * renderers when there is an issuer to print, the plain pdf-lib layout when there is none.
 */
import type { DocumentsPort } from '../../application/ports.ts';
import { renderInvoice, renderInvoicePdf, renderStatement, renderStatementPdf } from '../pdf/index.ts';

export const pdfDocuments: DocumentsPort = {
  invoicePdf: (built, fallbackBoardName) =>
    built.document
      ? renderInvoice(built.document)
      : renderInvoicePdf(built.view, built.view.doc.boardName === undefined ? fallbackBoardName : ''),
  statementPdf: ({ result: r, document }) =>
    document
      ? renderStatement(document)
      : renderStatementPdf(r.statement, {
          boardName: r.boardName,
          partnerName: r.partner.name,
          address: r.partner.billing.address,
          issueDate: r.today,
        }),
};
