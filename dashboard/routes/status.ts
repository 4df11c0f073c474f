/**
 * GET /api/status: each job's last run and schedule, and how fresh each source's data is.
 * A fresh database may lack any of these tables: the answer then holds nulls and empty lists, not an error.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router } from 'express';
import type { Database, Row, Session } from '../../db/connection.ts';
import type { Config } from '../../lib/config.ts';
import { secretsOf } from '../../lib/config.ts';
import { declarations } from '../../ingest/declarations.ts';
import { readFreshness } from '../../ingest/freshness.ts';
import { scrub } from '../../lib/log.ts';
import type { Clock } from '../../lib/time.ts';
import { progressFile, readProgress } from '../../ingest/hub-crawl.ts';
import { tableExists } from '../marts.ts';
import { withSession } from '../session.ts';

/** What the scheduler knows about a job (ingest/schedule.ts `ScheduledJob`). */
export interface ScheduledJobInfo {
  job: string;
  schedule?: string | null;
  nextRunAt?: string | null;
  unavailable?: string | null;
}

export type JobsProvider = () => readonly ScheduledJobInfo[] | Promise<readonly ScheduledJobInfo[]>;

interface JobStatus {
  job: string;
  schedule: string | null;
  next_run_at: string | null;
  unavailable: string | null;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_status: string | null;
  last_message: string | null;
  latest_run: Row | null;
}

function declared(name: string) {
  const found = declarations.find((d) => d.name === name);
  if (!found) throw new Error(`no source declared as ${name}`);
  return found;
}

async function rowsIf(session: Session, schema: string, table: string, sqlText: string): Promise<Row[]> {
  return (await tableExists(session, schema, table)) ? session.json(sqlText) : [];
}

async function readStatusRows(session: Session) {
  const states = await rowsIf(
    session,
    'meta',
    'job_state',
    'select job, last_success_at, last_attempt_at, last_status, last_message from meta.job_state',
  );
  const runs = await rowsIf(
    session,
    'meta',
    'runs',
    // rows_written as double: a JSON number (a count of rows is far below 2^53).
    `select source, status, started_at, finished_at, rows_written::double as rows_written, message from meta.runs
     qualify row_number() over (partition by source order by started_at desc, run_id desc) = 1`,
  );
  const byName = new Map((await readFreshness(session)).map((f) => [f.source, f]));
  const marts = await rowsIf(
    session,
    'meta',
    'marts',
    'select name, row_count, built_at from meta.marts order by name',
  );
  return { states, runs, byName, marts };
}

function assembleStatus(rows: Awaited<ReturnType<typeof readStatusRows>>, scheduled: readonly ScheduledJobInfo[]) {
  const { states, runs, byName, marts } = rows;
  const jobs = new Map<string, JobStatus>();
  const job = (name: string): JobStatus => {
    let entry = jobs.get(name);
    if (!entry) {
      entry = {
        job: name,
        schedule: null,
        next_run_at: null,
        unavailable: null,
        last_success_at: null,
        last_attempt_at: null,
        last_status: null,
        last_message: null,
        latest_run: null,
      };
      jobs.set(name, entry);
    }
    return entry;
  };
  for (const s of scheduled) {
    Object.assign(job(s.job), {
      schedule: s.schedule ?? null,
      next_run_at: s.nextRunAt ?? null,
      unavailable: s.unavailable ?? null,
    });
  }
  for (const s of states) {
    const { job: name, ...rest } = s as Row & { job: string };
    Object.assign(job(name), rest);
  }
  for (const r of runs) job(r.source as string).latest_run = r;

  return {
    jobs: [...jobs.values()].sort((a, b) => a.job.localeCompare(b.job)),
    // The two channels by name, kept as they were for API clients (docs/http-api.md); the page reads
    // `sources` below, which lists every declared source (web/freshness.ts).
    freshness: {
      openrouter: {
        latest_as_of: byName.get('openrouter')?.latest_as_of ?? null,
        latest_day: byName.get('openrouter')?.latest_day ?? null,
        normal_lag_days: declared('openrouter').normalLagDays,
      },
      huggingface: {
        latest_snapshot_at: byName.get('huggingface')?.latest_as_of ?? null,
        latest_day: byName.get('huggingface')?.latest_day ?? null,
        normal_lag_days: declared('huggingface').normalLagDays,
      },
    },
    /** Every declared source (ingest/declarations.ts): its title, schedule, citation, and how fresh its data is. */
    sources: declarations.map((d) => ({
      source: d.name,
      title: d.title,
      schedule: d.schedule,
      citation: d.citation.name,
      licence: d.citation.licence,
      latest_day: byName.get(d.name)?.latest_day ?? null,
      latest_as_of: byName.get(d.name)?.latest_as_of ?? null,
      normal_lag_days: d.normalLagDays,
    })),
    marts,
  };
}

