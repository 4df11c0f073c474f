/**
 * Empty and partial states in Debian chromium, against the app in this process: a fresh database, built marts with
 * no rows (with and without an OpenRouter key), and SYNTHETIC rows in only some marts (marts-fixture.ts).
 * The views over the real seed history are in views-*.browser.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../dashboard/app.ts';
import { browserContext, launchBrowser, watchedPage } from '../support/browser.ts';
import { tempDatabase } from '../support/tmp.ts';
import { createEmptyMarts, createSyntheticMarts } from './marts-fixture.ts';
import { serve, webBundle } from './serve.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const MARTS = () => ['openrouter_weekly_origin_share', 'openrouter_weekly_top_models'];
const NO_KEY = 'OPENROUTER_API_KEY is not set: OpenRouter usage is not collected; everything else keeps working';

type Site = { url: string; close: () => Promise<void>; cleanup: () => void };

let browser: Awaited<ReturnType<typeof browserContext>>;
let page: Page;
const errors: string[] = [];
const sites: Record<'synthetic' | 'empty' | 'emptyNoKey' | 'unbuilt', Site> = {} as never;

async function site(
  fill: ((db: Awaited<ReturnType<typeof tempDatabase>>['db']) => Promise<void>) | null,
  bundle: ReturnType<typeof webBundle>,
  extra: Partial<AppOptions> = {},
): Promise<Site> {
  const t = await tempDatabase();
  if (fill) await fill(t.db);
  const server = await serve(createApp({ db: t.db, config: t.config, bundle: () => bundle, ...extra }));
  return { ...server, cleanup: t.cleanup };
}

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const bundle = webBundle();
  sites.synthetic = await site(createSyntheticMarts, bundle, { martNames: MARTS });
  sites.empty = await site(createEmptyMarts, bundle, { martNames: MARTS });
  sites.emptyNoKey = await site(createEmptyMarts, bundle, {
    martNames: MARTS,
    jobs: () => [{ job: 'openrouter', schedule: '30 3 * * *', nextRunAt: null, unavailable: NO_KEY }],
  });
  sites.unbuilt = await site(null, bundle);
  browser = await browserContext();
  page = await watchedPage(browser, errors);
});

afterAll(async () => {
  await browser?.close();
  for (const s of Object.values(sites)) {
    await s?.close();
    s?.cleanup();
  }
});

async function open(url: string, width = 1024): Promise<void> {
  errors.length = 0;
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url);
  await page.waitForFunction(() => !document.querySelector('.loading') && !document.querySelector('main[aria-busy]'));
}

async function emptyStates(): Promise<Array<[string, string]>> {
  return page.$$eval('.empty', (nodes) =>
    nodes.map((n) => [n.querySelector('h2, h3')!.textContent!, n.querySelector('p')!.textContent!]),
  );
}

describe('a fresh database (no table built yet)', () => {
  it('says on every view that the tables are not built yet, with no failed request and no chart', async () => {
    const expected: Record<string, [string, string]> = {
      '/': [
        'No data yet',
        'The tables behind this page have not been built yet: they are built after the first collection (or run `adoption-tracker transform`). Reload this page afterwards.',
      ],
      '/openrouter': [
        'No OpenRouter tables yet',
        'The OpenRouter tables have not been built yet: they are built after the first collection (or run `adoption-tracker transform`). Reload this page afterwards.',
      ],
      '/huggingface': [
        'No Hugging Face tables yet',
        'The Hugging Face tables have not been built yet: they are built after the first collection (or run `adoption-tracker transform`). Reload this page afterwards.',
      ],
      '/claims': [
        'No verdicts yet',
        'The table claim_verdicts has not been built yet: run `adoption-tracker transform`.',
      ],
      '/digest': [
        'No digest yet',
        'The table weekly_changes has not been built yet: run `adoption-tracker transform`.',
      ],
    };
    for (const [view, message] of Object.entries(expected)) {
      await open(sites.unbuilt.url + view);
      expect([view, await emptyStates()]).toEqual([view, [message]]);
      expect(await page.locator('svg.chart').count()).toBe(0);
      expect([view, errors]).toEqual([view, []]);
    }
    await open(`${sites.unbuilt.url}/status`);
    expect(await emptyStates()).toEqual([
      ['No job has run yet', 'No collection or seed run is recorded, and no scheduler is attached to this server.'],
      [
        'No tables built yet',
        'The transform has not run: the tables appear after the first collection (or `adoption-tracker transform`).',
      ],
    ]);
    expect(
      await page.$$eval('table.freshness tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      ),
    ).toEqual([
      ['OpenRouter usage', '–', '–', '2 days', 'no data'],
      ['OpenRouter catalogue', '–', '–', '2 days', 'no data'],
      ['Hugging Face downloads', '–', '–', '2 days', 'no data'],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'status-fresh.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});

describe('built OpenRouter tables without rows', () => {
  it('says the key is missing when the scheduler reports it', async () => {
    await open(`${sites.emptyNoKey.url}/openrouter`);
    expect(await emptyStates()).toEqual([['No OpenRouter data yet', `OpenRouter is not collected: ${NO_KEY}.`]]);
    expect(await page.locator('svg.chart').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'openrouter-no-key.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('says no run has happened yet when nothing was collected or seeded', async () => {
    await open(`${sites.empty.url}/openrouter`);
    expect(await emptyStates()).toEqual([
      [
        'No OpenRouter data yet',
        'No OpenRouter run yet: set OPENROUTER_API_KEY, or wait for the shipped history to load on first start. ' +
          'The charts appear once a week of rankings has been collected and transformed.',
      ],
    ]);
    expect(errors).toEqual([]);
  });
});

describe('SYNTHETIC rows in two OpenRouter marts, the others not built', () => {
  it('draws what it has, marks the incomplete week hollow, and says which parts are missing and why', async () => {
    await open(`${sites.synthetic.url}/openrouter`);
    const count = await page.$$eval('svg[data-chart="or-top-n-by-origin"] [data-series="CN"] circle.mark', (marks) =>
      marks.map((m) => [
        m.getAttribute('data-date'),
        m.getAttribute('data-value'),
        String(m.getAttribute('fill') !== '#fff'),
      ]),
    );
    expect(count).toEqual([
      ['2026-04-06', '6', 'true'],
      ['2026-04-13', '7', 'true'],
      ['2026-04-20', '8', 'true'],
      ['2026-04-27', '9', 'false'],
    ]);
    // No raw rows behind these marts, so the number of days is not known: said as such.
    expect(await page.textContent('[data-card="or-top-n-by-origin"] .notice')).toBe(
      'Partial week, drawn hollow: 2026-04-27 (fewer than 7 days).',
    );
    // No UNKNOWN row in 2026-04-13 and later: the stack holds only the groups with rows, never an invented zero band.
    expect(
      await page.getAttribute('svg[data-chart="or-origin-share"] .hover-target[data-key="2026-04-13"]', 'data-values'),
    ).toBe('CN=0.32;US=0.62');
    expect(await page.locator('svg[data-chart="or-cn-share"] path.band').count()).toBe(1);
    expect(await emptyStates()).toEqual([
      [
        'No top-20 table yet',
        'The table openrouter_weekly_top_changes has not been built yet: run `adoption-tracker transform`.',
      ],
      [
        'No developer series yet',
        'The table openrouter_weekly_developer_tokens has not been built yet: run `adoption-tracker transform`.',
      ],
    ]);
    expect(await page.textContent('.citation')).toBe(
      'Source: OpenRouter (openrouter.ai/rankings), as of 2026-04-29 02:00 UTC. Licence: CC BY 4.0.',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'openrouter-partial.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('says a range outside the data holds no week, and offers the way back', async () => {
    await open(`${sites.synthetic.url}/openrouter?from=2026-05-04`);
    expect(await emptyStates()).toEqual([
      [
        'No weeks in this range',
        'OpenRouter data covers the weeks from 2026-04-06 to 2026-04-27. Pick dates in that span, or press "All".',
      ],
    ]);
    await page.click('.presets button[data-preset="0"]');
    await page.waitForFunction(() => !document.querySelector('main[aria-busy]'));
    expect(await page.evaluate(() => location.search)).toBe('');
    expect(await page.locator('svg[data-chart="or-top-n-by-origin"] [data-series="CN"] circle.mark').count()).toBe(4);
    expect(errors).toEqual([]);
  });
});

describe('launchBrowser()', () => {
  it('fails with the install command when chromium is missing, rather than skipping', async () => {
    await expect(launchBrowser({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      'Chromium is not installed at /nonexistent/chromium: install it with `apt-get update && apt-get install -y chromium`',
    );
  });
});
