/**
 * The documents as their readers get them: an accounts-payable clerk (every element DESIGN 10.2
 * requires, UK dates, -£ amounts, no internal id), search and copy (text in reading order),
 * assistive technology (tagged, en-GB, headings, tables, figures with alternative text), and
 * other software (qpdf --check clean, parsed by pdf.js and by pdf-lib). Names print as written,
 * Welsh, Polish and Greek included, and long names wrap without any text overlapping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ISSUER,
  LONG_BOARD,
  LONG_PARTNER,
  longNamesCreditNote,
  longNamesInvoice,
  longNamesStatement,
  sampleAnnualReport,
  sampleCreditNote,
  sampleInvoice,
  sampleStatement,
} from '../../scripts/documents/samples.ts';
import { DocumentError, type InvoiceDocument } from '../../shared/domain/documents.ts';
import { Money } from '../../shared/domain/money.ts';
import { renderAnnualReport, renderInvoice, renderStatement } from '../../shared/infrastructure/pdf/index.ts';
import { catalogOf, overlaps, type PdfReading, qpdfCheck, readPdf, rolesOf } from '../helpers/pdf-inspect.ts';

const render = {
  invoice: () => renderInvoice(sampleInvoice()),
  creditNote: () => renderInvoice(sampleCreditNote()),
  statement: () => renderStatement(sampleStatement()),
  annualReport: () => renderAnnualReport(sampleAnnualReport()),
  longInvoice: () => renderInvoice(longNamesInvoice()),
  longCreditNote: () => renderInvoice(longNamesCreditNote()),
  longStatement: () => renderStatement(longNamesStatement()),
};
type Name = keyof typeof render;
const NAMES = Object.keys(render) as Name[];

const cache = new Map<Name, Promise<{ bytes: Uint8Array; pdf: PdfReading }>>();
function get(name: Name) {
  let hit = cache.get(name);
  if (!hit) {
    hit = render[name]().then(async (bytes) => ({ bytes, pdf: await readPdf(bytes) }));
    cache.set(name, hit);
  }
  return hit;
}

const RUNS = Number(process.env.PDF_RUNS ?? 12);

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
/** Ids the service keys records by (deterministic invoice ids, partner and board ids); e-mail addresses may contain the words. */
const INTERNAL_IDS = ['blmk-icb', 'beds-police', 'luton-council', 'luton-sab', '2024-25-baseline', '2024-25-year-end', 'year-end-blmk'];
const withoutEmails = (text: string) => text.replace(/\S+@\S+/g, '');

/** `earlier` occurs in `text` before `later` (both present). */
function inOrder(text: string, ...parts: string[]): void {
  let at = -1;
  for (const p of parts) {
    const i = text.indexOf(p, at + 1);
    expect(i, `"${p}" after position ${at}`).toBeGreaterThan(at);
    at = i;
  }
}

