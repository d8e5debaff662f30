/**
 * The Luton SAB demo data. Figures from the 2024/25 annual report (Figure 6 and the
 * "Board budgets 2024/2025" section) are used as published; where the report gives no
 * figure (the independent chair, business support, communications, other costs, the split
 * of SAR spend between cases, every 2025-26 entry) the values are illustrative and say so.
 */
import type { AgreementBody } from '../../shared/application/agreement.ts';

export const BOARD = {
  boardId: 'luton-sab',
  name: 'Luton Safeguarding Adults Board',
  // The host council invoices for the board. Address as published; VAT number, bank details and
  // contact are illustrative (the report gives none).
  invoicing: {
    issuerName: 'Luton Borough Council',
    issuerAddress: 'Town Hall, George Street, Luton, LU1 2BQ',
    vatNumber: 'GB999999973',
    bank: { accountName: 'Luton Borough Council', sortCode: '40-00-00', accountNumber: '12345678' },
    remittanceEmail: 'remittances@luton.example',
    contact: { name: 'LSAB Business Unit (illustrative)', email: 'lsab@luton.example', phone: '01582 546000' },
    paymentTermsDays: 30,
    invoiceHost: true,
  },
};

export const PARTNERS = [
  {
    partnerId: 'blmk-icb',
    name: 'Bedfordshire, Luton and Milton Keynes Integrated Care Board',
    kind: 'statutory' as const,
    billing: {
      address: 'Capability House, Wrest Park, Silsoe, Bedford MK45 4HR (illustrative)',
      contact: 'Head of Safeguarding Finance (illustrative)',
      email: 'finance@blmk-icb.example',
      poNumber: 'ICB-PO-0001',
    },
  },
  {
    partnerId: 'beds-police',
    name: 'Bedfordshire Police',
    kind: 'statutory' as const,
    billing: {
      address: 'Police Headquarters, Woburn Road, Kempston, Bedford MK43 9AX (illustrative)',
      contact: 'Accounts Payable (illustrative)',
      email: 'accounts@beds-police.example',
      poNumber: 'BP-PO-0001',
    },
  },
  {
    partnerId: 'luton-council',
    name: 'Luton Borough Council',
    kind: 'statutory' as const,
    billing: {
      address: 'Town Hall, George Street, Luton LU1 2BQ (illustrative)',
      contact: 'Adult Social Care Finance (illustrative)',
      email: 'asc.finance@luton-council.example',
      poNumber: 'LBC-PO-0001',
    },
  },
];

export const CATEGORIES: Record<string, string> = {
  staffing: 'Staffing (business unit)',
  'independent-chair': 'Independent chair',
  sar: 'Safeguarding adults reviews',
  training: 'Training and development',
  'business-support': 'Business support',
  communications: 'Communications',
  other: 'Other running costs',
};

export const SARS = [
  { sarId: 'family-t', title: 'Family T integrated CSPR/SAR (Sept 2024)', kind: 'cspr' as const, status: 'published' as const },
  { sarId: 'adult-anna', title: 'Adult ANNA integrated SAR/DHR (Sept 2023)', kind: 'dhr' as const, status: 'published' as const },
  { sarId: 'adult-keira', title: 'Adult Keira SAR', kind: 'sar' as const, status: 'completed' as const },
  { sarId: 'adult-c', title: 'Adult C SAR', kind: 'sar' as const, status: 'completed' as const },
  { sarId: 'self-neglect-thematic', title: 'Self-neglect thematic SAR', kind: 'sar' as const, status: 'published' as const },
  { sarId: 'rr-2024-01', title: 'Rapid review 2024/25 no. 1', kind: 'rapid-review' as const, status: 'completed' as const },
  {
    sarId: 'rr-2024-02',
    title: 'Rapid review 2024/25 no. 2 (progressed to SAR)',
    kind: 'rapid-review' as const,
    status: 'completed' as const,
  },
];

/** Figure 6 as published, inconsistencies included (2023-24's rows add to 238,810, not 240,800). */
export const HISTORY = [
  {
    yearId: '2022-23',
    budgetSet: '182424.00',
    outturn: '257918.00',
    contributions: [
      { partnerId: 'blmk-icb', baseline: '72984.00', additional: '21812.00' },
      { partnerId: 'beds-police', baseline: '18240.00', additional: '5451.00' },
      { partnerId: 'luton-council', baseline: '91200.00', additional: '48231.00' },
    ],
  },
  {
    yearId: '2023-24',
    budgetSet: '197900.00',
    outturn: '240800.00',
    contributions: [
      { partnerId: 'blmk-icb', baseline: '75305.00', additional: '13713.00' },
      { partnerId: 'beds-police', baseline: '19790.00', additional: '3428.00' },
      { partnerId: 'luton-council', baseline: '98950.00', additional: '27624.00' },
    ],
  },
];

