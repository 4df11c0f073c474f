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
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../lib/paths.ts';
import type { Database, Session } from '../db/connection.ts';
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
  /** The header comment block, for the mart catalogue. */
  header: string;
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

function headerOf(sqlText: string): string {
  const lines: string[] = [];
  for (const line of sqlText.split('\n')) {
    if (!line.startsWith('--')) break;
    lines.push(line.replace(/^--\s?/, ''));
  }
  return lines.join('\n').trim();
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
      return { layer, name, file: path.join(dir, file), sql: stripTrailingSemicolon(text.trim()), header: headerOf(text) };
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
    if (state.get(m.name) === 'visiting') throw new TransformError(`cycle in ${layer}: ${[...trail, m.name].join(' -> ')}`);
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
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort() : [];
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
  /** In build order; `ms` is the model's build time (create plus row count), wall clock. */
  models: Array<{ layer: Layer; name: string; rows: number; ms: number }>;
  checks: CheckResult[];
  seeds: string[];
  /** Wall-clock milliseconds of the phases: seeds, models, checks, and the whole transform. */
  timings: { seedsMs: number; modelsMs: number; checksMs: number; totalMs: number };
}

const elapsedMs = (since: bigint) => Math.round(Number(process.hrtime.bigint() - since) / 1e5) / 10;

export async function runTransform(
  db: Database,
  options: { root?: string; log?: Logger; now?: Clock } = {},
): Promise<TransformResult> {
  const root = options.root ?? TRANSFORM_DIR;
  const log = options.log ?? silentLogger;
  const now = options.now ?? systemClock;
  const models = loadModels(root);
  const started = process.hrtime.bigint();
  return db.transaction(async (tx) => {
    const seeds = await loadSeeds(tx, root);
    const seedsMs = elapsedMs(started);
    const built: TransformResult['models'] = [];
    for (const layer of LAYERS) await tx.run(`create schema if not exists ${layer}`);
    for (const model of models) {
      const modelStarted = process.hrtime.bigint();
      try {
        await tx.run(`create or replace table ${model.layer}.${model.name} as ${model.sql}`);
      } catch (error) {
        throw new TransformError(`${model.layer}/${model.name}.sql: ${(error as Error).message}`);
      }
      const [count] = await tx.all<{ n: number }>(`select count(*)::integer as n from ${model.layer}.${model.name}`);
      built.push({ layer: model.layer, name: model.name, rows: count?.n ?? 0, ms: elapsedMs(modelStarted) });
    }
    const modelsMs = elapsedMs(started) - seedsMs;
    await tx.run(
      'create or replace table meta.marts as select * from (values (null::varchar, null::varchar, null::integer, null::timestamp)) t(name, header, row_count, built_at) where false',
    );
    const builtAt = now().toISOString();
    for (const model of models.filter((m) => m.layer === 'marts')) {
      const rows = built.find((b) => b.layer === 'marts' && b.name === model.name)?.rows ?? 0;
      await tx.run('insert into meta.marts values ($1, $2, $3, $4::timestamp)', [model.name, model.header, rows, builtAt]);
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
      if (check.failures > 0) log.warn({ check: check.name, failures: check.failures }, `check ${check.name} found rows`);
    }
    const failing = checks.filter((c) => c.severity === 'error' && c.failures > 0);
    if (failing.length > 0) {
      throw new TransformError(
        `checks failed: ${failing.map((c) => `${c.name} (${c.failures} rows, e.g. ${JSON.stringify(c.sample[0])})`).join('; ')}`,
      );
    }
    const timings = { seedsMs, modelsMs: Math.round(modelsMs * 10) / 10, checksMs, totalMs: elapsedMs(started) };
    // The run log keeps every model's build time, so a slow model shows without re-running anything.
    log.info(
      { ...timings, models: Object.fromEntries(built.map((b) => [`${b.layer}.${b.name}`, b.ms])) },
      `transform built ${built.length} models in ${timings.totalMs} ms`,
    );
    return { models: built, checks, seeds, timings };
  });
}
