/**
 * Incremental transforms equal a full rebuild, row for row, after adding a day, restating a day (changed counts and a
 * changed base-model link) and editing the origin registry. Hub snapshots are SYNTHETIC (the replay's generated
 * whole-Hub listing, 400 models a day), collected through the real whole-Hub crawl.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { createHuggingFaceSource } from '../../ingest/huggingface.ts';
import { Pipeline } from '../../app/pipeline.ts';
import { runTransform } from '../../transform/run.ts';
import { startReplayServer } from '../support/replay/server.ts';
import { tempDatabase, tempDir } from '../support/tmp.ts';
import { transformSubset } from '../support/transform-subset.ts';

/**
 * The Hugging Face marts and int_hf_models_attributed (a view no mart reads: they join the attribution runs), and
 * through them every model with an incremental mode (all 15 of them) and every model those read: 29 of the tree's 57
 * models. The rest (OpenRouter, claims, the weekly metrics) has no incremental mode and is rebuilt in full on
 * every transform, from tables this test holds equal; left out, each of the twelve transforms here builds half the
 * models.
 */
const HUB_MARTS = [
  'developer_downloads',
  'hf_daily_origin_downloads',
  'hf_origin_top_n',
  'hf_top_models',
  'hf_weekly_origin_share',
  'model_first_seen',
] as const;
const HUB_MODELS = ['intermediate.int_hf_models_attributed'];

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Every table the transform builds, as sorted rows. */
async function everything(db: Database): Promise<Record<string, unknown[]>> {
  const tables = await db.json<{ name: string }>(
    `select table_schema || '.' || table_name as name from information_schema.tables
     where table_catalog = current_database() and table_schema in ('staging', 'intermediate', 'marts') order by name`,
  );
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = await db.json(`select * from ${name} order by all`);
  return out;
}

async function expectIncrementalEqualsFull(db: Database, root: string, expected: { mode: string; dirtyDays: number }) {
  const now = () => new Date('2026-08-30T00:00:00Z');
  const incremental = await runTransform(db, { root, now });
  expect({ mode: incremental.mode, dirtyDays: incremental.dirtyDays }).toEqual(expected);
  const afterIncremental = await everything(db);
  const full = await runTransform(db, { root, now, full: true });
  expect(full.mode).toBe('full');
  const afterFull = await everything(db);
  expect(Object.keys(afterIncremental)).toEqual(Object.keys(afterFull));
  for (const name of Object.keys(afterFull))
    expect({ name, rows: afterIncremental[name] }).toEqual({ name, rows: afterFull[name] });
  return afterFull;
}

