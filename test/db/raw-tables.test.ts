/**
 * db/raw-tables.ts is the one declaration of the Hugging Face raw tables' columns: the migrated tables match it, and
 * the loads build their column lists from it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  columnList,
  HF_MODEL_BASE_MODELS,
  HF_MODEL_SNAPSHOTS,
  RAW_HF_TABLES,
  readJsonColumns,
} from '../../db/raw-tables.ts';
import { tempDatabase } from '../support/tmp.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('raw Hugging Face table declaration', () => {
  it('the migrated tables have exactly the declared columns, in order, with the declared types', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    for (const [table, columns] of Object.entries(RAW_HF_TABLES)) {
      const [schema, name] = table.split('.');
      const migrated = await t.db.json<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns
         where table_schema = $1 and table_name = $2 order by ordinal_position`,
        [schema!, name!],
      );
      expect(migrated.map((c) => [c.column_name, c.data_type])).toEqual(Object.entries(columns));
    }
  });

  it('builds the insert list and the read_json columns struct from the declaration', () => {
    expect(columnList(HF_MODEL_BASE_MODELS)).toBe('day, model_id, base_model_id, relation, run_id');
    expect(readJsonColumns(HF_MODEL_BASE_MODELS)).toBe(
      "{day: 'DATE', model_id: 'VARCHAR', base_model_id: 'VARCHAR', relation: 'VARCHAR', run_id: 'BIGINT'}",
    );
    expect(Object.keys(HF_MODEL_SNAPSHOTS)).toHaveLength(19);
  });
});
