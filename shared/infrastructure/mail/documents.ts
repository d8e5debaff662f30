/** The documents a message carries, rendered exactly as their own routes render them (`Accept: application/pdf`). */
import type { DocumentsPort } from '../../application/ports.ts';
import type { Invoice } from '../../domain/invoice.ts';
import { renderInvoicePdf } from '../pdf/invoice-pdf.ts';

export const pdfDocuments: DocumentsPort = {
  invoicePdf: (invoice: Invoice, names: { boardName: string; partnerName: string }) => renderInvoicePdf(invoice, names),
};
