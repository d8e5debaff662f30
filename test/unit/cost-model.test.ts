/**
 * The benchmark's cost model (scripts/bench/cost.ts): a pure function of measured figures, a
 * board's year and prices. Checked against figures worked out by hand, so a change to the
 * arithmetic shows here before it shows in BENCHMARKS.md.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  type BoardYear,
  type CostInputs,
  DEFAULT_YEAR,
  interpolate,
  itemBytes,
  type Measured,
  PRICES,
  type PriceKey,
  type Prices,
  pricesFromEnv,
  priceVariable,
  priceYear,
  yearFromEnv,
} from '../../scripts/bench/cost.ts';

const request = (label: string, over: Partial<Measured> = {}): Measured => ({
  label,
  ms: 0,
  read: 0,
  write: 0,
  auditWrite: 0,
  logBytes: 0,
  responseBytes: 0,
  ...over,
});

/** Every figure zero: a test sets only what it checks. */
const NOTHING: CostInputs = {
  post: request('post'),
  page: [request('forecast')],
  pageFiles: { count: 0, bytes: 0 },
  invoice: request('invoice'),
  importRow: { ms: 0, write: 0, auditWrite: 0, requests: 0 },
  importLogBytes: 0,
  close: [request('close'), request('approve')],
  initMs: 0,
  auditWriter: { ms: 0, initMs: 0, logBytes: 0 },
  pdf: { ms: 0, bytes: 0 },
  sender: { ms: 0, initMs: 0 },
  reminderScan: { ms: 0, initMs: 0 },
  items: { postedEntry: 0, importedEntry: 0, auditRecord: 0, invoice: 0 },
  deployment: { alarms: 0, dashboards: 0, kmsKeys: 0, customMetrics: 0, sendEveryMinutes: 5 },
};

/** Round prices: one dollar per unit of everything. */
const DOLLAR: Prices = Object.fromEntries(Object.entries(PRICES).map(([k, p]) => [k, { ...p, usd: '1' }])) as unknown as Prices;

const YEAR: BoardYear = {
  ...DEFAULT_YEAR,
  entries: 100,
  importRows: 40,
  imports: 1,
  reportViews: 10,
  invoices: 2,
  closes: 1,
  reminders: 1,
  recipientsPerEmail: 2,
  monthlyUsers: 0,
  durationFactor: 1,
  coldShare: 0,
  memoryMb: 1024,
  tracing: false,
};

const lineOf = (r: ReturnType<typeof priceYear>, item: string) => {
  const l = [...r.variable, ...r.fixedMonthly].find((x) => x.item === item);
  if (!l) throw new Error(`no line ${item}`);
  return l;
};

