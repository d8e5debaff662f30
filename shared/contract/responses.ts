/**
 * The response schemas: what each route answers, for the OpenAPI document and the tests, which
 * check every answer against them (test/helpers/api.ts). No function builds them: a route names
 * its response schema (`success.schema`, or `success.page` for a list of them), and only the
 * OpenAPI document and the tests look the name up here ({@link responseSchema}).
 */
import * as z from 'zod/mini';
import { IncomeKind } from './schemas/income.ts';
import { Billing, BoardInvoicing, PartnerKind } from './schemas/parties.ts';
import { SarKind, SarStatus } from './schemas/sars.ts';
import { ForecastMethod } from './schemas/years.ts';

/**
 * An amount in an answer: two decimals, sign allowed, and no request limit, because totals a
 * service computes (an outturn, a recharge, a year's SAR costs) may exceed what one request may
 * send (issue 11: limits belong to requests, not to arithmetic). Documents are still bounded by
 * the close (CLOSE.INVOICE_TOO_LARGE).
 */
export const AmountOut = z
  .string()
  .check(
    z.regex(/^-?\d{1,16}\.\d{2}$/, 'must be an amount as a string with two decimals'),
    z.meta({ description: 'Exact decimal amount in pounds, sent as a string', examples: ['81305.00'] }),
  );

const Audit = {
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.optional(z.string()),
  updatedBy: z.optional(z.string()),
};

export const Board = z.object({
  boardId: z.string(),
  name: z.string(),
  invoicing: z.optional(BoardInvoicing),
  /** Absent: the default steps, 7 and 30 days past due. */
  reminderDays: z.optional(z.array(z.int())),
  ...Audit,
});

export const Partner = z.object({
  boardId: z.string(),
  partnerId: z.string(),
  name: z.string(),
  kind: PartnerKind,
  /** Absent for the board role, which reads partners' names only. */
  billing: z.optional(Billing),
  ...Audit,
});

export const YearStatus = z.enum(['draft', 'open', 'closing', 'closed']);

export const Year = z.object({
  boardId: z.string(),
  yearId: z.string(),
  start: z.string(),
  end: z.string(),
  status: YearStatus,
  budgetSet: AmountOut,
  source: z.enum(['ledger', 'history']),
  /** false: the board's invoicing said, as the year opened, not to invoice the host (its share is recorded). */
  hostInvoiced: z.optional(z.boolean()),
  publishedOutturn: z.optional(AmountOut),
  closeRequest: z.optional(
    z.object({
      by: z.string(),
      at: z.string(),
      etag: z.optional(z.string()),
      approvedBy: z.optional(z.string()),
      approvedAt: z.optional(z.string()),
    }),
  ),
  openedAt: z.optional(z.string()),
  closedAt: z.optional(z.string()),
  sealHash: z.optional(z.string()),
  ...Audit,
});

export const BudgetLine = z.object({
  yearId: z.string(),
  category: z.string(),
  name: z.string(),
  /** The revised budget: original + virements. */
  amount: AmountOut,
  /** The budget when the year opened (0.00 for a line added after). */
  original: AmountOut,
  /** Net virements into the line (negative: out of it). */
  virements: AmountOut,
  profile: z.optional(z.array(AmountOut)),
  forecast: z.optional(ForecastMethod),
  ...Audit,
});

