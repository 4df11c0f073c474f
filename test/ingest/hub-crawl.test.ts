/**
 * HF_SCOPE=all against a SYNTHETIC whole-Hub listing served by the replay (test/support/replay/hub-listing.ts):
 * pages go to disk as they arrive, DuckDB loads them, and a crawl cut short by a kill or a 429 storm resumes from its
 * cursor and ends with the same snapshot as an uninterrupted one.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../db/connection.ts';
import { insertInto } from '../../db/raw-tables.ts';
import { CRAWL_LOAD_MEMORY_LIMIT, createHuggingFaceSource, parseBaseModelTags } from '../../ingest/huggingface.ts';
import {
  crawlHub,
  firstPageUrl,
  linksFile,
  readProgress,
  TopModels,
  type Crawl,
  type CrawlProgress,
} from '../../ingest/hub-crawl.ts';
import { markInterruptedRuns, runSource, type RunResult, type Source } from '../../ingest/run.ts';
import type { HuggingFaceTracking } from '../../ingest/tracking.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import type { HuggingFaceFault } from '../support/replay/huggingface.ts';
import { startReplayServer, type ReplayServer } from '../support/replay/server.ts';
import { recordStatements } from '../support/statements.ts';
import { tempDatabase, tempDir } from '../support/tmp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = new Date('2026-08-22T12:00:00Z');
const MODELS = 2400;
const PAGE_SIZE = 500;
const TRACKING: HuggingFaceTracking = {
  topN: 100,
  trackedOrgs: ['Qwen', 'deepseek-ai'],
  lineageMaxDepth: 6,
  lineageMaxFetches: 2000,
};
// The replay's cursor for offset 1000 (page 3): base64url of {"offset":1000}.
const PAGE_3 = /cursor=eyJvZmZzZXQiOjEwMDB9/;

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function replay(faults: HuggingFaceFault[] = []): Promise<ReplayServer> {
  const server = await startReplayServer({ now: NOW, huggingface: { generated: { models: MODELS }, faults } });
  cleanups.push(() => server.close());
  return server;
}

async function store(server: ReplayServer) {
  const t = await tempDatabase({ HF_ENDPOINT: server.hfEndpoint, HF_SCOPE: 'all', ADOPTION_SEED_HISTORY: 'off' });
  cleanups.push(t.cleanup);
  return t;
}

/**
 * One whole-Hub run without waits: the Hub source (with `onProgress`) unless `source` is given, over the replay
 * unless `fetch` is given.
 */
function collect(
  t: { db: Database; config: Config },
  options: { onProgress?: (p: CrawlProgress) => void; fetch?: typeof fetch; source?: Source } = {},
): Promise<RunResult> {
  const sleep = async () => {};
  const source =
    options.source ?? createHuggingFaceSource(TRACKING, { sleep, pageSize: PAGE_SIZE, onProgress: options.onProgress });
  return runSource(source, {
    db: t.db,
    config: t.config,
    now: () => NOW,
    fetch: options.fetch,
    http: { minBackoffMs: 1, maxBackoffMs: 2, retries: 2, sleep },
  });
}

/** `fetch` through to the replay, with the listings of `extra` appended to the page at each cursor it names. */
function appendingToPages(extra: Record<string, unknown[]>): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = String(input instanceof Request ? input.url : input);
    const added = Object.entries(extra).find(([c]) => url.includes(`cursor=${c}`))?.[1];
    if (!added) return response;
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    const body = [...((await response.json()) as unknown[]), ...added];
    return new Response(JSON.stringify(body), { status: response.status, headers });
  };
}

