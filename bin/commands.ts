/**
 * The CLI's commands as functions (config and output passed in), so tests run them in-process.
 * Commands that write own the live database for their duration; `sql`, `export` and `status` read the published copy,
 * so they work while the server runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../db/connection.ts';
import { openLiveDatabase, restoreLiveDatabase } from '../db/live.ts';
import { publishedPath } from '../db/publish.ts';
import type { Scheduler } from '../ingest/schedule.ts';
import { declarations } from '../ingest/declarations.ts';
import { readFreshness, type SourceFreshness } from '../ingest/freshness.ts';
import { readProgress, type CrawlProgress } from '../ingest/hub-crawl.ts';
import { seedLoaders, sources as defaultSources } from '../ingest/sources.ts';
import type { CollectWindow, RunResult, Source } from '../ingest/run.ts';
import { secretsOf, type Config } from '../lib/config.ts';
import { redactDeep, redactSecrets } from '../lib/redact.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import type { JobResult, Pipeline } from '../app/pipeline.ts';
import type { SeedLoader } from '../ingest/sources.ts';
import { PipelineStoppedError } from '../lib/stopped.ts';
import { ControlError, sendToServer, startControlServer, type ControlRequest } from './control.ts';
import { parseIsoDay, type Clock } from '../lib/time.ts';
import { martNames } from '../transform/run.ts';
import { EXPORT_FORMATS, type ExportFormat } from './formats.ts';
import { formatTable } from './table.ts';
import { neutraliseCell } from '../lib/spreadsheet-safe.ts';
import { stringify } from 'csv-stringify/sync';

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

export const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  log: silentLogger,
  write: writeStdout,
};

async function openLive(config: Config): Promise<Database> {
  return openLiveDatabase(config.dataDir, { memoryLimit: config.duckdbMemoryLimit });
}

/** `restore`: the live database from the published copy, when it is missing or damaged. */
export async function restoreCommand(config: Config, io: Io = defaultIo): Promise<number> {
  const result = await restoreLiveDatabase(config.dataDir);
  if (result.keptAside) io.out(`kept the damaged live database as ${result.keptAside}`);
  io.out(`restored ${result.restored} from ${result.from}`);
  return 0;
}

async function openPublished(config: Config, options: { sandboxed?: boolean } = {}): Promise<Database> {
  const file = publishedPath(config.dataDir);
  if (!fs.existsSync(file)) {
    throw new UsageError(
      `No published database at ${file} yet: run \`adoption-tracker transform\` or start the server first.`,
    );
  }
  return Database.open(file, { readOnly: true, sandboxed: options.sandboxed });
}

function describeRun(run: RunResult): string {
  const counts = run.status === 'succeeded' ? `, ${run.rowsFetched} rows fetched, ${run.rowsWritten} written` : '';
  return `${run.source}: ${run.status} (run ${run.runId}${counts})${run.message ? `: ${run.message}` : ''}`;
}

/** The sources a `collect <source>` names, or a UsageError listing the known ones. */
function sourceNames(sources: readonly Source[], sourceName: string): string[] {
  const names = sourceName === 'all' ? sources.map((s) => s.name) : [sourceName];
  for (const name of names) {
    if (!sources.some((s) => s.name === name)) {
      throw new UsageError(
        `unknown source ${JSON.stringify(name)}; known: ${sources.map((s) => s.name).join(', ')}, all`,
      );
    }
  }
  return names;
}

/** Collects each source, then one transform and publish; prints what `collect` prints. Used locally and by the server. */
async function collectWith(
  pipeline: Pipeline,
  names: readonly string[],
  window: CollectWindow,
  out: (text: string) => void,
  onHubDone: () => void = () => {},
): Promise<number> {
  const secrets = secretsOf(pipeline.config);
  let failed = false;
  for (const name of names) {
    const { run } = await pipeline.collect(name, window, { transform: false });
    if (name === 'huggingface') onHubDone();
    if (run) out(redactSecrets(describeRun(run), secrets));
    if (run?.status === 'failed') failed = true;
  }
  // One transform and publish after all the runs (also when none changed data: the run log and seed history count).
  const result = await pipeline.refresh();
  if (result.transformError) {
    out(`transform failed: ${result.transformError}`);
    failed = true;
  }
  out(`published ${publishedPath(pipeline.config.dataDir)}`);
  return failed ? 1 : 0;
}

