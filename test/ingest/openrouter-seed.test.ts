import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenRouterRankingsSource } from '../../ingest/openrouter.ts';
import { runSource } from '../../ingest/run.ts';
import path from 'node:path';
import { Database } from '../../db/connection.ts';
import { seedOpenRouterHistory, seedOpenRouterPull } from '../../ingest/seed-openrouter.ts';
import { seedLoaders } from '../../ingest/sources.ts';
import { Pipeline } from '../../app/pipeline.ts';
import { startReplayServer, type ReplayServer } from '../support/replay/server.ts';
import { tempDatabase } from '../support/tmp.ts';

const NOW = new Date('2026-08-23T06:00:00Z');

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer({
    now: new Date('2026-08-22T23:59:59Z'),
    openrouter: { rateLimitPerMinute: 10_000 },
  });
});
afterAll(() => server.close());

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function database() {
  const t = await tempDatabase({ OPENROUTER_BASE_URL: server.openrouterBaseUrl, OPENROUTER_API_KEY: 'replay-key' });
  cleanups.push(t.cleanup);
  return t;
}

/** The value in force at `at` for (date, model), as a reader of the history asks it. */
const inForce = (t: Awaited<ReturnType<typeof database>>, date: string, model: string, at: string) =>
  t.db.json(
    `select total_tokens, as_of from raw.openrouter_rankings
     where period = 'day' and category = 'all' and date = $1::date and model_permaslug = $2 and as_of <= $3::timestamp
     order by as_of desc limit 1`,
    [date, model, at],
  );

describe('seedOpenRouterHistory()', () => {
  it('loads the 6,678 archived values once, as a logged seed:openrouter run; a second call writes 0 and says so', async () => {
    const t = await database();
    const first = await seedOpenRouterHistory(t.db, { config: t.config, now: () => NOW });
    expect(first).toEqual({
      runId: 1,
      source: 'seed:openrouter',
      status: 'succeeded',
      rowsFetched: 6678,
      rowsWritten: 6678,
      message: 'seed history from rankings-daily-vintages.csv',
    });
    expect(
      await t.db.json(`select count(*)::integer as n, count(distinct (date, model_permaslug))::integer as pairs,
        count(distinct as_of)::integer as as_ofs, min(date) as first, max(date) as last,
        count(*) filter (where as_of <> fetched_at)::integer as fetched_differs,
        count(*) filter (where period <> 'day' or category <> 'all')::integer as not_exact
        from raw.openrouter_rankings`),
    ).toEqual([
      { n: 6678, pairs: 4641, as_ofs: 63, first: '2026-05-23', last: '2026-08-21', fetched_differs: 0, not_exact: 0 },
    ]);
    expect(
      await t.db.json(`select p.source, p.url, p.http_status, p.bytes::integer as bytes, count(*)::integer as rows
        from raw.openrouter_rankings r join meta.payloads p using (payload_id) group by all`),
    ).toEqual([
      {
        source: 'seed:openrouter',
        url: 'repo:ingest/seed-history/openrouter/rankings-daily-vintages.csv',
        http_status: 200,
        bytes: 505348,
        rows: 6678,
      },
    ]);

    const second = await seedOpenRouterHistory(t.db, { config: t.config, now: () => NOW });
    expect(second).toEqual({
      runId: 2,
      source: 'seed:openrouter',
      status: 'succeeded',
      rowsFetched: 0,
      rowsWritten: 0,
      message: 'seed history already loaded (6678 rows): nothing to do',
    });
    expect(await t.db.json('select count(*)::integer as n from raw.openrouter_rankings')).toEqual([{ n: 6678 }]);
    expect(await t.db.json('select count(*)::integer as n from meta.payloads')).toEqual([{ n: 1 }]);
  });

  it('keeps every restatement: the value in force at a given as_of is the one archived by then', async () => {
    const t = await database();
    await seedOpenRouterHistory(t.db, { config: t.config, now: () => NOW });
    const model = 'z-ai/glm-5.2-20260616';
    expect(await inForce(t, '2026-07-04', model, '2026-07-04 23:59:59')).toEqual([]);
    expect(await inForce(t, '2026-07-04', model, '2026-07-05 12:00:00')).toEqual([
      { total_tokens: '368705912659', as_of: '2026-07-05 00:05:16' },
    ]);
    expect(await inForce(t, '2026-07-04', model, '2026-07-06 12:00:00')).toEqual([
      { total_tokens: '368710803591', as_of: '2026-07-06 00:05:16' },
    ]);
    expect(await inForce(t, '2026-07-04', model, '2026-08-22 23:59:59')).toEqual([
      { total_tokens: '368710804419', as_of: '2026-07-07 00:05:16' },
    ]);
    expect(
      await t.db.json(`select count(*)::integer as n from (
          select distinct date, model_permaslug from raw.openrouter_rankings where as_of <= '2026-07-01 00:00:00')`),
    ).toEqual([{ n: 1938 }]);
  });

  it('a collector run over the same days after the seed writes nothing: the final values are already held', async () => {
    const t = await database();
    await seedOpenRouterHistory(t.db, { config: t.config, now: () => NOW });
    const replayNow = new Date('2026-08-22T23:59:59Z');
    const result = await runSource(createOpenRouterRankingsSource({ categories: [] }), {
      db: t.db,
      config: t.config,
      now: () => replayNow,
      window: { from: '2026-05-23', to: '2026-08-21' },
      http: { minBackoffMs: 1, maxBackoffMs: 5 },
    });
    expect([result.status, result.rowsFetched, result.rowsWritten]).toEqual(['succeeded', 4641, 0]);
  });
});

