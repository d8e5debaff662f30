/** The documents a message carries, rendered exactly as their own routes render them (`Accept: application/pdf`). */
import type { DocumentsPort } from '../../application/ports.ts';
import { renderInvoicePdf } from '../pdf/invoice-pdf.ts';
import { renderStatementPdf } from '../pdf/statement-pdf.ts';

export const pdfDocuments: DocumentsPort = {
  invoicePdf: (view, fallbackBoardName) => renderInvoicePdf(view, fallbackBoardName),
  statementPdf: (statement, party) => renderStatementPdf(statement, party),
};
