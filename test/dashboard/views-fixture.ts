/**
 * The fixture of the views browser tests (views-*.browser.test.ts): the app over the REAL shipped seed history (a
 * copy of the run's seeded template, test/dashboard/seeded.ts) served in this process, one Chromium context and one
 * page per test file, and the helpers and expected series those files share. They take no screenshots:
 * second-edition-screenshots.browser.test.ts saves the one set, every view at 1440 and 360 px.
 */
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { browserContext, downloadText, watchedPage } from '../support/browser.ts';
import { seededDatabase } from './seeded.ts';
import { serve, webBundle } from './serve.ts';

export let browser: Awaited<ReturnType<typeof browserContext>>;
export let site: Awaited<ReturnType<typeof serve>>;
export let data: Awaited<ReturnType<typeof seededDatabase>>;
export let page: Page;
export const errors: string[] = [];

/** Registers the file's hooks: the seeded app served in this process, one Chromium and one page for every test. */
export function useViewsSite(): void {
  beforeAll(async () => {
    const bundle = webBundle();
    [data, browser] = await Promise.all([seededDatabase(), browserContext()]);
    // As `serve` runs it: answers kept per data version (the copy is never written), so a view opened again is
    // answered from the response cache, not by DuckDB again.
    site = await serve(
      createApp({ db: data.db, config: data.config, bundle: () => bundle, dataVersion: () => 'seeded' }),
    );
    page = await watchedPage(browser, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    data?.cleanup();
  });
}

/** Waits until the view has drawn (no loading text, no redraw under way). */
export async function settled(): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.loading') && !document.querySelector('main[aria-busy]'));
}

export async function open(pathAndQuery: string, width = 1024): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(site.url + pathAndQuery);
  await settled();
}

/** [data-week, data-value] of each point of a WeeklyLine. */
export function points(chart: string): Promise<string[][]> {
  return page.$$eval(`svg[data-chart="${chart}"] .points [data-week]`, (marks) =>
    marks.map((m) => [m.getAttribute('data-week')!, m.getAttribute('data-value')!]),
  );
}

/** [data-date, data-value] of one origin group's line in the top-N count chart. */
export function countMarks(group = 'CN'): Promise<string[][]> {
  return page.$$eval(`svg[data-chart="or-top-n-by-origin"] [data-series="${group}"] circle.mark`, (marks) =>
    marks.map((m) => [m.getAttribute('data-date')!, m.getAttribute('data-value')!]),
  );
}

export function query(): Promise<string> {
  return page.evaluate(() => location.search);
}

export async function downloaded(action: () => Promise<unknown>): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), action()])) as [Download, unknown];
  return { name: download.suggestedFilename(), text: await downloadText(download) };
}

/** Splits a downloaded CSV into its `# ` comment lines and its rows (fields without quotes in these files). */
export function parseCsv(text: string): { comments: string[]; header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  const comments = lines.filter((l) => l.startsWith('# ')).map((l) => l.slice(2));
  const [header, ...rows] = lines.filter((l) => !l.startsWith('# ')).map((l) => l.split(','));
  return { comments, header: header!, rows };
}

// python3 over both shipped OpenRouter files (latest value per day x model, weekly sums, registry origins)
export const CN_TOP20 = [
  ['2024-12-30', '2'],
  ['2025-01-06', '2'],
  ['2025-01-13', '1'],
  ['2025-01-20', '3'],
  ['2025-01-27', '4'],
  ['2025-02-03', '4'],
  ['2025-02-10', '3'],
  ['2025-02-17', '4'],
  ['2025-02-24', '4'],
  ['2025-03-03', '4'],
  ['2025-03-10', '4'],
  ['2025-03-17', '5'],
  ['2025-03-24', '6'],
  ['2025-03-31', '4'],
  ['2025-04-07', '3'],
  ['2025-04-14', '3'],
  ['2025-04-21', '3'],
  ['2025-04-28', '3'],
  ['2025-05-05', '4'],
  ['2025-05-12', '4'],
  ['2025-05-19', '3'],
  ['2025-05-26', '4'],
  ['2025-06-02', '4'],
  ['2025-06-09', '4'],
  ['2025-06-16', '4'],
  ['2025-06-23', '4'],
  ['2025-06-30', '4'],
  ['2025-07-07', '4'],
  ['2025-07-14', '5'],
  ['2025-07-21', '7'],
  ['2025-07-28', '5'],
  ['2025-08-04', '9'],
  ['2025-08-11', '8'],
  ['2025-08-18', '8'],
  ['2025-08-25', '6'],
  ['2025-09-01', '7'],
  ['2025-09-08', '7'],
  ['2025-09-15', '4'],
  ['2025-09-22', '5'],
  ['2025-09-29', '4'],
  ['2025-10-06', '5'],
  ['2025-10-13', '3'],
  ['2025-10-20', '4'],
  ['2025-10-27', '5'],
  ['2025-11-03', '5'],
  ['2025-11-10', '5'],
  ['2025-11-17', '5'],
  ['2025-11-24', '4'],
  ['2025-12-01', '4'],
  ['2025-12-08', '5'],
  ['2025-12-15', '5'],
  ['2025-12-22', '5'],
  ['2025-12-29', '5'],
  ['2026-01-05', '5'],
  ['2026-01-12', '4'],
  ['2026-01-19', '6'],
  ['2026-01-26', '4'],
  ['2026-02-02', '4'],
  ['2026-02-09', '6'],
  ['2026-02-16', '5'],
  ['2026-02-23', '6'],
  ['2026-03-02', '5'],
  ['2026-03-09', '6'],
  ['2026-03-16', '8'],
  ['2026-03-23', '9'],
  ['2026-03-30', '11'],
  ['2026-04-06', '9'],
  ['2026-04-13', '8'],
  ['2026-04-20', '9'],
  ['2026-04-27', '9'],
  ['2026-05-04', '9'],
  ['2026-05-11', '9'],
  ['2026-05-18', '7'],
  ['2026-05-25', '8'],
  ['2026-06-01', '8'],
  ['2026-06-08', '10'],
  ['2026-06-15', '11'],
  ['2026-06-22', '10'],
  ['2026-06-29', '8'],
  ['2026-07-06', '8'],
  ['2026-07-13', '8'],
  ['2026-07-20', '10'],
  ['2026-07-27', '11'],
  ['2026-08-03', '10'],
  ['2026-08-10', '9'],
  ['2026-08-17', '9'],
  ['2026-08-24', '12'],
  ['2026-08-31', '12'],
  ['2026-09-07', '12'],
  ['2026-09-14', '11'],
  ['2026-09-21', '10'],
  ['2026-09-28', '10'],
  ['2026-10-05', '10'],
];