/**
 * The status answer's text, built per request: the database part read once per data version, the rest kept while
 * nothing it is made of changed (see below); only generated_at is new each time.
 */
export function statusAnswer(options: {
  db: Database;
  config: Config;
  now: Clock;
  jobs?: JobsProvider;
  /** The data's version (the pipeline's job counter): the database part is read once per version. */
  dataVersion?: () => string;
}): () => Promise<string> {
  const secrets = secretsOf(options.config);
  // One read per version, shared by every request that arrives meanwhile (single flight): 200 clients at once cost one
  // read, not 200 sessions. Without a version, concurrent requests still share the read in flight.
  let shared: { version: string | undefined; rows: Promise<Awaited<ReturnType<typeof readStatusRows>>> } | undefined;
  const rowsNow = () => {
    const version = options.dataVersion?.();
    if (!shared || shared.version !== version) {
      const rows = withSession(options.db, readStatusRows);
      const entry = { version, rows };
      shared = entry;
      rows.then(
        () => {
          if (version === undefined && shared === entry) shared = undefined;
        },
        () => {
          if (shared === entry) shared = undefined;
        },
      );
    }
    return shared.rows;
  };
  // The answer but for its first line (generated_at), kept while nothing it is made of changed: the rows of this
  // version, the scheduler's view and the crawl's progress file. 200 clients polling cost one JSON.stringify and one
  // scrub per change, not per request.
  let kept: { rows: unknown; scheduled: string; progress: string; text: string } | undefined;
  const progressPath = progressFile(options.config.dataDir);
  return async () => {
    const scheduled = (await options.jobs?.()) ?? [];
    const rows = await rowsNow();
    const scheduledKey = JSON.stringify(scheduled);
    const stat = fs.statSync(progressPath, { throwIfNoEntry: false });
    const progressKey = stat ? `${stat.mtimeMs}:${stat.size}:${stat.ino}` : '';
    if (!kept || kept.rows !== rows || kept.scheduled !== scheduledKey || kept.progress !== progressKey) {
      const body = { ...assembleStatus(rows, scheduled), hf_crawl: readProgress(options.config.dataDir) ?? null };
      // Run messages never hold a token by contract; scrubbing here is the second line of defence.
      kept = { rows, scheduled: scheduledKey, progress: progressKey, text: scrub(JSON.stringify(body), secrets) };
    }
    // {"ok":true,"generated_at":...,"jobs":...}: the keys in the same order as ever. generated_at is our own clock.
    return `{"ok":true,"generated_at":${JSON.stringify(options.now().toISOString())},${kept.text.slice(1)}`;
  };
}

const STATUS_TYPE = 'application/json; charset=utf-8';

export function statusRoutes(options: { answer: () => Promise<string> }): Router {
  const router = Router();
  router.get('/api/status', async (_req, res) => {
    const text = await options.answer();
    // Sent as is, without Express' per-response ETag: generated_at makes every answer differ, so it never matched.
    res.status(200);
    res.setHeader('Content-Type', STATUS_TYPE);
    res.setHeader('Content-Length', String(Buffer.byteLength(text)));
    res.end(text);
  });
  return router;
}

/**
 * The fast path of GET/HEAD /api/status (run by dashboard/http-server.ts before Express, as routes/data.ts
 * `dataFastPath`): the same answer and headers as `statusRoutes` after the app's middleware. Any other form of the
 * path, a request with a body, a refusal of the rate limit or a failure of the answer go to Express, which answers
 * them as before (the error in the JSON shape; such a request is counted twice by the rate limit).
 */
export function statusFastPath(options: {
  answer: () => Promise<string>;
  securityHeaders: readonly string[];
  admit?: (req: IncomingMessage) => Promise<readonly string[] | undefined>;
}): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const { answer, securityHeaders, admit } = options;
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url !== '/api/status') return next();
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) return next();
    (async () => {
      const extra = admit ? await admit(req) : [];
      if (!extra) return next();
      let text: string;
      try {
        text = await answer();
      } catch {
        return next();
      }
      res.writeHead(200, [
        ...securityHeaders,
        'Content-Type',
        STATUS_TYPE,
        'Content-Length',
        String(Buffer.byteLength(text)),
        ...extra,
      ]);
      res.end(text);
    })().catch(() => next());
  };
}