/** Prints what `transform` prints for a transform-and-publish result. */
function describeTransform(
  result: JobResult,
  out: (text: string) => void,
  options: { timings?: boolean } = {},
): number {
  if (result.transformError) {
    out(`transform failed: ${result.transformError}`);
    return 1;
  }
  for (const model of result.transform?.models ?? []) {
    out(
      `${model.layer}.${model.name}: ${model.rows === null ? 'view' : `${model.rows} rows`}${options.timings ? `, ${model.ms} ms (${model.cpuMs} ms CPU)` : ''}`,
    );
  }
  const timings = result.transform?.timings;
  if (options.timings && timings) {
    out(
      `seeds ${timings.seedsMs} ms, models ${timings.modelsMs} ms, checks ${timings.checksMs} ms, transform ${timings.totalMs} ms`,
    );
  }
  for (const check of result.transform?.checks ?? []) {
    if (check.failures > 0)
      out(`check ${check.name} (${check.severity}): ${check.failures} rows, e.g. ${JSON.stringify(check.sample[0])}`);
  }
  out(`published ${result.publishedTo}`);
  return 0;
}

/** A job the running server reports failing on a bad request is a usage error here too. */
async function delegated(config: Config, request: ControlRequest, io: Io): Promise<number | undefined> {
  try {
    return await sendToServer(config.dataDir, request, io.out);
  } catch (error) {
    if (error instanceof ControlError && error.usage) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * A terminal progress bar for a whole-Hub crawl (cli-progress), only when stdout is a terminal: pages of the expected
 * total (the last complete crawl's page count), models so far.
 */
async function crawlProgressBar(): Promise<{ update: (p: CrawlProgress) => void; stop: () => void }> {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      format: 'Hub crawl |{bar}| {value}/{total} pages (~) | {models} models | {day}',
      hideCursor: true,
      clearOnComplete: false,
    },
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
  const names = sourceNames(sources, sourceName);
  // A running server owns the live database: hand it the job and show its progress.
  const handed = await delegated(
    config,
    { command: 'collect', source: sourceName, from: window.from, to: window.to },
    io,
  );
  if (handed !== undefined) return handed;
  const bar =
    config.hfScope === 'all' && process.stdout.isTTY && !options.sources ? await crawlProgressBar() : undefined;
  if (bar) {
    const { createHuggingFaceSource } = await import('../ingest/huggingface.ts');
    sources = sources.map((s) =>
      s.name === 'huggingface' ? createHuggingFaceSource(undefined, { onProgress: bar.update }) : s,
    );
  }
  const db = await openLive(config);
  try {
    const { Pipeline } = await import('../app/pipeline.ts');
    const pipeline = new Pipeline({
      db,
      config,
      sources,
      seeds: seedLoaders,
      log: io.log,
      http: options.http,
      now: options.now,
    });
    await pipeline.start({ transform: false });
    return await collectWith(pipeline, names, window, io.out, () => bar?.stop());
  } finally {
    db.close();
  }
}

export async function transformCommand(
  config: Config,
  io: Io = defaultIo,
  options: { timings?: boolean } = {},
): Promise<number> {
  const handed = await delegated(config, { command: 'transform' }, io);
  if (handed !== undefined) return handed;
  const db = await openLive(config);
  try {
    const { Pipeline } = await import('../app/pipeline.ts');
    const pipeline = new Pipeline({ db, config, sources: defaultSources, seeds: seedLoaders, log: io.log });
    return describeTransform(await pipeline.start(), io.out, options);
  } finally {
    db.close();
  }
}

export { EXPORT_FORMATS, type ExportFormat };

export async function exportCommand(
  config: Config,
  mart: string | undefined,
  options: { format?: string; out?: string; all?: boolean; raw?: boolean },
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
    const copyOptions = {
      csv: '(format csv, header true)',
      json: '(format json, array true)',
      parquet: '(format parquet)',
    }[format];
    // `mart` is one of the mart files' names (checked above), never free text; column names come from the catalog.
    const select = format === 'csv' && !options.raw ? await spreadsheetSafeSelect(db, mart) : '*';
    // Ordered by every column, as the /data/ routes are: a parallel scan gives no stable order of its own.
    await db.run(
      `copy (select ${select} from marts.${mart} order by all) to '${tmp.replace(/'/g, "''")}' ${copyOptions}`,
    );
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

/** Statements `sql` refuses by their first word, with one line each; anything not a query is refused after parsing. */
const REFUSED_WORDS = [
  'ATTACH',
  'DETACH',
  'COPY',
  'EXPORT',
  'IMPORT',
  'INSTALL',
  'FORCE',
  'LOAD',
  'SET',
  'RESET',
  'USE',
  'CHECKPOINT',
];
const QUERY_TYPES = new Set(['SELECT', 'EXPLAIN', 'PRAGMA', 'CALL']);

function firstWord(query: string): string {
  // Leading comments and opening parentheses are not the statement.
  const stripped = query.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  return (stripped.match(/^[a-z_]+/i)?.[0] ?? '').toUpperCase();
}

/**
 * `sql` runs exactly one query on a sandboxed read-only connection to the published file (db/connection.ts: no file
 * or network access, no extensions, configuration locked). Everything else is refused with one line, before it runs.
 */
async function checkReadOnlyQuery(db: Database, query: string): Promise<void> {
  const refuse = (what: string) =>
    new UsageError(
      `sql runs one read-only query on the published database: ${what} is not allowed (use export to write files)`,
    );
  const word = firstWord(query);
  if (REFUSED_WORDS.includes(word)) throw refuse(word);
  let count: number;
  try {
    count = await db.session.statementCount(query);
  } catch (error) {
    throw new UsageError(`sql: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  if (count === 0) throw new UsageError('sql: the query is empty');
  if (count > 1) throw refuse(`more than one statement (${count})`);
  if (/^\s*explain\s+analy[sz]e\b/i.test(query.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '')))
    throw refuse('EXPLAIN ANALYZE');
  let type: string;
  try {
    type = await db.session.statementType(query);
  } catch (error) {
    throw new UsageError(`sql: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  if (!QUERY_TYPES.has(type)) throw refuse(type.replace(/_/g, ' '));
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A select list that neutralises text cells a spreadsheet would run, as lib/spreadsheet-safe.ts does. */
async function spreadsheetSafeSelect(db: Database, mart: string): Promise<string> {
  const columns = await db.json<{ name: string; type: string }>(
    `select column_name as name, data_type as type from information_schema.columns
     where table_catalog = current_database() and table_schema = 'marts' and table_name = $1 order by ordinal_position`,
    [mart],
  );
  return columns
    .map(({ name, type }) => {
      const c = quoteIdent(name);
      return type === 'VARCHAR'
        ? `case when left(${c}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || ${c} else ${c} end as ${c}`
        : c;
    })
    .join(', ');
}

/** `export --all --out FILE.zip`: every mart as CSV and Parquet, the data dictionary and the sources, in one zip. */
async function exportAllCommand(
  config: Config,
  mart: string | undefined,
  options: { format?: string; out?: string },
  io: Io,
): Promise<number> {
  if (mart !== undefined) throw new UsageError(`--all exports every mart: drop ${JSON.stringify(mart)}, or drop --all`);
  if (options.format !== undefined)
    throw new UsageError('--all writes every mart as both CSV and Parquet: drop --format');
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

export async function sqlCommand(
  config: Config,
  query: string,
  options: { format?: string },
  io: Io = defaultIo,
): Promise<number> {
  const format = options.format ?? 'table';
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError('--format must be one of table, csv, json');
  const db = await openPublished(config, { sandboxed: true });
  try {
    await checkReadOnlyQuery(db, query);
    const { columns, rows } = await db.session.jsonWithTypes(query);
    if (format === 'json') io.out(JSON.stringify(rows, null, 2));
    else if (format === 'csv') io.out(csvText(columns, rows));
    else io.out(formatTable(rows));
    return 0;
  } finally {
    db.close();
  }
}

/** CSV for a person: text cells that a spreadsheet would run are neutralised (lib/spreadsheet-safe.ts). */
function csvText(columns: Array<{ name: string; type: string }>, rows: Array<Record<string, unknown>>): string {
  const text = new Set(columns.filter((c) => c.type === 'VARCHAR').map((c) => c.name));
  const safe = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) {
      const value = row[c.name];
      out[c.name] = text.has(c.name) && typeof value === 'string' ? neutraliseCell(value) : value;
    }
    return out;
  });
  return stringify(safe, {
    header: true,
    columns: columns.map((c) => c.name),
    cast: { boolean: (b) => String(b), object: (o) => JSON.stringify(o) },
  }).trimEnd();
}

export interface StatusReport {
  published: { file: string; published_at: string | null };
  configuration: {
    openrouter_api_key: 'set' | 'not set';
    hf_token: 'set' | 'not set';
    openrouter_base_url: string;
    hf_endpoint: string;
  };
  jobs: Array<Record<string, unknown>>;
  freshness: SourceFreshness[];
  checks: Array<Record<string, unknown>>;
  /** The latest whole-Hub crawl (HF_SCOPE=all), from its progress file: live even while a server holds the database. */
  hf_crawl: CrawlProgress | null;
}

async function tableExists(db: Database, schema: string, table: string): Promise<boolean> {
  const rows = await db.json('select 1 from information_schema.tables where table_schema = $1 and table_name = $2', [
    schema,
    table,
  ]);
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
    report.checks = await db.json(
      'select name, severity, failures, checked_at from meta.check_results where failures > 0 order by name',
    );
  }
  return report;
}

export async function statusCommand(config: Config, options: { json?: boolean }, io: Io = defaultIo): Promise<number> {
  const file = publishedPath(config.dataDir);
  const db = fs.existsSync(file) ? await Database.open(file, { readOnly: true }) : undefined;
  try {
    // Run messages are masked when stored; masking again covers a copy published before that was so.
    const report = redactDeep(await readStatus(config, db), secretsOf(config));
    if (options.json) {
      io.out(JSON.stringify(report, null, 2));
      return 0;
    }
    io.out(`published: ${report.published.file} (${report.published.published_at ?? 'not yet published'})`);
    io.out(
      `OPENROUTER_API_KEY: ${report.configuration.openrouter_api_key}; HF_TOKEN: ${report.configuration.hf_token}`,
    );
    io.out('');
    io.out(
      formatTable(report.jobs, [
        'job',
        'last_status',
        'last_success_at',
        'last_attempt_at',
        'unavailable',
        'last_message',
      ]),
    );
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
  readonly scheduler: Scheduler | undefined;
  /** The start-up work (migrations, seed history, a transform only if its inputs changed), run after listening. */
  ready: Promise<JobResult>;
  /** The control socket CLI commands hand their jobs to (undefined when it could not be created). */
  controlSocket: string | undefined;
  /**
   * Stops scheduling and drops queued jobs, stops listening, then waits up to `graceMs` for a running job. Resolves
   * `{ finished: true }` with the database closed, or `{ finished: false, running }` when the job did not finish in
   * time: the caller exits, and the job's uncommitted run is marked interrupted at the next start (nothing partial
   * is ever published: publishes write a temp file and rename).
   */
  close(options?: { graceMs?: number }): Promise<{ finished: boolean; running?: string }>;
}

/** How long a stopping server waits for a running job by default (SIGTERM/SIGINT). */
export const SHUTDOWN_GRACE_MS = 30_000;

export async function serveCommand(
  config: Config,
  options: { schedule?: boolean; sources?: readonly Source[]; seeds?: readonly SeedLoader[] },
  io: Io = defaultIo,
): Promise<RunningServer> {
  const db = await openLive(config);
  const sources = options.sources ?? defaultSources;
  const { Pipeline } = await import('../app/pipeline.ts');
  // express, helmet and node-cron load only here: no other command needs them.
  const { createApp } = await import('../dashboard/app.ts');
  const { createHttpServer } = await import('../dashboard/http-server.ts');
  const { startScheduler } = await import('../ingest/schedule.ts');
  const pipeline = new Pipeline({ db, config, sources, seeds: options.seeds ?? seedLoaders, log: io.log });
  let scheduler: Scheduler | undefined;
  let closing = false;
  const app = createApp({
    db,
    config,
    log: io.log,
    jobs: () => scheduler?.jobs() ?? [],
    dataVersion: () => pipeline.version,
  });
  const server = createHttpServer(app);
  let control: Awaited<ReturnType<typeof startControlServer>> | undefined;
  try {
    // Listen first: the marts of the last publish serve at once; start-up work runs behind.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    control = await startControlServer(
      config.dataDir,
      async (request, out) => {
        if (pipeline.running) out(`waiting for the server's running job (${pipeline.running}) to finish`);
        if (request.command === 'transform') return describeTransform(await pipeline.refresh(), out);
        if (request.from !== undefined) parseIsoDay(request.from, '--from');
        if (request.to !== undefined) parseIsoDay(request.to, '--to');
        const names = sourceNames(sources, request.source ?? '');
        return collectWith(pipeline, names, { from: request.from, to: request.to }, out);
      },
      { isUsageError: (error) => error instanceof UsageError || error instanceof RangeError },
    ).catch((error: unknown) => {
      // E.g. a data folder path too long for a Unix socket: the server still serves; CLI jobs then meet the lock.
      io.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'control socket unavailable: CLI collect/transform cannot hand jobs to this server',
      );
      return undefined;
    });
  } catch (error) {
    server.close();
    db.close();
    throw error;
  }
  const ready = pipeline
    .start({ transform: 'if-changed' })
    .then(async (result) => {
      if ((options.schedule ?? config.schedule) && !closing)
        scheduler = await startScheduler(pipeline, { log: io.log });
      return result;
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof PipelineStoppedError))
        io.log.error({ err: message }, 'start-up failed; the published marts keep serving');
      return { transformError: message } as JobResult;
    });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    url,
    pipeline,
    get scheduler() {
      return scheduler;
    },
    ready,
    controlSocket: control?.path,
    close: async ({ graceMs = SHUTDOWN_GRACE_MS } = {}) => {
      closing = true;
      pipeline.stop();
      await scheduler?.stop();
      await control?.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      const running = pipeline.running;
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        pipeline.idle().then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (!finished) return { finished: false, running: pipeline.running ?? running };
      db.close();
      return { finished: true };
    },
  };
}
