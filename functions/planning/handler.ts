import type { Deps } from '#shared/application/ports.ts';
import { reserveReport } from '#shared/application/reserve.ts';
import { rollForward } from '#shared/application/roll-forward.ts';
import { priceScenarios } from '#shared/application/scenarios.ts';
import { etagOf } from '#shared/application/versioning.ts';
import { routes } from '#shared/contract/routes/planning.ts';
import { httpApi, json } from '#shared/http/api.ts';
import { ctxOf } from '#shared/http/kit.ts';
import { jsonOrTable, type Table } from '#shared/http/tabular.ts';
import { agreementView, lineView, yearView } from '#shared/http/views.ts';
import {
  agreements,
  boards,
  depsFromEnv,
  history,
  idempotency,
  invoices,
  ledger,
  lines,
  partners,
  snapshots,
  years,
} from '#shared/infrastructure/composition.ts';

type Row = Record<string, string | undefined>;
const money = (key: string, title: string) => ({ key, title, type: 'money' as const, value: (r: Row) => r[key] });
const text = (key: string, title: string) => ({ key, title, type: 'text' as const, value: (r: Row) => r[key] });

export const makeHandler = (
  deps: Pick<
    Deps,
    'agreements' | 'boards' | 'history' | 'idempotency' | 'invoices' | 'ledger' | 'lines' | 'partners' | 'snapshots' | 'years'
  >,
) =>
  httpApi(routes, deps, {
    'GET /v1/boards/{boardId}/reserve': async (req) => {
      const r = await reserveReport(deps, req.params.boardId ?? '');
      return jsonOrTable(
        req.headers.accept,
        r,
        (): Table<Row> => ({
          name: 'reserve',
          columns: [
            text('yearId', 'Year'),
            text('status', 'Status'),
            money('opening', 'Opening'),
            money('carriedIn', 'Carried in'),
            money('drawn', 'Drawn'),
            money('closing', 'Closing'),
          ],
          rows: r.years,
        }),
      );
    },
    'POST /v1/boards/{boardId}/years/{yearId}/roll-forward': async (req) => {
      const { boardId = '', yearId = '' } = req.params;
      const r = await rollForward(deps, ctxOf(req), boardId, yearId, req.body);
      return {
        status: 201,
        body: {
          year: yearView(r.year),
          from: r.from,
          uplift: r.uplift,
          budgetLines: r.lines.map(lineView),
          agreement: agreementView(r.agreement, false),
          notes: r.notes,
        },
        headers: { etag: etagOf(r.year), location: `/v1/boards/${boardId}/years/${yearId}` },
      };
    },
    'POST /v1/boards/{boardId}/scenarios': async (req) => {
      return json(await priceScenarios(deps, ctxOf(req), req.params.boardId ?? '', req.body));
    },
  });

export const handler = makeHandler(
  depsFromEnv({ agreements, boards, history, idempotency, invoices, ledger, lines, partners, snapshots, years }),
);
