/**
 * Every view in Debian chromium, against the app in this process over the REAL shipped seed history (loaded by the
 * seed loaders and transformed, as on first start). Expected values were read from the marts built from
 * ingest/seed-history/ and are written here as literals; marks are also compared with the JSON the page used.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { buildWeb } from '../../dashboard/build.ts';
import { launchBrowser } from '../support/browser.ts';
import { seededDatabase } from './seeded.ts';
import { serve } from './serve.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: Awaited<ReturnType<typeof serve>>;
let data: Awaited<ReturnType<typeof seededDatabase>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const bundle = buildWeb();
  [data, browser] = await Promise.all([seededDatabase(), launchBrowser()]);
  site = await serve(createApp({ db: data.db, config: data.config, bundle: () => bundle }));
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

/** Waits until the view has drawn (no loading text, no redraw under way). */
async function settled(): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.loading') && !document.querySelector('main[aria-busy]'));
}

async function open(pathAndQuery: string, width = 1024): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(site.url + pathAndQuery);
  await settled();
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** [data-week, data-value] of each point of a WeeklyLine. */
function points(chart: string): Promise<string[][]> {
  return page.$$eval(`svg[data-chart="${chart}"] .points [data-week]`, (marks) =>
    marks.map((m) => [m.getAttribute('data-week')!, m.getAttribute('data-value')!]),
  );
}

/** [data-date, data-value] of one origin group's line in the top-N count chart. */
function countMarks(group = 'CN'): Promise<string[][]> {
  return page.$$eval(`svg[data-chart="or-top-n-by-origin"] [data-series="${group}"] circle.mark`, (marks) =>
    marks.map((m) => [m.getAttribute('data-date')!, m.getAttribute('data-value')!]),
  );
}

function query(): Promise<string> {
  return page.evaluate(() => location.search);
}

async function downloaded(action: () => Promise<unknown>): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), action()])) as [Download, unknown];
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file!, 'utf8') };
}

/** Splits a downloaded CSV into its `# ` comment lines and its rows (fields without quotes in these files). */
function parseCsv(text: string): { comments: string[]; header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  const comments = lines.filter((l) => l.startsWith('# ')).map((l) => l.slice(2));
  const [header, ...rows] = lines.filter((l) => !l.startsWith('# ')).map((l) => l.split(','));
  return { comments, header: header!, rows };
}

