/**
 * The SQL page in Debian chromium: DuckDB-Wasm from this server over the marts as Parquet, on SYNTHETIC marts
 * (marts-fixture.ts: invented numbers, none of them OpenRouter's or Hugging Face's). The headline query's answer must
 * equal what /data/<mart>.json serves; the result downloads as CSV with hostile text neutralised.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { buildWeb } from '../../dashboard/build.ts';
import { browserContext, downloadText, watchedPage } from '../support/browser.ts';
import { tempDatabase } from '../support/tmp.ts';
import { createSyntheticMarts } from './marts-fixture.ts';
import { serve, webBundle } from './serve.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const MARTS = ['broken', 'openrouter_weekly_origin_share', 'openrouter_weekly_top_models'];
// The one failed request the page makes: the file of a mart whose query fails on the server.
const BROKEN_FILE = 'error: Failed to load resource: the server responded with a status of 500 (Internal Server Error)';

let t: Awaited<ReturnType<typeof tempDatabase>>;
let site: Awaited<ReturnType<typeof serve>>;
let browser: Awaited<ReturnType<typeof browserContext>>;
let page: Page;
const errors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  t = await tempDatabase();
  await createSyntheticMarts(t.db);
  // A hostile text cell, for the CSV download.
  await t.db.run(
    `insert into marts.openrouter_weekly_top_models values
     ('2026-04-20', 'all', 5, '=HYPERLINK("http://evil.example","x")', '@evil', '-2+3', 'UNKNOWN', 1000, 7, '2026-04-28 02:00:00')`,
  );
  await t.db.run(
    "update meta.marts set row_count = case name when 'openrouter_weekly_origin_share' then 10 else 9 end",
  );
  // A built mart whose query fails at run time: its Parquet file cannot be written; the other tables still load.
  await t.db.run(
    "create view marts.broken as select x, case when x >= 0 then error('synthetic failure') end as y from range(1) t(x)",
  );
  await t.db.run("insert into meta.marts values ('broken', 'broken: synthetic', 1, '2026-04-29 03:00:00')");
  const bundle = webBundle();
  site = await serve(createApp({ db: t.db, config: t.config, bundle: () => bundle, martNames: () => MARTS }));
  browser = await browserContext({ viewport: { width: 1440, height: 900 } });
  page = await watchedPage(browser, errors);
  page.on('request', (request: Request) => requests.push(new URL(request.url()).pathname));
  await page.goto(`${site.url}/sql`);
  // DuckDB starts, loads the Parquet files and runs the first example on its own.
  await page.waitForSelector('#sql-result-table', { timeout: 60_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  t?.cleanup();
});

async function resultRows(): Promise<string[][]> {
  return page.$$eval('#sql-result-table tr', (rows) =>
    rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? '')),
  );
}

/** Runs the next query (by `action`) and waits until it has finished. */
async function finished(action: () => Promise<void>): Promise<void> {
  const before = await page.$eval('#sql-status', (n) => Number((n as HTMLElement).dataset.runs ?? 0));
  await action();
  await page.waitForFunction(
    (runs) => Number((document.querySelector('#sql-status') as HTMLElement).dataset.runs ?? 0) > runs,
    before,
  );
}

async function run(sql: string): Promise<string[][]> {
  await finished(async () => {
    await page.fill('#sql-query', sql);
    await page.press('#sql-query', 'Control+Enter');
  });
  return resultRows();
}

