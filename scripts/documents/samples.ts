/**
 * Sample documents for the README's pictures and the renderers' tests: the Luton board's
 * 2024/25 year-end invoice, a credit note and a statement for BLMK ICB, and the annual report's
 * finance section from the seed report's figures (Figures 5, 6 and 7 as published, the ledger's
 * categories from infra/local/seed-data.ts, the recharge priced by the engine itself); plus a
 * variant with very long names in Welsh, Polish and Greek whose lines run onto a second page.
 *
 * The issuer is the seed board's invoicing details; its VAT number, bank details and contact, and
 * the payment dates, are illustrative: the report gives none of them.
 */
import { BOARD, CATEGORIES, HISTORY, PARTNERS, SARS, YEAR_2024_25, YEAR_2025_26 } from '../../infra/local/seed-data.ts';
import { type AgreementWire, parseAgreement } from '../../shared/domain/agreement.ts';
import {
  type AnnualReportDocument,
  type BillTo,
  type ContributionYearFigures,
  type InvoiceDocument,
  type Issuer,
  issuerOf,
  type StatementDocument,
  type StatementLine,
} from '../../shared/domain/documents.ts';
import { computeRecharge } from '../../shared/domain/engine.ts';
import { formatFinancialYear } from '../../shared/domain/format.ts';
import { Money } from '../../shared/domain/money.ts';

const gbp = (text: string) => Money.parse(text);

/** The host council as the legal supplier: the seed board's invoicing details (VAT number, bank details and contact illustrative). */
export const ISSUER: Issuer = issuerOf(BOARD.invoicing);

const BOARD_NAME = BOARD.name;
const partner = (id: string) => {
  const p = PARTNERS.find((x) => x.partnerId === id);
  if (!p) throw new Error(`no partner ${id}`);
  return p;
};
const billTo = (id: string): BillTo => {
  const p = partner(id);
  return { name: p.name, ...p.billing };
};

/** Short names, as the report's Figure 6 prints them. */
const SHORT: Record<string, string> = {
  'blmk-icb': 'BLMK ICB',
  'beds-police': 'Bedfordshire Police',
  'luton-council': 'Luton Borough Council',
};

function spendOf(entries: readonly { category: string; amount: string }[]): Map<string, Money> {
  const spend = new Map<string, Money>();
  for (const e of entries) spend.set(e.category, (spend.get(e.category) ?? Money.zero).plus(Money.parse(e.amount)));
  return spend;
}

