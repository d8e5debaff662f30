/**
 * What the emails say (DESIGN 10.5): a subject, a plain-text body and an HTML body for an
 * invoice, a credit note, a statement and an overdue reminder. Pure: the sender fills the facts
 * in from the document as stored and attaches its PDF.
 *
 * Each says what it is, its number, the amount (`£1,234.56`, a credit `-£1,234.56`), the due
 * date (never on a credit note), how to pay (the issuer's bank details and the number to quote)
 * and whom to ask. Everything interpolated into the HTML is escaped; the HTML carries no
 * scripts, images or links to fetch, only text and a table, so it reads the same in any client.
 */
import { creditApplicationWords, type Issuer } from './documents.ts';
import { formatMoney, formatUkDate } from './format.ts';
import type { CreditApplication } from './invoice.ts';
import type { Money } from './money.ts';

export interface MailFacts {
  readonly kind: 'invoice' | 'credit-note' | 'statement' | 'reminder';
  readonly boardName: string;
  readonly partnerName: string;
  /** `INV-000042`, `CN-000003`; empty for a statement. */
  readonly number: string;
  /**
   * An invoice: its total; a credit note: its (negative) total; a reminder: what is still
   * outstanding; a statement: the closing balance (positive: owed by the partner).
   */
  readonly amount: Money;
  /**
   * An invoice sent again after something settled part or all of it (a payment, a credit): what
   * is still owed, which its PDF shows as the amount due. Absent or equal to `amount`: nothing has.
   */
  readonly outstanding?: Money;
  readonly issueDate?: string;
  /** Invoices and reminders. */
  readonly dueDate?: string;
  /** A credit note: the invoice number it credits. */
  readonly credits?: string;
  readonly reason?: string;
  /**
   * A credit note: what it did when issued, as frozen on it (to the invoice's balance, on
   * account). Absent on notes issued before it was recorded: the general wording.
   */
  readonly application?: CreditApplication;
  /** A reminder: days past the due date. */
  readonly daysOverdue?: number;
  /** A statement: its period. */
  readonly period?: { readonly from: string; readonly to: string };
  /** The legal supplier, when the board has set its invoicing details. */
  readonly issuer?: Issuer;
  /** The attached PDF's file name. */
  readonly attachmentName: string;
}

export interface MailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in HTML element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** A subject or header value on one line (no line breaks can be smuggled into a header). */
const oneLine = (text: string): string => text.replace(/[\r\n\t]+/g, ' ').trim();

interface Paragraphs {
  readonly subject: string;
  readonly greeting: string;
  /** What it is: the first paragraph. */
  readonly lead: string;
  /** Figure rows: label and value. */
  readonly figures: readonly (readonly [string, string])[];
  /** How to pay, or what happens now. */
  readonly action: readonly string[];
}

function howToPay(f: MailFacts, quote: string): string[] {
  const i = f.issuer;
  if (!i) return [`Please quote ${quote} with your payment.`];
  return [
    `Please pay by bank transfer to ${i.bank.accountName}, sort code ${i.bank.sortCode}, account ${i.bank.accountNumber}, quoting ${quote} as the payment reference.`,
    `Please send remittance advice to ${i.remittanceEmail}.`,
  ];
}

