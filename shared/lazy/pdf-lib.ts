/**
 * Entry of the pdf-lib side bundle (see load.ts): what invoice PDFs are drawn with, loaded
 * only when a request asks for a PDF.
 */
export { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
