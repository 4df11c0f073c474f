/**
 * node-cron wiring and catch-up; no source logic.
 *
 * node-cron never knows about slots missed while the process was down, so on start every source whose last success
 * is older than its `maxAgeHours` (or that never succeeded) runs once, in order, before the schedule takes over.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Database } from '../db/connection.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import { systemClock, type Clock } from '../lib/time.ts';
import type { Config } from '../lib/config.ts';
import type { Source } from './run.ts';

/** What the schedule needs of the owner of the database (app/pipeline.ts `Pipeline`): ingest never imports it. */
export interface JobRunner {
  readonly db: Database;
  readonly config: Config;
  readonly sources: readonly Source[];
  collect(name: string): Promise<unknown>;
}

export interface ScheduledJob {
  job: string;
  schedule: string;
  nextRunAt: string | null;
  unavailable: string | null;
}

export interface Scheduler {
  jobs(): ScheduledJob[];
  /** Resolves when the catch-up runs started at start have finished (at once without catch-up). */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

async function lastSuccess(db: Database, job: string): Promise<Date | null> {
  const row = await db.one<{ last_success_at: Date | null }>(
    'select last_success_at from meta.job_state where job = $1',
    [job],
  );
  return row?.last_success_at ?? null;
}

/** The sources due at start: never succeeded, or last success older than their maxAgeHours. */
export async function overdueSources(db: Database, sources: readonly Source[], now: Date): Promise<Source[]> {
  const due: Source[] = [];
  for (const source of sources) {
    const last = await lastSuccess(db, source.name);
    if (!last || now.getTime() - last.getTime() > source.maxAgeHours * 3_600_000) due.push(source);
  }
  return due;
}

export async function startScheduler(
  pipeline: JobRunner,
  options: { log?: Logger; now?: Clock; catchUp?: boolean } = {},
): Promise<Scheduler> {
  const log = options.log ?? silentLogger;
  const now = options.now ?? systemClock;
  const tasks = new Map<string, ScheduledTask>();
  const reported = new Set<string>();

  const runJob = async (source: Source) => {
    const unavailable = source.unavailable(pipeline.config);
    if (unavailable) {
      // Said once in the log; the status page and `status` keep saying it.
      if (!reported.has(source.name)) log.warn({ job: source.name }, unavailable);
      reported.add(source.name);
    }
    try {
      await pipeline.collect(source.name);
    } catch (error) {
      log.error({ job: source.name, err: error instanceof Error ? error.message : String(error) }, 'job failed');
    }
  };

  for (const source of pipeline.sources) {
    const task = cron.schedule(source.schedule, () => runJob(source), {
      name: source.name,
      timezone: 'UTC',
      noOverlap: true,
    });
    task.on('execution:overlap', () => log.warn({ job: source.name }, 'previous run still going; this slot skipped'));
    tasks.set(source.name, task);
  }

  let caughtUp: Promise<void> = Promise.resolve();
  if (options.catchUp ?? true) {
    const due = await overdueSources(pipeline.db, pipeline.sources, now());
    // Not awaited: the server answers while catch-up runs; the pipeline queue keeps jobs in order.
    caughtUp = (async () => {
      for (const source of due) await runJob(source);
    })();
  }

  return {
    caughtUp: () => caughtUp,
    jobs: () =>
      pipeline.sources.map((source) => ({
        job: source.name,
        schedule: source.schedule,
        nextRunAt: tasks.get(source.name)?.getNextRun()?.toISOString() ?? null,
        unavailable: source.unavailable(pipeline.config) ?? null,
      })),
    stop: async () => {
      for (const task of tasks.values()) await task.destroy();
      tasks.clear();
    },
  };
}
