/**
 * Builds the layers: seeds -> staging -> intermediate -> marts, then runs the checks.
 *
 * - `seeds/<name>.csv` loads into `seeds.<name>` (all columns text; staging casts).
 * - `<layer>/<name>.sql` holds one select; it becomes the table `<layer>.<name>` (the file name is the table name).
 *   Within a layer, a file that names `<layer>.<other>` is built after `other`.
 * - `checks/<name>.sql` returns offending rows (empty = pass). A check whose header says `-- severity: warn`
 *   reports without failing; any other failing check fails the transform.
 *
 * The whole build is one transaction: a failed transform leaves the previous marts serving.
 *
 * Incremental builds (the day-grained Hugging Face models): a model's header line `-- incremental: ...` says how it
 * may be rebuilt; models without one are rebuilt in full every time.
 * - `day`: a day's rows depend only on that day's inputs. Its day-grained inputs are read filtered to the dirty days;
 *   its rows of those days are deleted and recomputed, every other day is kept.
 * - `day, earlier days`: a day also reads earlier days (lags, trailing medians): once a day's raw rows change, every
 *   later day is dirty too. Its inputs are not filtered; it reads the variable `transform_first_dirty_day` to bound
 *   what it reads itself (int_hf_downloads_daily_derived).
 * - `diff by <key>`: a small keyed table (not day-grained), rebuilt in full and compared with its previous rows; the keys
 *   of the rows that differ are recorded as changed keys.
 * - `day or changed <key>[; dirty on <columns>]`: the rows of the dirty days and of the changed keys are recomputed
 *   (its day-grained inputs read filtered to them); the days where a changed key's rows now differ (in those columns)
 *   become dirty for the models after it (the chosen base models: a later day's links can change an earlier day's
 *   lineage through the fallback to a model's latest links).
 * A model whose header says `-- materialized: view` is a view, not a table: created again on every build (a view is never
 * stale), read by its readers as a table is (an incremental reader of a day-grained view reads the view's query with
 * its inputs filtered to the dirty days, as its own are). For a cleaning step read by few models, or rows that one
 * aggregate reads, computing them again in each reader costs less than writing them. A view's rows are not counted.
 * Dirty days are the days whose raw Hub rows changed (fingerprint per day: rows and latest run, so a new day, a re-run
 * day or a deleted day), plus those a keyed model adds. A changed seed (the origin registry) or a changed SQL file
 * rebuilds everything, as does `full: true`. The result is the same as a full rebuild, row for row
 * (test/transform/incremental.test.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../lib/paths.ts';
import { withSettings, type Database, type Session } from '../db/connection.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import { systemClock, type Clock } from '../lib/time.ts';

export const TRANSFORM_DIR = fromRoot('transform');
export const LAYERS = ['staging', 'intermediate', 'marts'] as const;
export type Layer = (typeof LAYERS)[number];

export interface Model {
  layer: Layer;
  name: string;
  file: string;
  sql: string;
  /** The header comment block, for the mart catalogue (without the `incremental:` line). */
  header: string;
  /** From the header's `-- incremental: ...` line; absent = rebuilt in full every time. */
  incremental?: 'same-day' | 'earlier-days' | 'diff' | 'keyed';
  /** For 'diff' and 'keyed': the key column (e.g. model_id) whose changed values the model records or reads. */
  key?: string;
  /** For 'keyed': the columns whose changes dirty a day downstream (absent: every column). */
  dirtyOn?: string[];
  /** From the header's `-- materialized: view` line: a view, created again on every build; absent = a table. */
  materialized?: 'view';
}

export interface CheckResult {
  name: string;
  severity: 'error' | 'warn';
  failures: number;
  sample: Record<string, unknown>[];
}

export class TransformError extends Error {
  override name = 'TransformError';
}

const NAME = /^[a-z][a-z0-9_]*$/;

