/**
 * The process the kill tests SIGKILL: as the owner of the live database it collects the synthetic dataset one day
 * per run, and after each run transforms and publishes, printing `phase <name>` as it enters collect, transform and
 * publish so the parent can aim its kill. Bundled by esbuild before it runs (no tsx: a process start stays cheap).
 */
import path from 'node:path';
// First: one DuckDB thread, as in the test workers that spawn this owner (test/support/duckdb-threads.ts).
import '../support/duckdb-threads.ts';
import { openLiveDatabase } from '../../db/live.ts';
import { publish, publishedPath } from '../../db/publish.ts';
import { migrate } from '../../db/migrate.ts';
import { markInterruptedRuns, runSource } from '../../ingest/run.ts';
import { loadConfig } from '../../lib/config.ts';
import { runTransform } from '../../transform/run.ts';
import { allDaysHeld, killSource } from './kill-dataset.ts';

const dataDir = process.argv[2]!;
// The repository root: a bundle's import.meta.url is not where the SQL files are.
const root = process.argv[3]!;
// The transform tree: the repository's, or the subset the campaign names (test/support/transform-subset.ts).
const transformDir = process.argv[4] ?? path.join(root, 'transform');
const phase = (name: string) => process.stdout.write(`phase ${name}\n`);
const config = loadConfig({ ADOPTION_DATA_DIR: dataDir, ADOPTION_SEED_HISTORY: 'off', ADOPTION_SCHEDULE: 'off' });
const db = await openLiveDatabase(dataDir);
await migrate(db, path.join(root, 'db', 'migrations'));
await markInterruptedRuns(db);
// At least one pass: a start after a kill between the last collect and its publish still publishes.
do {
  phase('collect');
  const run = await runSource(killSource, { db, config });
  if (run.status !== 'succeeded') throw new Error(`run failed: ${run.message}`);
  phase('transform');
  await runTransform(db, { root: transformDir });
  phase('publish');
  await publish(db, publishedPath(dataDir));
} while (!(await allDaysHeld(db)));
phase('done');
db.close();
