import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../lib/config.ts';
import { Database } from '../../db/connection.ts';
import { migrate } from '../../db/migrate.ts';

/** A fresh folder under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'adoption-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A temp folder holding `files` (relative path -> text), e.g. a transform tree; removed by the returned cleanup. */
export function tempTree(
  files: Record<string, string>,
  prefix = 'transform-root-',
): { dir: string; cleanup: () => void } {
  const made = tempDir(prefix);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(made.dir, file)), { recursive: true });
    fs.writeFileSync(path.join(made.dir, file), text);
  }
  return made;
}

/** A migrated database in a temp folder, and a config pointing at that folder. */
export async function tempDatabase(env: NodeJS.ProcessEnv = {}): Promise<{
  db: Database;
  config: Config;
  dir: string;
  cleanup: () => void;
}> {
  const { dir, cleanup } = tempDir();
  const config = loadConfig({ ADOPTION_DATA_DIR: dir, ADOPTION_SCHEDULE: 'off', ...env });
  const db = await Database.open(path.join(dir, 'live', 'test.duckdb'));
  await migrate(db);
  return {
    db,
    config,
    dir,
    cleanup: () => {
      db.close();
      cleanup();
    },
  };
}