describe('cost model', () => {
  it('counts write units per kind of request, the audit writer included, and prices them', () => {
    // Prepare: 60 posts of 2 + 1 units, 40 imported rows of 1 + 0.25, 2 invoices of 5 + 2, a close of 30 + 10 and 8 + 1
    const inputs: CostInputs = {
      ...NOTHING,
      post: request('post', { write: 2, auditWrite: 1 }),
      importRow: { ms: 0, write: 1, auditWrite: 0.25, requests: 0 },
      invoice: request('invoice', { write: 5, auditWrite: 2 }),
      close: [request('close', { write: 8, auditWrite: 1 }), request('approve', { write: 30, auditWrite: 10 })],
    };

    // Act
    const r = priceYear(inputs, YEAR, DOLLAR);

    // Assess: 60 x 3 + 40 x 1.25 + 2 x 7 + 49 = 180 + 50 + 14 + 49
    expect(lineOf(r, 'DynamoDB write units').quantity.toNumber()).toBe(293);
    expect(lineOf(r, 'DynamoDB write units').usd.toNumber()).toBe(293);
  });

  it('prices a page view as the sum of its requests, for every view', () => {
    const inputs: CostInputs = {
      ...NOTHING,
      page: [request('forecast', { read: 100, ms: 50, responseBytes: 1024 }), request('years', { read: 0.5, ms: 10 })],
      pageFiles: { count: 12, bytes: 2 ** 20 },
    };
    const r = priceYear(inputs, YEAR, DOLLAR);
    expect(lineOf(r, 'DynamoDB read units').quantity.toNumber()).toBe(10 * 100.5);
    expect(lineOf(r, 'CloudFront requests for the page').quantity.toNumber()).toBe(120);
    // 10 views of 1 MiB
    expect(lineOf(r, 'CloudFront data out').quantity.toNumber()).toBeCloseTo(10 / 1024, 12);
    expect(lineOf(r, 'API answers out to the internet').quantity.toNumber()).toBeCloseTo((10 * 1024) / 2 ** 30, 15);
  });

  it('counts one API request (and one HTTP API request) per invocation: 60 posts, 10 views of 2, 2 invoices, 2 close requests, 1 import', () => {
    const inputs: CostInputs = {
      ...NOTHING,
      page: [request('a'), request('b')],
      importRow: { ms: 0, write: 0, auditWrite: 0, requests: 0 },
    };
    const r = priceYear(inputs, YEAR, DOLLAR);
    expect(lineOf(r, 'Lambda requests (API functions)').quantity.toNumber()).toBe(60 + 20 + 2 + 2 + 1);
    expect(lineOf(r, 'API Gateway HTTP API requests').quantity.toNumber()).toBe(85);
  });

  it('turns local milliseconds into GB-seconds by the duration factor and the memory, with init for the cold share', () => {
    const inputs: CostInputs = { ...NOTHING, post: request('post', { ms: 100 }), initMs: 200 };
    // 60 posts x 100 ms = 6 s; at 1 GB and factor 1: 6 GB-s. Half cold: + 0.5 x 75 requests x 200 ms = 7.5 s.
    const warm = priceYear(inputs, YEAR, DOLLAR);
    expect(lineOf(warm, 'Lambda duration (API functions)').quantity.toNumber()).toBeCloseTo(6, 12);
    const half = priceYear(inputs, { ...YEAR, coldShare: 0.5, durationFactor: 2, memoryMb: 512 }, DOLLAR);
    expect(lineOf(half, 'Lambda duration (API functions)').quantity.toNumber()).toBeCloseTo((6 + 7.5) * 2 * 0.5, 12);
  });

  it("stores the year's items for the months given, each with its audit record", () => {
    const inputs: CostInputs = { ...NOTHING, items: { postedEntry: 600, importedEntry: 400, auditRecord: 1000, invoice: 2000 } };
    const r = priceYear(inputs, { ...YEAR, storageMonths: 12 }, DOLLAR);
    const bytes = 60 * 1600 + 40 * 400 + 2 * 3000;
    expect(lineOf(r, "DynamoDB storage of the year's items").quantity.toNumber()).toBeCloseTo((bytes / 2 ** 30) * 12, 12);
  });

  it('sends every invoice and reminder to each recipient, with its PDF', () => {
    const r = priceYear({ ...NOTHING, pdf: { ms: 0, bytes: 2 ** 20 } }, YEAR, DOLLAR);
    expect(lineOf(r, 'SES recipients').quantity.toNumber()).toBe((2 + 1) * 2);
    expect(lineOf(r, 'SES attachments').quantity.toNumber()).toBeCloseTo(3 / 1024, 12);
  });

  it('keeps the deployment apart: a month of its dashboard, alarms, metrics, keys and schedules', () => {
    const inputs: CostInputs = {
      ...NOTHING,
      deployment: { alarms: 20, dashboards: 1, kmsKeys: 2, customMetrics: 30, sendEveryMinutes: 5 },
    };
    const r = priceYear(inputs, YEAR, PRICES);
    // 1 x 3.00 + 20 x 0.10 + 30 x 0.30 + 2 x 1.00 = 16.00, and the schedules' pennies
    const named = r.fixedMonthly.filter((l) => !l.item.startsWith('Mail sender')).reduce((a, l) => a.plus(l.usd), new Decimal(0));
    expect(named.toFixed(2)).toBe('16.00');
    // 8,760 passes a month at every 5 minutes, and 30 daily scans
    expect(lineOf(r, 'Mail sender passes and reminder scans: schedules').quantity.toNumber()).toBe(8760 + 30);
    expect(r.variable.some((l) => l.item === 'Alarms')).toBe(false);
  });

  it('totals are the sums of their lines, exactly (decimal, no float)', () => {
    const inputs: CostInputs = {
      ...NOTHING,
      post: request('post', { write: 3, read: 2, ms: 20, logBytes: 400 }),
      page: [request('forecast', { read: 420.5, ms: 200, logBytes: 300, responseBytes: 20_000 })],
      initMs: 80,
    };
    const r = priceYear(inputs, DEFAULT_YEAR, PRICES);
    const sum = r.variable.reduce((a, l) => a.plus(l.usd), new Decimal(0));
    expect(r.variableTotal.equals(sum)).toBe(true);
    for (const l of r.variable) expect(l.usd.equals(l.quantity.times(PRICES[l.unit].usd))).toBe(true);
    expect(r.variableTotal.isPositive()).toBe(true);
  });

  it('adds X-Ray traces only when tracing is on', () => {
    expect(priceYear(NOTHING, { ...YEAR, tracing: false }, DOLLAR).variable.some((l) => l.item === 'X-Ray traces')).toBe(false);
    expect(lineOf(priceYear(NOTHING, { ...YEAR, tracing: true }, DOLLAR), 'X-Ray traces').quantity.toNumber()).toBe(60 + 10 + 2 + 2 + 1);
  });
});

