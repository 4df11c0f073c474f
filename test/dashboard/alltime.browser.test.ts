/**
 * The cumulative (all-time) downloads per developer chart on /huggingface, which the shipped history cannot show
 * (it recorded no all-time counts). A temp database holds a few SYNTHETIC Hugging Face snapshot rows WITH
 * downloads_all_time, built through runTransform, served by the app and drawn in Debian chromium.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import type { Database } from '../../db/connection.ts';
import { runTransform } from '../../transform/run.ts';
import { browserContext, watchedPage } from '../support/browser.ts';
import { tempDatabase } from '../support/tmp.ts';
import { serve, webBundle } from './serve.ts';

// SYNTHETIC rows (invented repos and counts; is_synthetic = true): one Qwen and one meta-llama model on three
// Sunday snapshots, Qwen's all-time count passing Llama's in the third week; and a Qwen model new in the second
// week, with a Hub creation time and no all-time count.
const SYNTHETIC: Array<[day: string, model: string, downloads30d: number, allTime: number | null, createdAt?: string]> =
  [
    ['2026-03-01', 'Qwen/Synthetic-Qwen-7B', 60, 100],
    ['2026-03-01', 'meta-llama/Synthetic-Llama-8B', 20, 300],
    ['2026-03-08', 'Qwen/Synthetic-Qwen-7B', 150, 250],
    ['2026-03-08', 'meta-llama/Synthetic-Llama-8B', 30, 330],
    ['2026-03-15', 'Qwen/Synthetic-Qwen-7B', 170, 420],
    ['2026-03-15', 'meta-llama/Synthetic-Llama-8B', 30, 360],
    ['2026-03-08', 'Qwen/Synthetic-Qwen-14B', 5, null, '2026-03-04 10:00:00'],
    ['2026-03-15', 'Qwen/Synthetic-Qwen-14B', 9, null, '2026-03-04 10:00:00'],
  ];

async function insertSynthetic(db: Database): Promise<void> {
  for (const [day, model, downloads30d, allTime, createdAt] of SYNTHETIC) {
    await db.run(
      `insert into raw.hf_model_snapshots
           (day, snapshot_at, model_id, downloads_30d, downloads_all_time, created_at, pipeline_tag, top_rank,
            tracked_org, lineage_only, is_synthetic, run_id)
       values ($1::date, ($1 || ' 21:00:00')::timestamp, $2, $3, $4, $5::timestamp, 'text-generation', null, true, false, true, 1)`,
      [day, model, downloads30d, allTime, createdAt ?? null],
    );
  }
}

interface DeveloperRow {
  week_start: string;
  organisation: string;
  downloads_all_time: string | null;
}

let browser: Awaited<ReturnType<typeof browserContext>>;
let site: Awaited<ReturnType<typeof serve>>;
let data: Awaited<ReturnType<typeof tempDatabase>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const bundle = webBundle();
  [data, browser] = await Promise.all([tempDatabase(), browserContext()]);
  await insertSynthetic(data.db);
  await runTransform(data.db, { now: () => new Date('2026-03-16T06:00:00Z') });
  site = await serve(createApp({ db: data.db, config: data.config, bundle: () => bundle }));
  page = await watchedPage(browser, errors);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  data?.cleanup();
});

async function open(pathAndQuery: string): Promise<void> {
  await page.goto(site.url + pathAndQuery);
  await page.waitForFunction(() => !document.querySelector('.loading') && !document.querySelector('main[aria-busy]'));
}

/** [series, data-date, data-value] of each point of a MultiLine. */
function marks(chart: string): Promise<string[][]> {
  return page.$$eval(`svg[data-chart="${chart}"] .series circle.mark`, (circles) =>
    circles.map((c) => [
      c.closest('.series')!.getAttribute('data-series')!,
      c.getAttribute('data-date')!,
      c.getAttribute('data-value')!,
    ]),
  );
}