function listSql(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

function headerLines(sqlText: string): string[] {
  const lines: string[] = [];
  for (const line of sqlText.split('\n')) {
    if (!line.startsWith('--')) break;
    lines.push(line.replace(/^--\s?/, ''));
  }
  return lines;
}

const INCREMENTAL = /^incremental:\s*(.*)$/;
const MATERIALIZED = /^materialized:\s*(.*)$/;

function headerOf(sqlText: string): string {
  return headerLines(sqlText)
    .filter((line) => !INCREMENTAL.test(line) && !MATERIALIZED.test(line))
    .join('\n')
    .trim();
}

function materializedOf(file: string, sqlText: string, incremental: Model['incremental']): Pick<Model, 'materialized'> {
  const line = headerLines(sqlText).find((l) => MATERIALIZED.test(l));
  if (!line) return {};
  const value = MATERIALIZED.exec(line)![1]!.trim();
  if (value !== 'view') throw new TransformError(`${file}: materialized must be "view", got ${JSON.stringify(value)}`);
  // A view keeps no rows: it cannot be compared with its previous rows nor recomputed for some keys.
  if (incremental && incremental !== 'same-day')
    throw new TransformError(
      `${file}: a view can only be "incremental: day" (its readers filter it to the dirty days)`,
    );
  return { materialized: 'view' };
}

function incrementalOf(file: string, sqlText: string): Pick<Model, 'incremental' | 'key' | 'dirtyOn'> {
  const line = headerLines(sqlText).find((l) => INCREMENTAL.test(l));
  if (!line) return {};
  const value = INCREMENTAL.exec(line)![1]!.trim();
  if (value === 'day') return { incremental: 'same-day' };
  if (value === 'day, earlier days') return { incremental: 'earlier-days' };
  const diff = /^diff by ([a-z][a-z0-9_]*)$/.exec(value);
  if (diff) return { incremental: 'diff', key: diff[1] };
  const keyed = /^day or changed ([a-z][a-z0-9_]*)(?:; dirty on ([a-z][a-z0-9_]*(?:, [a-z][a-z0-9_]*)*))?$/.exec(value);
  if (keyed) return { incremental: 'keyed', key: keyed[1], ...(keyed[2] ? { dirtyOn: keyed[2].split(', ') } : {}) };
  throw new TransformError(
    `${file}: incremental must be "day", "day, earlier days", "diff by <key>" or "day or changed <key>[; dirty on <columns>]", got ${JSON.stringify(value)}`,
  );
}

function stripTrailingSemicolon(sqlText: string): string {
  return sqlText.replace(/;\s*$/, '');
}

export function loadModels(root = TRANSFORM_DIR): Model[] {
  const models: Model[] = [];
  for (const layer of LAYERS) {
    const dir = path.join(root, layer);
    const inLayer: Model[] = listSql(dir).map((file) => {
      const name = file.replace(/\.sql$/, '');
      if (!NAME.test(name)) throw new TransformError(`${layer}/${file}: a model's file name must be snake_case`);
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const incremental = incrementalOf(`${layer}/${file}`, text);
      return {
        layer,
        name,
        file: path.join(dir, file),
        sql: stripTrailingSemicolon(text.trim()),
        header: headerOf(text),
        ...incremental,
        ...materializedOf(`${layer}/${file}`, text, incremental.incremental),
      };
    });
    models.push(...orderWithinLayer(layer, inLayer));
  }
  return models;
}

function orderWithinLayer(layer: Layer, models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, trail: string[]) => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting')
      throw new TransformError(`cycle in ${layer}: ${[...trail, m.name].join(' -> ')}`);
    state.set(m.name, 'visiting');
    const refs = m.sql.matchAll(new RegExp(`\\b${layer}\\.([a-z][a-z0-9_]*)`, 'g'));
    for (const [, ref] of refs) {
      const dep = byName.get(ref!);
      if (dep && dep !== m) visit(dep, [...trail, m.name]);
    }
    state.set(m.name, 'done');
    ordered.push(m);
  };
  for (const m of models) visit(m, []);
  return ordered;
}

