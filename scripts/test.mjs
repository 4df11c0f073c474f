#!/usr/bin/env node
// `npm test`: the type check (tsc --noEmit) and the test suite (vitest run) side by side, not one after the other.
// The suite leaves a core idle for stretches (tests waiting on a child process, Chromium or a killed owner), and the
// type check is one single-threaded process of about 10 s: run together they finish sooner on 2 cores than in a row.
// Arguments go to vitest (`npm test -- --reporter=json ...`). The type check's output is printed when it ends, so it
// never interleaves with the suite's; the exit code is non-zero if either fails.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
/** A package's file by its path in the package (vitest exports no subpath for its CLI). */
const packageFile = (name, file) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

function run(bin, args, { quiet }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (quiet) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const started = Date.now();
const [types, tests] = await Promise.all([
  run(packageFile('typescript', 'bin/tsc'), ['--noEmit'], { quiet: true }).then((result) => {
    console.error(
      result.code === 0
        ? `type check passed (${((Date.now() - started) / 1000).toFixed(0)} s)`
        : `type check failed:\n${result.output}`,
    );
    return result;
  }),
  run(packageFile('vitest', 'vitest.mjs'), ['run', ...process.argv.slice(2)], { quiet: false }),
]);
if (types.code !== 0) console.error('type check failed (see above)');
process.exitCode = types.code || tests.code;
