/**
 * The registry of runnable sources, built from their declarations (ingest/declarations.ts). A collector module (and
 * the client library it wraps: @openrouter/sdk, @huggingface/hub) loads on the source's first run, so commands that
 * never collect never load them. `collectors` is keyed by `SourceName`: a declared source without a collector here
 * is a compile error.
 *
 * Adding a source: declare it in declarations.ts, write ingest/<name>.ts exporting its `Source`, list it below.
 */
import type { Database } from '../db/connection.ts';
import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/log.ts';
import type { Clock } from '../lib/time.ts';
import { declarationOf, declarations, type SourceName } from './declarations.ts';
import type { RunResult, Source } from './run.ts';

/** Loads a shipped history once, as a logged run (ingest/seed-*.ts). */
export type SeedLoader = (db: Database, options: { config: Config; log: Logger; now: Clock }) => Promise<RunResult>;

const collectors: Record<SourceName, () => Promise<Source>> = {
  openrouter: async () => (await import('./openrouter.ts')).openrouterRankingsSource,
  'openrouter-models': async () => (await import('./openrouter.ts')).openrouterModelsSource,
  huggingface: async () => (await import('./huggingface.ts')).huggingfaceSource,
};

/** A source whose declaration is at hand at once and whose collector loads when it first runs. */
function lazySource(name: SourceName): Source {
  const declaration = declarationOf(name);
  return {
    name: declaration.name,
    description: declaration.description,
    schedule: declaration.schedule,
    maxAgeHours: declaration.maxAgeHours,
    unavailable: (config) => declaration.unavailable(config),
    fetch: async (ctx) => (await collectors[name]()).fetch(ctx),
  };
}

export const sources: readonly Source[] = declarations.map((d) => lazySource(d.name));

/** Real recorded history shipped in ingest/seed-history/, loaded on first start through the same raw tables. */
export const seedLoaders: readonly SeedLoader[] = [
  async (db, options) => (await import('./seed-openrouter.ts')).seedOpenRouterHistory(db, options),
  // after the vintages: the pull is the later vintage (as of 2026-10-11), in force on the days both hold
  async (db, options) => (await import('./seed-openrouter.ts')).seedOpenRouterPull(db, options),
  async (db, options) => (await import('./seed-huggingface.ts')).seedHuggingFaceHistory(db, options),
];
