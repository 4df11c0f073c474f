/**
 * Plain SQL migrations from db/migrations/NNNN_name.sql, applied once each, in order, and recorded in
 * meta.schema_migrations. Each file runs in its own transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../lib/paths.ts';
import type { Database } from './connection.ts';

const MIGRATIONS_DIR = fromRoot('db', 'migrations');

export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

/** Applies pending migrations; returns the versions applied now. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.run('create schema if not exists meta');
  await db.run(
    'create table if not exists meta.schema_migrations (version varchar primary key, applied_at timestamp not null)',
  );
  const done = new Set(
    (await db.all<{ version: string }>('select version from meta.schema_migrations')).map((r) => r.version),
  );
  const applied: string[] = [];
  for (const file of migrationFiles(dir)) {
    const version = file.replace(/\.sql$/, '');
    if (done.has(version)) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    await db.transaction(async (tx) => {
      await tx.script(text);
      await tx.run('insert into meta.schema_migrations values ($1, now()::timestamp)', [version]);
    });
    applied.push(version);
  }
  // Into the file now, not left in the WAL: DuckDB 1.5 cannot replay some DDL (a table dropped and re-created in one
  // transaction) from its WAL after a crash, so a process killed after migrating must not leave it there.
  if (applied.length) await db.run('checkpoint');
  return applied;
}