// python3 over both shipped OpenRouter files (latest value per day x model, weekly sums, registry origins)
const CN_TOP20 = [
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

describe('the overview (/)', () => {
  it('shows a card per headline of /api/headlines with a value, each with its change, trend and definition in words', async () => {
    errors.length = 0;
    await open('/');
    const cards = await page.$$eval('[data-headline]', (items) =>
      items.map((i) => ({
        id: i.getAttribute('data-headline'),
        value: i.querySelector('.headline-value')?.textContent,
        change: i.querySelector('.headline-change')?.textContent ?? null,
        trend: Number(i.querySelector('svg.sparkline')?.getAttribute('data-points')),
      })),
    );
    expect(cards).toEqual([
      { id: 'or_models_in_top_20', value: '10 of 20', change: '0 against the week before', trend: 89 },
      { id: 'or_token_share_top50', value: '48.8%', change: '−10.7 pts against the week before', trend: 89 },
      {
        id: 'or_token_share_all',
        value: '45.8% to 51.9%',
        change: 'low −9.6 pts, high −10.4 pts against the week before',
        trend: 89,
      },
      {
        id: 'hf_top30_all_uploader_downloads_30d_share',
        value: '20.3%',
        change: '+0.4 pts against the week before',
        trend: 25,
      },
      {
        id: 'hf_tracked_llm_lineage_downloads_30d_share',
        value: '58.8%',
        change: '−5.4 pts against the week before',
        trend: 25,
      },
    ]);
    // The metric without a value yet is listed below the cards with the reason, not given a card.
    const headlines = await page.evaluate(async () =>
      (await (await fetch('api/headlines?origin=CN')).json()).headlines.map((h: { metric: string }) => h.metric),
    );
    expect([...cards.map((c) => c.id), 'hf_tracked_llm_lineage_downloads_all_time']).toEqual(headlines);
    expect(await page.textContent('[data-missing="hf_tracked_llm_lineage_downloads_all_time"]')).toBe(
      'All-time downloads of Chinese models, tracked Hugging Face models (language models, by lineage): No value: no complete week of this metric yet. ' +
        'The shipped history recorded only 30-day counts; all-time counts start with the first daily Hugging Face collection.',
    );
    expect(await page.textContent('[data-headline="or_models_in_top_20"] .headline-sentence')).toBe(
      '10 of the top 20 models on OpenRouter in the week of 2026-09-28 are Chinese.',
    );
    // The current week is partial: said by what it is, not mixed into the card's number.
    expect(await page.textContent('[data-headline="or_models_in_top_20"] .headline-partial')).toBe(
      'Week of 2026-10-05 (partial week: 5 of 7 days): 10; a partial week is not compared.',
    );
    // The definition in words is always shown, and tied to the card for screen readers.
    const definition = page.locator('[data-headline="or_models_in_top_20"] .headline-definition');
    expect(await definition.isVisible()).toBe(true);
    expect(await definition.textContent()).toContain(
      'How many of the 20 models with the most tokens on OpenRouter that week are made by developers based in China.',
    );
    expect(await page.getAttribute('[data-headline="or_models_in_top_20"] article', 'aria-describedby')).toBe(
      'headline-or_models_in_top_20-definition',
    );
    await shot('overview-1024');
    expect(errors).toEqual([]);
  });

  it('draws the Chinese share on both channels on one axis: a point per weekly_metrics row of each line', async () => {
    errors.length = 0;
    await open('/');
    const series = await page.$$eval('svg[data-chart="both-channels"] .series', (groups) =>
      groups.map((g) => [g.getAttribute('data-series'), g.querySelectorAll('circle.mark').length]),
    );
    expect(series).toEqual([
      ['or_token_share_top50', 93],
      ['hf_tracked_llm_lineage_downloads_30d_share', 26],
      ['hf_top30_llm_lineage_downloads_30d_share', 26],
    ]);
    for (const [metric, count] of series) {
      const rows = await page.evaluate(
        async (m) => (await (await fetch(`data/weekly_metrics.json?origin_country=CN&metric=${m}`)).json()).rows.length,
        metric as string,
      );
      expect(rows).toBe(count);
    }
    // In the shipped history the tracked models are the top 30 alone: the page says why one line hides the other.
    expect(await page.textContent('[data-card="both-channels"] .notice')).toBe(
      'The two Hugging Face lines coincide in this range: the tracked models were the top 30 alone.',
    );
    expect(await page.$$eval('.line-definitions dt', (dts) => dts.map((d) => d.textContent))).toEqual([
      'OpenRouter: share of named models’ tokens',
      'Hugging Face: share of tracked downloads',
      'Hugging Face: share of the top 30’s downloads',
    ]);
    // The uploader / all-models toggles redraw the Hugging Face lines from their own metrics.
    await page.check('#attr-uploader');
    await settled();
    await page.check('#scope-all');
    await settled();
    expect(await query()).toBe('?attr=uploader&scope=all');
    expect(
      await page.$$eval('svg[data-chart="both-channels"] .series', (groups) =>
        groups.map((g) => g.getAttribute('data-series')),
      ),
    ).toEqual([
      'or_token_share_top50',
      'hf_tracked_all_uploader_downloads_30d_share',
      'hf_top30_all_uploader_downloads_30d_share',
    ]);
    expect(
      await page.getAttribute(
        'svg[data-chart="both-channels"] [data-series="hf_tracked_all_uploader_downloads_30d_share"] circle[data-date="2026-08-10"]',
        'data-value',
      ),
    ).toBe('0.20281287560585265');
    expect(errors).toEqual([]);
  });
});

describe('the OpenRouter view (/openrouter)', () => {
  it('draws one count point per week and origin group of openrouter_weekly_origin_share, and the N selector changes the counts', async () => {
    errors.length = 0;
    await open('/openrouter');
    expect(await countMarks()).toEqual(CN_TOP20);
    // Countries beyond China: every group with a model in the top 20 gets a line, labelled at its end.
    expect(
      await page.$$eval('svg[data-chart="or-top-n-by-origin"] .series', (g) =>
        g.map((x) => x.getAttribute('data-series')),
      ),
    ).toEqual(['CN', 'US', 'other', 'UNKNOWN']);
    const labels = await page.$$eval('svg[data-chart="or-top-n-by-origin"] .end-label', (t) =>
      t.map((x) => x.textContent!),
    );
    expect(labels.map((l) => l.replace(/ \d+$/, '')).sort()).toEqual([
      'China',
      'Other countries',
      'United States',
      'Unknown origin',
    ]);
    // The latest week's count at the end of China's line.
    expect(labels).toContain('China 10');
    expect(await page.textContent('[data-card="or-top-n-by-origin"] .notice')).toBe(
      'Partial weeks, drawn hollow: 2024-12-30, 2025-06-09, 2025-07-14 (fewer than 7 days); 2026-10-05 (5 of 7 days).',
    );
    expect(
      await page.$$eval('svg[data-chart="or-top-n-by-origin"] [data-series="CN"] circle.mark[fill="#fff"]', (marks) =>
        marks.map((m) => m.getAttribute('data-date')),
      ),
    ).toEqual(['2024-12-30', '2025-06-09', '2025-07-14', '2026-10-05']);
    // The card's JSON link is the route the chart is drawn from.
    const json = await page.getAttribute('[data-card="or-top-n-by-origin"] a[data-download="json"]', 'href');
    expect(json).toBe('data/openrouter_weekly_origin_share.json?category=all');
    const weeks = await page.evaluate(async (url) => {
      const body = await (await fetch(`${url}&origin_country=CN`)).json();
      return body.rows.map((r: { week_start: string; models_in_top_20: number }) => [
        r.week_start,
        String(r.models_in_top_20),
      ]);
    }, json!);
    expect(weeks).toEqual(CN_TOP20);

    await page.selectOption('#top-n', '10');
    await settled();
    expect(await query()).toBe('?n=10');
    expect((await countMarks()).find(([w]) => w === '2026-08-10')).toEqual(['2026-08-10', '6']);
    await page.selectOption('#top-n', '50');
    await settled();
    expect(await query()).toBe('?n=50');
    expect((await countMarks()).find(([w]) => w === '2026-08-10')).toEqual(['2026-08-10', '15']);
    expect(await page.textContent('[data-card="or-top-n-by-origin"] h3')).toBe(
      'How many of OpenRouter’s weekly top 50 models are Chinese',
    );

    // Back and forward walk the same states, controls and marks included.
    await page.goBack();
    await settled();
    expect(await query()).toBe('?n=10');
    expect(await page.inputValue('#top-n')).toBe('10');
    expect((await countMarks()).find(([w]) => w === '2026-08-10')).toEqual(['2026-08-10', '6']);
    await page.goBack();
    await settled();
    expect(await query()).toBe('');
    expect(await countMarks()).toEqual(CN_TOP20);
    await page.goForward();
    await settled();
    expect(await page.inputValue('#top-n')).toBe('10');
    expect(errors).toEqual([]);
  });

  it('counts a model as a family on request: the lines are openrouter_weekly_origin_family_share, the CSV says so', async () => {
    errors.length = 0;
    await open('/openrouter');
    await page.selectOption('#count-as', 'family');
    await settled();
    expect(await query()).toBe('?count=family');
    expect(await page.textContent('[data-card="or-top-n-by-origin"] h3')).toBe(
      'How many of OpenRouter’s weekly top 20 model families are Chinese',
    );
    const drawn = await countMarks();
    expect(drawn).toHaveLength(93);
    // python3 over both shipped files (family = permaslug without variant tag and 8-digit date suffix): DeepSeek V4
    // Flash holds two of the top 20 permaslugs in the week of 2026-08-10, one family.
    const picked = (rows: string[][]) => rows.filter(([w]) => ['2025-11-17', '2026-08-10', '2026-09-28'].includes(w!));
    expect(picked(drawn)).toEqual([
      ['2025-11-17', '5'],
      ['2026-08-10', '8'],
      ['2026-09-28', '10'],
    ]);
    expect(picked(CN_TOP20)).toEqual([
      ['2025-11-17', '5'],
      ['2026-08-10', '9'],
      ['2026-09-28', '10'],
    ]);
    const json = await page.getAttribute('[data-card="or-top-n-by-origin"] a[data-download="json"]', 'href');
    expect(json).toBe('data/openrouter_weekly_origin_family_share.json?category=all');
    const fromJson = await page.evaluate(async (url) => {
      const body = await (await fetch(`${url}&origin_country=CN`)).json();
      return body.rows.map((r: { week_start: string; families_in_top_20: number }) => [
        r.week_start,
        String(r.families_in_top_20),
      ]);
    }, json!);
    expect(fromJson).toEqual(drawn);
    const csv = parseCsv(
      (await downloaded(() => page.click('[data-card="or-top-n-by-origin"] button[data-download="csv"]'))).text,
    );
    expect(csv.header).toEqual([
      'week_start',
      'top_n',
      'origin_group',
      'origin_countries',
      'families_in_top_n',
      'is_complete_week',
    ]);
    expect(csv.rows.filter((r) => r[2] === 'CN').map((r) => [r[0], r[4]])).toEqual(drawn);
    await page.selectOption('#count-as', 'permaslug');
    await settled();
    expect(await query()).toBe('');
    expect(await countMarks()).toEqual(CN_TOP20);
    expect(errors).toEqual([]);
  });

  it('stacks the token share by origin group: each week’s drawn values are the JSON rows summed by group', async () => {
    errors.length = 0;
    await open('/openrouter');
    const drawn = await page.$$eval('svg[data-chart="or-origin-share"] .hover-target', (targets) =>
      targets.map((t) => [t.getAttribute('data-key'), t.getAttribute('data-values')]),
    );
    expect(drawn).toHaveLength(93);
    expect(drawn.find(([k]) => k === '2026-08-10')).toEqual([
      '2026-08-10',
      // CA + FR + KR are "other countries".
      'CN=0.6119906936431857;US=0.37922108167575985;other=0.008788224681054394',
    ]);
    const expected = await page.evaluate(async () => {
      const { rows } = await (await fetch('data/openrouter_weekly_origin_share.json?category=all')).json();
      const out = new Map<string, Map<string, number>>();
      for (const r of rows as Array<{ week_start: string; origin_country: string; token_share_top50: number }>) {
        const group = ['CN', 'US', 'INTL', 'UNKNOWN'].includes(r.origin_country) ? r.origin_country : 'other';
        const week = out.get(r.week_start) ?? new Map<string, number>();
        week.set(group, (week.get(group) ?? 0) + r.token_share_top50);
        out.set(r.week_start, week);
      }
      const order = ['CN', 'US', 'other', 'INTL', 'UNKNOWN'];
      return [...out.entries()].map(([w, groups]) => [
        w,
        order
          .filter((g) => groups.has(g))
          .map((g) => `${g}=${groups.get(g)}`)
          .join(';'),
      ]);
    });
    expect(drawn).toEqual(expected);
    expect(
      await page.$$eval('svg[data-chart="or-origin-share"] path.area', (paths) =>
        paths.map((p) => p.getAttribute('data-group')),
      ),
    ).toEqual(['CN', 'US', 'other', 'INTL', 'UNKNOWN']);
    expect(errors).toEqual([]);
  });

  it('draws the Chinese share line with its low/high band and shows exact values on hover and on arrow keys', async () => {
    errors.length = 0;
    await open('/openrouter');
    expect(await page.locator('svg[data-chart="or-cn-share"] path.band').count()).toBe(1);
    expect((await points('or-cn-share')).map(([w]) => w)).toEqual(CN_TOP20.map(([w]) => w));
    // Only entries to the top 10 are marked now: deepseek-v4-pro entered at 16, so this week has no marker line.
    const week0810 = 'Week of 2026-08-10: 61.2%; share of all tokens (low to high): 57.3% to 63.7%';
    await page.hover('svg[data-chart="or-cn-share"] .hover-target[data-key="2026-08-10"]');
    expect(await page.innerText('#chart-tooltip')).toBe(week0810);
    await page.mouse.move(0, 0);
    await page.focus('svg[data-chart="or-cn-share"]');
    expect(await page.innerText('#chart-tooltip')).toBe(
      'Week of 2026-10-05: 65.2%; share of all tokens (low to high): 60.7% to 67.6% (partial week)\n' +
        'first seen: Step 5 Preview (stepfun/step-5-preview-20261008; CN, entered at rank 9)',
    );
    await page.keyboard.press('ArrowLeft');
    expect(await page.innerText('#chart-tooltip')).toBe(
      'Week of 2026-09-28: 48.8%; share of all tokens (low to high): 45.8% to 51.9%',
    );
    await page.keyboard.press('Home');
    expect(await page.innerText('#chart-tooltip')).toBe(
      'Week of 2024-12-30: 7.7%; share of all tokens (low to high): 7.3% to 11.5% (partial week)',
    );
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#chart-tooltip')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('lists the week’s top 20 with moves and new entrants, and the exits; the week is in the URL', async () => {
    errors.length = 0;
    await open('/openrouter');
    // by default the latest complete week
    expect(await page.textContent('[data-card="or-top-20"] h3')).toBe('Top 20 models, week of 2026-09-28');
    await open('/openrouter?week=2026-08-10');
    expect(await page.textContent('[data-card="or-top-20"] h3')).toBe('Top 20 models, week of 2026-08-10');
    const rows = await page.$$eval('[data-card="or-top-20"] table.top-models:not(.exits) tbody tr', (trs) =>
      // The change cell's visible text (arrows); its words for screen readers are checked below.
      trs.map((tr) =>
        [...tr.querySelectorAll('td')].map(
          // The model cell shows a name and keeps the id; the origin cell shows the country and keeps its code.
          (td) =>
            td.querySelector('.change > [aria-hidden]')?.textContent ??
            td.getAttribute('data-model') ??
            (td.querySelector('.swatch') ? td.getAttribute('title') : null) ??
            td.textContent,
        ),
      ),
    );
    expect(rows).toHaveLength(20);
    expect(rows.slice(0, 3)).toEqual([
      ['1', 'deepseek/deepseek-v4-flash-20260731', 'CN', '11.18T', '='],
      ['2', 'tencent/hy3-20260706', 'CN', '9.95T', '='],
      ['3', 'openai/gpt-5.6-luna-20260709', 'US', '5.31T', '▲2'],
    ]);
    expect(rows[19]).toEqual(['20', 'openai/gpt-5.6-sol-20260709', 'US', '706.2B', 'new']);
    expect(await page.textContent('[data-card="or-top-20"] tr[data-rank="3"] .sr-only')).toBe('up 2 from rank 5');
    expect(await page.$$eval('table.exits tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-exit')))).toEqual([
      'inclusionai/ling-3.0-flash-20260723:free',
    ]);

    await page.selectOption('#top-week', '2026-07-27');
    await settled();
    expect(await query()).toBe('?week=2026-07-27');
    expect(await page.locator('[data-card="or-top-20"] tr[data-status="new"]').count()).toBe(5);
    expect(await page.locator('table.exits tbody tr').count()).toBe(5);
    expect(errors).toEqual([]);
  });

  it('draws the six largest developers by default; ticking one adds its series and puts the choice in the URL', async () => {
    errors.length = 0;
    await open('/openrouter');
    const series = () =>
      page.$$eval('svg[data-chart="or-developers"] .series', (groups) =>
        groups.map((g) => [g.getAttribute('data-series'), g.querySelectorAll('circle.mark').length]),
      );
    // The four partial weeks are not drawn (fewer days would read as a fall): 89 whole weeks a line.
    expect(await series()).toEqual([
      ['DeepSeek', 89],
      ['OpenAI', 89],
      ['Google', 89],
      ['Anthropic', 89],
      ['Tencent', 89],
      ['Zhipu AI', 89],
    ]);
    // Each line has its own hue and its name at its end.
    const colours = await page.$$eval('svg[data-chart="or-developers"] .series path.line', (paths) =>
      paths.map((p) => p.getAttribute('stroke')),
    );
    expect(new Set(colours).size).toBe(6);
    expect(
      (await page.$$eval('svg[data-chart="or-developers"] .end-label', (t) => t.map((x) => x.textContent))).sort(),
    ).toEqual(['Anthropic', 'DeepSeek', 'Google', 'OpenAI', 'Tencent', 'Zhipu AI']);
    await page.check('#or-dev input[value="MiniMax"]');
    await settled();
    expect(await query()).toBe(
      '?ordev=DeepSeek&ordev=OpenAI&ordev=Google&ordev=Anthropic&ordev=Tencent&ordev=Zhipu+AI&ordev=MiniMax',
    );
    expect((await series()).map(([s]) => s)).toEqual([
      'DeepSeek',
      'OpenAI',
      'Google',
      'Anthropic',
      'Tencent',
      'Zhipu AI',
      'MiniMax',
    ]);
    expect(
      await page.getAttribute(
        'svg[data-chart="or-developers"] [data-series="MiniMax"] circle[data-date="2026-08-10"]',
        'data-value',
      ),
    ).toBe(
      String(
        await page.evaluate(
          async () =>
            (
              await (
                await fetch(
                  'data/openrouter_weekly_developer_tokens.json?category=all&organisation=MiniMax&week_start=2026-08-10',
                )
              ).json()
            ).rows[0].total_tokens,
        ),
      ),
    );
    expect(errors).toEqual([]);
  });

  it('marks and labels the weeks where a model entered straight into the top 10, and hides the markers on request', async () => {
    errors.length = 0;
    await open('/openrouter');
    const markers = () =>
      page.$$eval('svg[data-chart="or-top-n-by-origin"] .marker', (ms) => ms.map((m) => m.getAttribute('data-marker')));
    // The weeks of model_first_seen's entries at rank 10 or better (not the first day of the data).
    const expected = await page.evaluate(async () => {
      const { rows } = await (await fetch('data/model_first_seen.json?channel=openrouter')).json();
      type Row = { is_left_censored: boolean; first_seen_rank: number | null; first_seen_week_start: string };
      return [
        ...new Set(
          (rows as Row[])
            .filter((r) => !r.is_left_censored && r.first_seen_rank !== null && r.first_seen_rank <= 10)
            .map((r) => r.first_seen_week_start),
        ),
      ].sort();
    });
    expect(expected).toHaveLength(17);
    expect(await markers()).toEqual(expected);
    // Labelled where there is room (up to three rows), every label at a marker; the rest are named on hover.
    const labelled = await page.$$eval('svg[data-chart="or-top-n-by-origin"] .marker-label', (ts) =>
      ts.map((t) => t.getAttribute('data-marker-label')),
    );
    expect(labelled.length).toBeGreaterThan(5);
    expect(labelled.every((d) => expected.includes(d!))).toBe(true);
    expect(await page.textContent('svg[data-chart="or-top-n-by-origin"] .marker[data-marker="2026-10-05"] title')).toBe(
      '2026-10-05: first seen: Step 5 Preview (stepfun/step-5-preview-20261008; CN, entered at rank 9)',
    );
    await page.uncheck('#markers');
    await settled();
    expect(await query()).toBe('?markers=0');
    expect(await markers()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('narrows every chart to the chosen date range, in the URL', async () => {
    errors.length = 0;
    await open('/openrouter');
    await page.click('.presets button[data-preset="4"]');
    await settled();
    expect(await query()).toBe('?from=2026-09-14');
    expect(await countMarks()).toEqual(CN_TOP20.slice(-4));
    expect(await page.locator('svg[data-chart="or-origin-share"] .hover-target').count()).toBe(4);
    expect(await page.getAttribute('.presets button[data-preset="4"]', 'aria-pressed')).toBe('true');
    await page.fill('#range-to', '2026-09-27');
    await page.dispatchEvent('#range-to', 'change');
    await settled();
    expect(await query()).toBe('?from=2026-09-14&to=2026-09-27');
    expect(await countMarks()).toEqual(CN_TOP20.slice(-4, -2));
    expect(errors).toEqual([]);
  });

  it('restores a permalink: the same controls and the same marks', async () => {
    errors.length = 0;
    await open('/openrouter?from=2026-06-01&to=2026-07-05&n=50&week=2026-06-29&markers=0&ordev=Alibaba&ordev=Meta');
    expect(await page.inputValue('#range-from')).toBe('2026-06-01');
    expect(await page.inputValue('#range-to')).toBe('2026-07-05');
    expect(await page.inputValue('#top-n')).toBe('50');
    expect(await page.inputValue('#top-week')).toBe('2026-06-29');
    expect(await page.isChecked('#markers')).toBe(false);
    expect(await countMarks()).toEqual([
      ['2026-06-01', '20'],
      ['2026-06-08', '20'],
      ['2026-06-15', '19'],
      ['2026-06-22', '19'],
      ['2026-06-29', '19'],
    ]);
    expect(await page.textContent('[data-card="or-top-20"] h3')).toBe('Top 20 models, week of 2026-06-29');
    expect(
      await page.$$eval('svg[data-chart="or-developers"] .series', (g) => g.map((s) => s.getAttribute('data-series'))),
    ).toEqual(['Alibaba', 'Meta']);
    expect(await page.locator('svg.chart .marker').count()).toBe(0);
    // Malformed values fall back to the defaults, and the address is cleaned without a new history entry.
    await open('/openrouter?n=7&from=2026-13-45&markers=1');
    expect(await query()).toBe('');
    expect(await page.inputValue('#top-n')).toBe('20');
    expect(errors).toEqual([]);
  });

  it('downloads exactly the drawn rows as CSV, with the citation and definition first, and the chart as SVG', async () => {
    errors.length = 0;
    await open('/openrouter?n=10&from=2026-09-14');
    const csv = await downloaded(() => page.click('[data-card="or-top-n-by-origin"] button[data-download="csv"]'));
    expect(csv.name).toBe('or-top-n-by-origin_top10_2026-09-14_latest.csv');
    const { comments, header, rows } = parseCsv(csv.text);
    expect(comments[0]).toBe(
      'Source: OpenRouter (openrouter.ai/rankings), as of 2026-10-11 00:27:00 UTC; licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)',
    );
    expect(comments[1]).toMatch(/^openrouter_weekly_origin_share: /);
    expect(comments).toContain(`view: ${site.url}/openrouter?from=2026-09-14&n=10`);
    expect(header).toEqual([
      'week_start',
      'top_n',
      'origin_group',
      'origin_countries',
      'models_in_top_n',
      'is_complete_week',
    ]);
    expect(rows.filter((r) => r[2] === 'CN')).toEqual([
      ['2026-09-14', '10', 'CN', 'CN', '8', 'true'],
      ['2026-09-21', '10', 'CN', 'CN', '6', 'true'],
      ['2026-09-28', '10', 'CN', 'CN', '6', 'true'],
      ['2026-10-05', '10', 'CN', 'CN', '6', 'false'],
    ]);
    // The same rows as the chart's marks.
    expect(rows.filter((r) => r[2] === 'CN').map((r) => [r[0], r[4]])).toEqual(await countMarks());

    const stacked = parseCsv(
      (await downloaded(() => page.click('[data-card="or-origin-share"] button[data-download="csv"]'))).text,
    );
    const drawnValues = await page.$$eval('svg[data-chart="or-origin-share"] .hover-target', (ts) =>
      ts.flatMap((t) =>
        t
          .getAttribute('data-values')!
          .split(';')
          .map((p) => [t.getAttribute('data-key'), ...p.split('=')]),
      ),
    );
    expect(stacked.rows.map((r) => [r[0], r[1], r[3]])).toEqual(drawnValues);

    const svg = await downloaded(() => page.click('[data-card="or-top-n-by-origin"] button[data-download="svg"]'));
    expect(svg.name).toBe('or-top-n-by-origin_top10_2026-09-14_latest.svg');
    expect(svg.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(svg.text).toContain('data-chart="or-top-n-by-origin"');
    expect(svg.text).toContain('Source: OpenRouter (openrouter.ai/rankings), as of 2026-10-11 00:27:00 UTC');
    expect(svg.text.match(/class="mark"/g)).toHaveLength(
      await page.locator('svg[data-chart="or-top-n-by-origin"] circle.mark').count(),
    );
    await shot('openrouter-1024');
    expect(errors).toEqual([]);
  });
});

describe('the Hugging Face view (/huggingface)', () => {
  it('draws the top-N share per day from hf_origin_top_n; N, attribution and scope change what is drawn', async () => {
    errors.length = 0;
    await open('/huggingface');
    const day = (key: string) =>
      page.getAttribute(`svg[data-chart="hf-top-n-share"] .hover-target[data-key="${key}"]`, 'data-values');
    expect(await page.locator('svg[data-chart="hf-top-n-share"] .hover-target').count()).toBe(176);
    expect(await day('2026-08-22')).toBe('CN=0.4865574286494622;US=0.4240622424385642;UNKNOWN=0.08938032891197353');
    await page.selectOption('#hf-top-n', '20');
    await settled();
    expect(await query()).toBe('?hfn=20');
    expect(await day('2026-08-22')).toBe('CN=0.4424805898066605;US=0.5575194101933395');
    await page.selectOption('#hf-top-n', '10');
    await settled();
    // No language model among the top 10 that day: nothing to share out, so a gap rather than zeros.
    expect(await day('2026-08-22')).toBe('');
    expect(await page.textContent('[data-card="hf-top-n-share"] .notice')).toBe(
      '39 of 176 days have no language model among the top 10 (or fewer than 10 ranked models): there is no share to draw, so they are gaps, not zeros.',
    );
    const drawnDays = await page.$$eval(
      'svg[data-chart="hf-top-n-share"] .hover-target',
      (ts) => ts.filter((t) => t.getAttribute('data-values')).length,
    );
    const jsonDays = await page.evaluate(async () => {
      const { rows } = await (await fetch('data/hf_origin_top_n.json?scope=llm&attribution=lineage&top_n=10')).json();
      return new Set(rows.map((r: { day: string }) => r.day)).size;
    });
    expect(drawnDays).toBe(jsonDays);
    expect(drawnDays).toBe(137);
    expect(await page.$$eval('#hf-top-n option', (os) => os.map((o) => o.textContent))).toEqual([
      'Top 10',
      'Top 20',
      'Top 30',
    ]);
    // A depth the shipped history never reaches: said, with nothing drawn.
    await open('/huggingface?hfn=100');
    expect(await page.textContent('[data-card="hf-top-n-share"] .notice')).toBe(
      '176 of 176 days have no language model among the top 100 (or fewer than 100 ranked models): there is no share to draw, so they are gaps, not zeros.',
    );
    expect(await page.locator('svg[data-chart="hf-top-n-share"]').getAttribute('aria-label')).toBe(
      'Share of the 30-day downloads of the Hugging Face top 100, by origin, daily: no data.',
    );
    expect(errors).toEqual([]);
  });

  it('draws the tracked share per week; uploader x all models redraws from those rows', async () => {
    errors.length = 0;
    await open('/huggingface');
    const week = () =>
      page.getAttribute('svg[data-chart="hf-tracked-share"] .hover-target[data-key="2026-08-10"]', 'data-values');
    expect(await page.locator('svg[data-chart="hf-tracked-share"] .hover-target').count()).toBe(26);
    expect(await week()).toBe('CN=0.5875638846880883;US=0.4124361153119117');
    await page.check('#attr-uploader');
    await settled();
    await page.check('#scope-all');
    await settled();
    expect(await query()).toBe('?attr=uploader&scope=all');
    expect(await week()).toBe(
      'CN=0.20281287560585265;US=0.35293322497671875;other=0.03314762898137267;INTL=0.3878492162143943;UNKNOWN=0.023257054221661678',
    );
    expect(await page.textContent('.toggles-note')).toBe(
      'Origin by uploader (the country of the repository’s organisation); all models, embeddings included.',
    );
    await page.goBack();
    await settled();
    expect(await query()).toBe('?attr=uploader');
    expect(await page.isChecked('#scope-llm')).toBe(true);
    expect(await page.isChecked('#attr-uploader')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('draws 30-day downloads per developer and says why the all-time series is empty', async () => {
    errors.length = 0;
    await open('/huggingface');
    const series = await page.$$eval('svg[data-chart="hf-developers-30d"] .series', (groups) =>
      groups.map((g) => [g.getAttribute('data-series'), g.querySelectorAll('circle.mark').length]),
    );
    const expected = await page.evaluate(
      async (names) => {
        const { rows } = await (await fetch('data/developer_downloads.json?scope=llm&attribution=lineage')).json();
        return names.map((n) => [
          n,
          rows.filter(
            (r: { organisation: string; downloads_30d: unknown }) => r.organisation === n && r.downloads_30d !== null,
          ).length,
        ]);
      },
      series.map(([s]) => s),
    );
    expect(series).toEqual(expected);
    expect(series).toEqual([
      ['Alibaba', 26],
      ['Google', 9],
      ['Meta', 11],
      ['OpenAI', 26],
      ['Hugging Face', 7],
      ['NVIDIA', 2],
    ]);
    expect(await page.textContent('section.empty h2')).toBe(
      'Cumulative (all-time) downloads per developer: not collected yet',
    );
    expect(await page.locator('svg[data-chart="hf-developers-all-time"]').count()).toBe(0);
    await shot('huggingface-1024');
    expect(errors).toEqual([]);
  });

  it('downloads the top-N chart’s drawn rows as CSV with the Hugging Face citation', async () => {
    errors.length = 0;
    await open('/huggingface?hfn=20&from=2026-08-21');
    const { comments, header, rows } = parseCsv(
      (await downloaded(() => page.click('[data-card="hf-top-n-share"] button[data-download="csv"]'))).text,
    );
    expect(comments[0]).toBe('Source: Hugging Face Hub (huggingface.co), as of 2026-08-22 18:30:07.517 UTC');
    expect(header).toEqual([
      'day',
      'scope',
      'attribution',
      'top_n',
      'origin_group',
      'origin_countries',
      'models',
      'downloads_30d',
      'downloads_30d_share',
    ]);
    expect(rows).toEqual([
      ...(await page.evaluate(async () => {
        const { rows: json } = await (
          await fetch('data/hf_origin_top_n.json?scope=llm&attribution=lineage&top_n=20&day=2026-08-21')
        ).json();
        return json.map((r: Record<string, unknown>) => [
          r.day,
          'llm',
          'lineage',
          '20',
          r.origin_country,
          r.origin_country,
          String(r.models),
          String(r.downloads_30d),
          String(r.downloads_30d_share),
        ]);
      })),
      ['2026-08-22', 'llm', 'lineage', '20', 'CN', 'CN', '1', '25235903', '0.4424805898066605'],
      ['2026-08-22', 'llm', 'lineage', '20', 'US', 'US', '2', '31796888', '0.5575194101933395'],
    ]);
    expect(errors).toEqual([]);
  });
});

describe('the claims, digest and status views', () => {
  it('/claims opens with the summary table: their value, ours for people, the verdict and its definition; details folded', async () => {
    errors.length = 0;
    await open('/claims');
    expect(await page.textContent('[data-claims-summary]')).toMatch(
      /^14 claims: 1 matches, 4 differs, 9 no data for that period\. Verdicts as of 2026-10-11 00:27:00 UTC\./,
    );
    // the table comes before any claim's details
    expect(
      await page.evaluate(() => {
        const table = document.querySelector('table.claims-summary');
        const first = document.querySelector('details.claim');
        return !!table && !!first && !!(table.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
      }),
    ).toBe(true);
    const rows = await page.$$eval('table.claims-summary tbody tr', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-claim-row'),
        ...[...tr.querySelectorAll('td')].slice(2, 5).map((td) => td.textContent),
      ]),
    );
    expect(rows).toHaveLength(14);
    const byId = Object.fromEntries(rows.map(([id, ...rest]) => [id, rest]));
    // python3 over both shipped OpenRouter files: 5 CN models in the top 20 of 2025-11-17 (the closest week to 7)
    expect(byId['or-7-of-20']).toEqual(['7 of 20', '5 of 20', "differs by Models in OpenRouter's weekly top 20"]);
    expect(byId['a16z-cn-share-peak2025']).toEqual([
      '30.0%',
      '30.9% to 37.1%',
      'matches by Share of all tokens to open-weights models (range)',
    ]);
    expect(byId['a16z-cn-share-avg2025']).toEqual([
      '13.0%',
      '15.0% to 21.0%',
      'differs by Share of all tokens to open-weights models (range)',
    ]);
    expect(byId['or-week-2026-05-24']).toEqual([
      '9.223T vs 4.93T',
      'CN 12.63T vs US 12.16T',
      'differs by Tokens on OpenRouter',
    ]);
    // the shipped record has no catalogue snapshot: the price claim says so plainly, no ratio is guessed
    expect(byId['deepseek-40x']).toEqual(['40x', '–', 'no data for that period']);
    expect(await page.locator('details[data-claim="deepseek-40x"]').textContent()).toContain(
      'No data: no catalogue snapshot collected yet; run `adoption-tracker collect openrouter-models`',
    );
    expect(byId['hf-540m']).toEqual(['540.0M downloads', '–', 'no data for that period']);
    expect(byId['eoi-hf-share']).toEqual(['17.1% vs 15.8%', '–', 'no data for that period']);
    // sources link where the claim row gives an address
    expect(await page.getAttribute('tr[data-claim-row="eoi-hf-share"] td:nth-child(2) a', 'href')).toBe(
      'https://arxiv.org/abs/2512.03073',
    );
    // details folded; the query one click away
    const details = page.locator('details[data-claim="or-7-of-20"]');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.click('a[data-query-link="or-7-of-20"]');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.isVisible('#claim-or-7-of-20-query pre code')).toBe(true);
    expect(await page.textContent('#claim-or-7-of-20-query pre code')).toContain('weekly_metrics');
    // each week of the month, and our value under each definition
    expect(await details.locator('[data-weekly-values]').textContent()).toBe(
      '2025-11-03: 5; 2025-11-10: 5; 2025-11-17: 5; 2025-11-24: 4',
    );
    expect(await details.locator('ul.definitions li').allTextContents()).toEqual([
      "Models in OpenRouter's weekly top 20: CN 5 (the week of 2025-11-17, the closest of 4 complete weeks in the period) (differs)",
      "Model families in OpenRouter's weekly top 20: CN 5 (the week of 2025-11-24, the closest of 4 complete weeks in the period) (differs)",
    ]);
    // the general caveats once
    expect(await page.locator('[data-caveats]').count()).toBe(1);
    await shot('claims-1024');
    expect(errors).toEqual([]);
  });

  it('/claims filters by verdict and channel, in the URL', async () => {
    errors.length = 0;
    await open('/claims');
    await page.selectOption('#claims-verdict', 'differs');
    await settled();
    expect(await query()).toBe('?verdict=differs');
    expect(
      await page.$$eval('table.claims-summary tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-claim-row'))),
    ).toEqual(['a16z-cn-share-avg2025', 'or-7-of-20', 'or-cn-passes-us', 'or-week-2026-05-24']);
    expect(await page.locator('details.claim').count()).toBe(4);
    await page.selectOption('#claims-channel', 'huggingface');
    await settled();
    expect(await query()).toBe('?verdict=differs&cchannel=huggingface');
    expect(await page.locator('table.claims-summary').count()).toBe(0);
    expect(await page.textContent('[data-claims-none]')).toContain('No claim has that verdict on that channel');
    await open('/claims?cchannel=huggingface');
    expect(await page.inputValue('#claims-channel')).toBe('huggingface');
    expect(await page.locator('table.claims-summary tbody tr').count()).toBe(6);
    expect(errors).toEqual([]);
  });

  it('/digest shows one week’s entrants, exits, crossings and movers per channel, and links the feed', async () => {
    errors.length = 0;
    await open('/digest');
    expect(await page.inputValue('#digest-week')).toBe('2026-09-28');
    await open('/digest?week=2026-08-10');
    expect(await page.inputValue('#digest-week')).toBe('2026-08-10');
    const counts = await page.$$eval('section.digest', (sections) =>
      sections.map((s) => [
        s.getAttribute('data-channel'),
        [...s.querySelectorAll('ul[data-kind]')].map((u) => `${u.getAttribute('data-kind')}:${u.children.length}`),
      ]),
    );
    // Moves of one place are folded into one line: OpenRouter 5 moves + 1 folded line, Hugging Face 3 + 1.
    expect(counts).toEqual([
      ['openrouter', ['crossing:2', 'entrant:1', 'exit:1', 'mover:6']],
      ['huggingface', ['crossing:2', 'entrant:1', 'exit:1', 'mover:4']],
    ]);
    // The heading says channel, week and kind: the sentence does not repeat them.
    expect(await page.textContent('section[data-channel="openrouter"] ul[data-kind="entrant"] li')).toBe(
      'GPT 5.6 Sol (United States, OpenAI): rank 20.',
    );
    // Moves sorted by size, the biggest first.
    expect(
      await page.$$eval('section[data-channel="openrouter"] ul[data-kind="mover"] li', (lis) =>
        lis.map((l) => l.getAttribute('data-subject')),
      ),
    ).toEqual([
      'anthropic/claude-opus-5-20260723',
      'openai/gpt-5.6-luna-20260709',
      'xiaomi/mimo-v2.5-20260422',
      'nvidia/nemotron-3-ultra-550b-a55b-20260604:free',
      'openai/gpt-5.6-terra-20260709',
      null,
    ]);
    expect(await page.textContent('section[data-channel="huggingface"] ul[data-kind="mover"] li.folded')).toBe(
      'Moved by one place: lpiccinelli/unidepth-v2-vitl14 (Switzerland, ETH Zurich) rank 7 → 8; BAAI/bge-m3 (China, BAAI) rank 8 → 9; ' +
        'BAAI/bge-reranker-v2-m3 (China, BAAI) rank 15 → 14.',
    );
    expect(await page.getAttribute('a[data-feed]', 'href')).toBe('feed.xml');
    await shot('digest-1024');
    expect(errors).toEqual([]);
  });

  it('/feed.xml is a valid Atom feed with one entry per digest week, leading to that week on the digest page', async () => {
    errors.length = 0;
    await open('/digest');
    const feed = await page.evaluate(async () => {
      const res = await fetch('feed.xml');
      const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
      const atom = 'http://www.w3.org/2005/Atom';
      const root = doc.documentElement;
      const text = (parent: Element, name: string) => parent.getElementsByTagNameNS(atom, name)[0]?.textContent ?? null;
      const entries = [...root.getElementsByTagNameNS(atom, 'entry')];
      return {
        type: res.headers.get('content-type'),
        parseError: doc.getElementsByTagName('parsererror').length,
        root: [root.namespaceURI, root.localName],
        feed: [text(root, 'id') !== null, text(root, 'title'), text(root, 'updated')],
        ids: entries.map((e) => text(e, 'id')),
        // RFC 4287: every entry has an id, a title and an updated date.
        complete: entries.every(
          (e) => text(e, 'id') && text(e, 'title') && /^\d{4}-\d{2}-\d{2}T/.test(text(e, 'updated') ?? ''),
        ),
        firstTitle: entries[0] ? text(entries[0], 'title') : null,
      };
    });
    expect(feed).toMatchObject({
      type: 'application/atom+xml; charset=utf-8',
      parseError: 0,
      root: ['http://www.w3.org/2005/Atom', 'feed'],
      feed: [true, 'adoption-tracker: what changed this week', '2026-10-11T00:27:00.000Z'],
      complete: true,
    });
    // One entry per week of the digest (the latest 12), never one per change.
    const weeks = await page.evaluate(
      async () => (await (await fetch('api/digest')).json()).weeks.slice(0, 12) as string[],
    );
    expect(feed.ids).toEqual(weeks.map((w) => `${site.url}/digest?week=${w}`));
    expect(feed.firstTitle).toBe('Week of 2026-09-28: OpenRouter: 3 new in the top 20, 3 left, 2 crossings, 6 moved');
    await page.goto(feed.ids[0]!);
    await settled();
    expect(await page.inputValue('#digest-week')).toBe('2026-09-28');
    expect(errors).toEqual([]);
  });

  it('/status shows each job, its last run, and the freshness of each declared source', async () => {
    errors.length = 0;
    await open('/status');
    const jobs = await page.$$eval('table.jobs tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)),
    );
    expect(jobs).toEqual([
      ['seed:huggingface', 'succeeded', '2026-08-22 06:00'],
      ['seed:openrouter', 'succeeded', '2026-08-22 06:00'],
      ['seed:openrouter-pull-2026-10-10', 'succeeded', '2026-08-22 06:00'],
    ]);
    const freshness = await page.$$eval('table.freshness tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)),
    );
    expect(freshness).toEqual([
      ['OpenRouter usage', '2026-10-09', '2026-10-11 00:27', '2 days'],
      ['OpenRouter catalogue', '–', '–', '2 days'],
      ['Hugging Face downloads', '2026-08-22', '2026-08-22 18:30', '2 days'],
    ]);
    await shot('status-1024');
    expect(errors).toEqual([]);
  });
});

describe('every view on a 360 px wide screen', () => {
  it('fits without sideways scrolling, charts included', async () => {
    errors.length = 0;
    for (const view of ['/', '/openrouter', '/huggingface', '/claims', '/digest', '/method', '/status']) {
      await open(view, 360);
      expect([view, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([view, 360]);
      for (const width of await page.$$eval('svg.chart', (svgs) =>
        svgs.map((s) => Math.round(s.getBoundingClientRect().width)),
      )) {
        expect(width).toBeLessThanOrEqual(336);
      }
      await shot(`${view === '/' ? 'overview' : view.slice(1)}-360`);
    }
    expect(errors).toEqual([]);
  });

  it('reaches every control by keyboard: each has a label and a tab stop', async () => {
    await open('/huggingface', 360);
    const unlabelled = await page.$$eval('main select, main input, main button', (controls) =>
      controls
        .filter((c) => {
          const id = c.getAttribute('id');
          const label = id ? document.querySelector(`label[for="${id}"]`) : null;
          return !label && !c.getAttribute('aria-label') && !(c.textContent ?? '').trim();
        })
        .map((c) => c.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    expect(
      await page.$$eval(
        'main [tabindex="-1"] select, main select[tabindex="-1"], main button[tabindex="-1"]',
        (n) => n.length,
      ),
    ).toBe(0);
  });

  it('works from the keyboard alone: a changed control keeps the focus after the redraw', async () => {
    errors.length = 0;
    await open('/openrouter');
    await page.focus('#top-n');
    await page.keyboard.press('ArrowUp');
    await settled();
    expect(await query()).toBe('?n=10');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('top-n');
    // The next tab stops after the N selector: what counts as a model, then the chart itself, which answers arrow
    // keys with its values.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('count-as');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-chart'))).toBe('or-top-n-by-origin');
    const tip = await page.innerText('#chart-tooltip');
    expect(tip.split('\n')[0]).toBe('Week of 2026-10-05 (partial week)');
    expect(tip).toContain('\nChina: 6\n');
    expect(tip.endsWith('\nfirst seen: Step 5 Preview (stepfun/step-5-preview-20261008; CN, entered at rank 9)')).toBe(
      true,
    );
    expect(errors).toEqual([]);
  });
});
