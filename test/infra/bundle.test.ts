/**
 * The bundles `cdk synth` produces really run: two function groups are bundled by the same
 * construct (local esbuild, no Docker), then loaded in a fresh Node process and invoked
 * with API Gateway events carrying Cognito ID-token claims, against dynalite.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceFunction } from '../../infra/constructs/service-function.ts';
import { type LocalDynamo, startDynalite } from '../../infra/local/dynalite.ts';
import { ensureTable, localClient } from '../../infra/local/table.ts';
import { auditKeys } from '../../shared/infrastructure/dynamodb/keys.ts';
import { createDocumentClient } from '../../shared/infrastructure/dynamodb/store.ts';

const outdir = mkdtempSync(join(tmpdir(), 'sab-cdk-bundle-'));
const GROUPS = ['health', 'boards', 'audit-writer'] as const;

/** Bundles each group as the API stack does and returns its asset folder. */
function bundle(): Record<(typeof GROUPS)[number], string> {
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'BundleProbe');
  const fns = GROUPS.map((group) => new ServiceFunction(stack, `${group}Function`, { group }));
  const assembly = app.synth();
  const entries = fns.map((fn) => {
    const cfn = fn.node.defaultChild as CfnFunction;
    const assetPath = cfn.getMetadata('aws:asset:path') as string;
    return [fn.group, join(assembly.directory, assetPath)] as const;
  });
  return Object.fromEntries(entries) as Record<(typeof GROUPS)[number], string>;
}

const started = Date.now();
const assets = bundle();
const bundleMs = Date.now() - started;

let dynamo: LocalDynamo;
const TABLE = 'bundle-probe';
beforeAll(async () => {
  dynamo = await startDynalite();
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  client.destroy();
});
afterAll(async () => {
  await dynamo?.close();
  rmSync(outdir, { recursive: true, force: true });
});

const MARK = '@@probe-results@@';

/**
 * Runs the bundles in a fresh Node process (the project's Node 24), from a folder with no
 * node_modules above it, and returns the replies. Asynchronously: dynalite serves from this
 * process, so blocking on the child would deadlock.
 */
async function invoke(
  env: Record<string, string>,
  calls: unknown[],
): Promise<{ results: { statusCode: number; body?: string }[]; stdout: string; stderr: string }> {
  // The handlers log to stdout too; the replies follow the last marker.
  const script = `
    const MARK = ${JSON.stringify(MARK)};
    const calls = JSON.parse(process.env.PROBE_CALLS);
    const results = [];
    for (const c of calls) {
      const { handler } = await import(c.bundle);
      const now = Date.now();
      const event = {
        version: '2.0', routeKey: c.routeKey, rawPath: c.path, rawQueryString: '',
        headers: { 'content-type': 'application/json', ...(c.headers ?? {}) },
        ...(c.params ? { pathParameters: c.params } : {}),
        requestContext: {
          accountId: '123456789012', apiId: 'probe', domainName: 'probe', domainPrefix: 'probe',
          http: { method: c.routeKey.split(' ')[0], path: c.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'probe' },
          requestId: 'req-' + results.length, routeKey: c.routeKey, stage: '$default', time: new Date(now).toISOString(), timeEpoch: now,
          ...(c.claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: c.claims, scopes: null } } } : {}),
        },
        ...(c.body ? { body: JSON.stringify(c.body) } : {}),
        isBase64Encoded: false,
      };
      const context = { awsRequestId: 'req', functionName: 'probe', getRemainingTimeInMillis: () => 10000 };
      const r = await handler(event, context);
      results.push({ statusCode: r.statusCode, body: r.body });
    }
    process.stdout.write('\\n' + MARK + JSON.stringify(results));
  `;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: outdir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_OPTIONS: '--enable-source-maps',
      AWS_REGION: 'eu-west-2',
      LOG_LEVEL: 'info',
      PROBE_CALLS: JSON.stringify(calls),
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { results: JSON.parse(stdout.slice(stdout.lastIndexOf(MARK) + MARK.length)), stdout, stderr };
}

const bundleUrl = (group: (typeof GROUPS)[number]) => pathToFileURL(join(assets[group], 'index.mjs')).href;

/** Claims as the HTTP API JWT authorizer passes a Cognito ID token: groups flattened to "[a b]". */
const idToken = (groups: string, boardId = 'probe-board') => ({
  sub: 'b1c2d3e4-0000-4000-8000-000000000001',
  'cognito:groups': `[${groups}]`,
  'custom:boardId': boardId,
  token_use: 'id',
  aud: 'client-id',
});

