/**
 * Reading the public marts for the API. Identifiers reach SQL text only from allowlists: the mart name from the
 * mart files (transform/marts/*.sql), column names from information_schema. Filter values, limit and offset are
 * bound parameters.
 */
import type { Param, Row, Session } from '../db/connection.ts';

export interface MartColumn {
  name: string;
  /** DuckDB's type name, e.g. 'BIGINT', 'DATE', 'DOUBLE'. */
  type: string;
}

export interface MartQuery {
  limit: number;
  offset: number;
  sort: { column: string; descending: boolean } | null;
  filters: Array<{ column: string; value: string }>;
}

export interface MartPage {
  rows: Row[];
  truncated: boolean;
  nextOffset: number | null;
  asOf: string | null;
}

const WIDE_INTEGERS = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT']);

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function tableExists(session: Session, schema: string, table: string): Promise<boolean> {
  const rows = await session.json(
    `select 1 as present from information_schema.tables
     where table_catalog = current_database() and table_schema = $1 and table_name = $2`,
    [schema, table],
  );
  return rows.length > 0;
}

/** The mart's columns in table order; empty when the mart has not been built yet. */
export async function martColumns(session: Session, mart: string): Promise<MartColumn[]> {
  // current_database(): while db/publish.ts has a snapshot attached, its marts must not be listed as ours.
  const rows = await session.json<{ name: string; type: string }>(
    `select column_name as name, data_type as type from information_schema.columns
     where table_catalog = current_database() and table_schema = 'marts' and table_name = $1
     order by ordinal_position`,
    [mart],
  );
  return rows;
}

/** The mart's header comment (what it answers, grain, units, definition) as stored by the transform. */
export async function martDefinition(session: Session, mart: string): Promise<string | null> {
  if (!(await tableExists(session, 'meta', 'marts'))) return null;
  const [row] = await session.json<{ header: string | null }>('select header from meta.marts where name = $1', [mart]);
  return row?.header ?? null;
}

/**
 * A JSON-safe value: BIGINT-like columns arrive as decimal strings (db.json) and become numbers when they are safe
 * integers; larger ones stay strings so no digit is lost.
 */
function jsonValue(type: string, value: unknown): unknown {
  if (typeof value === 'string' && WIDE_INTEGERS.has(type)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return value;
}

export async function queryMart(
  session: Session,
  mart: string,
  columns: readonly MartColumn[],
  query: MartQuery,
): Promise<MartPage> {
  const params: Param[] = [];
  const bind = (value: Param) => {
    params.push(value);
    return `$${params.length}`;
  };
  // Equality on the column's text form: the value a user copies from the CSV matches, whatever the column type,
  // and no value can make the cast fail.
  const where = query.filters.map((f) => `cast(${quoteIdent(f.column)} as varchar) = ${bind(f.value)}::varchar`);
  // Every column as a tie-breaker, so pages with _offset neither skip nor repeat rows.
  const order = columns.map((c) => quoteIdent(c.name));
  if (query.sort) {
    order.unshift(`${quoteIdent(query.sort.column)} ${query.sort.descending ? 'desc' : 'asc'}`);
  }
  const sqlText =
    `select ${columns.map((c) => quoteIdent(c.name)).join(', ')} from marts.${quoteIdent(mart)}` +
    (where.length ? ` where ${where.join(' and ')}` : '') +
    ` order by ${order.join(', ')}` +
    ` limit ${bind(query.limit + 1)} offset ${bind(query.offset)}`;
  const fetched = await session.json(sqlText, params);
  const truncated = fetched.length > query.limit;
  const rows = fetched.slice(0, query.limit).map((row) => {
    const out: Row = {};
    for (const c of columns) out[c.name] = jsonValue(c.type, row[c.name]);
    return out;
  });
  let asOf: string | null = null;
  if (columns.some((c) => c.name === 'as_of')) {
    for (const row of rows) {
      const value = row.as_of;
      // 'YYYY-MM-DD HH:MM:SS' text sorts as time does.
      if (typeof value === 'string' && (asOf === null || value > asOf)) asOf = value;
    }
  }
  return { rows, truncated, nextOffset: truncated ? query.offset + query.limit : null, asOf };
}
