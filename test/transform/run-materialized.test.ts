/**
 * The runner's `-- materialized: view` models and the DuckDB settings a transform runs with (transform/run.ts).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../db/connection.ts';
import { loadModels, runTransform, TransformError } from '../../transform/run.ts';
import { tempDatabase, tempDir, tempTree } from '../support/tmp.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function writeTree(files: Record<string, string>): string {
  const { dir, cleanup } = tempTree(files);
  cleanups.push(cleanup);
  return dir;
}

const TREE: Record<string, string> = {
  'seeds/numbers.csv': 'n\n1\n2\n3\n',
  'staging/stg_numbers.sql': '-- materialized: view\nselect n::integer as n from seeds.numbers',
  'marts/totals.sql': '-- totals: one row\nselect sum(n)::bigint as total from staging.stg_numbers',
};

async function relationType(db: Database, schema: string, name: string): Promise<string | undefined> {
  const [row] = await db.json<{ type: string }>(
    `select table_type as type from information_schema.tables
     where table_catalog = current_database() and table_schema = $1 and table_name = $2`,
    [schema, name],
  );
  return row?.type;
}

describe('runTransform() materialized views and settings', () => {
  it('builds a `materialized: view` model as a view, and replaces a table of the same name by it (and back)', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const asTable = writeTree({ ...TREE, 'staging/stg_numbers.sql': 'select n::integer as n from seeds.numbers' });
    await runTransform(t.db, { root: asTable });
    expect(await relationType(t.db, 'staging', 'stg_numbers')).toBe('BASE TABLE');

    const root = writeTree(TREE);
    const result = await runTransform(t.db, { root });
    expect(await relationType(t.db, 'staging', 'stg_numbers')).toBe('VIEW');
    expect(result.models.map(({ name, rows }) => ({ name, rows }))).toEqual([
      // A view's rows are not counted (counting would run its query).
      { name: 'stg_numbers', rows: null },
      { name: 'totals', rows: 1 },
    ]);
    expect(await t.db.json('select total from marts.totals')).toEqual([{ total: '6' }]);
    // The header line is the runner's, not the catalogue's.
    expect(loadModels(root).find((m) => m.name === 'stg_numbers')).toMatchObject({ materialized: 'view', header: '' });

    await runTransform(t.db, { root: asTable });
    expect(await relationType(t.db, 'staging', 'stg_numbers')).toBe('BASE TABLE');
  });

  it('refuses a view with an incremental mode that keeps rows, naming the file', () => {
    const root = writeTree({
      ...TREE,
      'staging/stg_numbers.sql': '-- incremental: diff by n\n-- materialized: view\nselect 1 as n',
    });
    expect(() => loadModels(root)).toThrow(TransformError);
    expect(() => loadModels(root)).toThrow(/staging\/stg_numbers\.sql: a view can only be "incremental: day"/);
  });

  it('bounds DuckDB to 768MB and skips FSST while it runs, then puts both back; a configured limit is kept', async () => {
    const settings = (db: Database) =>
      db.json<{ memory_limit: string; disabled: string }>(
        `select current_setting('memory_limit') as memory_limit,
                current_setting('disabled_compression_methods') as disabled`,
      );
    const probe = writeTree({
      ...TREE,
      'marts/settings_seen.sql': `select current_setting('memory_limit') as memory_limit,
        current_setting('disabled_compression_methods') as disabled`,
    });
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const before = await settings(t.db);
    await runTransform(t.db, { root: probe });
    expect(await t.db.json('select * from marts.settings_seen')).toEqual([
      { memory_limit: '732.4 MiB', disabled: 'FSST' },
    ]);
    expect(await settings(t.db)).toEqual(before);

    const { dir, cleanup } = tempDir('transform-limit-');
    cleanups.push(cleanup);
    const configured = await Database.open(path.join(dir, 'limited.duckdb'), { memoryLimit: '1500MB' });
    cleanups.push(() => configured.close());
    await runTransform(configured, { root: probe });
    expect(await configured.json('select * from marts.settings_seen')).toEqual([
      { memory_limit: '1.3 GiB', disabled: 'FSST' },
    ]);
    expect(await settings(configured)).toEqual([{ memory_limit: '1.3 GiB', disabled: '' }]);
  });
});
