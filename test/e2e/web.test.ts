/**
 * The board's web page in a real browser: the headless Chromium of npm's `@sparticuz/chromium`
 * (or the one `CHROMIUM_PATH` names; see test/helpers/chromium.ts), driven by playwright-core
 * against the local runtime (dynalite in memory, the Luton seed). It signs in, waits for the
 * four charts to be drawn, reads the seeded figures in their tables, walks the controls with the
 * keyboard and saves a screenshot to test-results/board.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { Money } from '../../shared/domain/money.ts';
import { type Answer, type Api, freshBoard, REFERENCE_AGREEMENT, startApi } from '../helpers/api.ts';
import { testChromium } from '../helpers/chromium.ts';

const RESULTS = join(process.cwd(), 'test-results');
const CHARTS = ['chart-forecast', 'chart-recharge', 'chart-contributions', 'chart-breakdown', 'chart-budget'];

let runtime: Runtime;
let api: Api;
let context: BrowserContext;
let page: Page;
let profile: string;
const problems: string[] = [];
const origins = new Set<string>();

beforeAll(async () => {
  const browser = await testChromium();
  mkdirSync(RESULTS, { recursive: true });
  ({ runtime, api } = await startApi());
  profile = mkdtempSync(join(tmpdir(), 'sab-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    headless: true,
    args: browser.args,
    env: browser.env,
    viewport: { width: 1366, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    reducedMotion: 'reduce',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && !/Content Security Policy/i.test(msg.text())) return;
    // The page asks POST /dev/tokens with an empty body whether local tokens exist: a 400 is the expected "yes".
    if (/status of 400/.test(msg.text()) && msg.location().url.endsWith('/dev/tokens')) return;
    // The compare panel's test sends shares that do not add up to 1 on purpose: the 422 is the expected answer.
    if (/status of 422/.test(msg.text()) && msg.location().url.endsWith('/scenarios')) return;
    problems.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('request', (req) => origins.add(new URL(req.url()).origin));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await runtime?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Waits until Chart.js has drawn every chart, then checks each canvas has a chart with data and ink on it. */
async function chartsDrawn(): Promise<{ id: string; datasets: number; points: number; inked: number }[]> {
  await page.waitForFunction(
    (ids) => ids.every((id) => (globalThis as any).document.getElementById(id)?.dataset.drawn === 'true'),
    CHARTS,
    {
      timeout: 10_000,
    },
  );
  return page.evaluate((ids) => {
    const { Chart, document } = globalThis as any;
    return ids.map((id) => {
      const canvas = document.getElementById(id);
      const chart = Chart.getChart(canvas);
      const ctx = canvas.getContext('2d');
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) > 0) inked++;
      return {
        id,
        datasets: chart?.data.datasets.length ?? 0,
        points: chart?.data.datasets.reduce((n: number, d: { data: unknown[] }) => n + d.data.length, 0) ?? 0,
        inked,
      };
    });
  }, CHARTS);
}

const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');

/** The cells of the table row whose header is `rowHeader`, as text. */
async function row(tableId: string, rowHeader: string): Promise<string[]> {
  return page.evaluate(
    ({ tableId, rowHeader }) => {
      const rows: any[] = [...(globalThis as any).document.querySelectorAll(`#${tableId} tr`)];
      const hit = rows.find((r) => r.querySelector('th')?.firstChild?.textContent?.trim() === rowHeader);
      return hit ? [...hit.children].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()) : [];
    },
    { tableId, rowHeader },
  );
}

