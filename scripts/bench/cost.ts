/**
 * The cost model: what one board's year costs at AWS list prices for eu-west-2 (London), priced
 * from what the other sections of the benchmark measured (capacity units, invocations and their
 * durations, log bytes, item sizes) and from the synthesized deployment (alarms, dashboards,
 * keys). `priceYear` is a pure function of those figures, the year and the prices, and shows
 * its arithmetic line by line; the benchmark prints it and BENCHMARKS.md explains it.
 *
 * Two totals, kept apart: the variable cost of one board's year (what a board adds), and the
 * fixed monthly cost of one deployment (shared by every board it serves).
 *
 * Money here is decimal (decimal.js), never a float: prices are fractions of a cent per unit.
 * The quantities are measured figures (medians, some fractional) and are multiplied exactly.
 */
import { Decimal } from 'decimal.js';

// ---------------------------------------------------------------- prices

/** Where a price comes from, and how sure it is. */
export type PriceCheck = 'price-list' | 'unverified';

export interface Price {
  /** US dollars per unit, as a decimal string. */
  readonly usd: string;
  readonly unit: string;
  readonly source: string;
  /**
   * `price-list`: the AWS Price List offer file for eu-west-2 as transcribed, with its usage
   * type, by a public price study dated 2026-10-06 (this benchmark could not reach AWS itself);
   * `unverified`: recalled from the AWS pricing pages, not checked against any published figure.
   */
  readonly check: PriceCheck;
}

/** When these prices were written down (they were not fetched: see {@link Price.check}). */
export const PRICES_TAKEN = '2026-11-26';
/** The AWS Price List offer files the `price-list` figures come from. */
export const PRICE_LIST_URL = 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<ServiceCode>/current/eu-west-2/index.json';

const list = (service: string, usageType: string) => `AWS Price List ${service}, eu-west-2, ${usageType}`;

