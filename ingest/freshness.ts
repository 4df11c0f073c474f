/**
 * How fresh each declared source's data is, by its declared freshness rule: the latest day and the latest source
 * time in its raw table. Read by `status` (CLI) and GET /api/status alike. A table not created yet gives nulls.
 */
import type { Params, Row } from '../db/connection.ts';
import { declarations, type SourceDeclaration } from './declarations.ts';

export interface SourceFreshness {
  source: string;
  title: string;
  /** The latest UTC day with data, `YYYY-MM-DD`. */
  latest_day: string | null;
  /** The source's own time of its latest data, `YYYY-MM-DD HH:MM:SS[.fff]` UTC, as stored. */
  latest_as_of: string | null;
}

/** A Database or a Session: anything that answers a read. */
interface Reader {
  json<T extends Row = Row>(sqlText: string, params?: Params): Promise<T[]>;
}

async function hasTable(reader: Reader, qualified: string): Promise<boolean> {
  const [schema = '', table = ''] = qualified.split('.');
  const rows = await reader.json(
    `select 1 as present from information_schema.tables
     where table_catalog = current_database() and table_schema = $1 and table_name = $2`,
    [schema, table],
  );
  return rows.length > 0;
}

/** Where the published file keeps each source's freshness, computed from the live raw tables at publish. */
export const FRESHNESS_SNAPSHOT = { schema: 'meta', table: 'source_freshness' } as const;

async function computeFreshness(reader: Reader, source: SourceDeclaration): Promise<SourceFreshness> {
  const rule = source.freshness;
  const row: SourceFreshness = { source: source.name, title: source.title, latest_day: null, latest_as_of: null };
  if (await hasTable(reader, rule.table)) {
    // Table and column names come from the declarations (code), never from a request.
    const [found] = await reader.json<{ latest_day: string | null; latest_as_of: string | null }>(
      `select max(${rule.day})::varchar as latest_day, max(${rule.asOf})::varchar as latest_as_of
       from ${rule.table}${rule.where ? ` where ${rule.where}` : ''}`,
    );
    Object.assign(row, found);
  }
  return row;
}

/**
 * Each declared source's freshness. A published file carries it in `meta.source_freshness` (written at publish, see
 * writeFreshnessSnapshot): its `raw` tables are views over the Parquet lake, and a `max()` over them opens every
 * partition's file (0.6-0.9 s for the 645 days of OpenRouter, most of what `status` cost). A source missing from that
 * table, or a database without it (the live one, a file published before it existed), is read from its raw table.
 */
export async function readFreshness(
  reader: Reader,
  sources: readonly SourceDeclaration[] = declarations,
): Promise<SourceFreshness[]> {
  const kept = new Map<string, { latest_day: string | null; latest_as_of: string | null }>();
  if (await hasTable(reader, `${FRESHNESS_SNAPSHOT.schema}.${FRESHNESS_SNAPSHOT.table}`)) {
    const rows = await reader.json<{ source: string; latest_day: string | null; latest_as_of: string | null }>(
      `select source, latest_day, latest_as_of from ${FRESHNESS_SNAPSHOT.schema}.${FRESHNESS_SNAPSHOT.table}`,
    );
    for (const { source, ...rest } of rows) kept.set(source, rest);
  }
  const out: SourceFreshness[] = [];
  for (const source of sources) {
    const found = kept.get(source.name);
    out.push(
      found
        ? { source: source.name, title: source.title, latest_day: found.latest_day, latest_as_of: found.latest_as_of }
        : await computeFreshness(reader, source),
    );
  }
  return out;
}

/** A session that can also write: the publish transaction's. */
interface Writer extends Reader {
  run(sqlText: string, params?: Params): Promise<unknown>;
}

/**
 * Writes every declared source's freshness, read from the live raw tables of `reader`'s current database, into
 * `<catalog>.meta.source_freshness` (the published file being written): what `status` and `/api/status` read there.
 */
export async function writeFreshnessSnapshot(
  session: Writer,
  catalog: string,
  sources: readonly SourceDeclaration[] = declarations,
): Promise<void> {
  // The catalog is the publish's own attach name (code), never a user's.
  const target = `${catalog}.${FRESHNESS_SNAPSHOT.schema}.${FRESHNESS_SNAPSHOT.table}`;
  await session.run(`create schema if not exists ${catalog}.${FRESHNESS_SNAPSHOT.schema}`);
  await session.run(
    `create or replace table ${target} (source varchar primary key, latest_day varchar, latest_as_of varchar)`,
  );
  for (const source of sources) {
    const row = await computeFreshness(session, source);
    await session.run(`insert into ${target} values ($1, $2, $3)`, [row.source, row.latest_day, row.latest_as_of]);
  }
}
