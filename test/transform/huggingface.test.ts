import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { runTransform, TRANSFORM_DIR, TransformError, type TransformResult } from '../../transform/run.ts';
import { tempDatabase, tempDir } from '../support/tmp.ts';

const TOP30 = path.resolve(import.meta.dirname, '../../ingest/seed-history/huggingface/top30-daily.csv');

/** The Hugging Face and origin-registry files of transform/, copied so other sources' models cannot interfere. */
const OWN_FILES: Record<string, RegExp> = {
  seeds: /^(origins|hf_pipeline_scopes)\.csv$/,
  staging: /^(stg_huggingface__\w+|stg_origins)\.sql$/,
  intermediate: /^int_hf_\w+\.sql$/,
  marts: /^(hf_\w+|developer_downloads)\.sql$/,
  checks: /^(hf|origins)_\w+\.sql$/,
};

function huggingfaceRoot(into: string): string {
  for (const [dir, pattern] of Object.entries(OWN_FILES)) {
    fs.mkdirSync(path.join(into, dir), { recursive: true });
    for (const file of fs.readdirSync(path.join(TRANSFORM_DIR, dir))) {
      if (pattern.test(file)) fs.copyFileSync(path.join(TRANSFORM_DIR, dir, file), path.join(into, dir, file));
    }
  }
  return into;
}

/** One synthetic snapshot row (is_synthetic = true); author is left to staging (the repo namespace). */
interface Snapshot {
  day: string;
  model: string;
  d30?: number | null;
  allTime?: number | null;
  pipeline?: string | null;
  rank?: number | null;
  lineageOnly?: boolean;
}

async function insertSnapshots(db: Database, rows: Snapshot[]): Promise<void> {
  for (const r of rows) {
    await db.run(
      `insert into raw.hf_model_snapshots
           (day, snapshot_at, model_id, downloads_30d, downloads_all_time, pipeline_tag, top_rank,
            tracked_org, lineage_only, is_synthetic, run_id)
       values ($1::date, ($1 || ' 23:00:00')::timestamp, $2, $3, $4, $5, $6, false, $7, true, 1)`,
      [r.day, r.model, r.d30 ?? null, r.allTime ?? null, r.pipeline ?? null, r.rank ?? null, r.lineageOnly ?? false],
    );
  }
}

type Link = [day: string, model: string, base: string, relation: string];

async function insertLinks(db: Database, rows: Link[]): Promise<void> {
  for (const [day, model, base, relation] of rows) {
    await db.run(
      'insert into raw.hf_model_base_models (day, model_id, base_model_id, relation, run_id) values ($1::date, $2, $3, $4, 1)',
      [day, model, base, relation],
    );
  }
}

/** The real top-30 history as a collector would store it: no author (staging derives it), no all-time, no lineage. */
async function loadTop30(db: Database): Promise<void> {
  await db.run(
    `insert into raw.hf_model_snapshots
         (day, snapshot_at, model_id, downloads_30d, likes, pipeline_tag, tags, top_rank,
          tracked_org, lineage_only, is_synthetic, run_id)
     select snapshot_at::timestamp::date, snapshot_at::timestamp, model_id, downloads_30d::bigint, likes::bigint,
         nullif(pipeline_tag, ''), string_split(tags, '|'), rank::integer, false, false, false, 1
     from read_csv($1, header = true, all_varchar = true)`,
    [TOP30],
  );
}

async function transformed(
  load: (db: Database) => Promise<void>,
): Promise<{ db: Database; result: TransformResult; root: string; cleanup: () => void }> {
  const t = await tempDatabase();
  const root = tempDir();
  await load(t.db);
  const dir = huggingfaceRoot(root.dir);
  const result = await runTransform(t.db, { root: dir });
  return {
    db: t.db,
    result,
    root: dir,
    cleanup: () => {
      t.cleanup();
      root.cleanup();
    },
  };
}

const failing = (result: TransformResult) =>
  result.checks.filter((c) => c.failures > 0).map((c) => ({ name: c.name, severity: c.severity, sample: c.sample }));

