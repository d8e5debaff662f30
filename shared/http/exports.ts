/**
 * The lists as tables, for their CSV and XLSX exports. An export is the whole list (not one
 * page), with amounts as money columns and dates as date columns, so a workbook formats them.
 */
import type { DocumentView } from '../application/invoices.ts';
import { type Virement, virementIdOf } from '../domain/budget.ts';
import { documentNumber } from '../domain/invoice.ts';
import { type Commitment, type Entry, type Partner, releasedOf, remainingOf, type SarCase, type SarCosts } from '../domain/ledger.ts';
import type { Column, Table } from './tabular.ts';

type Cols<Row> = Column<Row>[];
const text = <Row>(key: string, title: string, value: (r: Row) => string | undefined): Column<Row> => ({ key, title, type: 'text', value });
const money = <Row>(key: string, title: string, value: (r: Row) => string | undefined): Column<Row> => ({
  key,
  title,
  type: 'money',
  value,
});
const date = <Row>(key: string, title: string, value: (r: Row) => string | undefined): Column<Row> => ({ key, title, type: 'date', value });

export function entriesTable(yearId: string, entries: readonly Entry[]): Table<Entry> {
  const columns: Cols<Entry> = [
    text('entryId', 'Entry', (e) => e.entryId),
    date('date', 'Date', (e) => e.date),
    text('category', 'Category', (e) => e.category),
    money('amount', 'Amount', (e) => e.amount.toString()),
    text('supplier', 'Supplier', (e) => e.supplier),
    text('description', 'Description', (e) => e.description),
    text('sarId', 'SAR id', (e) => e.sarId),
    text('reference', 'Reference', (e) => e.reference),
    text('reverses', 'Reverses', (e) => e.reverses),
    text('reason', 'Reason', (e) => e.reason),
    date('createdAt', 'Recorded at', (e) => e.createdAt),
    text('createdBy', 'Recorded by', (e) => e.createdBy),
  ];
  return { name: `expenditure-${yearId}`, columns, rows: entries };
}

export function commitmentsTable(yearId: string, commitments: readonly Commitment[]): Table<Commitment> {
  const columns: Cols<Commitment> = [
    text('commitmentId', 'Commitment', (c) => c.commitmentId),
    text('category', 'Category', (c) => c.category),
    text('description', 'Description', (c) => c.description),
    money('amount', 'Amount', (c) => c.amount.toString()),
    money('released', 'Released or matched', (c) => releasedOf(c).toString()),
    money('remaining', 'Remaining', (c) => remainingOf(c).toString()),
    text('matchedTo', 'Matched to', (c) => [...new Set(c.releases.flatMap((r) => (r.entryId ? [r.entryId] : [])))].join(' ') || undefined),
    date('dueDate', 'Due date', (c) => c.dueDate),
    text('supplier', 'Supplier', (c) => c.supplier),
    text('sarId', 'SAR id', (c) => c.sarId),
    date('createdAt', 'Recorded at', (c) => c.createdAt),
    text('createdBy', 'Recorded by', (c) => c.createdBy),
  ];
  return { name: `commitments-${yearId}`, columns, rows: commitments };
}

export function virementsTable(yearId: string, virements: readonly Virement[]): Table<Virement> {
  const columns: Cols<Virement> = [
    text('virementId', 'Virement', (v) => virementIdOf(v.seq)),
    text('from', 'From', (v) => v.from),
    text('to', 'To', (v) => v.to),
    money('amount', 'Amount', (v) => v.amount.toString()),
    text('reason', 'Reason', (v) => v.reason),
    date('createdAt', 'Made at', (v) => v.createdAt),
    text('createdBy', 'Made by', (v) => v.createdBy),
  ];
  return { name: `virements-${yearId}`, columns, rows: virements };
}

/** The partners; billing details only for callers who may read them (not the board role). */
export function partnersTable(boardId: string, partners: readonly Partner[], withBilling = true): Table<Partner> {
  const columns: Cols<Partner> = [
    text('partnerId', 'Partner', (p) => p.partnerId),
    text('name', 'Name', (p) => p.name),
    text('kind', 'Kind', (p) => p.kind),
    ...(withBilling
      ? [
          text('address', 'Billing address', (p: Partner) => p.billing.address),
          text('contact', 'Contact', (p: Partner) => p.billing.contact),
          text('email', 'Email', (p: Partner) => p.billing.email),
          text('poNumber', 'PO number', (p: Partner) => p.billing.poNumber),
        ]
      : []),
  ];
  return { name: `partners-${boardId}`, columns, rows: partners };
}

export function sarsTable(boardId: string, cases: readonly { sar: SarCase; costs: SarCosts }[]): Table<{ sar: SarCase; costs: SarCosts }> {
  type Row = { sar: SarCase; costs: SarCosts };
  const years = [...new Set(cases.flatMap((c) => c.costs.byYear.map((y) => y.yearId)))].sort();
  const columns: Cols<Row> = [
    text('sarId', 'SAR id', (r) => r.sar.sarId),
    text('title', 'Title', (r) => r.sar.title),
    text('kind', 'Kind', (r) => r.sar.kind),
    text('status', 'Status', (r) => r.sar.status),
    money('total', 'Total cost', (r) => r.costs.total.toString()),
    { key: 'entries', title: 'Entries', type: 'number', value: (r) => r.costs.entries },
    ...years.map((yearId) =>
      money<Row>(`cost-${yearId}`, `Cost ${yearId}`, (r) => r.costs.byYear.find((y) => y.yearId === yearId)?.total.toString() ?? '0.00'),
    ),
  ];
  return { name: `sar-cases-${boardId}`, columns, rows: cases };
}

export function invoicesTable(boardId: string, invoices: readonly DocumentView[]): Table<DocumentView> {
  const columns: Cols<DocumentView> = [
    text('invoiceId', 'Invoice', (v) => v.doc.invoiceId),
    text('number', 'Number', (v) => documentNumber(v.doc)),
    text('partnerId', 'Partner', (v) => v.doc.partnerId),
    text('yearId', 'Year', (v) => v.doc.yearId),
    text('kind', 'Kind', (v) => v.doc.kind),
    text('status', 'Status', (v) => v.figures.status),
    date('issueDate', 'Issue date', (v) => v.doc.issueDate),
    date('dueDate', 'Due date', (v) => v.doc.dueDate),
    text('overdue', 'Overdue', (v) => (v.figures.overdue ? 'yes' : 'no')),
    money('total', 'Total', (v) => v.doc.total.toString()),
    money('vatTotal', 'VAT', (v) => v.doc.vatTotal.toString()),
    money('paid', 'Paid', (v) => v.figures.paid.toString()),
    money('credited', 'Credited', (v) => v.figures.credited.toString()),
    money('outstanding', 'Outstanding', (v) => v.figures.outstanding.toString()),
    money('balance', 'Balance', (v) => v.figures.balance.toString()),
    text('credits', 'Credits', (v) => v.creditsNumber ?? v.doc.credits),
    text('replaces', 'Replaces', (v) => v.doc.replaces),
    text('billTo', 'Bill to', (v) => v.doc.billTo.name),
    text('poNumber', 'PO number', (v) => v.doc.billTo.poNumber),
  ];
  return { name: `invoices-${boardId}`, columns, rows: invoices };
}