describe('function bundles', () => {
  it('are built by the local esbuild in seconds, without Docker', () => {
    expect(bundleMs).toBeLessThan(20_000);
  });

  it.each(GROUPS)('%s is one ES module with a linked source map, the AWS SDK inside', (group) => {
    // Assess: what Lambda receives (API functions load Powertools Metrics from a side bundle, when a request counts something)
    const api = group !== 'audit-writer';
    expect(readdirSync(assets[group]).sort()).toEqual(
      api ? ['index.mjs', 'index.mjs.map', 'metrics.mjs', 'metrics.mjs.map'] : ['index.mjs', 'index.mjs.map'],
    );
    const code = readFileSync(join(assets[group], 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as __sabCreateRequire } from 'node:module';")).toBe(true);
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
    const map = JSON.parse(readFileSync(join(assets[group], 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith(`functions/${group}/handler.ts`))).toBe(true);
    // The SDK is compiled in (from its ES build), not left to the runtime's older copy.
    if (group === 'boards') expect(map.sources.some((s) => /node_modules\/@aws-sdk\/client-dynamodb\/dist-es\//.test(s))).toBe(true);
    expect(map.sources.filter((s) => /node_modules\/@aws-lambda-powertools\/metrics\//.test(s))).toEqual([]);
    if (api) {
      const side = JSON.parse(readFileSync(join(assets[group], 'metrics.mjs.map'), 'utf8')) as { sources: string[] };
      expect(side.sources.some((s) => /node_modules\/@aws-lambda-powertools\/metrics\//.test(s))).toBe(true);
    }
  });

  it('publish the metric a request counts through the metrics side bundle, in a fresh Node 24 process (an unreachable table: UnhandledError)', async () => {
    // Act: nothing listens on the discard port, so the read fails and the pipeline counts an UnhandledError
    const { results, stdout } = await invoke({ TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' }, [
      {
        bundle: bundleUrl('boards'),
        routeKey: 'GET /v1/boards/{boardId}',
        path: '/v1/boards/probe-board',
        params: { boardId: 'probe-board' },
        claims: idToken('admin'),
      },
    ]);

    // Assess: a 500 that reveals nothing, and one EMF line with the metric, in the SabBudget namespace
    expect(results.map((r) => r.statusCode)).toEqual([500]);
    const emf = stdout
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as { UnhandledError?: number; service?: string; _aws: { CloudWatchMetrics: { Namespace: string }[] } });
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ UnhandledError: 1, service: 'boards' });
    expect(emf[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('SabBudget');
  });

  it('serve requests in a fresh Node 24 process: public health, and the ledger through DynamoDB with ID-token claims', async () => {
    // Act
    const { results } = await invoke({ TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: dynamo.endpoint }, [
      { bundle: bundleUrl('health'), routeKey: 'GET /v1/health', path: '/v1/health' },
      {
        bundle: bundleUrl('boards'),
        routeKey: 'PUT /v1/boards/{boardId}',
        path: '/v1/boards/probe-board',
        params: { boardId: 'probe-board' },
        claims: idToken('admin'),
        body: { name: 'Probe Safeguarding Adults Board' },
      },
      {
        bundle: bundleUrl('boards'),
        routeKey: 'GET /v1/boards/{boardId}',
        path: '/v1/boards/probe-board',
        params: { boardId: 'probe-board' },
        claims: idToken('board finance'),
      },
      // An access token passes the JWT authorizer too (client_id = the client), but it has
      // no custom attributes: the handlers refuse it.
      {
        bundle: bundleUrl('boards'),
        routeKey: 'GET /v1/boards/{boardId}',
        path: '/v1/boards/probe-board',
        params: { boardId: 'probe-board' },
        claims: { sub: 'b1c2d3e4-0000-4000-8000-000000000001', 'cognito:groups': '[board]', token_use: 'access', client_id: 'client-id' },
      },
    ]);

    // Assess
    expect(results.map((r) => r.statusCode)).toEqual([200, 201, 200, 403]);
    expect(JSON.parse(results[0]?.body ?? '{}')).toMatchObject({ status: 'ok' });
    expect(JSON.parse(results[2]?.body ?? '{}')).toMatchObject({ boardId: 'probe-board', name: 'Probe Safeguarding Adults Board' });
    expect(JSON.parse(results[3]?.body ?? '{}')).toMatchObject({ code: 'AUTH.NO_BOARD' });
  });

  it('fail fast at load without their configuration, with a stack trace that points at the TypeScript sources', async () => {
    // Act: no TABLE_NAME, so the composition root refuses to build the function
    const failed = await invoke({}, [
      {
        bundle: bundleUrl('boards'),
        routeKey: 'GET /v1/boards/{boardId}',
        path: '/v1/boards/probe-board',
        params: { boardId: 'probe-board' },
      },
    ]).then(
      () => undefined,
      (err: { stderr?: string }) => err,
    );

    // Assess
    expect(failed?.stderr).toContain('TABLE_NAME is not set');
    expect(failed?.stderr).toMatch(/shared\/infrastructure\/dynamodb\/store\.ts:\d+/);
  });

  it('answer an unexpected failure with a 500 and log it as one structured line with the request id', async () => {
    // Act: a table nobody serves (nothing listens on port 9)
    const { results, stdout, stderr } = await invoke({ TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' }, [
      {
        bundle: bundleUrl('boards'),
        routeKey: 'GET /v1/boards/{boardId}',
        path: '/v1/boards/probe-board',
        params: { boardId: 'probe-board' },
        claims: idToken('board'),
      },
    ]);

    // Assess
    expect(results[0]?.statusCode).toBe(500);
    const logged = `${stdout}\n${stderr}`
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const error = logged.find((l) => l.message === 'unhandled error');
    expect(error).toMatchObject({ level: 'ERROR', service: 'boards', requestId: 'req-0', error: { code: 'ECONNREFUSED' } });
    expect(JSON.parse(results[0]?.body ?? '{}')).toMatchObject({ status: 500, code: 'SERVICE.ERROR' });
    expect(results[0]?.body).not.toContain('ECONNREFUSED'); // the caller gets a reference, never the cause
  });

  it('audit-writer turns a DynamoDB stream batch into audit records in a fresh Node 24 process, once however often delivered', async () => {
    // Prepare: a batch as Lambda delivers it, one stamped change and one counter bump.
    const stamp = { actor: 'fiona@finance', requestId: 'req-7', at: '2025-06-01T10:00:00.000Z', action: 'put', n: '000000001' };
    const entry = { pk: 'B#probe-board#Y#2025-26', sk: 'ENTRY#00000001', type: 'entry', amount: '12.50', version: 1, lastChange: stamp };
    const event = {
      Records: [
        {
          eventID: 'e1',
          eventName: 'INSERT',
          dynamodb: {
            Keys: marshall({ pk: entry.pk, sk: entry.sk }),
            NewImage: marshall(entry),
            SequenceNumber: '100',
            ApproximateCreationDateTime: 1748772000,
          },
        },
        {
          eventID: 'e2',
          eventName: 'INSERT',
          dynamodb: {
            Keys: marshall({ pk: 'B#probe-board', sk: 'INVCOUNTER' }),
            NewImage: marshall({ pk: 'B#probe-board', sk: 'INVCOUNTER', last: 1 }),
            SequenceNumber: '101',
          },
        },
      ],
    };
    const script = `
      const { handler } = await import(${JSON.stringify(bundleUrl('audit-writer'))});
      const event = JSON.parse(process.env.PROBE_EVENT);
      const first = await handler(event);
      const again = await handler(event);
      process.stdout.write('\\n${MARK}' + JSON.stringify([first, again]));
    `;

    // Act
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: outdir,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_OPTIONS: '--enable-source-maps',
        AWS_REGION: 'eu-west-2',
        TABLE_NAME: TABLE,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        PROBE_EVENT: JSON.stringify(event),
      },
      encoding: 'utf8',
      timeout: 20_000,
    });

    // Assess
    expect(JSON.parse(stdout.slice(stdout.lastIndexOf(MARK) + MARK.length))).toEqual([
      { batchItemFailures: [] },
      { batchItemFailures: [] },
    ]);
    const client = localClient(dynamo.endpoint);
    try {
      const key = auditKeys.change('probe-board', stamp.at, stamp.requestId, stamp.n);
      const record = (await createDocumentClient(client).send(new GetCommand({ TableName: TABLE, Key: key }))).Item;
      expect(record).toMatchObject({ actor: 'fiona@finance', action: 'create', entity: 'entry', before: null, after: { amount: '12.50' } });
    } finally {
      client.destroy();
    }
  });
});
