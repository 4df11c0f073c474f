/**
 * What the collectors track, as data: one place to widen or shrink a scope.
 */
import fs from 'node:fs';
import { fromRoot } from '../lib/paths.ts';
import { parse } from 'csv-parse/sync';

export interface HuggingFaceTracking {
  /** The global top N models by 30-day downloads, whatever their author. */
  topN: number;
  /** Organisations whose every model is fetched: 'registry' = the Hub authors of the origin registry. */
  trackedOrgs: 'registry' | readonly string[];
  /** How many base-model hops to follow from a model in scope towards its root. */
  lineageMaxDepth: number;
  /** At most this many models fetched only to resolve lineage, per run. */
  lineageMaxFetches: number;
}

export interface Tracking {
  huggingface: HuggingFaceTracking;
}

export const tracking: Tracking = {
  huggingface: {
    topN: 1000,
    trackedOrgs: 'registry',
    lineageMaxDepth: 6,
    lineageMaxFetches: 2000,
  },
};

export const ORIGINS_CSV = fromRoot('transform/seeds/origins.csv');

/**
 * The organisations to fetch in full. From the registry: every `platform=huggingface` author except REDIST ones
 * (re-uploaders and quantizers: their thousands of copies are reached through the top N and lineage instead).
 */
export function resolveTrackedOrgs(
  config: Pick<HuggingFaceTracking, 'trackedOrgs'>,
  originsFile = ORIGINS_CSV,
): string[] {
  if (config.trackedOrgs !== 'registry') return [...new Set(config.trackedOrgs)];
  const records = parse(fs.readFileSync(originsFile, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as Array<Record<string, string | undefined>>;
  const first = records[0];
  if (first && (!('platform' in first) || !('author' in first) || !('country' in first))) {
    throw new Error(`${originsFile}: expected columns platform, author, country`);
  }
  const orgs = records
    .filter((r) => r.platform === 'huggingface' && r.country !== 'REDIST' && r.author)
    .map((r) => r.author as string);
  return [...new Set(orgs)];
}