/** The Hub source with each `run` of its write step shown to `beforeRun` first, which may record it or throw. */
function watchingWrites(beforeRun: (sqlText: string) => void | Promise<void>): Source {
  const inner = createHuggingFaceSource(TRACKING, { sleep: async () => {}, pageSize: PAGE_SIZE });
  return {
    ...inner,
    fetch: async (ctx) => {
      const fetched = await inner.fetch(ctx);
      return {
        ...fetched,
        write: (tx) =>
          fetched.write(
            new Proxy(tx, {
              get(target, key) {
                if (key !== 'run') return Reflect.get(target, key, target);
                return async (sqlText: string, params?: never) => {
                  await beforeRun(sqlText);
                  return target.run(sqlText, params);
                };
              },
            }),
          ),
      };
    },
  };
}

/** The day's snapshot and links without the run bookkeeping (run and payload ids differ between stores). */
async function snapshot(db: Database) {
  const rows = await db.json(`select * exclude (run_id, payload_id) from raw.hf_model_snapshots order by model_id`);
  const links = await db.json(
    'select * exclude (run_id) from raw.hf_model_base_models order by model_id, base_model_id',
  );
  return { rows, links };
}

describe('whole-Hub crawl (HF_SCOPE=all, synthetic listing)', () => {
  it('stores every listed model once, ranks the top N by 30-day downloads, flags tracked organisations and parses lineage tags', async () => {
    const server = await replay();
    const t = await store(server);
    const progress: CrawlProgress[] = [];
    const result = await collect(t, { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({
      status: 'succeeded',
      rowsFetched: 2400,
      message: 'whole Hub: 2400 listed models in 5 pages',
    });
    const [counts] = await t.db.json(
      `select count(*)::integer as models, count(top_rank)::integer as ranked, max(top_rank) as last_rank,
              count(*) filter (where tracked_org)::integer as tracked, count(*) filter (where is_synthetic)::integer as synthetic,
              count(*) filter (where lineage_only)::integer as lineage_only
       from raw.hf_model_snapshots`,
    );
    // Qwen and deepseek-ai are 2 of the 8 rotating authors, on the two thirds of models not from unregistered labs.
    expect(counts).toEqual({
      models: 2400,
      ranked: 100,
      last_rank: 100,
      tracked: 400,
      synthetic: 2400,
      lineage_only: 0,
    });
    expect(
      await t.db.json(
        "select * exclude (run_id, payload_id) from raw.hf_model_snapshots where model_id = 'deepseek-ai/synthetic-model-1'",
      ),
    ).toEqual([
      {
        day: '2026-08-22',
        snapshot_at: '2026-08-22 12:00:00',
        model_id: 'deepseek-ai/synthetic-model-1',
        author: 'deepseek-ai',
        // 5,000,000 / 2 + 1 % 13, plus 233 days since 2026-01-01 x (1 + 1 % 5); all-time 12 x that + 1
        downloads_30d: '2500467',
        downloads_all_time: '30005605',
        likes: '1',
        created_at: '2023-01-01 00:01:00',
        last_modified_at: '2023-01-01 00:01:00',
        pipeline_tag: 'text-generation',
        library_name: 'transformers',
        tags: ['transformers', 'safetensors', 'synthetic', 'base_model:quantized:Qwen/synthetic-model-0'],
        parameters: null,
        // behind models 0, 1009, 2018 (about 5M) and 2019 (2,501,170)
        top_rank: 5,
        tracked_org: true,
        lineage_only: false,
        is_synthetic: true,
      },
    ]);
    expect(
      await t.db.json(
        "select model_id, base_model_id, relation from raw.hf_model_base_models where model_id in ('deepseek-ai/synthetic-model-1', 'mistralai/synthetic-model-3', 'google/synthetic-model-45', 'Qwen/synthetic-model-0') order by model_id",
      ),
    ).toEqual([
      { model_id: 'deepseek-ai/synthetic-model-1', base_model_id: 'Qwen/synthetic-model-0', relation: 'quantized' },
      { model_id: 'google/synthetic-model-45', base_model_id: 'Qwen/synthetic-model-40', relation: 'quantized' },
      { model_id: 'mistralai/synthetic-model-3', base_model_id: 'Qwen/synthetic-model-0', relation: 'unspecified' },
    ]);
    const [links] = await t.db.json('select count(*)::integer as n from raw.hf_model_base_models');
    expect(links).toEqual({ n: 1200 });
    expect(progress.map((p) => [p.pages, p.done])).toEqual([
      [0, false],
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, false],
      [5, true],
    ]);
    expect(progress.at(-1)).toMatchObject({ done: true, models: 2400, expectedPages: 2000 });
    expect(readProgress(t.config.dataDir)).toMatchObject({ pages: 5, models: 2400, done: true });
    // The crawl's links file served the load and is gone.
    expect(fs.existsSync(linksFile(t.config.dataDir))).toBe(false);
  });

  it('a crawl killed (SIGKILL) after its second page resumes at the third and stores the same snapshot as an uninterrupted one', async () => {
    const server = await replay();
    const whole = await store(server);
    expect((await collect(whole)).status).toBe('succeeded');

    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const env = {
      ADOPTION_DATA_DIR: dir,
      HF_ENDPOINT: server.hfEndpoint,
      HF_SCOPE: 'all',
      ADOPTION_SEED_HISTORY: 'off',
    };
    const file = path.join(dir, 'live', 'kill.duckdb');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `
        import { Database } from './db/connection.ts';
        import { migrate } from './db/migrate.ts';
        import { createHuggingFaceSource } from './ingest/huggingface.ts';
        import { runSource } from './ingest/run.ts';
        import { loadConfig } from './lib/config.ts';
        const db = await Database.open(${JSON.stringify(file)});
        await migrate(db);
        const onProgress = (p) => { if (p.pages === 2) process.kill(process.pid, 'SIGKILL'); };
        await runSource(createHuggingFaceSource(${JSON.stringify(TRACKING)}, { pageSize: ${PAGE_SIZE}, onProgress }),
          { db, config: loadConfig(${JSON.stringify(env)}), now: () => new Date(${JSON.stringify(NOW.toISOString())}) });
        `,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, sig) => resolve(sig)),
    );
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(readProgress(dir)).toMatchObject({ pages: 2, models: 1000, done: false });

    const requestsBefore = server.requests.length;
    const db = await Database.open(file);
    cleanups.push(() => db.close());
    expect(await markInterruptedRuns(db, () => NOW)).toBe(1);
    const resumed = await collect({ db, config: loadConfig(env) });
    expect(resumed).toMatchObject({
      status: 'succeeded',
      rowsFetched: 2400,
      message: 'whole Hub: 2400 listed models in 5 pages; resumed at page 3',
    });
    // Pages 3, 4 and 5 only: the two kept pages are not fetched again.
    expect(server.requests.slice(requestsBefore).map((r) => /cursor=/.test(r.url))).toEqual([true, true, true]);
    expect(await snapshot(db)).toEqual(await snapshot(whole.db));
  });

  it('a 429 storm past the retries fails the run and keeps its pages; the next run resumes and matches an uninterrupted crawl', async () => {
    const server = await replay([{ path: PAGE_3, times: 3, status: 429, headers: { 'Retry-After': '1' } }]);
    const t = await store(server);
    const failed = await collect(t);
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/^429 from http:\/\/127\.0\.0\.1:\d+\/api\/models\?.*cursor=eyJvZmZzZXQiOjEwMDB9/);
    expect(await t.db.json('select count(*)::integer as n from raw.hf_model_snapshots')).toEqual([{ n: 0 }]);
    expect(fs.existsSync(linksFile(t.config.dataDir))).toBe(false);
    expect(await t.db.json('select crawl_id, page_index from meta.hf_crawl_pages order by page_index')).toEqual([
      { crawl_id: '1', page_index: 0 },
      { crawl_id: '1', page_index: 1 },
    ]);
    const resumed = await collect(t);
    expect(resumed).toMatchObject({
      status: 'succeeded',
      message: 'whole Hub: 2400 listed models in 5 pages; resumed at page 3',
    });

    const whole = await store(server);
    expect((await collect(whole)).status).toBe('succeeded');
    expect(await snapshot(t.db)).toEqual(await snapshot(whole.db));
  });

  it('re-running a loaded day crawls afresh and replaces the day; an unfinished crawl of an earlier day is abandoned', async () => {
    const server = await replay([{ path: PAGE_3, times: 3, status: 429 }]);
    const t = await store(server);
    expect((await collect(t)).status).toBe('failed');
    const nextDay = new Date('2026-08-23T12:00:00Z');
    server.setNow(nextDay);
    const sleep = async () => {};
    const run = () =>
      runSource(createHuggingFaceSource(TRACKING, { sleep, pageSize: PAGE_SIZE }), {
        db: t.db,
        config: t.config,
        now: () => nextDay,
        http: { minBackoffMs: 1, maxBackoffMs: 2, sleep },
      });
    expect(await run()).toMatchObject({ status: 'succeeded', message: 'whole Hub: 2400 listed models in 5 pages' });
    expect(await run()).toMatchObject({ status: 'succeeded', message: 'whole Hub: 2400 listed models in 5 pages' });
    expect(
      await t.db.json('select crawl_id, day::varchar as day, status, pages from meta.hf_crawls order by crawl_id'),
    ).toEqual([
      { crawl_id: '1', day: '2026-08-22', status: 'abandoned', pages: 2 },
      { crawl_id: '2', day: '2026-08-23', status: 'loaded', pages: 5 },
      { crawl_id: '3', day: '2026-08-23', status: 'loaded', pages: 5 },
    ]);
    expect(
      await t.db.json('select day::varchar as day, count(*)::integer as n from raw.hf_model_snapshots group by day'),
    ).toEqual([{ day: '2026-08-23', n: 2400 }]);
  });

  it('parses base_model tags in SQL exactly as parseBaseModelTags() does', async () => {
    const server = await replay();
    const t = await store(server);
    const cases: string[][] = [
      ['base_model:org/a', 'base_model:finetune:org/a'],
      ['base_model:finetune:org/a', 'base_model:org/a'],
      ['base_model:adapter:org/a', 'base_model:merge:org/a', 'base_model:org/b'],
      ['base_model:quantized:', 'base_model:', 'base_model:weird:org/c', 'base_model:finetune', 'license:mit'],
      ['base_model:merge:org/d', 'base_model:merge:org/e'],
    ];
    for (const [i, tags] of cases.entries()) {
      await t.db.run(
        `insert into raw.hf_model_snapshots (day, snapshot_at, model_id, tags, tracked_org, lineage_only, is_synthetic, run_id)
         values ('2026-08-22', '2026-08-22', $1, from_json($2::json, '["VARCHAR"]'), false, false, true, 1)`,
        [`m/${i}`, JSON.stringify(tags)],
      );
    }
    const { readFileSync } = await import('node:fs');
    const select = readFileSync(path.join(ROOT, 'ingest/sql/hf_crawl_base_models.sql'), 'utf8');
    await t.db.run(insertInto('raw.hf_model_base_models', select), { day: '2026-08-22', run_id: 1 });
    const fromSql = await t.db.json<{ model_id: string; base_model_id: string; relation: string }>(
      'select model_id, base_model_id, relation from raw.hf_model_base_models order by model_id, base_model_id',
    );
    const fromTs = cases.flatMap((tags, i) =>
      parseBaseModelTags(tags)
        .map((l) => ({ model_id: `m/${i}`, base_model_id: l.baseModelId, relation: l.relation as string }))
        .sort((a, b) => a.base_model_id.localeCompare(b.base_model_id)),
    );
    expect(fromSql).toEqual(fromTs);
    expect(fromSql).toEqual([
      { model_id: 'm/0', base_model_id: 'org/a', relation: 'finetune' },
      { model_id: 'm/1', base_model_id: 'org/a', relation: 'finetune' },
      { model_id: 'm/2', base_model_id: 'org/a', relation: 'merge' },
      { model_id: 'm/2', base_model_id: 'org/b', relation: 'unspecified' },
      { model_id: 'm/3', base_model_id: 'finetune', relation: 'unspecified' },
      { model_id: 'm/4', base_model_id: 'org/d', relation: 'merge' },
      { model_id: 'm/4', base_model_id: 'org/e', relation: 'merge' },
    ]);
  });

  it('never runs two crawls at once: a second one started mid-crawl fails at once and the first completes', async () => {
    const server = await replay();
    const t = await store(server);
    let second: RunResult | undefined;
    // The first crawl's page fetch runs a whole second crawl of the same data folder before it fetches its page.
    const holding: Source = {
      ...createHuggingFaceSource(TRACKING),
      fetch: async (ctx) => {
        const http = ctx.http();
        const crawl = await crawlHub(ctx, {
          firstUrl: firstPageUrl(server.hfEndpoint, PAGE_SIZE),
          topN: TRACKING.topN,
          fetchPage: async (url) => {
            second ??= await collect(t);
            const response = await http(url);
            return { body: await response.text(), headers: response.headers };
          },
        });
        return { rowsFetched: crawl.pages.length, write: async () => 0 };
      },
    };
    const first = await runSource(holding, { db: t.db, config: t.config, now: () => NOW });
    expect(first).toMatchObject({ status: 'succeeded', rowsFetched: 5 });
    expect(second).toMatchObject({
      status: 'failed',
      message: 'a whole-Hub crawl is already running for this data folder',
    });
  });

  it("writes the base-model links of every listed model to one file as the pages pass, the kept pages' again when resumed, and none when cut short", async () => {
    const server = await replay([{ path: PAGE_3, times: 3, status: 429 }]);
    const t = await store(server);
    const sleep = async () => {};
    const crawlOnly = (seen: Array<{ crawl: Crawl; lines: string[] }>): Source => ({
      ...createHuggingFaceSource(TRACKING),
      fetch: async (ctx) => {
        const http = ctx.http();
        const crawl = await crawlHub(ctx, {
          firstUrl: firstPageUrl(server.hfEndpoint, PAGE_SIZE),
          topN: TRACKING.topN,
          fetchPage: async (url) => {
            const response = await http(url);
            return { body: await response.text(), headers: response.headers };
          },
        });
        seen.push({ crawl, lines: fs.readFileSync(crawl.linksFile, 'utf8').split('\n') });
        return { rowsFetched: crawl.pages.length, write: async () => 0 };
      },
    });
    const run = (seen: Array<{ crawl: Crawl; lines: string[] }>) =>
      runSource(crawlOnly(seen), {
        db: t.db,
        config: t.config,
        now: () => NOW,
        http: { minBackoffMs: 1, maxBackoffMs: 2, retries: 2, sleep },
      });
    const cut: Array<{ crawl: Crawl; lines: string[] }> = [];
    expect((await run(cut)).status).toBe('failed');
    expect(cut).toEqual([]);
    expect(fs.existsSync(linksFile(t.config.dataDir))).toBe(false);

    const resumed: Array<{ crawl: Crawl; lines: string[] }> = [];
    expect((await run(resumed)).status).toBe('succeeded');
    const [{ crawl, lines }] = resumed as [{ crawl: Crawl; lines: string[] }];
    expect(crawl).toMatchObject({ resumedFromPage: 2, links: 1200, linksFile: linksFile(t.config.dataDir) });
    // Every odd model derives from an earlier one; model 3 by a bare tag (every tenth from 3), model 1 quantized.
    expect(lines.length).toBe(1201);
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, 3).map((l) => JSON.parse(l))).toEqual([
      { model_id: 'deepseek-ai/synthetic-model-1', base_model_id: 'Qwen/synthetic-model-0', relation: 'quantized' },
      { model_id: 'mistralai/synthetic-model-3', base_model_id: 'Qwen/synthetic-model-0', relation: 'unspecified' },
      { model_id: 'synthetic-lab-5/synthetic-model-5', base_model_id: 'Qwen/synthetic-model-0', relation: 'quantized' },
    ]);
    // Model 1201 (page 3, which the second run fetched; pages 1 and 2 it read again from disk): 1201 - 1 - 1201 % 41.
    expect(JSON.parse(lines[600]!)).toEqual({
      model_id: 'deepseek-ai/synthetic-model-1201',
      base_model_id: 'bartowski/synthetic-model-1188',
      relation: 'quantized',
    });
  });
});

