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

export async function readFreshness(
  reader: Reader,
  sources: readonly SourceDeclaration[] = declarations,
): Promise<SourceFreshness[]> {
  const out: SourceFreshness[] = [];
  for (const source of sources) {
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
    out.push(row);
  }
  return out;
}
