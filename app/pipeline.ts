/**
 * What one owner of the live database does: start up (migrate, mark interrupted runs, load the seed history,
 * transform, publish), and run jobs one at a time (collect a source, then transform, then publish).
 *
 * Jobs are serialised through one queue: a job never overlaps another, so transform and publish always see a
 * settled raw layer, and a failing job never takes the process down (its failure is in meta.runs).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/connection.ts';
import { syncLake } from '../db/lake.ts';
import { migrate } from '../db/migrate.ts';
import { publish, publishedPath } from '../db/publish.ts';
import type { FetchLike, HttpOptions } from '../ingest/http.ts';
import { writeFreshnessSnapshot } from '../ingest/freshness.ts';
import { prunePayloads } from '../ingest/payloads.ts';
import { markInterruptedRuns, runSource, type CollectWindow, type RunResult, type Source } from '../ingest/run.ts';
import type { SeedLoader } from '../ingest/sources.ts';
import { loadModels, runTransform, TRANSFORM_DIR, type TransformResult } from '../transform/run.ts';
import type { Config } from '../lib/config.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import { PipelineStoppedError } from '../lib/stopped.ts';
import { systemClock, type Clock } from '../lib/time.ts';

export { PipelineStoppedError };

export interface PipelineOptions {
  db: Database;
  config: Config;
  sources: readonly Source[];
  seeds?: readonly SeedLoader[];
  log?: Logger;
  now?: Clock;
  fetch?: FetchLike;
  http?: Omit<HttpOptions, 'fetch' | 'onResponse' | 'now'>;
}

export interface JobResult {
  run?: RunResult;
  transform?: TransformResult;
  transformError?: string;
  publishedTo?: string;
  /** The start-up transform was not needed: its inputs are those of the last publish. */
  transformSkipped?: boolean;
}

export class UnknownSourceError extends Error {
  override name = 'UnknownSourceError';
}

/** Where the fingerprint of the last published transform's inputs is kept (next to the live database). */
export function transformInputsFile(dataDir: string): string {
  return path.join(dataDir, 'live', 'transform-inputs.sha256');
}

