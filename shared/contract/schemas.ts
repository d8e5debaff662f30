/**
 * Request and response schemas, written with `zod/mini` (it tree-shakes; the classic API
 * adds ~440 KB to every Lambda bundle). These schemas validate every request and generate
 * the OpenAPI document, so the two cannot drift.
 */
import * as z from 'zod/mini';
import { emailProblem } from '../domain/email.ts';
import { isIsoDate, isValidYearId } from '../domain/financial-year.ts';
import { INVOICE_ID_PATTERN, VAT_TREATMENTS } from '../domain/invoice.ts';
import { MONEY_PATTERN, Money } from '../domain/money.ts';
import { ROLES } from '../domain/roles.ts';
import { textProblem } from '../domain/text.ts';

// ---------------------------------------------------------------- primitives

/** Lower-case slug ids: boards, partners, categories, SAR cases. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const Slug = z.string().check(z.regex(SLUG_PATTERN, 'must be a lower-case slug (a-z, 0-9, -), 1-64 characters'));

export const YearId = z
  .string()
  .check(
    z.regex(/^20\d{2}-\d{2}$/, 'must be a financial year such as 2024-25'),
    z.refine(isValidYearId, 'must be two consecutive years, such as 2024-25'),
  );

export const EntryId = z.string().check(z.regex(/^E\d{8}$/, 'must be an entry id such as E00000042'));
export const CommitmentId = z.string().check(z.regex(/^C\d{8}$/, 'must be a commitment id such as C00000007'));

export const IsoDate = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'), z.refine(isIsoDate, 'must be a real calendar date'));

/** Sign of a wire amount, or undefined when it is not one (the pattern check reports that). */
function signOf(text: string): number | undefined {
  try {
    const m = Money.parse(text);
    return m.isZero() ? 0 : m.isNegative() ? -1 : 1;
  } catch {
    return undefined;
  }
}

const amountMessage = 'must be an amount as a string with at most two decimals, such as "1250.00"';
/** Any amount, sign allowed. JSON numbers are refused: they would pass through a float. */
export const Amount = z
  .string()
  .check(
    z.regex(MONEY_PATTERN, amountMessage),
    z.meta({ description: 'Exact decimal amount in pounds, sent as a string', examples: ['81305.00'] }),
  );
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
export const NonNegativeAmount = z.string().check(
  z.regex(MONEY_PATTERN, amountMessage),
  z.refine((s) => (signOf(s) ?? 0) >= 0, 'must not be negative'),
);
export const PositiveAmount = z.string().check(
  z.regex(MONEY_PATTERN, amountMessage),
  z.refine((s) => (signOf(s) ?? 1) > 0, 'must be greater than zero'),
);

/**
 * The check every free-text field makes: valid Unicode (no unpaired surrogate) and nothing XML
 * 1.0 cannot carry (control characters, U+FFFE, U+FFFF), so the text survives JSON, CSV and
 * XLSX alike. One issue on the field, saying which (see shared/domain/text.ts).
 */
const storableText = () =>
  z.superRefine<string>((s, ctx) => {
    const problem = textProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
  });

/** Printable text without control characters, valid Unicode, trimmed length 1..max. */
export const Text = (max: number) =>
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `must be at most ${max} characters`),
    z.refine((s) => s.trim().length > 0, 'must not be blank'),
    storableText(),
  );

/**
 * An address mail can be delivered to (shared/domain/email.ts says exactly which): invoices,
 * credit notes, statements and reminders are emailed to it, so an address a mail server would
 * refuse is refused here, when it is saved, with the reason.
 */
export const Email = z.string().check(
  z.maxLength(254, 'must be at most 254 characters'),
  z.superRefine<string>((s, ctx) => {
    const problem = textProblem(s) ?? emailProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
  }),
  z.meta({ format: 'email', examples: ['accounts@example.org'] }),
);

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

// ---------------------------------------------------------------- request bodies

/** UK sort code: six digits, written 123456, 12-34-56 or 12 34 56 (stored as 12-34-56). */
export const SortCode = z.string().check(z.regex(/^\d{2}[- ]?\d{2}[- ]?\d{2}$/, 'must be a UK sort code such as 12-34-56'));
/** UK bank account number: eight digits (spaces allowed). */
export const AccountNumber = z.string().check(z.regex(/^(?:\d ?){7}\d$/, 'must be a UK account number of eight digits'));
/**
 * UK VAT registration number (HMRC): GB and 9 digits (a branch adds 3 more), or GBGD/GBHA and 3
 * digits for government departments and health authorities; spaces allowed.
 */
