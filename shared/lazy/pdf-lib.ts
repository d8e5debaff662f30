/**
 * Entry of the pdf-lib side bundle (see load.ts): the plain renderers of invoices and
 * statements (drawn with pdf-lib's standard fonts, for documents that froze no issuer), with
 * pdf-lib itself, loaded only when a request asks for such a PDF.
 */
export { renderInvoicePdf } from '../infrastructure/pdf/invoice-pdf.ts';
export { renderStatementPdf } from '../infrastructure/pdf/statement-pdf.ts';
