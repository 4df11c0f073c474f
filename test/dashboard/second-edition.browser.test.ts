/**
 * The dashboard's second edition (issue 8) in Debian chromium, over the REAL shipped seed history as a fresh install
 * loads it, with the server's clock on 2028-01-01: long after the history ends, as for anyone who runs it without a
 * key or network. Nothing here depends on how many days the shipped history holds: expected values are read from
 * the same JSON routes the page uses, or are the page's own words. Screenshots of every view at 1440x900 and
 * 360x740 go to test-results/screenshots/.
 * The screenshots of every view are in second-edition-screenshots.browser.test.ts (split to run in parallel); the
 * fixture is second-edition-fixture.ts.
 */
import { describe, expect, it } from 'vitest';
import { errors, open, page, shot, site, status, useSecondEditionSite } from './second-edition-fixture.ts';

useSecondEditionSite();

describe('1. old data never passes for current', () => {
  it('shows a banner where the numbers are, naming each source, its last day and why; partial weeks by what they are', async () => {
    errors.length = 0;
    const { freshness } = await status();
    for (const view of ['/', '/openrouter', '/huggingface', '/digest']) {
      await open(view);
      const items = await page.$$eval('.stale-banner li', (lis) =>
        lis.map((li) => [li.getAttribute('data-stale'), li.textContent]),
      );
      const expected = {
        '/': ['openrouter', 'huggingface'],
        '/openrouter': ['openrouter'],
        '/huggingface': ['huggingface'],
        '/digest': ['openrouter', 'huggingface'],
      }[view]!;
      expect([view, items.map(([c]) => c)]).toEqual([view, expected]);
      for (const [channel, text] of items) {
        if (channel === 'openrouter') {
          expect(text).toMatch(
            new RegExp(
              `^OpenRouter usage data ends on ${freshness.openrouter.latest_day}, \\d+ days ago \\(normally at most 2 days behind\\): it is not being collected: OPENROUTER_API_KEY is not set\\.$`,
            ),
          );
        } else {
          expect(text).toMatch(
            new RegExp(
              `^Hugging Face downloads data ends on ${freshness.huggingface.latest_day}, \\d+ days ago \\(normally at most 2 days behind\\): only the shipped history is loaded`,
            ),
          );
        }
      }
      // Collection has stopped: nothing says data is "still arriving", nothing is "so far".
      const text = await page.evaluate(() => document.querySelector('main')!.innerText);
      expect(text).not.toMatch(/still arriving|so far|still incomplete/);
    }
    // The banner sits above the first number of the view.
    await open('/');
    const [banner, card] = await Promise.all([
      page.locator('.stale-banner').boundingBox(),
      page.locator('[data-headline]').first().boundingBox(),
    ]);
    expect(banner!.y).toBeLessThan(card!.y);
    await open('/method');
    expect(await page.locator('.stale-banner').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('2. each headline card carries its trend; the first screen shows the count over time', () => {
  it('draws a trend line of the whole record on every card, and the top-20 count chart starts on the first screen', async () => {
    errors.length = 0;
    await open('/');
    const trends = await page.$$eval('[data-headline]', (cards) =>
      cards.map((c) => [
        c.getAttribute('data-headline'),
        Number(c.querySelector('svg.sparkline')?.getAttribute('data-points') ?? 0),
      ]),
    );
    expect(trends.length).toBeGreaterThanOrEqual(4);
    for (const [id, n] of trends) expect([id, (n as number) >= 2]).toEqual([id, true]);
    const chart = await page.locator('svg[data-chart="or-top-n-by-origin"]').boundingBox();
    expect(chart!.y).toBeLessThan(900);
    expect(await page.textContent('[data-card="or-top-n-by-origin"] h3')).toBe(
      'How many of OpenRouter’s weekly top 20 models are Chinese',
    );
    expect(errors).toEqual([]);
  });
});

describe('3. cards, toggles and charts agree', () => {
  it('says each card’s full definition in words, lists a metric without data below, and keeps the toggles with the chart they drive', async () => {
    errors.length = 0;
    await open('/');
    const definitions = await page.$$eval('[data-headline]', (cards) =>
      cards.map((c) => [c.getAttribute('data-headline'), c.querySelector('.headline-definition')!.textContent]),
    );
    const byId = Object.fromEntries(definitions);
    expect(byId['or_models_in_top_20']).toBe(
      'How many of the 20 models with the most tokens on OpenRouter that week are made by developers based in China. Tokens are prompt plus completion, summed Monday to Sunday (UTC); a variant such as a “:free” model counts as a model of its own.',
    );
    expect(byId['hf_top30_all_uploader_downloads_30d_share']).toBe(
      'The share of developers based in China in the downloads of the last 30 days of the 30 most downloaded models on the Hugging Face Hub; all models, embeddings and image models included; each model counts for the country of the organisation that uploaded it. Read on the last daily snapshot of each week.',
    );
    expect(await page.textContent('[data-headline="hf_top30_all_uploader_downloads_30d_share"] .headline-label')).toBe(
      'Chinese share of downloads, the Hugging Face top 30 (all models, by uploader)',
    );
    for (const [, text] of definitions) expect(text).not.toMatch(/grain:|BIGINT|_share|\.csv/);
    // No card without a number: it is listed below with its reason.
    expect(await page.locator('.headline-missing').count()).toBe(0);
    expect(await page.locator('.not-yet [data-missing]').count()).toBeGreaterThanOrEqual(1);
    // The attribution and scope toggles are inside the one chart they change.
    expect(await page.locator('[data-card="both-channels"] #attr').count()).toBe(1);
    expect(await page.locator('.view-controls #attr').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('4. lines told apart', () => {
  it('labels each line at its end, in distinct hues, on the overview and the developer chart', async () => {
    errors.length = 0;
    for (const [view, chart] of [
      ['/?scope=all&attr=uploader', 'both-channels'],
      ['/openrouter', 'or-developers'],
    ] as const) {
      await open(view);
      const lines = await page.$$eval(`svg[data-chart="${chart}"] .series`, (gs) =>
        gs.map((g) => {
          const marks = [...g.querySelectorAll('circle.mark')];
          const last = marks[marks.length - 1]!;
          return {
            key: g.getAttribute('data-series')!,
            stroke: g.querySelector('path.line')!.getAttribute('stroke'),
            x: Number(last.getAttribute('cx')),
          };
        }),
      );
      const labels = await page.$$eval(`svg[data-chart="${chart}"] .end-label`, (ts) =>
        ts.map((t) => ({ keys: t.getAttribute('data-series')!.split('|'), x: Number(t.getAttribute('x')) })),
      );
      // Every line has a label (lines ending on the same value share one), right of its last point.
      expect(labels.flatMap((l) => l.keys).sort()).toEqual(lines.map((l) => l.key).sort());
      for (const label of labels)
        for (const key of label.keys) expect(label.x).toBeGreaterThan(lines.find((l) => l.key === key)!.x);
      expect(new Set(lines.map((l) => l.stroke)).size).toBe(lines.length);
    }
    expect(errors).toEqual([]);
  });
});

describe('6. developer charts', () => {
  it('offers a log and an indexed scale, in the URL', async () => {
    errors.length = 0;
    await open('/openrouter');
    await page.check('#or-dev-scale-log');
    await page.waitForFunction(() => !document.querySelector('main[aria-busy]'));
    expect(await page.evaluate(() => location.search)).toBe('?devscale=log');
    const ticks = await page.$$eval('svg[data-chart="or-developers"] .axis-y .tick text', (ts) =>
      ts.map((t) => t.textContent),
    );
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.every((t) => /^(1|10|100)(k|M|B|T)?$/.test(t!))).toBe(true);
    await page.check('#or-dev-scale-index');
    await page.waitForFunction(() => !document.querySelector('main[aria-busy]'));
    expect(await page.evaluate(() => location.search)).toBe('?devscale=index');
    // Each line is 100 at its first week with tokens (weeks before it, without tokens, are 0).
    const firsts = await page.$$eval('svg[data-chart="or-developers"] .series', (gs) =>
      gs.map((g) =>
        [...g.querySelectorAll('circle.mark')].map((c) => c.getAttribute('data-value')).find((v) => v !== '0'),
      ),
    );
    expect(firsts.length).toBe(6);
    expect(firsts.every((v) => v === '100')).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('7. words for people', () => {
  it('shows data tables with headers in words and yes/no, and models by name linked to their page here and upstream', async () => {
    errors.length = 0;
    await open('/openrouter');
    await page.click('[data-card="or-top-20"] details.data summary');
    // The table is built by the details' toggle event, a task after the click: wait for it, not for the click.
    await page.waitForSelector('[data-card="or-top-20"] table.data-table th');
    const headers = await page.$$eval('[data-card="or-top-20"] table.data-table th', (ths) =>
      ths.map((t) => t.textContent),
    );
    expect(headers.slice(0, 6)).toEqual([
      'Week of',
      'Change',
      'Rank',
      'Rank the week before',
      'Places moved',
      'Model (OpenRouter id)',
    ]);
    const cells = await page.$$eval('[data-card="or-top-20"] table.data-table td', (tds) =>
      tds.map((t) => t.textContent),
    );
    expect(cells).not.toContain('true');
    expect(cells).not.toContain('false');
    const first = page.locator('[data-card="or-top-20"] td.model').first();
    const id = (await first.getAttribute('data-model'))!;
    const [own, upstream] = await first.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(own).toBe(`model?channel=openrouter&id=${encodeURIComponent(id)}`);
    expect(upstream).toMatch(/^https:\/\/openrouter\.ai\/[a-z0-9._-]+\/[a-z0-9._-]+$/);
    expect(upstream!.endsWith(id.replace(/:.*$/, '').replace(/-\d{8}$/, ''))).toBe(true);
    expect(await first.locator('a').first().getAttribute('title')).toBe(id);
    // The model link resolves: its page names the model and shows its origin and its weeks.
    const name = await first.locator('a').first().textContent();
    await first.locator('a').first().click();
    await page.waitForFunction(
      () => !document.querySelector('main[aria-busy]') && !!document.querySelector('.model-facts'),
    );
    expect(await page.textContent('h1')).toBe(name);
    expect(await page.textContent('.model-facts code')).toBe(id);
    expect(await page.getAttribute('.model-facts a[data-upstream]', 'href')).toBe(upstream);
    expect(await page.locator('svg[data-chart="model-rank"] .points [data-week]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});

describe('9. formats', () => {
  it('one date form in the date fields, times to the minute, schedules in words, change arrows never in China’s colour', async () => {
    errors.length = 0;
    await open('/');
    expect(await page.getAttribute('#range-from', 'type')).toBe('text');
    expect(await page.inputValue('#range-from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const colours = await page.$$eval('.headline-change', (ps) => ps.map((p) => getComputedStyle(p).color));
    expect(colours.length).toBeGreaterThan(0);
    expect(colours).not.toContain('rgb(213, 94, 0)');
    // Hovering a card shifts nothing.
    const boxes = () =>
      page.$$eval('[data-headline]', (cs) =>
        cs.map((c) => {
          const r = c.getBoundingClientRect();
          return [r.left + scrollX, r.top + scrollY, r.width, r.height];
        }),
      );
    const before = await boxes();
    await page.hover('[data-headline] article');
    const after = await boxes();
    expect(after).toEqual(before);
    await open('/status');
    const text = await page.evaluate(() => document.querySelector('main')!.innerText);
    expect(text).not.toMatch(/\d{2}:\d{2}:\d{2}/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const schedules = await page.$$eval('table.jobs tbody tr', (trs) =>
      trs.map((tr) => [
        (tr as HTMLTableRowElement).cells[0]!.textContent,
        (tr as HTMLTableRowElement).cells[5]!.textContent,
      ]),
    );
    expect(schedules.filter(([job]) => job === 'openrouter' || job === 'huggingface')).toEqual([
      ['huggingface', 'daily at 03:20 UTC'],
      ['openrouter', 'daily at 03:30 UTC'],
    ]);
    await open('/openrouter');
    const arrows = await page.$$eval(
      '[data-card="or-top-20"] td.change.up, [data-card="or-top-20"] td.change.down',
      (tds) => tds.map((t) => getComputedStyle(t).color),
    );
    expect(arrows.length).toBeGreaterThan(0);
    expect(arrows).not.toContain('rgb(213, 94, 0)');
    expect(errors).toEqual([]);
  });
});

describe('10. digest and feed', () => {
  it('writes each change as a short sentence without the preamble its heading says, models linked to their page', async () => {
    errors.length = 0;
    await open('/digest');
    const items = await page.$$eval('section.digest li', (lis) => lis.map((li) => li.textContent!));
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item).not.toMatch(/in the week of|^In the week/);
    const link = await page.getAttribute('section.digest ul[data-kind="entrant"] li a', 'href');
    expect(link).toMatch(/^model\?channel=(openrouter|huggingface)&id=/);
    expect(errors).toEqual([]);
  });
});

describe('the method page', () => {
  it('says how origin is decided, what a model is, both channels, what is unknown; the registry with its evidence; ATOM when built', async () => {
    errors.length = 0;
    await open('/method');
    expect(await page.$$eval('section.method h2', (hs) => hs.map((h) => h.textContent))).toEqual([
      'How origin is decided',
      'What counts as a model',
      'The two channels',
      'What is unknown, and why',
      'The origin registry',
      'Where others disagree',
    ]);
    const registry = (await (await fetch(`${site.url}/data/origin_registry.json?platform=openrouter`)).json()) as {
      rows: Array<{ author: string; evidence: string }>;
    };
    expect(await page.locator('table.registry[data-platform="openrouter"] tbody tr').count()).toBe(
      registry.rows.length,
    );
    const qwen = registry.rows.find((r) => r.author === 'qwen')!;
    expect(
      await page.textContent('table.registry[data-platform="openrouter"] tr[data-author="qwen"] td:last-child'),
    ).toContain(qwen.evidence);
    const atomBuilt = (await (await fetch(`${site.url}/api/marts`)).json()).marts.some(
      (m: { name: string; built: boolean }) => m.name === 'origin_registry_vs_atom' && m.built,
    );
    if (!atomBuilt) expect(await page.textContent('#atom')).toContain('origin_registry_vs_atom');
    // Every definition links here.
    await open('/openrouter');
    expect(await page.locator('.how-measured a[href="method"]').count()).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
  });
});

describe('dark mode and print', () => {
  it('follows the system’s dark setting', async () => {
    errors.length = 0;
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await open('/');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 18, 18)');
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.card')!).backgroundColor)).toBe(
        'rgb(30, 30, 30)',
      );
      await shot('v2-overview-dark-1440');
      await open('/openrouter', { width: 360, height: 740 });
      await shot('v2-openrouter-dark-360');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
    expect(errors).toEqual([]);
  });

  it('prints the numbers and charts without the controls, each chart on one page', async () => {
    errors.length = 0;
    await open('/openrouter');
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('nav[aria-label="Views"]').isVisible()).toBe(false);
      expect(await page.locator('.view-controls').first().isVisible()).toBe(false);
      expect(await page.locator('.actions').first().isVisible()).toBe(false);
      expect(await page.locator('#top-n').isVisible()).toBe(false);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.card')!).breakInside)).toBe('avoid');
      expect(await page.locator('svg[data-chart="or-cn-share"]').isVisible()).toBe(true);
      await shot('v2-openrouter-print');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(errors).toEqual([]);
  });
});
