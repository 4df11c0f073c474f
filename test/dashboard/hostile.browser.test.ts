/**
 * Issue 9, hostile data: model slugs such as `<img src=x onerror=alert(1)>`, `javascript:alert(1)` and
 * `=HYPERLINK(...)` go through the real OpenRouter collector (replay of a SYNTHETIC archive), hostile Hub repo ids,
 * authors, pipeline tags and tags through the real Hub collector (SYNTHETIC fixture), the transform and every
 * view in chromium: nothing runs, no element or link carries them as markup or a URL, and the per-mart CSV neutralises
 * the formula.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCommand, exportCommand } from '../../bin/commands.ts';
import { createApp } from '../../dashboard/app.ts';
import { VIEW_PATHS } from '../../dashboard/routes/page.ts';
import { Database } from '../../db/connection.ts';
import { publishedPath } from '../../db/publish.ts';
import { createHuggingFaceSource } from '../../ingest/huggingface.ts';
import { sources } from '../../ingest/sources.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { browserContext } from '../support/browser.ts';
import { startReplayServer, type ReplayServer } from '../support/replay/server.ts';
import { tempDir } from '../support/tmp.ts';
import { serve, webBundle } from './serve.ts';

const ARCHIVE = path.resolve(import.meta.dirname, '../fixtures/openrouter/rankings-hostile.synthetic.csv');
const FORMULA = '=HYPERLINK("http://evil.example/?q=1","click")';
const HOSTILE_HUB = path.resolve(import.meta.dirname, '../fixtures/huggingface/hostile-models.synthetic.json');

let replay: ReplayServer;
let dir: { dir: string; cleanup: () => void };
let config: Config;
let db: Database;
let site: Awaited<ReturnType<typeof serve>>;
let browser: Awaited<ReturnType<typeof browserContext>>;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  replay = await startReplayServer({
    now: new Date('2026-08-22T23:59:59Z'),
    openrouter: { csvFile: ARCHIVE, rateLimitPerMinute: 10_000 },
    huggingface: { syntheticFile: HOSTILE_HUB },
  });
  dir = tempDir();
  config = loadConfig({
    ADOPTION_DATA_DIR: dir.dir,
    ADOPTION_SEED_HISTORY: 'off',
    ADOPTION_SCHEDULE: 'off',
    OPENROUTER_BASE_URL: replay.openrouterBaseUrl,
    OPENROUTER_API_KEY: 'replay-key',
  });
  // Hostile OpenRouter slugs and hostile Hub repo ids and tags (ranks 31 and 32 of a top 32), each through its real
  // collector, in one `collect`: one transform and publish after both runs, as the CLI does.
  const openrouter = sources.find((s) => s.name === 'openrouter')!;
  const hub = createHuggingFaceSource(
    { trackedOrgs: [], topN: 32, lineageMaxDepth: 6, lineageMaxFetches: 2000 },
    { sleep: async () => undefined },
  );
  const lines: string[] = [];
  expect(
    await collectCommand(
      { ...config, hfEndpoint: replay.hfEndpoint },
      'all',
      { from: '2026-08-10', to: '2026-08-21' },
      { out: (l) => lines.push(l), log: silentLogger },
      { sources: [openrouter, hub], now: () => new Date('2026-08-22T12:00:00Z') },
    ),
  ).toBe(0);
  expect(lines.filter((l) => / succeeded/.test(l))).toHaveLength(2);
  db = await Database.open(publishedPath(dir.dir), { readOnly: true });
  const bundle = webBundle();
  [site, browser] = await Promise.all([serve(createApp({ db, config, bundle: () => bundle })), browserContext()]);
  page = await browser.context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  db?.close();
  await replay?.close();
  dir?.cleanup();
});

describe('hostile model slugs through collection into every view', () => {
  it.each(['/', ...VIEW_PATHS, '/openrouter?from=2026-08-10&week=2026-08-10', '/huggingface?hfn=50'])(
    '%s: nothing runs, no element or link carries them',
    async (view) => {
      await page.goto(site.url + view);
      await page.waitForFunction(
        () => !document.querySelector('.loading') && !document.querySelector('main[aria-busy]'),
      );
      const found = await page.evaluate(() => {
        const handlers = [...document.querySelectorAll('*')].filter((el) =>
          [...el.attributes].some((a) => /^on/i.test(a.name)),
        );
        const links = [...document.querySelectorAll('[href], [src], [action], [formaction]')].map(
          (el) =>
            el.getAttribute('href') ??
            el.getAttribute('src') ??
            el.getAttribute('action') ??
            el.getAttribute('formaction') ??
            '',
        );
        // A link may carry a hostile id as encoded data (a same-origin ?id= query); it must never lead there: no
        // script URL or data URL, no other host named by the data, nothing of it in the path.
        const leadsThere = (href: string) => {
          const url = new URL(href, location.href);
          return (
            ['javascript:', 'vbscript:'].includes(url.protocol) ||
            (url.protocol === 'data:' && href !== 'data:,') || // the page's empty favicon is the only data URL
            url.hostname.includes('evil.example') ||
            /onerror|<img|javascript:/i.test(decodeURIComponent(url.pathname))
          );
        };
        return {
          injectedImages: document.querySelectorAll('img[src="x"]').length,
          handlers: handlers.map((el) => el.outerHTML.slice(0, 80)),
          badLinks: links.filter(leadsThere),
        };
      });
      expect(found).toEqual({ injectedImages: 0, handlers: [], badLinks: [] });
      expect(dialogs).toEqual([]);
    },
  );

  it('shows the hostile slugs as text on the OpenRouter view', async () => {
    await page.goto(`${site.url}/openrouter?from=2026-08-10&week=2026-08-10`);
    await page.waitForFunction(() => !document.querySelector('.loading') && !document.querySelector('main[aria-busy]'));
    const text = await page.evaluate(() => document.body.innerText);
    // The page names models in words (javascript:alert(1) shows as "Javascript (alert(1))"): the payload is there as text.
    expect(text).toContain('alert(1)');
  });
});

describe('hostile slugs in downloads', () => {
  it('/data/<mart>.csv neutralises the formula slug; JSON keeps it as collected', async () => {
    const csv = await (
      await fetch(`${site.url}/data/openrouter_weekly_top_models.csv?category=all&week_start=2026-08-10&_sort=rank`)
    ).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?q=1"",""click"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const json = (await (
      await fetch(`${site.url}/data/openrouter_weekly_top_models.json?category=all&week_start=2026-08-10`)
    ).json()) as {
      rows: Array<{ model_permaslug: string }>;
    };
    expect(json.rows.map((r) => r.model_permaslug)).toContain(FORMULA);
  });

  it('export --format csv neutralises it, export --raw keeps it', async () => {
    const safe: string[] = [];
    const raw: string[] = [];
    await exportCommand(
      config,
      'openrouter_weekly_top_models',
      { format: 'csv' },
      { out: (t) => safe.push(t), log: silentLogger },
    );
    await exportCommand(
      config,
      'openrouter_weekly_top_models',
      { format: 'csv', raw: true },
      { out: (t) => raw.push(t), log: silentLogger },
    );
    expect(safe.join('\n')).toContain(`"'=HYPERLINK(`);
    expect(safe.join('\n')).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(raw.join('\n')).toMatch(/(^|,)"=HYPERLINK\(""http:\/\/evil\.example/m);
  });
});
