/**
 * drizzle-orm types for the tables TypeScript reads and writes (the raw layer and the run log).
 * The DDL itself lives in db/migrations/*.sql: drizzle-kit's output does not run on DuckDB (STACK.md).
 * Keep the two in step; test/db/schema.test.ts checks every column here exists in the database.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, integer, pgSchema, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';

const meta = pgSchema('meta');
const raw = pgSchema('raw');

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

export const openrouterRankings = raw.table(
  'openrouter_rankings',
  {
    period: varchar('period').notNull().$type<'day' | 'week'>(),
    category: varchar('category').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    modelPermaslug: varchar('model_permaslug').notNull(),
    // BIGINT as bigint: a day's tokens fit, and a JS number would lose digits past 2^53.
    totalTokens: bigint('total_tokens', { mode: 'bigint' }),
    asOf: ts('as_of').notNull(),
    fetchedAt: ts('fetched_at').notNull(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    payloadId: bigint('payload_id', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.period, t.category, t.date, t.modelPermaslug, t.asOf] })],
);

export const openrouterModels = raw.table(
  'openrouter_models',
  {
    day: date('day', { mode: 'string' }).notNull(),
    id: varchar('id').notNull(),
    canonicalSlug: varchar('canonical_slug'),
    name: varchar('name'),
    createdAt: ts('created_at'),
    contextLength: bigint('context_length', { mode: 'number' }),
    huggingFaceId: varchar('hugging_face_id'),
    pricingPrompt: varchar('pricing_prompt'),
    pricingCompletion: varchar('pricing_completion'),
    modality: varchar('modality'),
    fetchedAt: ts('fetched_at').notNull(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.id] })],
);

export const hfModelSnapshots = raw.table(
  'hf_model_snapshots',
  {
    day: date('day', { mode: 'string' }).notNull(),
    snapshotAt: ts('snapshot_at').notNull(),
    modelId: varchar('model_id').notNull(),
    author: varchar('author'),
    downloads30d: bigint('downloads_30d', { mode: 'number' }),
    downloadsAllTime: bigint('downloads_all_time', { mode: 'number' }),
    likes: bigint('likes', { mode: 'number' }),
    createdAt: ts('created_at'),
    lastModifiedAt: ts('last_modified_at'),
    pipelineTag: varchar('pipeline_tag'),
    libraryName: varchar('library_name'),
    tags: text('tags').array(),
    parameters: bigint('parameters', { mode: 'number' }),
    topRank: integer('top_rank'),
    trackedOrg: boolean('tracked_org').notNull(),
    lineageOnly: boolean('lineage_only').notNull().default(false),
    isSynthetic: boolean('is_synthetic').notNull(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    payloadId: bigint('payload_id', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.day, t.modelId] })],
);

export const hfModelBaseModels = raw.table(
  'hf_model_base_models',
  {
    day: date('day', { mode: 'string' }).notNull(),
    modelId: varchar('model_id').notNull(),
    baseModelId: varchar('base_model_id').notNull(),
    relation: varchar('relation').notNull().$type<'finetune' | 'quantized' | 'adapter' | 'merge' | 'unspecified'>(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.modelId, t.baseModelId] })],
);
