/**
 * Request schemas of the boards and partners groups: a board with its invoicing details, a
 * partner with its billing details (their email addresses are where documents are sent).
 */
import * as z from 'zod/mini';
import { MAX_REMINDER_DAY, MAX_REMINDER_STEPS, reminderDaysProblems } from '../../domain/delivery.ts';
import { emailProblem } from '../../domain/email.ts';
import { textProblem } from '../../domain/text.ts';
import { Text } from './common.ts';

/**
 * An address mail can be delivered to (shared/domain/email.ts says exactly which): invoices,
 * credit notes, statements and reminders are emailed to it, so an address a mail server would
 * refuse is refused here, when it is saved, with the reason.
 */
export const Email = z.lazy(() =>
  z.string().check(
    z.maxLength(254, 'must be at most 254 characters'),
    z.superRefine<string>((s, ctx) => {
      const problem = textProblem(s) ?? emailProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
    }),
    z.meta({ format: 'email', examples: ['accounts@example.org'] }),
  ),
);

/** UK sort code: six digits, written 123456, 12-34-56 or 12 34 56 (stored as 12-34-56). */
export const SortCode = z.lazy(() => z.string().check(z.regex(/^\d{2}[- ]?\d{2}[- ]?\d{2}$/, 'must be a UK sort code such as 12-34-56')));

/** UK bank account number: eight digits (spaces allowed). */
export const AccountNumber = z.lazy(() => z.string().check(z.regex(/^(?:\d ?){7}\d$/, 'must be a UK account number of eight digits')));

/**
 * UK VAT registration number (HMRC): GB and 9 digits (a branch adds 3 more), or GBGD/GBHA and 3
 * digits for government departments and health authorities; spaces allowed.
 */
export const VatNumber = z.lazy(() =>
  z
    .string()
    .check(
      z.regex(
        /^GB ?(?:\d{3} ?\d{4} ?\d{2}(?: ?\d{3})?|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
        'must be a UK VAT number such as GB 123 4567 89 (or GBGD/GBHA and three digits)',
      ),
    ),
);

export const Phone = z.lazy(() => z.string().check(z.regex(/^\+?[0-9 ()-]{7,25}$/, 'must be a telephone number such as 01582 546000')));

export const BoardInvoicing = z.lazy(() =>
  z.strictObject({
    issuerName: Text(200),
    issuerAddress: Text(500),
    vatNumber: z.optional(VatNumber),
    bank: z.strictObject({ accountName: Text(100), sortCode: SortCode, accountNumber: AccountNumber }),
    remittanceEmail: Email,
    contact: z.strictObject({ name: Text(200), email: Email, phone: Phone }),
    paymentTermsDays: z.int().check(z.minimum(0, 'must be 0 or more days'), z.maximum(365, 'must be at most 365 days')),
    invoiceHost: z.boolean(),
  }),
);

/**
 * The board's overdue reminder steps, in days past the due date: at most five, each a whole
 * number from 1 to 365, strictly increasing; `[]` sends no reminders. Each problem names the
 * element it is about (`body/reminderDays/1`).
 */
export const ReminderDays = z.lazy(() =>
  z.array(z.int()).check(
    z.superRefine<number[]>((days, ctx) => {
      for (const p of reminderDaysProblems(days)) {
        ctx.addIssue({ code: 'custom', message: p.message, input: days, ...(p.index !== undefined ? { path: [p.index] } : {}) });
      }
    }),
    z.meta({
      description: `Overdue reminder steps in days past the due date: at most ${MAX_REMINDER_STEPS}, each 1 to ${MAX_REMINDER_DAY}, strictly increasing; [] for none. Absent: [7, 30].`,
      examples: [[7, 30]],
    }),
  ),
);

export const BoardInput = z.lazy(() =>
  z.strictObject({ name: Text(200), invoicing: z.optional(BoardInvoicing), reminderDays: z.optional(ReminderDays) }),
);

export const PartnerKind = z.lazy(() => z.enum(['statutory', 'other']));

export const Billing = z.lazy(() =>
  z.strictObject({
    address: Text(500),
    contact: Text(200),
    email: Email,
    poNumber: z.optional(Text(64)),
    /** `email` (default): invoices, credit notes, statements and reminders are emailed to `email`; `none`: nothing is sent. */
    delivery: z.optional(z.enum(['email', 'none'])),
  }),
);

export const PartnerInput = z.lazy(() => z.strictObject({ name: Text(200), kind: PartnerKind, billing: Billing }));
