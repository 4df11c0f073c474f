/**
 * Opening the live database as its owner, and restoring it from the published copy.
 *
 * A live file that is missing while the data folder holds a published copy or kept payloads is an error with a way
 * out (`adoption-tracker restore`), never a silent new database: a transform would re-seed it and publish over the
 * only other full copy. A live file that cannot be opened is named as damaged; nothing is written anywhere.
 * The owner also removes what an interrupted publish left behind (db/publish.ts temp files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Database, DatabaseLockedError } from './connection.ts';
import { livePath, PUBLISHED_FILE, publishedPath } from './publish.ts';

export class LiveDatabaseError extends Error {
  override name = 'LiveDatabaseError';
}

/** `adoption.duckdb.<pid>.tmp.duckdb` (and its .wal) from db/publish.ts. */
const PUBLISH_TEMP = new RegExp(`^${PUBLISHED_FILE.replace(/\./g, '\\.')}\\.\\d+\\.tmp\\.duckdb(\\.wal)?$`);

/** Removes temp files of publishes a killed process never finished. Only the live database's owner calls this. */
export function removeInterruptedPublishes(dataDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return [];
  }
  const removed = names.filter((name) => PUBLISH_TEMP.test(name)).map((name) => path.join(dataDir, name));
  for (const file of removed) fs.rmSync(file, { force: true });
  return removed;
}

function hasFiles(dir: string): boolean {
  try {
    return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).some((entry) => entry.isFile());
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * Opens (or, in an empty data folder, creates) the live database for a command that owns it: collect, transform,
 * serve. Throws a LiveDatabaseError with one line saying what to do when the file is missing or damaged.
 */
export async function openLiveDatabase(dataDir: string, options: { memoryLimit?: string } = {}): Promise<Database> {
  const file = livePath(dataDir);
  const published = publishedPath(dataDir);
  if (!fs.existsSync(file)) {
    if (fs.existsSync(published)) {
      throw new LiveDatabaseError(
        `The live database ${file} is missing but ${published} holds a published copy: run \`adoption-tracker restore\` to restore the live database from it (nothing was re-created).`,
      );
    }
    const payloads = path.join(dataDir, 'payloads');
    if (hasFiles(payloads)) {
      throw new LiveDatabaseError(
        `The live database ${file} is missing but ${payloads} holds kept payloads and there is no published copy to restore from: move ${payloads} aside to start a new database there (nothing was re-created).`,
      );
    }
  }
  let db: Database;
  try {
    db = await Database.open(file, { memoryLimit: options.memoryLimit });
  } catch (error) {
    if (error instanceof DatabaseLockedError) throw error;
    const restore = fs.existsSync(published)
      ? `the published copy ${published} is untouched: run \`adoption-tracker restore\` to replace the live file with it (the damaged file is kept)`
      : 'there is no published copy to restore from';
    throw new LiveDatabaseError(`The live database ${file} cannot be opened (${firstLine(error)}); ${restore}.`);
  }
  removeInterruptedPublishes(dataDir);
  return db;
}

/**
 * Restores a missing or damaged live database from the published copy (a full copy: raw tables, the catalogue, the
 * run history). A damaged live file is moved aside, never deleted. Refuses when the live file opens fine.
 */
export async function restoreLiveDatabase(
  dataDir: string,
  now: () => Date = () => new Date(),
): Promise<{ restored: string; from: string; keptAside?: string }> {
  const file = livePath(dataDir);
  const published = publishedPath(dataDir);
  if (!fs.existsSync(published))
    throw new LiveDatabaseError(`There is no published copy at ${published} to restore from.`);
  let keptAside: string | undefined;
  if (fs.existsSync(file)) {
    let healthy = false;
    try {
      (await Database.open(file)).close();
      healthy = true;
    } catch (error) {
      if (error instanceof DatabaseLockedError) throw error;
    }
    if (healthy)
      throw new LiveDatabaseError(
        `The live database ${file} opens fine: restore replaces only a missing or damaged one.`,
      );
    keptAside = `${file}.damaged-${now().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(file, keptAside);
    if (fs.existsSync(`${file}.wal`)) fs.renameSync(`${file}.wal`, `${keptAside}.wal`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.restore.tmp`;
  fs.copyFileSync(published, tmp);
  fs.renameSync(tmp, file);
  // The copy must open as a database before anyone relies on it.
  (await Database.open(file)).close();
  return { restored: file, from: published, ...(keptAside ? { keptAside } : {}) };
}
