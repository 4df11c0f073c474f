import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenRouterRankingsSource } from '../../ingest/openrouter.ts';
import { runSource } from '../../ingest/run.ts';
import { seedOpenRouterHistory } from '../../ingest/seed-openrouter.ts';
import { startReplayServer, type ReplayServer } from '../support/replay/server.ts';
import { tempDatabase } from '../support/tmp.ts';

const NOW = new Date('2026-08-23T06:00:00Z');

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer({ now: new Date('2026-08-22T23:59:59Z'), openrouter: { rateLimitPerMinute: 10_000 } });
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
    ).toEqual([{ n: 6678, pairs: 4641, as_ofs: 63, first: '2026-05-23', last: '2026-08-21', fetched_differs: 0, not_exact: 0 }]);
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