export interface SeedLine {
  category: string;
  amount: string;
  profile?: string[];
}
export interface SeedEntry {
  date: string;
  category: string;
  amount: string;
  supplier: string;
  description: string;
  sarId?: string;
}
export interface SeedCommitment {
  category: string;
  description: string;
  amount: string;
  dueDate: string;
  supplier?: string;
  sarId?: string;
}
/** A virement of the year (budget moved between two of its lines once it is open). */
export interface SeedVirement {
  from: string;
  to: string;
  amount: string;
  reason: string;
}
/** A release of a seeded commitment (by description): in part, or matched to a seeded entry (by description). */
export interface SeedRelease {
  commitment: string;
  amount: string;
  reason: string;
  /** The description of the entry that paid it: a match. */
  paidBy?: string;
}
export interface SeedLedgerYear {
  yearId: string;
  budgetSet: string;
  /** What the annual report printed as the year's total, where it differs from the ledger. */
  publishedOutturn?: string;
  agreement: AgreementBody;
  /** Close the year through the engine once its entries are in. */
  close: boolean;
  /** The day the year was opened: its baseline invoices are dated then. */
  openedOn: string;
  /** The day the close was asked for and approved: its year-end invoices are dated then. */
  closedOn?: string;
  lines: SeedLine[];
  entries: SeedEntry[];
  commitments: SeedCommitment[];
  /** Other income (DESIGN 10.3): grants, fees, other cash, or contributions in kind. */
  income?: SeedIncome[];
  virements?: SeedVirement[];
  releases?: SeedRelease[];
}

export interface SeedIncome {
  date: string;
  source: string;
  kind: 'grant' | 'fees' | 'in-kind' | 'other';
  amount: string;
  partnerId?: string;
  description: string;
}

const MONTHS_2024 = [
  '2024-04',
  '2024-05',
  '2024-06',
  '2024-07',
  '2024-08',
  '2024-09',
  '2024-10',
  '2024-11',
  '2024-12',
  '2025-01',
  '2025-02',
  '2025-03',
];
const MONTHS_2025 = [
  '2025-04',
  '2025-05',
  '2025-06',
  '2025-07',
  '2025-08',
  '2025-09',
  '2025-10',
  '2025-11',
  '2025-12',
  '2026-01',
  '2026-02',
  '2026-03',
];

function monthly(months: string[], day: string, category: string, amounts: string[], supplier: string, what: string): SeedEntry[] {
  return amounts.map((amount, i) => ({ date: `${months[i]}-${day}`, category, amount, supplier, description: `${what}, ${months[i]}` }));
}

/**
 * 2024-25: outturn 279,900.00. Staffing 218,300, SARs 12,000 and training 3,000 are the
 * report's; the chair, business support, communications and other figures are illustrative
 * and chosen so that the year adds up to the report's outturn.
 */
