import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database, DatabaseLockedError, withSettings } from '../../db/connection.ts';
import { migrate } from '../../db/migrate.ts';
import { publish } from '../../db/publish.ts';
import { runs } from '../../db/schema.ts';
import { recordStatements } from '../support/statements.ts';
import { tempDatabase, tempDir } from '../support/tmp.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('migrate()', () => {
  it('applies each migration once and records it', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    expect(await migrate(t.db)).toEqual([]);
    const rows = await t.db.json('select version from meta.schema_migrations order by version');
    expect(rows).toEqual([
      { version: '0001_init' },
      { version: '0002_hf_crawl' },
      { version: '0003_hf_raw_without_primary_keys' },
    ]);
  });
});

describe('Database', () => {
  it('types inserts and reads through drizzle over DuckDB', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const [row] = await t.db.drizzle
      .insert(runs)
      .values({ source: 'test', startedAt: '2026-05-01T00:00:00.000Z', status: 'running', windowStart: '2026-04-01' })
      .returning();
    expect(row).toEqual({
      runId: 1,
      source: 'test',
      windowStart: '2026-04-01',
      windowEnd: null,
      startedAt: '2026-05-01 00:00:00',
      finishedAt: null,
      status: 'running',
      rowsFetched: null,
      rowsWritten: null,
      message: null,
    });
  });

  it('transaction() rolls back every statement when the work throws', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.run("insert into meta.runs (source, started_at, status) values ('a', now()::timestamp, 'running')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await t.db.json('select count(*)::integer as n from meta.runs')).toEqual([{ n: 0 }]);
  });

  it('transaction() commits on one thread unless told oneThreadCommit: false, which leaves threads alone', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const insert = "insert into meta.runs (source, started_at, status) values ('a', now()::timestamp, 'running')";
    await recordStatements(async (statements) => {
      await t.db.transaction((tx) => tx.run(insert));
      // Then the setting is put back (reset, and set again when the reset value is not the one shown before).
      expect(statements.slice(0, 5)).toEqual([
        'begin transaction',
        insert,
        "set threads = '1'",
        'commit',
        'reset threads',
      ]);
      statements.length = 0;
      await t.db.transaction((tx) => tx.run(insert), { oneThreadCommit: false });
      expect(statements).toEqual(['begin transaction', insert, 'commit']);
    });
    expect(await t.db.json('select count(*)::integer as n from meta.runs')).toEqual([{ n: 2 }]);
  });

  it('withSettings() changes settings for the work and puts each back as it was shown, after a failure too', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const shown = () =>
      t.db.json(
        `select current_setting('memory_limit') as memory_limit,
                current_setting('preserve_insertion_order') as preserve_insertion_order`,
      );
    // A value set before (not DuckDB's default) comes back as it was shown, not as RESET's default.
    await t.db.run("set memory_limit = '2GiB'");
    await t.db.run('set preserve_insertion_order = false');
    const before = await shown();
    expect(before).toEqual([{ memory_limit: '2.0 GiB', preserve_insertion_order: false }]);
    const during = await withSettings(t.db, { memory_limit: '512MB', preserve_insertion_order: true }, shown);
    expect(during).toEqual([{ memory_limit: '488.2 MiB', preserve_insertion_order: true }]);
    expect(await shown()).toEqual(before);
    await expect(
      withSettings(t.db, { memory_limit: '256MB' }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await shown()).toEqual(before);
    await expect(withSettings(t.db, { 'threads; drop table x': 1 }, shown)).rejects.toThrow(
      'not a DuckDB setting name: threads; drop table x',
    );
  });

  it('a second process cannot open a file held read-write, and says so in one sentence', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const { spawnSync } = await import('node:child_process');
    const script = `
      import { Database } from './db/connection.ts';
      try { await Database.open(${JSON.stringify(t.db.file)}); console.log('opened'); }
      catch (e) { console.log(e.name + ': ' + e.message); }
    `;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(out.stdout.trim()).toMatch(
      /^DatabaseLockedError: The database .* is in use by another adoption-tracker process/,
    );
    expect(DatabaseLockedError.name).toBe('DatabaseLockedError');
  });
});

describe('publish()', () => {
  it('writes a read-only copy another instance can open while the live one stays open', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    await t.db.run("insert into meta.runs (source, started_at, status) values ('x', '2026-01-01', 'succeeded')");
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const target = path.join(dir, 'adoption.duckdb');
    await publish(t.db, target);
    expect(fs.existsSync(target)).toBe(true);
    const reader = await Database.open(target, { readOnly: true });
    try {
      expect(await reader.json('select source, status from meta.runs')).toEqual([{ source: 'x', status: 'succeeded' }]);
    } finally {
      reader.close();
    }
    expect(fs.readdirSync(dir)).toEqual(['adoption.duckdb']);
  });
});