/** The 2024-25 recharge as the engine prices it from the seed's agreement and ledger. */
export function recharge2024() {
  const a = YEAR_2024_25.agreement;
  const wire: AgreementWire = {
    basis: a.basis,
    host: a.host,
    rounding: a.rounding ?? 'penny',
    partners: a.partners.map((p) => ({ partnerId: p.partnerId, baseline: p.baseline, share: p.share })),
    pools: a.pools ?? [],
    variance: a.variance ?? { overspend: 'share', underspend: 'refund-share' },
    baselineShortfall: a.baselineShortfall ?? 'host',
  };
  return computeRecharge({
    agreement: parseAgreement(wire),
    budgetSet: gbp(YEAR_2024_25.budgetSet),
    budgets: new Map(YEAR_2024_25.lines.map((l) => [l.category, gbp(l.amount)])),
    spend: spendOf(YEAR_2024_25.entries),
  });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** BLMK ICB's 2024/25 year-end invoice: the engine's lines, nothing paid yet. */
export function sampleInvoice(): InvoiceDocument {
  const icb = recharge2024().partners.find((p) => p.partnerId === 'blmk-icb');
  if (!icb) throw new Error('no ICB recharge');
  const lines = icb.lines.map((l) => ({
    description: `Year-end contribution 2024/25: ${l.description}`,
    amount: l.amount,
    vatTreatment: 'outside-scope' as const,
  }));
  return {
    kind: 'invoice',
    number: 'INV-000004',
    issueDate: '2025-04-30',
    dueDate: '2025-05-30',
    issuer: ISSUER,
    boardName: BOARD_NAME,
    billTo: billTo('blmk-icb'),
    yearLabel: '2024/25',
    lines,
    vatTotal: Money.zero,
    total: icb.additional,
    paid: Money.zero,
    balance: icb.additional,
  };
}

/** A credit note against that invoice (the correction is illustrative). */
export function sampleCreditNote(): InvoiceDocument {
  return {
    kind: 'credit-note',
    number: 'CN-000001',
    issueDate: '2025-06-12',
    issuer: ISSUER,
    boardName: BOARD_NAME,
    billTo: billTo('blmk-icb'),
    yearLabel: '2024/25',
    credits: 'INV-000004',
    creditsIssueDate: '2025-04-30',
    reason:
      'A reviewer’s fee of £4,500.00 charged to the 2024/25 SAR pool belonged to 2025/26 (illustrative). This credits your one-third share of it.',
    lines: [
      {
        description: 'Correction of the SAR pool recharge 2024/25: one third of £4,500.00',
        amount: gbp('-1500.00'),
        vatTreatment: 'outside-scope',
      },
    ],
    vatTotal: Money.zero,
    total: gbp('-1500.00'),
    // As frozen when issued (illustrative): 28,800.00 of the invoice's 29,760.00 had been paid.
    application: { toInvoice: gbp('960.00'), onAccount: gbp('540.00'), invoiceOutstandingAfter: Money.zero },
  };
}

/** Running balances from the opening balance: each line's balance = previous + debit - credit. */
export function withBalances(opening: Money, lines: readonly Omit<StatementLine, 'balance'>[]): { lines: StatementLine[]; closing: Money } {
  let balance = opening;
  const out = lines.map((l) => {
    balance = balance.plus(l.debit).minus(l.credit);
    return { ...l, balance };
  });
  return { lines: out, closing: balance };
}

/** BLMK ICB's account from April 2024 to June 2025 (payment dates and references illustrative). */
export function sampleStatement(): StatementDocument {
  const z = Money.zero;
  const { lines, closing } = withBalances(z, [
    {
      date: '2024-04-02',
      document: 'INV-000001',
      description: 'Baseline contribution 2024/25',
      debit: gbp('81305.00'),
      credit: z,
    },
    { date: '2024-05-14', document: 'BACS ICB-240514', description: 'Payment received, thank you', debit: z, credit: gbp('81305.00') },
    {
      date: '2025-04-30',
      document: 'INV-000004',
      description: 'Year-end contribution 2024/25',
      debit: gbp('29760.00'),
      credit: z,
    },
    {
      date: '2025-04-30',
      document: 'INV-000007',
      description: 'Baseline contribution 2025/26',
      debit: gbp('113350.00'),
      credit: z,
    },
    {
      date: '2025-06-12',
      document: 'CN-000001',
      description: 'Credit against INV-000004',
      debit: z,
      credit: gbp('1500.00'),
    },
    { date: '2025-06-20', document: 'BACS ICB-250620', description: 'Payment received, thank you', debit: z, credit: gbp('113350.00') },
  ]);
  return {
    issuer: ISSUER,
    boardName: BOARD_NAME,
    partner: billTo('blmk-icb'),
    issueDate: '2025-07-01',
    from: '2024-04-01',
    to: '2025-06-30',
    openingBalance: z,
    lines,
    closingBalance: closing,
  };
}

/** Figure 6 as published (2022/23 and 2023/24 from the seed's history; 2024/25 and the 2025/26 budget from the seed's years). */
function contributionYears(): ContributionYearFigures[] {
  const history: ContributionYearFigures[] = HISTORY.map((h) => ({
    yearLabel: formatFinancialYear(h.yearId),
    proposed: false,
    budgetSet: gbp(h.budgetSet),
    partners: h.contributions.map((c) => ({
      partner: SHORT[c.partnerId] ?? c.partnerId,
      baseline: gbp(c.baseline),
      additional: gbp(c.additional),
    })),
    publishedTotal: gbp(h.outturn),
  }));
  const r = recharge2024();
  const current: ContributionYearFigures = {
    yearLabel: '2024/25',
    proposed: false,
    budgetSet: gbp(YEAR_2024_25.budgetSet),
    partners: r.partners.map((p) => ({ partner: SHORT[p.partnerId] ?? p.partnerId, baseline: p.baseline, additional: p.additional })),
    ...(YEAR_2024_25.publishedOutturn ? { publishedTotal: gbp(YEAR_2024_25.publishedOutturn) } : {}),
  };
  const next: ContributionYearFigures = {
    yearLabel: '2025/26',
    proposed: true,
    budgetSet: gbp(YEAR_2025_26.budgetSet),
    partners: YEAR_2025_26.agreement.partners.map((p) => ({
      partner: SHORT[p.partnerId] ?? p.partnerId,
      baseline: gbp(p.baseline),
      additional: Money.zero,
    })),
    publishedTotal: gbp('282800.00'),
  };
  return [...history, current, next];
}

const KIND_WORDS: Record<string, string> = { sar: 'SAR', 'rapid-review': 'Rapid review', dhr: 'SAR/DHR', cspr: 'CSPR/SAR' };

/** The finance section of the 2024/25 annual report, from the seed's figures. */
export function sampleAnnualReport(): AnnualReportDocument {
  const r = recharge2024();
  const spend = spendOf(YEAR_2024_25.entries);
  const fromReport = new Set(['staffing', 'sar', 'training']);
  const sarSpend = new Map<string, Money>();
  for (const e of YEAR_2024_25.entries)
    if (e.sarId) sarSpend.set(e.sarId, (sarSpend.get(e.sarId) ?? Money.zero).plus(Money.parse(e.amount)));
  return {
    boardName: BOARD_NAME,
    publisher: BOARD_NAME,
    yearLabel: '2024/25',
    from: '2024-04-01',
    to: '2025-03-31',
    issueDate: '2025-09-30',
    budgetSet: r.budgetSet,
    outturn: r.outturn,
    ...(YEAR_2024_25.publishedOutturn ? { publishedOutturn: gbp(YEAR_2024_25.publishedOutturn) } : {}),
    basis:
      'The budget of £203,500.00 was set in April 2024 from historical contributions, without a SAR contingency. ' +
      'The partners agreed full cost recovery: SAR costs are met at year end in equal thirds, the rest of any overspend by agreed share ' +
      '(BLMK ICB 40%, Bedfordshire Police 10%, Luton Borough Council 50%), and any shortfall of the baselines against the budget falls to the host, Luton Borough Council.',
    income: r.partners.map((p) => ({ partner: SHORT[p.partnerId] ?? p.partnerId, baseline: p.baseline, additional: p.additional })),
    contributions: contributionYears(),
    expenditure: [...spend.entries()]
      .sort((a, b) => b[1].compare(a[1]))
      .map(([category, amount]) => ({ category: CATEGORIES[category] ?? category, amount, illustrative: !fromReport.has(category) })),
    sarCosts: [...sarSpend.entries()].map(([sarId, amount]) => {
      const sar = SARS.find((s) => s.sarId === sarId);
      return { title: sar?.title ?? sarId, kind: KIND_WORDS[sar?.kind ?? ''] ?? 'Review', amount };
    }),
    recharge: r.partners.map((p) => ({
      partner: SHORT[p.partnerId] ?? p.partnerId,
      baseline: p.baseline,
      additional: p.additional,
      lines: p.lines.map((l) => ({ description: capitalise(l.description), amount: l.amount })),
    })),
    notes: [
      'The report’s text gives BLMK ICB’s April 2024 contribution as £81,300; Figure 6 and the invoice say £81,305.00.',
      'The report says staffing “took up 78% of its budget”: £218,300.00 is 78.0% of the year’s spending, and 107.3% of the budget set of £203,500.00.',
      'The report says SARs “accounted for 5% of total spend”: £12,000.00 of £279,900.00 is 4.3%.',
      'The split of the SAR costs between cases, and every category other than staffing, SARs and training, are illustrative: the report gives only those three figures.',
    ],
  };
}

/** A board and a partner with very long names in Welsh, Polish and Greek, and enough lines to need a second page. */
export const LONG_BOARD =
  'Bwrdd Diogelu Oedolion Rhanbarthol Gogledd Cymru a Swydd Gaer – Partneriaeth Statudol ar gyfer Diogelu Oedolion, Adolygiadau Achos a Dysgu Amlasiantaethol';
export const LONG_PARTNER =
  'Heddlu Gogledd Cymru – Gwasanaeth Tân ac Achub ŵŷâ, ar ran Łódź Żółć Partnership (Ελληνικά: Περιφερειακή Υπηρεσία Υγείας) and the Joint Commissioning Unit for Safeguarding Adults of North Wales and Cheshire';

export function longNamesInvoice(): InvoiceDocument {
  const lines = Array.from({ length: 28 }, (_, i) => ({
    description:
      i % 4 === 0
        ? `Cyfraniad diwedd blwyddyn ${i + 1}: adolygiad diogelu oedolion ŵŷâ – rhan o gostau’r panel, y cadeirydd annibynnol a’r awdur (Łódź Żółć, Ελληνικά)`
        : `Year-end contribution, line ${i + 1}: share of training and development costs`,
    amount: Money.fromPence(BigInt(123_456 + i * 10_101)),
    vatTreatment: 'outside-scope' as const,
  }));
  const total = Money.sum(lines.map((l) => l.amount));
  const paid = gbp('1000.00');
  return {
    kind: 'invoice',
    number: 'INV-000042',
    issueDate: '2026-11-26',
    dueDate: '2026-12-26',
    issuer: {
      ...ISSUER,
      name: 'Cyngor Bwrdeistref Sirol Wrecsam (Wrexham County Borough Council)',
      address: 'Neuadd y Dref, Stryd Caer, Wrecsam, LL11 1AY',
      bank: { accountName: 'Cyngor Wrecsam – Cyfrif Incwm (Income Account)', sortCode: '30-00-00', accountNumber: '87654321' },
      remittanceEmail: 'taliadau@wrecsam.example',
      contact: { name: 'Uned Fusnes y Bwrdd (Board Business Unit)', email: 'bwrdd@wrecsam.example', phone: '01978 292000' },
    },
    boardName: LONG_BOARD,
    billTo: {
      name: LONG_PARTNER,
      address: 'Pencadlys yr Heddlu, Ffordd Glan y Môr, Bae Colwyn, Conwy, LL29 8AW',
      contact: 'Tîm Cyfrifon Taladwy (Accounts Payable) – Ms Zofia Łukasiewicz-Παπαδοπούλου',
      email: 'cyfrifon.taladwy@heddlu-gogledd-cymru.example',
      poNumber: 'PO-2026-ŴŶÂ-0000123456789',
    },
    yearLabel: '2026/27',
    lines,
    vatTotal: Money.zero,
    total,
    paid,
    balance: total.minus(paid),
  };
}

export function longNamesCreditNote(): InvoiceDocument {
  const base = longNamesInvoice();
  return {
    kind: 'credit-note',
    number: 'CN-000003',
    issueDate: '2026-12-03',
    issuer: base.issuer,
    boardName: base.boardName,
    billTo: base.billTo,
    yearLabel: base.yearLabel,
    credits: 'INV-000042',
    creditsIssueDate: base.issueDate,
    reason: 'Adolygiad wedi’i ganslo (review cancelled): the panel costs charged on INV-000042 are withdrawn in full.',
    lines: [{ description: 'Withdrawal of panel costs charged on INV-000042', amount: gbp('-13237.55'), vatTreatment: 'outside-scope' }],
    vatTotal: Money.zero,
    total: gbp('-13237.55'),
  };
}

export function longNamesStatement(): StatementDocument {
  const base = longNamesInvoice();
  const z = Money.zero;
  const raw: Omit<StatementLine, 'balance'>[] = [];
  for (let i = 0; i < 40; i++) {
    raw.push(
      i % 3 === 2
        ? {
            date: `2026-${String(4 + Math.floor(i / 5)).padStart(2, '0')}-${String(1 + (i % 5) * 5).padStart(2, '0')}`,
            document: `CN-${String(i).padStart(6, '0')}`,
            description: `Nodyn credyd ŵŷâ ${i}: credit on account`,
            debit: z,
            credit: gbp('2500.00'),
          }
        : {
            date: `2026-${String(4 + Math.floor(i / 5)).padStart(2, '0')}-${String(1 + (i % 5) * 5).padStart(2, '0')}`,
            document: `INV-${String(100 + i).padStart(6, '0')}`,
            description: `Anfoneb ${i}: contribution (Łódź Żółć / Ελληνικά)`,
            debit: gbp('1000.00'),
            credit: z,
          },
    );
  }
  const opening = gbp('-350.00');
  const { lines, closing } = withBalances(opening, raw);
  return {
    issuer: base.issuer,
    boardName: base.boardName,
    partner: base.billTo,
    issueDate: '2026-12-01',
    from: '2026-04-01',
    to: '2026-11-30',
    openingBalance: opening,
    lines,
    closingBalance: closing,
  };
}
