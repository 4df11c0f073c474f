/**
 * The shipped real history (ingest/seed-history/) loaded into the raw tables through the product's own seed loaders
 * (read_csv inside one logged run per source), so tests see exactly what a first start shows.
 */
import type { Database } from '../../db/connection.ts';
import { seedHuggingFaceHistory } from '../../ingest/seed-huggingface.ts';
import { seedOpenRouterHistory, seedOpenRouterPull } from '../../ingest/seed-openrouter.ts';
import type { Config } from '../../lib/config.ts';

const LOADED_AT = () => new Date('2026-08-23T06:00:00Z');

export async function loadSeedHistory(db: Database, config: Config): Promise<void> {
  for (const result of [
    await seedOpenRouterHistory(db, { config, now: LOADED_AT }),
    await seedOpenRouterPull(db, { config, now: LOADED_AT }),
    await seedHuggingFaceHistory(db, { config, now: LOADED_AT }),
  ]) {
    if (result.status !== 'succeeded')
      throw new Error(`seed ${result.source} ${result.status}: ${result.message ?? ''}`);
  }
}
