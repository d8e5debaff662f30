import { allEntries, getEntry, listEntries, postEntry, reverseEntry } from '#shared/application/ledger.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/expenditure.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { entriesTable } from '#shared/http/exports.ts';
import { ctxOf, listArgs, page } from '#shared/http/kit.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { entryView } from '#shared/http/views.ts';
import { depsFromEnv, idempotency, ledger, years } from '#shared/infrastructure/composition.ts';

const location = (boardId: string, yearId: string, entryId: string) => ({
  location: `/v1/boards/${boardId}/years/${yearId}/expenditure/${entryId}`,
});

export const makeHandler = (deps: Pick<Deps, 'idempotency' | 'ledger' | 'years'>) =>
  httpApi(routes, deps, {
    'POST /v1/boards/{boardId}/years/{yearId}/expenditure': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const entry = await postEntry(deps, ctxOf(req), boardId, yearId, req.body);
      return json(entryView(entry), 201, location(boardId, yearId, entry.entryId));
    },
    'GET /v1/boards/{boardId}/years/{yearId}/expenditure': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const category = req.query.category;
      const format = tableFormat(req.headers.accept);
      // An export is the whole ledger (in the category asked for), not a page.
      if (format !== 'json') return tableReply(format, entriesTable(yearId, await allEntries(deps, boardId, yearId, category)));
      return page(req, await listEntries(deps, boardId, yearId, { ...listArgs(req), category }), entryView);
    },
    'GET /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}': async (req) => {
      const { boardId = '', yearId = '', entryId = '' } = req.params;
      return json(entryView(await getEntry(deps, boardId, yearId, entryId)));
    },
    'POST /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}/reversal': async (req) => {
      const { boardId = '', yearId = '', entryId = '' } = req.params;
      const entry = await reverseEntry(deps, ctxOf(req), boardId, yearId, entryId, req.body.reason);
      return json(entryView(entry), 201, location(boardId, yearId, entry.entryId));
    },
  });

export const handler = makeHandler(depsFromEnv({ idempotency, ledger, years }));
