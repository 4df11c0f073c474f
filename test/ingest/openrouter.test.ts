import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenRouterRankingsSource,
  openrouterRankingsSource,
  resolveRankingsWindow,
  weeklyWindows,
} from '../../ingest/openrouter.ts';
import { runSource, type CollectWindow, type Source } from '../../ingest/run.ts';
import { startReplayServer, type ReplayServer, type ReplayOptions } from '../support/replay/server.ts';
import { tempDatabase } from '../support/tmp.ts';

const NOW = new Date('2026-08-22T23:59:59Z');
const EXACT_ONLY = createOpenRouterRankingsSource({ categories: [] });
const FAST_HTTP = { minBackoffMs: 1, maxBackoffMs: 5 };

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer({ now: NOW, openrouter: { rateLimitPerMinute: 10_000 } });
});
afterAll(() => server.close());

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  server.setNow(NOW);
  while (cleanups.length) await cleanups.pop()!();
});

async function database(replay: ReplayServer = server, env: NodeJS.ProcessEnv = { OPENROUTER_API_KEY: 'replay-key' }) {
  const t = await tempDatabase({ OPENROUTER_BASE_URL: replay.openrouterBaseUrl, ...env });
  cleanups.push(t.cleanup);
  return t;
}

async function replay(options: ReplayOptions): Promise<ReplayServer> {
  const started = await startReplayServer({ now: NOW, ...options });
  cleanups.push(() => started.close());
  return started;
}

type Db = Awaited<ReturnType<typeof database>>;

function collect(
  t: Db,
  window: CollectWindow,
  options: { source?: Source; now?: Date; sleep?: (ms: number) => Promise<void> } = {},
) {
  const now = options.now ?? NOW;
  const http = options.sleep ? { ...FAST_HTTP, sleep: options.sleep } : FAST_HTTP;
  return runSource(options.source ?? EXACT_ONLY, { db: t.db, config: t.config, window, now: () => now, http });
}

/** Requests the replay saw while `work` ran. */
async function requestsDuring(target: ReplayServer, work: () => Promise<unknown>): Promise<string[]> {
  const before = target.requests.length;
  await work();
  return target.requests.slice(before).map((r) => r.url);
}

const count = async (t: Db, where = 'true') =>
  (await t.db.json<{ n: number }>(`select count(*)::integer as n from raw.openrouter_rankings where ${where}`))[0]!.n;

const valueOf = (t: Db, date: string, model: string) =>
  t.db.json(
    `select total_tokens, as_of from raw.openrouter_rankings
     where period = 'day' and category = 'all' and date = $1::date and model_permaslug = $2 order by as_of`,
    [date, model],
  );

