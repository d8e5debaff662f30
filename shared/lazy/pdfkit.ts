/**
 * Entry of the pdfkit side bundle (see load.ts): the document renderers themselves, with
 * pdfkit and the font they draw with (./fonts.ts), loaded only when a request asks for an
 * invoice, credit note, statement or annual report as PDF. The renderers' own code (layout,
 * tables, charts: about 22 KB minified) lives here too, so a function's `index.mjs` carries
 * only the loaders of shared/infrastructure/pdf/index.ts.
 */
export { renderAnnualReport } from '../infrastructure/pdf/annual-report.ts';
export { renderInvoice } from '../infrastructure/pdf/invoice.ts';
export { renderStatement } from '../infrastructure/pdf/statement.ts';
