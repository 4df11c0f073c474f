import { getTableColumns, getTableName } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema.ts';
import { tempDatabase } from '../support/tmp.ts';

const tables = [schema.runs, schema.payloads, schema.jobState];
let t: Awaited<ReturnType<typeof tempDatabase>> | undefined;
afterAll(() => t?.cleanup());

describe('db/schema.ts', () => {
  it('every drizzle column exists in the migrated database, with the migration as the one declaration', async () => {
    t = await tempDatabase();
    for (const table of tables) {
      const { schema: schemaName } = getTableConfig(table);
      const rows = await t.db.json<{ column_name: string }>(
        'select column_name from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
        [schemaName ?? 'main', getTableName(table)],
      );
      const inDatabase = rows.map((r) => r.column_name);
      const declared = Object.values(getTableColumns(table)).map((c) => c.name);
      expect(
        declared.filter((c) => !inDatabase.includes(c)),
        getTableName(table),
      ).toEqual([]);
    }
  });

  it('defines only tables TypeScript writes through drizzle', () => {
    expect(
      Object.keys(schema)
        .filter((k) => k !== 'default')
        .sort(),
    ).toEqual(['jobState', 'payloads', 'runs']);
  });
});