describe('whole-Hub load', () => {
  const cursor = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');

  it('a model listed twice keeps its first listing and the top N is ranked again: the same snapshot as a clean crawl', async () => {
    const server = await replay();
    const clean = await store(server);
    expect((await collect(clean)).status).toBe('succeeded');
    const t = await store(server);
    // Page 2 lists model 0 (page 1) again with 1 download; page 3 lists model 600 (page 2) again with 99,999,999,
    // which the crawl's running top N ranks first until the repeat is deleted. Both repeats declare a base model the
    // first listing does not: the links are those of the listing kept, not the crawl's links of every listing.
    const repeats: Record<string, Record<string, unknown>> = {
      [cursor(500)]: {
        id: 'Qwen/synthetic-model-0',
        author: 'Qwen',
        downloads: 1,
        tags: ['base_model:finetune:Qwen/synthetic-model-7'],
      },
      [cursor(1000)]: {
        id: 'Qwen/synthetic-model-600',
        author: 'Qwen',
        downloads: 99_999_999,
        tags: ['base_model:other/root'],
      },
    };
    const result = await collect(t, {
      fetch: appendingToPages(Object.fromEntries(Object.entries(repeats).map(([c, listing]) => [c, [listing]]))),
    });
    expect(result).toMatchObject({ status: 'succeeded', message: 'whole Hub: 2402 listed models in 5 pages' });
    expect(await snapshot(t.db)).toEqual(await snapshot(clean.db));
    expect(
      await t.db.json(
        `select model_id, downloads_30d, top_rank, pages.page_index
         from raw.hf_model_snapshots inner join meta.hf_crawl_pages as pages using (payload_id)
         where model_id in ('Qwen/synthetic-model-0', 'Qwen/synthetic-model-600') order by model_id`,
      ),
    ).toEqual([
      // behind models 1009 and 2018 (5,000,008 and 5,000,005 plus 233 days x 5 and x 4)
      { model_id: 'Qwen/synthetic-model-0', downloads_30d: '5000233', top_rank: 3, page_index: 0 },
      // 5,000,000 / 601 + 600 % 13 + 233 days x 1: far from the top 100
      { model_id: 'Qwen/synthetic-model-600', downloads_30d: '8554', top_rank: null, page_index: 1 },
    ]);
  });

  it('two pages with identical bodies share one kept file, and each page gets its rows: the first listing stays', async () => {
    const server = await replay();
    const t = await store(server);
    // Page 2 (cursor 500) answers with page 1's body and its own Link header: the crawl goes on to page 3.
    let firstBody: string | undefined;
    const result = await collect(t, {
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const url = String(input instanceof Request ? input.url : input);
        if (!url.includes('cursor=')) {
          firstBody = await response.clone().text();
          return response;
        }
        if (!url.includes(`cursor=${cursor(500)}`)) return response;
        const headers = new Headers(response.headers);
        headers.delete('content-length');
        return new Response(firstBody, { status: response.status, headers });
      },
    });
    expect(result).toMatchObject({ status: 'succeeded', message: 'whole Hub: 2400 listed models in 5 pages' });
    expect(
      await t.db.json(
        `select count(*)::integer as pages, count(distinct file)::integer as files,
                (select file from meta.hf_crawl_pages where page_index = 0) = (select file from meta.hf_crawl_pages where page_index = 1) as shared
         from meta.hf_crawl_pages`,
      ),
    ).toEqual([{ pages: 5, files: 4, shared: true }]);
    // Page 1's 500 models once each, from page 1's payload; page 2's own models were never listed.
    expect(
      await t.db.json(
        `select pages.page_index, count(*)::integer as models, count(distinct model_id)::integer as distinct_models,
                min(split_part(model_id, '-', -1)::integer) as first, max(split_part(model_id, '-', -1)::integer) as last
         from raw.hf_model_snapshots inner join meta.hf_crawl_pages as pages using (payload_id)
         group by all order by pages.page_index`,
      ),
    ).toEqual([
      { page_index: 0, models: 500, distinct_models: 500, first: 0, last: 499 },
      { page_index: 2, models: 500, distinct_models: 500, first: 1000, last: 1499 },
      { page_index: 3, models: 500, distinct_models: 500, first: 1500, last: 1999 },
      { page_index: 4, models: 400, distinct_models: 400, first: 2000, last: 2399 },
    ]);
  });

  it('a day that repeats no model takes no dedup path, even with two ids DuckDB hash() maps to one value', async () => {
    const server = await replay();
    const t = await store(server);
    // Two distinct ids with one DuckDB hash() (found among 2M generated ids): a count of distinct hashes would take
    // them for a repeat.
    const twins = ['synthetic-lab-305/synthetic-model-1000301', 'synthetic-lab-335/synthetic-model-1000331'];
    expect(
      await t.db.json('select hash($1) = hash($2) as same_hash, $1 = $2 as same_id', [twins[0]!, twins[1]!]),
    ).toEqual([{ same_hash: true, same_id: false }]);
    const extra = twins.map((id) => ({ id, downloads: 1, tags: ['base_model:finetune:Qwen/synthetic-model-0'] }));
    const statements: string[] = [];
    const source = watchingWrites((sqlText) => {
      statements.push(sqlText.split('\n')[0]!);
    });
    const result = await collect(t, { fetch: appendingToPages({ [cursor(500)]: extra }), source });
    // 2,402 models and 1,202 links: the two extra rows and their two links, each once.
    expect(result).toMatchObject({ status: 'succeeded', rowsWritten: 3604 });
    expect(statements).toEqual([
      'delete from raw.hf_model_base_models where day = $1::date',
      'delete from raw.hf_model_snapshots where day = $1::date',
      'insert into raw.hf_model_snapshots (day, snapshot_at, model_id, author, downloads_30d, downloads_all_time, likes, created_at, last_modified_at, pipeline_tag, library_name, tags, parameters, top_rank, tracked_org, lineage_only, is_synthetic, run_id, payload_id)',
      'insert into raw.hf_model_base_models (day, model_id, base_model_id, relation, run_id)',
      "update meta.hf_crawls set status = 'loaded' where crawl_id = $1",
    ]);
    expect(
      await t.db.json(
        `select model_id, base_model_id, relation from raw.hf_model_base_models
         where model_id like 'synthetic-lab-3_5/synthetic-model-10003_1' order by model_id`,
      ),
    ).toEqual(twins.map((id) => ({ model_id: id, base_model_id: 'Qwen/synthetic-model-0', relation: 'finetune' })));
  });

  it('loads links whose ids need JSON escaping, and a model with several base tags by the relation rules', async () => {
    const server = await replay();
    const t = await store(server);
    const extra = [
      { id: 'odd/quote"back\\slash', tags: ['base_model:finetune:org/caf\u00e9 \u00fcber'] },
      {
        id: 'odd/several',
        tags: ['base_model:org/a', 'base_model:finetune:org/a', 'base_model:merge:org/b', 'base_model:quantized:x:y'],
      },
    ];
    const result = await collect(t, { fetch: appendingToPages({ [cursor(500)]: extra }) });
    expect(result).toMatchObject({ status: 'succeeded', rowsWritten: 2402 + 1203 });
    expect(
      await t.db.json(
        "select model_id, base_model_id, relation from raw.hf_model_base_models where model_id like 'odd/%' order by all",
      ),
    ).toEqual([
      { model_id: 'odd/quote"back\\slash', base_model_id: 'org/caf\u00e9 \u00fcber', relation: 'finetune' },
      { model_id: 'odd/several', base_model_id: 'org/a', relation: 'finetune' },
      { model_id: 'odd/several', base_model_id: 'org/b', relation: 'merge' },
    ]);
  });

  it("commits each crawled page and the day's load with DuckDB's threads as they are: no change of the threads setting", async () => {
    const server = await replay();
    const t = await store(server);
    const statements = await recordStatements(async () => {
      expect(await collect(t)).toMatchObject({ status: 'succeeded', rowsFetched: 2400 });
    });
    expect(statements).toContain('commit');
    expect(statements.filter((sqlText) => /\bthreads\b/.test(sqlText))).toEqual([]);
  });

  it(`bounds DuckDB to ${CRAWL_LOAD_MEMORY_LIMIT} with insertion order off during the load unless a limit is configured, and puts both back, after a failed load too`, async () => {
    const server = await replay();
    const settings = (db: Database) =>
      db.json<{ memory_limit: string; preserve_insertion_order: boolean }>(
        "select current_setting('memory_limit') as memory_limit, current_setting('preserve_insertion_order') as preserve_insertion_order",
      );
    const observe = async (env: Record<string, string>, failLoad = false) => {
      const t = await tempDatabase({
        HF_ENDPOINT: server.hfEndpoint,
        HF_SCOPE: 'all',
        ADOPTION_SEED_HISTORY: 'off',
        ...env,
      });
      cleanups.push(t.cleanup);
      const [before] = await settings(t.db);
      const during: unknown[] = [];
      const source = watchingWrites(async (sqlText) => {
        if (sqlText.startsWith('insert into raw.hf_model_snapshots')) {
          during.push(...(await settings(t.db)));
          if (failLoad) throw new Error('disk full (simulated)');
        }
      });
      const result = await runSource(source, { db: t.db, config: t.config, now: () => NOW });
      expect(result).toMatchObject(
        failLoad ? { status: 'failed', message: 'disk full (simulated)' } : { status: 'succeeded' },
      );
      return { before, during, after: (await settings(t.db))[0] };
    };

    const unset = await observe({});
    expect(unset.during).toEqual([{ memory_limit: '488.2 MiB', preserve_insertion_order: false }]);
    expect(unset.after).toEqual(unset.before);
    expect(unset.before).toMatchObject({ preserve_insertion_order: true });

    // A configured limit is the one the database was opened with (bin/commands.ts): the load leaves it alone.
    const failed = await observe({}, true);
    expect(failed.during).toEqual([{ memory_limit: '488.2 MiB', preserve_insertion_order: false }]);
    expect(failed.after).toEqual(failed.before);

    const configured = await observe({ ADOPTION_DUCKDB_MEMORY_LIMIT: '1GB' });
    expect(configured.during).toEqual([
      { memory_limit: configured.before!.memory_limit, preserve_insertion_order: false },
    ]);
    expect(configured.after).toEqual(configured.before);
  });
});

describe('TopModels', () => {
  it('keeps the top N by downloads, ties by id, unknown counts last, holding at most 2N + 1,000 candidates', () => {
    const top = new TopModels(3);
    top.add('b', 10);
    top.add('a', 10);
    top.add('c', null);
    top.add('d', -5);
    top.add('e', 7);
    for (let i = 0; i < 5000; i++) top.add(`z${i}`, 1);
    expect(top.ranked()).toEqual(['a', 'b', 'e']);
    const unknown = new TopModels(2);
    unknown.add('y', 'many');
    unknown.add('x', undefined);
    expect(unknown.ranked()).toEqual(['x', 'y']);
    const none = new TopModels(0);
    none.add('a', 1);
    expect(none.ranked()).toEqual([]);
  });
});
