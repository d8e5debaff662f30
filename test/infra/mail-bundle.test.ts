/**
 * The mail sender's bundle, built as the Mail stack builds it (local esbuild, the pdf-lib side
 * bundle beside it), really sends: loaded in a fresh Node 24 process with no node_modules, it runs
 * one pass against dynalite and a stand-in for the SES v2 endpoint on the loopback interface
 * (`AWS_ENDPOINT_URL_SESV2`), and the raw message it hands SES is a statement with its PDF.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceFunction } from '../../infra/constructs/service-function.ts';
import { type LocalDynamo, startDynalite } from '../../infra/local/dynalite.ts';
import { ensureTable, localClient } from '../../infra/local/table.ts';
import { createDeps } from '../../shared/infrastructure/composition.ts';
import { createDocumentClient, Store } from '../../shared/infrastructure/dynamodb/store.ts';

const outdir = mkdtempSync(join(tmpdir(), 'sab-cdk-mail-bundle-'));
const TABLE = 'mail-bundle-probe';
const MARK = '@@mail-probe@@';

function bundle(): string {
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-asset-metadata': true } });
  const fn = new ServiceFunction(new Stack(app, 'MailBundleProbe'), 'SenderFunction', { group: 'mail-sender' });
  const assembly = app.synth();
  return join(assembly.directory, (fn.node.defaultChild as CfnFunction).getMetadata('aws:asset:path') as string);
}

const asset = bundle();
let dynamo: LocalDynamo;
let ses: Server;
let sesUrl: string;
const received: { path: string; body: Record<string, any> }[] = [];

beforeAll(async () => {
  dynamo = await startDynalite();
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  const deps = createDeps(new Store(createDocumentClient(client), TABLE));
  const meta = { actor: 'probe', requestId: 'probe-1', at: new Date().toISOString() };
  await deps.boards.createBoard(meta, 'probe-board', { name: 'Probe Safeguarding Adults Board' });
  await deps.partners.createPartner(meta, {
    boardId: 'probe-board',
    partnerId: 'probe-partner',
    name: 'Probe Partner',
    kind: 'other',
    billing: { address: '1 High St', contact: 'AP', email: 'ap@probe.example.org' },
  });
  const today = meta.at.slice(0, 10);
  await deps.outbox.create(meta, {
    boardId: 'probe-board',
    partnerId: 'probe-partner',
    outboxId: 'statement.sent-0123456789ab',
    documentId: 'statement',
    purpose: 'sent-0123456789ab',
    kind: 'statement',
    period: { from: `${today.slice(0, 4)}-01-01`, to: today },
    fromName: 'Probe Safeguarding Adults Board',
    to: ['ap@probe.example.org'],
    cc: [],
    status: 'pending',
    round: 1,
    attempts: 0,
    nextAttemptAt: meta.at,
    queuedAt: meta.at,
    queuedBy: 'probe',
    history: [],
  });
  client.destroy();
  // SES v2 SendEmail: POST /v2/email/outbound-emails, JSON in, { MessageId } out.
  ses = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ MessageId: 'ses-probe-1' }));
    });
  });
  await new Promise<void>((resolve) => ses.listen(0, '127.0.0.1', () => resolve()));
  sesUrl = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => ses?.close(() => resolve()));
  await dynamo?.close();
  rmSync(outdir, { recursive: true, force: true });
});

describe('the mail sender bundle', () => {
  it('is one ES module beside the side bundles it loads for the PDFs (pdfkit for the documents, pdf-lib for the plain layout), the MIME message (nodemailer) and the SES client', () => {
    expect(readdirSync(asset).sort()).toEqual([
      'index.mjs',
      'index.mjs.map',
      'mime.mjs',
      'mime.mjs.map',
      'pdf-lib.mjs',
      'pdf-lib.mjs.map',
      'pdfkit.mjs',
      'pdfkit.mjs.map',
      'ses.mjs',
      'ses.mjs.map',
    ]);
  });

  it('sends a queued statement through SES v2 from a fresh Node 24 process, once, and records it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sab-mail-run-'));
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(asset, 'index.mjs')).href)});
const out = await m.handler({ task: 'send' }, { getRemainingTimeInMillis: () => 60000 });
const again = await m.handler({ task: 'send' }, { getRemainingTimeInMillis: () => 60000 });
console.log(${JSON.stringify(MARK)} + JSON.stringify([out, again]));`;
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        cwd,
        env: {
          PATH: process.env.PATH,
          TABLE_NAME: TABLE,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          MAIL_FROM: 'invoices@probe.example.org',
          SES_CONFIGURATION_SET: 'probe-events',
          AWS_ENDPOINT_URL_SESV2: sesUrl,
          AWS_REGION: 'eu-west-2',
          AWS_ACCESS_KEY_ID: 'probe',
          AWS_SECRET_ACCESS_KEY: 'probe',
          POWERTOOLS_METRICS_DISABLED: 'true',
          LOG_LEVEL: 'ERROR',
        },
        encoding: 'utf8',
        timeout: 30_000,
      });
      const [first, second] = JSON.parse(stdout.slice(stdout.lastIndexOf(MARK) + MARK.length)) as [{ sent: number }, { looked: number }];
      expect(first.sent).toBe(1);
      expect(second.looked).toBe(0);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
    expect(received).toHaveLength(1);
    const call = received[0] as (typeof received)[number];
    expect(call.path).toBe('/v2/email/outbound-emails');
    expect(call.body).toMatchObject({
      FromEmailAddress: 'invoices@probe.example.org',
      ConfigurationSetName: 'probe-events',
      Destination: { ToAddresses: ['ap@probe.example.org'] },
    });
    const mail = await simpleParser(Buffer.from(call.body.Content.Raw.Data as string, 'base64'));
    expect(mail.subject).toContain('Statement of account from Probe Safeguarding Adults Board');
    expect(mail.attachments.map((a) => [a.contentType, a.content.subarray(0, 5).toString()])).toEqual([['application/pdf', '%PDF-']]);
  });
});
