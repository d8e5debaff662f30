/**
 * The side bundles work as deployed: the invoices function, bundled by the ServiceFunction
 * construct as `cdk synth` bundles it, ships exceljs and pdf-lib as files beside index.mjs (not
 * inside it), and a fresh Node 24 process, from a folder with no node_modules above it, answers
 * an XLSX export and an invoice PDF through them against dynalite holding the seed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceFunction } from '../../infra/constructs/service-function.ts';
import { type LocalDynamo, startDynalite } from '../../infra/local/dynalite.ts';
import { seed } from '../../infra/local/seed.ts';
import { ensureTable, localClient } from '../../infra/local/table.ts';
import { createDeps } from '../../shared/infrastructure/composition.ts';
import { createDocumentClient, Store } from '../../shared/infrastructure/dynamodb/store.ts';

const outdir = mkdtempSync(join(tmpdir(), 'sab-cdk-side-'));
const cwd = mkdtempSync(join(tmpdir(), 'sab-side-run-'));
const TABLE = 'side-probe';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function bundle(): string {
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-asset-metadata': true } });
  const fn = new ServiceFunction(new Stack(app, 'SideProbe'), 'InvoicesFunction', { group: 'invoices' });
  const assembly = app.synth();
  return join(assembly.directory, (fn.node.defaultChild as CfnFunction).getMetadata('aws:asset:path') as string);
}

const asset = bundle();
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  await seed(createDeps(new Store(createDocumentClient(client), TABLE)));
  client.destroy();
});
afterAll(async () => {
  await dynamo?.close();
  rmSync(outdir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

const MARK = '@@side-results@@';
const CHILD = `
  const calls = JSON.parse(process.env.PROBE_CALLS);
  const { handler } = await import(process.env.PROBE_BUNDLE);
  const results = [];
  for (const c of calls) {
    const now = Date.now();
    const event = {
      version: '2.0', routeKey: c.routeKey, rawPath: c.path, rawQueryString: '',
      headers: { accept: c.accept }, pathParameters: c.params,
      requestContext: {
        accountId: '123456789012', apiId: 'probe', domainName: 'probe', domainPrefix: 'probe',
        http: { method: 'GET', path: c.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'probe' },
        requestId: 'side-' + results.length, routeKey: c.routeKey, stage: '$default', time: new Date(now).toISOString(), timeEpoch: now,
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: {
          sub: 'side-probe', 'cognito:groups': '[finance]', 'custom:boardId': 'luton-sab', token_use: 'id', aud: 'client-id' }, scopes: null } },
      },
      isBase64Encoded: false,
    };
    const r = await handler(event, { awsRequestId: 'side', getRemainingTimeInMillis: () => 10000 });
    const bytes = r.isBase64Encoded ? Buffer.from(r.body, 'base64') : Buffer.from(r.body ?? '');
    results.push({ status: r.statusCode, type: r.headers['content-type'], head: bytes.subarray(0, 4).toString('latin1') });
  }
  process.stdout.write('\\n' + ${JSON.stringify(MARK)} + JSON.stringify(results));
`;

describe('side bundles', () => {
  it('exceljs, pdfkit, pdf-lib and Powertools Metrics are files beside index.mjs, not inside it', () => {
    // Assess: what Lambda receives
    expect(readdirSync(asset).sort()).toEqual([
      'exceljs.mjs',
      'exceljs.mjs.map',
      'index.mjs',
      'index.mjs.map',
      'metrics.mjs',
      'metrics.mjs.map',
      'pdf-lib.mjs',
      'pdf-lib.mjs.map',
      'pdfkit.mjs',
      'pdfkit.mjs.map',
    ]);
    const sources = (JSON.parse(readFileSync(join(asset, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;
    expect(sources.filter((s) => /node_modules\/(exceljs|pdf-lib|pdfkit|fontkit|jszip)\//.test(s))).toEqual([]);
    // Nor the PDF renderers' own code: it travels in the side bundle of the library it draws with.
    expect(sources.filter((s) => /shared\/infrastructure\/pdf\/(?!index\.ts$)/.test(s))).toEqual([]);
    expect(readFileSync(join(asset, 'index.mjs'), 'utf8')).toContain('"./exceljs.mjs"');
  });

  it('answer an XLSX export and an invoice PDF in a fresh Node 24 process', async () => {
    // Act
    const calls = [
      {
        routeKey: 'GET /v1/boards/{boardId}/invoices',
        path: '/v1/boards/luton-sab/invoices',
        params: { boardId: 'luton-sab' },
        accept: XLSX,
      },
      {
        routeKey: 'GET /v1/boards/{boardId}/invoices/{invoiceId}',
        path: '/v1/boards/luton-sab/invoices/2024-25-baseline-blmk-icb',
        params: { boardId: 'luton-sab', invoiceId: '2024-25-baseline-blmk-icb' },
        accept: 'application/pdf',
      },
    ];
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', CHILD], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_OPTIONS: '--enable-source-maps',
        AWS_REGION: 'eu-west-2',
        LOG_LEVEL: 'warn',
        TABLE_NAME: TABLE,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        PROBE_BUNDLE: pathToFileURL(join(asset, 'index.mjs')).href,
        PROBE_CALLS: JSON.stringify(calls),
      },
      encoding: 'utf8',
      timeout: 20_000,
    });

    // Assess: a ZIP (XLSX) and a PDF
    const results = JSON.parse(stdout.slice(stdout.lastIndexOf(MARK) + MARK.length)) as { status: number; type: string; head: string }[];
    expect(results).toEqual([
      { status: 200, type: XLSX, head: 'PK\u0003\u0004' },
      { status: 200, type: 'application/pdf', head: '%PDF' },
    ]);
  });
});
