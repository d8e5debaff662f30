import { getBoard, putBoard } from '#shared/application/boards.ts';
import type { Deps } from '#shared/application/ports.ts';
import { routes } from '#shared/contract/routes/boards.ts';
import { httpApi } from '#shared/http/api.ts';
import { ctxOf, ifMatchOf, saved, versioned } from '#shared/http/kit.ts';
import { boardView } from '#shared/http/views.ts';
import { boards, depsFromEnv, outbox, partners } from '#shared/infrastructure/composition.ts';

export const makeHandler = (deps: Pick<Deps, 'boards' | 'outbox' | 'partners'>) =>
  httpApi(routes, undefined, {
    'PUT /v1/boards/{boardId}': async (req) =>
      saved(await putBoard(deps, ctxOf(req), req.params.boardId ?? '', req.body, ifMatchOf(req)), boardView),
    'GET /v1/boards/{boardId}': async (req) => versioned(await getBoard(deps, req.params.boardId ?? ''), boardView),
  });

export const handler = makeHandler(depsFromEnv({ boards, outbox, partners }));
