import { getBoard, putBoard } from '#shared/application/boards.ts';
import { httpApi } from '#shared/http/api.ts';
import { ctxOf, ifMatchOf, repos, saved, versioned } from '#shared/http/kit.ts';
import { boardView } from '#shared/http/views.ts';

export const handler = httpApi('boards', {
  'PUT /v1/boards/{boardId}': async (req) =>
    saved(await putBoard(repos(), ctxOf(req), req.params.boardId as string, req.body, ifMatchOf(req)), boardView),
  'GET /v1/boards/{boardId}': async (req) => versioned(await getBoard(repos(), req.params.boardId as string), boardView),
});