describe('Hugging Face transforms on the real seed history (top30-daily.csv)', () => {
  let db: Database;
  let result: TransformResult;
  let cleanup = () => {};

  beforeAll(async () => {
    ({ db, result, cleanup } = await transformed(loadTop30));
  });
  afterAll(() => cleanup());

  it('passes every check, and every author of the 176 days is in the origin registry', () => {
    expect(result.checks.map((c) => [c.name, c.severity, c.failures])).toEqual([
      ['hf_daily_origin_downloads_bounds', 'error', 0],
      ['hf_daily_origin_downloads_grain', 'error', 0],
      ['hf_daily_origin_downloads_sums', 'error', 0],
      ['hf_developer_downloads_grain', 'error', 0],
      ['hf_lineage_incomplete', 'warn', 0],
      ['hf_origin_top_n_bounds', 'error', 0],
      ['hf_origin_top_n_grain', 'error', 0],
      ['hf_origin_top_n_sums', 'error', 0],
      ['hf_pipeline_scopes_values', 'error', 0],
      ['hf_top_models_grain', 'error', 0],
      ['hf_unmapped_authors', 'warn', 0],
      ['hf_weekly_origin_share_bounds', 'error', 0],
      ['hf_weekly_origin_share_grain', 'error', 0],
      ['hf_weekly_origin_share_sums', 'error', 0],
      ['origins_grain', 'error', 0],
      ['origins_values', 'error', 0],
    ]);
    expect(result.models.find((m) => m.name === 'hf_top_models')?.rows).toBe(176 * 30);
  });

  it('2026-06-15, global top 30, scope all, uploader: CN 9 models, US 14, UNKNOWN 2, with their download shares', async () => {
    const rows = await db.json(
      `select origin_country, models, downloads_30d, downloads_30d_share, as_of from marts.hf_origin_top_n
       where day = '2026-06-15' and scope = 'all' and attribution = 'uploader' and top_n = 30
       order by downloads_30d desc`,
    );
    // Computed from the CSV with a python3 one-off after the registry additions (top-30 total 648778815).
    const asOf = '2026-06-15 21:53:33.574';
    expect(rows).toEqual([
      { origin_country: 'INTL', models: 4, downloads_30d: '278023845', downloads_30d_share: 0.4285340990981649, as_of: asOf },
      { origin_country: 'US', models: 14, downloads_30d: '200547790', downloads_30d_share: 0.30911581168074975, as_of: asOf },
      { origin_country: 'CN', models: 9, downloads_30d: '137079869', downloads_30d_share: 0.2112890646714474, as_of: asOf },
      { origin_country: 'UNKNOWN', models: 2, downloads_30d: '20930272', downloads_30d_share: 0.03226102874521265, as_of: asOf },
      { origin_country: 'DE', models: 1, downloads_30d: '12197039', downloads_30d_share: 0.018799995804425273, as_of: asOf },
    ]);
  });

  it('2026-06-15, top 10: scope all by origin, and scope llm = the LLMs among the global top 10 (one Qwen model)', async () => {
    const rows = await db.json(
      `select scope, origin_country, models, downloads_30d, downloads_30d_share from marts.hf_origin_top_n
       where day = '2026-06-15' and attribution = 'uploader' and top_n = 10
       order by scope, downloads_30d desc`,
    );
    expect(rows).toEqual([
      { scope: 'all', origin_country: 'INTL', models: 4, downloads_30d: '278023845', downloads_30d_share: 0.6237414669417927 },
      { scope: 'all', origin_country: 'US', models: 3, downloads_30d: '87618056', downloads_30d_share: 0.1965695236681161 },
      { scope: 'all', origin_country: 'CN', models: 3, downloads_30d: '80093808', downloads_30d_share: 0.1796890093900913 },
      { scope: 'llm', origin_country: 'CN', models: 1, downloads_30d: '18337841', downloads_30d_share: 1 },
    ]);
  });

  it('has no top 100 or top 1000 rows: the history ranks 30 models a day', async () => {
    expect(await db.json('select distinct top_n from marts.hf_origin_top_n order by top_n')).toEqual([
      { top_n: 10 },
      { top_n: 20 },
      { top_n: 30 },
    ]);
  });

  it('leaves all-time and daily downloads NULL, never 0, since the history has no all-time counts', async () => {
    const rows = await db.json(
      `select count(*)::integer as rows, count(downloads_all_time)::integer as all_time,
           count(downloads_daily)::integer as daily, sum(models_with_all_time)::integer as models_with_all_time
       from marts.hf_daily_origin_downloads`,
    );
    expect(rows).toEqual([{ rows: expect.any(Number), all_time: 0, daily: 0, models_with_all_time: 0 }]);
  });
});