export const YEAR_2024_25: SeedLedgerYear = {
  yearId: '2024-25',
  budgetSet: '203500.00',
  // The report's Figure 6 prints 279,700 as the total although its rows add up to 279,900.
  publishedOutturn: '279700.00',
  // DESIGN section 2: the rules that reproduce the report's additional contributions.
  agreement: {
    basis: 'full-cost-recovery',
    host: 'luton-council',
    rounding: 'penny',
    partners: [
      { partnerId: 'blmk-icb', baseline: '81305.00', share: '0.4' },
      { partnerId: 'beds-police', baseline: '20390.00', share: '0.1' },
      { partnerId: 'luton-council', baseline: '101591.00', share: '0.5' },
    ],
    pools: [{ categories: ['sar'], charge: 'in-full', split: 'equal' }],
    variance: { overspend: 'share', underspend: 'refund-share' },
    baselineShortfall: 'host',
  },
  close: true,
  openedOn: '2024-04-01',
  closedOn: '2025-05-30',
  lines: [
    { category: 'staffing', amount: '160000.00' },
    { category: 'independent-chair', amount: '24000.00' },
    { category: 'sar', amount: '0.00' },
    { category: 'training', amount: '5000.00' },
    { category: 'business-support', amount: '7500.00' },
    { category: 'communications', amount: '3000.00' },
    { category: 'other', amount: '4000.00' },
  ],
  entries: [
    ...monthly(
      MONTHS_2024,
      '28',
      'staffing',
      [...Array(11).fill('18191.67'), '18191.63'],
      'Luton Borough Council payroll',
      'Business unit salaries and agency cover',
    ),
    ...monthly(
      MONTHS_2024,
      '25',
      'independent-chair',
      Array(12).fill('2000.00'),
      'Independent Chair (illustrative)',
      'Independent chair fee (illustrative)',
    ),
    {
      date: '2024-06-14',
      category: 'sar',
      amount: '4500.00',
      supplier: 'Independent reviewer (illustrative)',
      description: 'Family T review: reviewer fee (illustrative split)',
      sarId: 'family-t',
    },
    {
      date: '2024-08-09',
      category: 'sar',
      amount: '3000.00',
      supplier: 'Independent reviewer (illustrative)',
      description: 'Self-neglect thematic SAR: author fee (illustrative split)',
      sarId: 'self-neglect-thematic',
    },
    {
      date: '2024-10-18',
      category: 'sar',
      amount: '2500.00',
      supplier: 'Panel and legal costs (illustrative)',
      description: 'Adult Keira SAR: panel and legal (illustrative split)',
      sarId: 'adult-keira',
    },
    {
      date: '2024-11-22',
      category: 'sar',
      amount: '1000.00',
      supplier: 'Independent reviewer (illustrative)',
      description: 'Rapid review 1 (illustrative split)',
      sarId: 'rr-2024-01',
    },
    {
      date: '2025-02-07',
      category: 'sar',
      amount: '1000.00',
      supplier: 'Independent reviewer (illustrative)',
      description: 'Rapid review 2 (illustrative split)',
      sarId: 'rr-2024-02',
    },
    {
      date: '2024-09-12',
      category: 'training',
      amount: '1000.00',
      supplier: 'Training provider (illustrative)',
      description: 'Multi-agency safeguarding training',
    },
    {
      date: '2024-12-05',
      category: 'training',
      amount: '1000.00',
      supplier: 'Training provider (illustrative)',
      description: 'See the Signs webinars',
    },
    {
      date: '2025-03-13',
      category: 'training',
      amount: '1000.00',
      supplier: 'Training provider (illustrative)',
      description: 'Learning from SARs development day',
    },
    ...monthly(
      MONTHS_2024,
      '20',
      'business-support',
      Array(12).fill('800.00'),
      'Business support (illustrative)',
      'Business support (illustrative)',
    ),
    ...['2024-06-03', '2024-09-02', '2024-12-02', '2025-03-03'].map((date) => ({
      date,
      category: 'communications',
      amount: '1050.00',
      supplier: 'Communications (illustrative)',
      description: 'Website and awareness materials (illustrative)',
    })),
    ...monthly(
      MONTHS_2024.slice(0, 11),
      '15',
      'other',
      Array(11).fill('800.00'),
      'Various (illustrative)',
      'Other running costs (illustrative)',
    ),
  ],
  commitments: [],
};

