/**
 * Boots the whole local service: dynalite, the table, the seed, and the HTTP server
 * feeding the Lambda handlers. Used by `npm start` and by the end-to-end tests.
 */
import type { Server } from 'node:http';
import type { ImportDeps } from '../../shared/application/ports.ts';
import { createDeps } from '../../shared/infrastructure/composition.ts';
import { writeAuditRecords } from '../../shared/infrastructure/dynamodb/audit-writer.ts';
import { createDocumentClient, Store } from '../../shared/infrastructure/dynamodb/store.ts';
import { spreadsheets } from '../../shared/infrastructure/files/upload.ts';
import { type LocalStream, startDynalite } from './dynalite.ts';
import { devMailHandler, type LocalMail, localMail } from './mail.ts';
import { MailCatcher } from './mail-catcher.ts';
import { seed } from './seed.ts';
import { createLocalServer, listen, moduleLoader } from './server.ts';
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
  /** Where the mail catcher keeps what it received (`.eml` files); in memory when absent. */
  readonly mailDir?: string;
  /**
   * Run the mail sender every `sendMs` and the reminder scan every `scanMs` (npm start does);
   * without it, nothing is sent until `runtime.mail.sendPass()` is called (the tests do).
   */
  readonly mailTimers?: { readonly sendMs: number; readonly scanMs: number };
}

export interface Runtime {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly tokens: LocalTokens;
  readonly store: Store;
  /** The audit writer's own store (its writes and capacity units are not the handlers'). */
  readonly auditStore: Store;
  /** The table's emulated change stream, which feeds the audit writer (tests may tap it). */
  readonly changes: LocalStream;
  /** The dependencies the handlers are built over (the runtime's store). */
  readonly deps: ImportDeps;
  readonly server: Server;
  /** Email: the SMTP catcher, the sender and the reminder scan (see mail.ts). */
  readonly mail: LocalMail;
  /** Rebuilds every handler over another store (tests that inject faults at the SDK). */
  useStore(store: Store): void;
  stop(): Promise<void>;
}

export async function startRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const tableName = opts.tableName ?? 'sab-budget-local';
  const dynamo = await startDynalite(opts.dataDir ? { path: opts.dataDir } : {});
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, tableName);

  // The audit trail is written from the table's change stream, as in AWS by the audit-writer
  // Lambda, by the same code, over a client and store of its own that no test's fault injection
  // touches. Attaching first delivers what a crashed earlier run left undelivered (on disk).
  const auditClient = localClient(dynamo.endpoint);
  const auditStore = new Store(createDocumentClient(auditClient), tableName);
  await dynamo.stream.attach(tableName, async (record) => {
    const out = await writeAuditRecords(auditStore, { Records: [record] });
    if (out.batchItemFailures.length > 0) throw new Error(`the audit record of ${record.eventID} was not written`);
  });

  // A handler module builds its own dependencies from the environment at load, as in Lambda;
  // the local server then builds each handler over the runtime's store instead.
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.AWS_REGION ??= 'eu-west-2';
  // No CloudWatch here: Powertools metrics would only print.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const store = new Store(createDocumentClient(client), tableName);
  let deps: ImportDeps = { ...createDeps(store), spreadsheets };

  if (opts.seed !== false) await seed(deps);

  // Email: the catcher stands in for SES; delivery events it reports are recorded over a store of
  // their own (no test's fault injection touches it), as the recorder function has in AWS.
  const catcher = await MailCatcher.start(opts.mailDir ? { dir: opts.mailDir } : {});
  const mail = localMail(catcher, () => deps, createDeps(new Store(createDocumentClient(client), tableName)));
  if (opts.mailTimers) mail.startTimers(opts.mailTimers.sendMs, opts.mailTimers.scanMs, opts.log);

  const tokens = new LocalTokens(opts.jwtSecret);
  const load = moduleLoader(() => deps);
  // The board's web page is served beside the API, from the same origin; /dev/mail beside /dev/tokens.
  const web = webHandler();
  const devMail = devMailHandler(() => catcher);
  const server = createLocalServer({
    tokens,
    load,
    extra: async (req, res, url) => (await devMail(req, res, url)) || web(req, res, url),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const url = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  return {
    url,
    dynamoEndpoint: dynamo.endpoint,
    tableName,
    tokens,
    store,
    auditStore,
    changes: dynamo.stream,
    get deps() {
      return deps;
    },
    server,
    mail,
    useStore: (other: Store) => {
      deps = { ...createDeps(other), spreadsheets };
      load.reset();
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await mail.stop();
      client.destroy();
      dynamo.stream.close();
      auditClient.destroy();
      await dynamo.close();
    },
  };
}
