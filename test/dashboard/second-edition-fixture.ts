/**
 * The fixture of the second-edition browser tests (second-edition*.browser.test.ts): the app over the REAL shipped
 * seed history (a copy of the run's seeded template, test/dashboard/seeded.ts) with the server's clock on 2028-01-01,
 * one Chromium context and one page per test file, and the helpers those files share.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { browserContext, watchedPage } from '../support/browser.ts';
import { seededDatabase } from './seeded.ts';
import { serve, webBundle } from './serve.ts';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
export const NOW = new Date('2028-01-01T06:00:00Z');

export let browser: Awaited<ReturnType<typeof browserContext>>;
export let site: Awaited<ReturnType<typeof serve>>;
export let data: Awaited<ReturnType<typeof seededDatabase>>;
export let page: Page;
export const errors: string[] = [];

/** Registers the file's hooks: the seeded app served in this process with its clock on NOW, one Chromium and one page. */
export function useSecondEditionSite(): void {
  beforeAll(async () => {
    fs.mkdirSync(path.join(SCREENSHOTS, 'parts'), { recursive: true });
    const bundle = webBundle();
    [data, browser] = await Promise.all([seededDatabase(), browserContext()]);
    // The scheduler's view: OpenRouter has no key (as on a fresh install); Hugging Face is scheduled but never ran.
    const jobs = () => [
      { job: 'openrouter', schedule: '30 3 * * *', nextRunAt: null, unavailable: 'OPENROUTER_API_KEY is not set' },
      { job: 'huggingface', schedule: '20 3 * * *', nextRunAt: '2028-01-02T03:20:00.000Z', unavailable: null },
    ];
    // As `serve` runs it: answers kept per data version (the copy is never written; see views-fixture.ts).
    site = await serve(
      createApp({
        db: data.db,
        config: data.config,
        now: () => NOW,
        jobs,
        bundle: () => bundle,
        dataVersion: () => 'seeded',
      }),
    );
    page = await watchedPage(browser, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    data?.cleanup();
  });
}

export async function open(pathAndQuery: string, viewport = { width: 1440, height: 900 }): Promise<void> {
  await page.setViewportSize(viewport);
  await page.goto(site.url + pathAndQuery);
  await page.waitForFunction(() => !document.querySelector('.loading') && !document.querySelector('main[aria-busy]'));
}

export async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  // With SCREENSHOT_PARTS=1, a long page also in screen-high parts, to look at without shrinking.
  if (process.env.SCREENSHOT_PARTS !== '1') return;
  const { width, height } = page.viewportSize()!;
  const total = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, i = 1; y < total && i <= 8; y += height, i++) {
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'parts', `${name}-${i}.png`),
      fullPage: true,
      clip: { x: 0, y, width, height: Math.min(height, total - y) },
    });
  }
}

/** The model ranked first in the latest week of the shipped history, read from the route the page reads. */
export async function topModel(): Promise<string> {
  const res = await fetch(
    `${site.url}/data/openrouter_weekly_top_models.json?category=all&rank=1&_sort=-week_start&_limit=1`,
  );
  return ((await res.json()) as { rows: Array<{ model_permaslug: string }> }).rows[0]!.model_permaslug;
}

export async function topHubModel(): Promise<string> {
  const res = await fetch(`${site.url}/data/hf_top_models.json?rank=1&_sort=-day&_limit=1`);
  return ((await res.json()) as { rows: Array<{ model_id: string }> }).rows[0]!.model_id;
}

export async function status(): Promise<{
  freshness: { openrouter: { latest_day: string }; huggingface: { latest_day: string } };
}> {
  return (await fetch(`${site.url}/api/status`)).json() as never;
}

export const VIEWS = [
  '/',
  '/openrouter',
  '/huggingface',
  '/claims',
  '/digest',
  '/status',
  '/method',
  'model:openrouter',
  'model:huggingface',
];