describe('openrouter rankings collector', () => {
  it('collects 2026-05-23..2026-08-21: 4,641 exact (date, model) values stamped with the response as_of', async () => {
    const t = await database();
    const result = await collect(t, { from: '2026-05-23', to: '2026-08-21' });
    expect(result).toEqual({
      runId: 1,
      source: 'openrouter',
      status: 'succeeded',
      rowsFetched: 4641,
      rowsWritten: 4641,
      message: '4641 exact rows for 2026-05-23..2026-08-21; as_of 2026-08-22T00:05:21Z; 1 of 500 requests used today',
    });
    expect(
      await t.db.json(`select count(distinct (date, model_permaslug))::integer as pairs, count(distinct date)::integer as days,
        count(distinct as_of)::integer as as_ofs, min(as_of) as as_of, count(*) filter (where total_tokens is null)::integer as tombstones
        from raw.openrouter_rankings where period = 'day' and category = 'all'`),
    ).toEqual([{ pairs: 4641, days: 91, as_ofs: 1, as_of: '2026-08-22 00:05:21', tombstones: 0 }]);
    expect(await valueOf(t, '2026-08-21', 'stealth/ox-alpha')).toEqual([
      { total_tokens: '1990781795145', as_of: '2026-08-22 00:05:21' },
    ]);
    expect(await valueOf(t, '2026-08-21', 'other')).toEqual([
      { total_tokens: '791829962485', as_of: '2026-08-22 00:05:21' },
    ]);
    expect(await valueOf(t, '2026-07-14', 'anthropic/claude-4.6-opus-20260205')).toEqual([
      { total_tokens: '36342232544', as_of: '2026-08-22 00:05:21' },
    ]);
    expect(
      await t.db.json(`select distinct p.url, p.http_status, r.run_id, r.fetched_at
        from raw.openrouter_rankings r join meta.payloads p using (payload_id)`),
    ).toEqual([
      {
        url: `${server.openrouterBaseUrl}/datasets/rankings-daily?end_date=2026-08-21&start_date=2026-05-23`,
        http_status: 200,
        run_id: '1',
        fetched_at: '2026-08-22 23:59:59',
      },
    ]);
    expect(await t.db.json('select window_start, window_end, rows_written from meta.runs')).toEqual([
      { window_start: '2026-05-23', window_end: '2026-08-21', rows_written: '4641' },
    ]);
  });

  it('re-running the same window writes 0 rows and leaves the table unchanged', async () => {
    const t = await database();
    await collect(t, { from: '2026-05-23', to: '2026-08-21' });
    const snapshot =
      'select period, category, date, model_permaslug, total_tokens, as_of, run_id from raw.openrouter_rankings order by all';
    const before = await t.db.json(snapshot);
    const again = await collect(t, { from: '2026-05-23', to: '2026-08-21' });
    expect([again.status, again.rowsFetched, again.rowsWritten]).toEqual(['succeeded', 4641, 0]);
    expect(await t.db.json(snapshot)).toEqual(before);
    expect(before).toHaveLength(4641);
  });

  it('a later run writes exactly the 34 restatements since the earlier one; the earlier values stay queryable', async () => {
    const t = await database();
    const early = new Date('2026-07-15T12:00:00Z');
    server.setNow(early);
    const first = await collect(t, { from: '2026-07-01', to: '2026-07-14' }, { now: early });
    expect([first.status, first.rowsFetched, first.rowsWritten]).toEqual(['succeeded', 714, 714]);
    server.setNow(NOW);
    const later = await collect(t, { from: '2026-07-01', to: '2026-07-14' });
    expect([later.status, later.rowsFetched, later.rowsWritten]).toEqual(['succeeded', 714, 34]);
    expect(await count(t)).toBe(748);
    expect(await count(t, "as_of = '2026-08-22 00:05:21'")).toBe(34);
    expect(await valueOf(t, '2026-07-14', 'anthropic/claude-4.6-opus-20260205')).toEqual([
      { total_tokens: '36342060322', as_of: '2026-07-15 00:05:16' },
      { total_tokens: '36342232544', as_of: '2026-08-22 00:05:21' },
    ]);
    // The value in force at the earlier as_of, asked the way a reader asks it.
    expect(
      await t.db.json(
        `select total_tokens from raw.openrouter_rankings
         where date = '2026-07-14' and model_permaslug = 'anthropic/claude-4.6-opus-20260205' and as_of <= '2026-07-15 00:05:16'
         order by as_of desc limit 1`,
      ),
    ).toEqual([{ total_tokens: '36342060322' }]);
  });

  it('a model missing from a newer response for a date gets a tombstone (total_tokens NULL)', async () => {
    const t = await database();
    const early = new Date('2026-08-21T12:00:00Z');
    server.setNow(early);
    const first = await collect(t, { from: '2026-08-14', to: '2026-08-20' }, { now: early });
    expect([first.status, first.rowsWritten]).toEqual(['succeeded', 357]);
    const dropping = await replay({
      openrouter: {
        rateLimitPerMinute: 10_000,
        dropRows: [{ date: '2026-08-20', modelPermaslug: 'z-ai/glm-5.3-20260816' }],
      },
    });
    t.config.openrouterBaseUrl = dropping.openrouterBaseUrl;
    const later = await collect(t, { from: '2026-08-14', to: '2026-08-20' });
    // 37 restated values plus 1 tombstone.
    expect([later.status, later.rowsFetched, later.rowsWritten]).toEqual(['succeeded', 356, 38]);
    expect(await valueOf(t, '2026-08-20', 'z-ai/glm-5.3-20260816')).toEqual([
      { total_tokens: '105090255661', as_of: '2026-08-21 00:05:20' },
      { total_tokens: null, as_of: '2026-08-22 00:05:21' },
    ]);
    expect(await count(t, 'total_tokens is null')).toBe(1);
    // Latest values per (date, model): the dropped model is no longer listed for that date, and only for that date.
    // (DuckDB's arg_max skips NULL values, so it would hide the tombstone: rank the rows instead.)
    const latest = `select date, count(*)::integer as models from (
        select date, total_tokens from raw.openrouter_rankings
        qualify row_number() over (partition by date, model_permaslug order by as_of desc) = 1
      ) where total_tokens is not null and date in ('2026-08-19', '2026-08-20') group by date order by date`;
    expect(await t.db.json(latest)).toEqual([
      { date: '2026-08-19', models: 51 },
      { date: '2026-08-20', models: 50 },
    ]);
  });

  it('fetches the 12 categories as weekly estimates over the whole weeks of the window, after the exact data', async () => {
    const t = await database();
    let result: Awaited<ReturnType<typeof collect>> | undefined;
    const urls = await requestsDuring(server, async () => {
      result = await collect(t, { from: '2026-05-23', to: '2026-08-21' }, { source: openrouterRankingsSource });
    });
    expect(urls).toHaveLength(13);
    expect(urls[0]).toBe('/api/v1/datasets/rankings-daily?end_date=2026-08-21&start_date=2026-05-23');
    expect(urls[1]).toBe(
      '/api/v1/datasets/rankings-daily?category=programming&end_date=2026-08-16&period=week&start_date=2026-05-18',
    );
    expect(urls[4]).toBe(
      '/api/v1/datasets/rankings-daily?category=marketing%2Fseo&end_date=2026-08-16&period=week&start_date=2026-05-18',
    );
    expect(result).toMatchObject({
      status: 'succeeded',
      rowsFetched: 14097,
      rowsWritten: 14097,
      message:
        '4641 exact rows for 2026-05-23..2026-08-21; 12 categories x weeks 2026-05-18..2026-08-16; as_of 2026-08-22T00:05:21Z; 13 of 500 requests used today',
    });
    expect(
      await t.db.json(`select category, count(*)::integer as n, count(distinct date)::integer as weeks, min(date) as first
        from raw.openrouter_rankings where period = 'week' group by category order by category limit 2`),
    ).toEqual([
      { category: 'academia', n: 788, weeks: 13, first: '2026-05-18' },
      { category: 'finance', n: 788, weeks: 13, first: '2026-05-18' },
    ]);
    expect(
      await t.db.json(`select total_tokens from raw.openrouter_rankings
        where period = 'week' and category = 'programming' and date = '2026-08-10' and model_permaslug = 'deepseek/deepseek-v4-flash-20260731'`),
    ).toEqual([{ total_tokens: '6515877127599' }]);
  });

  it('back-fills from 2025-01-01 when no exact rows are held, in windows of at most 366 days', async () => {
    const t = await database();
    let result: Awaited<ReturnType<typeof collect>> | undefined;
    const urls = await requestsDuring(server, async () => {
      result = await collect(t, {}, { source: openrouterRankingsSource });
    });
    expect(urls).toHaveLength(26);
    expect(urls.filter((u) => !u.includes('category='))).toEqual([
      '/api/v1/datasets/rankings-daily?end_date=2026-01-01&start_date=2025-01-01',
      '/api/v1/datasets/rankings-daily?end_date=2026-08-21&start_date=2026-01-02',
    ]);
    expect(urls.filter((u) => u.includes('category=programming'))).toEqual([
      '/api/v1/datasets/rankings-daily?category=programming&end_date=2025-12-28&period=week&start_date=2025-01-01',
      '/api/v1/datasets/rankings-daily?category=programming&end_date=2026-08-16&period=week&start_date=2025-12-29',
    ]);
    expect(result).toMatchObject({ status: 'succeeded', rowsFetched: 14097, rowsWritten: 14097 });
    expect(await t.db.json('select window_start, window_end from meta.runs')).toEqual([
      { window_start: '2025-01-01', window_end: '2026-08-21' },
    ]);
  });

  it('by default re-fetches the 14 days before the latest day held, up to the last complete day', async () => {
    const t = await database();
    await collect(t, { from: '2026-08-01', to: '2026-08-21' });
    let result: Awaited<ReturnType<typeof collect>> | undefined;
    const urls = await requestsDuring(server, async () => {
      result = await collect(t, {});
    });
    expect(urls).toEqual(['/api/v1/datasets/rankings-daily?end_date=2026-08-21&start_date=2026-08-07']);
    expect(result).toMatchObject({ status: 'succeeded', rowsFetched: 765, rowsWritten: 0 });
  });

  it('retries a 500 twice, then succeeds; every response is kept as a payload', async () => {
    const faulty = await replay({
      openrouter: { faults: [{ path: '/datasets/rankings-daily', status: 500, times: 2 }] },
    });
    const t = await database(faulty);
    const result = await collect(t, { from: '2026-08-21', to: '2026-08-21' });
    expect([result.status, result.rowsWritten]).toEqual(['succeeded', 51]);
    expect(await t.db.json('select http_status from meta.payloads order by payload_id')).toEqual([
      { http_status: 500 },
      { http_status: 500 },
      { http_status: 200 },
    ]);
  });

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    const faulty = await replay({
      openrouter: { faults: [{ path: '/datasets/rankings-daily', status: 429, times: 1, retryAfterSeconds: 1 }] },
    });
    const t = await database(faulty);
    const waits: number[] = [];
    const result = await collect(
      t,
      { from: '2026-08-21', to: '2026-08-21' },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([1000]);
    expect([result.status, result.rowsWritten]).toEqual(['succeeded', 51]);
  });

  it('fails on 429 after the retries, naming the URL and status; no data rows, payloads kept', async () => {
    const faulty = await replay({
      openrouter: { faults: [{ path: '/datasets/rankings-daily', status: 429, times: 100 }] },
    });
    const t = await database(faulty);
    const result = await collect(t, { from: '2026-08-21', to: '2026-08-21' });
    const url = `${faulty.openrouterBaseUrl}/datasets/rankings-daily?end_date=2026-08-21&start_date=2026-08-21`;
    expect(result).toEqual({
      runId: 1,
      source: 'openrouter',
      status: 'failed',
      rowsFetched: null,
      rowsWritten: null,
      message: `OpenRouter rankings request failed: 429 from ${url} — {"error":{"code":429,"message":"replayed fault 429"}}`,
    });
    expect(await count(t)).toBe(0);
    expect(
      await t.db.json('select count(*)::integer as n, min(http_status) as s, min(url) as url from meta.payloads'),
    ).toEqual([{ n: 5, s: 429, url }]);
    expect(await t.db.json('select status, message from meta.runs')).toEqual([
      { status: 'failed', message: result.message },
    ]);
  });

  it('fails on a malformed 200 body, naming the URL and the problem; no rows written', async () => {
    const bodies: Array<[string, string]> = [
      [
        '{"data": "oops"}',
        'does not have the expected shape: data: Invalid input: expected array, received string; meta: Invalid input: expected object, received undefined',
      ],
      ['{"data": [{"date": "2026-08-21", "mod', 'is not valid JSON: Unterminated string in JSON at position 37'],
      [
        '{"data": [{"date": "2026-08-21", "model_permaslug": "x/y", "total_tokens": "12.5"}], "meta": {"as_of": "2026-08-22T00:05:21Z", "start_date": "2026-08-21", "end_date": "2026-08-21", "version": "v1"}}',
        'does not have the expected values: data.0.totalTokens: not a whole number of tokens',
      ],
    ];
    for (const [body, problem] of bodies) {
      const faulty = await replay({
        openrouter: { faults: [{ path: '/datasets/rankings-daily', status: 200, times: 1, body }] },
      });
      const t = await database(faulty);
      const result = await collect(t, { from: '2026-08-21', to: '2026-08-21' });
      const url = `${faulty.openrouterBaseUrl}/datasets/rankings-daily?end_date=2026-08-21&start_date=2026-08-21`;
      expect([result.status, result.message]).toEqual([
        'failed',
        `OpenRouter rankings response from ${url} ${problem}`,
      ]);
      expect(await count(t)).toBe(0);
    }
  });

  it('is skipped with a one-sentence reason when OPENROUTER_API_KEY is not set, and fetches nothing', async () => {
    const t = await database(server, {});
    let result: Awaited<ReturnType<typeof collect>> | undefined;
    const urls = await requestsDuring(server, async () => {
      result = await collect(t, {}, { source: openrouterRankingsSource });
    });
    expect(urls).toEqual([]);
    expect(result).toEqual({
      runId: 1,
      source: 'openrouter',
      status: 'skipped',
      rowsFetched: null,
      rowsWritten: null,
      message: 'OPENROUTER_API_KEY is not set: OpenRouter usage is not collected; everything else keeps working',
    });
  });

  it('sends the key only as a bearer header: it reaches no log row, payload index or payload file', async () => {
    const key = 'sk-or-v1-replay-SECRET-0123456789';
    const faulty = await replay({
      openrouter: { faults: [{ path: '/datasets/rankings-daily', status: 429, times: 100 }] },
    });
    const t = await database(faulty, { OPENROUTER_API_KEY: key });
    const failed = await collect(t, { from: '2026-08-21', to: '2026-08-21' });
    t.config.openrouterBaseUrl = server.openrouterBaseUrl;
    const succeeded = await collect(t, { from: '2026-08-21', to: '2026-08-21' });
    expect([failed.status, succeeded.status]).toEqual(['failed', 'succeeded']);
    expect(faulty.requests.every((r) => r.authorized)).toBe(true);
    const stored = JSON.stringify([
      await t.db.json('select * from meta.runs'),
      await t.db.json('select * from meta.payloads'),
      await t.db.json('select * from meta.job_state'),
    ]);
    expect(stored).toContain('429 from');
    expect(stored).not.toContain('SECRET');
    const files = fs
      .readdirSync(t.dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.json'));
    expect(files).toHaveLength(2);
    for (const f of files) expect(fs.readFileSync(path.join(f.parentPath, f.name), 'utf8')).not.toContain('SECRET');
  });

  it('rejects a bad window with a clear message before fetching anything', async () => {
    const t = await database();
    const cases: Array<[CollectWindow, string]> = [
      [
        { from: '2024-12-31', to: '2025-01-10' },
        "--from 2024-12-31 is before 2025-01-01: OpenRouter's rankings history starts on 2025-01-01",
      ],
      [{ from: '2026-08-10', to: '2026-08-01' }, '--from 2026-08-10 is after --to 2026-08-01'],
      [
        { from: '2026-08-01', to: '2026-08-22' },
        '--to 2026-08-22 is after the last complete UTC day, 2026-08-21: OpenRouter serves complete days only',
      ],
      [{ from: '2026-08-23' }, '--from 2026-08-23 is after the last complete UTC day, 2026-08-21'],
      [{ from: '2026-8-1', to: '2026-08-02' }, '--from must be a calendar date YYYY-MM-DD, got "2026-8-1"'],
      [{ from: '2026-02-30', to: '2026-03-02' }, '--from must be a calendar date YYYY-MM-DD, got "2026-02-30"'],
    ];
    const urls = await requestsDuring(server, async () => {
      for (const [window, message] of cases) {
        const result = await collect(t, window);
        expect({ window, status: result.status, message: result.message }).toEqual({
          window,
          status: 'failed',
          message,
        });
      }
    });
    expect(urls).toEqual([]);
    expect(() =>
      resolveRankingsWindow({ from: '2024-01-01' }, { lastCompleteDay: '2026-08-21', latestHeld: null }),
    ).toThrow(RangeError);
  });

  it('refuses to run when the planned requests would pass the 500-a-day budget', async () => {
    const t = await database();
    const fill = `insert into meta.payloads (run_id, source, url, http_status, fetched_at, sha256, bytes, file)
      select 0, $source, 'u', 200, $at::timestamp, 's', 1, 'f' from range($n::integer)`;
    await t.db.run(fill, { source: 'openrouter', at: '2026-08-22 01:00:00', n: 490 });
    // Yesterday's requests and other sources do not count.
    await t.db.run(fill, { source: 'openrouter', at: '2026-08-21 23:00:00', n: 100 });
    await t.db.run(fill, { source: 'openrouter-models', at: '2026-08-22 01:00:00', n: 100 });
    let refused: Awaited<ReturnType<typeof collect>> | undefined;
    const urls = await requestsDuring(server, async () => {
      refused = await collect(t, { from: '2026-08-01', to: '2026-08-21' }, { source: openrouterRankingsSource });
    });
    expect(urls).toEqual([]);
    expect(refused).toMatchObject({
      status: 'failed',
      message:
        'OpenRouter request budget: 490 of 500 requests already made today (UTC 2026-08-22) and this run needs 13; ' +
        'refusing to run. Narrow the window (--from/--to) or run after 00:00 UTC.',
    });
    const exact = await collect(t, { from: '2026-08-01', to: '2026-08-21' });
    expect([exact.status, exact.rowsWritten]).toEqual(['succeeded', 1071]);
  });
});

