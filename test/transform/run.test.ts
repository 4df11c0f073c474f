import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { loadModels, runTransform, TransformError } from '../../transform/run.ts';
import { tempDatabase, tempTree } from '../support/tmp.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A transform folder of our own: a synthetic seed, two staging models, one mart. */
const BASE: Record<string, string> = {
  'seeds/numbers.csv': 'n,label\n1,one\n2,two\n3,three\n',
  // a_ sorts before b_, so only reference ordering builds b_numbers first.
  'staging/a_doubled.sql': 'select n * 2 as n2, label from staging.b_numbers',
  'staging/b_numbers.sql': 'select n::integer as n, label from seeds.numbers',
  'marts/totals.sql': [
    '-- totals: what do the numbers add up to?',
    '-- grain: one row',
    '-- units: a count',
    '-- definition: sum of doubled numbers',
    'select sum(n2)::bigint as total from staging.a_doubled;',
  ].join('\n'),
};

function writeTree(files: Record<string, string>): string {
  const { dir, cleanup } = tempTree(files);
  cleanups.push(cleanup);
  return dir;
}

async function database(): Promise<Database> {
  const t = await tempDatabase();
  cleanups.push(t.cleanup);
  return t.db;
}

const fixedNow = () => new Date('2026-06-01T12:00:00Z');

describe('runTransform()', () => {
  it('builds models in reference order within a layer, after loading seeds as all-text tables', async () => {
    const db = await database();
    const result = await runTransform(db, { root: writeTree(BASE), now: fixedNow });
    expect(result.seeds).toEqual(['numbers']);
    expect(result.models.map(({ ms: _ms, cpuMs: _cpuMs, ...model }) => model)).toEqual([
      { layer: 'staging', name: 'b_numbers', rows: 3 },
      { layer: 'staging', name: 'a_doubled', rows: 3 },
      { layer: 'marts', name: 'totals', rows: 1 },
    ]);
    // Each model's build time, and the phases', are measured (the log and `transform --timings` show them).
    for (const model of result.models) expect(model.ms).toBeGreaterThanOrEqual(0);
    for (const model of result.models) expect(model.cpuMs).toBeGreaterThanOrEqual(0);
    expect(Object.keys(result.timings)).toEqual(['seedsMs', 'modelsMs', 'checksMs', 'totalMs']);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.modelsMs);
    expect(await db.json('select * from marts.totals')).toEqual([{ total: '12' }]);
    expect(
      await db.json(
        "select column_name, data_type from information_schema.columns where table_schema = 'seeds' and table_name = 'numbers' order by ordinal_position",
      ),
    ).toEqual([
      { column_name: 'n', data_type: 'VARCHAR' },
      { column_name: 'label', data_type: 'VARCHAR' },
    ]);
  });

  it('records each mart with its header comment (without the -- marks) in meta.marts', async () => {
    const db = await database();
    await runTransform(db, { root: writeTree(BASE), now: fixedNow });
    expect(await db.json('select * from meta.marts')).toEqual([
      {
        name: 'totals',
        header:
          'totals: what do the numbers add up to?\ngrain: one row\nunits: a count\ndefinition: sum of doubled numbers',
        row_count: 1,
        built_at: '2026-06-01 12:00:00',
      },
    ]);
  });

  it('rolls everything back when a model fails, naming the file, and the previous marts keep serving', async () => {
    const db = await database();
    await runTransform(db, { root: writeTree(BASE), now: fixedNow });
    const broken = writeTree({
      ...BASE,
      'seeds/numbers.csv': 'n,label\n100,hundred\n',
      'marts/z_broken.sql': 'select no_such_column from staging.a_doubled',
    });
    const failure = runTransform(db, { root: broken, now: () => new Date('2026-06-02T00:00:00Z') });
    await expect(failure).rejects.toBeInstanceOf(TransformError);
    await expect(failure).rejects.toThrow(
      /^marts\/z_broken\.sql: Binder Error: Referenced column "no_such_column" not found/,
    );
    expect(await db.json('select * from marts.totals')).toEqual([{ total: '12' }]);
    expect(await db.json('select n from seeds.numbers order by n')).toEqual([{ n: '1' }, { n: '2' }, { n: '3' }]);
    expect(await db.json('select name, built_at from meta.marts')).toEqual([
      { name: 'totals', built_at: '2026-06-01 12:00:00' },
    ]);
    expect(
      await db.json("select count(*)::integer as n from information_schema.tables where table_name = 'z_broken'"),
    ).toEqual([{ n: 0 }]);
  });

  it('an error check with offending rows fails the transform and rolls it back', async () => {
    const db = await database();
    await runTransform(db, { root: writeTree(BASE), now: fixedNow });
    const root = writeTree({
      ...BASE,
      'seeds/numbers.csv': 'n,label\n5,five\n-1,minus one\n',
      'checks/no_negatives.sql':
        '-- no_negatives: numbers are never negative\nselect n, label from staging.b_numbers where n < 0',
    });
    await expect(runTransform(db, { root, now: fixedNow })).rejects.toThrow(
      new TransformError('checks failed: no_negatives (1 rows, e.g. {"n":-1,"label":"minus one"})'),
    );
    expect(await db.json('select * from marts.totals')).toEqual([{ total: '12' }]);
  });

  it('a warn check reports its rows without failing, and the results land in meta.check_results', async () => {
    const db = await database();
    const root = writeTree({
      ...BASE,
      'checks/big_numbers.sql':
        '-- severity: warn\n-- big_numbers: numbers above 2\nselect n from staging.b_numbers where n > 2\n-- a trailing comment',
      'checks/tiny_numbers.sql': 'select n from staging.b_numbers where n < 1',
    });
    const result = await runTransform(db, { root, now: fixedNow });
    expect(result.checks).toEqual([
      { name: 'big_numbers', severity: 'warn', failures: 1, sample: [{ n: 3 }] },
      { name: 'tiny_numbers', severity: 'error', failures: 0, sample: [] },
    ]);
    expect(await db.json('select * from meta.check_results order by name')).toEqual([
      { name: 'big_numbers', severity: 'warn', failures: 1, sample: '[{"n":3}]', checked_at: '2026-06-01 12:00:00' },
      { name: 'tiny_numbers', severity: 'error', failures: 0, sample: '[]', checked_at: '2026-06-01 12:00:00' },
    ]);
    expect(await db.json('select * from marts.totals')).toEqual([{ total: '12' }]);
  });
});

describe('loadModels()', () => {
  it('rejects a reference cycle within a layer, naming it', () => {
    const root = writeTree({
      'staging/a_one.sql': 'select * from staging.b_two',
      'staging/b_two.sql': 'select * from staging.a_one',
    });
    expect(() => loadModels(root)).toThrow(new TransformError('cycle in staging: a_one -> b_two -> a_one'));
  });

  it('rejects a model file name that is not snake_case (it becomes a table name)', () => {
    const root = writeTree({ 'marts/Weekly-Share.sql': 'select 1' });
    expect(() => loadModels(root)).toThrow(
      new TransformError("marts/Weekly-Share.sql: a model's file name must be snake_case"),
    );
  });
});
