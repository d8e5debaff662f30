/**
 * Text that is not valid Unicode, or that XML 1.0 cannot carry (issue 11, defect 8): refused by
 * every free-text schema at the edge, and replaced by U+FFFD when a CSV or XLSX writer meets it
 * in data stored before the check existed.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Email, ExpenditureInput, Text } from '../../shared/contract/schemas.ts';
import { textProblem, toStorableText } from '../../shared/domain/text.ts';
import { type Table, toCsv, toXlsx } from '../../shared/http/tabular.ts';
import { checkZip } from '../../shared/infrastructure/files/zip.ts';

const BAD = {
  nonCharacter: 'x\uFFFFy',
  otherNonCharacter: 'x\uFFFEy',
  loneHigh: 'a\uD800b',
  loneLow: '\uDC00',
  reversedPair: '\uDE00\uD83D',
  control: 'a\u0001b',
  formFeed: 'a\u000cb',
} as const;

describe('storable text', () => {
  it.each(Object.entries(BAD))('refuses %s in Text and Email with a message saying what is wrong', (_what, text) => {
    const message = textProblem(text);
    expect(message).toBeDefined();
    const asText = Text(100).safeParse(text);
    expect(asText.success).toBe(false);
    expect(asText.error?.issues.map((i) => i.message)).toEqual([message]);
    expect(Email.safeParse(`me${text}@example.org`).success).toBe(false);
  });

  it('accepts tab, line breaks, non-ASCII letters and characters beyond the BMP', () => {
    for (const ok of ['a\tb', 'line\r\nnext', 'Café £12 – “quoted”', 'emoji 😀 and 𝔘', '\uFFFD', '\uE000 private use']) {
      expect(textProblem(ok), JSON.stringify(ok)).toBeUndefined();
      expect(Text(100).safeParse(ok).success).toBe(true);
    }
    // Text may be any of these; an email address may not: SES speaks no SMTPUTF8, so an address
    // is plain ASCII (shared/domain/email.ts, test/unit/email.test.ts).
    expect(Email.safeParse('josé@example.org').success).toBe(false);
    expect(Email.safeParse('jose@example.org').success).toBe(true);
  });

  it('names the field of an entry it refuses', () => {
    const r = ExpenditureInput.safeParse({
      date: '2024-06-30',
      category: 'training',
      amount: '1.00',
      supplier: BAD.nonCharacter,
      description: BAD.loneHigh,
    });
    expect(r.error?.issues.map((i) => [i.path.join('/'), i.message])).toEqual([
      ['supplier', 'must not contain U+FFFE or U+FFFF, which are not characters'],
      ['description', 'must be valid Unicode: it holds an unpaired surrogate (U+D800 to U+DFFF)'],
    ]);
  });

  it('replaces what no file can carry by U+FFFD, and keeps the rest as it was', () => {
    expect(toStorableText('x\uFFFFy\uFFFE')).toBe('x\uFFFDy\uFFFD');
    expect(toStorableText('a\uD800b\uDC00')).toBe('a\uFFFDb\uFFFD');
    expect(toStorableText('a\u0000b\u001f')).toBe('a\uFFFDb\uFFFD');
    expect(toStorableText('tab\tcr\rlf\n 😀 é')).toBe('tab\tcr\rlf\n 😀 é');
  });
});

describe('CSV and XLSX from text stored before the check', () => {
  // Prepare: rows as older data may hold them; the writers must still produce well-formed files.
  const rows = [{ supplier: BAD.nonCharacter, description: `${BAD.loneHigh} ${BAD.control}`, amount: '1.00' }];
  const table: Table<(typeof rows)[number]> = {
    name: 'expenditure',
    columns: [
      { key: 'supplier', title: 'Supplier', type: 'text', value: (r) => r.supplier },
      { key: 'description', title: `Description ${BAD.loneLow}`, type: 'text', value: (r) => r.description },
      { key: 'amount', title: 'Amount', type: 'money', value: (r) => r.amount },
    ],
    rows,
  };

  it('writes an XLSX that reads back, with U+FFFD where the bad characters were', async () => {
    // Act
    const bytes = await toXlsx([{ ...table, name: `sheet ${'x'.repeat(28)}😀` }]);
    // Assess: a sound archive, and a workbook exceljs (strict XML) reads back.
    await checkZip(bytes, { maxUnpackedBytes: 64 * 1024 * 1024, maxEntries: 100 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as never);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.name.isWellFormed()).toBe(true);
    expect(ws.getRow(1).getCell(2).value).toBe('Description \uFFFD');
    expect(ws.getRow(2).getCell(1).value).toBe('x\uFFFDy');
    expect(ws.getRow(2).getCell(2).value).toBe('a\uFFFDb a\uFFFDb');
    expect(ws.getRow(2).getCell(3).value).toBe(1);
  });

  it('writes a CSV of valid UTF-8 with the same replacements', () => {
    const text = toCsv(table);
    expect(text.isWellFormed()).toBe(true);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text))).toBe(text);
    expect(text).toBe('Supplier,Description \uFFFD,Amount\r\nx\uFFFDy,a\uFFFDb a\uFFFDb,1.00\r\n');
  });
});