describe('incremental transform', () => {
  // Nine transforms of the Hub's part of the tree.
  it('equals a full rebuild after adding a day, restating a day and editing the registry', {
    timeout: 120_000,
  }, async () => {
    let now = new Date('2026-08-18T12:00:00Z');
    const server = await startReplayServer({ now, huggingface: { generated: { models: 400 } } });
    cleanups.push(() => server.close());
    const t = await tempDatabase({ HF_ENDPOINT: server.hfEndpoint, HF_SCOPE: 'all', ADOPTION_SEED_HISTORY: 'off' });
    cleanups.push(t.cleanup);
    const tree = tempDir('adoption-transform-');
    cleanups.push(tree.cleanup);
    transformSubset(tree.dir, HUB_MARTS, { models: HUB_MODELS });
    const sleep = async () => {};
    const pipeline = new Pipeline({
      db: t.db,
      config: t.config,
      sources: [
        createHuggingFaceSource(
          { topN: 50, trackedOrgs: ['Qwen'], lineageMaxDepth: 6, lineageMaxFetches: 10 },
          { sleep, pageSize: 400 },
        ),
      ],
      now: () => now,
      http: { sleep },
    });
    await pipeline.start({ transform: false });
    const collect = async (day: string) => {
      now = new Date(`${day}T12:00:00Z`);
      server.setNow(now);
      expect((await pipeline.collect('huggingface', {}, { transform: false })).run?.status).toBe('succeeded');
    };
    for (const day of ['2026-08-18', '2026-08-19', '2026-08-20']) await collect(day);
    const first = await runTransform(t.db, { root: tree.dir });
    expect({ mode: first.mode, dirtyDays: first.dirtyDays }).toEqual({ mode: 'full', dirtyDays: 3 });

    // Nothing changed: nothing recomputed.
    await expectIncrementalEqualsFull(t.db, tree.dir, { mode: 'incremental', dirtyDays: 0 });

    // A new day: only that day is recomputed.
    await collect('2026-08-21');
    const added = await expectIncrementalEqualsFull(t.db, tree.dir, { mode: 'incremental', dirtyDays: 1 });
    expect(added['marts.hf_daily_origin_downloads']!.length).toBeGreaterThan(0);
    const [days] = await t.db.json('select count(distinct day)::integer as n from marts.hf_top_models');
    expect(days).toEqual({ n: 4 });

    // A restated day: new all-time counts for Qwen's models on 2026-08-19 (from a later run), and one model's base link
    // dropped that day. The day and every later one (daily downloads read the day before) are recomputed.
    await t.db.run(
      `update raw.hf_model_snapshots set downloads_all_time = downloads_all_time + 5000, run_id = 999
       where day = '2026-08-19' and author = 'Qwen'`,
    );
    await t.db.run(
      "delete from raw.hf_model_base_models where day = '2026-08-19' and model_id = 'Qwen/synthetic-model-9'",
    );
    const restated = await expectIncrementalEqualsFull(t.db, tree.dir, { mode: 'incremental', dirtyDays: 3 });
    const derived = restated['intermediate.int_hf_downloads_daily_derived'] as Array<{
      day: string;
      model_id: string;
      downloads_daily: string | null;
    }>;
    // The generator adds 12 x 2 all-time downloads a day for model 16; the restatement adds 5,000.
    expect(
      derived.find((r) => r.day === '2026-08-19' && r.model_id === 'Qwen/synthetic-model-16')?.downloads_daily,
    ).toBe('5024');
    expect(
      derived.find((r) => r.day === '2026-08-20' && r.model_id === 'Qwen/synthetic-model-16')?.downloads_daily,
    ).toBe(null);

    // The registry: an unregistered lab becomes Chinese. Everything is rebuilt.
    fs.appendFileSync(
      path.join(tree.dir, 'seeds', 'origins.csv'),
      'huggingface,synthetic-lab-2,Synthetic Lab,Synthetic Lab 2 (SYNTHETIC),CN,synthetic test entry,test\n',
    );
    const edited = await expectIncrementalEqualsFull(t.db, tree.dir, { mode: 'full', dirtyDays: 4 });
    const lab = (
      edited['intermediate.int_hf_models_attributed'] as Array<{ model_id: string; origin_country_uploader: string }>
    ).find((r) => r.model_id === 'synthetic-lab-2/synthetic-model-2');
    expect(lab?.origin_country_uploader).toBe('CN');
  });

  it('re-attributes exactly the days whose fallback links a later day changes, and equals a full rebuild', {
    timeout: 60_000,
  }, async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const tree = tempDir('adoption-transform-');
    cleanups.push(tree.cleanup);
    transformSubset(tree.dir, HUB_MARTS, { models: HUB_MODELS });
    // SYNTHETIC rows. lab-x/m (not in the registry) has base-model links on 09-02 only: the other days fall back to
    // them (Qwen, CN). bartowski/q (REDIST) quantizes lab-x/m every day, so its lineage follows lab-x/m's.
    const addDay = async (day: string, labBase: string | null) => {
      await t.db.run(
        `insert into raw.hf_model_snapshots by name
         select $day::date as day, $day::timestamp + interval 12 hour as snapshot_at, model_id, null as author,
                1000 - rank as downloads_30d, null as downloads_all_time, rank as top_rank, false as tracked_org,
                false as lineage_only, true as is_synthetic, 1 as run_id
         from (values ('lab-x/m', 1), ('bartowski/q', 2), ('Qwen/a', 3), ('meta-llama/b', 4)) v(model_id, rank)`,
        { day },
      );
      await t.db.run(
        `insert into raw.hf_model_base_models values ($day::date, 'bartowski/q', 'lab-x/m', 'quantized', 1)`,
        { day },
      );
      if (labBase)
        await t.db.run(`insert into raw.hf_model_base_models values ($day::date, 'lab-x/m', $base, 'finetune', 1)`, {
          day,
          base: labBase,
        });
    };
    await addDay('2026-09-01', null);
    await addDay('2026-09-02', 'Qwen/a');
    await addDay('2026-09-03', null);
    await addDay('2026-09-04', null);
    const first = await runTransform(t.db, { root: tree.dir });
    expect({ mode: first.mode, dirtyDays: first.dirtyDays }).toEqual({ mode: 'full', dirtyDays: 4 });
    const lineage = () =>
      t.db.json<{ day: string; model_id: string; lineage_root_id: string; origin_country_lineage: string }>(
        `select day::varchar as day, model_id, lineage_root_id, origin_country_lineage
         from intermediate.int_hf_models_attributed where model_id in ('lab-x/m', 'bartowski/q') order by model_id, day`,
      );
    const rows = (root: string, country: string, days: string[]) =>
      days.map((day) => ({ day, lineage_root_id: root, origin_country_lineage: country }));
    const strip = (all: Awaited<ReturnType<typeof lineage>>, model: string) =>
      all.filter((r) => r.model_id === model).map(({ model_id: _, ...r }) => r);
    const days = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04'];
    expect(strip(await lineage(), 'lab-x/m')).toEqual(rows('Qwen/a', 'CN', days));
    expect(strip(await lineage(), 'bartowski/q')).toEqual(rows('Qwen/a', 'CN', days));

    // 09-05: lab-x/m now names meta-llama/b. Its latest links speak for the days without links of their own (09-01,
    // 09-03, 09-04): those and the new day are recomputed, 09-02 (its own links) is not.
    await addDay('2026-09-05', 'meta-llama/b');
    await expectIncrementalEqualsFull(t.db, tree.dir, { mode: 'incremental', dirtyDays: 4 });
    const after = await lineage();
    const expected = [
      ...rows('meta-llama/b', 'US', ['2026-09-01']),
      ...rows('Qwen/a', 'CN', ['2026-09-02']),
      ...rows('meta-llama/b', 'US', ['2026-09-03', '2026-09-04', '2026-09-05']),
    ];
    expect(strip(after, 'lab-x/m')).toEqual(expected);
    expect(strip(after, 'bartowski/q')).toEqual(expected);
  });
});
