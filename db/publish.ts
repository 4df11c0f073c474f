/**
 * Publishes a read-only copy of the live database at $ADOPTION_DATA_DIR/adoption.duckdb: copy to a temp file,
 * then rename over the published one. A reader that holds the old file keeps its copy; the writer never waits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { withThreads, type Database, type Session } from './connection.ts';
import { LAKE_TABLES } from './lake.ts';

export const PUBLISHED_FILE = 'adoption.duckdb';
/** The live database lives in its own folder so its catalog name never collides with the published one. */
export const LIVE_FILE = path.join('live', 'adoption_live.duckdb');

export function publishedPath(dataDir: string): string {
  return path.join(dataDir, PUBLISHED_FILE);
}

export function livePath(dataDir: string): string {
  return path.join(dataDir, LIVE_FILE);
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The schemas copied as tables into the published file (raw is views over the lake). */
export const PUBLISHED_SCHEMAS = ['meta', 'seeds', 'staging', 'intermediate', 'marts'] as const;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * What readers need: meta, seeds, staging, intermediate and marts as tables, except `skip` (the day-grained Hub working
 * tables, each as large as the raw snapshots); raw as views over the Parquet lake (so `raw.*` stays queryable without a
 * second copy of every snapshot), or as empty tables where the lake has no partition yet.
 */
async function copyForReaders(
  session: Session,
  catalog: string,
  lakeDir: string,
  skip: ReadonlySet<string>,
): Promise<void> {
  const tables = await session.json<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_catalog = $1 and table_schema in ('meta', 'seeds', 'staging', 'intermediate', 'marts') order by all`,
    [catalog],
  );
  for (const schema of PUBLISHED_SCHEMAS) await session.run(`create schema if not exists publish_snapshot.${schema}`);
  for (const { schema, name } of tables) {
    if (skip.has(`${schema}.${name}`)) continue;
    // Names come from the catalog (our own tables), quoted all the same.
    await session.run(
      `create table publish_snapshot.${quoteIdent(schema)}.${quoteIdent(name)} as select * from ${quoteIdent(catalog)}.${quoteIdent(schema)}.${quoteIdent(name)}`,
    );
  }
  await session.run('create schema if not exists publish_snapshot.raw');
  // Asked of the catalog first: inside the publish transaction a failing statement would abort the transaction.
  const [{ held }] = (await session.all<{ held: boolean }>(
    "select count(*) > 0 as held from information_schema.tables where table_catalog = $1 and table_schema = 'meta' and table_name = 'lake_partitions'",
    [catalog],
  )) as [{ held: boolean }];
  const written = new Set(
    held
      ? (await session.json<{ t: string }>('select distinct table_name as t from meta.lake_partitions')).map((r) => r.t)
      : [],
  );
  const rawTables = new Set(
    (
      await session.json<{ name: string }>(
        "select table_name as name from information_schema.tables where table_catalog = $1 and table_schema = 'raw'",
        [catalog],
      )
    ).map((r) => r.name),
  );
  for (const lake of LAKE_TABLES) {
    if (!rawTables.has(lake.name)) continue;
    if (written.has(lake.name)) {
      const glob = path.join(lakeDir, lake.name, '*', '*.parquet');
      await session.run(
        `create view publish_snapshot.raw.${quoteIdent(lake.name)} as
         select * from read_parquet(${quoteLiteral(glob)}, hive_partitioning = false, union_by_name = true)`,
      );
    } else {
      await session.run(
        `create table publish_snapshot.raw.${quoteIdent(lake.name)} as select * from ${quoteIdent(catalog)}.raw.${quoteIdent(lake.name)} limit 0`,
      );
    }
  }
}

/**
 * Publishes the live database to `target` atomically. With `lakeDir`, the file holds what readers need (see
 * copyForReaders); without, a copy of the whole database. Returns the published path.
 */
export async function publish(
  db: Database,
  target: string,
  options: {
    lakeDir?: string;
    skip?: ReadonlySet<string>;
    /** Writes more into the file being published (attached as `catalog`), after the copy, before it is renamed. */
    afterCopy?: (session: Session, catalog: string) => Promise<void>;
  } = {},
): Promise<string> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp.duckdb`;
  fs.rmSync(tmp, { force: true });
  fs.rmSync(`${tmp}.wal`, { force: true });
  const session = await db.connect();
  try {
    const [{ catalog }] = (await session.all<{ catalog: string }>('select current_database() as catalog')) as [
      { catalog: string },
    ];
    // Paths are ours, never a user's; quoted all the same. The temp file needs no write-ahead log: it becomes the
    // published file only after DETACH has checkpointed it whole, and a killed publish leaves a temp file that is
    // deleted, never recovered (db/live.ts). Without the log each table is written once (a checkpoint), not twice
    // (the log, then the checkpoint that replays it once the log passes DuckDB's 16 MB threshold).
    await session.run(`attach ${quoteLiteral(tmp)} as publish_snapshot (recovery_mode no_wal_writes)`);
    // One worker thread while copying: each table is one small statement, too small for DuckDB to split, so more
    // threads only add hand-offs between them (docs/performance.md: a third less CPU at the same wall time or better).
    try {
      await withThreads(session, 1, async () => {
        // One transaction: one commit writes every table, instead of a commit per table.
        await session.run('begin transaction');
        try {
          if (options.lakeDir) await copyForReaders(session, catalog, options.lakeDir, options.skip ?? new Set());
          else await session.run(`copy from database "${catalog.replace(/"/g, '""')}" to publish_snapshot`);
          await options.afterCopy?.(session, 'publish_snapshot');
          await session.run('commit');
        } catch (error) {
          await session.run('rollback').catch(() => undefined);
          throw error;
        }
      });
    } finally {
      await session.run('detach publish_snapshot');
    }
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  } finally {
    session.connection.closeSync();
  }
  fs.renameSync(tmp, target);
  return target;
}
