/**
 * Loads the shipped Hugging Face history (ingest/seed-history/huggingface/top30-daily.csv: 176 real daily top-30
 * snapshots) into raw.hf_model_snapshots, as one run of source `seed:huggingface`, once.
 *
 * The recording kept only id, pipeline_tag, downloads, likes and the first six tags: all-time downloads, creation
 * dates, library and parameters stay NULL. A day that already holds collected rows keeps them (they are fuller).
 */
import fs from 'node:fs';
import { fromRoot } from '../lib/paths.ts';
import { parse } from 'csv-parse/sync';
import type { Database, Session } from '../db/connection.ts';
import { insertInto } from '../db/raw-tables.ts';
import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/log.ts';
import type { Clock } from '../lib/time.ts';
import { runSource, type RunResult, type Source } from './run.ts';
import { resolveTrackedOrgs, tracking as defaultTracking, type HuggingFaceTracking } from './tracking.ts';

export const SEED_HUGGINGFACE_SOURCE = 'seed:huggingface';
export const HF_SEED_FILE = fromRoot('ingest/seed-history/huggingface/top30-daily.csv');

const COLUMNS = ['snapshot_at', 'rank', 'model_id', 'pipeline_tag', 'downloads_30d', 'likes', 'tags'];

export interface SeedHuggingFaceOptions {
  config: Config;
  log?: Logger;
  now?: Clock;
  file?: string;
  tracking?: Pick<HuggingFaceTracking, 'trackedOrgs'>;
  originsFile?: string;
}

// Our own file, typed column by column, so a malformed value fails the load instead of becoming text.
const READ = `read_csv($file, header = true, auto_detect = false, quote = '"', escape = '"', columns = {
    'snapshot_at': 'VARCHAR', 'rank': 'INTEGER', 'model_id': 'VARCHAR', 'pipeline_tag': 'VARCHAR',
    'downloads_30d': 'BIGINT', 'likes': 'BIGINT', 'tags': 'VARCHAR'})`;

// Days that already hold rows (a collector ran on a recorded day) are left as they are. Both inserts list the
// declared columns (db/raw-tables.ts insertInto): the recording's missing fields are NULL by name, not by omission.
const INSERT_LINKS = insertInto(
  'raw.hf_model_base_models',
  `
with recorded as (
    select
        snapshot_at::timestamp::date as day,
        model_id,
        unnest(string_split(tags, '|')) as tag,
    from ${READ}
),
parsed as (
    select
        day,
        model_id,
        regexp_extract(tag, '^base_model:(?:(adapter|merge|quantized|finetune):)?([^:]+)$', ['relation', 'base']) as m,
    from recorded
    where tag like 'base_model:%'
)
select
    day,
    model_id,
    m.base as base_model_id,
    coalesce(nullif(m.relation, ''), 'unspecified') as relation,
    $run_id::bigint as run_id,
from parsed
where m.base <> ''
    and day not in (select distinct day from raw.hf_model_snapshots)
-- a specific relation wins over the bare base_model:<id> tag
qualify row_number() over (partition by day, model_id, base_model_id order by relation = 'unspecified') = 1`,
);

const INSERT_SNAPSHOTS = insertInto(
  'raw.hf_model_snapshots',
  `
select
    snapshot_at::timestamp::date as day,
    snapshot_at::timestamp as snapshot_at,
    model_id,
    case when contains(model_id, '/') then split_part(model_id, '/', 1) end as author,
    downloads_30d,
    null::bigint as downloads_all_time,
    likes,
    null::timestamp as created_at,
    null::timestamp as last_modified_at,
    nullif(pipeline_tag, '') as pipeline_tag,
    null::varchar as library_name,
    string_split(nullif(tags, ''), '|') as tags,
    null::bigint as parameters,
    rank as top_rank,
    coalesce(list_contains(json_transform($orgs::json, '["VARCHAR"]'), split_part(model_id, '/', 1)), false) as tracked_org,
    false as lineage_only,
    false as is_synthetic,
    $run_id::bigint as run_id,
    null::bigint as payload_id,
from ${READ}
where snapshot_at::timestamp::date not in (select distinct day from raw.hf_model_snapshots)`,
);