describe('the SQL page', () => {
  it('answers the headline query (Chinese models in the weekly top 20) exactly as /data/<mart>.json does', async () => {
    expect(await page.$eval('#sql-query', (n) => (n as HTMLTextAreaElement).value)).toContain(
      "from marts.openrouter_weekly_origin_share\nwhere category = 'all' and origin_country = 'CN'",
    );
    const shown = await resultRows();
    expect(shown).toEqual([
      ['week_start', 'models_in_top_20', 'is_complete_week', 'as_of'],
      ['2026-04-27', '9', 'false', '2026-04-29 02:00:00'],
      ['2026-04-20', '8', 'true', '2026-04-28 02:00:00'],
      ['2026-04-13', '7', 'true', '2026-04-21 02:00:00'],
      ['2026-04-06', '6', 'true', '2026-04-14 02:00:00'],
    ]);
    const api = (await (
      await fetch(
        `${site.url}/data/openrouter_weekly_origin_share.json?category=all&origin_country=CN&_sort=-week_start`,
      )
    ).json()) as { rows: Array<Record<string, unknown>> };
    expect(shown.slice(1)).toEqual(
      api.rows.map((r) => [
        String(r.week_start),
        String(r.models_in_top_20),
        String(r.is_complete_week),
        String(r.as_of),
      ]),
    );
    expect(await page.$eval('#sql-result-table caption', (n) => n.textContent)).toBe('4 rows');
  });

  it('answers the Chinese token share, BIGINTs and NULLs as the JSON API gives them', async () => {
    await finished(() => page.click('button[data-example="cn-token-share"]'));
    expect((await resultRows()).slice(0, 3)).toEqual([
      ['week_start', 'token_share_top50', 'token_share_all_low', 'token_share_all_high', 'is_complete_week'],
      ['2026-04-27', '0.38', '0.33', '0.47', 'false'],
      ['2026-04-20', '0.35', '0.3', '0.44', 'true'],
    ]);
    expect(
      await run(
        "select total_tokens, token_share_all_low, marts.openrouter_weekly_origin_share.category from marts.openrouter_weekly_origin_share where category = 'programming'",
      ),
    ).toEqual([
      ['total_tokens', 'token_share_all_low', 'category'],
      ['500000000000', 'NULL', 'programming'],
    ]);
    expect(await run('select 9007199254740993::bigint as big, 1.5::decimal(4,1) as dec')).toEqual([
      ['big', 'dec'],
      ['9007199254740993', '1.5'],
    ]);
    // The Parquet file carries the mart's types into the browser's DuckDB.
    expect(
      await run(
        "select column_name, data_type from information_schema.columns where table_name = 'openrouter_weekly_origin_share' order by ordinal_position",
      ),
    ).toEqual([
      ['column_name', 'data_type'],
      ['week_start', 'DATE'],
      ['category', 'VARCHAR'],
      ['origin_country', 'VARCHAR'],
      ['models_in_top_10', 'INTEGER'],
      ['models_in_top_20', 'INTEGER'],
      ['models_in_top_50', 'INTEGER'],
      ['total_tokens', 'BIGINT'],
      ['token_share_top50', 'DOUBLE'],
      ['token_share_all_low', 'DOUBLE'],
      ['token_share_all_high', 'DOUBLE'],
      ['is_complete_week', 'BOOLEAN'],
      ['as_of', 'TIMESTAMP'],
    ]);
  });

  it('says what went wrong with a bad query, in the page, and keeps working', async () => {
    await finished(async () => {
      await page.fill('#sql-query', 'select * from no_such_table');
      await page.click('#sql-run');
    });
    expect(await page.$eval('#sql-status', (n) => n.className)).toBe('sql-status sql-error');
    expect(await page.$eval('#sql-status', (n) => n.textContent)).toMatch(
      /^Catalog Error: Table with name no_such_table does not exist!/,
    );
    expect(await run('select count(*) as n from openrouter_weekly_top_models')).toEqual([['n'], ['9']]);
  });

  it('downloads the result as CSV, hostile text neutralised and numbers left alone', async () => {
    await run(
      "select rank, model_permaslug, author, organisation, -total_tokens as negative from openrouter_weekly_top_models where week_start = '2026-04-20' and category = 'all' and rank in (4, 5) order by rank",
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#sql-download-csv')]);
    expect(download.suggestedFilename()).toBe('adoption-tracker-query.csv');
    const text = await downloadText(download);
    const lines = text.split('\n');
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual([
      'rank,model_permaslug,author,organisation,negative',
      '4,stealth/mystery-model,stealth,,-12345678',
      `5,"'=HYPERLINK(""http://evil.example"",""x"")",'@evil,'-2+3,-1000`,
      '',
    ]);
    expect(lines[0]).toBe(
      '# Sources: OpenRouter (openrouter.ai/rankings), licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), and Hugging Face Hub (huggingface.co); cite "Source: OpenRouter (openrouter.ai/rankings), as of {as_of}" for OpenRouter data',
    );
    expect(lines[1]).toMatch(
      /^# Tables built 2026-04-29 03:00:00 UTC; computed in the browser with DuckDB-Wasm v\d+\.\d+\.\d+ at http:\/\/127\.0\.0\.1:\d+\/sql#q=/,
    );
    expect(lines[2]).toBe(
      "# query: select rank, model_permaslug, author, organisation, -total_tokens as negative from openrouter_weekly_top_models where week_start = '2026-04-20' and category = 'all' and rank in (4, 5) order by rank",
    );
  });

  it('keeps the query in the address, so a link reruns it', async () => {
    const url = page.url();
    expect(decodeURIComponent(new URL(url).hash)).toBe(
      "#q=select rank, model_permaslug, author, organisation, -total_tokens as negative from openrouter_weekly_top_models where week_start = '2026-04-20' and category = 'all' and rank in (4, 5) order by rank",
    );
    const other = await browser.context.newPage();
    try {
      await other.goto(url);
      await other.waitForSelector('#sql-result-table', { timeout: 60_000 });
      expect(
        await other.$$eval('#sql-result-table tbody tr td:nth-child(2)', (cells) => cells.map((c) => c.textContent)),
      ).toEqual(['stealth/mystery-model', '=HYPERLINK("http://evil.example","x")']);
    } finally {
      await other.close();
    }
    // A guard, not a race: a second page starts DuckDB again, slow on a loaded machine.
  }, 90_000);

  it('loads DuckDB only here and only from this server, with no policy violation; a table whose file fails is named, the rest load', async () => {
    const external = requests.filter((p) => !p.startsWith('/'));
    expect(external).toEqual([]);
    expect(requests).toContain('/assets/sql-engine.js');
    expect(requests.filter((p) => p.startsWith('/vendor/')).sort()).toEqual([
      '/vendor/duckdb-wasm/duckdb-browser-eh.worker.js',
      '/vendor/duckdb-wasm/duckdb-eh.wasm',
      '/vendor/parquet-wasm/parquet_wasm_bg.wasm',
    ]);
    expect(requests.filter((p) => p.endsWith('.parquet')).sort()).toEqual([
      '/data/broken.parquet',
      '/data/openrouter_weekly_origin_share.parquet',
      '/data/openrouter_weekly_top_models.parquet',
    ]);
    expect(errors).toEqual([BROKEN_FILE]);
    expect(await page.$eval('#sql-skipped', (n) => n.textContent)).toBe('Not loaded: broken (internal error).');
    expect(
      await page.$$eval('table.sql-tables tbody tr', (rows) =>
        rows.map((r) => [...r.children].map((c) => c.textContent)),
      ),
    ).toEqual([
      ['broken', '1', 'Parquet · CSV'],
      ['openrouter_weekly_origin_share', '10', 'Parquet · CSV'],
      ['openrouter_weekly_top_models', '9', 'Parquet · CSV'],
    ]);
    expect(await page.$eval('#download-all', (a) => a.getAttribute('href'))).toBe('data/all.zip');
    // The overview never asks for the engine.
    requests.length = 0;
    const overview = await browser.context.newPage();
    try {
      overview.on('request', (request) => requests.push(new URL(request.url()).pathname));
      await overview.goto(`${site.url}/`);
      await overview.waitForFunction(
        () => !document.querySelector('.loading') && !document.querySelector('main[aria-busy]'),
      );
      expect(requests.filter((p) => /sql-engine|duckdb|parquet|sql\.css/.test(p))).toEqual([]);
      expect(await overview.$eval('nav a[href$="sql"]', (a) => a.textContent)).toBe('SQL');
    } finally {
      await overview.close();
    }
  });

  it('says so, and loads no engine, before any table is built', async () => {
    const fresh = await tempDatabase();
    const bare = await serve(
      createApp({ db: fresh.db, config: fresh.config, bundle: () => buildWeb(), martNames: () => MARTS }),
    );
    const other = await browser.context.newPage();
    const asked: string[] = [];
    try {
      other.on('request', (request) => asked.push(new URL(request.url()).pathname));
      await other.goto(`${bare.url}/sql`);
      await other.waitForSelector('.empty');
      expect(
        await other.$eval('.empty', (n) => [n.querySelector('h2')?.textContent, n.querySelector('p')?.textContent]),
      ).toEqual([
        'No tables to query yet',
        'No table has been built yet: the first transform builds them (run `adoption-tracker transform`, or wait for the server’s first job).',
      ]);
      expect(asked.filter((p) => /sql-engine|vendor|parquet/.test(p))).toEqual([]);
    } finally {
      await other.close();
      await bare.close();
      fresh.cleanup();
    }
  });

  it('reads at 1440 and 360 px wide (screenshots)', async () => {
    await finished(() => page.click('button[data-example="cn-top20"]'));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sql-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    // A resize redraws the view: the editor, its text and the result stay.
    await page.waitForFunction(() => document.querySelectorAll('#sql-result-table tbody tr').length === 4);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    // Dates and timestamps stay on one line (the table scrolls inside its card instead).
    const heights = await page.$$eval('#sql-result-table tbody tr:first-child td', (cells) =>
      cells.map((c) => c.getBoundingClientRect().height),
    );
    expect(new Set(heights).size).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sql-360.png'), fullPage: true });
    expect(errors).toEqual([BROKEN_FILE]);
  });
});
