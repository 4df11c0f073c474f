/**
 * A process killed in the middle of a run's write loses nothing committed and leaves no partial rows: the next owner
 * of the database marks the run failed ("interrupted") and the earlier data is intact.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../db/connection.ts';
import { Pipeline } from '../../app/pipeline.ts';
import { loadConfig } from '../../lib/config.ts';
import { tempDir } from '../support/tmp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

// Run in a child: a first source commits one row; a second one inserts rows inside its transaction, then the process
// is killed with SIGKILL before COMMIT.
const CHILD = (file: string) => `
  import { Database } from './db/connection.ts';
  import { migrate } from './db/migrate.ts';
  import { runSource } from './ingest/run.ts';
  import { loadConfig } from './lib/config.ts';
  const db = await Database.open(${JSON.stringify(file)});
  await migrate(db);
  const config = loadConfig({ ADOPTION_DATA_DIR: ${JSON.stringify(path.dirname(path.dirname(file)))} });
  const source = (name, write) => ({ name, description: name, schedule: '', maxAgeHours: 1, unavailable: () => undefined,
    fetch: async () => ({ rowsFetched: 1, write }) });
  const insert = (tx, model) => tx.run(
    "insert into raw.openrouter_rankings values ('day', 'all', '2026-08-01', $1, 5, '2026-08-02', '2026-08-02', 1, null)", [model]);
  await runSource(source('committed', async (tx) => { await insert(tx, 'a/committed'); return 1; }), { db, config });
  await runSource(source('killed', async (tx) => {
    await insert(tx, 'b/partial-1');
    await insert(tx, 'b/partial-2');
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  }), { db, config });
`;

describe('a crash mid-run', () => {
  it('leaves no partial rows, and the next start marks the run interrupted', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const file = path.join(dir.dir, 'live', 'crash.duckdb');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD(file)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, sig) => resolve(sig)),
    );
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');

    const db = await Database.open(file);
    try {
      const config = loadConfig({ ADOPTION_DATA_DIR: dir.dir, ADOPTION_SEED_HISTORY: 'off' });
      await new Pipeline({ db, config, sources: [] }).start();
      expect(await db.json('select model_permaslug from raw.openrouter_rankings order by 1')).toEqual([
        { model_permaslug: 'a/committed' },
      ]);
      expect(await db.json('select source, status, message from meta.runs order by run_id')).toEqual([
        { source: 'committed', status: 'succeeded', message: null },
        { source: 'killed', status: 'failed', message: 'interrupted: the process ended during the run' },
      ]);
    } finally {
      db.close();
    }
  });
});
