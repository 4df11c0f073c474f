/**
 * The dashboard's second edition (issue 8) in Debian chromium, over the REAL shipped seed history as a fresh install
 * loads it, with the server's clock on 2028-01-01: long after the history ends, as for anyone who runs it without a
 * key or network. Nothing here depends on how many days the shipped history holds: expected values are read from
 * the same JSON routes the page uses, or are the page's own words. Screenshots of every view at 1440x900 and
 * 360x740 go to test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { buildWeb } from '../../dashboard/build.ts';
import { launchBrowser } from '../support/browser.ts';
import { seededDatabase } from './seeded.ts';
import { serve } from './serve.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const NOW = new Date('2028-01-01T06:00:00Z');

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serve>>;
let data: Awaited<ReturnType<typeof seededDatabase>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(path.join(SCREENSHOTS, 'parts'), { recursive: true });
  const bundle = buildWeb();
  [data, browser] = await Promise.all([seededDatabase(), launchBrowser()]);
  site = await serve(createApp({ db: data.db, config: data.config, now: () => NOW, bundle: () => bundle }));
  page = await browser.context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  data?.cleanup();
});

async function open(pathAndQuery: string, viewport = { width: 1440, height: 900 }): Promise<void> {
  await page.setViewportSize(viewport);
  await page.goto(site.url + pathAndQuery);
  await page.waitForFunction(() => !document.querySelector('.loading') && !document.querySelector('main[aria-busy]'));
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  // With SCREENSHOT_PARTS=1, a long page also in screen-high parts, to look at without shrinking.
  if (process.env.SCREENSHOT_PARTS !== '1') return;
  const { width, height } = page.viewportSize()!;
  const total = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, i = 1; y < total && i <= 8; y += height, i++) {
    await page.screenshot({ path: path.join(SCREENSHOTS, 'parts', `${name}-${i}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(height, total - y) } });
  }
}

/** The model ranked first in the latest week of the shipped history, read from the route the page reads. */
async function topModel(): Promise<string> {
  const res = await fetch(`${site.url}/data/openrouter_weekly_top_models.json?category=all&rank=1&_sort=-week_start&_limit=1`);
  return ((await res.json()) as { rows: Array<{ model_permaslug: string }> }).rows[0]!.model_permaslug;
}

async function topHubModel(): Promise<string> {
  const res = await fetch(`${site.url}/data/hf_top_models.json?rank=1&_sort=-day&_limit=1`);
  return ((await res.json()) as { rows: Array<{ model_id: string }> }).rows[0]!.model_id;
}

const VIEWS = ['/', '/openrouter', '/huggingface', '/digest', '/status', '/method', 'model:openrouter', 'model:huggingface'];

describe('screenshots of every view', () => {
  for (const entry of VIEWS) {
    it(`${entry} at 1440x900 and 360x740, without errors`, async () => {
      errors.length = 0;
      const [view, name] = entry.startsWith('model:')
        ? entry === 'model:openrouter'
          ? [`/model?id=${encodeURIComponent(await topModel())}`, 'model-openrouter']
          : [`/model?channel=huggingface&id=${encodeURIComponent(await topHubModel())}`, 'model-huggingface']
        : [entry, entry === '/' ? 'overview' : entry.slice(1)];
      await open(view);
      await shot(`v2-${name}-1440`);
      await open(view, { width: 360, height: 740 });
      await shot(`v2-${name}-360`);
      // Nothing wider than the screen at 360 px: wide tables wrap instead of scrolling the page.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(errors).toEqual([]);
    });
  }
});
