/**
 * One atomic collector run and its log row.
 *
 * A source works in two phases: `fetch` talks to the network (every payload is kept as it arrives) and returns a
 * `write` step; `write` runs inside one transaction together with the run's status change. So a run that fails
 * anywhere (a malformed page, a 429 past the retries, a crash) leaves no data rows and the previous data serving,
 * and re-running the same window writes only what changed.
 */
import { eq } from 'drizzle-orm';
import { secretsOf, type Config } from '../lib/config.ts';
import { redactSecrets } from '../lib/redact.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import { isIsoDay, systemClock, type Clock } from '../lib/time.ts';
import type { Database, Session } from '../db/connection.ts';
import { jobState, runs } from '../db/schema.ts';
import { createHttpFetch, type FetchLike, type HttpOptions } from './http.ts';
import { PayloadStore } from './payloads.ts';

export interface CollectWindow {
  from?: string;
  to?: string;
}

export interface CollectContext {
  db: Database;
  config: Config;
  runId: number;
  log: Logger;
  now: Clock;
  /** Builds the fetch for this run: throttled, retried, and keeping every payload under this run's id. */
  http(options?: Omit<HttpOptions, 'fetch' | 'onResponse' | 'now'>): FetchLike;
  /** The payload id of the last response for a URL in this run (to stamp rows with their payload). */
  payloadIdFor(url: string): number | undefined;
  /** The kept payload of the last response for a URL in this run: its id and file (relative to the data folder). */
  payloadFor(url: string): { payloadId: number; file: string } | undefined;
  window: CollectWindow;
}

export interface Fetched {
  rowsFetched: number;
  /** Writes the fetched rows; runs inside the run's transaction. Returns rows written (new or changed). */
  write(tx: Session): Promise<number>;
  /** The data window actually covered, for the run log. */
  windowStart?: string;
  windowEnd?: string;
  message?: string;
  /**
   * Commit with the database's threads as they are rather than on one thread (Database.transaction's
   * `oneThreadCommit: false`): for a write whose commit is one task anyway (the whole-Hub load).
   */
  commitOnInstanceThreads?: boolean;
}

export interface Source {
  readonly name: string;
  readonly description: string;
  /** node-cron expression, UTC. */
  readonly schedule: string;
  /** Hours after which a missed run is overdue and runs at start (catch-up). */
  readonly maxAgeHours: number;
  /** Why this source cannot run with this configuration (e.g. no API key), or undefined. */
  unavailable(config: Config): string | undefined;
  fetch(ctx: CollectContext): Promise<Fetched>;
}

export interface RunOptions {
  db: Database;
  config: Config;
  log?: Logger;
  now?: Clock;
  /** The network; tests pass the replay server's base URLs via config, or a fetch here. */
  fetch?: FetchLike;
  window?: CollectWindow;
  /** Overrides for retry timing (tests shorten backoff). */
  http?: Omit<HttpOptions, 'fetch' | 'onResponse' | 'now'>;
}

export interface RunResult {
  runId: number;
  source: string;
  status: 'succeeded' | 'failed' | 'skipped';
  rowsFetched: number | null;
  rowsWritten: number | null;
  message: string | null;
}

/** Marks runs left 'running' by a process that died mid-run. Called once at start by the owner of the database. */
export async function markInterruptedRuns(db: Database, now: Clock = systemClock): Promise<number> {
  const rows = await db.drizzle
    .update(runs)
    .set({
      status: 'failed',
      finishedAt: now().toISOString(),
      message: 'interrupted: the process ended during the run',
    })
    .where(eq(runs.status, 'running'))
    .returning({ runId: runs.runId });
  return rows.length;
}

async function recordJobState(
  db: Database | Session,
  job: string,
  status: string,
  message: string | null,
  at: string,
): Promise<void> {
  const succeeded = status === 'succeeded';
  await db.drizzle
    .insert(jobState)
    .values({ job, lastAttemptAt: at, lastStatus: status, lastMessage: message, lastSuccessAt: succeeded ? at : null })
    .onConflictDoUpdate({
      target: jobState.job,
      set: {
        lastAttemptAt: at,
        lastStatus: status,
        lastMessage: message,
        ...(succeeded ? { lastSuccessAt: at } : {}),
      },
    });
}

