/**
 * Loads the shipped OpenRouter history (ingest/seed-history/openrouter/, real rankings-daily values, CC BY 4.0
 * OpenRouter) into raw.openrouter_rankings, as logged, atomic runs, one per shipped vintage file:
 *   - `seed:openrouter`: rankings-daily-vintages.csv, 63 daily archive runs; each value keeps its archived_at as as_of,
 *     so restatements stay queryable.
 *   - `seed:openrouter-pull-2026-10-10`: rankings-daily-2025-01-01_2026-10-09.csv, one pull of the whole history,
 *     every row stamped with the pull's as_of (2026-10-11 00:27 UTC): the later vintage, in force where both hold a day.
 * Each loads once: when rows from its source are already held, the run writes nothing and says so. Both run at every
 * start (in this order), so a database made before a vintage was shipped gets it at its next start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromRoot, PACKAGE_ROOT } from '../lib/paths.ts';
import type { Database, Session } from '../db/connection.ts';
import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/log.ts';
import type { Clock } from '../lib/time.ts';
import { PayloadStore } from './payloads.ts';
import { runSource, type CollectContext, type Fetched, type RunResult, type Source } from './run.ts';

export const SEED_OPENROUTER_SOURCE = 'seed:openrouter';
export const SEED_OPENROUTER_PULL_SOURCE = 'seed:openrouter-pull-2026-10-10';
/** The pull's meta.as_of (UTC), stamped on every one of its rows. */
export const OPENROUTER_PULL_AS_OF = '2026-10-11 00:27:00';
const REPO_ROOT = PACKAGE_ROOT;
export const OPENROUTER_SEED_CSV = path.join(REPO_ROOT, 'ingest/seed-history/openrouter/rankings-daily-vintages.csv');
export const OPENROUTER_PULL_CSV = path.join(
  REPO_ROOT,
  'ingest/seed-history/openrouter/rankings-daily-2025-01-01_2026-10-09.csv',
);
const VINTAGES_SQL = fs.readFileSync(fromRoot('ingest/sql/seed_openrouter_rankings.sql'), 'utf8');
const PULL_SQL = fs.readFileSync(fromRoot('ingest/sql/seed_openrouter_pull.sql'), 'utf8');

/** One shipped vintage file and how it loads. */
interface SeedVintage {
  source: string;
  description: string;
  sql: string;
  /** The CSV's columns for read_csv. */
  columns: string;
  /** Parameters beyond run_id, payload_id and file. */
  params: Record<string, string>;
}

const VINTAGES: SeedVintage = {
  source: SEED_OPENROUTER_SOURCE,
  description: 'Shipped history of OpenRouter rankings-daily (archived real values, with their restatements)',
  sql: VINTAGES_SQL,
  columns: "{'archived_at': 'VARCHAR', 'date': 'DATE', 'model_permaslug': 'VARCHAR', 'total_tokens': 'BIGINT'}",
  params: {},
};

const PULL: SeedVintage = {
  source: SEED_OPENROUTER_PULL_SOURCE,
  description:
    'Shipped pull of OpenRouter rankings-daily 2025-01-01..2026-10-09 (one vintage, as of 2026-10-11 00:27 UTC)',
  sql: PULL_SQL,
  columns: "{'date': 'DATE', 'model_permaslug': 'VARCHAR', 'total_tokens': 'BIGINT'}",
  params: { as_of: OPENROUTER_PULL_AS_OF },
};

export interface SeedOptions {
  config: Config;
  log?: Logger;
  now?: Clock;
  /** The CSV to load; default the shipped history. */
  file?: string;
}

async function seedRowsHeld(db: Database | Session, source: string): Promise<number> {
  const row = await db.one<{ n: number }>(
    'select count(*)::integer as n from raw.openrouter_rankings where run_id in (select run_id from meta.runs where source = $1)',
    [source],
  );
  return row?.n ?? 0;
}

function seedSource(vintage: SeedVintage, file: string): Source {
  return {
    name: vintage.source,
    description: vintage.description,
    schedule: '',
    maxAgeHours: Number.POSITIVE_INFINITY,
    unavailable: () => undefined,
    async fetch(ctx: CollectContext): Promise<Fetched> {
      const held = await seedRowsHeld(ctx.db, vintage.source);
      if (held > 0) {
        return {
          rowsFetched: 0,
          write: async () => 0,
          message: `seed history already loaded (${held} rows): nothing to do`,
        };
      }
      const body = fs.readFileSync(file, 'utf8');
      // The file itself is the run's payload: the rows point at the exact bytes they came from.
      const kept = await new PayloadStore(ctx.db, ctx.config.dataDir).keep({
        runId: ctx.runId,
        source: vintage.source,
        // A repository path, not a fetch: `repo:` keeps it relative (a file: URL would be rewritten as absolute).
        url: `repo:${path.relative(REPO_ROOT, file)}`,
        httpStatus: 200,
        fetchedAt: ctx.now(),
        body,
      });
      const summary = await ctx.db.one<{ n: number; first: string; last: string }>(
        `select count(*)::integer as n, min(date)::varchar as first, max(date)::varchar as last from read_csv($1, header = true, columns = ${vintage.columns})`,
        [file],
      );
      return {
        rowsFetched: summary?.n ?? 0,
        windowStart: summary?.first,
        windowEnd: summary?.last,
        message: `seed history from ${path.basename(file)}`,
        async write(tx) {
          // Checked again inside the transaction: two starts racing must not load twice.
          if ((await seedRowsHeld(tx, vintage.source)) > 0) return 0;
          await tx.run(vintage.sql, { run_id: ctx.runId, payload_id: kept.payloadId, file, ...vintage.params });
          const written = await tx.one<{ n: number }>(
            'select count(*)::integer as n from raw.openrouter_rankings where run_id = $1',
            [ctx.runId],
          );
          return written?.n ?? 0;
        },
      };
    },
  };
}

/** Loads the shipped archived vintages once; a later call is a logged run that writes 0 rows. */
export function seedOpenRouterHistory(db: Database, options: SeedOptions): Promise<RunResult> {
  return runSource(seedSource(VINTAGES, options.file ?? OPENROUTER_SEED_CSV), {
    db,
    config: options.config,
    log: options.log,
    now: options.now,
  });
}

/**
 * Loads the shipped whole-history pull once, after the vintages (its as_of is later, so it is in force on the days
 * both hold); a later call is a logged run that writes 0 rows.
 */
export function seedOpenRouterPull(db: Database, options: SeedOptions): Promise<RunResult> {
  return runSource(seedSource(PULL, options.file ?? OPENROUTER_PULL_CSV), {
    db,
    config: options.config,
    log: options.log,
    now: options.now,
  });
}
