/**
 * The kill campaign of issue 9, shared by test/reliability/kills.test.ts and bench/reliability.ts: a seeded sequence
 * of SIGKILLs aimed at collect, transform and publish of a real owner process, each followed by the checks a next
 * start relies on, then a run to the end that must converge to exactly the clean result.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { Database } from '../../db/connection.ts';
import { openLiveDatabase } from '../../db/live.ts';
import { migrate } from '../../db/migrate.ts';
import { publish, publishedPath } from '../../db/publish.ts';
import { markInterruptedRuns, runSource } from '../../ingest/run.ts';
import { loadConfig } from '../../lib/config.ts';
import { runTransform, TRANSFORM_DIR } from '../../transform/run.ts';
import { allDaysHeld, EXPECTED_ROWS, killSource } from './kill-dataset.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const PHASES = ['collect', 'transform', 'publish'] as const;

/** mulberry32: a small seeded PRNG, so a failing campaign replays exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bundles the child once (packages stay external and resolve from the repository's node_modules). */
export async function bundleChild(): Promise<string> {
  const outfile = path.join(ROOT, 'test-results', `kill-child-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, 'test/reliability/kill-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

export interface KillReport {
  seed: number;
  attempts: number;
  kills: number;
  killsByPhase: Record<(typeof PHASES)[number], number>;
  /** Checks that failed after a kill, with the attempt number; empty when every kill was survived. */
  violations: string[];
  rowsLost: number;
  rowsDuplicated: number;
  /** The final marts equal a clean run's. */
  converged: boolean;
}

interface Snapshot {
  rows: number;
  distinct: number;
  mart: string;
}

async function snapshot(file: string, options: { readOnly: boolean }): Promise<Snapshot> {
  const db = await Database.open(file, { readOnly: options.readOnly });
  try {
    const [raw] = await db.json<{ rows: number; distinct: number }>(
      `select count(*)::integer as rows, count(distinct (date, model_permaslug))::integer as distinct
       from raw.openrouter_rankings where model_permaslug like 'killtest/%'`,
    );
    const mart = await db.json(
      `select strftime(day, '%Y-%m-%d') as d, model_permaslug, total_tokens::varchar as tokens
       from marts.openrouter_daily_model_tokens where model_permaslug like 'killtest/%' order by 1, 2`,
    );
    return { rows: raw!.rows, distinct: raw!.distinct, mart: JSON.stringify(mart) };
  } finally {
    db.close();
  }
}

/** After a kill: what the next owner relies on. Returns the violations found. */
async function checkAfterKill(dataDir: string): Promise<string[]> {
  const problems: string[] = [];
  const leftovers = fs.readdirSync(dataDir).filter((f) => f.includes('.tmp.duckdb'));
  const db = await openLiveDatabase(dataDir); // the next start: it must open, and it removes publish temp files
  try {
    await migrate(db, path.join(ROOT, 'db', 'migrations'));
    await markInterruptedRuns(db);
    const [half] = await db.json<{ n: number }>(
      `select count(*)::integer as n from raw.openrouter_rankings r join meta.runs m using (run_id) where m.status <> 'succeeded'`,
    );
    if (half!.n > 0) problems.push(`${half!.n} raw rows of a run that did not succeed`);
    const [running] = await db.json<{ n: number }>(
      "select count(*)::integer as n from meta.runs where status = 'running'",
    );
    if (running!.n > 0) problems.push(`${running!.n} runs still 'running' after the next start`);
  } finally {
    db.close();
  }
  if (leftovers.length && fs.readdirSync(dataDir).some((f) => f.includes('.tmp.duckdb')))
    problems.push('publish temp files not removed at the next start');
  const published = publishedPath(dataDir);
  if (fs.existsSync(published)) {
    try {
      const snap = await snapshot(published, { readOnly: true });
      // The published copy is always a complete transform of its own raw layer: one mart row per raw (day, model).
      if (snap.rows !== snap.distinct) problems.push(`published raw has ${snap.rows - snap.distinct} duplicated rows`);
      if ((JSON.parse(snap.mart) as unknown[]).length !== snap.distinct)
        problems.push('published marts do not match the published raw layer');
    } catch (error) {
      problems.push(`published copy does not open: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return problems;
}

function runChild(
  bundle: string,
  dataDir: string,
  transformDir: string,
  target: string | undefined,
  delayMs: number,
): Promise<{ killed: boolean; phase?: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, dataDir, ROOT, transformDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let killed = false;
    let killedIn: string | undefined;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      buffer += d;
      const phases = [...buffer.matchAll(/^phase (\w+)$/gm)].map((m) => m[1]!);
      if (!killed && target && phases.includes(target)) {
        killed = true;
        // A random point inside the phase: the SIGKILL lands wherever the child is by then.
        setTimeout(() => {
          killedIn = [...buffer.matchAll(/^phase (\w+)$/gm)].map((m) => m[1]!).at(-1);
          child.kill('SIGKILL');
        }, delayMs);
      }
    });
    child.on('close', (_code, signal) => resolve({ killed: signal === 'SIGKILL', phase: killedIn, stderr }));
  });
}

