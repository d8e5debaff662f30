import { everyPage } from '#shared/application/pages.ts';
import { getSar, listSars, putSar, sarCosts } from '#shared/application/sars.ts';
import { httpApi } from '#shared/http/api.ts';
import { sarsTable } from '#shared/http/exports.ts';
import { ctxOf, ifMatchOf, listArgs, page, repos, saved, versioned } from '#shared/http/kit.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { sarView } from '#shared/http/views.ts';
import { PREFIX } from '#shared/infrastructure/dynamodb/keys.ts';

export const handler = httpApi('sars', {
  'PUT /v1/boards/{boardId}/sars/{sarId}': async (req) => {
    const { boardId = '', sarId = '' } = req.params;
    const result = await putSar(repos(), ctxOf(req), boardId, sarId, req.body, ifMatchOf(req));
    const costs = await sarCosts(repos(), boardId, sarId);
    return saved(result, (sar) => sarView(sar, costs));
  },
  'GET /v1/boards/{boardId}/sars/{sarId}': async (req) => {
    const { boardId = '', sarId = '' } = req.params;
    const { sar, costs } = await getSar(repos(), boardId, sarId);
    return versioned(sar, (s) => sarView(s, costs));
  },
  'GET /v1/boards/{boardId}/sars': async (req) => {
    const boardId = req.params.boardId as string;
    const format = tableFormat(req.headers.accept);
    if (format !== 'json') {
      const all = await everyPage((after) => listSars(repos(), boardId, 200, after));
      return tableReply(format, sarsTable(boardId, all));
    }
    const { limit, after } = listArgs(req.query, PREFIX.sar);
    const result = await listSars(repos(), boardId, limit, after);
    return page(result.items, result.lastSk, (i) => sarView(i.sar, i.costs));
  },
});
