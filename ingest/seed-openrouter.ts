/**
 * Loads the shipped OpenRouter history (ingest/seed-history/openrouter/rankings-daily-vintages.csv: real archived
 * rankings-daily values, CC BY 4.0 OpenRouter) into raw.openrouter_rankings, as a logged, atomic run of the source
 * `seed:openrouter`. Each archived value keeps its archived_at as as_of, so restatements stay queryable.
 * It loads once: when rows from a seed:openrouter run are already held, the run writes nothing and says so.
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
const REPO_ROOT = PACKAGE_ROOT;
export const OPENROUTER_SEED_CSV = path.join(REPO_ROOT, 'ingest/seed-history/openrouter/rankings-daily-vintages.csv');
const LOAD_SQL = fs.readFileSync(fromRoot('ingest/sql/seed_openrouter_rankings.sql'), 'utf8');

export interface SeedOptions {
  config: Config;
  log?: Logger;
  now?: Clock;
  /** The CSV to load; default the shipped history. */
  file?: string;
}

async function seedRowsHeld(db: Database | Session): Promise<number> {
  const row = await db.one<{ n: number }>(
    'select count(*)::integer as n from raw.openrouter_rankings where run_id in (select run_id from meta.runs where source = $1)',
    [SEED_OPENROUTER_SOURCE],
  );
  return row?.n ?? 0;
}

function seedSource(file: string): Source {
  return {
    name: SEED_OPENROUTER_SOURCE,
    description: 'Shipped history of OpenRouter rankings-daily (archived real values, with their restatements)',
    schedule: '',
    maxAgeHours: Number.POSITIVE_INFINITY,
    unavailable: () => undefined,
    async fetch(ctx: CollectContext): Promise<Fetched> {
      const held = await seedRowsHeld(ctx.db);
      if (held > 0) {
        return { rowsFetched: 0, write: async () => 0, message: `seed history already loaded (${held} rows): nothing to do` };
      }
      const body = fs.readFileSync(file, 'utf8');
      // The file itself is the run's payload: the rows point at the exact bytes they came from.
      const kept = await new PayloadStore(ctx.db, ctx.config.dataDir).keep({
        runId: ctx.runId,
        source: SEED_OPENROUTER_SOURCE,
        // A repository path, not a fetch: `repo:` keeps it relative (a file: URL would be rewritten as absolute).
        url: `repo:${path.relative(REPO_ROOT, file)}`,
        httpStatus: 200,
        fetchedAt: ctx.now(),
        body,
      });
      const summary = await ctx.db.one<{ n: number; first: string; last: string }>(
        "select count(*)::integer as n, min(date)::varchar as first, max(date)::varchar as last from read_csv($1, header = true, columns = {'archived_at': 'VARCHAR', 'date': 'DATE', 'model_permaslug': 'VARCHAR', 'total_tokens': 'BIGINT'})",
        [file],
      );
      return {
        rowsFetched: summary?.n ?? 0,
        windowStart: summary?.first,
        windowEnd: summary?.last,
        message: `seed history from ${path.basename(file)}`,
        async write(tx) {
          // Checked again inside the transaction: two starts racing must not load twice.
          if ((await seedRowsHeld(tx)) > 0) return 0;
          await tx.run(LOAD_SQL, { run_id: ctx.runId, payload_id: kept.payloadId, file });
          const written = await tx.one<{ n: number }>('select count(*)::integer as n from raw.openrouter_rankings where run_id = $1', [
            ctx.runId,
          ]);
          return written?.n ?? 0;
        },
      };
    },
  };
}

/** Loads the shipped OpenRouter history once; a later call is a logged run that writes 0 rows. */
export function seedOpenRouterHistory(db: Database, options: SeedOptions): Promise<RunResult> {
  return runSource(seedSource(options.file ?? OPENROUTER_SEED_CSV), {
    db,
    config: options.config,
    log: options.log,
    now: options.now,
  });
}
