/**
 * The CLI's commands as functions (config and output passed in), so tests run them in-process.
 * Commands that write own the live database for their duration; `sql`, `export` and `status` read the published copy,
 * so they work while the server runs.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../db/connection.ts';
import { livePath, publishedPath } from '../db/publish.ts';
import type { Scheduler } from '../ingest/schedule.ts';
import { declarations } from '../ingest/declarations.ts';
import { readFreshness, type SourceFreshness } from '../ingest/freshness.ts';
import { readProgress, type CrawlProgress } from '../ingest/hub-crawl.ts';
import { seedLoaders, sources as defaultSources } from '../ingest/sources.ts';
import type { CollectWindow, RunResult, Source } from '../ingest/run.ts';
import type { Config } from '../lib/config.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import type { Pipeline } from '../app/pipeline.ts';
import { parseIsoDay, type Clock } from '../lib/time.ts';
import { martNames } from '../transform/run.ts';
import { EXPORT_FORMATS, type ExportFormat } from './formats.ts';
import { formatTable } from './table.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Io {
  out: (text: string) => void;
  log: Logger;
  /** Raw bytes to standard output, honouring back-pressure (exports stream through it, never as one string). */
  write?: (chunk: Buffer) => Promise<void>;
}

/** Writes to process.stdout and waits for 'drain' when its buffer is full. */
export function writeStdout(chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    process.stdout.once('error', onError);
    const flushed = process.stdout.write(chunk, () => process.stdout.off('error', onError));
    if (flushed) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

export const defaultIo: Io = { out: (text) => process.stdout.write(`${text}\n`), log: silentLogger, write: writeStdout };

async function openLive(config: Config): Promise<Database> {
  return Database.open(livePath(config.dataDir), { memoryLimit: config.duckdbMemoryLimit });
}

async function openPublished(config: Config): Promise<Database> {
  const file = publishedPath(config.dataDir);
  if (!fs.existsSync(file)) {
    throw new UsageError(`No published database at ${file} yet: run \`adoption-tracker transform\` or start the server first.`);
  }
  return Database.open(file, { readOnly: true });
}

function describeRun(run: RunResult): string {
  const counts = run.status === 'succeeded' ? `, ${run.rowsFetched} rows fetched, ${run.rowsWritten} written` : '';
  return `${run.source}: ${run.status} (run ${run.runId}${counts})${run.message ? `: ${run.message}` : ''}`;
}

/**
 * A terminal progress bar for a whole-Hub crawl (cli-progress), only when stdout is a terminal: pages of the expected
 * total (the last complete crawl's page count), models so far.
 */
async function crawlProgressBar(): Promise<{ update: (p: CrawlProgress) => void; stop: () => void }> {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    { format: 'Hub crawl |{bar}| {value}/{total} pages (~) | {models} models | {day}', hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      if (!started) {
        bar.start(p.expectedPages, p.pages, { models: p.models, day: p.day });
        started = true;
      }
      bar.setTotal(Math.max(p.expectedPages, p.pages));
      bar.update(p.pages, { models: p.models, day: p.day });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export async function collectCommand(
  config: Config,
  sourceName: string,
  window: CollectWindow,
  io: Io = defaultIo,
  options: { sources?: readonly Source[]; http?: ConstructorParameters<typeof Pipeline>[0]['http']; now?: Clock } = {},
): Promise<number> {
  if (window.from !== undefined) parseIsoDay(window.from, '--from');
  if (window.to !== undefined) parseIsoDay(window.to, '--to');
  let sources = options.sources ?? defaultSources;
  const bar = config.hfScope === 'all' && process.stdout.isTTY && !options.sources ? await crawlProgressBar() : undefined;
  if (bar) {
    const { createHuggingFaceSource } = await import('../ingest/huggingface.ts');
    sources = sources.map((s) => (s.name === 'huggingface' ? createHuggingFaceSource(undefined, { onProgress: bar.update }) : s));
  }
  const names = sourceName === 'all' ? sources.map((s) => s.name) : [sourceName];
  for (const name of names) {
    if (!sources.some((s) => s.name === name)) {
      throw new UsageError(`unknown source ${JSON.stringify(name)}; known: ${sources.map((s) => s.name).join(', ')}, all`);
    }
  }
  const db = await openLive(config);
  try {
    const { Pipeline } = await import('../app/pipeline.ts');
    const pipeline = new Pipeline({ db, config, sources, seeds: seedLoaders, log: io.log, http: options.http, now: options.now });
    // One transform and publish after all the runs (also when none changed data: the run log and seed history count).
    await pipeline.start({ transform: false });
    let failed = false;
    for (const name of names) {
      const { run } = await pipeline.collect(name, window, { transform: false });
      if (name === 'huggingface') bar?.stop();
      if (run) io.out(describeRun(run));
      if (run?.status === 'failed') failed = true;
    }
    const result = await pipeline.refresh();
    if (result.transformError) {
      io.out(`transform failed: ${result.transformError}`);
      failed = true;
    }
    io.out(`published ${publishedPath(config.dataDir)}`);
    return failed ? 1 : 0;
  } finally {
    db.close();
  }
}

export async function transformCommand(config: Config, io: Io = defaultIo, options: { timings?: boolean } = {}): Promise<number> {
  const db = await openLive(config);
  try {
    const { Pipeline } = await import('../app/pipeline.ts');
    const pipeline = new Pipeline({ db, config, sources: defaultSources, seeds: seedLoaders, log: io.log });
    const result = await pipeline.start();
    if (result.transformError) {
      io.out(`transform failed: ${result.transformError}`);
      return 1;
    }
    for (const model of result.transform?.models ?? []) {
      io.out(`${model.layer}.${model.name}: ${model.rows} rows${options.timings ? `, ${model.ms} ms` : ''}`);
    }
    const timings = result.transform?.timings;
    if (options.timings && timings) {
      io.out(`seeds ${timings.seedsMs} ms, models ${timings.modelsMs} ms, checks ${timings.checksMs} ms, transform ${timings.totalMs} ms`);
    }
    for (const check of result.transform?.checks ?? []) {
      if (check.failures > 0) io.out(`check ${check.name} (${check.severity}): ${check.failures} rows, e.g. ${JSON.stringify(check.sample[0])}`);
    }
    io.out(`published ${result.publishedTo}`);
    return 0;
  } finally {
    db.close();
  }
}

export { EXPORT_FORMATS, type ExportFormat };

export async function exportCommand(
  config: Config,
  mart: string | undefined,
  options: { format?: string; out?: string; all?: boolean },
  io: Io = defaultIo,
): Promise<number> {
  if (options.all) return exportAllCommand(config, mart, options, io);
  if (mart === undefined) throw new UsageError('name a mart, or give --all for every mart in one zip archive');
  const format = (options.format ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const marts = martNames();
  if (!marts.includes(mart)) throw new UsageError(`unknown mart ${JSON.stringify(mart)}; marts: ${marts.join(', ')}`);
  if (format === 'parquet' && !options.out) throw new UsageError('--format parquet needs --out FILE');
  const db = await openPublished(config);
  // COPY takes a literal path: write to a folder we made, then move the file where the user asked.
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adoption-export-'));
  try {
    const tmp = path.join(tmpDir, `export.${format}`);
    const copyOptions = { csv: "(format csv, header true)", json: '(format json, array true)', parquet: '(format parquet)' }[format];
    // `mart` is one of the mart files' names (checked above), never free text.
    await db.run(`copy (select * from marts.${mart}) to '${tmp.replace(/'/g, "''")}' ${copyOptions}`);
    if (options.out) {
      fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
      fs.copyFileSync(tmp, options.out);
      io.out(`wrote ${options.out}`);
    } else if (io.write) {
      // In 64 KiB chunks from the file DuckDB wrote: memory stays flat whatever the mart's size.
      for await (const chunk of fs.createReadStream(tmp)) await io.write(chunk as Buffer);
    } else {
      io.out(fs.readFileSync(tmp, 'utf8').trimEnd());
    }
    return 0;
  } finally {
    db.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** `export --all --out FILE.zip`: every mart as CSV and Parquet, the data dictionary and the sources, in one zip. */
async function exportAllCommand(
  config: Config,
  mart: string | undefined,
  options: { format?: string; out?: string },
  io: Io,
): Promise<number> {
  if (mart !== undefined) throw new UsageError(`--all exports every mart: drop ${JSON.stringify(mart)}, or drop --all`);
  if (options.format !== undefined) throw new UsageError('--all writes every mart as both CSV and Parquet: drop --format');
  if (!options.out) throw new UsageError('--all needs --out FILE.zip');
  const { inSnapshot, writeArchive } = await import('../dashboard/archive.ts');
  const out = path.resolve(options.out);
  // A temp file, then a rename: a failed export never leaves half an archive under the asked name.
  const tmp = `${out}.${process.pid}.tmp`;
  const db = await openPublished(config);
  const session = await db.connect();
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // One transaction: every file of the archive shows the same published marts.
    await inSnapshot(session, () => writeArchive(session, martNames(), tmp));
    fs.renameSync(tmp, out);
    io.out(`wrote ${options.out}`);
    return 0;
  } finally {
    fs.rmSync(tmp, { force: true });
    session.connection.closeSync();
    db.close();
  }
}

export async function sqlCommand(config: Config, query: string, options: { format?: string }, io: Io = defaultIo): Promise<number> {
  const format = options.format ?? 'table';
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError('--format must be one of table, csv, json');
  const db = await openPublished(config);
  try {
    const rows = await db.json(query);
    if (format === 'json') io.out(JSON.stringify(rows, null, 2));
    else if (format === 'csv') {
      const { stringify } = await import('csv-stringify/sync');
      io.out(stringify(rows, { header: true, cast: { boolean: (b) => String(b), object: (o) => JSON.stringify(o) } }).trimEnd());
    } else io.out(formatTable(rows));
    return 0;
  } finally {
    db.close();
  }
}

export interface StatusReport {
  published: { file: string; published_at: string | null };
  configuration: { openrouter_api_key: 'set' | 'not set'; hf_token: 'set' | 'not set'; openrouter_base_url: string; hf_endpoint: string };
  jobs: Array<Record<string, unknown>>;
  freshness: SourceFreshness[];
  checks: Array<Record<string, unknown>>;
  /** The latest whole-Hub crawl (HF_SCOPE=all), from its progress file: live even while a server holds the database. */
  hf_crawl: CrawlProgress | null;
}

async function tableExists(db: Database, schema: string, table: string): Promise<boolean> {
  const rows = await db.json(
    'select 1 from information_schema.tables where table_schema = $1 and table_name = $2',
    [schema, table],
  );
  return rows.length > 0;
}

export async function readStatus(config: Config, db: Database | undefined): Promise<StatusReport> {
  const file = publishedPath(config.dataDir);
  const report: StatusReport = {
    published: { file, published_at: fs.existsSync(file) ? fs.statSync(file).mtime.toISOString() : null },
    configuration: {
      openrouter_api_key: config.openrouterApiKey ? 'set' : 'not set',
      hf_token: config.hfToken ? 'set' : 'not set',
      openrouter_base_url: config.openrouterBaseUrl,
      hf_endpoint: config.hfEndpoint,
    },
    jobs: [],
    freshness: [],
    checks: [],
    hf_crawl: readProgress(config.dataDir) ?? null,
  };
  for (const source of declarations) {
    const reason = source.unavailable(config);
    report.jobs.push({ job: source.name, schedule: source.schedule, unavailable: reason ?? null });
  }
  if (!db) return report;
  if (await tableExists(db, 'meta', 'job_state')) {
    const states = await db.json<Record<string, unknown>>(
      'select job, last_status, last_attempt_at, last_success_at, last_message from meta.job_state order by job',
    );
    for (const job of report.jobs) Object.assign(job, states.find((s) => s.job === job.job) ?? {});
    for (const state of states) if (!report.jobs.some((j) => j.job === state.job)) report.jobs.push(state);
  }
  report.freshness = await readFreshness(db);
  if (await tableExists(db, 'meta', 'check_results')) {
    report.checks = await db.json('select name, severity, failures, checked_at from meta.check_results where failures > 0 order by name');
  }
  return report;
}

export async function statusCommand(config: Config, options: { json?: boolean }, io: Io = defaultIo): Promise<number> {
  const file = publishedPath(config.dataDir);
  const db = fs.existsSync(file) ? await Database.open(file, { readOnly: true }) : undefined;
  try {
    const report = await readStatus(config, db);
    if (options.json) {
      io.out(JSON.stringify(report, null, 2));
      return 0;
    }
    io.out(`published: ${report.published.file} (${report.published.published_at ?? 'not yet published'})`);
    io.out(`OPENROUTER_API_KEY: ${report.configuration.openrouter_api_key}; HF_TOKEN: ${report.configuration.hf_token}`);
    io.out('');
    io.out(formatTable(report.jobs, ['job', 'last_status', 'last_success_at', 'last_attempt_at', 'unavailable', 'last_message']));
    io.out('');
    io.out(formatTable(report.freshness.map(({ title: _title, ...row }) => row)));
    if (report.hf_crawl) {
      const c = report.hf_crawl;
      io.out('');
      io.out(
        `whole-Hub crawl ${c.crawlId} of ${c.day}: ${c.done ? 'complete' : 'in progress or interrupted'}, ${c.pages} of ~${c.expectedPages} pages, ` +
          `${c.models} models (as of ${c.updatedAt})`,
      );
    }
    if (report.checks.length) {
      io.out('');
      io.out(formatTable(report.checks));
    }
    return 0;
  } finally {
    db?.close();
  }
}

export interface RunningServer {
  url: string;
  pipeline: Pipeline;
  scheduler: Scheduler | undefined;
  close(): Promise<void>;
}

export async function serveCommand(
  config: Config,
  options: { schedule?: boolean; sources?: readonly Source[] },
  io: Io = defaultIo,
): Promise<RunningServer> {
  const db = await openLive(config);
  const sources = options.sources ?? defaultSources;
  const { Pipeline } = await import('../app/pipeline.ts');
  const pipeline = new Pipeline({ db, config, sources, seeds: seedLoaders, log: io.log });
  try {
    await pipeline.start();
  } catch (error) {
    db.close();
    throw error;
  }
  // express, helmet and node-cron load only here: no other command needs them.
  const { startScheduler } = await import('../ingest/schedule.ts');
  const { createApp } = await import('../dashboard/app.ts');
  const scheduler = (options.schedule ?? config.schedule) ? await startScheduler(pipeline, { log: io.log }) : undefined;
  const app = createApp({ db, config, log: io.log, jobs: () => scheduler?.jobs() ?? [], dataVersion: () => pipeline.version });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    url,
    pipeline,
    scheduler,
    close: async () => {
      await scheduler?.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await pipeline.idle();
      db.close();
    },
  };
}