export function martNames(root = TRANSFORM_DIR): string[] {
  return listSql(path.join(root, 'marts')).map((f) => f.replace(/\.sql$/, ''));
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

async function loadSeeds(tx: Session, root: string): Promise<string[]> {
  const dir = path.join(root, 'seeds');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.csv'))
        .sort()
    : [];
  await tx.run('create schema if not exists seeds');
  const names: string[] = [];
  for (const file of files) {
    const name = file.replace(/\.csv$/, '');
    if (!NAME.test(name)) throw new TransformError(`seeds/${file}: a seed's file name must be snake_case`);
    // The path is one of our own files, never user input.
    await tx.run(
      `create or replace table seeds.${name} as select * from read_csv(${quoteLiteral(path.join(dir, file))}, header = true, all_varchar = true, quote = '"', escape = '"')`,
    );
    names.push(name);
  }
  return names;
}

export async function runChecks(session: Session, root = TRANSFORM_DIR): Promise<CheckResult[]> {
  const dir = path.join(root, 'checks');
  const results: CheckResult[] = [];
  for (const file of listSql(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    // headerOf() has already stripped the leading `--` of each line.
    const severity = /^severity:\s*warn\b/im.test(headerOf(text)) ? 'warn' : 'error';
    // The newline ends a trailing `-- comment` line before the closing parenthesis.
    const rows = await session.json(`select * from (${stripTrailingSemicolon(text.trim())}\n) as offending limit 1000`);
    results.push({ name: file.replace(/\.sql$/, ''), severity, failures: rows.length, sample: rows.slice(0, 20) });
  }
  return results;
}

export interface TransformResult {
  /**
   * In build order; `ms` is the model's build time (create plus row count), wall clock; `cpuMs` the process's CPU time
   * (user + system, DuckDB's threads included) meanwhile, steadier than wall time on a loaded machine. `rows` is null
   * for a view (not counted).
   */
  models: Array<{ layer: Layer; name: string; rows: number | null; ms: number; cpuMs: number }>;
  checks: CheckResult[];
  seeds: string[];
  /** Wall-clock milliseconds of the phases: seeds, models, checks, and the whole transform. */
  timings: { seedsMs: number; modelsMs: number; checksMs: number; totalMs: number };
  /** 'full' = every model rebuilt; 'incremental' = day-grained models rebuilt for `dirtyDays` only. */
  mode: 'full' | 'incremental';
  /** Days recomputed by the incremental models (every day in a full build). */
  dirtyDays: number;
}

/** The raw day-grained tables whose per-day fingerprints decide the dirty days. */
const RAW_DAY_TABLES = ['raw.hf_model_snapshots', 'raw.hf_model_base_models'] as const;

/** The fingerprint of everything a full rebuild depends on besides the raw rows: every SQL file and every seed. */
function definitionHash(root: string): string {
  const hash = crypto.createHash('sha256');
  for (const sub of ['seeds', ...LAYERS]) {
    const dir = path.join(root, sub);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      hash.update(`${sub}/${file}\0`);
      hash.update(fs.readFileSync(path.join(dir, file)));
    }
  }
  return hash.digest('hex');
}

async function exists(tx: Session, schema: string, table: string): Promise<boolean> {
  const rows = await tx.json(
    'select 1 from information_schema.tables where table_catalog = current_database() and table_schema = $1 and table_name = $2',
    [schema, table],
  );
  return rows.length > 0;
}

/** Each raw day's fingerprint: rows and latest run, of every day-grained raw table. */
async function rawDayFingerprints(tx: Session): Promise<Map<string, string>> {
  const parts: string[] = [];
  for (const table of RAW_DAY_TABLES) {
    const [schema, name] = table.split('.') as [string, string];
    if (await exists(tx, schema, name)) {
      parts.push(
        `select '${name}' as t, day::varchar as day, count(*) || ':' || max(run_id) as f from ${table} group by day`,
      );
    }
  }
  if (parts.length === 0) return new Map();
  const rows = await tx.json<{ day: string; fingerprint: string }>(
    `select day, string_agg(t || '=' || f, ',' order by t) as fingerprint from (${parts.join(' union all ')}) group by day`,
  );
  return new Map(rows.map((r) => [r.day, r.fingerprint]));
}

/**
 * The day-grained relations read by an incremental model, filtered to the rows it may recompute (`condition`). A
 * day-grained view (`views`: its SQL by relation) is read as its own query with its inputs filtered the same way (a
 * view's day holds only that day's inputs): a filter on the view's rows would reach its inputs' scans only through
 * DuckDB's join filters, and int_hf_snapshots_scoped then joined every day's rows to keep one.
 */
function filterInputs(
  sqlText: string,
  relations: readonly string[],
  condition: string,
  views: ReadonlyMap<string, string> = new Map(),
): string {
  if (relations.length === 0) return sqlText;
  const pattern = new RegExp(`\\b(${relations.map((r) => r.replace('.', '\\.')).join('|')})\\b(?!\\.)`, 'g');
  // Header comments mention relations too: only the lines after the header are rewritten.
  const lines = sqlText.split('\n');
  const bodyStart = lines.findIndex((l) => !l.startsWith('--'));
  const head = lines.slice(0, bodyStart).join('\n');
  const filtered = (relation: string) => {
    const view = views.get(relation);
    // The newline ends a trailing `-- comment` line of the view's query before the closing parenthesis.
    return view === undefined
      ? `(select * from ${relation} where ${condition})`
      : `(select * from (${filterInputs(view, relations, condition, views)}\n) where ${condition})`;
  };
  // Only the code before a line's `--` is rewritten: a view's query spans lines, and would end a comment that names it.
  // (A `--` inside a string literal leaves the rest of its line unfiltered: read whole, still right, only slower.)
  const body = lines
    .slice(bodyStart)
    .map((line) => {
      const comment = line.indexOf('--');
      return comment < 0
        ? line.replace(pattern, filtered)
        : line.slice(0, comment).replace(pattern, filtered) + line.slice(comment);
    })
    .join('\n');
  return head ? `${head}\n${body}` : body;
}

const IN_DIRTY_DAYS = 'day in (select day from transform_dirty_days)';
const inChangedKeys = (key: string) => `${key} in (select key from transform_changed_keys)`;

const elapsedMs = (since: bigint) => Math.round(Number(process.hrtime.bigint() - since) / 1e5) / 10;

/**
 * DuckDB's memory_limit while a transform runs, when ADOPTION_DUCKDB_MEMORY_LIMIT is unset. With DuckDB's default (80%
 * of the machine's memory) a full rebuild of a year of 20k-model days kept 3.6 GiB resident; bounded, DuckDB evicts
 * or spills past the limit. The process stays above it by Node's heap and what DuckDB allocates outside its buffer
 * manager: the year's rebuild peaked at 1.3 GiB with 768MB, at 1.7-1.9 GiB with 1GB, for about the same CPU time
 * (docs/performance.md, "The year, honestly"); 1.3-1.7 GiB with 768MB since its day-grained working tables are views
 * ("The incremental transform"). A configured limit wins.
 */
export const TRANSFORM_MEMORY_LIMIT = '768MB';

/**
 * Compression methods DuckDB does not try while a transform writes: FSST. Checking whether FSST suits each string column
 * of each row group was about a quarter of the CPU of writing int_hf_models_attributed's 7.3M rows (when it was a
 * table), and on these columns (repeated ids, countries, organisations) DuckDB chose dictionary compression anyway: the
 * table took the same blocks.
 */
const TRANSFORM_DISABLED_COMPRESSION = 'fsst';

/**
 * Runs `work` with the transform's DuckDB settings (memory_limit TRANSFORM_MEMORY_LIMIT unless one is configured, FSST
 * not tried), then puts them back as they were, whether the transform succeeded or not. They are settings of the
 * database instance: a dashboard query running meanwhile shares them for the transform's duration.
 */
function withTransformSettings<T>(db: Database, work: () => Promise<T>): Promise<T> {
  return withSettings(
    db,
    {
      ...(db.memoryLimit ? {} : { memory_limit: TRANSFORM_MEMORY_LIMIT }),
      disabled_compression_methods: TRANSFORM_DISABLED_COMPRESSION,
    },
    work,
  );
}

export async function runTransform(
  db: Database,
  options: { root?: string; log?: Logger; now?: Clock; full?: boolean } = {},
): Promise<TransformResult> {
  return withTransformSettings(db, () => transformInTransaction(db, options));
}

async function transformInTransaction(
  db: Database,
  options: { root?: string; log?: Logger; now?: Clock; full?: boolean },
): Promise<TransformResult> {
  const root = options.root ?? TRANSFORM_DIR;
  const log = options.log ?? silentLogger;
  const now = options.now ?? systemClock;
  const models = loadModels(root);
  const hash = definitionHash(root);
  const started = process.hrtime.bigint();
  return db.transaction(async (tx) => {
    const seeds = await loadSeeds(tx, root);
    const seedsMs = elapsedMs(started);
    const built: TransformResult['models'] = [];
    for (const layer of LAYERS) await tx.run(`create schema if not exists ${layer}`);
    await tx.run('create schema if not exists meta');
    await tx.run('create table if not exists meta.transform_state (key varchar primary key, value varchar not null)');
    await tx.run('create table if not exists meta.transform_days (day date primary key, fingerprint varchar not null)');

    const incremental = models.filter((m) => m.incremental);
    const fingerprints = incremental.length ? await rawDayFingerprints(tx) : new Map<string, string>();
    const [previousHash] = await tx.json<{ value: string }>(
      "select value from meta.transform_state where key = 'definition'",
    );
    let full = options.full === true || previousHash?.value !== hash;
    for (const m of incremental) if (!full && !(await exists(tx, m.layer, m.name))) full = true;

    // Days whose raw rows changed, appeared or disappeared since the last build.
    const changed = new Set<string>();
    if (!full) {
      const held = await tx.json<{ day: string; fingerprint: string }>(
        'select day::varchar as day, fingerprint from meta.transform_days',
      );
      const before = new Map(held.map((r) => [r.day, r.fingerprint]));
      for (const [day, f] of fingerprints) if (before.get(day) !== f) changed.add(day);
      for (const day of before.keys()) if (!fingerprints.has(day)) changed.add(day);
    }
    const earlierDays = incremental.some((m) => m.incremental === 'earlier-days');
    const allDays = [...new Set([...fingerprints.keys(), ...changed])].sort();
    await tx.run('create or replace temp table transform_dirty_days (day date primary key)');
    let dirtyCount = 0;
    // Only a change of the raw rows reaches later days (through the models that read earlier days); a day dirtied by a
    // lineage change recomputes that day alone.
    const firstRawChanged = [...changed].sort()[0];
    const laterDays = earlierDays && firstRawChanged ? allDays.filter((d) => d >= firstRawChanged) : [];
    /** Rewrites the dirty days: the changed ones and, when a model reads earlier days, every day after the first. */
    const setDirty = async () => {
      const dirty = full ? allDays : [...new Set([...changed, ...laterDays])].sort();
      await tx.run('delete from transform_dirty_days');
      if (dirty.length) {
        await tx.run('insert into transform_dirty_days select unnest(from_json($1::json, \'["DATE"]\'))', [
          JSON.stringify(dirty),
        ]);
      }
      dirtyCount = dirty.length;
      // A constant for the models that read a window of earlier days (DuckDB folds it, so day filters prune storage).
      await tx.run('set variable transform_first_dirty_day = (select min(day) from transform_dirty_days)');
    };
    await setDirty();
    await tx.run('create or replace temp table transform_changed_keys (key varchar)');
    // The 'diff' models are keyed tables, not day-grained: they are read whole.
    const dayRelations = [
      ...RAW_DAY_TABLES,
      ...incremental.filter((m) => m.incremental !== 'diff').map((m) => `${m.layer}.${m.name}`),
    ];
    // The day-grained views, read as their own query with filtered inputs by the incremental models.
    const dayViews = new Map(
      incremental.filter((m) => m.materialized === 'view').map((m) => [`${m.layer}.${m.name}`, m.sql] as const),
    );

    // What each model's relation is now: a model that changed from table to view (or back) drops the other first.
    const relationTypes = new Map(
      (
        await tx.json<{ name: string; type: string }>(
          `select table_schema || '.' || table_name as name, table_type as type from information_schema.tables
           where table_catalog = current_database() and table_schema in ('staging', 'intermediate', 'marts')`,
        )
      ).map((r) => [r.name, r.type]),
    );
    for (const model of models) {
      const target = `${model.layer}.${model.name}`;
      const modelStarted = process.hrtime.bigint();
      const cpuStarted = process.cpuUsage();
      try {
        const held = relationTypes.get(target);
        if (model.materialized === 'view') {
          if (held && held !== 'VIEW') await tx.run(`drop table ${target}`);
          await tx.run(`create or replace view ${target} as ${model.sql}`);
        } else if (held === 'VIEW') {
          await tx.run(`drop view ${target}`);
          await tx.run(`create table ${target} as ${model.sql}`);
        } else if (full || !model.incremental) {
          await tx.run(`create or replace table ${target} as ${model.sql}`);
        } else if (model.incremental === 'diff') {
          // Rebuilt in full (it is small: one row per key), then compared: the keys of the rows that differ are
          // recorded for the 'keyed' models that read it.
          await tx.run(`create or replace temp table transform_diff_before as select * from ${target}`);
          await tx.run(`create or replace table ${target} as ${model.sql}`);
          await tx.run(
            `insert into transform_changed_keys select distinct ${model.key}::varchar from (
                 (select * from transform_diff_before except all select * from ${target})
                 union all
                 (select * from ${target} except all select * from transform_diff_before)
             )`,
          );
          await tx.run('drop table transform_diff_before');
        } else if (model.incremental === 'keyed') {
          // The rows of the dirty days and of the changed keys are recomputed; the days where a changed key's rows
          // now differ (in the `dirtyOn` columns) become dirty downstream.
          const key = model.key!;
          const scope = `(${IN_DIRTY_DAYS} or ${inChangedKeys(key)})`;
          const compared = model.dirtyOn ? ['day', key, ...model.dirtyOn].join(', ') : '*';
          await tx.run(
            `create or replace temp table transform_diff_before as select ${compared} from ${target} where ${inChangedKeys(key)}`,
          );
          await tx.run(`delete from ${target} where ${scope}`);
          await tx.run(
            `insert into ${target} by name select * from (${filterInputs(model.sql, dayRelations, scope, dayViews)}\n) where ${scope}`,
          );
          const differing = await tx.json<{ day: string }>(
            `select distinct day::varchar as day from (
                 (select * from transform_diff_before
                  except all select ${compared} from ${target} where ${inChangedKeys(key)})
                 union all
                 (select ${compared} from ${target} where ${inChangedKeys(key)}
                  except all select * from transform_diff_before)
             )`,
          );
          await tx.run('drop table transform_diff_before');
          const added = differing.filter(({ day }) => !changed.has(day));
          if (added.length) {
            for (const { day } of added) changed.add(day);
            await setDirty();
          }
        } else {
          const sqlText =
            model.incremental === 'same-day'
              ? filterInputs(model.sql, dayRelations, IN_DIRTY_DAYS, dayViews)
              : model.sql;
          await tx.run(`delete from ${target} where ${IN_DIRTY_DAYS}`);
          await tx.run(`insert into ${target} by name select * from (${sqlText}\n) where ${IN_DIRTY_DAYS}`);
        }
      } catch (error) {
        throw new TransformError(`${model.layer}/${model.name}.sql: ${(error as Error).message}`);
      }
      // A view's rows are not counted: counting would run its query (for int_hf_snapshots_scoped, every join of a year
      // of snapshot rows), work no build needs.
      const rows =
        model.materialized === 'view'
          ? null
          : ((await tx.all<{ n: number }>(`select count(*)::integer as n from ${model.layer}.${model.name}`))[0]?.n ??
            0);
      const cpu = process.cpuUsage(cpuStarted);
      built.push({
        layer: model.layer,
        name: model.name,
        rows,
        ms: elapsedMs(modelStarted),
        cpuMs: Math.round((cpu.user + cpu.system) / 1e3),
      });
    }
    const modelsMs = elapsedMs(started) - seedsMs;
    await tx.run(
      'create or replace table meta.marts as select * from (values (null::varchar, null::varchar, null::integer, null::timestamp)) t(name, header, row_count, built_at) where false',
    );
    const builtAt = now().toISOString();
    for (const model of models.filter((m) => m.layer === 'marts')) {
      const rows = built.find((b) => b.layer === 'marts' && b.name === model.name)?.rows ?? 0;
      await tx.run('insert into meta.marts values ($1, $2, $3, $4::timestamp)', [
        model.name,
        model.header,
        rows,
        builtAt,
      ]);
    }
    const checksStarted = process.hrtime.bigint();
    const checks = await runChecks(tx, root);
    const checksMs = elapsedMs(checksStarted);
    await tx.run(
      'create or replace table meta.check_results (name varchar, severity varchar, failures integer, sample json, checked_at timestamp)',
    );
    for (const check of checks) {
      await tx.run('insert into meta.check_results values ($1, $2, $3, $4::json, $5::timestamp)', [
        check.name,
        check.severity,
        check.failures,
        JSON.stringify(check.sample),
        builtAt,
      ]);
      if (check.failures > 0)
        log.warn({ check: check.name, failures: check.failures }, `check ${check.name} found rows`);
    }
    const failing = checks.filter((c) => c.severity === 'error' && c.failures > 0);
    if (failing.length > 0) {
      throw new TransformError(
        `checks failed: ${failing.map((c) => `${c.name} (${c.failures} rows, e.g. ${JSON.stringify(c.sample[0])})`).join('; ')}`,
      );
    }
    await tx.run('delete from meta.transform_days');
    if (fingerprints.size) {
      await tx.run(
        `insert into meta.transform_days select unnest(map_keys(m))::date, unnest(map_values(m))
         from (select $1::json::map(varchar, varchar) as m)`,
        [JSON.stringify(Object.fromEntries(fingerprints))],
      );
    }
    await tx.run("insert or replace into meta.transform_state values ('definition', $1)", [hash]);
    const mode = full ? 'full' : 'incremental';
    const timings = { seedsMs, modelsMs: Math.round(modelsMs * 10) / 10, checksMs, totalMs: elapsedMs(started) };
    // The run log keeps every model's build time, so a slow model shows without re-running anything.
    log.info(
      {
        ...timings,
        mode,
        dirtyDays: dirtyCount,
        models: Object.fromEntries(built.map((b) => [`${b.layer}.${b.name}`, b.ms])),
      },
      `transform built ${built.length} models in ${timings.totalMs} ms (${mode}, ${dirtyCount} days recomputed)`,
    );
    return { models: built, checks, seeds, timings, mode, dirtyDays: dirtyCount };
  });
}