/** List prices for eu-west-2 (London), USD, no free tier applied. Every one can be overridden (see {@link pricesFromEnv}). */
export const PRICES = {
  lambdaGbSecondArm: {
    usd: '0.0000133334',
    unit: 'GB-second, Arm (first 7.5 billion a month)',
    source: list('AWSLambda', 'EUW2-Lambda-GB-Second-ARM'),
    check: 'price-list',
  },
  lambdaRequest: { usd: '0.0000002', unit: 'request', source: list('AWSLambda', 'EUW2-Request-ARM'), check: 'price-list' },
  httpApiRequest: {
    usd: '0.00000116',
    unit: 'HTTP API request (first 300 million a month)',
    source: list('AmazonApiGateway', 'EUW2-ApiGatewayHttpRequest'),
    check: 'price-list',
  },
  dynamoWriteUnit: {
    usd: '0.0000007068',
    unit: 'write request unit, on demand',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand, Europe (London), after the November 2024 halving',
    check: 'unverified',
  },
  dynamoReadUnit: {
    usd: '0.0000001415',
    unit: 'read request unit, on demand',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand, Europe (London), after the November 2024 halving',
    check: 'unverified',
  },
  dynamoStorageGbMonth: {
    usd: '0.29',
    unit: 'GB-month, Standard table class',
    source: 'aws.amazon.com/dynamodb/pricing/on-demand, Europe (London)',
    check: 'unverified',
  },
  cloudFrontHttpsRequest: {
    usd: '0.0000012',
    unit: 'HTTPS request, Europe ($0.012 per 10,000)',
    source: list('AmazonCloudFront', 'EU-Requests-Tier2-HTTPS'),
    check: 'price-list',
  },
  cloudFrontDataOutGb: {
    usd: '0.085',
    unit: 'GB out, Europe (first 10 TB)',
    source: list('AmazonCloudFront', 'EU-DataTransfer-Out-Bytes'),
    check: 'price-list',
  },
  internetDataOutGb: {
    usd: '0.09',
    unit: 'GB out to the internet (API answers; first 10 TB)',
    source: list('AWSDataTransfer', 'EUW2-DataTransfer-Out-Bytes'),
    check: 'price-list',
  },
  sesRecipient: { usd: '0.0001', unit: 'recipient of an email', source: list('AmazonSES', 'EUW2-Recipients'), check: 'price-list' },
  sesAttachmentGb: { usd: '0.12', unit: 'GB of attachments', source: list('AmazonSES', 'EUW2-AttachmentsSize-Bytes'), check: 'price-list' },
  logsIngestGb: {
    usd: '0.5985',
    unit: 'GB of logs ingested (Standard)',
    source: list('AmazonCloudWatch', 'EUW2-DataProcessing-Bytes'),
    check: 'price-list',
  },
  logsStorageGbMonth: {
    usd: '0.0315',
    unit: 'GB-month of logs stored',
    source: list('AmazonCloudWatch', 'EUW2-TimedStorage-ByteHrs'),
    check: 'price-list',
  },
  xrayTrace: { usd: '0.000005', unit: 'trace recorded ($5 per million)', source: 'aws.amazon.com/xray/pricing', check: 'unverified' },
  cognitoPlusMau: {
    usd: '0.02',
    unit: 'monthly active user, Cognito Plus (prod: threat protection)',
    source: 'aws.amazon.com/cognito/pricing',
    check: 'unverified',
  },
  schedulerInvocation: {
    usd: '0.00000115',
    unit: 'scheduled invocation (after 14 million a month free)',
    source: list('AWSEvents', 'EUW2-ScheduledInvocation'),
    check: 'price-list',
  },
  alarmMonth: {
    usd: '0.10',
    unit: 'standard alarm-month',
    source: list('AmazonCloudWatch', 'EUW2-CW:AlarmMonitorUsage'),
    check: 'price-list',
  },
  dashboardMonth: { usd: '3.00', unit: 'dashboard-month', source: 'aws.amazon.com/cloudwatch/pricing', check: 'unverified' },
  metricMonth: {
    usd: '0.30',
    unit: 'custom metric-month (first 10,000)',
    source: list('AmazonCloudWatch', 'EUW2-CW:MetricMonitorUsage'),
    check: 'price-list',
  },
  kmsKeyMonth: { usd: '1.00', unit: 'customer managed key-month', source: list('awskms', 'eu-west-2-KMS-Keys'), check: 'price-list' },
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;
export type Prices = Readonly<Record<PriceKey, Price>>;

/** `COST_PRICE_LAMBDA_GB_SECOND_ARM` for `lambdaGbSecondArm`: the environment variable that overrides a price. */
export const priceVariable = (key: PriceKey): string => `COST_PRICE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** The prices, each replaced by its environment variable when set (a non-negative decimal, USD per unit). */
export function pricesFromEnv(env: Readonly<Record<string, string | undefined>>, base: Prices = PRICES): Prices {
  const out = { ...base } as Record<PriceKey, Price>;
  for (const key of Object.keys(base) as PriceKey[]) {
    const value = env[priceVariable(key)];
    if (value === undefined || value === '') continue;
    if (!/^\d+(\.\d+)?$/.test(value)) throw new Error(`${priceVariable(key)} must be a price in USD such as 0.0000002, not ${value}`);
    out[key] = { ...base[key], usd: value, source: `${priceVariable(key)} (overridden)`, check: 'unverified' };
  }
  return out;
}

// ---------------------------------------------------------------- the year and the assumptions

/** One board's year, as issue 16 states it, and the assumptions the model makes about it. */
export interface BoardYear {
  /** Expenditure entries in the year, imported ones included. */
  readonly entries: number;
  /** Of those, the rows of the year's one import (the rest are posted one by one). */
  readonly importRows: number;
  readonly imports: number;
  /** Views of the board's page (each makes the page's API requests and fetches its files). */
  readonly reportViews: number;
  readonly invoices: number;
  readonly closes: number;
  /** Overdue reminders emailed in the year. */
  readonly reminders: number;
  /** Recipients of each email: the partner's billing address and the board's remittance address in copy. */
  readonly recipientsPerEmail: number;
  /** People who sign in during a month (finance, board members, partners' contacts). */
  readonly monthlyUsers: number;
  /** Months a year's items and logs are priced as stored (DynamoDB keeps them; prod keeps logs a year). */
  readonly storageMonths: number;
  readonly logMonths: number;
  /** Memory of the functions (the ServiceFunction default). */
  readonly memoryMb: number;
  /**
   * Billed Lambda time per local millisecond: 1,769 MB is one vCPU, so a 512 MB function has
   * about 0.29 of the core the local measurement ran on (an upper bound: local times include
   * dynalite's own work, and DynamoDB's network round trips do not slow down with less CPU).
   */
  readonly durationFactor: number;
  /** Share of invocations that start an environment (its init is billed since August 2025). */
  readonly coldShare: number;
  /** X-Ray active tracing (on in both stages): one trace per API request. */
  readonly tracing: boolean;
}

export const DEFAULT_YEAR: BoardYear = {
  entries: 5000,
  importRows: 1000,
  imports: 1,
  reportViews: 1000,
  invoices: 12,
  closes: 1,
  reminders: 12,
  recipientsPerEmail: 2,
  monthlyUsers: 10,
  storageMonths: 12,
  logMonths: 12,
  memoryMb: 512,
  durationFactor: 1769 / 512,
  // One board's requests are too sparse to keep an environment warm: every one is priced cold.
  coldShare: 1,
  tracing: true,
};

const YEAR_VARIABLES: Record<keyof BoardYear, string> = {
  entries: 'COST_ENTRIES',
  importRows: 'COST_IMPORT_ROWS',
  imports: 'COST_IMPORTS',
  reportViews: 'COST_REPORT_VIEWS',
  invoices: 'COST_INVOICES',
  closes: 'COST_CLOSES',
  reminders: 'COST_REMINDERS',
  recipientsPerEmail: 'COST_RECIPIENTS_PER_EMAIL',
  monthlyUsers: 'COST_MONTHLY_USERS',
  storageMonths: 'COST_STORAGE_MONTHS',
  logMonths: 'COST_LOG_MONTHS',
  memoryMb: 'COST_MEMORY_MB',
  durationFactor: 'COST_DURATION_FACTOR',
  coldShare: 'COST_COLD_SHARE',
  tracing: 'COST_TRACING',
};

/** The year with any of its figures overridden by environment variables (COST_ENTRIES=8000, COST_TRACING=false, ...). */
export function yearFromEnv(env: Readonly<Record<string, string | undefined>>, base: BoardYear = DEFAULT_YEAR): BoardYear {
  const out: Record<string, number | boolean> = { ...base };
  for (const [key, name] of Object.entries(YEAR_VARIABLES) as [keyof BoardYear, string][]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (typeof base[key] === 'boolean') {
      if (value !== 'true' && value !== 'false') throw new Error(`${name} must be true or false, not ${value}`);
      out[key] = value === 'true';
    } else {
      const n = Number(value);
      if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) throw new Error(`${name} must be a non-negative number, not ${value}`);
      out[key] = n;
    }
  }
  const year = out as unknown as BoardYear;
  if (year.importRows > year.entries) throw new Error('COST_IMPORT_ROWS cannot exceed COST_ENTRIES');
  return year;
}

// ---------------------------------------------------------------- what was measured

/** One request as measured: its time locally, the units it consumed, what it logged, what it answered. */
export interface Measured {
  readonly label: string;
  readonly ms: number;
  readonly read: number;
  readonly write: number;
  /** Written by the audit writer from the table's stream, for the request's changes. */
  readonly auditWrite: number;
  readonly logBytes: number;
  readonly responseBytes: number;
}

/** Everything the model is fed, each figure taken from a section of the benchmark (named in BENCHMARKS.md). */
export interface CostInputs {
  /** One entry posted (load section). */
  readonly post: Measured;
  /** One view of the board's page at the year's size: each of its API requests (scale section, interpolated). */
  readonly page: readonly Measured[];
  /** The page's static files (web/), fetched through CloudFront on each view (no browser cache assumed). */
  readonly pageFiles: { readonly count: number; readonly bytes: number };
  /** One invoice raised (load section); its email is priced apart. */
  readonly invoice: Measured;
  /** The import, per row (import section): time, units and the requests it took per row. */
  readonly importRow: { readonly ms: number; readonly write: number; readonly auditWrite: number; readonly requests: number };
  readonly importLogBytes: number;
  /** The close's requests at the year's size: the request and the approval (scale section, interpolated). */
  readonly close: readonly Measured[];
  /** Init (the import of index.mjs) of a route function, median over them (cold section). */
  readonly initMs: number;
  /** One invocation of the audit writer (cold section: warm, and its init) and what it logs. */
  readonly auditWriter: { readonly ms: number; readonly initMs: number; readonly logBytes: number };
  /** Rendering one document's PDF for an email (the side-bundle check, a fresh process: an upper bound). */
  readonly pdf: { readonly ms: number; readonly bytes: number };
  /** One pass of the mail sender with nothing due, and one reminder scan (cold section: warm, and init). */
  readonly sender: { readonly ms: number; readonly initMs: number };
  readonly reminderScan: { readonly ms: number; readonly initMs: number };
  /** Bytes one stored item takes (DynamoDB counts names and values, plus 100 bytes of overhead each). */
  readonly items: { readonly postedEntry: number; readonly importedEntry: number; readonly auditRecord: number; readonly invoice: number };
  /** The deployment, counted in the synthesized prod stage. */
  readonly deployment: {
    readonly alarms: number;
    readonly dashboards: number;
    readonly kmsKeys: number;
    readonly customMetrics: number;
    /** Minutes between two passes of the mail sender. */
    readonly sendEveryMinutes: number;
  };
}

// ---------------------------------------------------------------- the model

export interface CostLine {
  readonly item: string;
  readonly quantity: Decimal;
  readonly unit: PriceKey;
  readonly usd: Decimal;
  /** How the quantity was reached, in words and numbers. */
  readonly how: string;
}

export interface CostReport {
  readonly variable: readonly CostLine[];
  readonly variableTotal: Decimal;
  readonly fixedMonthly: readonly CostLine[];
  readonly fixedMonthlyTotal: Decimal;
  readonly year: BoardYear;
  readonly prices: Prices;
}

const GB = new Decimal(2).pow(30);
const d = (x: number | string | Decimal) => new Decimal(x);
const sum = (xs: readonly Measured[], f: (m: Measured) => number) => xs.reduce((a, m) => a + f(m), 0);
const fmt = (x: number, digits = 1) => x.toLocaleString('en-GB', { maximumFractionDigits: digits });

/**
 * A board's year and a deployment's month at the given prices: every line's quantity, how it
 * was reached and what it costs. Pure.
 */
export function priceYear(inputs: CostInputs, year: BoardYear, prices: Prices): CostReport {
  const posts = year.entries - year.importRows;
  const line = (item: string, quantity: Decimal | number, unit: PriceKey, how: string): CostLine => {
    const q = d(quantity);
    return { item, quantity: q, unit, usd: q.times(prices[unit].usd), how };
  };

  // Every invocation of the service's API in the year, by kind: how many, how long each (local ms).
  const kinds: { what: string; count: number; requests: readonly Measured[] }[] = [
    { what: 'posts', count: posts, requests: [inputs.post] },
    { what: 'page views', count: year.reportViews, requests: inputs.page },
    { what: 'invoices', count: year.invoices, requests: [inputs.invoice] },
    { what: 'closes', count: year.closes, requests: inputs.close },
  ];
  const importRequests = Math.max(1, Math.round(inputs.importRow.requests * year.importRows)) * year.imports;
  const apiRequests = kinds.reduce((a, k) => a + k.count * k.requests.length, 0) + importRequests;
  const localMs =
    kinds.reduce((a, k) => a + k.count * sum(k.requests, (m) => m.ms), 0) + inputs.importRow.ms * year.importRows * year.imports;
  const initMs = apiRequests * year.coldShare * inputs.initMs;
  const gbSeconds = d(localMs + initMs)
    .times(year.durationFactor)
    .div(1000)
    .times(year.memoryMb)
    .div(1024);

  // Writes and reads, the audit writer's included.
  const writeUnits =
    kinds.reduce((a, k) => a + k.count * sum(k.requests, (m) => m.write + m.auditWrite), 0) +
    (inputs.importRow.write + inputs.importRow.auditWrite) * year.importRows * year.imports;
  const readUnits = kinds.reduce((a, k) => a + k.count * sum(k.requests, (m) => m.read), 0);
  // The audit writer: one invocation per request that changed something (the changes of one request arrive in one batch).
  const auditInvocations = posts + year.invoices + importRequests + year.closes * inputs.close.length;
  const auditGbSeconds = d(auditInvocations)
    .times(inputs.auditWriter.ms + year.coldShare * inputs.auditWriter.initMs)
    .times(year.durationFactor)
    .div(1000)
    .times(year.memoryMb)
    .div(1024);
  // Email: the year's invoices and reminders, each a PDF rendered by the sender and sent to its recipients.
  const emails = year.invoices + year.reminders;
  const senderGbSeconds = d(emails).times(inputs.pdf.ms).times(year.durationFactor).div(1000).times(year.memoryMb).div(1024);
  const logBytes =
    kinds.reduce((a, k) => a + k.count * sum(k.requests, (m) => m.logBytes), 0) +
    importRequests * inputs.importLogBytes +
    auditInvocations * inputs.auditWriter.logBytes;
  const answerBytes = kinds.reduce((a, k) => a + k.count * sum(k.requests, (m) => m.responseBytes), 0);
  const storedBytes =
    posts * (inputs.items.postedEntry + inputs.items.auditRecord) +
    year.importRows * year.imports * inputs.items.importedEntry +
    year.invoices * (inputs.items.invoice + inputs.items.auditRecord);

  const variable: CostLine[] = [
    line(
      'Lambda requests (API functions)',
      apiRequests,
      'lambdaRequest',
      `${fmt(posts)} posts + ${fmt(year.reportViews)} page views x ${inputs.page.length} requests + ${year.invoices} invoices + ${year.closes} close x ${inputs.close.length} requests + ${importRequests} import request${importRequests === 1 ? '' : 's'}`,
    ),
    line(
      'Lambda duration (API functions)',
      gbSeconds,
      'lambdaGbSecondArm',
      `(${fmt(localMs / 1000)} s of requests + ${fmt(initMs / 1000)} s of init (${Math.round(year.coldShare * 100)}% cold x ${fmt(inputs.initMs)} ms)) x ${fmt(year.durationFactor, 2)} x ${year.memoryMb} MB`,
    ),
    line('API Gateway HTTP API requests', apiRequests, 'httpApiRequest', 'one per API invocation above'),
    line(
      'DynamoDB write units',
      writeUnits,
      'dynamoWriteUnit',
      `posts ${fmt(inputs.post.write + inputs.post.auditWrite)} each (request + audit writer), import ${fmt(inputs.importRow.write + inputs.importRow.auditWrite, 2)} a row, invoices ${fmt(inputs.invoice.write + inputs.invoice.auditWrite)} each, the close ${fmt(sum(inputs.close, (m) => m.write + m.auditWrite))}`,
    ),
    line(
      'DynamoDB read units',
      readUnits,
      'dynamoReadUnit',
      `page view ${fmt(sum(inputs.page, (m) => m.read))} each, posts ${fmt(inputs.post.read)} each, invoices ${fmt(inputs.invoice.read)} each, the close ${fmt(sum(inputs.close, (m) => m.read))}`,
    ),
    line(
      "DynamoDB storage of the year's items",
      d(storedBytes).div(GB).times(year.storageMonths),
      'dynamoStorageGbMonth',
      `(${fmt(posts)} x (${inputs.items.postedEntry} B entry + ${inputs.items.auditRecord} B audit record) + ${fmt(year.importRows)} x ${inputs.items.importedEntry} B imported entry + ${year.invoices} x (${inputs.items.invoice} + ${inputs.items.auditRecord}) B invoices) = ${fmt(storedBytes / 2 ** 20, 2)} MiB, for ${year.storageMonths} months`,
    ),
    line('Audit writer requests', auditInvocations, 'lambdaRequest', 'one stream batch per request that wrote'),
    line(
      'Audit writer duration',
      auditGbSeconds,
      'lambdaGbSecondArm',
      `${fmt(auditInvocations)} x (${fmt(inputs.auditWriter.ms)} ms + ${fmt(year.coldShare * inputs.auditWriter.initMs)} ms init) x ${fmt(year.durationFactor, 2)} x ${year.memoryMb} MB`,
    ),
    line(
      'Mail sender: rendering the PDFs',
      senderGbSeconds,
      'lambdaGbSecondArm',
      `${emails} emails (${year.invoices} invoices, ${year.reminders} reminders) x ${fmt(inputs.pdf.ms)} ms x ${fmt(year.durationFactor, 2)} x ${year.memoryMb} MB (its passes are the deployment's, below)`,
    ),
    line('SES recipients', emails * year.recipientsPerEmail, 'sesRecipient', `${emails} emails x ${year.recipientsPerEmail} recipients`),
    line(
      'SES attachments',
      d(emails).times(inputs.pdf.bytes).div(GB),
      'sesAttachmentGb',
      `${emails} x ${fmt(inputs.pdf.bytes / 1024)} KB PDF`,
    ),
    line(
      'CloudFront requests for the page',
      year.reportViews * inputs.pageFiles.count,
      'cloudFrontHttpsRequest',
      `${fmt(year.reportViews)} views x ${inputs.pageFiles.count} files`,
    ),
    line(
      'CloudFront data out',
      d(year.reportViews).times(inputs.pageFiles.bytes).div(GB),
      'cloudFrontDataOutGb',
      `${fmt(year.reportViews)} x ${fmt(inputs.pageFiles.bytes / 1024)} KB (uncompressed)`,
    ),
    line(
      'API answers out to the internet',
      d(answerBytes).div(GB),
      'internetDataOutGb',
      `page view ${fmt(sum(inputs.page, (m) => m.responseBytes) / 1024)} KB each, and the rest`,
    ),
    line('CloudWatch Logs ingested', d(logBytes).div(GB), 'logsIngestGb', `${fmt(logBytes / 2 ** 20, 2)} MiB of JSON log lines`),
    line('CloudWatch Logs stored', d(logBytes).div(GB).times(year.logMonths), 'logsStorageGbMonth', `kept ${year.logMonths} months`),
    ...(year.tracing ? [line('X-Ray traces', apiRequests, 'xrayTrace', 'every API request sampled (one a second is, at this rate)')] : []),
    line('Cognito monthly active users', year.monthlyUsers * 12, 'cognitoPlusMau', `${year.monthlyUsers} users x 12 months`),
  ];

  const passes = Math.round((365 * 24 * 60) / inputs.deployment.sendEveryMinutes / 12);
  const scans = Math.round(365 / 12);
  const scheduled = passes + scans;
  const fixedMonthly: CostLine[] = [
    line('Dashboard', inputs.deployment.dashboards, 'dashboardMonth', 'in the synthesized prod stage'),
    line('Alarms', inputs.deployment.alarms, 'alarmMonth', 'in the synthesized prod stage'),
    line(
      'Custom metrics (EMF, by service)',
      inputs.deployment.customMetrics,
      'metricMonth',
      'metric and service pairs the dashboard graphs',
    ),
    line('KMS customer managed keys', inputs.deployment.kmsKeys, 'kmsKeyMonth', 'in the synthesized prod stage'),
    line(
      'Mail sender passes and reminder scans: schedules',
      scheduled,
      'schedulerInvocation',
      `every ${inputs.deployment.sendEveryMinutes} minutes (${passes} a month) and daily (${scans})`,
    ),
    line('Mail sender passes and reminder scans: Lambda requests', scheduled, 'lambdaRequest', 'one invocation each'),
    line(
      'Mail sender passes and reminder scans: Lambda duration',
      d(passes * (inputs.sender.ms + year.coldShare * inputs.sender.initMs) + scans * (inputs.reminderScan.ms + inputs.reminderScan.initMs))
        .times(year.durationFactor)
        .div(1000)
        .times(year.memoryMb)
        .div(1024),
      'lambdaGbSecondArm',
      `${passes} x (${fmt(inputs.sender.ms)} ms + ${fmt(year.coldShare * inputs.sender.initMs)} ms init) + ${scans} x (${fmt(inputs.reminderScan.ms)} + ${fmt(inputs.reminderScan.initMs)}) ms init included, x ${fmt(year.durationFactor, 2)} x ${year.memoryMb} MB`,
    ),
  ];
  const total = (xs: readonly CostLine[]) => xs.reduce((a, l) => a.plus(l.usd), new Decimal(0));
  return {
    variable,
    variableTotal: total(variable),
    fixedMonthly,
    fixedMonthlyTotal: total(fixedMonthly),
    year,
    prices,
  };
}

