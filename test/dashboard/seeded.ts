/**
 * A database holding the REAL shipped seed history (ingest/seed-history/), loaded through the real seed loaders and
 * transformed by runTransform: what a fresh install shows on first start. Built once per test file (~seconds).
 */
import { seedHuggingFaceHistory } from '../../ingest/seed-huggingface.ts';
import { seedOpenRouterHistory, seedOpenRouterPull } from '../../ingest/seed-openrouter.ts';
import { runTransform } from '../../transform/run.ts';
import { tempDatabase } from '../support/tmp.ts';

/** The clock of the seeded runs: the day after the last recorded OpenRouter day. */
export const SEEDED_AT = new Date('2026-08-22T06:00:00Z');

export async function seededDatabase(env: NodeJS.ProcessEnv = {}): Promise<Awaited<ReturnType<typeof tempDatabase>>> {
  const t = await tempDatabase(env);
  try {
    const now = () => SEEDED_AT;
    const openrouter = await seedOpenRouterHistory(t.db, { config: t.config, now });
    const pull = await seedOpenRouterPull(t.db, { config: t.config, now });
    const huggingface = await seedHuggingFaceHistory(t.db, { config: t.config, now });
    for (const run of [openrouter, pull, huggingface]) {
      if (run.status !== 'succeeded') throw new Error(`${run.source}: ${run.status}: ${run.message}`);
    }
    await runTransform(t.db, { now });
  } catch (error) {
    t.cleanup();
    throw error;
  }
  return t;
}
