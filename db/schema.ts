/**
 * drizzle-orm types for the tables TypeScript writes through drizzle: the run log, the payload index and the job state.
 * The raw tables are written by SQL files (ingest/sql/, the seed loaders), so they have no drizzle definition here:
 * the Hugging Face raw tables' columns are declared once in db/raw-tables.ts (the loads build their column lists from
 * it), the others in db/migrations/*.sql. drizzle-kit's output does not run on DuckDB (STACK.md).
 * test/db/schema.test.ts checks every column here exists in the migrated database.
 */
import { sql } from 'drizzle-orm';
import { bigint, date, integer, pgSchema, timestamp, varchar } from 'drizzle-orm/pg-core';

const meta = pgSchema('meta');

const ts = (name: string) => timestamp(name, { mode: 'string' });

export const runs = meta.table('runs', {
  runId: bigint('run_id', { mode: 'number' }).primaryKey().default(sql`nextval('meta.run_id_seq')`),
  source: varchar('source').notNull(),
  windowStart: date('window_start', { mode: 'string' }),
  windowEnd: date('window_end', { mode: 'string' }),
  startedAt: ts('started_at').notNull(),
  finishedAt: ts('finished_at'),
  status: varchar('status').notNull().$type<RunStatus>(),
  rowsFetched: bigint('rows_fetched', { mode: 'number' }),
  rowsWritten: bigint('rows_written', { mode: 'number' }),
  message: varchar('message'),
});
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

export const payloads = meta.table('payloads', {
  payloadId: bigint('payload_id', { mode: 'number' }).primaryKey().default(sql`nextval('meta.payload_id_seq')`),
  runId: bigint('run_id', { mode: 'number' }).notNull(),
  source: varchar('source').notNull(),
  url: varchar('url').notNull(),
  httpStatus: integer('http_status').notNull(),
  fetchedAt: ts('fetched_at').notNull(),
  sha256: varchar('sha256').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  file: varchar('file').notNull(),
  /** Set when the retention policy deleted the file (its rows are in the raw tables and the lake). */
  prunedAt: ts('pruned_at'),
});

export const jobState = meta.table('job_state', {
  job: varchar('job').primaryKey(),
  lastSuccessAt: ts('last_success_at'),
  lastAttemptAt: ts('last_attempt_at'),
  lastStatus: varchar('last_status'),
  lastMessage: varchar('last_message'),
});