describe('every document', () => {
  it.each(NAMES)('%s passes qpdf --check and is read by pdf.js and pdf-lib alike', async (name) => {
    const { bytes, pdf } = await get(name);
    expect(Buffer.from(bytes.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.7');
    expect(await qpdfCheck(bytes)).toBe(0);
    expect(pdf.pages).toBeGreaterThan(0);
    expect(pdf.pageSize).toEqual({ width: 595.28, height: 841.89 });
    const catalog = await catalogOf(bytes);
    expect(catalog).toEqual({ marked: true, structTreeRoot: true, lang: 'en-GB', displayDocTitle: true });
  });

  it.each(NAMES)('%s is tagged: a Document of headings, paragraphs and tables with header cells', async (name) => {
    const { pdf } = await get(name);
    const { roles } = rolesOf(pdf.structure);
    for (const role of ['Document', 'Sect', 'H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD']) expect(roles, role).toContain(role);
    expect(pdf.info.Language).toBe('en-GB');
  });

  it.each(NAMES)('%s embeds a subset of Noto Sans and none of the standard fonts', async (name) => {
    const { bytes } = await get(name);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Bold/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    // A subset: far smaller than the two font files (over 1.2 MB).
    expect(bytes.length).toBeLessThan(150_000);
  });

  it.each(NAMES)('%s prints no ISO date, no internal id and no text over other text', async (name) => {
    const { pdf } = await get(name);
    expect(pdf.text).not.toMatch(ISO_DATE);
    for (const id of INTERNAL_IDS) expect(withoutEmails(pdf.text)).not.toContain(id);
    expect(overlaps(pdf.items)).toEqual([]);
    // Everything on the page, inside the margins.
    for (const item of pdf.items) {
      expect(item.x0, item.str).toBeGreaterThanOrEqual(49);
      expect(item.x1, item.str).toBeLessThanOrEqual(595.28 - 49);
      expect(item.y0, item.str).toBeGreaterThan(0);
      expect(item.y1, item.str).toBeLessThan(841.89 - 40);
    }
  });

  it('the qpdf check used here does find a broken file', async () => {
    const { bytes } = await get('invoice');
    expect(await qpdfCheck(bytes.subarray(0, bytes.length - 200))).not.toBe(0);
  });

  it('are the same bytes every time: the content and its dates are the snapshot', async () => {
    const again = await render.invoice();
    expect(Buffer.from(again).equals(Buffer.from((await get('invoice')).bytes))).toBe(true);
  });
});

describe('an invoice', () => {
  it('carries everything accounts payable needs', async () => {
    const { pdf } = await get('invoice');
    const t = pdf.text;
    for (const expected of [
      'Invoice',
      'Luton Borough Council',
      'Town Hall George Street Luton LU1 2BQ',
      'VAT registration number: GB 999 9999 73',
      'Bill to',
      'Bedfordshire, Luton and Milton Keynes Integrated Care Board',
      'Capability House',
      'For the attention of Head of Safeguarding Finance',
      'Purchase order number ICB-PO-0001',
      'Issued on behalf of Luton Safeguarding Adults Board',
      'Financial year 2024/25',
      'Invoice number INV-000004',
      'Invoice date 30 April 2025',
      'Due date 30 May 2025',
      '40% of overspend 64,400.00',
      'Outside the scope of VAT',
      '£25,760.00',
      'Total £29,760.00',
      'Paid to date £0.00',
      'Balance due £29,760.00',
      'Payment terms 30 days from the invoice date',
      'Account name Luton Borough Council',
      'Sort code 40-00-00',
      'Account number 12345678',
      'quote INV-000004 as the payment reference',
      'remittances@luton.example',
      'Queries: LSAB Business Unit (illustrative), lsab@luton.example, 01582 546000.',
      'Remittance advice',
      'Amount due £29,760.00',
    ]) {
      expect(t, expected).toContain(expected);
    }
  });

  it('reads in order: supplier, title, bill-to, lines, totals, how to pay, remittance advice', async () => {
    const { pdf } = await get('invoice');
    inOrder(
      pdf.text,
      'Luton Borough Council',
      'Invoice',
      'Bill to',
      'Description',
      '40% of overspend',
      'Total £29,760.00',
      'Balance due',
      'How to pay',
      'Remittance advice',
    );
  });

  it('has the title and author the issuer gives it', async () => {
    const { pdf } = await get('invoice');
    expect(pdf.info).toMatchObject({ Title: 'Invoice INV-000004', Author: ISSUER.name });
  });

  it('with long Welsh, Polish and Greek names prints them as written, and its lines flow onto further pages with the header repeated', async () => {
    const { pdf } = await get('longInvoice');
    expect(LONG_BOARD.length).toBeGreaterThanOrEqual(150);
    expect(LONG_PARTNER.length).toBeGreaterThanOrEqual(200);
    expect(pdf.text).toContain(LONG_PARTNER);
    expect(pdf.text).toContain(LONG_BOARD);
    for (const s of ['ŵŷâ', 'Łódź Żółć', 'Ελληνικά', 'Παπαδοπούλου', 'PO-2026-ŴŶÂ-0000123456789']) expect(pdf.text).toContain(s);
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    for (let page = 1; page <= 2; page++) {
      const headers = pdf.items.filter((i) => i.page === page && i.str === 'Description');
      expect(headers, `table header on page ${page}`).toHaveLength(1);
    }
    expect(pdf.text).toContain('Invoice INV-000042, lines continued');
    expect(pdf.text).toContain(`Page 1 of ${pdf.pages}`);
    inOrder(pdf.text, 'line 2:', 'line 27:', 'Total £', 'Balance due', 'Remittance advice');
  });

  it('keeps the header columns apart however long the names', async () => {
    const { pdf } = await get('longInvoice');
    const header = pdf.items.filter((i) => i.page === 1 && i.y0 > 841.89 - 450);
    const left = header.filter((i) => i.x0 < 300);
    const right = header.filter((i) => i.x0 >= 300);
    expect(Math.max(...left.map((i) => i.x1))).toBeLessThan(Math.min(...right.map((i) => i.x0)));
    expect(overlaps(header, 0)).toEqual([]);
  });

  it('is refused when its figures do not add up', async () => {
    const doc = sampleInvoice();
    await expect(renderInvoice({ ...doc, total: doc.total.negate() })).rejects.toThrow(DocumentError);
  });
});

describe('a credit note', () => {
  it('names the invoice it credits by number, gives the reason, shows -£ and asks for no payment', async () => {
    const { pdf } = await get('longCreditNote');
    const t = pdf.text;
    for (const expected of [
      'Credit note',
      'Credit note number CN-000003',
      'Date of issue 3 December 2026',
      'Credits invoice INV-000042',
      'Invoice date 26 November 2026',
      'Reason: Adolygiad wedi’i ganslo',
      '-£13,237.55',
      'Total credit -£13,237.55',
      'VAT registration number: GB 999 9999 73',
      'Purchase order number PO-2026-ŴŶÂ-0000123456789',
      'Sort code 30-00-00',
      'Account number 87654321',
      'Remittance advice',
      'Nothing is to be paid against this credit note.',
      LONG_PARTNER,
    ]) {
      expect(t, expected).toContain(expected);
    }
    expect(t).not.toMatch(/due date|payment terms|balance due/i);
    expect(t).not.toMatch(/quote .{0,40} with your payment/i);
    expect(t).not.toContain('£-');
    inOrder(t, 'Credit note', 'Credits invoice INV-000042', 'Reason:', 'Description', 'Total credit');
    expect(pdf.info).toMatchObject({
      Title: 'Credit note CN-000003',
      Author: 'Cyngor Bwrdeistref Sirol Wrecsam (Wrexham County Borough Council)',
    });
  });

  it('keeps the credit note title clear of the issuer and board names', async () => {
    const { pdf } = await get('longCreditNote');
    const title = pdf.items.find((i) => i.page === 1 && i.str === 'Credit note');
    expect(title).toBeDefined();
    const near = pdf.items.filter((i) => i.page === 1 && i !== title);
    expect(overlaps([title as (typeof near)[number], ...near], 0)).toEqual([]);
  });

  it('the sample credits INV-000004', async () => {
    const { pdf } = await get('creditNote');
    inOrder(pdf.text, 'Credit note', 'Credits invoice INV-000004', 'Total credit -£1,500.00', 'How this credit is applied');
  });
});

describe('a statement', () => {
  it('runs the balance from brought forward to carried forward and says who owes whom', async () => {
    const { pdf } = await get('statement');
    const t = pdf.text;
    for (const expected of [
      'Statement of account',
      'Statement date 1 July 2025',
      'Period 1 April 2024 to 30 June 2025',
      'Purchase order number ICB-PO-0001',
      'VAT registration number: GB 999 9999 73',
      '1 April 2024 Balance brought forward £0.00',
      '2 April 2024 INV-000001 Baseline contribution 2024/25 £81,305.00 £81,305.00',
      '12 June 2025 CN-000001 Credit against INV-000004 £1,500.00 £141,610.00',
      '30 June 2025 Balance carried forward £28,260.00',
      'Amount owed by you: £28,260.00',
      'Payment terms: 30 days from each invoice date',
      'sort code 40-00-00, account number 12345678',
      'Remittance advice',
    ]) {
      expect(t, expected).toContain(expected);
    }
    inOrder(
      t,
      'Statement of account',
      'Balance brought forward',
      'INV-000001',
      'INV-000004',
      'Balance carried forward',
      'Amount owed by you',
      'Remittance advice',
    );
    expect(pdf.info).toMatchObject({ Author: ISSUER.name });
    expect(String(pdf.info.Title)).toContain('Statement of account');
  });

  it('owed to the partner: negative balances as -£ and the words "owed to you"; forty lines over pages with the header on each', async () => {
    const { pdf } = await get('longStatement');
    expect(pdf.text).toContain('-£350.00');
    expect(pdf.text).toContain('Amount owed to you: £5,850.00');
    expect(pdf.text).not.toContain('Amount owed by you');
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    for (let page = 1; page <= pdf.pages; page++) {
      const onPage = pdf.items.filter((i) => i.page === page);
      if (onPage.some((i) => /^(INV|CN)-0001/.test(i.str)))
        expect(onPage.filter((i) => i.str === 'Balance').length, `page ${page}`).toBeGreaterThanOrEqual(1);
    }
    inOrder(pdf.text, 'INV-000100', 'INV-000139', 'Balance carried forward', 'Amount owed to you');
  });
});

describe('the annual report finance section', () => {
  it('has the seed report figures: budget set, Figures 5, 6 and 7, SAR costs, the recharge explained, the notes', async () => {
    const { pdf } = await get('annualReport');
    const t = pdf.text;
    for (const expected of [
      'Board budgets 2024/25',
      'Luton Safeguarding Adults Board',
      'April 2024 to March 2025',
      'Budget set £203,500.00',
      'Spent (outturn) £279,900.00',
      'Figure 5',
      'BLMK ICB £81,305.00 £29,760.00 £111,065.00 39.7%',
      'Bedfordshire Police £20,390.00 £10,440.00 £30,830.00 11.0%',
      'Luton Borough Council £101,591.00 £36,414.00 £138,005.00 49.3%',
      'Figure 6',
      '2022/23',
      '2025/26 (proposed)',
      'Budget set £182,424.00 £197,900.00 £203,500.00 £282,800.00',
      'Total contributions £257,918.00 £238,810.00 £279,900.00 £282,800.00',
      'Total as published (see notes) £257,918.00 £240,800.00 £279,700.00 £282,800.00',
      'Figure 7',
      'Staffing (business unit) £218,300.00 78.0%',
      'Safeguarding adults reviews £12,000.00 4.3%',
      'Training and development £3,000.00 1.1%',
      'Reviews cost £12,000.00 in the year',
      'The year-end recharge explained',
      '40% of overspend 64,400.00 £25,760.00',
      'Baseline shortfall 214.00',
      'Additional contribution at year end £36,414.00',
      'Notes on the figures',
      'prints £279,700.00 as the total, but its own rows add up to £279,900.00',
      'prints £240,800.00 as the total, but its own rows add up to £238,810.00',
    ]) {
      expect(t, expected).toContain(expected);
    }
    inOrder(
      t,
      'Board budgets 2024/25',
      'Figure 5',
      'Figure 6',
      'Figure 7',
      'Safeguarding adults reviews',
      'The year-end recharge explained',
      'Notes on the figures',
    );
    expect(pdf.info).toMatchObject({ Author: 'Luton Safeguarding Adults Board' });
  });

  it('shows other income and contributions in kind when the year has any (DESIGN 10.3), text over no text', async () => {
    const report = sampleAnnualReport();
    const bytes = await renderAnnualReport({
      ...report,
      otherIncome: [
        { source: 'Home Office grant', kind: 'grant', amount: Money.parse('2500.00') },
        { source: 'Police training suite', kind: 'in-kind', from: 'Bedfordshire Police', amount: Money.parse('1800.00') },
      ],
    });
    expect(await qpdfCheck(bytes)).toBe(0);
    const pdf = await readPdf(bytes);
    expect(overlaps(pdf.items)).toEqual([]);
    for (const expected of [
      'Other income and contributions in kind',
      'Home Office grant Grant £2,500.00',
      'Police training suite In kind Bedfordshire Police £1,800.00',
      'Cash income (netted from the outturn) £2,500.00',
      'Contributions in kind (never invoiced) £1,800.00',
      'contributions of £279,900.00 and other income of £2,500.00 exceed the outturn of £279,900.00 by £2,500.00',
    ]) {
      expect(pdf.text, expected).toContain(expected);
    }
    inOrder(pdf.text, 'Figure 5', 'Other income and contributions in kind', 'Figure 6');
  });

  it('draws three charts as figures whose alternative text gives every value, with labelled axes', async () => {
    const { pdf } = await get('annualReport');
    const { figureAlts, roles } = rolesOf(pdf.structure);
    expect(roles).toContain('Caption');
    expect(roles).toContain('L');
    expect(figureAlts).toHaveLength(3);
    expect(figureAlts[0]).toContain('BLMK ICB £111,065.00 (39.7%)');
    expect(figureAlts[1]).toContain('2024/25: baselines £203,286.00, additional £76,614.00, total £279,900.00, budget set £203,500.00');
    expect(figureAlts[2]).toContain('Staffing (business unit) £218,300.00 (78.0%)');
    for (const label of [
      'Total contribution in the year (£)',
      'Spent in the year (£)',
      'All partners, £',
      'Baselines (invoiced in April)',
      'Budget set',
      '£218,300 (78.0%)',
    ]) {
      expect(pdf.text).toContain(label);
    }
  });
});

describe('any names', () => {
  /** Names made of words in several scripts, with unbreakable runs longer than a column. */
  const words = fc.constantFrom(
    'Heddlu',
    'Gogledd',
    'Cymru',
    'ŵŷâ',
    'Łódź',
    'Żółć',
    'Ελληνικά',
    'Safeguarding',
    'Adults',
    'Board',
    '–',
    '&',
    'Partneriaeth',
    'Gwasanaeth-Tân-ac-Achub-Ymddiriedolaeth-GIG-Cymru-Sir-y-Fflint',
  );
  const name = (max: number) =>
    fc
      .array(words, { minLength: 1, maxLength: 40 })
      .map((w) => w.join(' ').slice(0, max).trim())
      .filter((n) => n.length > 0);
  const squash = (t: string) => t.replace(/\s+/g, '');

  it('never put text over text, and print every name whole', async () => {
    await fc.assert(
      fc.asyncProperty(name(160), name(220), name(120), fc.boolean(), async (board, partner, issuer, withVat) => {
        const base = sampleInvoice();
        const { vatNumber: _vat, ...rest } = base.issuer;
        const doc: InvoiceDocument = {
          ...base,
          boardName: board,
          billTo: { ...base.billTo, name: partner },
          issuer: withVat ? { ...base.issuer, name: issuer } : { ...rest, name: issuer },
        };
        const pdf = await readPdf(await renderInvoice(doc));
        expect(overlaps(pdf.items)).toEqual([]);
        for (const n of [board, partner, issuer]) expect(squash(pdf.text)).toContain(squash(n));
        expect(pdf.text.includes('VAT registration number')).toBe(withVat);
      }),
      { numRuns: RUNS },
    );
  });

  it('a letter first met inside another (the Y of Ŷ) in one document still extracts as itself in the next', async () => {
    // Prepare: the purchase order number is set in bold; Ŷ is Y with a circumflex as components.
    const base = sampleInvoice();
    await renderInvoice({ ...base, billTo: { ...base.billTo, poNumber: 'ŶŴÂ-1' } });

    // Act
    const pdf = await readPdf(await renderInvoice({ ...base, billTo: { ...base.billTo, poNumber: 'YWA-2' } }));

    // Assess
    expect(pdf.text).toContain('Purchase order number YWA-2');
  });

  it('an annual report with no figures yet still renders, and says so', async () => {
    const { publishedOutturn: _published, ...report } = sampleAnnualReport();
    const empty = {
      ...report,
      income: [],
      contributions: [],
      expenditure: [],
      sarCosts: [],
      recharge: [],
      notes: [],
      budgetSet: Money.zero,
      outturn: Money.zero,
    };
    const bytes = await renderAnnualReport(empty);
    expect(await qpdfCheck(bytes)).toBe(0);
    const pdf = await readPdf(bytes);
    for (const words of [
      'No contributions are recorded for the year.',
      'No contributions are recorded for any year.',
      'No expenditure is recorded for the year.',
      'No review costs were recorded in the year.',
      'No year-end recharge is recorded for the year.',
    ]) {
      expect(pdf.text).toContain(words);
    }
    expect(rolesOf(pdf.structure).figureAlts).toEqual([]);
    expect(pdf.text).toContain('The figures are consistent: nothing to note.');
    expect(overlaps(pdf.items)).toEqual([]);
  });
});
