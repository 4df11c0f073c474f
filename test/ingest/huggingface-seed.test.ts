import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedHuggingFaceHistory } from '../../ingest/seed-huggingface.ts';
import { tempDatabase } from '../support/tmp.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/huggingface');
const NOW = () => new Date('2026-08-23T06:00:00Z');

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function database() {
  const t = await tempDatabase();
  cleanups.push(t.cleanup);
  return t;
}

describe('seedHuggingFaceHistory()', () => {
  it('loads the 176 recorded daily top 30s (5,280 rows) as one seed:huggingface run', async () => {
    const t = await database();
    const result = await seedHuggingFaceHistory(t.db, {
      config: t.config,
      now: NOW,
      tracking: { trackedOrgs: ['Qwen', 'BAAI'] },
    });
    expect(result).toEqual({
      runId: 1,
      source: 'seed:huggingface',
      status: 'succeeded',
      rowsFetched: 5280,
      rowsWritten: 5280,
      message: null,
    });
    expect(
      await t.db.json(`
        select count(*)::integer as n, count(distinct day)::integer as days, min(day)::varchar as first_day,
               max(day)::varchar as last_day, count(distinct model_id)::integer as models,
               sum(downloads_30d)::varchar as downloads, count(*) filter (where tracked_org)::integer as tracked,
               count(*) filter (where pipeline_tag is null)::integer as no_pipeline_tag,
               count(*) filter (where downloads_all_time is not null or created_at is not null or library_name is not null
                                or parameters is not null or last_modified_at is not null or payload_id is not null)::integer as filled,
               count(*) filter (where is_synthetic or lineage_only)::integer as flagged,
               min(top_rank) as min_rank, max(top_rank) as max_rank
        from raw.hf_model_snapshots`),
    ).toEqual([
      {
        n: 5280,
        days: 176,
        first_day: '2026-02-28',
        last_day: '2026-08-22',
        models: 62,
        downloads: '165372158567',
        tracked: 1262,
        no_pipeline_tag: 690,
        filled: 0,
        flagged: 0,
        min_rank: 1,
        max_rank: 30,
      },
    ]);
    expect(await t.db.json("select * from raw.hf_model_snapshots where day = '2026-08-22' and top_rank = 11")).toEqual([
      {
        day: '2026-08-22',
        snapshot_at: '2026-08-22 18:30:07.517',
        model_id: 'Qwen/Qwen3-0.6B',
        author: 'Qwen',
        downloads_30d: '25235903',
        downloads_all_time: null,
        likes: '1529',
        created_at: null,
        last_modified_at: null,
        pipeline_tag: 'text-generation',
        library_name: null,
        tags: ['transformers', 'safetensors', 'qwen3', 'text-generation', 'conversational', 'license:apache-2.0'],
        parameters: null,
        top_rank: 11,
        tracked_org: true,
        lineage_only: false,
        is_synthetic: false,
        run_id: '1',
        payload_id: null,
      },
    ]);
    expect(
      await t.db.json('select source, window_start, window_end, status, rows_fetched, rows_written from meta.runs'),
    ).toEqual([
      {
        source: 'seed:huggingface',
        window_start: '2026-02-28',
        window_end: '2026-08-22',
        status: 'succeeded',
        rows_fetched: '5280',
        rows_written: '5280',
      },
    ]);
    // the six recorded tags of the real history hold no base_model: tag
    expect(await t.db.json('select count(*)::integer as n from raw.hf_model_base_models')).toEqual([{ n: 0 }]);
  });

  it('a second call writes nothing and logs no new run', async () => {
    const t = await database();
    await seedHuggingFaceHistory(t.db, { config: t.config, now: NOW });
    const again = await seedHuggingFaceHistory(t.db, { config: t.config, now: NOW });
    expect(again).toEqual({
      runId: 1,
      source: 'seed:huggingface',
      status: 'skipped',
      rowsFetched: 0,
      rowsWritten: 0,
      message: 'already loaded by run 1',
    });
    expect(await t.db.json('select count(*)::integer as n from raw.hf_model_snapshots')).toEqual([{ n: 5280 }]);
    expect(await t.db.json('select count(*)::integer as n from meta.runs')).toEqual([{ n: 1 }]);
  });

  it('leaves a day that already holds collected rows as it is', async () => {
    const t = await database();
    await t.db.run(
      `insert into raw.hf_model_snapshots (day, snapshot_at, model_id, downloads_30d, tracked_org, run_id)
       values ('2026-08-22', '2026-08-22 03:20:00', 'Qwen/Qwen3-0.6B', 25000000, true, 99)`,
    );
    const result = await seedHuggingFaceHistory(t.db, { config: t.config, now: NOW });
    expect(result).toMatchObject({ status: 'succeeded', rowsFetched: 5280, rowsWritten: 5250 });
    expect(await t.db.json("select model_id, run_id from raw.hf_model_snapshots where day = '2026-08-22'")).toEqual([
      { model_id: 'Qwen/Qwen3-0.6B', run_id: '99' },
    ]);
  });

  it('turns base_model: tags into links, preferring the relation tag, and keeps blanks NULL (synthetic file)', async () => {
    const t = await database();
    const result = await seedHuggingFaceHistory(t.db, {
      config: t.config,
      now: NOW,
      file: path.join(FIXTURES, 'synthetic-top30-lineage.csv'),
      tracking: { trackedOrgs: ['SomeLab'] },
    });
    expect(result).toMatchObject({ status: 'succeeded', rowsFetched: 5, rowsWritten: 9 });
    expect(
      await t.db.json(
        'select day, model_id, base_model_id, relation from raw.hf_model_base_models order by day, model_id, base_model_id',
      ),
    ).toEqual([
      {
        day: '2026-01-05',
        model_id: 'SomeLab/Synthetic-Merge-1B',
        base_model_id: 'Qwen/Qwen3-Synthetic-8B-Base',
        relation: 'merge',
      },
      {
        day: '2026-01-05',
        model_id: 'SomeLab/Synthetic-Merge-1B',
        base_model_id: 'SomeLab/Synthetic-Base-1B',
        relation: 'merge',
      },
      {
        day: '2026-01-05',
        model_id: 'bartowski/Synthetic-Base-1B-GGUF',
        base_model_id: 'SomeLab/Synthetic-Base-1B',
        relation: 'quantized',
      },
      {
        day: '2026-01-06',
        model_id: 'bartowski/Synthetic-Base-1B-GGUF',
        base_model_id: 'SomeLab/Synthetic-Base-1B',
        relation: 'unspecified',
      },
    ]);
    expect(
      await t.db.json(
        'select day, model_id, author, pipeline_tag, likes, tags, top_rank, tracked_org from raw.hf_model_snapshots order by day, top_rank',
      ),
    ).toEqual([
      {
        day: '2026-01-05',
        model_id: 'SomeLab/Synthetic-Base-1B',
        author: 'SomeLab',
        pipeline_tag: 'text-generation',
        likes: '10',
        tags: ['transformers', 'safetensors'],
        top_rank: 1,
        tracked_org: true,
      },
      {
        day: '2026-01-05',
        model_id: 'bartowski/Synthetic-Base-1B-GGUF',
        author: 'bartowski',
        pipeline_tag: null,
        likes: null,
        tags: ['gguf', 'base_model:SomeLab/Synthetic-Base-1B', 'base_model:quantized:SomeLab/Synthetic-Base-1B'],
        top_rank: 2,
        tracked_org: false,
      },
      {
        day: '2026-01-05',
        model_id: 'SomeLab/Synthetic-Merge-1B',
        author: 'SomeLab',
        pipeline_tag: 'text-generation',
        likes: '3',
        tags: ['base_model:merge:SomeLab/Synthetic-Base-1B', 'base_model:merge:Qwen/Qwen3-Synthetic-8B-Base'],
        top_rank: 3,
        tracked_org: true,
      },
      {
        day: '2026-01-06',
        model_id: 'bartowski/Synthetic-Base-1B-GGUF',
        author: 'bartowski',
        pipeline_tag: null,
        likes: '1',
        tags: ['gguf', 'base_model:SomeLab/Synthetic-Base-1B'],
        top_rank: 1,
        tracked_org: false,
      },
      {
        day: '2026-01-06',
        model_id: 'legacy-model',
        author: null,
        pipeline_tag: 'fill-mask',
        likes: null,
        tags: null,
        top_rank: 2,
        tracked_org: false,
      },
    ]);
  });

  it('a malformed file fails the run with the file and line, writes nothing, and a later good load still runs', async () => {
    const t = await database();
    const file = path.join(FIXTURES, 'synthetic-top30-malformed.csv');
    const failed = await seedHuggingFaceHistory(t.db, { config: t.config, now: NOW, file });
    expect(failed).toMatchObject({
      status: 'failed',
      message: `${file} line 3: downloads_30d must be a whole number, got "about 4000"`,
    });
    expect(await t.db.json('select count(*)::integer as n from raw.hf_model_snapshots')).toEqual([{ n: 0 }]);
    const loaded = await seedHuggingFaceHistory(t.db, { config: t.config, now: NOW });
    expect(loaded).toMatchObject({ status: 'succeeded', rowsWritten: 5280 });
  });
});