export const Entry = z.object({
  yearId: z.string(),
  entryId: z.string(),
  date: z.string(),
  category: z.string(),
  amount: AmountOut,
  supplier: z.string(),
  description: z.string(),
  sarId: z.optional(z.string()),
  reference: z.optional(z.string()),
  reverses: z.optional(z.string()),
  reversedBy: z.optional(z.string()),
  reason: z.optional(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const Commitment = z.object({
  yearId: z.string(),
  commitmentId: z.string(),
  category: z.string(),
  description: z.string(),
  amount: AmountOut,
  dueDate: z.string(),
  supplier: z.optional(z.string()),
  sarId: z.optional(z.string()),
  /** Released or matched so far, and what is left to forecast. */
  released: AmountOut,
  remaining: AmountOut,
  releases: z.array(
    z.object({
      amount: AmountOut,
      entryId: z.optional(z.string()),
      reason: z.string(),
      date: z.string(),
      createdAt: z.string(),
      createdBy: z.string(),
      /** The matched entry has been reversed since: this match no longer counts in `released`. */
      entryReversed: z.optional(z.boolean()),
    }),
  ),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const Virement = z.object({
  yearId: z.string(),
  virementId: z.string(),
  from: z.string(),
  to: z.string(),
  amount: AmountOut,
  reason: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const SarCase = z.object({
  sarId: z.string(),
  title: z.string(),
  kind: SarKind,
  status: SarStatus,
  costs: z.object({ total: AmountOut, entries: z.number(), byYear: z.array(z.object({ yearId: z.string(), total: AmountOut })) }),
  ...Audit,
});

export const History = z.object({
  yearId: z.string(),
  budgetSet: AmountOut,
  outturn: AmountOut,
  contributions: z.array(z.object({ partnerId: z.string(), baseline: AmountOut, additional: AmountOut })),
  ...Audit,
});

const WeightsOut = z.object({ weights: z.record(z.string(), z.string()) });

const SplitOut = z.union([z.string(), WeightsOut]);

export const Agreement = z.object({
  yearId: z.string(),
  basis: z.enum(['full-cost-recovery', 'committal']),
  host: z.string(),
  rounding: z.enum(['penny', 'pound']),
  partners: z.array(z.object({ partnerId: z.string(), baseline: AmountOut, share: z.string(), additionalCap: z.optional(AmountOut) })),
  pools: z.array(z.object({ categories: z.array(z.string()), charge: z.string(), split: SplitOut })),
  variance: z.object({ overspend: SplitOut, underspend: z.union([z.string(), z.object({ refund: WeightsOut })]) }),
  baselineShortfall: z.enum(['host', 'share']),
  fundedFromReserve: z.optional(AmountOut),
  frozen: z.boolean(),
  /** Valid but probably not meant (an in-full pool over a category budgeted inside the budget set). */
  warnings: z.optional(z.array(z.object({ code: z.string(), message: z.string(), path: z.string() }))),
  ...Audit,
});

const RechargeLine = z.object({ rule: z.string(), description: z.string(), amount: AmountOut });

export const Recharge = z.object({
  yearId: z.string(),
  status: z.enum(['preview', 'awaiting-approval', 'closed']),
  basis: z.string(),
  closeRequest: z.optional(
    z.object({
      by: z.string(),
      at: z.string(),
      etag: z.optional(z.string()),
      approvedBy: z.optional(z.string()),
      approvedAt: z.optional(z.string()),
    }),
  ),
  /** The close request's answer: the ETag of these figures, which the approval names in If-Match. */
  etag: z.optional(z.string()),
  outturn: AmountOut,
  budgetSet: AmountOut,
  baselines: AmountOut,
  additional: AmountOut,
  contributions: AmountOut,
  carryForward: AmountOut,
  /** DESIGN 10.3: the draw on the reserve, cash income netted, in-kind income reported (absent from closes before it). */
  drawnFromReserve: z.optional(AmountOut),
  cashIncome: z.optional(AmountOut),
  inKindIncome: z.optional(AmountOut),
  incomeRecords: z.optional(z.number()),
  partners: z.array(
    z.object({ partnerId: z.string(), baseline: AmountOut, additional: AmountOut, total: AmountOut, lines: z.array(RechargeLine) }),
  ),
  steps: z.array(RechargeLine),
  spend: z.array(z.object({ category: z.string(), budget: AmountOut, spent: AmountOut })),
  entries: z.number(),
  computedAt: z.string(),
  sealHash: z.optional(z.string()),
  invoices: z.optional(
    z.array(z.object({ partnerId: z.string(), invoiceId: z.string(), number: z.string(), kind: z.string(), total: AmountOut })),
  ),
});

/** A close that needs another request to finish voiding the year's unused entry numbers (202). */
export const CloseProgress = z.object({
  yearId: z.string(),
  status: z.literal('closing'),
  sweep: z.object({ voided: z.number(), remaining: z.number() }),
  detail: z.string(),
});

export const CloseOutcome = z.union([Recharge, CloseProgress]);

export const OpenedYear = z.object({
  year: Year,
  invoices: z.array(z.object({ invoiceId: z.string(), number: z.string(), partnerId: z.string(), total: AmountOut })),
});

const LineOut = z.object({ rule: z.string(), description: z.string(), amount: AmountOut });

export const Forecast = z.object({
  yearId: z.string(),
  asOf: z.string(),
  monthsElapsed: z.number(),
  status: z.string(),
  budgetSet: AmountOut,
  categories: z.array(
    z.object({
      category: z.string(),
      name: z.string(),
      method: ForecastMethod,
      budget: AmountOut,
      actual: AmountOut,
      commitments: AmountOut,
      rest: AmountOut,
      projected: AmountOut,
      variance: AmountOut,
    }),
  ),
  totals: z.object({
    budget: AmountOut,
    actual: AmountOut,
    commitments: AmountOut,
    rest: AmountOut,
    projected: AmountOut,
    variance: AmountOut,
  }),
  projectedOutturn: AmountOut,
  projectedOverspend: AmountOut,
  recharge: z.nullable(
    z.object({
      basis: z.string(),
      additional: AmountOut,
      partners: z.array(
        z.object({ partnerId: z.string(), baseline: AmountOut, additional: AmountOut, total: AmountOut, lines: z.array(LineOut) }),
      ),
      steps: z.array(LineOut),
    }),
  ),
});

export const BudgetVsActual = z.object({
  yearId: z.string(),
  status: z.string(),
  budgetSet: AmountOut,
  rows: z.array(
    z.object({
      category: z.string(),
      name: z.string(),
      original: AmountOut,
      virements: AmountOut,
      revised: AmountOut,
      /** The revised budget again, under the name it had before budgets were revised. */
      budget: AmountOut,
      actual: AmountOut,
      variance: AmountOut,
      percentUsed: z.nullable(z.string()),
    }),
  ),
  totals: z.object({
    original: AmountOut,
    virements: AmountOut,
    revised: AmountOut,
    budget: AmountOut,
    actual: AmountOut,
    variance: AmountOut,
    percentUsed: z.nullable(z.string()),
  }),
  overBudgetSet: AmountOut,
});

export const Breakdown = z.object({
  yearId: z.string(),
  total: AmountOut,
  rows: z.array(z.object({ category: z.string(), name: z.string(), amount: AmountOut, percent: z.string() })),
});

const ContributionRow = z.object({ partnerId: z.string(), baseline: AmountOut, additional: AmountOut, total: AmountOut });

const Totals3 = z.object({ baseline: AmountOut, additional: AmountOut, total: AmountOut });

export const Contributions = z.object({
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
  years: z.array(
    z.object({
      yearId: z.string(),
      basis: z.string(),
      budgetSet: AmountOut,
      outturn: z.optional(AmountOut),
      partners: z.array(ContributionRow),
      totals: Totals3,
    }),
  ),
});

export const Income = z.object({
  yearId: z.string(),
  basis: z.string(),
  rows: z.array(z.object({ partnerId: z.string(), baseline: AmountOut, additional: AmountOut, total: AmountOut, percent: z.string() })),
  totals: Totals3,
  /** Income besides contributions (DESIGN 10.3): cash is netted from the outturn, in-kind only reported. */
  otherIncome: z.optional(
    z.object({
      cash: AmountOut,
      inKind: AmountOut,
      rows: z.array(z.object({ kind: z.string(), source: z.string(), partnerId: z.optional(z.string()), amount: AmountOut })),
    }),
  ),
});

export const Reconciliation = z.object({
  yearId: z.string(),
  reconciles: z.boolean(),
  issues: z.array(
    z.object({
      code: z.string(),
      severity: z.enum(['error', 'warning', 'info']),
      message: z.string(),
      amounts: z.record(z.string(), AmountOut),
      /** The partner a finding is about, when it is about one. */
      partnerId: z.optional(z.string()),
    }),
  ),
});

export const SarCosts = z.object({
  total: AmountOut,
  cases: z.array(
    z.object({
      sarId: z.string(),
      title: z.string(),
      kind: z.string(),
      status: z.string(),
      total: AmountOut,
      byYear: z.array(z.object({ yearId: z.string(), total: AmountOut })),
    }),
  ),
});

const MoneyFigure = { partner: z.string(), baseline: AmountOut, additional: AmountOut };

export const AnnualReport = z.object({
  yearId: z.string(),
  boardName: z.string(),
  yearLabel: z.string(),
  from: z.string(),
  to: z.string(),
  issueDate: z.string(),
  budgetSet: AmountOut,
  outturn: AmountOut,
  publishedOutturn: z.optional(AmountOut),
  basis: z.string(),
  income: z.object({ rows: z.array(z.object({ ...MoneyFigure, total: AmountOut, percent: z.string() })), total: AmountOut }),
  contributions: z.array(
    z.object({
      yearLabel: z.string(),
      proposed: z.boolean(),
      budgetSet: AmountOut,
      partners: z.array(z.object(MoneyFigure)),
      total: AmountOut,
      publishedTotal: z.optional(AmountOut),
    }),
  ),
  expenditure: z.object({ rows: z.array(z.object({ category: z.string(), amount: AmountOut, percent: z.string() })), total: AmountOut }),
  sarCosts: z.array(z.object({ title: z.string(), kind: z.string(), amount: AmountOut })),
  recharge: z.array(
    z.object({ ...MoneyFigure, total: AmountOut, lines: z.array(z.object({ description: z.string(), amount: AmountOut })) }),
  ),
  notes: z.array(z.string()),
  /** DESIGN 10.3: other income of the year (in kind: never invoiced), and the reserve's movements. */
  otherIncome: z.optional(z.array(z.object({ source: z.string(), kind: z.string(), from: z.optional(z.string()), amount: AmountOut }))),
  reserve: z.optional(z.object({ drawn: AmountOut, carriedForward: AmountOut })),
});

export const AuditRecord = z.object({
  at: z.string(),
  writtenAt: z.string(),
  actor: z.string(),
  requestId: z.string(),
  operationId: z.optional(z.string()),
  action: z.string(),
  entity: z.string(),
  entityKey: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const Page = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });

export const Health = z.object({ status: z.literal('ok'), time: z.string() });

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.optional(z.string()),
  code: z.optional(z.string()),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

const RowProblemOut = z.object({ row: z.number(), field: z.string(), column: z.string(), value: z.string(), problem: z.string() });

export const ImportResult = z.object({
  importId: z.optional(z.string()),
  dryRun: z.boolean(),
  status: z.enum(['valid', 'invalid', 'imported', 'already-imported', 'in-progress']),
  alreadyImported: z.boolean(),
  resumed: z.optional(z.boolean()),
  written: z.optional(z.number()),
  file: z.object({
    format: z.enum(['csv', 'xlsx']),
    sheet: z.optional(z.string()),
    encoding: z.optional(z.string()),
    headerRow: z.number(),
    columns: z.record(z.string(), z.string()),
    ignoredColumns: z.array(z.string()),
  }),
  rows: z.number(),
  entries: z.number(),
  credits: z.number(),
  total: AmountOut,
  firstEntryId: z.optional(z.string()),
  lastEntryId: z.optional(z.string()),
  committedAt: z.optional(z.string()),
  committedBy: z.optional(z.string()),
  problemCount: z.number(),
  problems: z.array(RowProblemOut),
});

export const ImportTemplate = z.object({
  sheet: z.string(),
  limits: z.object({ maxBytes: z.number(), maxRows: z.number() }),
  mediaTypes: z.array(z.string()),
  columns: z.array(
    z.object({
      title: z.string(),
      field: z.string(),
      required: z.boolean(),
      aliases: z.array(z.string()),
      format: z.string(),
      example: z.string(),
    }),
  ),
});

export const OtherIncome = z.object({
  yearId: z.string(),
  incomeId: z.string(),
  date: z.string(),
  source: z.string(),
  kind: IncomeKind,
  amount: AmountOut,
  partnerId: z.optional(z.string()),
  description: z.string(),
  reverses: z.optional(z.string()),
  reversedBy: z.optional(z.string()),
  reason: z.optional(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const Reserve = z.object({
  boardId: z.string(),
  balance: AmountOut,
  years: z.array(
    z.object({ yearId: z.string(), status: z.string(), opening: AmountOut, carriedIn: AmountOut, drawn: AmountOut, closing: AmountOut }),
  ),
});

export const RollForward = z.object({
  year: Year,
  from: z.string(),
  uplift: z.string(),
  budgetLines: z.array(BudgetLine),
  agreement: Agreement,
  notes: z.array(z.string()),
});

const Figures = z.object({ baseline: AmountOut, additional: AmountOut, total: AmountOut });

export const Scenarios = z.object({
  baselines: z.enum(['year', 'agreement']),
  scenarios: z.array(
    z.object({
      name: z.string(),
      years: z.array(
        z.object({
          yearId: z.string(),
          status: z.string(),
          spend: z.object({ basis: z.enum(['published-outturn', 'ledger', 'forecast']), outturn: AmountOut, note: z.string() }),
          actualBasis: z.enum(['published', 'closed', 'projected']),
          budgetSet: AmountOut,
          partners: z.array(
            z.object({
              partnerId: z.string(),
              name: z.string(),
              baseline: AmountOut,
              additional: AmountOut,
              total: AmountOut,
              actual: Figures,
              difference: AmountOut,
            }),
          ),
          totals: z.object({ scenario: Figures, actual: Figures }),
          carryForward: AmountOut,
        }),
      ),
    }),
  ),
});

const OwnLine = z.object({
  partnerId: z.string(),
  baseline: AmountOut,
  additional: AmountOut,
  total: AmountOut,
  lines: z.array(RechargeLine),
});

/** What a partner reads of the recharge: its own line and the year's public totals (DESIGN 10.3, for accruals). */
export const PartnerRecharge = z.object({
  view: z.literal('partner'),
  yearId: z.string(),
  status: z.enum(['preview', 'closed']),
  basis: z.string(),
  outturn: AmountOut,
  budgetSet: AmountOut,
  computedAt: z.string(),
  partners: z.array(OwnLine),
});

export const RechargeForCaller = z.union([Recharge, PartnerRecharge]);

/** What a partner reads of the forecast: the year's totals and its own projected line, no categories or steps. */
export const PartnerForecast = z.object({
  view: z.literal('partner'),
  yearId: z.string(),
  asOf: z.string(),
  monthsElapsed: z.number(),
  status: z.string(),
  budgetSet: AmountOut,
  totals: z.object({
    budget: AmountOut,
    actual: AmountOut,
    commitments: AmountOut,
    rest: AmountOut,
    projected: AmountOut,
    variance: AmountOut,
  }),
  projectedOutturn: AmountOut,
  projectedOverspend: AmountOut,
  recharge: z.nullable(z.object({ basis: z.string(), partners: z.array(OwnLine) })),
});

export const ForecastForCaller = z.union([Forecast, PartnerForecast]);

const IssuerOut = z.object({
  name: z.string(),
  address: z.string(),
  vatNumber: z.optional(z.string()),
  bank: z.object({ accountName: z.string(), sortCode: z.string(), accountNumber: z.string() }),
  remittanceEmail: z.string(),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
  paymentTermsDays: z.number(),
});

const AllocationOut = z.object({
  allocationId: z.string(),
  creditNoteId: z.string(),
  invoiceId: z.string(),
  amount: AmountOut,
  date: z.string(),
  cancelled: z.optional(z.string()),
});

/** One message sent (or to be sent) with a document: to whom, when, how it went. */
export const Delivery = z.object({
  deliveryId: z.string(),
  purpose: z.string(),
  kind: z.enum(['invoice', 'credit-note', 'statement', 'reminder']),
  reminderStep: z.optional(z.number()),
  period: z.optional(z.object({ from: z.string(), to: z.string() })),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  replyTo: z.optional(z.string()),
  status: z.enum(['pending', 'sending', 'retry', 'sent', 'failed', 'bounced', 'cancelled']),
  queuedAt: z.string(),
  queuedBy: z.string(),
  sentAt: z.optional(z.string()),
  messageId: z.optional(z.string()),
  providerMessageId: z.optional(z.string()),
  attempts: z.number(),
  round: z.number(),
  nextAttemptAt: z.optional(z.string()),
  lastError: z.optional(z.string()),
  events: z.array(z.object({ at: z.string(), type: z.string(), round: z.number(), detail: z.optional(z.string()) })),
});

/** An invoice or credit note with its figures (DESIGN 10.1); everything it prints is frozen at issue. */
export const Document = z.object({
  invoiceId: z.string(),
  number: z.string(),
  partnerId: z.string(),
  yearId: z.string(),
  kind: z.enum(['baseline', 'additional', 'credit-note']),
  /** Invoices: issued (open), paid, credited; credit notes: issued (credit left), used (all applied or refunded). */
  status: z.enum(['issued', 'paid', 'credited', 'used']),
  issueDate: z.string(),
  dueDate: z.string(),
  overdue: z.boolean(),
  partnerName: z.string(),
  boardName: z.optional(z.string()),
  issuer: z.optional(IssuerOut),
  billTo: z.object({ name: z.string(), address: z.string(), contact: z.string(), email: z.string(), poNumber: z.optional(z.string()) }),
  lines: z.array(
    z.object({ rule: z.string(), description: z.string(), amount: AmountOut, vatTreatment: z.string(), vatAmount: z.optional(AmountOut) }),
  ),
  total: AmountOut,
  vatTotal: AmountOut,
  paid: AmountOut,
  credited: AmountOut,
  allocated: AmountOut,
  refunded: AmountOut,
  /** Invoices: unpaid; credit notes: credit left on account. */
  outstanding: AmountOut,
  /** Signed like the partner's balance: positive owed by the partner, negative owed to it. */
  balance: AmountOut,
  credits: z.optional(z.string()),
  creditsNumber: z.optional(z.string()),
  reason: z.optional(z.string()),
  /**
   * A credit note: what it did when issued, frozen: `toInvoice` reduced the credited invoice's
   * unpaid balance, leaving it owing `invoiceOutstandingAfter`; `onAccount` was put on the
   * partner's account. The two add up to the credit. Absent on credit notes issued before it
   * was recorded.
   */
  application: z.optional(z.object({ toInvoice: AmountOut, onAccount: AmountOut, invoiceOutstandingAfter: z.optional(AmountOut) })),
  replaces: z.optional(z.string()),
  creditedBy: z.optional(z.string()),
  payments: z.array(
    z.object({
      paymentId: z.string(),
      date: z.string(),
      amount: AmountOut,
      reference: z.optional(z.string()),
      reversal: z.optional(z.object({ date: z.string(), reason: z.string() })),
    }),
  ),
  creditNotes: z.array(z.object({ creditNoteId: z.string(), amount: AmountOut, reason: z.string(), date: z.string() })),
  allocations: z.array(AllocationOut),
  refunds: z.array(z.object({ refundId: z.string(), amount: AmountOut, date: z.string(), reference: z.string() })),
  /** On one document read (not in lists): the messages sent with it (DESIGN 10.5). */
  deliveries: z.optional(z.array(Delivery)),
});

/** Invoices and credit notes as the invoice routes answer them. */
export const Invoice = Document;

export const Statement = z.object({
  partnerId: z.string(),
  from: z.string(),
  to: z.string(),
  openingBalance: AmountOut,
  lines: z.array(
    z.object({ date: z.string(), document: z.string(), description: z.string(), debit: AmountOut, credit: AmountOut, balance: AmountOut }),
  ),
  closingBalance: AmountOut,
});

export const AgedDebt = z.object({
  asOf: z.string(),
  partners: z.array(
    z.object({
      partnerId: z.string(),
      current: AmountOut,
      '1-30': AmountOut,
      '31-60': AmountOut,
      '61-90': AmountOut,
      '90+': AmountOut,
      total: AmountOut,
    }),
  ),
  totals: z.object({ current: AmountOut, '1-30': AmountOut, '31-60': AmountOut, '61-90': AmountOut, '90+': AmountOut, total: AmountOut }),
});