describe('cumulative downloads per developer (/huggingface) on SYNTHETIC all-time counts', () => {
  it('draws one point per (week, developer) row of developer_downloads and no "not collected yet" notice', async () => {
    errors.length = 0;
    await open('/huggingface?attr=uploader');
    const json = await page.evaluate(async () => {
      const response = await fetch('data/developer_downloads.json?scope=llm&attribution=uploader');
      return ((await response.json()) as { rows: DeveloperRow[] }).rows;
    });
    const expected = json
      .filter((r) => r.downloads_all_time !== null)
      .map((r) => [r.organisation, r.week_start, String(r.downloads_all_time)])
      .sort();
    expect(expected).toEqual([
      ['Alibaba', '2026-02-23', '100'],
      ['Alibaba', '2026-03-02', '250'],
      ['Alibaba', '2026-03-09', '420'],
      ['Meta', '2026-02-23', '300'],
      ['Meta', '2026-03-02', '330'],
      ['Meta', '2026-03-09', '360'],
    ]);
    expect((await marks('hf-developers-all-time')).sort()).toEqual(expected);
    expect(
      await page
        .locator('svg[data-chart="hf-developers-all-time"] .hover-target[data-key="2026-03-09"]')
        .getAttribute('data-tip'),
    ).toBe('Week of 2026-03-09\nAlibaba (China): 420 (420)\nMeta (United States): 360 (360)');
    expect(await page.getByText('not collected yet').count()).toBe(0);
    expect(await page.locator('section.empty').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('draws the same points under lineage attribution (no base models: lineage is the uploader)', async () => {
    await open('/huggingface');
    expect((await marks('hf-developers-all-time')).sort()).toEqual([
      ['Alibaba', '2026-02-23', '100'],
      ['Alibaba', '2026-03-02', '250'],
      ['Alibaba', '2026-03-09', '420'],
      ['Meta', '2026-02-23', '300'],
      ['Meta', '2026-03-02', '330'],
      ['Meta', '2026-03-09', '360'],
    ]);
  });

  it('marks the new model’s Hub creation week apart from its first appearance, and hides both on request', async () => {
    await open('/huggingface');
    const created = (chart: string) =>
      page.$$eval(`svg[data-chart="${chart}"] .created-marker`, (ms) =>
        ms.map((m) => [m.getAttribute('data-created'), m.querySelector('title')!.textContent]),
      );
    const firstSeen = (chart: string) =>
      page.$$eval(`svg[data-chart="${chart}"] .marker`, (ms) => ms.map((m) => m.getAttribute('data-marker')));
    for (const chart of ['hf-tracked-share', 'hf-developers-30d', 'hf-developers-all-time']) {
      expect(await created(chart)).toEqual([
        ['2026-03-02', '2026-03-02: created on the Hub: Qwen/Synthetic-Qwen-14B (CN)'],
      ]);
      expect(await firstSeen(chart)).toEqual(['2026-03-02']);
      expect(
        await page.$$eval(`svg[data-chart="${chart}"] .legend text`, (ts) => ts.map((t) => t.textContent).slice(-2)),
      ).toEqual(['new in the rankings', 'created on the Hub']);
    }
    expect(
      await page
        .locator('svg[data-chart="hf-developers-all-time"] .hover-target[data-key="2026-03-02"]')
        .getAttribute('data-tip'),
    ).toBe(
      'Week of 2026-03-02\nMeta (United States): 330 (330)\nAlibaba (China): 250 (250)\nfirst seen: Qwen/Synthetic-Qwen-14B (CN)\ncreated on the Hub: Qwen/Synthetic-Qwen-14B (CN)',
    );
    await page.uncheck('#markers');
    await page.waitForFunction(
      () => !document.querySelector('main[aria-busy]') && !document.querySelector('svg.chart .created-marker'),
    );
    expect(await page.locator('svg.chart .created-marker, svg.chart .marker').count()).toBe(0);
  });
});
