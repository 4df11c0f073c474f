/** The page in Debian chromium against the app in this process, over SYNTHETIC mart rows (marts-fixture.ts). */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { buildWeb } from '../../dashboard/build.ts';
import { launchBrowser } from '../support/browser.ts';
import { tempDatabase } from '../support/tmp.ts';
import { createEmptyMarts, createSyntheticMarts } from './marts-fixture.ts';
import { serve } from './serve.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const MARTS = () => ['openrouter_weekly_origin_share', 'openrouter_weekly_top_models'];

type Site = { url: string; close: () => Promise<void>; cleanup: () => void };

let browser: Awaited<ReturnType<typeof launchBrowser>>;
const sites: Record<'full' | 'empty' | 'unbuilt', Site> = {} as never;

async function site(fill: ((db: Awaited<ReturnType<typeof tempDatabase>>['db']) => Promise<void>) | null, bundle: ReturnType<typeof buildWeb>): Promise<Site> {
  const t = await tempDatabase();
  if (fill) await fill(t.db);
  const server = await serve(createApp({ db: t.db, config: t.config, martNames: MARTS, bundle: () => bundle }));
  return { ...server, cleanup: t.cleanup };
}

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const bundle = buildWeb();
  sites.full = await site(createSyntheticMarts, bundle);
  sites.empty = await site(createEmptyMarts, bundle);
  sites.unbuilt = await site(null, bundle);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const s of Object.values(sites)) {
    await s.close();
    s.cleanup();
  }
});

/** Opens the page at a width and waits until it has replaced its loading text; collects console errors. */
async function open(url: string, width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url);
  await page.waitForFunction(() => !document.querySelector('.loading'));
  return { page, errors };
}

describe('the dashboard page', () => {
  it('draws one count point per week, the share band, the latest complete week and the citation', async () => {
    const { page, errors } = await open(sites.full.url, 1024);
    const count = await page.$$eval('svg[data-chart="cn-top20-count"] [data-week]', (marks) =>
      marks.map((m) => [m.getAttribute('data-week'), m.getAttribute('data-value'), m.getAttribute('data-complete')]),
    );
    expect(count).toEqual([
      ['2026-04-06', '6', 'true'],
      ['2026-04-13', '7', 'true'],
      ['2026-04-20', '8', 'true'],
      ['2026-04-27', '9', 'false'],
    ]);
    expect(await page.getAttribute('svg[data-chart="cn-top20-count"]', 'role')).toBe('img');
    expect(await page.locator('svg[data-chart="cn-token-share"] path.band[data-band="cn-token-share"]').count()).toBe(1);
    expect(
      await page.$$eval('svg[data-chart="cn-token-share"] [data-week]', (marks) => marks.map((m) => m.getAttribute('data-value'))),
    ).toEqual(['0.3', '0.32', '0.35', '0.38']);

    expect(await page.textContent('#top-title')).toBe('Top 20 models, week of 2026-04-20');
    const table = await page.$$eval('table.top-models tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(table).toEqual([
      ['1', 'anthropic/claude-sonnet-4', 'US', '950.0B'],
      ['2', 'deepseek/deepseek-v3.2', 'CN', '610.0B'],
      ['3', 'qwen/qwen3-coder:free', 'CN', '480.5B'],
      ['4', 'stealth/mystery-model', 'UNKNOWN', '12.3M'],
    ]);

    expect(await page.textContent('.citation')).toBe(
      'Source: OpenRouter (openrouter.ai/rankings), as of 2026-04-29 02:00:00 UTC. Licence: CC BY 4.0.',
    );
    expect(await page.getAttribute('.citation a[rel="license"]', 'href')).toBe('https://creativecommons.org/licenses/by/4.0/');
    const definitions = await page.$$eval('.definition', (nodes) => nodes.map((n) => n.textContent));
    expect(definitions).toHaveLength(3);
    expect(definitions[0]).toContain('definition: token_share_top50 = origin tokens / named tokens');
    expect(definitions[2]).toContain('openrouter_weekly_top_models: synthetic test header');
    expect(await page.$$eval('details.definition', (nodes) => nodes.map((n) => (n as HTMLDetailsElement).open))).toEqual([
      true,
      true,
      true,
    ]);

    const csvLinks = await page.$$eval('a.csv', (links) => links.map((a) => a.getAttribute('href')));
    expect(csvLinks).toEqual([
      'data/openrouter_weekly_origin_share.csv?category=all&origin_country=CN',
      'data/openrouter_weekly_origin_share.csv?category=all&origin_country=CN',
      'data/openrouter_weekly_top_models.csv?category=all&week_start=2026-04-20&_sort=rank&_limit=20',
    ]);
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), csvLinks[2]);
    expect(csv.split('\n')[1]).toBe(
      '2026-04-20,all,1,anthropic/claude-sonnet-4,anthropic,Anthropic,US,950000000000,7,2026-04-28 02:00:00',
    );

    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-1024.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    const { page, errors } = await open(sites.full.url, 360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const widths = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => Math.round(s.getBoundingClientRect().width)));
    expect(widths).toHaveLength(2);
    for (const w of widths) expect(w).toBeLessThanOrEqual(336);
    // Definitions fold away on a phone, one tap from their chart.
    expect(await page.$$eval('details.definition', (nodes) => nodes.map((n) => (n as HTMLDetailsElement).open))).toEqual([
      false,
      false,
      false,
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-360.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says why there is nothing to draw when the marts have no rows', async () => {
    const { page, errors } = await open(sites.empty.url, 1024);
    expect(await page.textContent('.empty p')).toBe(
      'No OpenRouter data yet: set OPENROUTER_API_KEY or wait for the seed history to load. ' +
        'The charts appear once the first week of rankings has been collected and transformed.',
    );
    expect(await page.locator('svg.chart').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-empty.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says the tables are not built yet on a fresh database, with no failed request', async () => {
    const { page, errors } = await open(sites.unbuilt.url, 1024);
    expect(await page.textContent('.empty h2')).toBe('No data yet');
    expect(await page.textContent('.empty p')).toContain('have not been built yet');
    expect(await page.locator('svg.chart').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('launchBrowser()', () => {
  it('fails with the install command when chromium is missing, rather than skipping', async () => {
    await expect(launchBrowser({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      'Chromium is not installed at /nonexistent/chromium: install it with `apt-get update && apt-get install -y chromium`',
    );
  });
});
