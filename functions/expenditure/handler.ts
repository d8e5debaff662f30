import { getEntry, postEntry, reverseEntry } from '#shared/application/ledger.ts';
import { getYear } from '#shared/application/years.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { entriesTable } from '#shared/http/exports.ts';
import { ctxOf, listArgs, page, repos } from '#shared/http/kit.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { entryView } from '#shared/http/views.ts';
import { PREFIX } from '#shared/infrastructure/dynamodb/keys.ts';

const location = (boardId: string, yearId: string, entryId: string) => ({
  location: `/v1/boards/${boardId}/years/${yearId}/expenditure/${entryId}`,
});

export const handler = httpApi('expenditure', {
  'POST /v1/boards/{boardId}/years/{yearId}/expenditure': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    const entry = await postEntry(repos(), ctxOf(req), boardId, yearId, req.body);
    return json(entryView(entry), 201, location(boardId, yearId, entry.entryId));
  },
  'GET /v1/boards/{boardId}/years/{yearId}/expenditure': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    await getYear(repos(), boardId, yearId);
    const category = req.query.category;
    const format = tableFormat(req.headers.accept);
    if (format !== 'json') {
      // An export is the whole ledger (in the category asked for), not a page.
      const all = await repos().years.allEntries(boardId, yearId);
      return tableReply(format, entriesTable(yearId, category ? all.filter((e) => e.category === category) : all));
    }
    const { limit, after } = listArgs(req.query, PREFIX.entry);
    const result = await repos().years.listEntries(boardId, yearId, limit, after);
    const items = category ? result.items.filter((e) => e.category === category) : result.items;
    return page(items, result.lastSk, entryView);
  },
  'GET /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}': async (req) => {
    const { boardId = '', yearId = '', entryId = '' } = req.params;
    return json(entryView(await getEntry(repos(), boardId, yearId, entryId)));
  },
  'POST /v1/boards/{boardId}/years/{yearId}/expenditure/{entryId}/reversal': async (req) => {
    const { boardId = '', yearId = '', entryId = '' } = req.params;
    const entry = await reverseEntry(repos(), ctxOf(req), boardId, yearId, entryId, req.body.reason);
    return json(entryView(entry), 201, location(boardId, yearId, entry.entryId));
  },
});
