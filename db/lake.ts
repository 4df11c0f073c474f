/**
 * The Parquet lake: every raw table's rows, one folder per day, in the Hive layout any engine reads:
 *
 *   $ADOPTION_LAKE_DIR/<table>/day=YYYY-MM-DD/part-0.parquet      (zstd-compressed)
 *
 * A day's partition is (re)written only when that day's rows changed (its fingerprint: row count and latest run id),
 * so a day is written once unless a later run restates it (OpenRouter's restated days, a second Hub run the same
 * day). Each file is written to a temp name and renamed: a reader never sees half a file. The lake is the hand-off
 * to other engines (DuckDB CLI, Spark, Trino, ClickHouse, MotherDuck): they read these files; only its location
 * changes (docs/performance.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './connection.ts';

export interface LakeTable {
  /** The folder name and meta.lake_partitions.table_name. */
  name: string;
  /** The raw table (a constant, never user input). */
  table: string;
  /** Its day column (a DATE). */
  dayColumn: string;
  /** Row order inside a partition (stable files for the same data). */
  orderBy: string;
}

export const LAKE_TABLES: readonly LakeTable[] = [
  { name: 'hf_model_snapshots', table: 'raw.hf_model_snapshots', dayColumn: 'day', orderBy: 'model_id' },
  {
    name: 'hf_model_base_models',
    table: 'raw.hf_model_base_models',
    dayColumn: 'day',
    orderBy: 'model_id, base_model_id',
  },
  {
    name: 'openrouter_rankings',
    table: 'raw.openrouter_rankings',
    dayColumn: 'date',
    orderBy: 'period, category, model_permaslug, as_of',
  },
  { name: 'openrouter_models', table: 'raw.openrouter_models', dayColumn: 'day', orderBy: 'id' },
];

export interface LakeWrite {
  table: string;
  day: string;
  rows: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function partitionFile(lakeDir: string, table: string, day: string): string {
  return path.join(lakeDir, table, `day=${day}`, 'part-0.parquet');
}

/**
 * Writes the partitions whose day changed since they were last written (all days, or only `days` from..to), and
 * removes the partitions of days that no longer have rows. Returns what it wrote.
 */
export async function syncLake(
  db: Database,
  lakeDir: string,
  options: { now?: () => Date; from?: string; to?: string; tables?: readonly LakeTable[] } = {},
): Promise<LakeWrite[]> {
  const now = options.now ?? (() => new Date());
  const written: LakeWrite[] = [];
  const session = await db.connect();
  try {
    for (const lake of options.tables ?? LAKE_TABLES) {
      const range =
        (options.from ? ` and ${lake.dayColumn} >= $from::date` : '') +
        (options.to ? ` and ${lake.dayColumn} <= $to::date` : '');
      const params: Record<string, string> = {};
      if (options.from) params.from = options.from;
      if (options.to) params.to = options.to;
      const days = await session.json<{ day: string; rows: string; fingerprint: string }>(
        `select ${lake.dayColumn}::varchar as day, count(*)::varchar as rows, count(*) || ':' || max(run_id) as fingerprint
         from ${lake.table} where true${range} group by all order by day`,
        params,
      );
      const held = new Map(
        (
          await session.json<{ day: string; fingerprint: string }>(
            `select day::varchar as day, fingerprint from meta.lake_partitions where table_name = $name${range.replaceAll(lake.dayColumn, 'day')}`,
            { name: lake.name, ...params },
          )
        ).map((r) => [r.day, r.fingerprint]),
      );
      const stale = days.filter(({ day, fingerprint }) => {
        if (!DAY.test(day)) throw new Error(`${lake.table}: unexpected day ${JSON.stringify(day)}`);
        const current = held.get(day) === fingerprint && fs.existsSync(partitionFile(lakeDir, lake.name, day));
        held.delete(day);
        return !current;
      });
      if (stale.length) {
        // One COPY writes every stale day's file (PARTITION_BY), into a scratch folder; each file is then renamed into
        // place, so a reader sees the old file or the new one, never half of one. Days are checked DATE text and the
        // path is ours: COPY takes neither as a parameter.
        const scratch = path.join(lakeDir, '.tmp', `${lake.name}-${process.pid}-${Date.now()}`);
        fs.mkdirSync(path.dirname(scratch), { recursive: true });
        const list = stale.map((d) => `${quoteLiteral(d.day)}::date`).join(', ');
        try {
          await session.run(
            `copy (select *, ${lake.dayColumn} as lake_day from ${lake.table} where ${lake.dayColumn} in (${list}) order by ${lake.dayColumn}, ${lake.orderBy})
             to ${quoteLiteral(scratch)} (format parquet, compression zstd, partition_by (lake_day), filename_pattern 'part-{i}')`,
          );
          const at = now().toISOString();
          for (const { day, rows } of stale) {
            const file = partitionFile(lakeDir, lake.name, day);
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.renameSync(path.join(scratch, `lake_day=${day}`, 'part-0.parquet'), file);
            written.push({ table: lake.name, day, rows: Number(rows) });
          }
          // One statement for every day written (one per day cost more than the COPY itself).
          await session.run(
            `insert or replace into meta.lake_partitions
             select $name, p.day::date, p.rows::bigint, p.fingerprint, $name || '/day=' || p.day || '/part-0.parquet', $at::timestamp
             from (select unnest(from_json($partitions::json, '[{"day": "VARCHAR", "rows": "VARCHAR", "fingerprint": "VARCHAR"}]'), recursive := true)) as p`,
            { name: lake.name, at, partitions: JSON.stringify(stale) },
          );
        } finally {
          fs.rmSync(scratch, { recursive: true, force: true });
        }
      }
      // Days that lost all their rows (a restated window that dropped a day) lose their partition.
      for (const day of held.keys()) {
        fs.rmSync(path.dirname(partitionFile(lakeDir, lake.name, day)), { recursive: true, force: true });
        await session.run('delete from meta.lake_partitions where table_name = $name and day = $day::date', {
          name: lake.name,
          day,
        });
      }
    }
  } finally {
    session.connection.closeSync();
  }
  return written;
}