/** Checks the file before anything is written: the exact columns, and each line's values. */
function readSeedFile(file: string): { rows: number; firstDay: string; lastDay: string } {
  const records = parse(fs.readFileSync(file, 'utf8'), { columns: false, skip_empty_lines: true }) as string[][];
  const header = records[0] ?? [];
  if (header.join(',') !== COLUMNS.join(',')) {
    throw new Error(`${file}: expected columns ${COLUMNS.join(',')}, got ${header.join(',') || '(empty file)'}`);
  }
  let firstDay = '';
  let lastDay = '';
  records.slice(1).forEach((record, index) => {
    const line = index + 2;
    const [snapshotAt, rank, modelId, , downloads, likes] = record;
    const bad = (what: string) => new Error(`${file} line ${line}: ${what}`);
    if (record.length !== COLUMNS.length) throw bad(`expected ${COLUMNS.length} fields, got ${record.length}`);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(snapshotAt!) || Number.isNaN(Date.parse(snapshotAt!))) {
      throw bad(`snapshot_at must be a UTC time like 2026-02-28T21:05:56.239Z, got ${JSON.stringify(snapshotAt)}`);
    }
    if (!/^[1-9]\d*$/.test(rank!)) throw bad(`rank must be a positive integer, got ${JSON.stringify(rank)}`);
    if (!modelId) throw bad('model_id is empty');
    if (!/^\d+$/.test(downloads!)) throw bad(`downloads_30d must be a whole number, got ${JSON.stringify(downloads)}`);
    if (likes !== '' && !/^\d+$/.test(likes!))
      throw bad(`likes must be a whole number or empty, got ${JSON.stringify(likes)}`);
    const day = snapshotAt!.slice(0, 10);
    if (!firstDay || day < firstDay) firstDay = day;
    if (!lastDay || day > lastDay) lastDay = day;
  });
  return { rows: records.length - 1, firstDay, lastDay };
}

function seedSource(file: string, orgs: string[]): Source {
  return {
    name: SEED_HUGGINGFACE_SOURCE,
    description: 'Real daily Hugging Face top-30 snapshots shipped in ingest/seed-history/huggingface/',
    schedule: '',
    maxAgeHours: Number.POSITIVE_INFINITY,
    unavailable: () => undefined,
    fetch: async (ctx) => {
      const { rows, firstDay, lastDay } = readSeedFile(file);
      return {
        rowsFetched: rows,
        windowStart: firstDay || undefined,
        windowEnd: lastDay || undefined,
        write: async (tx: Session) => {
          await tx.run(INSERT_LINKS, { file, run_id: ctx.runId });
          await tx.run(INSERT_SNAPSHOTS, { file, run_id: ctx.runId, orgs: JSON.stringify(orgs) });
          const [written] = await tx.all<{ n: number }>(
            'select (select count(*) from raw.hf_model_snapshots where run_id = $run_id)::integer + (select count(*) from raw.hf_model_base_models where run_id = $run_id)::integer as n',
            { run_id: ctx.runId },
          );
          return written?.n ?? 0;
        },
      };
    },
  };
}

/** Loads the recorded history unless a `seed:huggingface` run already succeeded (then writes nothing). */
export async function seedHuggingFaceHistory(db: Database, options: SeedHuggingFaceOptions): Promise<RunResult> {
  const loaded = await db.one<{ run_id: bigint }>(
    'select run_id from meta.runs where source = $source and status = $status order by run_id limit 1',
    { source: SEED_HUGGINGFACE_SOURCE, status: 'succeeded' },
  );
  if (loaded) {
    return {
      runId: Number(loaded.run_id),
      source: SEED_HUGGINGFACE_SOURCE,
      status: 'skipped',
      rowsFetched: 0,
      rowsWritten: 0,
      message: `already loaded by run ${loaded.run_id}`,
    };
  }
  const orgs = resolveTrackedOrgs(options.tracking ?? defaultTracking.huggingface, options.originsFile);
  return runSource(seedSource(options.file ?? HF_SEED_FILE, orgs), {
    db,
    config: options.config,
    log: options.log,
    now: options.now,
  });
}
