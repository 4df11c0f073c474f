/**
 * The Parquet lake: raw days as `<table>/day=YYYY-MM-DD/part-0.parquet`, readable by DuckDB with the expected row
 * counts, written once per day and rewritten only when a day changes; and the payload retention policy that never
 * deletes what the lake, the marts or a resumable crawl need. Hub listings here are SYNTHETIC (replay generator).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../db/connection.ts';
import { syncLake } from '../../db/lake.ts';
import { publish } from '../../db/publish.ts';
import { createHuggingFaceSource } from '../../ingest/huggingface.ts';
import { prunePayloads } from '../../ingest/payloads.ts';
import { Pipeline } from '../../app/pipeline.ts';
import { startReplayServer } from '../support/replay/server.ts';
import { tempDatabase } from '../support/tmp.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const TRACKING = { topN: 10, trackedOrgs: ['Qwen'], lineageMaxDepth: 6, lineageMaxFetches: 100 };

async function setup(env: NodeJS.ProcessEnv = {}) {
  let now = new Date('2026-08-21T12:00:00Z');
  const server = await startReplayServer({ now, huggingface: { generated: { models: 1200 } } });
  cleanups.push(() => server.close());
  const t = await tempDatabase({
    HF_ENDPOINT: server.hfEndpoint,
    HF_SCOPE: 'all',
    ADOPTION_SEED_HISTORY: 'off',
    ...env,
  });
  cleanups.push(t.cleanup);
  const sleep = async () => {};
  const pipeline = new Pipeline({
    db: t.db,
    config: t.config,
    sources: [createHuggingFaceSource(TRACKING, { sleep, pageSize: 500 })],
    now: () => now,
    http: { sleep },
  });
  await pipeline.start({ transform: false });
  const collectDay = async (day: string) => {
    now = new Date(`${day}T12:00:00Z`);
    server.setNow(now);
    const { run } = await pipeline.collect('huggingface', {}, { transform: false });
    expect(run?.status).toBe('succeeded');
  };
  return { t, collectDay, server };
}

async function lakeCounts(lakeDir: string, table: string) {
  const reader = await Database.open(':memory:');
  try {
    const glob = path.join(lakeDir, table, '*', '*.parquet').replace(/'/g, "''");
    return await reader.json(
      `select day::varchar as day, count(*)::integer as n from read_parquet('${glob}', hive_partitioning = true) group by day order by day`,
    );
  } finally {
    reader.close();
  }
}

describe('the Parquet lake', () => {
  it('holds each collected day as one zstd Parquet partition per raw table, readable by DuckDB with the expected counts', async () => {
    const { t, collectDay } = await setup();
    await collectDay('2026-08-21');
    await collectDay('2026-08-22');
    const lake = t.config.lakeDir;
    expect(lake).toBe(path.join(t.dir, 'lake'));
    expect(fs.readdirSync(path.join(lake, 'hf_model_snapshots')).sort()).toEqual(['day=2026-08-21', 'day=2026-08-22']);
    expect(await lakeCounts(lake, 'hf_model_snapshots')).toEqual([
      { day: '2026-08-21', n: 1200 },
      { day: '2026-08-22', n: 1200 },
    ]);
    expect(await lakeCounts(lake, 'hf_model_base_models')).toEqual([
      { day: '2026-08-21', n: 600 },
      { day: '2026-08-22', n: 600 },
    ]);
    // The lake holds the same rows as the live table, column for column.
    const reader = await Database.open(':memory:');
    cleanups.push(() => reader.close());
    const file = path.join(lake, 'hf_model_snapshots', 'day=2026-08-22', 'part-0.parquet');
    const [meta] = await reader.json<{ compression: string }>(
      `select distinct compression from parquet_metadata('${file.replace(/'/g, "''")}')`,
    );
    expect(meta).toEqual({ compression: 'ZSTD' });
    const fromLake = await reader.json(
      `select model_id, downloads_30d, top_rank, tags from read_parquet('${file.replace(/'/g, "''")}') where top_rank <= 3 order by top_rank`,
    );
    const fromLive = await t.db.json(
      "select model_id, downloads_30d, top_rank, tags from raw.hf_model_snapshots where day = '2026-08-22' and top_rank <= 3 order by top_rank",
    );
    expect(fromLake).toEqual(fromLive);
    expect(fromLake).toHaveLength(3);
  });

  it('writes a day once; a re-run of that day rewrites only its partition, a restated OpenRouter day only that day', async () => {
    const { t, collectDay } = await setup();
    await collectDay('2026-08-21');
    await collectDay('2026-08-22');
    expect(await syncLake(t.db, t.config.lakeDir)).toEqual([]);
    await collectDay('2026-08-22');
    const [row] = await t.db.json(
      "select written_at::varchar as w from meta.lake_partitions where table_name = 'hf_model_snapshots' and day = '2026-08-21'",
    );
    expect(row).toEqual({ w: '2026-08-21 12:00:00' });
    await t.db.run(
      `insert into raw.openrouter_rankings values
         ('day', 'all', '2026-08-20', 'synthetic/a', 10, '2026-08-21', '2026-08-21', 900, null),
         ('day', 'all', '2026-08-19', 'synthetic/a', 10, '2026-08-21', '2026-08-21', 900, null)`,
    );
    expect(await syncLake(t.db, t.config.lakeDir)).toEqual([
      { table: 'openrouter_rankings', day: '2026-08-19', rows: 1 },
      { table: 'openrouter_rankings', day: '2026-08-20', rows: 1 },
    ]);
    // OpenRouter restates 2026-08-20: a new value for the day, from a later run.
    await t.db.run(
      "insert into raw.openrouter_rankings values ('day', 'all', '2026-08-20', 'synthetic/a', 12, '2026-08-22', '2026-08-22', 901, null)",
    );
    expect(await syncLake(t.db, t.config.lakeDir)).toEqual([
      { table: 'openrouter_rankings', day: '2026-08-20', rows: 2 },
    ]);
    expect(await lakeCounts(t.config.lakeDir, 'openrouter_rankings')).toEqual([
      { day: '2026-08-19', n: 1 },
      { day: '2026-08-20', n: 2 },
    ]);
  });
});

describe('publish() with the lake', () => {
  it('copies meta, seeds, staging, intermediate and marts except the skipped tables; raw is views over the lake', async () => {
    const { t, collectDay } = await setup();
    await collectDay('2026-08-21');
    await t.db.run('create schema if not exists marts');
    await t.db.run('create table marts.synthetic_mart as select 1 as n');
    await t.db.run('create schema if not exists staging');
    await t.db.run('create table staging.synthetic_stage as select 1 as n');
    await t.db.run('create table staging.synthetic_big as select 1 as n');
    const target = path.join(t.dir, 'adoption.duckdb');
    await publish(t.db, target, { lakeDir: t.config.lakeDir, skip: new Set(['staging.synthetic_big']) });
    const reader = await Database.open(target, { readOnly: true });
    cleanups.push(() => reader.close());
    expect(
      await reader.json(
        `select table_schema as schema, table_name as name, table_type as type from information_schema.tables
         where table_schema in ('raw', 'staging', 'marts') order by all`,
      ),
    ).toEqual([
      { schema: 'marts', name: 'synthetic_mart', type: 'BASE TABLE' },
      { schema: 'raw', name: 'hf_model_base_models', type: 'VIEW' },
      { schema: 'raw', name: 'hf_model_snapshots', type: 'VIEW' },
      { schema: 'raw', name: 'openrouter_models', type: 'BASE TABLE' },
      { schema: 'raw', name: 'openrouter_rankings', type: 'BASE TABLE' },
      { schema: 'staging', name: 'synthetic_stage', type: 'BASE TABLE' },
    ]);
    expect(
      await reader.json('select count(*)::integer as n, max(day)::varchar as day from raw.hf_model_snapshots'),
    ).toEqual([{ n: 1200, day: '2026-08-21' }]);
    expect(await reader.json("select count(*)::integer as n from meta.runs where source = 'huggingface'")).toEqual([
      { n: 1 },
    ]);
  });
});

describe('payload retention', () => {
  it('deletes files past the period once the lake holds their rows, never an unfinished crawl’s pages', async () => {
    const { t, collectDay } = await setup();
    await collectDay('2026-08-01');
    // An unfinished crawl of 2026-08-02: its kept pages are what the next run resumes from.
    await t.db.run(
      `insert into meta.hf_crawls (day, started_at, status, first_url, next_url, pages, updated_at)
       values ('2026-08-02', '2026-08-02 12:00:00', 'running', 'http://x/api/models', 'http://x/api/models?cursor=1', 1, '2026-08-02 12:00:00')`,
    );
    const [first] = await t.db.json<{ payload_id: string; file: string }>(
      'select payload_id, file from meta.payloads order by payload_id limit 1',
    );
    await t.db.run(
      `insert into meta.hf_crawl_pages values (2, 0, 'http://x/api/models', $1, $2, '*', 500, 0, '2026-08-02 12:00:00')`,
      [first!.payload_id, first!.file],
    );
    const files = await t.db.json<{ file: string }>('select distinct file from meta.payloads order by file');
    expect(files).toHaveLength(3);
    await syncLake(t.db, t.config.lakeDir);
    expect(await prunePayloads(t.db, t.dir, 30, new Date('2026-08-20T00:00:00Z'))).toBe(0);
    expect(await prunePayloads(t.db, t.dir, 7, new Date('2026-08-20T00:00:00Z'))).toBe(2);
    expect(files.map((f) => fs.existsSync(path.join(t.dir, f.file)))).toEqual(files.map((f) => f.file === first!.file));
    // The raw rows and the lake are untouched.
    expect(await t.db.json('select count(*)::integer as n from raw.hf_model_snapshots')).toEqual([{ n: 1200 }]);
    expect(await lakeCounts(t.config.lakeDir, 'hf_model_snapshots')).toEqual([{ day: '2026-08-01', n: 1200 }]);
  });
});