describe('resolveRankingsWindow() and weeklyWindows()', () => {
  it('resolves the default windows', () => {
    expect(resolveRankingsWindow({}, { lastCompleteDay: '2026-08-21', latestHeld: null })).toEqual({
      start: '2025-01-01',
      end: '2026-08-21',
    });
    expect(resolveRankingsWindow({}, { lastCompleteDay: '2026-08-21', latestHeld: '2026-08-20' })).toEqual({
      start: '2026-08-06',
      end: '2026-08-21',
    });
    expect(resolveRankingsWindow({}, { lastCompleteDay: '2026-08-21', latestHeld: '2026-09-30' })).toBeUndefined();
    expect(
      resolveRankingsWindow({ to: '2026-08-10' }, { lastCompleteDay: '2026-08-21', latestHeld: '2026-08-20' }),
    ).toEqual({
      start: '2026-08-06',
      end: '2026-08-10',
    });
  });

  it('keeps whole ISO weeks, at most 52 per window', () => {
    expect(weeklyWindows('2026-05-23', '2026-08-21')).toEqual([{ start: '2026-05-18', end: '2026-08-16' }]);
    expect(weeklyWindows('2026-08-19', '2026-08-23')).toEqual([{ start: '2026-08-17', end: '2026-08-23' }]);
    expect(weeklyWindows('2026-08-19', '2026-08-22')).toEqual([]);
    expect(weeklyWindows('2025-01-01', '2027-01-10')).toEqual([
      { start: '2025-01-01', end: '2025-12-28' },
      { start: '2025-12-29', end: '2026-12-27' },
      { start: '2026-12-28', end: '2027-01-10' },
    ]);
  });
});
