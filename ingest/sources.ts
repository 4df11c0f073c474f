/**
 * The registry of sources. The `SourceName` union makes the compiler point at every place a new source must be
 * handled; adding a source is: write ingest/<name>.ts exporting a `Source`, list it here, document it in README.
 */
import type { SeedLoader } from '../lib/pipeline.ts';
import { huggingfaceSource } from './huggingface.ts';
import { openrouterModelsSource, openrouterRankingsSource } from './openrouter.ts';
import type { Source } from './run.ts';
import { seedHuggingFaceHistory } from './seed-huggingface.ts';
import { seedOpenRouterHistory, seedOpenRouterPull } from './seed-openrouter.ts';

export type SourceName = 'openrouter' | 'openrouter-models' | 'huggingface';

export const sources: readonly (Source & { name: SourceName })[] = [
  openrouterRankingsSource as Source & { name: 'openrouter' },
  openrouterModelsSource as Source & { name: 'openrouter-models' },
  huggingfaceSource as Source & { name: 'huggingface' },
];

/** Real recorded history shipped in ingest/seed-history/, loaded on first start through the same raw tables. */
export const seedLoaders: readonly SeedLoader[] = [
  (db, options) => seedOpenRouterHistory(db, options),
  // after the vintages: the pull is the later vintage (as of 2026-10-11), in force on the days both hold
  (db, options) => seedOpenRouterPull(db, options),
  (db, options) => seedHuggingFaceHistory(db, options),
];
