/**
 * A database holding the REAL shipped seed history (ingest/seed-history/), loaded through the real seed loaders and
 * transformed by runTransform: what a fresh install shows on first start. Built once per test run as a template
 * (test/support/template.ts) and copied for each caller (~0.1 s instead of ~5 s of CPU).
 */
import path from 'node:path';
import { Database } from '../../db/connection.ts';
import { migrate } from '../../db/migrate.ts';
import { seedHuggingFaceHistory } from '../../ingest/seed-huggingface.ts';
import { seedOpenRouterHistory, seedOpenRouterPull } from '../../ingest/seed-openrouter.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { runTransform } from '../../transform/run.ts';
import { fromTemplate, templateKey } from '../support/template.ts';

/** The clock of the seeded runs: the day after the last recorded OpenRouter day. */
export const SEEDED_AT = new Date('2026-08-22T06:00:00Z');

const LIVE_FILE = path.join('live', 'test.duckdb');

function configOf(dir: string, env: NodeJS.ProcessEnv): Config {
  return loadConfig({ ADOPTION_DATA_DIR: dir, ADOPTION_SCHEDULE: 'off', ...env });
}

async function build(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const config = configOf(dir, env);
  const db = await Database.open(path.join(dir, LIVE_FILE));
  try {
    await migrate(db);
    const now = () => SEEDED_AT;
    const openrouter = await seedOpenRouterHistory(db, { config, now });
    const pull = await seedOpenRouterPull(db, { config, now });
    const huggingface = await seedHuggingFaceHistory(db, { config, now });
    for (const run of [openrouter, pull, huggingface]) {
      if (run.status !== 'succeeded') throw new Error(`${run.source}: ${run.status}: ${run.message}`);
    }
    await runTransform(db, { now });
  } finally {
    db.close();
  }
}

export async function seededDatabase(
  env: NodeJS.ProcessEnv = {},
): Promise<{ db: Database; config: Config; dir: string; cleanup: () => void }> {
  const { dir, cleanup } = await fromTemplate(templateKey('seeded', JSON.stringify(env)), (into) => build(into, env));
  let db: Database;
  try {
    db = await Database.open(path.join(dir, LIVE_FILE));
  } catch (error) {
    cleanup();
    throw error;
  }
  return {
    db,
    config: configOf(dir, env),
    dir,
    cleanup: () => {
      db.close();
      cleanup();
    },
  };
}
