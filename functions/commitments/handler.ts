import { postCommitment } from '#shared/application/ledger.ts';
import { getYear } from '#shared/application/years.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { commitmentsTable } from '#shared/http/exports.ts';
import { ctxOf, listArgs, page, repos } from '#shared/http/kit.ts';
import { tableFormat, tableReply } from '#shared/http/tabular.ts';
import { commitmentView } from '#shared/http/views.ts';
import { PREFIX } from '#shared/infrastructure/dynamodb/keys.ts';

export const handler = httpApi('commitments', {
  'POST /v1/boards/{boardId}/years/{yearId}/commitments': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    return json(commitmentView(await postCommitment(repos(), ctxOf(req), boardId, yearId, req.body)), 201);
  },
  'GET /v1/boards/{boardId}/years/{yearId}/commitments': async (req) => {
    const { boardId = '', yearId = '' } = req.params;
    await getYear(repos(), boardId, yearId);
    const format = tableFormat(req.headers.accept);
    if (format !== 'json') return tableReply(format, commitmentsTable(yearId, await repos().years.allCommitments(boardId, yearId)));
    const { limit, after } = listArgs(req.query, PREFIX.commitment);
    const result = await repos().years.listCommitments(boardId, yearId, limit, after);
    return page(result.items, result.lastSk, commitmentView);
  },
});
