/**
 * The import group's routes: bulk import of expenditure (its own function: exceljs weighs on it
 * alone) and its template. Its function loads this table alone (with the request schemas it
 * names); shared/contract/routes.ts joins every group's for CDK, the local server and the OpenAPI
 * document.
 */
import { FIN, FIN_BOARD, fileRoute, group, route } from '../route-spec.ts';
import { ImportQuery } from '../schemas/import.ts';

/** The media types an import accepts; `application/vnd.ms-excel` is what Windows browsers call a .csv. */
export const IMPORT_MEDIA_TYPES = [
  'text/csv',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'application/octet-stream',
] as const;

export const routes = group('import', {
  'POST /v1/boards/{boardId}/years/{yearId}/expenditure/import': fileRoute({
    fn: 'import',
    access: 'RW',
    timeoutSeconds: 29,
    auth: true,
    roles: FIN,
    summary:
      'Import expenditure from a CSV or XLSX file, whole or not at all: 201 imported; 200 for ?dryRun=true (validates only) or a file already imported (nothing twice); 202 when the file needs another request (send it again)',
    query: ImportQuery,
    file: { accepts: IMPORT_MEDIA_TYPES },
    maxBody: 4 * 1024 * 1024,
    success: { status: 201, schema: 'ImportResult' },
  }),
  'GET /v1/boards/{boardId}/expenditure/template': route({
    fn: 'import',
    access: 'RO',
    auth: true,
    roles: FIN_BOARD,
    summary: 'The import template: its columns as JSON, or the file to fill in with Accept: text/csv or the XLSX media type',
    success: { status: 200, schema: 'ImportTemplate' },
  }),
});
