/**
 * Bundles the front end (web/main.ts with d3; web/sql-engine.ts for the SQL page; web/styles.css) with esbuild.
 * The server builds in memory on first request (~60 ms); `npx tsx dashboard/build.ts` writes the same files to
 * dashboard/web/dist/ for anyone who wants to look at or host them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromRoot } from '../lib/paths.ts';

export const WEB_DIR = fromRoot('dashboard', 'web');

export interface WebFile {
  contents: Uint8Array;
  type: string;
}

/** index.html, main.js and styles.css by file name. */
export type WebBundle = ReadonlyMap<string, WebFile>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export async function buildWeb(options: { minify?: boolean } = {}): Promise<WebBundle> {
  // esbuild loads on the first page request, not with the server.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    // sql-engine.ts (DuckDB-Wasm's client and apache-arrow) and sql.css are files of their own, loaded only by the
    // SQL view.
    entryPoints: ['main.ts', 'sql-engine.ts', 'styles.css', 'sql.css'].map((file) => path.join(WEB_DIR, file)),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: options.minify ?? true,
    outdir: path.join(WEB_DIR, 'dist'),
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const files = new Map<string, WebFile>();
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    files.set(name, { contents: file.contents, type: TYPES[path.extname(name)] ?? 'application/octet-stream' });
  }
  files.set('index.html', { contents: fs.readFileSync(path.join(WEB_DIR, 'index.html')), type: TYPES['.html']! });
  return files;
}

export async function writeWeb(outDir = path.join(WEB_DIR, 'dist')): Promise<string[]> {
  const bundle = await buildWeb();
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, file] of bundle) fs.writeFileSync(path.join(outDir, name), file.contents);
  return [...bundle.keys()].map((name) => path.join(outDir, name));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of await writeWeb()) console.log(file);
}