// ---------------------------------------------------------------- helpers the benchmark uses

/**
 * The value at `x` of a measured curve, linear between the two points around it (or beyond
 * the last two); from one point, proportional to it.
 */
export function interpolate(points: readonly { readonly x: number; readonly y: number }[], x: number): number {
  const s = [...points].sort((a, b) => a.x - b.x);
  if (s.length === 0) throw new Error('nothing to interpolate');
  if (s.length === 1) {
    const only = s[0] as { x: number; y: number };
    return only.x === 0 ? only.y : (only.y * x) / only.x;
  }
  let i = s.findIndex((p) => p.x >= x);
  if (i <= 0) i = i === 0 ? 1 : s.length - 1;
  const a = s[i - 1] as { x: number; y: number };
  const b = s[i] as { x: number; y: number };
  return a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
}

/**
 * The size DynamoDB bills an item at, in bytes: attribute names and values (strings by their
 * UTF-8 length, numbers by about one byte per two digits plus one, maps and lists by 3 bytes
 * plus each element and a byte per element), plus 100 bytes of overhead for storage.
 */
export function itemBytes(item: Record<string, unknown>): number {
  const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
  const value = (v: unknown): number => {
    if (v === null || v === undefined || typeof v === 'boolean') return 1;
    if (typeof v === 'string') return utf8(v);
    if (typeof v === 'number' || typeof v === 'bigint') return Math.ceil(String(v).replace(/[-.]/g, '').replace(/^0+/, '').length / 2) + 1;
    if (v instanceof Uint8Array) return v.length;
    if (v instanceof Set) return [...v].reduce((a: number, x) => a + value(x), 0);
    if (Array.isArray(v)) return 3 + v.reduce((a: number, x) => a + value(x) + 1, 0);
    if (typeof v === 'object') {
      // A DynamoDB NumberValue (lib-dynamodb's wrapped number) prints as its digits.
      const s = String(v);
      if (s !== '[object Object]' && /^-?\d/.test(s)) return value(Number(s));
      return 3 + Object.entries(v).reduce((a, [k, x]) => a + utf8(k) + value(x) + 1, 0);
    }
    return 0;
  };
  return 100 + Object.entries(item).reduce((a, [k, v]) => a + utf8(k) + value(v), 0);
}

/** USD with as many places as a fraction of a cent needs (four), for the printed tables. */
export const usd = (x: Decimal): string => `$${x.toFixed(4)}`;
