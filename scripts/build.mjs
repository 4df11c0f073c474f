#!/usr/bin/env node
// Compiles the CLI and the server ahead of time into dist/ (run by `npm install` through `prepare`, and by the tests'
// global setup). Every package stays external: plain node loads them from node_modules at run time, and the
// heavy ones (DuckDB's native module, @openrouter/sdk, @huggingface/hub, express, esbuild) only in the commands that
// import them. Dynamic imports become their own chunks, so `--help` loads the CLI and commander alone.
// SQL files, migrations and seeds are not bundled: lib/paths.ts finds them from the package root at run time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');

export async function build() {
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { cli: 'bin/cli.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await build();
