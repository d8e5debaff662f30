import { requireBoard } from '#shared/application/boards.ts';
import { httpApi } from '#shared/http/api.ts';
import { listArgs, page, repos } from '#shared/http/kit.ts';

export const handler = httpApi('audit', {
  'GET /v1/boards/{boardId}/audit': async (req) => {
    const boardId = req.params.boardId ?? '';
    await requireBoard(repos(), boardId);
    const month = req.query.month ?? req.now.toISOString().slice(0, 7);
    const { limit, after } = listArgs(req.query, `${month}-`);
    const result = await repos().audit.list(boardId, month, limit, after);
    return page(result.items, result.lastSk, ({ sk: _sk, ...record }) => record);
  },
});
