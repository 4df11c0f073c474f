/**
 * Publishes a read-only copy of the live database at $ADOPTION_DATA_DIR/adoption.duckdb: copy to a temp file,
 * then rename over the published one. A reader that holds the old file keeps its copy; the writer never waits.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './connection.ts';

export const PUBLISHED_FILE = 'adoption.duckdb';
/** The live database lives in its own folder so its catalog name never collides with the published one. */
export const LIVE_FILE = path.join('live', 'adoption_live.duckdb');

export function publishedPath(dataDir: string): string {
  return path.join(dataDir, PUBLISHED_FILE);
}

export function livePath(dataDir: string): string {
  return path.join(dataDir, LIVE_FILE);
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Copies the whole live database to `target` atomically. Returns the published path. */
export async function publish(db: Database, target: string): Promise<string> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp.duckdb`;
  fs.rmSync(tmp, { force: true });
  fs.rmSync(`${tmp}.wal`, { force: true });
  const session = await db.connect();
  try {
    const [{ catalog }] = (await session.all<{ catalog: string }>('select current_database() as catalog')) as [
      { catalog: string },
    ];
    // Paths are ours, never a user's; quoted all the same.
    await session.run(`attach ${quoteLiteral(tmp)} as publish_snapshot`);
    try {
      await session.run(`copy from database "${catalog.replace(/"/g, '""')}" to publish_snapshot`);
    } finally {
      await session.run('detach publish_snapshot');
    }
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  } finally {
    session.connection.closeSync();
  }
  fs.renameSync(tmp, target);
  return target;
}
