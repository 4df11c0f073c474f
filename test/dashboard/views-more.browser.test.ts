/**
 * The Hugging Face, claims, digest and status views, and every view at 360 px, in Debian chromium, against the app in this process over the REAL shipped seed history (loaded by the seed
 * loaders and transformed, as on first start; test/dashboard/views-fixture.ts). Expected values were read from the
 * marts built from ingest/seed-history/ and are written here as literals; marks are also compared with the JSON the
 * page used. The views tests are split across views-*.browser.test.ts so they run in parallel.
 */
import { describe, expect, it } from 'vitest';
import { downloaded, errors, open, page, parseCsv, query, settled, site, useViewsSite } from './views-fixture.ts';

useViewsSite();

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