/** Every file of transform/ (SQL models, checks, seed CSVs), in a stable order. */
function transformFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(sql|csv)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export class Pipeline {
  readonly db: Database;
  readonly config: Config;
  readonly sources: readonly Source[];
  private readonly log: Logger;
  private readonly now: Clock;
  private queue: Promise<unknown> = Promise.resolve();
  private lastPublishedAt: Date | undefined;
  private stopping = false;
  private current: string | undefined;
  private jobsDone = 0;

  constructor(private readonly options: PipelineOptions) {
    this.db = options.db;
    this.config = options.config;
    this.sources = options.sources;
    this.log = options.log ?? silentLogger;
    this.now = options.now ?? systemClock;
  }

  /** Runs `work` after every job queued before it; once stopping, queued work never starts. */
  private enqueue<T>(work: () => Promise<T>, label = 'job'): Promise<T> {
    const run = async () => {
      if (this.stopping) throw new PipelineStoppedError();
      this.current = label;
      try {
        return await work();
      } finally {
        this.current = undefined;
        this.jobsDone += 1;
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The job running now, if any (for progress and shutdown messages). */
  get running(): string | undefined {
    return this.current;
  }

  /** Stops taking jobs: what is queued and not started is dropped; a running job finishes (see idle()). */
  stop(): void {
    this.stopping = true;
  }

  /**
   * A fingerprint of what a transform reads: the transform files and the runs that changed data. The same
   * fingerprint as at the last publish means the published marts are already what a transform would build.
   */
  async transformInputs(): Promise<string> {
    const hash = crypto.createHash('sha256');
    for (const file of transformFiles(TRANSFORM_DIR))
      hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
    const [runs] = await this.db.json<{ n: string; last: string | null }>(
      "select count(*)::varchar as n, max(run_id)::varchar as last from meta.runs where status = 'succeeded' and coalesce(rows_written, 0) > 0",
    );
    hash.update(`runs ${runs?.n} ${runs?.last}`);
    return hash.digest('hex');
  }

  private async inputsChanged(): Promise<boolean> {
    const file = transformInputsFile(this.config.dataDir);
    if (!fs.existsSync(file) || !fs.existsSync(publishedPath(this.config.dataDir))) return true;
    return fs.readFileSync(file, 'utf8').trim() !== (await this.transformInputs());
  }

  source(name: string): Source {
    const found = this.sources.find((s) => s.name === name);
    if (!found) {
      throw new UnknownSourceError(
        `unknown source ${JSON.stringify(name)}; known: ${this.sources.map((s) => s.name).join(', ')}`,
      );
    }
    return found;
  }

  /**
   * Migrations, interrupted runs, seed history (first start only), then transform and publish. A caller that collects
   * right after (the CLI's `collect`) passes `transform: false` and transforms once, after collecting.
   */
  start(options: { transform?: boolean | 'if-changed' } = {}): Promise<JobResult> {
    return this.enqueue(async () => {
      const applied = await migrate(this.db);
      if (applied.length) this.log.info({ applied }, 'migrations applied');
      const interrupted = await markInterruptedRuns(this.db, this.now);
      if (interrupted) this.log.warn({ interrupted }, 'runs interrupted by an earlier stop were marked failed');
      if (this.config.loadSeedHistory) {
        for (const seed of this.options.seeds ?? []) {
          const result = await seed(this.db, { config: this.config, log: this.log, now: this.now });
          if (result.status === 'failed')
            this.log.error({ source: result.source, err: result.message }, 'seed history failed to load');
          else if ((result.rowsWritten ?? 0) > 0)
            this.log.info({ source: result.source, rows: result.rowsWritten }, 'seed history loaded');
        }
      }
      await this.maintainLake();
      if (options.transform === false) return {};
      if (options.transform === 'if-changed' && !(await this.inputsChanged())) {
        this.log.info('transform inputs unchanged since the last publish: serving the published marts');
        return { transformSkipped: true };
      }
      return this.transformAndPublish();
    }, 'start');
  }

  /**
   * Writes the lake partitions whose days changed (only the days of `window` when given), then applies the payload
   * retention policy. A failure here is logged and never fails the job: the raw tables still hold every row.
   */
  private async maintainLake(window: { from?: string; to?: string } = {}): Promise<void> {
    try {
      const written = await syncLake(this.db, this.config.lakeDir, { now: this.now, ...window });
      if (written.length)
        this.log.info({ partitions: written.length, lake: this.config.lakeDir }, 'lake partitions written');
      if (this.config.payloadRetentionDays !== undefined) {
        // Retention needs the whole lake current, not only this run's days.
        if (window.from || window.to) await syncLake(this.db, this.config.lakeDir, { now: this.now });
        const deleted = await prunePayloads(this.db, this.config.dataDir, this.config.payloadRetentionDays, this.now());
        if (deleted) this.log.info({ deleted }, 'payload files past the retention period deleted');
      }
    } catch (error) {
      this.log.error(
        { err: error instanceof Error ? error.message : String(error) },
        'lake sync failed; the raw tables still hold every row',
      );
    }
  }

  /**
   * Collects one source, then transforms and publishes if the run succeeded. `transform: false` leaves that to the
   * caller (the CLI collects several sources, then transforms once).
   */
  collect(name: string, window: CollectWindow = {}, options: { transform?: boolean } = {}): Promise<JobResult> {
    const source = this.source(name);
    return this.enqueue(async () => {
      const run = await runSource(source, {
        db: this.db,
        config: this.config,
        log: this.log,
        now: this.now,
        fetch: this.options.fetch,
        http: this.options.http,
        window,
      });
      // The scheduler says once that a source cannot run; each skipped run is in meta.runs, not the log.
      if (run.status === 'skipped') this.log.debug({ source: name, reason: run.message }, 'source skipped');
      if (run.status === 'succeeded') {
        const [logged] = await this.db.json<{ window_start: string | null; window_end: string | null }>(
          'select window_start::varchar as window_start, window_end::varchar as window_end from meta.runs where run_id = $1',
          [run.runId],
        );
        await this.maintainLake(
          logged?.window_start && logged.window_end ? { from: logged.window_start, to: logged.window_end } : {},
        );
      }
      // A failed or skipped run changed no data: the published file already says what there is.
      if (run.status !== 'succeeded' || options.transform === false) return { run };
      return { run, ...(await this.transformAndPublish()) };
    }, `collect ${name}`);
  }

  refresh(): Promise<JobResult> {
    return this.enqueue(() => this.transformAndPublish(), 'transform');
  }

  private async transformAndPublish(): Promise<JobResult> {
    const inputs = await this.transformInputs();
    let transform: TransformResult | undefined;
    let result: JobResult;
    try {
      transform = await runTransform(this.db, { log: this.log, now: this.now });
      result = { transform, publishedTo: await this.publish() };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error({ err: message }, 'transform failed; the previous marts keep serving');
      result = { transformError: message, publishedTo: await this.publish() };
    }
    // Written after the publish: a kill in between only means one more transform at the next start.
    fs.mkdirSync(path.dirname(transformInputsFile(this.config.dataDir)), { recursive: true });
    fs.writeFileSync(transformInputsFile(this.config.dataDir), `${inputs}\n`);
    return result;
  }

  private async publish(): Promise<string> {
    const target = publishedPath(this.config.dataDir);
    // The day-grained Hub working tables stay live: each is as large as the raw snapshots the lake already holds.
    const skip = new Set(
      loadModels()
        .filter((m) => m.layer !== 'marts' && m.incremental)
        .map((m) => `${m.layer}.${m.name}`),
    );
    await publish(this.db, target, { lakeDir: this.config.lakeDir, skip, afterCopy: writeFreshnessSnapshot });
    this.lastPublishedAt = this.now();
    this.log.debug({ target }, 'published');
    return target;
  }

  /**
   * The data's version: changes after every job (a run, a transform, a publish), so answers cached per version
   * (dashboard/response-cache.ts) are rebuilt once after each change and never served stale.
   */
  get version(): string {
    return String(this.jobsDone);
  }

  get publishedAt(): Date | undefined {
    return this.lastPublishedAt;
  }

  /** Resolves when every queued job has finished. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}
