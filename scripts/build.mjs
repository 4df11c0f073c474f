#!/usr/bin/env node
// Compiles the CLI and the server ahead of time into dist/ (run by `npm install` through `prepare`, and by the tests'
// global setup). Every package stays external but one: plain node loads them from node_modules at run time, and the
// heavy ones (DuckDB's native module, @openrouter/sdk, @huggingface/hub, express, esbuild) only in the commands that
// import them. The exception is DuckDB's JavaScript client, `@duckdb/node-api` (CommonJS, about 60 files): imported
// from ESM, node parses each of its files for their exports at every start, about 0.3 s of CPU of every `sql`,
// `export` or `status`; bundled, that parse is gone. Its native binding (`@duckdb/node-bindings`) stays external,
// loaded by `require`. Dynamic imports become their own chunks, so `--help` loads the CLI and commander alone.
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
    plugins: [
      {
        name: 'external-but-duckdb-client',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path === '@duckdb/node-api' || args.path.startsWith('node:') ? undefined : { external: true },
          );
        },
      },
    ],
    // The bundled client's `require` of its native binding: ESM has no `require` of its own.
    banner: {
      js: "import { createRequire as __atCreateRequire } from 'node:module'; const require = __atCreateRequire(import.meta.url);",
    },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await build();
