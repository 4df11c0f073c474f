/**
 * The overview and the OpenRouter view in Debian chromium, against the app in this process over the REAL shipped seed history (loaded by the seed
 * loaders and transformed, as on first start; test/dashboard/views-fixture.ts). Expected values were read from the
 * marts built from ingest/seed-history/ and are written here as literals; marks are also compared with the JSON the
 * page used. The views tests are split across views-*.browser.test.ts so they run in parallel.
 */
import { describe, expect, it } from 'vitest';
import {
  CN_TOP20,
  countMarks,
  downloaded,
  errors,
  open,
  page,
  parseCsv,
  points,
  query,
  settled,
  site,
  useViewsSite,
} from './views-fixture.ts';

useViewsSite();

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
    expect(errors).toEqual([]);
  });
});