describe("the board's web page in Chromium", () => {
  it('is served with a strict content security policy and no third-party resources', async () => {
    const res = await fetch(`${runtime.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\sstyle=|<style/); // no inline style
    expect(html).toContain('lang="en-GB"');

    const chart = await fetch(`${runtime.url}/vendor/chart.umd.min.js`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${runtime.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${runtime.url}/v1/health`)).status).toBe(200); // the API still answers beside it
  });

  it('signs in as a board member and draws the five charts with the seeded 2025-26 figures', async () => {
    await page.goto(`${runtime.url}/`);
    const demo = page.getByRole('button', { name: 'Sign in as a board member (local demo)' });
    await demo.waitFor();
    await demo.click();
    await page.getByRole('heading', { level: 1, name: 'Budget, forecast and contributions' }).waitFor();

    const drawn = await chartsDrawn();
    for (const chart of drawn) {
      expect(chart.datasets, chart.id).toBeGreaterThan(0);
      expect(chart.points, chart.id).toBeGreaterThan(0);
      expect(chart.inked, `${chart.id} has nothing drawn on it`).toBeGreaterThan(2_000);
    }

    expect(await page.locator('#year-select').inputValue()).toBe('2025-26');
    expect(await page.locator('#asof-input').inputValue()).toBe('2025-09-30');
    expect(await text('.masthead')).toContain('Luton Safeguarding Adults Board');
    expect(await text('#panel-forecast [data-summary]')).toContain(
      'Projected outturn £274,460.00 against a budget of £282,800.00: £8,340.00 under.',
    );
    expect(await text('#kpis')).toContain('£274,460.00');

    // The tables behind the charts: exact amounts, thousands separators.
    expect(await row('table-forecast', 'Staffing (business unit)')).toEqual([
      expect.stringContaining('Staffing (business unit)'),
      '£225,000.00',
      '£114,460.00',
      '£0.00',
      '£112,500.00',
      '£226,960.00',
      '£1,960.00 over',
    ]);
    // The seed's 2025-26 has a released and a matched commitment: 4,500.00 is left committed.
    expect(await row('table-forecast', 'Total')).toEqual([
      'Total',
      '£282,800.00',
      '£137,710.00',
      '£4,500.00',
      '£132,250.00',
      '£274,460.00',
      '£8,340.00 under',
    ]);
    expect(await text('#panel-recharge [data-summary]')).toContain('Committal basis');
    expect(await row('table-recharge', 'Luton Borough Council')).toEqual(
      expect.arrayContaining(['£141,150.00', '−£8,340.00', '£132,810.00']),
    );
    expect(await row('table-contributions', 'Total 2024-25')).toEqual(['Total 2024-25', '£203,286.00', '£76,614.00', '£279,900.00']);
    expect(await text('#table-contributions')).toContain('£29,760.00');
    expect(await text('#table-contributions')).toContain('£10,440.00');
    expect(await text('#table-contributions')).toContain('£36,414.00');
    expect(await row('table-breakdown', 'Staffing (business unit)')).toEqual(['Staffing (business unit)', '£114,460.00', '83.1%']);

    // Every chart is an image with a description, and its table a proper data table.
    for (const id of CHARTS) {
      const canvas = page.locator(`#${id}`);
      expect(await canvas.getAttribute('role')).toBe('img');
      expect((await canvas.getAttribute('aria-label'))?.length ?? 0).toBeGreaterThan(40);
    }
    expect(await page.locator('table.data caption').count()).toBe(6); // a table per chart, and the virements
    expect(await page.locator('table.data th[scope="col"]').count()).toBeGreaterThan(10);

    await page.screenshot({ path: join(RESULTS, 'board.png'), fullPage: true });
  });

  it('reaches every control from the keyboard and opens a table view with it', async () => {
    await page.locator('body').focus();
    const reached: string[] = [];
    // 46 presses: the page's controls, the compare and budget panels' among them, and round to the top again.
    for (let i = 0; i < 46; i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const a = (globalThis as any).document.activeElement;
          return a?.id || a?.getAttribute('aria-controls') || a?.className || '';
        }),
      );
    }
    for (const id of [
      'sign-out',
      'board-select',
      'year-select',
      'asof-input',
      'refresh',
      'asof-reset',
      ...CHARTS.map((c) => c.replace('chart', 'table')),
      'compare-share-0',
      'compare-sar',
      'compare-run',
    ]) {
      expect(reached, `Tab never reached ${id}`).toContain(id);
    }
    expect(reached).toContain('skip-link');

    const toggle = page.locator('button[aria-controls="table-breakdown"]');
    await toggle.focus();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#table-breakdown table').isVisible()).toBe(true);
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#table-breakdown').isVisible()).toBe(false);
  });

  it('shows the original and revised budget of 2025-26 and the virement that moved budget between its lines', async () => {
    expect(await text('#panel-budget [data-summary]')).toContain(
      'Original budget £282,800.00; 1 virement moved £500.00 between lines, so the revised budget of £282,800.00 is divided differently.',
    );
    expect(await row('table-budget', 'Other running costs')).toEqual([
      'Other running costs',
      '£3,000.00',
      '\u2212£500.00',
      '£2,500.00',
      '£1,440.00',
      '£1,060.00 under',
    ]);
    expect(await row('table-budget', 'Communications')).toEqual([
      'Communications',
      '£3,000.00',
      '+£500.00',
      '£3,500.00',
      '£750.00',
      '£2,750.00 under',
    ]);
    expect(await row('table-budget', 'Total')).toEqual(['Total', '£282,800.00', '—', '£282,800.00', '£137,710.00', '£145,090.00 under']);
    // The virements are listed under the chart, with their reasons, without opening anything.
    const virements = page.locator('#panel-budget [data-virements] table');
    expect(await virements.isVisible()).toBe(true);
    expect(await text('#panel-budget [data-virements] caption')).toContain('Virements in 2025-26');
    expect(await row('panel-budget [data-virements]', 'V0001')).toEqual([
      expect.stringMatching(/^V0001\d{1,2} \w+ \d{4}, seed$/), // the id, then (a second line) when and by whom
      'Other running costs',
      'Communications',
      '£500.00',
      'Annual report print run, budgeted under other running costs, belongs to communications (illustrative)',
    ]);
    const chart = await page.evaluate(() => {
      const { Chart, document } = globalThis as any;
      const c = Chart.getChart(document.getElementById('chart-budget'));
      return c.data.datasets.map((d: { label: string; amounts: string[] }) => [
        d.label,
        d.amounts[c.data.labels.indexOf('Communications')],
      ]);
    });
    expect(chart).toEqual([
      ['Original budget', '3000.00'],
      ['Revised budget', '3500.00'],
    ]);
    expect(await page.locator('#chart-budget').getAttribute('aria-label')).toContain('1 virement moved £500.00');
  });

  it('shows 2024-25 as closed: the outturn, the year-end recharges and the breakdown', async () => {
    await page.locator('#year-select').selectOption('2024-25');
    await page.locator('#status').filter({ hasText: 'Showing 2024-25' }).waitFor();
    await chartsDrawn();
    expect(await text('#panel-forecast [data-summary]')).toContain('Outturn £279,900.00 against a budget of £203,500.00: £76,400.00 over.');
    expect(await row('table-recharge', 'Bedfordshire, Luton and Milton Keynes Integrated Care Board')).toEqual(
      expect.arrayContaining(['£81,305.00', '£29,760.00', '£111,065.00']),
    );
    expect(await row('table-recharge', 'Bedfordshire Police')).toEqual(expect.arrayContaining(['£20,390.00', '£10,440.00']));
    expect(await row('table-recharge', 'Luton Borough Council')).toEqual(expect.arrayContaining(['£101,591.00', '£36,414.00']));
    expect(await row('table-breakdown', 'Staffing (business unit)')).toEqual(['Staffing (business unit)', '£218,300.00', '78.0%']);
    expect(await text('#checks')).toContain('baselines 203,286.00 fall short of the budget set 203,500.00');
  });

  it('dates an instant (when a virement was made) by the day it fell on in London, as the service counts days', async () => {
    // 00:30 BST on 1 April 2025 is 23:30 UTC on 31 March: the virement was made in 2025-26, not 2024-25.
    // A string, so that vitest leaves the page's own dynamic import alone.
    const dates = await page.evaluate(`import('/assets/js/format.js').then((f) =>
      ['2025-03-31T23:30:00.000Z', '2025-01-31T23:30:00.000Z', '2025-10-25T23:59:59.999Z'].map(f.formatInstantDate))`);
    expect(dates).toEqual(['1 April 2025', '31 January 2025', '26 October 2025']);
  });

  it('does not call a closed year looked at as of a day inside it its outturn or its year-end recharges', async () => {
    // The API answers a closed year's forecast as of any day asked: a projection from the ledger to
    // that day. The sealed outturn (279,900.00) and the recharges invoiced are the year end's alone.
    await page.locator('#asof-input').fill('2024-09-30');
    await page.locator('#refresh').click();
    await page.locator('#status').filter({ hasText: 'as of 30 September 2024' }).waitFor();
    const { token } = await runtime.tokens.sign({ sub: 'finance@luton.example', roles: ['finance'], boardId: 'luton-sab' });
    const res = await fetch(`${runtime.url}/v1/boards/luton-sab/years/2024-25/forecast?asOf=2024-09-30`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const forecast = (await res.json()) as { status: string; projectedOutturn: string };
    expect(forecast.status).toBe('closed');
    expect(forecast.projectedOutturn).not.toBe('279900.00');
    const summary = await text('#panel-forecast [data-summary]');
    expect(summary).toMatch(/^Projected outturn /);
    expect(await text('#kpis')).not.toMatch(/Outturn £|year closed/);
    expect(await text('#table-recharge caption')).toMatch(/^Projected recharges by partner, 2024-25/);
    expect(await text('#recharge-heading')).toBe('Projected partner recharges');
    expect(await text('#panel-recharge [data-summary]')).toContain('Partners are projected to contribute');

    // Back to the year end: the outturn the close sealed, and the recharges invoiced.
    await page.locator('#asof-reset').click();
    await page.locator('#status').filter({ hasText: 'as of 31 March 2025' }).waitFor();
    expect(await text('#panel-forecast [data-summary]')).toContain('Outturn £279,900.00 against a budget of £203,500.00');
    expect(await text('#table-recharge caption')).toMatch(/^Year-end recharges by partner, 2024-25/);
    expect(await text('#recharge-heading')).toBe('Partner recharges at year end');
  });

  it('moves the forecast to another as-of date, and says politely when a year has no ledger', async () => {
    await page.locator('#year-select').selectOption('2025-26');
    await page.locator('#status').filter({ hasText: 'as of 30 September 2025' }).waitFor();
    await page.locator('#asof-input').fill('2025-06-30');
    await page.locator('#refresh').click();
    await page.locator('#status').filter({ hasText: 'as of 30 June 2025' }).waitFor();
    expect(await text('#table-forecast caption')).toContain('as of 30 June 2025');

    await page.locator('#year-select').selectOption('2023-24');
    await page.locator('#status').filter({ hasText: 'Showing 2023-24' }).waitFor();
    expect(await text('#panel-forecast [data-message]')).toContain('2023-24 is recorded from the published accounts');
    expect(await text('#panel-budget [data-message]')).toContain('2023-24 is recorded from the published accounts');
    expect(await page.locator('#panel-budget [data-virements] table').count()).toBe(0);
    expect(await page.locator('#chart-forecast').isVisible()).toBe(false);
    expect(await page.locator('#chart-contributions').isVisible()).toBe(true);
  });

  it('compares the current agreement with one edited on the page, per partner and year, as a table and a chart', async () => {
    await page.locator('#year-select').selectOption('2024-25');
    await page.locator('#status').filter({ hasText: 'Showing 2024-25' }).waitFor();
    await page.locator('#compare-current').filter({ hasText: 'Current agreement: 2024-25' }).waitFor();
    expect(await page.locator('#compare-years input:checked').count()).toBe(4);

    // Shares that do not add up to 1: the service's own words, announced, and nothing priced.
    await page.getByLabel('Share of Bedfordshire, Luton and Milton Keynes Integrated Care Board').fill('0.5');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.locator('#compare-error').filter({ hasText: 'shares must add up to exactly 1; they add up to 1.1' }).waitFor();
    expect(await page.locator('#compare-error').getAttribute('role')).toBe('alert');
    expect(await page.locator('#chart-compare').isVisible()).toBe(false);

    // 45 / 10 / 45, and SAR costs by share instead of equally.
    await page.getByLabel('Share of Bedfordshire, Luton and Milton Keynes Integrated Care Board').fill('0.45');
    await page.getByLabel('Share of Luton Borough Council').fill('0.45');
    await page.getByLabel('SAR costs (the SAR pool) split').selectOption('share');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.waitForFunction(() => (globalThis as any).document.getElementById('chart-compare')?.dataset.drawn === 'true', undefined, {
      timeout: 10_000,
    });
    expect(await page.locator('#compare-error').isVisible()).toBe(false);
    const canvas = page.locator('#chart-compare');
    expect(await canvas.getAttribute('role')).toBe('img');
    expect(await canvas.getAttribute('aria-label')).toContain('against the current agreement');
    expect(
      await page.evaluate(
        () => (globalThis as any).Chart.getChart((globalThis as any).document.getElementById('chart-compare')).data.datasets.length,
      ),
    ).toBe(3);

    const toggle = page.locator('button[aria-controls="table-compare"]');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // 2024-25 under the edit: SAR 12,000 by share = 5,400 / 1,200 / 5,400; overspend 64,400 by 45/10/45 =
    // 28,980 / 6,440 / 28,980; the host keeps the 214 shortfall. Totals 115,685 / 28,030 / 136,185.
    const section = await page.evaluate(() => {
      const bodies: any[] = [...(globalThis as any).document.querySelectorAll('#table-compare tbody')];
      const body = bodies.find((b) => b.querySelector('th[scope="rowgroup"]')?.textContent?.startsWith('2024-25'));
      return [...(body?.querySelectorAll('tr:not(.group)') ?? [])].map((tr: any) =>
        [...tr.children].map((c: any) => (c.firstChild?.textContent ?? c.textContent ?? '').trim()),
      );
    });
    expect(section).toEqual([
      ['Bedfordshire, Luton and Milton Keynes Integrated Care Board', '£111,065.00', '£111,065.00', '£115,685.00', '+£4,620.00'],
      ['Bedfordshire Police', '£30,830.00', '£30,830.00', '£28,030.00', '−£2,800.00'],
      ['Luton Borough Council', '£138,005.00', '£138,005.00', '£136,185.00', '−£1,820.00'],
      ['Total 2024-25', '£279,900.00', '£279,900.00', '£279,900.00', '£0.00'],
    ]);
    expect(await page.locator('#table-compare caption').textContent()).toContain('What each partner paid');
    expect(await page.locator('#table-compare th[scope="rowgroup"]').count()).toBe(4);
    await page.screenshot({ path: join(RESULTS, 'compare.png'), fullPage: true });
  });

  it('signs out, refuses a bad token with a message, and signs in with a pasted token', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);

    await page.getByLabel('Access token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await text('#token-error')).toContain('does not look like an access token');
    expect(await page.getByLabel('Access token').getAttribute('aria-invalid')).toBe('true');

    const { token } = await runtime.tokens.sign({ sub: 'chair@luton.example', roles: ['board'], boardId: 'luton-sab' });
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Budget, forecast and contributions' }).waitFor();
    await chartsDrawn();
    expect(await text('#user-name')).toBe('chair@luton.example');

    // Tablet, portrait: one column, still readable.
    await page.setViewportSize({ width: 820, height: 1180 });
    const columns = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as any;
      return getComputedStyle(document.querySelector('.panels')).gridTemplateColumns.split(' ').length;
    });
    expect(columns).toBe(1);
    await page.screenshot({ path: join(RESULTS, 'board-tablet.png'), fullPage: true });
  });

  it('shows finance who owes what: aged debt as a chart with its table', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole('button', { name: 'Sign out' }).click();
    const { token } = await runtime.tokens.sign({ sub: 'finance@luton.example', roles: ['finance'], boardId: 'luton-sab' });
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Who owes what: aged debt' }).waitFor();
    await page.waitForFunction(() => (globalThis as any).document.getElementById('chart-aged-debt')?.dataset.drawn === 'true', undefined, {
      timeout: 10_000,
    });
    expect(await text('#panel-aged-debt [data-summary]')).toContain('partners owe £56,675.00 in all, £56,675.00 of it overdue');
    expect(await text('#panel-aged-debt [data-summary]')).toContain(
      'Bedfordshire, Luton and Milton Keynes Integrated Care Board has £56,675.00 over 90 days overdue',
    );
    const canvas = page.locator('#chart-aged-debt');
    expect(await canvas.getAttribute('role')).toBe('img');
    expect(await canvas.getAttribute('aria-label')).toContain('£56,675.00');
    const toggle = page.locator('button[aria-controls="table-aged-debt"]');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await row('table-aged-debt', 'Bedfordshire, Luton and Milton Keynes Integrated Care Board')).toEqual([
      'Bedfordshire, Luton and Milton Keynes Integrated Care Boardblmk-icb',
      '£0.00',
      '£0.00',
      '£0.00',
      '£0.00',
      '£56,675.00',
      '£56,675.00',
    ]);
    expect(await row('table-aged-debt', 'Total')).toEqual(['Total', '£0.00', '£0.00', '£0.00', '£0.00', '£56,675.00', '£56,675.00']);
    expect(await page.locator('#table-aged-debt th[scope="col"]').count()).toBe(7);
    expect(await page.locator('#panel-statement').isVisible()).toBe(false);
    await page.screenshot({ path: join(RESULTS, 'board-finance.png'), fullPage: true });

    // A partner in credit is told apart from what partners owe, not netted against it: the same
    // answer with the council holding 1,500.00 of credit on account (a credit note left unused).
    await page.route('**/aged-debt*', async (route) => {
      const aged = await (await route.fetch()).json();
      const council = aged.partners.find((p: { partnerId: string }) => p.partnerId === 'luton-council');
      Object.assign(council, { current: '-1500.00', total: '-1500.00' });
      // The ICB holds 1,500.00 of credit not yet set against its overdue 56,675.00: it owes 55,175.00.
      const icb = aged.partners.find((p: { partnerId: string }) => p.partnerId === 'blmk-icb');
      Object.assign(icb, { current: '-1500.00', total: '55175.00' });
      await route.fulfill({ json: aged });
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForFunction(
      () => (globalThis as any).document.querySelector('#panel-aged-debt [data-summary]')?.textContent.includes('in credit'),
      undefined,
      { timeout: 10_000 },
    );
    const summary = await text('#panel-aged-debt [data-summary]');
    expect(summary).toContain('partners owe £55,175.00 in all, £55,175.00 of it overdue');
    expect(summary).toContain('Luton Borough Council is in credit by £1,500.00');
    await page.unroute('**/aged-debt*');
  });

  it("shows a partner signed in its own statement of account, and none of the board's forecasts", async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    const { token } = await runtime.tokens.sign({
      sub: 'ap@blmk-icb.example',
      roles: ['partner'],
      boardId: 'luton-sab',
      partnerId: 'blmk-icb',
    });
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account with the board' }).waitFor();
    await page.locator('#table-statement caption').waitFor();
    expect(await text('.masthead')).toContain('Luton Safeguarding Adults Board');
    expect(await text('#table-statement caption')).toContain(
      'Statement of account for Bedfordshire, Luton and Milton Keynes Integrated Care Board',
    );
    expect(await text('#panel-statement [data-summary]')).toContain('you owe £56,675.00');
    expect(await text('#table-statement')).toContain('Opening balance');
    expect(await text('#table-statement tfoot')).toContain('£56,675.00');
    for (const hidden of [
      '#panel-forecast',
      '#panel-recharge',
      '#panel-breakdown',
      '#panel-budget',
      '#panel-compare',
      '#panel-aged-debt',
      '#checks',
      '#controls',
    ]) {
      expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
    }
    // Signed in after finance in the same tab: nothing of the board-wide panels the finance officer
    // saw (the budget lines, the virements, the aged debt) is left on the page, shown or hidden.
    const kept = await text('#dashboard');
    for (const boardWide of ['Other running costs', 'V0001', 'Annual report print run', 'partners owe', 'Staffing'])
      expect(kept, boardWide).not.toContain(boardWide);
    await page.waitForFunction(() => (globalThis as any).document.getElementById('chart-contributions')?.dataset.drawn === 'true');
    expect(await text('#table-contributions')).not.toContain('Bedfordshire Police');
    await page.screenshot({ path: join(RESULTS, 'board-partner.png'), fullPage: true });

    // The same partner in a tab of its own (reloaded: nothing of an earlier session): its contributions
    // name it as the partner record does, as its statement does.
    await page.reload();
    await page.locator('#table-statement caption').waitFor();
    await page.waitForFunction(() => (globalThis as any).document.getElementById('chart-contributions')?.dataset.drawn === 'true');
    expect(await text('#table-contributions')).toContain('Bedfordshire, Luton and Milton Keynes Integrated Care Board');
  });

  it('shows what the API says on a board the seed does not show: a zero share, a line moved to zero, an overspend, a grant, a close, a partner in credit', async () => {
    const b = 'web-edge';
    const yp = `/v1/boards/${b}/years/2024-25`;
    const F = { roles: ['admin', 'finance'], boardId: b };
    const must = async (r: Promise<Answer>, what: string) => {
      const a = await r;
      if (a.status >= 300) throw new Error(`${what} -> ${a.status} ${a.text}`);
      return a;
    };
    await freshBoard(api, b, { open: false });
    await must(
      api.put(
        `/v1/boards/${b}/partners/healthwatch`,
        { name: 'Healthwatch <Luton>', kind: 'other', billing: { address: '1 High St', contact: 'Finance', email: 'hw@example.org' } },
        F,
      ),
      'partner',
    );
    const agreement = structuredClone(REFERENCE_AGREEMENT) as any;
    agreement.partners.push({ partnerId: 'healthwatch', baseline: '1000.00', share: '0' });
    await must(api.put(`${yp}/agreement`, agreement, F, { 'if-match': '"1"' }), 'agreement');
    await must(api.post(`${yp}/open`, undefined, F), 'open');
    const spend = (date: string, category: string, amount: string) =>
      must(api.post(`${yp}/expenditure`, { date, category, amount, supplier: 'Supplier', description: 'Spend' }, F), 'entry');
    await spend('2024-05-10', 'staffing', '100000.00');
    await spend('2024-08-20', 'staffing', '100000.00');
    await spend('2024-06-01', 'training', '1234.56');
    await must(api.post(`${yp}/virements`, { from: 'other', to: 'training', amount: '4500.00', reason: 'all of it' }, F), 'virement');
    // Moved out and back: the lines were moved though their net is nothing.
    await must(api.post(`${yp}/virements`, { from: 'sar', to: 'staffing', amount: '100.00', reason: 'there' }, F), 'virement');
    await must(api.post(`${yp}/virements`, { from: 'staffing', to: 'sar', amount: '100.00', reason: 'and back' }, F), 'virement');
    await must(
      api.post(
        `${yp}/other-income`,
        { date: '2024-07-01', source: 'Home Office', kind: 'grant', amount: '2000.00', description: 'Grant' },
        F,
      ),
      'grant',
    );

    const sum = (xs: string[]) => Money.sum(xs.map((x) => Money.fromStored(x))).toString();
    const money = (a: string) => {
      const [w, p] = a.replace('-', '').split('.');
      return `${a.startsWith('-') ? '\u2212' : ''}£${(w ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${p}`;
    };
    const signIn = async (claims: object) => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      const { token } = await runtime.tokens.sign({ sub: 'edge@example.org', boardId: b, ...claims } as any);
      await page.getByLabel('Access token').fill(token);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    };
    /** Every figure of the forecast, recharge, breakdown and budget tables equals the API's answer. */
    const samePage = async (closed: boolean) => {
      const forecast = (await api.get(`${yp}/forecast`, F)).body;
      for (const c of [...forecast.categories, { ...forecast.totals, name: 'Total' }]) {
        const cells = await row('table-forecast', c.name);
        expect(cells.slice(1, 6), c.name).toEqual([c.budget, c.actual, c.commitments, c.rest, c.projected].map(money));
      }
      expect(await text('#panel-forecast [data-summary]')).toContain(
        `${closed ? 'Outturn' : 'Projected outturn'} ${money(forecast.projectedOutturn)} against a budget of ${money(forecast.budgetSet)}`,
      );
      // The recharge the page shows: the forecast's, projected; once closed, the one a finance officer
      // reads at GET .../recharge, which the close sealed.
      const recharge = closed
        ? (await api.get(`${yp}/recharge`, F)).body
        : {
            ...forecast.recharge,
            baselines: sum(forecast.recharge.partners.map((r: { baseline: string }) => r.baseline)),
            contributions: sum(forecast.recharge.partners.map((r: { total: string }) => r.total)),
          };
      for (const r of recharge.partners) {
        const cells = await row('table-recharge', r.partnerId === 'healthwatch' ? 'Healthwatch <Luton>' : r.partnerId);
        expect(cells.slice(1, 4), r.partnerId).toEqual([r.baseline, r.additional, r.total].map(money));
      }
      expect((await row('table-recharge', 'Total')).slice(1, 4)).toEqual(
        [recharge.baselines, recharge.additional, recharge.contributions].map(money),
      );
      const breakdown = (await api.get(`${yp}/expenditure-breakdown`, F)).body;
      for (const r of breakdown.rows)
        expect(await row('table-breakdown', r.name), r.name).toEqual([r.name, money(r.amount), `${r.percent}%`]);
      const bva = (await api.get(`${yp}/budget-vs-actual`, F)).body;
      for (const r of [...bva.rows, { ...bva.totals, name: 'Total' }]) {
        const cells = await row('table-budget', r.name);
        expect([cells[1], cells[3], cells[4]], r.name).toEqual([r.original, r.revised, r.actual].map(money));
      }
    };

    await signIn({ roles: ['finance'] });
    await page.locator('#status').filter({ hasText: 'Showing 2024-25' }).waitFor();
    await chartsDrawn();
    await samePage(false);
    // Every line a virement moved is charted, original beside revised, those moved and moved back among them.
    const charted = await page.evaluate(() => {
      const { Chart, document } = globalThis as any;
      return [...Chart.getChart(document.getElementById('chart-budget')).data.labels].sort();
    });
    expect(charted).toEqual(['other', 'sar', 'staffing', 'training']);
    // The line the virement emptied: revised to nothing, and charted beside its original.
    expect(await row('table-budget', 'other')).toEqual(['other', '£4,500.00', '\u2212£4,500.00', '£0.00', '£0.00', 'on budget']);
    // A partner's name from the API is text, never markup.
    expect(await page.locator('#table-recharge').innerHTML()).toContain('Healthwatch &lt;Luton&gt;');

    // Closed: the page's outturn and recharges are what the close sealed.
    const asked = await must(api.post(`${yp}/close`, undefined, F), 'close');
    await must(
      api.post(`${yp}/close/approve`, undefined, { roles: ['board'], boardId: b }, { 'if-match': asked.headers.get('etag') ?? '' }),
      'approve',
    );
    // A partner in credit: the police pay their baseline, then it is credited in full.
    const baseline = (await api.get(`/v1/boards/${b}/invoices/2024-25-baseline-beds-police`, F)).body;
    await must(
      api.post(`/v1/boards/${b}/invoices/2024-25-baseline-beds-police/payments`, { date: baseline.issueDate, amount: baseline.balance }, F),
      'pay',
    );
    await must(api.post(`/v1/boards/${b}/invoices/2024-25-baseline-beds-police/credit-notes`, { reason: 'raised in error' }, F), 'credit');
    await signIn({ roles: ['finance'] });
    await page.locator('#status').filter({ hasText: 'Showing 2024-25 (closed)' }).waitFor();
    await chartsDrawn();
    await samePage(true);
    await page.waitForFunction(() => (globalThis as any).document.getElementById('chart-aged-debt')?.dataset.drawn === 'true');
    const aged = (await api.get(`/v1/boards/${b}/aged-debt`, F)).body;
    for (const p of aged.partners) {
      const cells = await row('table-aged-debt', p.partnerId === 'healthwatch' ? 'Healthwatch <Luton>' : p.partnerId);
      expect(cells.slice(1), p.partnerId).toEqual([p.current, p['1-30'], p['31-60'], p['61-90'], p['90+'], p.total].map(money));
    }
    expect(await text('#panel-aged-debt [data-summary]')).toContain('beds-police is in credit by');
    await page.screenshot({ path: join(RESULTS, 'edge-finance.png'), fullPage: true });

    // The police, signed in: their statement says what is owed to them, as the API's does.
    await signIn({ roles: ['partner'], partnerId: 'beds-police' });
    await page.locator('#table-statement caption').waitFor();
    const statement = (
      await api.get(`/v1/boards/${b}/partners/beds-police/statement`, { roles: ['partner'], boardId: b, partnerId: 'beds-police' })
    ).body;
    expect(await text('#table-statement tfoot')).toContain(money(statement.closingBalance));
    await page.screenshot({ path: join(RESULTS, 'edge-partner.png'), fullPage: true });
    await signIn({ roles: ['board'] });
    await page.locator('#status').filter({ hasText: 'Showing' }).waitFor();
  });

  it('made no third-party requests and raised no script or CSP errors', () => {
    expect([...origins].filter((o) => o !== runtime.url && o !== 'null')).toEqual([]);
    expect(problems).toEqual([]);
  });
});
