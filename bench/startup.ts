/**
 * Start-up budgets of the compiled CLI and server, against two baselines measured in the same run:
 * - `node -e ''`: a bare Node start (nothing can start faster);
 * - the same query through @duckdb/node-api in a plain script (what "querying DuckDB directly" costs from Node).
 *
 * Budgets (issue 7): `--help` under 0.3 s; `sql`, `export`, `status` on the seed database under 1 s; `npm start` to
 * the first page on a warm data folder under 2 s. Each figure is the median of BENCH_ROUNDS runs (default 5).
 * Run `npm run build` (or `npm install`) first: this measures dist/, as users run it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BIN = path.join(ROOT, 'bin', 'adoption-tracker.js');
const QUERY =
  "select week_start, models_in_top_20 from marts.openrouter_weekly_origin_share where origin_country = 'CN' and category = 'all'";

if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
  console.error('bench/startup: dist/cli.js is missing: run `npm run build` first');
  process.exit(1);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adoption-bench-startup-'));
const env = {
  ...process.env,
  ADOPTION_DATA_DIR: dataDir,
  ADOPTION_SCHEDULE: 'off',
  OPENROUTER_API_KEY: '',
  LOG_LEVEL: 'silent',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall time of a process from spawn to exit, in ms; fails the bench if the process fails. */
function timeProcess(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function measure(args: string[]): number {
  return median(Array.from({ length: ROUNDS }, () => timeProcess(args)));
}

/** From spawning `serve` to the first page's 200, on the warm data folder. */
async function timeFirstPage(): Promise<number> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, 'serve', '--no-schedule', '--port', '0'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const found = /serving on (http:\/\/\S+)/.exec(out);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code} before listening`)));
    });
    const response = await fetch(`${url}/`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET / answered ${response.status}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

try {
  // The warm data folder: the seed history loaded, transformed and published once.
  timeProcess([BIN, 'transform']);
  const published = path.join(dataDir, 'adoption.duckdb');
  const duckdbScript = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const instance = await DuckDBInstance.create(${JSON.stringify(published)}, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(${JSON.stringify(QUERY)});
    console.log(JSON.stringify(reader.getRowObjectsJson()).length);
  `;

  const bare = measure(['-e', '']);
  const duckdb = measure(['--input-type=module', '-e', duckdbScript]);
  const rows: Array<{ name: string; ms: number; budget: number; vsDuckdb: boolean }> = [
    { name: '--help', ms: measure([BIN, '--help']), budget: 300, vsDuckdb: false },
    { name: 'sql', ms: measure([BIN, 'sql', QUERY]), budget: 1000, vsDuckdb: true },
    {
      name: 'export',
      ms: measure([BIN, 'export', 'openrouter_weekly_origin_share', '--format', 'csv']),
      budget: 1000,
      vsDuckdb: true,
    },
    { name: 'status', ms: measure([BIN, 'status']), budget: 1000, vsDuckdb: true },
  ];
  const pages: number[] = [];
  for (let i = 0; i < ROUNDS; i++) pages.push(await timeFirstPage());
  rows.push({ name: 'start to first page', ms: median(pages), budget: 2000, vsDuckdb: false });

  console.log(
    `rounds: ${ROUNDS} (median), machine: ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, node ${process.version}`,
  );
  console.log(`baseline node -e ''              ${bare.toFixed(0).padStart(6)} ms`);
  console.log(
    `baseline plain @duckdb/node-api  ${duckdb.toFixed(0).padStart(6)} ms   (the sql query in a plain script)`,
  );
  console.log('');
  console.log(
    `${'command'.padEnd(22)} ${'ms'.padStart(6)}  ${'x node'.padStart(7)}  ${'x duckdb'.padStart(8)}  budget`,
  );
  for (const row of rows) {
    const vsDuckdb = row.vsDuckdb ? `${(row.ms / duckdb).toFixed(2)}x`.padStart(8) : ''.padStart(8);
    const verdict = row.ms <= row.budget ? 'within' : 'OVER';
    console.log(
      `${row.name.padEnd(22)} ${row.ms.toFixed(0).padStart(6)}  ${`${(row.ms / bare).toFixed(2)}x`.padStart(7)}  ${vsDuckdb}  ${verdict} ${row.budget} ms`,
    );
  }
  console.log('A loaded machine slows every row and both baselines alike: read the ratios first.');
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