describe('prices and the year from the environment', () => {
  it('names each price variable after its key and takes a decimal, marking the price overridden', () => {
    expect(priceVariable('lambdaGbSecondArm')).toBe('COST_PRICE_LAMBDA_GB_SECOND_ARM');
    const p = pricesFromEnv({ COST_PRICE_DYNAMO_WRITE_UNIT: '0.000000625' });
    expect(p.dynamoWriteUnit.usd).toBe('0.000000625');
    expect(p.dynamoWriteUnit.source).toContain('overridden');
    expect(p.dynamoReadUnit).toEqual(PRICES.dynamoReadUnit);
    for (const key of Object.keys(PRICES) as PriceKey[]) expect(priceVariable(key)).toMatch(/^COST_PRICE_[A-Z0-9_]+$/);
  });

  it('refuses a price that is not a non-negative decimal', () => {
    expect(() => pricesFromEnv({ COST_PRICE_LAMBDA_REQUEST: '-1' })).toThrow(/COST_PRICE_LAMBDA_REQUEST/);
    expect(() => pricesFromEnv({ COST_PRICE_LAMBDA_REQUEST: '2e-7' })).toThrow(/COST_PRICE_LAMBDA_REQUEST/);
  });

  it('overrides the year, refusing nonsense', () => {
    expect(yearFromEnv({ COST_ENTRIES: '8000', COST_TRACING: 'false' })).toMatchObject({ entries: 8000, tracing: false, invoices: 12 });
    expect(() => yearFromEnv({ COST_ENTRIES: 'many' })).toThrow(/COST_ENTRIES/);
    expect(() => yearFromEnv({ COST_TRACING: 'yes' })).toThrow(/COST_TRACING/);
    expect(() => yearFromEnv({ COST_ENTRIES: '10', COST_IMPORT_ROWS: '20' })).toThrow(/COST_IMPORT_ROWS/);
  });

  it('the issue-16 year by default: 5,000 entries, 1,000 report views, 12 invoices, one import, one close', () => {
    expect(DEFAULT_YEAR).toMatchObject({ entries: 5000, reportViews: 1000, invoices: 12, imports: 1, closes: 1 });
  });
});

describe('interpolation and item sizes', () => {
  it('interpolates linearly between the measured sizes, beyond them along the last segment, and from one point proportionally', () => {
    const points = [
      { x: 1000, y: 84 },
      { x: 10_000, y: 839 },
      { x: 100_000, y: 8467 },
    ];
    expect(interpolate(points, 5000)).toBeCloseTo(84 + (755 * 4000) / 9000, 9);
    expect(interpolate(points, 1000)).toBe(84);
    expect(interpolate(points, 200_000)).toBeCloseTo(8467 + (8467 - 839) * (100_000 / 90_000), 6);
    expect(interpolate(points, 500)).toBeCloseTo(84 - (755 * 500) / 9000, 9);
    expect(interpolate([{ x: 10_000, y: 839 }], 5000)).toBeCloseTo(419.5, 9);
    expect(() => interpolate([], 1)).toThrow();
  });

  it("sizes an item as DynamoDB bills it: names, values and 100 bytes' overhead", () => {
    expect(itemBytes({})).toBe(100);
    // "pk" (2) + "B#x" (3) + "n" (1) + 12345 (3 digits' pairs + 1 = 4)
    expect(itemBytes({ pk: 'B#x', n: 12345 })).toBe(100 + 2 + 3 + 1 + 4);
    // a map: 3 + "a" + "é" (2 bytes) + 1
    expect(itemBytes({ m: { a: 'é' } })).toBe(100 + 1 + 3 + 1 + 2 + 1);
    expect(itemBytes({ l: ['ab', true] })).toBe(100 + 1 + 3 + (2 + 1) + (1 + 1));
  });
});
