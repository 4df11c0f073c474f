/**
 * `npm run bench`: runs every benchmark script in bench/, each in its own process, in name order, and prints what
 * each prints. The convention: a benchmark is a file `bench/<name>.ts` (any name but run.ts) that runs top to
 * bottom, measures its figures against a baseline taken in the same run, and prints them; it exits non-zero only
 * when it could not measure. Budgets are printed, read by people, never asserted.
 *
 *   npm run bench                 every script
 *   npm run bench -- startup hub  only the scripts whose names contain one of the words
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const BENCH_DIR = import.meta.dirname;
const filters = process.argv.slice(2);

const scripts = fs
  .readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
  .filter((f) => filters.length === 0 || filters.some((word) => f.includes(word)))
  .sort();

if (scripts.length === 0) {
  console.error(`bench: no script in bench/ matches ${filters.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const script of scripts) {
  console.log(`\n== bench/${script}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, script)], {
    stdio: 'inherit',
    cwd: path.dirname(BENCH_DIR),
  });
  if (result.status !== 0) {
    console.log(`bench/${script} failed (exit ${result.status ?? result.signal})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