export const VatNumber = z
  .string()
  .check(
    z.regex(
      /^GB ?(?:\d{3} ?\d{4} ?\d{2}(?: ?\d{3})?|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
      'must be a UK VAT number such as GB 123 4567 89 (or GBGD/GBHA and three digits)',
    ),
  );
export const Phone = z.string().check(z.regex(/^\+?[0-9 ()-]{7,25}$/, 'must be a telephone number such as 01582 546000'));
export const BoardInvoicing = z.strictObject({
  issuerName: Text(200),
  issuerAddress: Text(500),
  vatNumber: z.optional(VatNumber),
  bank: z.strictObject({ accountName: Text(100), sortCode: SortCode, accountNumber: AccountNumber }),
  remittanceEmail: Email,
  contact: z.strictObject({ name: Text(200), email: Email, phone: Phone }),
  paymentTermsDays: z.int().check(z.minimum(0, 'must be 0 or more days'), z.maximum(365, 'must be at most 365 days')),
  invoiceHost: z.boolean(),
});
export const BoardInput = z.strictObject({ name: Text(200), invoicing: z.optional(BoardInvoicing) });

export const PartnerKind = z.enum(['statutory', 'other']);
export const Billing = z.strictObject({
  address: Text(500),
  contact: Text(200),
  email: Email,
  poNumber: z.optional(Text(64)),
  /** `email` (default): invoices, credit notes, statements and reminders are emailed to `email`; `none`: nothing is sent. */
  delivery: z.optional(z.enum(['email', 'none'])),
});
export const PartnerInput = z.strictObject({ name: Text(200), kind: PartnerKind, billing: Billing });

export const YearInput = z.strictObject({
  budgetSet: NonNegativeAmount,
  /** The outturn an annual report printed, when it is known to differ from the ledger (reconciliation says so). */
  publishedOutturn: z.optional(NonNegativeAmount),
});
export const ForecastMethod = z.enum(['run-rate', 'profile', 'commitments']);

export const BudgetLineInput = z.strictObject({
  name: Text(200),
  amount: NonNegativeAmount,
  profile: z.optional(z.array(NonNegativeAmount).check(z.length(12, 'must have 12 monthly amounts, April to March'))),
  forecast: z.optional(ForecastMethod),
});

export const SarKind = z.enum(['sar', 'rapid-review', 'dhr', 'cspr']);
export const SarStatus = z.enum(['referred', 'in-progress', 'completed', 'published', 'closed']);
export const SarInput = z.strictObject({ title: Text(300), kind: SarKind, status: SarStatus });

export const ExpenditureInput = z.strictObject({
  date: IsoDate,
  category: Slug,
  amount: PositiveAmount,
  supplier: Text(200),
  description: Text(500),
  sarId: z.optional(Slug),
  reference: z.optional(Text(100)),
  /** Record it even though an earlier entry of the year has the same supplier reference (409 otherwise). */
  allowDuplicateReference: z.optional(z.boolean()),
});

export const ReversalInput = z.strictObject({ reason: Text(500) });

export const CommitmentInput = z.strictObject({
  category: Slug,
  description: Text(500),
  amount: PositiveAmount,
  dueDate: IsoDate,
  supplier: z.optional(Text(200)),
  sarId: z.optional(Slug),
});

/** Budget moved between two lines of an open year, with its reason. */
export const VirementInput = z.strictObject({ from: Slug, to: Slug, amount: PositiveAmount, reason: Text(500) });

/** Part or all of a commitment released (no amount: all that is left), or matched to the entry that paid it. */
export const CommitmentReleaseInput = z.strictObject({
  amount: z.optional(PositiveAmount),
  entryId: z.optional(EntryId),
  reason: Text(500),
});

export const HistoryInput = z.strictObject({
  budgetSet: NonNegativeAmount,
  outturn: NonNegativeAmount,
  contributions: z
    .array(z.strictObject({ partnerId: Slug, baseline: NonNegativeAmount, additional: Amount }))
    .check(z.minLength(1, 'must list at least one partner'), z.maxLength(50, 'must list at most 50 partners')),
});

export const TokenRequest = z.strictObject({
  sub: Text(128),
  roles: z.array(Role).check(z.minLength(1, 'must name at least one role'), z.maxLength(4)),
  boardId: Slug,
  partnerId: z.optional(Slug),
});

const NamedSplit = z.enum(['equal', 'share', 'baseline', 'host']);
/**
 * Weights by partner id (DESIGN 10.3): each a positive decimal as a string, such as "45". The
 * values are checked by the agreement's own validation, which names each offending weight.
 */
const Weights = z
  .record(Slug, z.string().check(z.maxLength(40, 'must be a decimal such as "45"')))
  .check(z.refine((w) => Object.keys(w).length <= 50, 'must name at most 50 partners'));
const WeightedSplit = z.strictObject({ weights: Weights });
const splitMessage = 'must be "equal", "share", "baseline", "host", or { "weights": { "<partnerId>": "45", ... } }';
const Split = z.union([NamedSplit, WeightedSplit], { error: splitMessage });
const Underspend = z.union(
  [z.enum(['refund-share', 'refund-baseline', 'host', 'carry-forward']), z.strictObject({ refund: WeightedSplit })],
  {
    error: 'must be "refund-share", "refund-baseline", "host", "carry-forward", or { "refund": { "weights": { ... } } }',
  },
);
/** A share of the costs: a decimal fraction such as "0.4" (at most six decimals; all add up to exactly 1). */
export const Share = z
  .string()
  .check(
    z.regex(/^(?:0(?:\.\d{1,6})?|1(?:\.0{1,6})?)$/, 'must be a decimal fraction from 0 to 1 with at most six decimals, such as "0.4"'),
    z.meta({ examples: ['0.4'] }),
  );
export const AgreementInput = z.strictObject({
  basis: z.enum(['full-cost-recovery', 'committal']),
  host: Slug,
  rounding: z.optional(z.enum(['penny', 'pound'])),
  partners: z
    .array(z.strictObject({ partnerId: Slug, baseline: NonNegativeAmount, share: Share, additionalCap: z.optional(NonNegativeAmount) }))
    .check(z.minLength(1, 'must list at least one partner'), z.maxLength(50, 'must list at most 50 partners')),
  pools: z.optional(
    z
      .array(
        z.strictObject({
          categories: z.array(Slug).check(z.minLength(1, 'must list at least one category'), z.maxLength(50)),
          charge: z.enum(['in-full', 'over-budget']),
          split: Split,
        }),
      )
      .check(z.maxLength(20, 'must list at most 20 pools')),
  ),
  variance: z.optional(z.strictObject({ overspend: Split, underspend: Underspend })),
  baselineShortfall: z.optional(z.enum(['host', 'share'])),
  /** Drawn from the board's reserve towards the budget set (DESIGN 10.3). */
  fundedFromReserve: z.optional(NonNegativeAmount),
});

export const PaymentInput = z.strictObject({ date: IsoDate, amount: PositiveAmount, reference: z.optional(Text(100)) });
/** No amount: all that is left to credit on the invoice. */
export const CreditNoteInput = z.strictObject({ amount: z.optional(PositiveAmount), reason: Text(500) });

// ---------------------------------------------------------------- query strings

const Limit = z.string().check(
  z.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 200'),
  z.refine((s) => Number(s) >= 1 && Number(s) <= 200, 'must be a whole number from 1 to 200'),
);
const Cursor = z.string().check(z.maxLength(512, 'is not a cursor this service issued'));
export const ListQuery = z.strictObject({ limit: z.optional(Limit), cursor: z.optional(Cursor) });
export const ExpenditureQuery = z.strictObject({
  limit: z.optional(Limit),
  cursor: z.optional(Cursor),
  category: z.optional(Slug),
});

export const ForecastQuery = z.strictObject({ asOf: z.optional(IsoDate) });
export const ContributionsQuery = z.strictObject({ from: z.optional(YearId), to: z.optional(YearId) });

export const AuditQuery = z.strictObject({
  month: z.optional(z.string().check(z.regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM'))),
  limit: z.optional(Limit),
  cursor: z.optional(Cursor),
});

export const InvoiceQuery = z.strictObject({
  limit: z.optional(Limit),
  cursor: z.optional(Cursor),
  yearId: z.optional(YearId),
  partnerId: z.optional(Slug),
  status: z.optional(z.enum(['issued', 'paid', 'credited'])),
});

/** Every document id the service makes (invoices and credit notes), whatever its number: the domain's own pattern. */
export const InvoiceId = z
  .string()
  .check(
    z.maxLength(120, 'must be an invoice id such as 2024-25-baseline-blmk-icb'),
    z.regex(INVOICE_ID_PATTERN, 'must be an invoice id such as 2024-25-baseline-blmk-icb or 2025-26-cn-0123456789ab-blmk-icb'),
  );

// ---------------------------------------------------------------- responses (documentation and fuzz checks)

const Audit = {
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.optional(z.string()),
  updatedBy: z.optional(z.string()),
};
export const Board = z.object({ boardId: z.string(), name: z.string(), invoicing: z.optional(BoardInvoicing), ...Audit });
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
    percentUsed: z.string(),
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

// ---------------------------------------------------------------- bulk import of expenditure

export const ImportQuery = z.strictObject({
  dryRun: z.optional(z.enum(['true', 'false'])),
  /** Import rows whose supplier reference an earlier entry (or row) already has. */
  allowDuplicateReferences: z.optional(z.enum(['true', 'false'])),
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

// ---------------------------------------------------------------- agreements, other income, the reserve, roll-forward, scenarios (DESIGN 10.3)

export const IncomeId = z.string().check(z.regex(/^I\d{8}$/, 'must be an income id such as I00000007'));
export const IncomeKind = z.enum(['grant', 'fees', 'in-kind', 'other']);
export const OtherIncomeInput = z.strictObject({
  date: IsoDate,
  source: Text(200),
  kind: IncomeKind,
  amount: PositiveAmount,
  partnerId: z.optional(Slug),
  description: Text(500),
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

/** A fraction by which baselines and budgets grow: "0.025" is 2.5%; from -0.5 (a cut by half) to 1 (doubled). */
export const Uplift = z.string().check(
  z.regex(/^-?\d(?:\.\d{1,6})?$/, 'must be a decimal fraction as a string, such as "0.025" for 2.5%'),
  z.refine((u) => !/^-?\d(?:\.\d{1,6})?$/.test(u) || (Number(u) >= -0.5 && Number(u) <= 1), 'must be from -0.5 to 1'),
  z.meta({ examples: ['0.025'] }),
);
export const RollForwardInput = z.strictObject({ from: YearId, uplift: Uplift });
export const RollForward = z.object({
  year: Year,
  from: z.string(),
  uplift: z.string(),
  budgetLines: z.array(BudgetLine),
  agreement: Agreement,
  notes: z.array(z.string()),
});

export const ScenariosInput = z.strictObject({
  agreements: z
    .array(z.strictObject({ name: Text(100), agreement: AgreementInput }))
    .check(z.minLength(1, 'must name at least one agreement'), z.maxLength(5, 'must name at most 5 agreements')),
  years: z.array(YearId).check(z.minLength(1, 'must name at least one year'), z.maxLength(10, 'must name at most 10 years')),
  /**
   * `year` (the default): each year keeps the baselines and reserve draw it actually had, and the
   * named agreement's rules price the rest; `agreement`: the named agreement's own baselines and draw.
   */
  baselines: z.optional(z.enum(['year', 'agreement'])),
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
// ---------------------------------------------------------------- receivables (DESIGN 10.1)

/** A payment's id as the invoice lists it (`pay-0123456789ab`; first-release payments carry their request's id). */
export const PaymentId = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'must be a payment id as the invoice lists it'));

export const AllocationInput = z.strictObject({ creditNoteId: InvoiceId, amount: PositiveAmount });
export const RefundInput = z.strictObject({ amount: PositiveAmount, date: IsoDate, reference: Text(100) });
export const PaymentReversalInput = z.strictObject({ reason: Text(500) });
export const VatTreatmentName = z.enum(VAT_TREATMENTS);
export const ManualInvoiceInput = z.strictObject({
  partnerId: Slug,
  lines: z
    .array(
      z.strictObject({
        description: Text(500),
        amount: PositiveAmount,
        /** The line's VAT treatment; a standard-rated line also gives `vatAmount` (the rate is never assumed). */
        vat: VatTreatmentName,
        vatAmount: z.optional(NonNegativeAmount),
      }),
    )
    .check(z.minLength(1, 'must have at least one line'), z.maxLength(50, 'must have at most 50 lines')),
  replaces: z.optional(InvoiceId),
});

export const StatementQuery = z.strictObject({ from: z.optional(IsoDate), to: z.optional(IsoDate) });
export const AgedDebtQuery = z.strictObject({ asOf: z.optional(IsoDate) });

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

// ---------------------------------------------------------------- delivery by email (DESIGN 10.5)

/** A statement to email: its period (`from` defaults to the start of the financial year `to` is in; `to` to today). */
export const StatementDeliveryInput = z.strictObject({ from: z.optional(IsoDate), to: z.optional(IsoDate) });

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
  status: z.enum(['issued', 'paid', 'credited']),
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