/** 2025-26: the committal budget of 282,800.00 with illustrative April-September entries. */
export const YEAR_2025_26: SeedLedgerYear = {
  yearId: '2025-26',
  budgetSet: '282800.00',
  // A "full committal cost recovery budget": contributions fixed at the baselines, variance to the host.
  // The shares are illustrative (the report gives only the baselines).
  agreement: {
    basis: 'committal',
    host: 'luton-council',
    rounding: 'penny',
    partners: [
      { partnerId: 'blmk-icb', baseline: '113350.00', share: '0.4' },
      { partnerId: 'beds-police', baseline: '28300.00', share: '0.1' },
      { partnerId: 'luton-council', baseline: '141150.00', share: '0.5' },
    ],
    pools: [{ categories: ['sar'], charge: 'over-budget', split: 'equal' }],
    variance: { overspend: 'host', underspend: 'host' },
    baselineShortfall: 'host',
  },
  close: false,
  openedOn: '2025-04-01',
  lines: [
    { category: 'staffing', amount: '225000.00', profile: Array(12).fill('18750.00') },
    { category: 'independent-chair', amount: '24000.00', profile: Array(12).fill('2000.00') },
    { category: 'sar', amount: '15000.00' },
    { category: 'training', amount: '6000.00' },
    { category: 'business-support', amount: '6800.00' },
    { category: 'communications', amount: '3000.00' },
    { category: 'other', amount: '3000.00' },
  ],
  entries: [
    ...monthly(
      MONTHS_2025.slice(0, 6),
      '28',
      'staffing',
      ['18750.00', '18750.00', '19240.00', '19240.00', '19240.00', '19240.00'],
      'Luton Borough Council payroll',
      'Business unit salaries (illustrative)',
    ),
    ...monthly(
      MONTHS_2025.slice(0, 6),
      '25',
      'independent-chair',
      Array(6).fill('2000.00'),
      'Independent Chair (illustrative)',
      'Independent chair fee (illustrative)',
    ),
    {
      date: '2025-07-11',
      category: 'sar',
      amount: '3500.00',
      supplier: 'Independent reviewer (illustrative)',
      description: 'Adult C SAR: reviewer fee (illustrative)',
      sarId: 'adult-c',
    },
    {
      date: '2025-09-19',
      category: 'training',
      amount: '1200.00',
      supplier: 'Training provider (illustrative)',
      description: 'Self-neglect workshops (illustrative)',
    },
    ...monthly(
      MONTHS_2025.slice(0, 6),
      '20',
      'business-support',
      Array(6).fill('560.00'),
      'Business support (illustrative)',
      'Business support (illustrative)',
    ),
    {
      date: '2025-06-02',
      category: 'communications',
      amount: '750.00',
      supplier: 'Communications (illustrative)',
      description: 'Annual report design (illustrative)',
    },
    ...monthly(
      MONTHS_2025.slice(0, 6),
      '15',
      'other',
      Array(6).fill('240.00'),
      'Various (illustrative)',
      'Other running costs (illustrative)',
    ),
    {
      date: '2025-09-26',
      category: 'training',
      amount: '1000.00',
      supplier: 'Training provider (illustrative)',
      description: 'Spring training programme: booking deposit (illustrative)',
    },
  ],
  commitments: [
    {
      category: 'sar',
      description: 'Adult C SAR: remaining reviewer contract (illustrative)',
      amount: '4000.00',
      dueDate: '2026-01-16',
      supplier: 'Independent reviewer (illustrative)',
      sarId: 'adult-c',
    },
    {
      category: 'training',
      description: 'Spring training programme (illustrative)',
      amount: '2500.00',
      dueDate: '2026-02-20',
      supplier: 'Training provider (illustrative)',
    },
  ],
  // Contributions in kind (SCIE asks boards to cost them): shown in the income report, never invoiced,
  // and in no recharge figure, so the committal figures above are unchanged.
  income: [
    {
      date: '2025-06-12',
      source: 'Police headquarters training suite (illustrative)',
      kind: 'in-kind',
      amount: '1800.00',
      partnerId: 'beds-police',
      description: 'Venue for six multi-agency training days, costed at the room rate (illustrative)',
    },
  ],
  virements: [
    {
      from: 'other',
      to: 'communications',
      amount: '500.00',
      reason: 'Annual report print run, budgeted under other running costs, belongs to communications (illustrative)',
    },
  ],
  releases: [
    {
      commitment: 'Spring training programme (illustrative)',
      amount: '1000.00',
      reason: 'Booking deposit paid (illustrative)',
      paidBy: 'Spring training programme: booking deposit (illustrative)',
    },
    {
      commitment: 'Adult C SAR: remaining reviewer contract (illustrative)',
      amount: '1000.00',
      reason: 'Review scope reduced: one practitioner event fewer (illustrative)',
    },
  ],
};

/**
 * What the partners have paid (illustrative: the report gives no dates): 2024-25's baseline
 * and year-end invoices in full, 2025-26's baselines in full but for the ICB, which has paid
 * half, so its statement shows a balance and aged debt shows it overdue.
 */
export const RECEIPTS = [
  { invoiceId: '2024-25-baseline-luton-council', date: '2024-04-19', amount: '101591.00', reference: 'LBC journal 24-25 baseline' },
  { invoiceId: '2024-25-baseline-blmk-icb', date: '2024-04-26', amount: '81305.00', reference: 'BACS ICB 24-25 baseline' },
  { invoiceId: '2024-25-baseline-beds-police', date: '2024-05-10', amount: '20390.00', reference: 'BACS BP 24-25 baseline' },
  { invoiceId: '2025-26-baseline-luton-council', date: '2025-04-25', amount: '141150.00', reference: 'LBC journal 25-26 baseline' },
  { invoiceId: '2025-26-baseline-beds-police', date: '2025-04-30', amount: '28300.00', reference: 'BACS BP 25-26 baseline' },
  { invoiceId: '2025-26-baseline-blmk-icb', date: '2025-05-29', amount: '56675.00', reference: 'BACS ICB 25-26 baseline, first half' },
  { invoiceId: '2024-25-year-end-luton-council', date: '2025-06-20', amount: '36414.00', reference: 'LBC journal 24-25 year end' },
  { invoiceId: '2024-25-year-end-blmk-icb', date: '2025-06-27', amount: '29760.00', reference: 'BACS ICB 24-25 year end' },
  { invoiceId: '2024-25-year-end-beds-police', date: '2025-07-04', amount: '10440.00', reference: 'BACS BP 24-25 year end' },
];
