/**
 * The routes table: the single source of truth for the CDK API stack (one Lambda per
 * `fn`, granted `access` to the table), the local server (which handler answers which
 * path) and the OpenAPI document. A test fails when a handler and this table disagree.
 */
import type * as z from 'zod/mini';
import * as s from './schemas.ts';

export type Method = 'GET' | 'PUT' | 'POST';
/** Table access the function group needs: none, read-only or read-write. */
export type Access = 'none' | 'RO' | 'RW';
/** Function groups: one Lambda function, and one `functions/<fn>/handler.ts`, each. */
export type Fn =
  | 'health'
  | 'boards'
  | 'partners'
  | 'years'
  | 'agreement'
  | 'expenditure'
  | 'commitments'
  | 'sars'
  | 'recharge'
  | 'close'
  | 'invoices'
  | 'payments'
  | 'reports'
  | 'import'
  | 'audit'
  | 'income'
  | 'planning'
  | 'receivables'
  | 'delivery'
  | 'virements';

export interface RouteSpec<
  F extends Fn = Fn,
  B extends z.ZodMiniType | undefined = z.ZodMiniType | undefined,
  Q extends z.ZodMiniType | undefined = z.ZodMiniType | undefined,
> {
  readonly fn: F;
  readonly access: Access;
  readonly summary: string;
  /** false only for the public routes (health, OpenAPI). */
  readonly auth: boolean;
  /** Roles allowed to call; a partner is further limited to its own records by the handler. */
  readonly roles: readonly s.Role[];
  readonly body?: B;
  readonly query?: Q;
  /** Success status and the schema of its body, for the OpenAPI document. */
  readonly success: { readonly status: number; readonly schema?: z.ZodMiniType };
  /** Requires `If-Match` when updating an existing record. */
  readonly ifMatch?: boolean;
  /**
   * Seconds the function may run (API Gateway stops waiting at 30). Work that can outgrow it
   * (an import, a close) checks its deadline and answers 202 to be continued. @default 10
   */
  readonly timeoutSeconds?: number;
  /** Largest accepted body in bytes; default 64 KiB. */
  readonly maxBody?: number;
  /** A raw file body instead of JSON: the accepted media types; the handler gets the bytes. */
  readonly file?: FileSpec;
  /** The business metric (namespace SabBudget) a successful answer counts one of. */
  readonly metric?: BusinessMetric;
}

/** Business metrics the service publishes (the dashboard graphs them). */
export type BusinessMetric = 'EntriesPosted' | 'ImportsCommitted' | 'YearsClosed' | 'InvoicesIssued' | 'IdempotentReplays';

export interface FileSpec {
  readonly accepts: readonly string[];
}

function route<F extends Fn, B extends z.ZodMiniType | undefined = undefined, Q extends z.ZodMiniType | undefined = undefined>(
  spec: RouteSpec<F, B, Q>,
): RouteSpec<F, B, Q> {
  return spec;
}

/** A route whose body is a file (the type records it, so its handler is given the bytes). */
function fileRoute<F extends Fn, Q extends z.ZodMiniType | undefined = undefined>(
  spec: RouteSpec<F, undefined, Q> & { readonly file: FileSpec; readonly maxBody: number },
): RouteSpec<F, undefined, Q> & { readonly file: FileSpec } {
  return spec;
}

/** The media types an import accepts; `application/vnd.ms-excel` is what Windows browsers call a .csv. */
export const IMPORT_MEDIA_TYPES = [
  'text/csv',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'application/octet-stream',
] as const;

const everyone = [] as const;
const FIN = ['finance'] as const;
const FIN_BOARD = ['finance', 'board'] as const;
const ADMIN_FIN = ['admin', 'finance'] as const;
/** Finance and the board read all of it; a partner its own line only (the use case scopes it). */
const FIN_BOARD_PARTNER = ['finance', 'board', 'partner'] as const;