function paragraphs(f: MailFacts): Paragraphs {
  const from = f.issuer ? `${f.issuer.name} on behalf of ${f.boardName}` : f.boardName;
  const greeting = `Dear ${f.partnerName} accounts payable team,`;
  const issued = f.issueDate ? formatUkDate(f.issueDate) : undefined;
  const due = f.dueDate ? formatUkDate(f.dueDate) : undefined;
  switch (f.kind) {
    case 'invoice': {
      // The amount due is what the attached PDF says is owed: the total, unless a payment or a
      // credit has settled part of it since it was issued (a copy sent again).
      const owed = f.outstanding ?? f.amount;
      const settledSome = !owed.equals(f.amount);
      const owes = owed.isPositive();
      return {
        subject: `Invoice ${f.number} from ${f.boardName}: ${owes ? `${formatMoney(owed)}${due ? ` due ${due}` : ''}` : `${formatMoney(f.amount)}, settled`}`,
        greeting,
        lead: `Please find attached invoice ${f.number} from ${from}${issued ? `, issued ${issued}` : ''}.`,
        figures: [
          ['Invoice number', f.number],
          ['Amount', formatMoney(f.amount)],
          ...(settledSome ? ([['Amount due', formatMoney(owed)]] as const) : []),
          ...(due && owes ? ([['Due date', due]] as const) : []),
        ],
        action: owes ? howToPay(f, f.number) : ['Nothing is owed on this invoice: this copy is for your records.'],
      };
    }
    case 'credit-note': {
      // What the note did when issued, as its PDF says it: the figures, then the same in words.
      const a = f.application;
      const applied: (readonly [string, string])[] = a
        ? [
            ...(f.credits && !a.toInvoice.isZero() ? ([[`Reduces ${f.credits} by`, formatMoney(a.toInvoice)]] as const) : []),
            ...(f.credits && a.invoiceOutstandingAfter && !a.toInvoice.isZero()
              ? ([[`Now due on ${f.credits}`, formatMoney(a.invoiceOutstandingAfter)]] as const)
              : []),
            ...(a.onAccount.isZero() ? [] : ([['Held on your account', formatMoney(a.onAccount)]] as const)),
          ]
        : [];
      return {
        subject: `Credit note ${f.number} from ${f.boardName}: ${formatMoney(f.amount)}${f.credits ? ` against ${f.credits}` : ''}`,
        greeting,
        lead: `Please find attached credit note ${f.number} from ${from}${issued ? `, issued ${issued}` : ''}${f.credits ? `, crediting invoice ${f.credits}` : ''}.`,
        figures: [
          ['Credit note number', f.number],
          ['Amount', formatMoney(f.amount)],
          ...(f.credits ? ([['Credits invoice', f.credits]] as const) : []),
          ...(f.reason ? ([['Reason', f.reason]] as const) : []),
          ...applied,
        ],
        action: a
          ? [
              creditApplicationWords({ ...(f.credits ? { credits: f.credits } : {}), total: f.amount, application: a }),
              'Nothing is to be paid on a credit note.',
            ]
          : ['Nothing is to be paid on a credit note: it reduces what you owe, or is held as credit on your account.'],
      };
    }
    case 'reminder':
      return {
        subject: `Reminder: invoice ${f.number} from ${f.boardName} is ${f.daysOverdue ?? 0} ${f.daysOverdue === 1 ? 'day' : 'days'} overdue: ${formatMoney(f.amount)} outstanding`,
        greeting,
        lead: `Our records show that invoice ${f.number}${due ? `, due on ${due},` : ''} has not been paid in full. A copy is attached. If you have paid it in the last few days, thank you, and please ignore this reminder.`,
        figures: [
          ['Invoice number', f.number],
          ['Outstanding', formatMoney(f.amount)],
          ...(due ? ([['Due date', due]] as const) : []),
          ['Days overdue', String(f.daysOverdue ?? 0)],
        ],
        action: howToPay(f, f.number),
      };
    case 'statement': {
      const period = f.period ? `${formatUkDate(f.period.from)} to ${formatUkDate(f.period.to)}` : '';
      const owed = f.amount.isNegative() ? `${formatMoney(f.amount.negate())} owed to you` : `${formatMoney(f.amount)} owed by you`;
      return {
        subject: `Statement of account from ${f.boardName}${period ? `, ${period}` : ''}: ${owed}`,
        greeting,
        lead: `Please find attached your statement of account with ${from}${period ? ` for ${period}` : ''}.`,
        figures: [...(period ? ([['Period', period]] as const) : []), ['Closing balance', owed]],
        action: f.amount.isPositive() ? howToPay(f, 'the invoice numbers') : ['Nothing is to be paid.'],
      };
    }
  }
}

function contactLine(f: MailFacts): string | undefined {
  const c = f.issuer?.contact;
  return c ? `Questions: ${c.name}, ${c.email}, ${c.phone}.` : undefined;
}

/** The subject and both bodies of a message about a document. */
export function composeMail(f: MailFacts): MailContent {
  const p = paragraphs(f);
  const contact = contactLine(f);
  const width = Math.max(...p.figures.map(([label]) => label.length));
  const text = [
    p.greeting,
    '',
    p.lead,
    '',
    ...p.figures.map(([label, value]) => `  ${`${label}:`.padEnd(width + 2)}${value}`),
    '',
    ...p.action.flatMap((a) => [a, '']),
    ...(contact ? [contact, ''] : []),
    `Attached: ${f.attachmentName}`,
    '',
    f.boardName,
    '',
  ].join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en-GB"><head><meta charset="utf-8">',
    `<title>${escapeHtml(oneLine(p.subject))}</title></head>`,
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; color: #1a1a1a; line-height: 1.45">',
    `<p>${escapeHtml(p.greeting)}</p>`,
    `<p>${escapeHtml(p.lead)}</p>`,
    '<table role="presentation" style="border-collapse: collapse; margin: 0 0 1em 0">',
    ...p.figures.map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align: left; padding: 2px 16px 2px 0; font-weight: normal; color: #555">${escapeHtml(label)}</th><td style="padding: 2px 0; font-weight: bold">${escapeHtml(value)}</td></tr>`,
    ),
    '</table>',
    ...p.action.map((a) => `<p>${escapeHtml(a)}</p>`),
    ...(contact ? [`<p>${escapeHtml(contact)}</p>`] : []),
    `<p style="color: #555">Attached: ${escapeHtml(f.attachmentName)}</p>`,
    `<p>${escapeHtml(f.boardName)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject: oneLine(p.subject), text, html };
}
