/**
 * The document renderers, as every caller reaches them: each takes a complete snapshot model
 * (shared/domain/documents.ts, or the statement and invoice views of the plain layout) and
 * returns the PDF's bytes. Only loaders live here: the renderers' code, with pdfkit and the
 * font (or pdf-lib for the plain layout), is loaded on the first call, as a side bundle in
 * Lambda (shared/lazy/pdfkit.ts and pdf-lib.ts; see shared/lazy/load.ts), so a function's
 * `index.mjs` carries none of it.
 */
import type { DocumentView } from '../../application/invoices.ts';
import type { AnnualReportDocument, InvoiceDocument, StatementDocument } from '../../domain/documents.ts';
import type { Statement } from '../../domain/receivables.ts';
import { loadPdfKit, loadPdfLib } from '../../lazy/load.ts';
import type { StatementParty } from './statement-pdf.ts';

export type { StatementParty };

/** The annual report's finance section (pdfkit). */
export async function renderAnnualReport(doc: AnnualReportDocument): Promise<Uint8Array> {
  return (await loadPdfKit()).renderAnnualReport(doc);
}

/** An invoice or credit note as frozen at issue, with its issuer (pdfkit). */
export async function renderInvoice(doc: InvoiceDocument): Promise<Uint8Array> {
  return (await loadPdfKit()).renderInvoice(doc);
}

/** A partner's statement with the issuer's details and a remittance advice (pdfkit). */
export async function renderStatement(doc: StatementDocument): Promise<Uint8Array> {
  return (await loadPdfKit()).renderStatement(doc);
}

/** The plain layout of an invoice that froze no issuer (pdf-lib). */
export async function renderInvoicePdf(view: DocumentView, fallbackBoardName = ''): Promise<Uint8Array> {
  return (await loadPdfLib()).renderInvoicePdf(view, fallbackBoardName);
}

/** The plain layout of a statement, for a board without invoicing details (pdf-lib). */
export async function renderStatementPdf(st: Statement, party: StatementParty): Promise<Uint8Array> {
  return (await loadPdfLib()).renderStatementPdf(st, party);
}
