import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { runTransform, TRANSFORM_DIR, TransformError, type TransformResult } from '../../transform/run.ts';
import { tempDatabase, tempDir } from '../support/tmp.ts';

const TOP30 = path.resolve(import.meta.dirname, '../../ingest/seed-history/huggingface/top30-daily.csv');

/** The Hugging Face and origin-registry files of transform/, copied so other sources' models cannot interfere. */
const OWN_FILES: Record<string, RegExp> = {
  seeds: /^(origins|hf_pipeline_scopes|atom_\w+)\.csv$/,
  staging: /^(stg_huggingface__\w+|stg_origins|stg_atom__\w+)\.sql$/,
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
      {
        origin_country: 'INTL',
        models: 4,
        downloads_30d: '278023845',
        downloads_30d_share: 0.4285340990981649,
        as_of: asOf,
      },
      {
        origin_country: 'US',
        models: 14,
        downloads_30d: '200547790',
        downloads_30d_share: 0.30911581168074975,
        as_of: asOf,
      },
      {
        origin_country: 'CN',
        models: 9,
        downloads_30d: '137079869',
        downloads_30d_share: 0.2112890646714474,
        as_of: asOf,
      },
      {
        origin_country: 'UNKNOWN',
        models: 2,
        downloads_30d: '20930272',
        downloads_30d_share: 0.03226102874521265,
        as_of: asOf,
      },
      {
        origin_country: 'DE',
        models: 1,
        downloads_30d: '12197039',
        downloads_30d_share: 0.018799995804425273,
        as_of: asOf,
      },
    ]);
  });

  it('2026-06-15, top 10: scope all by origin, and scope llm = the LLMs among the global top 10 (one Qwen model)', async () => {
    const rows = await db.json(
      `select scope, origin_country, models, downloads_30d, downloads_30d_share from marts.hf_origin_top_n
       where day = '2026-06-15' and attribution = 'uploader' and top_n = 10 and scope in ('all', 'llm')
       order by scope, downloads_30d desc`,
    );
    expect(rows).toEqual([
      {
        scope: 'all',
        origin_country: 'INTL',
        models: 4,
        downloads_30d: '278023845',
        downloads_30d_share: 0.6237414669417927,
      },
      {
        scope: 'all',
        origin_country: 'US',
        models: 3,
        downloads_30d: '87618056',
        downloads_30d_share: 0.1965695236681161,
      },
      {
        scope: 'all',
        origin_country: 'CN',
        models: 3,
        downloads_30d: '80093808',
        downloads_30d_share: 0.1796890093900913,
      },
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
       from marts.hf_daily_origin_downloads where scope in ('all', 'llm')`,
    );
    // 2628 day x scope x attribution x origin groups, counted from the CSV with the registry (python3 one-off)
    expect(rows).toEqual([{ rows: 2628, all_time: 0, daily: 0, models_with_all_time: 0 }]);
  });
});

// Synthetic input (invented numbers and repos, for the shape of the logic only; rows carry is_synthetic = true).
// 2026-06-01: tracked models with their base-model chains; the models in the chains are fetched lineage_only.
// 2026-06-02: the quantized repo again, with no links that day (its 06-01 links stand).
const LINEAGE_SNAPSHOTS: Snapshot[] = [
  { day: '2026-06-01', model: 'bartowski/Hermes-Qwen-7B-GGUF', d30: 500, pipeline: 'text-generation', rank: 1 },
  { day: '2026-06-01', model: 'NousResearch/Hermes-Qwen-7B', d30: 40, pipeline: 'text-generation', lineageOnly: true },
  {
    day: '2026-06-01',
    model: 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B',
    d30: 200,
    pipeline: 'text-generation',
    rank: 2,
  },
  { day: '2026-06-01', model: 'perplexity-ai/r1-1776', d30: 100, pipeline: 'text-generation', rank: 3 },
  { day: '2026-06-01', model: 'someone-new/cool-qwen', d30: 80, pipeline: 'text-generation', rank: 4 },
  { day: '2026-06-01', model: 'mradermacher/mystery-GGUF', d30: 60, pipeline: 'text-generation', rank: 5 },
  { day: '2026-06-01', model: 'arcee-ai/Mixed-8B', d30: 40, pipeline: 'text-generation', rank: 6 },
  { day: '2026-06-01', model: 'NousResearch/loop-a', d30: 20, pipeline: 'text-generation', rank: 7 },
  // fetched for lineage only, so the marts leave it out: its attribution is what is checked
  { day: '2026-06-01', model: 'bartowski/cool-qwen-GGUF', d30: 5, pipeline: 'text-generation', lineageOnly: true },
  { day: '2026-06-02', model: 'bartowski/Hermes-Qwen-7B-GGUF', d30: 510, pipeline: 'text-generation', rank: 1 },
];
const LINEAGE_LINKS: Link[] = [
  ['2026-06-01', 'bartowski/Hermes-Qwen-7B-GGUF', 'NousResearch/Hermes-Qwen-7B', 'quantized'],
  ['2026-06-01', 'NousResearch/Hermes-Qwen-7B', 'Qwen/Qwen2.5-7B', 'finetune'],
  ['2026-06-01', 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B', 'meta-llama/Llama-3.1-8B', 'finetune'],
  ['2026-06-01', 'perplexity-ai/r1-1776', 'deepseek-ai/DeepSeek-R1', 'finetune'],
  ['2026-06-01', 'someone-new/cool-qwen', 'Qwen/Qwen3-8B', 'finetune'],
  // REDIST over an author missing from the registry over a registered base
  ['2026-06-01', 'bartowski/cool-qwen-GGUF', 'someone-new/cool-qwen', 'quantized'],
  // several bases: the finetune wins over the merge, whatever the alphabet says
  ['2026-06-01', 'arcee-ai/Mixed-8B', 'Qwen/Qwen3-8B', 'finetune'],
  ['2026-06-01', 'arcee-ai/Mixed-8B', 'meta-llama/Llama-3.1-8B', 'merge'],
  // a cycle in the metadata
  ['2026-06-01', 'NousResearch/loop-a', 'NousResearch/loop-b', 'finetune'],
  ['2026-06-01', 'NousResearch/loop-b', 'NousResearch/loop-a', 'finetune'],
];

describe('Hugging Face attribution on synthetic lineage chains', () => {
  let db: Database;
  let result: TransformResult;
  let cleanup = () => {};

  beforeAll(async () => {
    ({ db, result, cleanup } = await transformed(async (d) => {
      await insertSnapshots(d, LINEAGE_SNAPSHOTS);
      await insertLinks(d, LINEAGE_LINKS);
    }));
  });
  afterAll(() => cleanup());

  it('int_hf_models_attributed: uploader vs lineage for REDIST chains, cross-origin derivatives, unknowns and a cycle', async () => {
    const rows = await db.json(
      `select * exclude (day, author) from intermediate.int_hf_models_attributed where day = '2026-06-01' order by model_id`,
    );
    expect(rows).toEqual([
      {
        model_id: 'NousResearch/Hermes-Qwen-7B',
        uploader_resolved_id: 'NousResearch/Hermes-Qwen-7B',
        origin_country_uploader: 'US',
        organisation_uploader: 'Nous Research',
        lineage_root_id: 'Qwen/Qwen2.5-7B',
        lineage_depth: 1,
        lineage_complete: true,
        origin_country_lineage: 'CN',
        organisation_lineage: 'Alibaba',
      },
      {
        // a cycle: the walk stops at the last new model and says the chain is incomplete
        model_id: 'NousResearch/loop-a',
        uploader_resolved_id: 'NousResearch/loop-a',
        origin_country_uploader: 'US',
        organisation_uploader: 'Nous Research',
        lineage_root_id: 'NousResearch/loop-b',
        lineage_depth: 1,
        lineage_complete: false,
        origin_country_lineage: 'US',
        organisation_lineage: 'Nous Research',
      },
      {
        model_id: 'arcee-ai/Mixed-8B',
        uploader_resolved_id: 'arcee-ai/Mixed-8B',
        origin_country_uploader: 'US',
        organisation_uploader: 'Arcee AI',
        lineage_root_id: 'Qwen/Qwen3-8B',
        lineage_depth: 1,
        lineage_complete: true,
        origin_country_lineage: 'CN',
        organisation_lineage: 'Alibaba',
      },
      {
        // REDIST quantizer -> US fine-tune -> Qwen base
        model_id: 'bartowski/Hermes-Qwen-7B-GGUF',
        uploader_resolved_id: 'NousResearch/Hermes-Qwen-7B',
        origin_country_uploader: 'US',
        organisation_uploader: 'Nous Research',
        lineage_root_id: 'Qwen/Qwen2.5-7B',
        lineage_depth: 2,
        lineage_complete: true,
        origin_country_lineage: 'CN',
        organisation_lineage: 'Alibaba',
      },
      {
        // REDIST quantizer -> an author missing from the registry -> Qwen base: that author decides the uploader
        // attribution (UNKNOWN), not the first registered model further up
        model_id: 'bartowski/cool-qwen-GGUF',
        uploader_resolved_id: 'someone-new/cool-qwen',
        origin_country_uploader: 'UNKNOWN',
        organisation_uploader: null,
        lineage_root_id: 'Qwen/Qwen3-8B',
        lineage_depth: 2,
        lineage_complete: true,
        origin_country_lineage: 'CN',
        organisation_lineage: 'Alibaba',
      },
      {
        // a Chinese lab's model built on Llama
        model_id: 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B',
        uploader_resolved_id: 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B',
        origin_country_uploader: 'CN',
        organisation_uploader: 'DeepSeek',
        lineage_root_id: 'meta-llama/Llama-3.1-8B',
        lineage_depth: 1,
        lineage_complete: true,
        origin_country_lineage: 'US',
        organisation_lineage: 'Meta',
      },
      {
        // REDIST with no known base: UNKNOWN under both
        model_id: 'mradermacher/mystery-GGUF',
        uploader_resolved_id: null,
        origin_country_uploader: 'UNKNOWN',
        organisation_uploader: null,
        lineage_root_id: 'mradermacher/mystery-GGUF',
        lineage_depth: 0,
        lineage_complete: true,
        origin_country_lineage: 'UNKNOWN',
        organisation_lineage: null,
      },
      {
        // a US lab's model built on DeepSeek
        model_id: 'perplexity-ai/r1-1776',
        uploader_resolved_id: 'perplexity-ai/r1-1776',
        origin_country_uploader: 'US',
        organisation_uploader: 'Perplexity',
        lineage_root_id: 'deepseek-ai/DeepSeek-R1',
        lineage_depth: 1,
        lineage_complete: true,
        origin_country_lineage: 'CN',
        organisation_lineage: 'DeepSeek',
      },
      {
        // an author missing from the registry: UNKNOWN as uploader, its base decides the lineage
        model_id: 'someone-new/cool-qwen',
        uploader_resolved_id: 'someone-new/cool-qwen',
        origin_country_uploader: 'UNKNOWN',
        organisation_uploader: null,
        lineage_root_id: 'Qwen/Qwen3-8B',
        lineage_depth: 1,
        lineage_complete: true,
        origin_country_lineage: 'CN',
        organisation_lineage: 'Alibaba',
      },
    ]);
  });

  it("a day without links uses the model's latest known links", async () => {
    const rows = await db.json(
      `select day, model_id, origin_country_uploader, origin_country_lineage, lineage_root_id
       from intermediate.int_hf_models_attributed where day = '2026-06-02'`,
    );
    expect(rows).toEqual([
      {
        day: '2026-06-02',
        model_id: 'bartowski/Hermes-Qwen-7B-GGUF',
        origin_country_uploader: 'US',
        origin_country_lineage: 'CN',
        lineage_root_id: 'Qwen/Qwen2.5-7B',
      },
    ]);
  });

  it('marts.hf_daily_origin_downloads: the same tracked models split by origin under each attribution, lineage-only rows left out', async () => {
    const rows = await db.json(
      `select attribution, origin_country, models, downloads_30d, downloads_30d_share
       from marts.hf_daily_origin_downloads where day = '2026-06-01' and scope = 'all'
       order by attribution, origin_country`,
    );
    // tracked 06-01: 500 + 200 + 100 + 80 + 60 + 40 + 20 = 1000 (the lineage-only fine-tune's 40 is not counted)
    expect(rows).toEqual([
      { attribution: 'lineage', origin_country: 'CN', models: 4, downloads_30d: '720', downloads_30d_share: 0.72 },
      { attribution: 'lineage', origin_country: 'UNKNOWN', models: 1, downloads_30d: '60', downloads_30d_share: 0.06 },
      { attribution: 'lineage', origin_country: 'US', models: 2, downloads_30d: '220', downloads_30d_share: 0.22 },
      { attribution: 'uploader', origin_country: 'CN', models: 1, downloads_30d: '200', downloads_30d_share: 0.2 },
      {
        attribution: 'uploader',
        origin_country: 'UNKNOWN',
        models: 2,
        downloads_30d: '140',
        downloads_30d_share: 0.14,
      },
      { attribution: 'uploader', origin_country: 'US', models: 4, downloads_30d: '660', downloads_30d_share: 0.66 },
    ]);
  });

  it('marts.hf_top_models: one row per rank with both countries and the lineage root', async () => {
    const rows = await db.json(`select * from marts.hf_top_models where day = '2026-06-01' and rank <= 2`);
    const common = {
      day: '2026-06-01',
      pipeline_tag: 'text-generation',
      in_llm_scope: true,
      downloads_all_time: null,
      as_of: '2026-06-01 23:00:00',
    };
    expect(rows).toEqual([
      {
        ...common,
        rank: 1,
        model_id: 'bartowski/Hermes-Qwen-7B-GGUF',
        author: 'bartowski',
        organisation: 'bartowski',
        downloads_30d: '500',
        origin_country_uploader: 'US',
        origin_country_lineage: 'CN',
        lineage_root_id: 'Qwen/Qwen2.5-7B',
      },
      {
        ...common,
        rank: 2,
        model_id: 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B',
        author: 'deepseek-ai',
        organisation: 'DeepSeek',
        downloads_30d: '200',
        origin_country_uploader: 'CN',
        origin_country_lineage: 'US',
        lineage_root_id: 'meta-llama/Llama-3.1-8B',
      },
    ]);
  });

  it('warns about the unmapped author and the cycle, and fails no check', () => {
    expect(failing(result)).toEqual([
      {
        name: 'hf_lineage_incomplete',
        severity: 'warn',
        sample: [
          {
            day: '2026-06-01',
            model_id: 'NousResearch/loop-a',
            lineage_root_id: 'NousResearch/loop-b',
            lineage_depth: 1,
          },
        ],
      },
      {
        name: 'hf_unmapped_authors',
        severity: 'warn',
        sample: [{ author: 'someone-new', models: '1', days_in_top_30: '1', best_rank: 4, last_seen: '2026-06-01' }],
      },
    ]);
  });
});

// Synthetic: one day, models of several pipelines (an embedding model among them, and one without pipeline_tag).
const SCOPE_SNAPSHOTS: Snapshot[] = [
  { day: '2026-06-01', model: 'Qwen/Qwen3-8B', d30: 600, pipeline: 'text-generation', rank: 2 },
  { day: '2026-06-01', model: 'BAAI/bge-m3', d30: 200, pipeline: 'sentence-similarity', rank: 3 },
  {
    day: '2026-06-01',
    model: 'sentence-transformers/all-MiniLM-L6-v2',
    d30: 1000,
    pipeline: 'sentence-similarity',
    rank: 1,
  },
  { day: '2026-06-01', model: 'google/gemma-3-4b-it', d30: 150, pipeline: 'image-text-to-text', rank: 4 },
  { day: '2026-06-01', model: 'google/electra-base-discriminator', d30: 50, pipeline: null, rank: 5 },
];

describe('Hugging Face scopes on synthetic models', () => {
  let db: Database;
  let cleanup = () => {};

  beforeAll(async () => {
    ({ db, cleanup } = await transformed((d) => insertSnapshots(d, SCOPE_SNAPSHOTS)));
  });
  afterAll(() => cleanup());

  it('scope all counts every model (embeddings, no pipeline_tag); scope llm only the listed pipelines', async () => {
    const rows = await db.json(
      `select scope, origin_country, models, downloads_30d, downloads_30d_share
       from marts.hf_daily_origin_downloads where attribution = 'uploader' and scope in ('all', 'llm') order by scope, origin_country`,
    );
    // all: 600 + 200 + 1000 + 150 + 50 = 2000; llm: 600 + 150 = 750
    expect(rows).toEqual([
      { scope: 'all', origin_country: 'CN', models: 2, downloads_30d: '800', downloads_30d_share: 0.4 },
      { scope: 'all', origin_country: 'INTL', models: 1, downloads_30d: '1000', downloads_30d_share: 0.5 },
      { scope: 'all', origin_country: 'US', models: 2, downloads_30d: '200', downloads_30d_share: 0.1 },
      { scope: 'llm', origin_country: 'CN', models: 1, downloads_30d: '600', downloads_30d_share: 0.8 },
      { scope: 'llm', origin_country: 'US', models: 1, downloads_30d: '150', downloads_30d_share: 0.2 },
    ]);
  });

  it('marts.hf_origin_top_n needs N ranked models a day: five ranked models give no top 10', async () => {
    expect(await db.json('select count(*)::integer as n from marts.hf_origin_top_n')).toEqual([{ n: 0 }]);
  });
});

// Synthetic all-time counts (the recorded history has none). Qwen: +100 a day for eight days, then a 20x jump on
// 06-10, a drop on 06-11, no snapshot on 06-12, and +100 on 06-14. DeepSeek: six days of +10, then +500 on 06-08,
// which is not flagged because fewer than 7 earlier values exist.
const QWEN_ALL_TIME: Array<[string, number]> = [
  ['2026-06-01', 1000],
  ['2026-06-02', 1100],
  ['2026-06-03', 1200],
  ['2026-06-04', 1300],
  ['2026-06-05', 1400],
  ['2026-06-06', 1500],
  ['2026-06-07', 1600],
  ['2026-06-08', 1700],
  ['2026-06-09', 1800],
  ['2026-06-10', 3800],
  ['2026-06-11', 3700],
  ['2026-06-13', 3900],
  ['2026-06-14', 4000],
];
const DEEPSEEK_ALL_TIME: Array<[string, number]> = [
  ['2026-06-01', 0],
  ['2026-06-02', 10],
  ['2026-06-03', 20],
  ['2026-06-04', 30],
  ['2026-06-05', 40],
  ['2026-06-06', 50],
  ['2026-06-07', 60],
  ['2026-06-08', 560],
];
const DAILY_SNAPSHOTS: Snapshot[] = [
  ...QWEN_ALL_TIME.map(([day, allTime]) => ({
    day,
    model: 'Qwen/Qwen3-8B',
    d30: 3000,
    allTime,
    pipeline: 'text-generation',
  })),
  ...DEEPSEEK_ALL_TIME.map(([day, allTime]) => ({
    day,
    model: 'deepseek-ai/DeepSeek-R1',
    d30: 1000,
    allTime,
    pipeline: 'text-generation',
  })),
];

describe('Hugging Face daily downloads from all-time differences (synthetic)', () => {
  let db: Database;
  let result: TransformResult;
  let cleanup = () => {};

  beforeAll(async () => {
    ({ db, result, cleanup } = await transformed((d) => insertSnapshots(d, DAILY_SNAPSHOTS)));
  });
  afterAll(() => cleanup());

  it('int_hf_downloads_daily_derived: normal differences, a 20x jump flagged, a drop flagged and NULL, a gap NULL', async () => {
    const rows = await db.json(
      `select * exclude (model_id) from intermediate.int_hf_downloads_daily_derived
       where model_id = 'Qwen/Qwen3-8B' order by day`,
    );
    const normal = (day: string, allTime: number, previousValues: number) => ({
      day,
      downloads_all_time: String(allTime),
      days_since_previous: 1,
      downloads_daily: '100',
      negative_all_time_delta: false,
      probable_anomaly: false,
      previous_median: previousValues === 0 ? null : 100,
      previous_values: previousValues,
    });
    expect(rows).toEqual([
      {
        day: '2026-06-01',
        downloads_all_time: '1000',
        days_since_previous: null,
        downloads_daily: null,
        negative_all_time_delta: false,
        probable_anomaly: false,
        previous_median: null,
        previous_values: null,
      },
      normal('2026-06-02', 1100, 0),
      normal('2026-06-03', 1200, 1),
      normal('2026-06-04', 1300, 2),
      normal('2026-06-05', 1400, 3),
      normal('2026-06-06', 1500, 4),
      normal('2026-06-07', 1600, 5),
      normal('2026-06-08', 1700, 6),
      normal('2026-06-09', 1800, 7),
      {
        day: '2026-06-10',
        downloads_all_time: '3800',
        days_since_previous: 1,
        downloads_daily: '2000',
        negative_all_time_delta: false,
        probable_anomaly: true,
        previous_median: 100,
        previous_values: 8,
      },
      {
        day: '2026-06-11',
        downloads_all_time: '3700',
        days_since_previous: 1,
        downloads_daily: null,
        negative_all_time_delta: true,
        probable_anomaly: false,
        previous_median: null,
        previous_values: null,
      },
      {
        day: '2026-06-13',
        downloads_all_time: '3900',
        days_since_previous: 2,
        downloads_daily: null,
        negative_all_time_delta: false,
        probable_anomaly: false,
        previous_median: null,
        previous_values: null,
      },
      normal('2026-06-14', 4000, 9),
    ]);
  });

  it('a jump with fewer than 7 earlier daily values is not flagged', async () => {
    const rows = await db.json(
      `select day, downloads_daily, probable_anomaly, previous_values from intermediate.int_hf_downloads_daily_derived
       where model_id = 'deepseek-ai/DeepSeek-R1' and day = '2026-06-08'`,
    );
    expect(rows).toEqual([{ day: '2026-06-08', downloads_daily: '500', probable_anomaly: false, previous_values: 6 }]);
  });

  it('marts.hf_daily_origin_downloads shows the sums, what they cover, and the flag counts', async () => {
    const rows = await db.json(
      `select day, origin_country, models, models_with_all_time, downloads_all_time, downloads_all_time_share,
           models_with_daily, downloads_daily, downloads_daily_share, negative_delta_flags, anomaly_flags
       from marts.hf_daily_origin_downloads
       where scope = 'llm' and attribution = 'uploader' and day between '2026-06-07' and '2026-06-14'
       order by day, origin_country`,
    );
    const cn = { origin_country: 'CN', models: 1, models_with_all_time: 1, downloads_all_time_share: 1 };
    expect(rows).toEqual([
      {
        day: '2026-06-07',
        origin_country: 'CN',
        models: 2,
        models_with_all_time: 2,
        downloads_all_time: '1660',
        downloads_all_time_share: 1,
        models_with_daily: 2,
        downloads_daily: '110',
        downloads_daily_share: 1,
        negative_delta_flags: 0,
        anomaly_flags: 0,
      },
      {
        day: '2026-06-08',
        origin_country: 'CN',
        models: 2,
        models_with_all_time: 2,
        downloads_all_time: '2260',
        downloads_all_time_share: 1,
        models_with_daily: 2,
        downloads_daily: '600',
        downloads_daily_share: 1,
        negative_delta_flags: 0,
        anomaly_flags: 0,
      },
      {
        day: '2026-06-09',
        ...cn,
        downloads_all_time: '1800',
        models_with_daily: 1,
        downloads_daily: '100',
        downloads_daily_share: 1,
        negative_delta_flags: 0,
        anomaly_flags: 0,
      },
      {
        day: '2026-06-10',
        ...cn,
        downloads_all_time: '3800',
        models_with_daily: 1,
        downloads_daily: '2000',
        downloads_daily_share: 1,
        negative_delta_flags: 0,
        anomaly_flags: 1,
      },
      {
        day: '2026-06-11',
        ...cn,
        downloads_all_time: '3700',
        models_with_daily: 0,
        downloads_daily: null,
        downloads_daily_share: null,
        negative_delta_flags: 1,
        anomaly_flags: 0,
      },
      {
        day: '2026-06-13',
        ...cn,
        downloads_all_time: '3900',
        models_with_daily: 0,
        downloads_daily: null,
        downloads_daily_share: null,
        negative_delta_flags: 0,
        anomaly_flags: 0,
      },
      {
        day: '2026-06-14',
        ...cn,
        downloads_all_time: '4000',
        models_with_daily: 1,
        downloads_daily: '100',
        downloads_daily_share: 1,
        negative_delta_flags: 0,
        anomaly_flags: 0,
      },
    ]);
  });

  it('flags are data, not failures: every check passes', () => {
    expect(failing(result)).toEqual([]);
  });
});

// Synthetic: Meta and Alibaba over two weeks. Week of 06-01 ends with a Sunday snapshot (06-07); the week of 06-08
// has its last snapshot on Wednesday 06-10. Qwen passes Llama in all-time downloads in the second week.
const DEVELOPER_SNAPSHOTS: Snapshot[] = [
  { day: '2026-06-06', model: 'meta-llama/Llama-3.1-8B', d30: 999, allTime: 950, pipeline: 'text-generation' },
  { day: '2026-06-06', model: 'Qwen/Qwen2.5-7B', d30: 999, allTime: 700, pipeline: 'text-generation' },
  { day: '2026-06-07', model: 'meta-llama/Llama-3.1-8B', d30: 300, allTime: 1000, pipeline: 'text-generation' },
  { day: '2026-06-07', model: 'Qwen/Qwen2.5-7B', d30: 400, allTime: 800, pipeline: 'text-generation' },
  { day: '2026-06-07', model: 'Qwen/Qwen3-Embedding-0.6B', d30: 100, allTime: null, pipeline: 'feature-extraction' },
  { day: '2026-06-10', model: 'meta-llama/Llama-3.1-8B', d30: 250, allTime: 1100, pipeline: 'text-generation' },
  { day: '2026-06-10', model: 'Qwen/Qwen2.5-7B', d30: 500, allTime: 1300, pipeline: 'text-generation' },
  { day: '2026-06-10', model: 'Qwen/Qwen3-Embedding-0.6B', d30: 100, allTime: null, pipeline: 'feature-extraction' },
];

describe('developer_downloads and hf_weekly_origin_share on synthetic weeks', () => {
  let db: Database;
  let cleanup = () => {};

  beforeAll(async () => {
    ({ db, cleanup } = await transformed((d) => insertSnapshots(d, DEVELOPER_SNAPSHOTS)));
  });
  afterAll(() => cleanup());

  it('marts.developer_downloads: Alibaba passes Meta in all-time downloads in the week of 2026-06-08', async () => {
    const rows = await db.json(
      `select * exclude (scope, attribution) from marts.developer_downloads
       where scope = 'all' and attribution = 'lineage' order by week_start, organisation`,
    );
    const week1 = {
      week_start: '2026-06-01',
      snapshot_day: '2026-06-07',
      is_complete_week: true,
      as_of: '2026-06-07 23:00:00',
    };
    const week2 = {
      week_start: '2026-06-08',
      snapshot_day: '2026-06-10',
      is_complete_week: false,
      as_of: '2026-06-10 23:00:00',
    };
    expect(rows).toEqual([
      {
        ...week1,
        organisation: 'Alibaba',
        origin_country: 'CN',
        models: 2,
        downloads_30d: '500',
        models_with_all_time: 1,
        downloads_all_time: '800',
      },
      {
        ...week1,
        organisation: 'Meta',
        origin_country: 'US',
        models: 1,
        downloads_30d: '300',
        models_with_all_time: 1,
        downloads_all_time: '1000',
      },
      {
        ...week2,
        organisation: 'Alibaba',
        origin_country: 'CN',
        models: 2,
        downloads_30d: '600',
        models_with_all_time: 1,
        downloads_all_time: '1300',
      },
      {
        ...week2,
        organisation: 'Meta',
        origin_country: 'US',
        models: 1,
        downloads_30d: '250',
        models_with_all_time: 1,
        downloads_all_time: '1100',
      },
    ]);
    // 2 weeks x 2 scopes x 2 attributions x 2 organisations
    expect(
      await db.json("select count(*)::integer as n from marts.developer_downloads where scope in ('all', 'llm')"),
    ).toEqual([{ n: 16 }]);
  });

  it('marts.developer_downloads scope llm leaves the embedding model out', async () => {
    const rows = await db.json(
      `select week_start, organisation, models, downloads_30d from marts.developer_downloads
       where scope = 'llm' and attribution = 'uploader' and organisation = 'Alibaba' order by week_start`,
    );
    expect(rows).toEqual([
      { week_start: '2026-06-01', organisation: 'Alibaba', models: 1, downloads_30d: '400' },
      { week_start: '2026-06-08', organisation: 'Alibaba', models: 1, downloads_30d: '500' },
    ]);
  });

  it("marts.hf_weekly_origin_share takes each week's last snapshot day", async () => {
    const rows = await db.json(
      `select * exclude (scope, attribution) from marts.hf_weekly_origin_share
       where scope = 'all' and attribution = 'uploader' order by week_start, origin_country`,
    );
    const week1 = {
      week_start: '2026-06-01',
      snapshot_day: '2026-06-07',
      is_complete_week: true,
      negative_delta_flags: 0,
      anomaly_flags: 0,
      as_of: '2026-06-07 23:00:00',
    };
    const week2 = {
      week_start: '2026-06-08',
      snapshot_day: '2026-06-10',
      is_complete_week: false,
      negative_delta_flags: 0,
      anomaly_flags: 0,
      as_of: '2026-06-10 23:00:00',
    };
    expect(rows).toEqual([
      {
        ...week1,
        origin_country: 'CN',
        models: 2,
        downloads_30d: '500',
        downloads_30d_share: 500 / 800,
        models_with_all_time: 1,
        downloads_all_time: '800',
        downloads_all_time_share: 800 / 1800,
      },
      {
        ...week1,
        origin_country: 'US',
        models: 1,
        downloads_30d: '300',
        downloads_30d_share: 300 / 800,
        models_with_all_time: 1,
        downloads_all_time: '1000',
        downloads_all_time_share: 1000 / 1800,
      },
      {
        ...week2,
        origin_country: 'CN',
        models: 2,
        downloads_30d: '600',
        downloads_30d_share: 600 / 850,
        models_with_all_time: 1,
        downloads_all_time: '1300',
        downloads_all_time_share: 1300 / 2400,
      },
      {
        ...week2,
        origin_country: 'US',
        models: 1,
        downloads_30d: '250',
        downloads_30d_share: 250 / 850,
        models_with_all_time: 1,
        downloads_all_time: '1100',
        downloads_all_time_share: 1100 / 2400,
      },
    ]);
  });
});

describe('Hugging Face transforms on bad input', () => {
  it('a pipeline-scope seed row for scope all fails the transform by name, and the previous marts keep serving', async () => {
    const { db, root, cleanup } = await transformed((d) => insertSnapshots(d, SCOPE_SNAPSHOTS));
    try {
      fs.appendFileSync(
        path.join(root, 'seeds/hf_pipeline_scopes.csv'),
        'fill-mask,all,wrong: all holds every model already\n',
      );
      await expect(runTransform(db, { root })).rejects.toThrow(TransformError);
      await expect(runTransform(db, { root })).rejects.toThrow(
        /hf_pipeline_scopes_values \(1 rows, e\.g\. \{"pipeline_tag":"fill-mask","scope":"all"\}\)/,
      );
      expect(
        await db.json(
          "select count(*)::integer as n from marts.hf_daily_origin_downloads where scope = 'all' and attribution = 'uploader'",
        ),
      ).toEqual([{ n: 3 }]);
    } finally {
      cleanup();
    }
  });

  it('two models at one rank on one day fail hf_top_models_grain', async () => {
    const { db, root, cleanup } = await transformed(async () => {});
    try {
      await insertSnapshots(db, [
        { day: '2026-06-01', model: 'Qwen/Qwen3-8B', d30: 10, rank: 1 },
        { day: '2026-06-01', model: 'google/gemma-3-4b-it', d30: 9, rank: 1 },
      ]);
      await expect(runTransform(db, { root })).rejects.toThrow(/checks failed: hf_top_models_grain \(1 rows/);
    } finally {
      cleanup();
    }
  });
});

// Synthetic: the week of 06-01 has a global top 10 on Friday 06-05 only; Sunday 06-07 ranks one model beside a
// tracked unranked one; the week of 06-08 has one tracked unranked model on Tuesday 06-09.
const DEPTH_SNAPSHOTS: Snapshot[] = [
  ...Array.from({ length: 10 }, (_, i) => ({
    day: '2026-06-05',
    model: `Qwen/Model-${i + 1}`,
    d30: 100 - i,
    rank: i + 1,
  })),
  { day: '2026-06-07', model: 'Qwen/Model-1', d30: 100, rank: 1 },
  { day: '2026-06-07', model: 'meta-llama/Llama-3.1-8B', d30: 50 },
  { day: '2026-06-09', model: 'meta-llama/Llama-3.1-8B', d30: 60 },
];

describe('int_hf_week_snapshot_days on synthetic weeks', () => {
  it("gives each week's last day at each depth, complete when it is the Sunday", async () => {
    const { db, cleanup } = await transformed((d) => insertSnapshots(d, DEPTH_SNAPSHOTS));
    try {
      expect(await db.json('select * from intermediate.int_hf_week_snapshot_days')).toEqual([
        { week_start: '2026-06-01', ranked_depth: 0, snapshot_day: '2026-06-07', is_complete_week: true },
        { week_start: '2026-06-01', ranked_depth: 1, snapshot_day: '2026-06-07', is_complete_week: true },
        { week_start: '2026-06-01', ranked_depth: 10, snapshot_day: '2026-06-05', is_complete_week: false },
        { week_start: '2026-06-08', ranked_depth: 0, snapshot_day: '2026-06-09', is_complete_week: false },
      ]);
    } finally {
      cleanup();
    }
  });
});