export const routes = {
  'GET /v1/health': route({
    fn: 'health',
    access: 'none',
    auth: false,
    roles: everyone,
    summary: 'Liveness',
    success: { status: 200, schema: s.Health },
  }),
  'GET /v1/openapi.json': route({
    fn: 'health',
    access: 'none',
    auth: false,
    roles: everyone,
    summary: 'This OpenAPI 3.1 document',
    success: { status: 200 },
  }),

  'PUT /v1/boards/{boardId}': route({
    fn: 'boards',
    access: 'RW',
    auth: true,
    roles: ['admin'],
    summary: 'Create or update a board',
    body: s.BoardInput,
    success: { status: 200, schema: s.Board },
  }),
  'GET /v1/boards/{boardId}': route({
    fn: 'boards',
    access: 'RO',
    auth: true,
    roles: ['admin', 'finance', 'board'],
    summary: 'Read a board',
    success: { status: 200, schema: s.Board },
  }),

  'PUT /v1/boards/{boardId}/partners/{partnerId}': route({
    fn: 'partners',
    access: 'RW',
    auth: true,
    roles: ADMIN_FIN,
    summary: 'Create or update a partner and its billing details',
    body: s.PartnerInput,
    success: { status: 200, schema: s.Partner },
  }),
  'GET /v1/boards/{boardId}/partners/{partnerId}': route({
    fn: 'partners',
    access: 'RO',
    auth: true,
    roles: ['admin', 'finance', 'board', 'partner'],
    summary: 'Read a partner (a partner reads only itself; the board reads names, not billing details)',
    success: { status: 200, schema: s.Partner },
  }),
  'GET /v1/boards/{boardId}/partners': route({
    fn: 'partners',
    access: 'RO',
    auth: true,
    roles: ['admin', 'finance', 'board'],
    summary: 'List partners (the board reads names, not billing details)',
    query: s.ListQuery,
    success: { status: 200, schema: s.Page(s.Partner) },
  }),

  'PUT /v1/boards/{boardId}/years/{yearId}': route({
    fn: 'years',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Create a year (draft) or change its budget set; status changes only through open and close',
    body: s.YearInput,
    success: { status: 200, schema: s.Year },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read a year',
    success: { status: 200, schema: s.Year },
  }),
  'GET /v1/boards/{boardId}/years': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List years',
    query: s.ListQuery,
    success: { status: 200, schema: s.Page(s.Year) },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/open': route({
    fn: 'years',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Open a draft year for expenditure and issue the baseline invoices from its agreement',
    success: { status: 200, schema: s.OpenedYear },
  }),
  'PUT /v1/boards/{boardId}/years/{yearId}/agreement': route({
    fn: 'agreement',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Set the funding agreement: baselines, shares, pools and cost-recovery rules (frozen once the year closes)',
    body: s.AgreementInput,
    success: { status: 200, schema: s.Agreement },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/agreement': route({
    fn: 'agreement',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read the funding agreement',
    success: { status: 200, schema: s.Agreement },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/recharge': route({
    fn: 'recharge',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD_PARTNER,
    summary:
      'Year-end recharge: a preview for an open year, the sealed figures for a closed one (a partner reads its own line and the year totals, for accruals)',
    success: { status: 200, schema: s.RechargeForCaller },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/close': route({
    fn: 'close',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Ask to close the year (202, awaiting a second person) with the figures it would seal and their ETag; once closed, answers the sealed figures (200). Segregation of duties: the close runs on approval of those figures',
    success: { status: 202, schema: s.CloseOutcome },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/close/approve': route({
    fn: 'close',
    access: 'RW',
    ifMatch: true,
    timeoutSeconds: 29,
    auth: true,
    roles: FIN_BOARD,
    summary:
      'Approve a requested close (not by the requester), naming in If-Match the ETag of the figures the request answered (428 without; 412 with the new figures when they moved): seals the ledger, stores the recharge snapshot, issues the year-end invoices and credit notes, locks the year. 202 when voiding the unused entry numbers needs more than one request: approve again to carry on',
    success: { status: 200, schema: s.CloseOutcome },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/close/withdraw': route({
    fn: 'close',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Withdraw a close request while the year is open, so that its figures can change again (it is asked again afterwards)',
    success: { status: 200, schema: s.Year },
  }),
  'PUT /v1/boards/{boardId}/years/{yearId}/history': route({
    fn: 'years',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Record a year from before the service as published figures (it is closed as history)',
    body: s.HistoryInput,
    success: { status: 200, schema: s.History },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/history': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read the published figures of a historical year',
    success: { status: 200, schema: s.History },
  }),
  'PUT /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}': route({
    fn: 'years',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Create or update a budget line (draft or open year)',
    body: s.BudgetLineInput,
    success: { status: 200, schema: s.BudgetLine },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/budget-lines/{category}': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read a budget line',
    success: { status: 200, schema: s.BudgetLine },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/budget-lines': route({
    fn: 'years',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List budget lines',
    query: s.ListQuery,
    success: { status: 200, schema: s.Page(s.BudgetLine) },
  }),

  'POST /v1/boards/{boardId}/years/{yearId}/expenditure': route({
    fn: 'expenditure',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Record an expenditure entry (immutable) in an open year',
    body: s.ExpenditureInput,
    metric: 'EntriesPosted',
    success: { status: 201, schema: s.Entry },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/expenditure': route({
    fn: 'expenditure',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List expenditure entries in the order they were recorded',
    query: s.ExpenditureQuery,
    success: { status: 200, schema: s.Page(s.Entry) },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}': route({
    fn: 'expenditure',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read one expenditure entry',
    success: { status: 200, schema: s.Entry },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}/reversal': route({
    fn: 'expenditure',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Reverse an entry: records an equal and opposite entry pointing at the original',
    body: s.ReversalInput,
    metric: 'EntriesPosted',
    success: { status: 201, schema: s.Entry },
  }),

  // ------------------------------------------------------------ bulk import (its own function: exceljs weighs on it alone)
  'POST /v1/boards/{boardId}/years/{yearId}/expenditure/import': fileRoute({
    fn: 'import',
    access: 'RW',
    timeoutSeconds: 29,
    auth: true,
    roles: FIN,
    summary:
      'Import expenditure from a CSV or XLSX file, whole or not at all: 201 imported; 200 for ?dryRun=true (validates only) or a file already imported (nothing twice); 202 when the file needs another request (send it again)',
    query: s.ImportQuery,
    file: { accepts: IMPORT_MEDIA_TYPES },
    maxBody: 4 * 1024 * 1024,
    success: { status: 201, schema: s.ImportResult },
  }),
  'GET /v1/boards/{boardId}/expenditure/template': route({
    fn: 'import',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'The import template: its columns as JSON, or the file to fill in with Accept: text/csv or the XLSX media type',
    success: { status: 200, schema: s.ImportTemplate },
  }),

  'POST /v1/boards/{boardId}/years/{yearId}/commitments': route({
    fn: 'commitments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Record a commitment (a known future cost) for forecasting',
    body: s.CommitmentInput,
    success: { status: 201, schema: s.Commitment },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/commitments': route({
    fn: 'commitments',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List commitments',
    query: s.ListQuery,
    success: { status: 200, schema: s.Page(s.Commitment) },
  }),

  'POST /v1/boards/{boardId}/years/{yearId}/commitments/{commitmentId}/release': route({
    fn: 'commitments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Release part or all of a commitment (no amount: what is left), or match it to the entry that paid it (same category): it leaves the forecast',
    body: s.CommitmentReleaseInput,
    success: { status: 201, schema: s.Commitment },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/commitments/{commitmentId}': route({
    fn: 'commitments',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read a commitment with its releases and what is left of it',
    success: { status: 200, schema: s.Commitment },
  }),

  // ------------------------------------------------------------ budget control (DESIGN 10.4)
  'POST /v1/boards/{boardId}/years/{yearId}/virements': route({
    fn: 'virements',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Move budget from one line to another of an open year, with its reason (never below zero)',
    body: s.VirementInput,
    success: { status: 201, schema: s.Virement },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/virements': route({
    fn: 'virements',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "The year's virements in the order they were made (CSV and XLSX too)",
    query: s.ListQuery,
    success: { status: 200, schema: s.Page(s.Virement) },
  }),

  'GET /v1/boards/{boardId}/invoices': route({
    fn: 'invoices',
    access: 'RO',
    auth: true,
    roles: ['finance', 'partner'],
    summary: 'List issued invoices and credit notes in number order (a partner sees only its own)',
    query: s.InvoiceQuery,
    success: { status: 200, schema: s.Page(s.Invoice) },
  }),
  'GET /v1/boards/{boardId}/invoices/{invoiceId}': route({
    fn: 'invoices',
    access: 'RO',
    auth: true,
    roles: ['finance', 'partner'],
    summary: 'Read an invoice as JSON, or as PDF with Accept: application/pdf (a partner reads only its own)',
    success: { status: 200, schema: s.Invoice },
  }),
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Record a payment against an issued invoice',
    body: s.PaymentInput,
    success: { status: 201, schema: s.Invoice },
  }),
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/credit-notes': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Credit an issued invoice in part or whole (no amount: all that is left to credit) by a credit note of the CN series that references it; it settles the unpaid balance first, the rest is credit on account',
    body: s.CreditNoteInput,
    success: { status: 201, schema: s.Invoice },
  }),

  // ------------------------------------------------------------ receivables (DESIGN 10.1)
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/allocations': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: "Apply credit on account from a credit note of the same partner to this invoice's unpaid balance",
    body: s.AllocationInput,
    success: { status: 201, schema: s.Invoice },
  }),
  // DESIGN names this `.../invoices/{creditNoteId}/refunds`; API Gateway allows one variable name per path level, so it is {invoiceId} here, naming a credit note.
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/refunds': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: "Pay back credit on account: a refund out of a credit note (the path's id is the credit note's)",
    body: s.RefundInput,
    success: { status: 201, schema: s.Invoice },
  }),
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/payments/{paymentId}/reversal': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Reverse a payment recorded in error: it stays, marked reversed, and the invoice owes it again',
    body: s.PaymentReversalInput,
    success: { status: 201, schema: s.Invoice },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/invoices': route({
    fn: 'payments',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Raise an invoice by hand: a replacement after a credit note (`replaces`, same partner and year) or a charge agreed outside the year end',
    body: s.ManualInvoiceInput,
    metric: 'InvoicesIssued',
    success: { status: 201, schema: s.Invoice },
  }),
  'GET /v1/boards/{boardId}/partners/{partnerId}/statement': route({
    fn: 'receivables',
    access: 'RO',
    auth: true,
    roles: ['finance', 'partner'],
    summary:
      "A partner's statement for a period (default: the financial year to date): opening balance, every movement with the running balance, closing balance; CSV and PDF by Accept (a partner reads its own only)",
    query: s.StatementQuery,
    success: { status: 200, schema: s.Statement },
  }),
  'GET /v1/boards/{boardId}/aged-debt': route({
    fn: 'receivables',
    access: 'RO',
    auth: true,
    roles: FIN,
    summary: "Each partner's balance as of a date (default today) by days past due: current, 1-30, 31-60, 61-90, 90+ (CSV by Accept)",
    query: s.AgedDebtQuery,
    success: { status: 200, schema: s.AgedDebt },
  }),

  // ------------------------------------------------------------ delivery by email (DESIGN 10.5, issue 17)
  'POST /v1/boards/{boardId}/invoices/{invoiceId}/deliveries': route({
    fn: 'delivery',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      "Email an issued invoice or credit note again to its partner's billing email (the board's remittance address in copy): 202 with the delivery queued, which the sender sends within minutes; 409 when delivery is off for the partner",
    success: { status: 202, schema: s.Delivery },
  }),
  'POST /v1/boards/{boardId}/partners/{partnerId}/statement/deliveries': route({
    fn: 'delivery',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      "Email a partner its statement for a period (default: the financial year to date) with the PDF attached, to its billing email (the board's remittance address in copy): 202 with the delivery queued; 409 when delivery is off for the partner",
    body: s.StatementDeliveryInput,
    success: { status: 202, schema: s.Delivery },
  }),
  'GET /v1/boards/{boardId}/partners/{partnerId}/statement/deliveries': route({
    fn: 'delivery',
    access: 'RO',
    auth: true,
    roles: ['finance', 'partner'],
    summary: 'The statements emailed to a partner, oldest first, with how each went (a partner reads its own only)',
    success: { status: 200, schema: s.Page(s.Delivery) },
  }),

  'GET /v1/boards/{boardId}/years/{yearId}/forecast': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD_PARTNER,
    summary:
      'Forecast outturn as of a date (default: the end of the latest month with expenditure), per category and for each partner, priced by the engine (a partner reads the year totals and its own line)',
    query: s.ForecastQuery,
    success: { status: 200, schema: s.ForecastForCaller },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/budget-vs-actual': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Budget against actual by category (CSV on Accept: text/csv)',
    success: { status: 200, schema: s.BudgetVsActual },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/expenditure-breakdown': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "Expenditure by category with each one's share (the annual report's Figure 7)",
    success: { status: 200, schema: s.Breakdown },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/income': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "Income by partner with each one's share (the annual report's Figure 5)",
    success: { status: 200, schema: s.Income },
  }),
  'GET /v1/boards/{boardId}/contributions': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: ['finance', 'board', 'partner'],
    summary: 'Contributions across years: budget set, baseline and additional per partner (Figure 6); a partner sees its own',
    query: s.ContributionsQuery,
    success: { status: 200, schema: s.Contributions },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/reconciliation': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "Every inconsistency in the year's figures, with the amounts compared",
    success: { status: 200, schema: s.Reconciliation },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/annual-report': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary:
      "The finance section of the year's annual report: budget set, income by partner (Figure 5), contributions across years (Figure 6), expenditure by category (Figure 7), SAR costs and the recharge explained; as a PDF with Accept: application/pdf",
    success: { status: 200, schema: s.AnnualReport },
  }),
  'GET /v1/boards/{boardId}/sar-costs': route({
    fn: 'reports',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'SAR costs per case and year',
    success: { status: 200, schema: s.SarCosts },
  }),

  'GET /v1/boards/{boardId}/audit': route({
    fn: 'audit',
    access: 'RO',
    auth: true,
    roles: ADMIN_FIN,
    summary:
      'The audit trail: who changed what (before and after), when, in which request; one month at a time (default: this month); only the records of items the caller may read directly (a page may be short before the end: follow nextCursor)',
    query: s.AuditQuery,
    success: { status: 200, schema: s.Page(s.AuditRecord) },
  }),

  'PUT /v1/boards/{boardId}/sars/{sarId}': route({
    fn: 'sars',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Create or update a SAR case',
    body: s.SarInput,
    success: { status: 200, schema: s.SarCase },
  }),
  'GET /v1/boards/{boardId}/sars/{sarId}': route({
    fn: 'sars',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read a SAR case with its costs',
    success: { status: 200, schema: s.SarCase },
  }),
  'GET /v1/boards/{boardId}/sars': route({
    fn: 'sars',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'List SAR cases with their costs',
    query: s.ListQuery,
    success: { status: 200, schema: s.Page(s.SarCase) },
  }),

  // ------------------------------------------------------------ other income (DESIGN 10.3)
  'POST /v1/boards/{boardId}/years/{yearId}/other-income': route({
    fn: 'income',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Record other income (immutable) in an open year: a grant, fees or other cash (netted from the outturn), or a contribution in kind (reported, never invoiced)',
    body: s.OtherIncomeInput,
    success: { status: 201, schema: s.OtherIncome },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/other-income': route({
    fn: 'income',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: "List the year's other income in the order it was recorded, reversals included",
    query: s.ListQuery,
    success: { status: 200, schema: s.Page(s.OtherIncome) },
  }),
  'GET /v1/boards/{boardId}/years/{yearId}/other-income/{incomeId}': route({
    fn: 'income',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'Read one other-income record',
    success: { status: 200, schema: s.OtherIncome },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/other-income/{incomeId}/reversal': route({
    fn: 'income',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary: 'Reverse other income: records an equal and opposite record pointing at the original',
    body: s.ReversalInput,
    success: { status: 201, schema: s.OtherIncome },
  }),

  // ------------------------------------------------------------ the reserve, roll-forward, scenarios (DESIGN 10.3)
  'GET /v1/boards/{boardId}/reserve': route({
    fn: 'planning',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary:
      "The board's reserve per year: opening, carried in (a closed year's underspend carried forward), drawn (fundedFromReserve), closing",
    success: { status: 200, schema: s.Reserve },
  }),
  'POST /v1/boards/{boardId}/years/{yearId}/roll-forward': route({
    fn: 'planning',
    access: 'RW',
    auth: true,
    roles: FIN,
    summary:
      'Make the year a draft from the year before it: its budget lines and agreement, baselines and budgets uplifted and rounded by the agreement; refused onto an existing year',
    body: s.RollForwardInput,
    success: { status: 201, schema: s.RollForward },
  }),
  'POST /v1/boards/{boardId}/scenarios': route({
    fn: 'planning',
    access: 'RW',
    auth: true,
    roles: FIN_BOARD,
    summary: "Price named agreements on past years and the open year's forecast, beside what partners actually paid (writes nothing)",
    body: s.ScenariosInput,
    success: { status: 200, schema: s.Scenarios },
  }),
} as const;

export type Routes = typeof routes;
export type RouteKey = keyof Routes;
export type RoutesOf<F extends Fn> = { [K in RouteKey]: Routes[K]['fn'] extends F ? K : never }[RouteKey];

/** Path parameters and the schema each must satisfy before a handler sees it. */
export const pathParams = {
  boardId: s.Slug,
  partnerId: s.Slug,
  yearId: s.YearId,
  category: s.Slug,
  sarId: s.Slug,
  entryId: s.EntryId,
  invoiceId: s.InvoiceId,
  incomeId: s.IncomeId,
  paymentId: s.PaymentId,
  commitmentId: s.CommitmentId,
} as const;

export function splitKey(key: string): { method: Method; path: string } {
  const [method, path] = key.split(' ') as [Method, string];
  return { method, path };
}
