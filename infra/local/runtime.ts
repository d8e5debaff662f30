/**
 * Boots the whole local service: dynalite, the table, the seed, and the HTTP server
 * feeding the Lambda handlers. Used by `npm start` and by the end-to-end tests.
 */
import type { Server } from 'node:http';
import { resetIdempotency } from '../../shared/http/api.ts';
import { resetRepos } from '../../shared/http/kit.ts';
import { createRepos } from '../../shared/infrastructure/dynamodb/repositories.ts';
import { createDocumentClient, Store, setDefaultStore } from '../../shared/infrastructure/dynamodb/store.ts';
import { startDynalite } from './dynalite.ts';
import { seed } from './seed.ts';
import { createLocalServer, listen } from './server.ts';
import { ensureTable, localClient } from './table.ts';
import { LocalTokens } from './tokens.ts';
import { webHandler } from './web.ts';

export interface RuntimeOptions {
  /** LevelDB folder; in memory when absent. */
  readonly dataDir?: string;
  readonly port?: number;
  readonly host?: string;
  readonly seed?: boolean;
  readonly tableName?: string;
  readonly jwtSecret?: Uint8Array;
  readonly log?: (line: string) => void;
}

export interface Runtime {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly tokens: LocalTokens;
  readonly store: Store;
  readonly server: Server;
  stop(): Promise<void>;
}

export async function startRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const tableName = opts.tableName ?? 'sab-budget-local';
  const dynamo = await startDynalite(opts.dataDir ? { path: opts.dataDir } : {});
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, tableName);

  // The handlers read their configuration from the environment, as in Lambda.
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.AWS_REGION ??= 'eu-west-2';
  const store = new Store(createDocumentClient(client), tableName);
  setDefaultStore(store);
  resetRepos();
  resetIdempotency();

  if (opts.seed !== false) await seed(createRepos(store));

  const tokens = new LocalTokens(opts.jwtSecret);
  // The board's web page is served beside the API, from the same origin.
  const server = createLocalServer({ tokens, extra: webHandler(), ...(opts.log ? { log: opts.log } : {}) });
  const url = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  return {
    url,
    dynamoEndpoint: dynamo.endpoint,
    tableName,
    tokens,
    store,
    server,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      client.destroy();
      await dynamo.close();
    },
  };
}