describe('seedOpenRouterPull()', () => {
  it('loads the 32,895 rows of the 645-day pull once, every row as of 2026-10-11 00:27; the two days it lacks stay missing', async () => {
    const t = await database();
    const first = await seedOpenRouterPull(t.db, { config: t.config, now: () => NOW });
    expect(first).toEqual({
      runId: 1,
      source: 'seed:openrouter-pull-2026-10-10',
      status: 'succeeded',
      rowsFetched: 32895,
      rowsWritten: 32895,
      message: 'seed history from rankings-daily-2025-01-01_2026-10-09.csv',
    });
    expect(
      await t.db.json(`select count(*)::integer as n, count(distinct date)::integer as days,
        count(distinct model_permaslug)::integer as permaslugs, min(date) as first, max(date) as last,
        count(distinct as_of)::integer as as_ofs, min(as_of) as as_of, count(total_tokens)::integer as with_tokens
        from raw.openrouter_rankings`),
    ).toEqual([
      {
        n: 32895,
        days: 645,
        permaslugs: 428,
        first: '2025-01-01',
        last: '2026-10-09',
        as_ofs: 1,
        as_of: '2026-10-11 00:27:00',
        with_tokens: 32895,
      },
    ]);
    // 2025-01-01 .. 2026-10-09 is 647 days: the two the pull lacks have no row at all (never a zero)
    expect(
      await t.db.json(`select d::date as day from range(date '2025-01-01', date '2026-10-10', interval 1 day) as r(d)
        where d::date not in (select date from raw.openrouter_rankings) order by day`),
    ).toEqual([{ day: '2025-06-15' }, { day: '2025-07-15' }]);
    expect(
      await t.db.json(`select count(*)::integer as n from raw.openrouter_rankings where total_tokens = 0`),
    ).toEqual([{ n: 0 }]);
    expect(await t.db.json(`select p.source, p.url, p.bytes::integer as bytes from meta.payloads p`)).toEqual([
      {
        source: 'seed:openrouter-pull-2026-10-10',
        url: 'repo:ingest/seed-history/openrouter/rankings-daily-2025-01-01_2026-10-09.csv',
        bytes: 1702847,
      },
    ]);

    const second = await seedOpenRouterPull(t.db, { config: t.config, now: () => NOW });
    expect([second.status, second.rowsWritten, second.message]).toEqual([
      'succeeded',
      0,
      'seed history already loaded (32895 rows): nothing to do',
    ]);
  });

  it('after the vintages, the pull is the value in force on the 91 days both hold; the earlier values stay queryable', async () => {
    const t = await database();
    await seedOpenRouterHistory(t.db, { config: t.config, now: () => NOW });
    const pull = await seedOpenRouterPull(t.db, { config: t.config, now: () => NOW });
    // both files list the same 50 models + other every shared day: no drop-out, so no tombstone
    expect([pull.status, pull.rowsWritten]).toEqual(['succeeded', 32895]);
    expect(
      await t.db.json(`select count(*)::integer as n, count(*) filter (where total_tokens is null)::integer as tombstones
        from raw.openrouter_rankings`),
    ).toEqual([{ n: 6678 + 32895, tombstones: 0 }]);
    const model = 'z-ai/glm-5.2-20260616';
    // the vintages' last value of 2026-07-04 is the pull's too: the pull restates it with its own as_of
    expect(await inForce(t, '2026-07-04', model, '2026-08-22 23:59:59')).toEqual([
      { total_tokens: '368710804419', as_of: '2026-07-07 00:05:16' },
    ]);
    expect(await inForce(t, '2026-07-04', model, '2026-10-11 00:27:00')).toEqual([
      { total_tokens: '368710804419', as_of: '2026-10-11 00:27:00' },
    ]);
    // a value the pull restated: the vintages' last archive of 2026-05-23 vs the pull's
    const deepseek = 'deepseek/deepseek-v4-flash-20260423';
    expect(await inForce(t, '2026-05-23', deepseek, '2026-10-10 00:00:00')).toEqual([
      { total_tokens: '303626493779', as_of: '2026-06-22 05:00:37' },
    ]);
    expect(await inForce(t, '2026-05-23', deepseek, '2026-10-11 00:27:00')).toEqual([
      { total_tokens: '303544074762', as_of: '2026-10-11 00:27:00' },
    ]);
    // on every shared day the latest as_of is the pull's
    expect(
      await t.db.json(`select count(*)::integer as pairs, count(*) filter (where as_of = '2026-10-11 00:27:00')::integer as from_pull from (
          select date, model_permaslug, max(as_of) as as_of from raw.openrouter_rankings
          where date between '2026-05-23' and '2026-08-21' group by all)`),
    ).toEqual([{ pairs: 4641, from_pull: 4641 }]);
  });

  it('a model an earlier vintage listed for a day the pull covers, but the pull does not, gets a tombstone', async () => {
    const t = await database();
    await t.db.run(
      `insert into meta.runs (run_id, source, started_at, status) values (99, 'synthetic', '2026-09-01 00:00:00', 'succeeded')`,
    );
    await t.db.run(`insert into raw.openrouter_rankings values
        ('day', 'all', '2025-03-01', 'synthetic/gone', 123, '2026-09-01 00:00:00', '2026-09-01 00:00:00', 99, null),
        ('day', 'all', '2027-01-01', 'synthetic/outside', 456, '2026-09-01 00:00:00', '2026-09-01 00:00:00', 99, null)`);
    const pull = await seedOpenRouterPull(t.db, { config: t.config, now: () => NOW });
    expect(pull.rowsWritten).toBe(32896);
    expect(
      await t.db.json(`select date, model_permaslug, total_tokens, as_of from raw.openrouter_rankings
        where model_permaslug like 'synthetic/%' order by date, as_of`),
    ).toEqual([
      { date: '2025-03-01', model_permaslug: 'synthetic/gone', total_tokens: '123', as_of: '2026-09-01 00:00:00' },
      { date: '2025-03-01', model_permaslug: 'synthetic/gone', total_tokens: null, as_of: '2026-10-11 00:27:00' },
      { date: '2027-01-01', model_permaslug: 'synthetic/outside', total_tokens: '456', as_of: '2026-09-01 00:00:00' },
    ]);
  });

  it('a database made before the pull was shipped gets it at its next start (once), and its marts then run to 2026-10-05', async () => {
    const t = await database();
    const file = path.join(t.dir, 'live', 'test.duckdb');
    // the database as the product left it before this change: migrated, the vintages seed only
    const before = new Pipeline({
      db: t.db,
      config: t.config,
      sources: [],
      seeds: [(db, o) => seedOpenRouterHistory(db, o)],
      now: () => NOW,
    });
    await before.start({ transform: false });
    expect(await t.db.json(`select min(date) as first, max(date) as last from raw.openrouter_rankings`)).toEqual([
      { first: '2026-05-23', last: '2026-08-21' },
    ]);
    t.db.close();

    const db = await Database.open(file);
    try {
      const later = () => new Date('2026-10-12T06:00:00Z');
      await new Pipeline({ db, config: t.config, sources: [], seeds: seedLoaders, now: later }).start();
      await new Pipeline({ db, config: t.config, sources: [], seeds: seedLoaders, now: later }).start({
        transform: false,
      });
      expect(
        await db.json(`select r.source, count(*)::integer as runs, sum(r.rows_written)::integer as rows
          from meta.runs r where r.source like 'seed:openrouter%' group by all order by source`),
      ).toEqual([
        { source: 'seed:openrouter', runs: 3, rows: 6678 },
        // loaded at the first start after the change, a no-op at the next
        { source: 'seed:openrouter-pull-2026-10-10', runs: 2, rows: 32895 },
      ]);
      expect(
        await db.json(`select min(week_start) as first, max(week_start) as last, count(distinct week_start)::integer as weeks
          from marts.openrouter_weekly_origin_share`),
      ).toEqual([{ first: '2024-12-30', last: '2026-10-05', weeks: 93 }]);
    } finally {
      db.close();
    }
  });
});
