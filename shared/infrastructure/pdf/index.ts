/**
 * The document renderers: each takes a complete snapshot model from shared/domain/documents.ts
 * and returns the PDF's bytes. pdfkit and the font are loaded on the first call (a side bundle
 * in Lambda; see shared/lazy/load.ts).
 */
export { renderAnnualReport } from './annual-report.ts';
export { renderInvoice } from './invoice.ts';
export { renderStatement } from './statement.ts';