/** The clean result: the same dataset collected, transformed and published in this process, never killed. */
export async function cleanResult(dataDir: string, transformDir = TRANSFORM_DIR): Promise<Snapshot> {
  const config = loadConfig({ ADOPTION_DATA_DIR: dataDir, ADOPTION_SEED_HISTORY: 'off', ADOPTION_SCHEDULE: 'off' });
  const db = await openLiveDatabase(dataDir);
  try {
    await migrate(db);
    while (!(await allDaysHeld(db))) await runSource(killSource, { db, config });
    await runTransform(db, { root: transformDir });
    await publish(db, publishedPath(dataDir));
  } finally {
    db.close();
  }
  return snapshot(publishedPath(dataDir), { readOnly: true });
}

export async function runKillCampaign(options: {
  seed: number;
  kills: number;
  dataDir: string;
  cleanDir: string;
  maxAttempts?: number;
  /**
   * The transform tree the owner runs (default: the repository's whole transform/). The test passes the subset that
   * builds the checked mart (test/support/transform-subset.ts): the same runTransform in one transaction, fewer
   * tables, so a kill costs less.
   */
  transformDir?: string;
}): Promise<KillReport> {
  const transformDir = options.transformDir ?? TRANSFORM_DIR;
  const random = seeded(options.seed);
  const bundle = await bundleChild();
  const report: KillReport = {
    seed: options.seed,
    attempts: 0,
    kills: 0,
    killsByPhase: { collect: 0, transform: 0, publish: 0 },
    violations: [],
    rowsLost: 0,
    rowsDuplicated: 0,
    converged: false,
  };
  try {
    const maxAttempts = options.maxAttempts ?? options.kills * 3;
    while (report.kills < options.kills && report.attempts < maxAttempts) {
      report.attempts += 1;
      const target = PHASES[Math.floor(random() * PHASES.length)]!;
      const delayMs = Math.floor(random() * 40);
      const result = await runChild(bundle, options.dataDir, transformDir, target, delayMs);
      if (result.stderr)
        report.violations.push(`attempt ${report.attempts}: child wrote to stderr: ${result.stderr.split('\n')[0]}`);
      if (result.killed) {
        report.kills += 1;
        const phase = (result.phase ?? target) as (typeof PHASES)[number];
        if (phase in report.killsByPhase) report.killsByPhase[phase] += 1;
      }
      for (const problem of await checkAfterKill(options.dataDir))
        report.violations.push(`attempt ${report.attempts}: ${problem}`);
      // A child that finished the whole dataset leaves nothing to kill: start the dataset again in a fresh folder.
      if (!result.killed) {
        fs.rmSync(options.dataDir, { recursive: true, force: true });
        fs.mkdirSync(options.dataDir, { recursive: true });
      }
    }
    // The next run, not killed, converges to exactly the clean result.
    const last = await runChild(bundle, options.dataDir, transformDir, undefined, 0);
    if (last.stderr) report.violations.push(`final run wrote to stderr: ${last.stderr.split('\n')[0]}`);
    const final = await snapshot(publishedPath(options.dataDir), { readOnly: true });
    const clean = await cleanResult(options.cleanDir, transformDir);
    report.rowsLost = Math.max(0, EXPECTED_ROWS - final.distinct);
    report.rowsDuplicated = final.rows - final.distinct;
    report.converged = final.mart === clean.mart && clean.rows === EXPECTED_ROWS;
  } finally {
    fs.rmSync(bundle, { force: true });
  }
  return report;
}