/** A requested window day for the log row; a malformed one is left out here and rejected by the source. */
const loggedDay = (day: string | undefined): string | null => (day !== undefined && isIsoDay(day) ? day : null);

export async function runSource(source: Source, options: RunOptions): Promise<RunResult> {
  const { db, config } = options;
  const now = options.now ?? systemClock;
  const log = (options.log ?? silentLogger).child({ source: source.name });
  const startedAt = now().toISOString();
  const [{ runId }] = (await db.drizzle
    .insert(runs)
    .values({
      source: source.name,
      windowStart: loggedDay(options.window?.from),
      windowEnd: loggedDay(options.window?.to),
      startedAt,
      status: 'running',
    })
    .returning({ runId: runs.runId })) as [{ runId: number }];

  const unavailable = source.unavailable(config);
  if (unavailable) {
    const finishedAt = now().toISOString();
    await db.drizzle
      .update(runs)
      .set({ status: 'skipped', finishedAt, message: unavailable })
      .where(eq(runs.runId, runId));
    await recordJobState(db, source.name, 'skipped', unavailable, finishedAt);
    return {
      runId,
      source: source.name,
      status: 'skipped',
      rowsFetched: null,
      rowsWritten: null,
      message: unavailable,
    };
  }

  const secrets = secretsOf(config);
  const store = new PayloadStore(db, config.dataDir, secrets);
  const payloadIds = new Map<string, { payloadId: number; file: string }>();
  const ctx: CollectContext = {
    db,
    config,
    runId,
    log,
    now,
    window: options.window ?? {},
    payloadIdFor: (url) => payloadIds.get(url)?.payloadId,
    payloadFor: (url) => payloadIds.get(url),
    http: (httpOptions = {}) =>
      createHttpFetch({
        ...httpOptions,
        ...options.http,
        fetch: options.fetch,
        now,
        onResponse: async (record) => {
          const kept = await store.keep({
            runId,
            source: source.name,
            url: record.url,
            httpStatus: record.status,
            fetchedAt: record.fetchedAt,
            body: record.body,
          });
          payloadIds.set(record.url, { payloadId: kept.payloadId, file: kept.file });
        },
        onRetry: (info) =>
          log.warn(
            { url: info.url, attempt: info.attempt, waitMs: Math.round(info.waitMs) },
            `retrying: ${info.reason}`,
          ),
      }),
  };

  try {
    const fetched = await source.fetch(ctx);
    if (fetched.message) fetched.message = redactSecrets(fetched.message, secrets);
    const oneThreadCommit = !fetched.commitOnInstanceThreads;
    const rowsWritten = await db.transaction(
      async (tx) => {
        const written = await fetched.write(tx);
        const finishedAt = now().toISOString();
        await tx.drizzle
          .update(runs)
          .set({
            status: 'succeeded',
            finishedAt,
            rowsFetched: fetched.rowsFetched,
            rowsWritten: written,
            windowStart: fetched.windowStart ?? loggedDay(options.window?.from),
            windowEnd: fetched.windowEnd ?? loggedDay(options.window?.to),
            message: fetched.message ?? null,
          })
          .where(eq(runs.runId, runId));
        await recordJobState(tx, source.name, 'succeeded', fetched.message ?? null, finishedAt);
        return written;
      },
      { oneThreadCommit },
    );
    log.info({ runId, rowsFetched: fetched.rowsFetched, rowsWritten }, 'run succeeded');
    return {
      runId,
      source: source.name,
      status: 'succeeded',
      rowsFetched: fetched.rowsFetched,
      rowsWritten,
      message: fetched.message ?? null,
    };
  } catch (error) {
    // An upstream body quoted in an error may carry a key (a 401 echoing the Authorization header): masked here,
    // before it reaches meta.runs, meta.job_state, the published copy and every output.
    const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
    const finishedAt = now().toISOString();
    await db.drizzle.update(runs).set({ status: 'failed', finishedAt, message }).where(eq(runs.runId, runId));
    await recordJobState(db, source.name, 'failed', message, finishedAt);
    log.error({ runId, err: message }, 'run failed');
    return { runId, source: source.name, status: 'failed', rowsFetched: null, rowsWritten: null, message };
  }
}
