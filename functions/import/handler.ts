import { importExpenditure } from '#shared/application/import.ts';
import type { ImportDeps } from '#shared/application/ports.ts';
import { IMPORT_MEDIA_TYPES, routes } from '#shared/contract/routes/import.ts';
import { IMPORT_COLUMNS, IMPORT_LIMITS } from '#shared/domain/import.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { type Column, type Table, tableFormat, toCsv, toXlsx, XLSX_TYPE } from '#shared/http/tabular.ts';
import { depsFromEnv, idempotency, imports, ledger, sars, years } from '#shared/infrastructure/composition.ts';
import { spreadsheets } from '#shared/infrastructure/files/upload.ts';
import { IMPORT_SHEET } from '#shared/infrastructure/files/xlsx.ts';

type Row = Record<string, string>;

/** The sheet to fill in: the template's columns, typed so a workbook formats dates and amounts. */
const templateTable: Table<Row> = {
  name: IMPORT_SHEET,
  columns: IMPORT_COLUMNS.map(
    (c): Column<Row> => ({
      key: c.field,
      title: c.title,
      type: c.field === 'date' ? 'date' : c.field === 'amount' ? 'money' : 'text',
      value: (r) => r[c.field],
    }),
  ),
  rows: [],
};

const guidanceTable: Table<Row> = {
  name: 'Guidance',
  columns: ['Column', 'Required', 'Also accepted as', 'How to fill it in', 'Example'].map((title) => ({
    key: title,
    title,
    type: 'text' as const,
    value: (r: Row) => r[title],
  })),
  rows: IMPORT_COLUMNS.map((c) => ({
    Column: c.title,
    Required: c.required ? 'yes' : 'no',
    'Also accepted as': c.aliases.join(', '),
    'How to fill it in': c.format,
    Example: c.example,
  })),
};

const download = (name: string) => ({ 'content-disposition': `attachment; filename="${name}"` });

export const makeHandler = (deps: Pick<ImportDeps, 'idempotency' | 'imports' | 'ledger' | 'sars' | 'spreadsheets' | 'years'>) =>
  httpApi(routes, deps, {
    'POST /v1/boards/{boardId}/years/{yearId}/expenditure/import': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const report = await importExpenditure(deps, ctxOf(req), boardId, yearId, req.body, {
        dryRun: req.query.dryRun === 'true',
        allowDuplicateReferences: req.query.allowDuplicateReferences === 'true',
        deadline: req.deadline,
      });
      // 202: part written, nothing visible yet; the same file again carries on.
      const reply = json(report, report.status === 'imported' ? 201 : report.status === 'in-progress' ? 202 : 200);
      return report.status === 'imported' ? { ...reply, metrics: { ImportsCommitted: 1, EntriesPosted: report.entries } } : reply;
    },
    'GET /v1/boards/{boardId}/expenditure/template': async (req) => {
      const format = tableFormat(req.headers.accept);
      if (format === 'csv') {
        return {
          status: 200,
          raw: { contentType: 'text/csv; charset=utf-8', data: toCsv(templateTable) },
          headers: download('expenditure-template.csv'),
        };
      }
      if (format === 'xlsx') {
        return {
          status: 200,
          raw: { contentType: XLSX_TYPE, data: await toXlsx([templateTable, guidanceTable]) },
          headers: download('expenditure-template.xlsx'),
        };
      }
      return json({
        sheet: IMPORT_SHEET,
        limits: { maxBytes: IMPORT_LIMITS.maxBytes, maxRows: IMPORT_LIMITS.maxRows },
        mediaTypes: [...IMPORT_MEDIA_TYPES],
        columns: IMPORT_COLUMNS.map((c) => ({ ...c, aliases: [...c.aliases] })),
      });
    },
  });

export const handler = makeHandler({ ...depsFromEnv({ idempotency, imports, ledger, sars, years }), spreadsheets });
