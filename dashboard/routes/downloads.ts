/**
 * The marts as files, and what the SQL page needs to query them in the browser:
 *
 *   GET /data/<mart>.parquet     one mart as Parquet (built once per build of the marts: dashboard/exports.ts)
 *   GET /data/all.zip            every mart as CSV and Parquet, the data dictionary and the sources' licences
 *   GET /vendor/duckdb-wasm/<f>  DuckDB-Wasm's worker scripts and WebAssembly modules, from node_modules (never a CDN)
 *   GET /sql                     (the page itself is pageRoutes'; here it gets its own Content-Security-Policy)
 *
 * Nothing here runs SQL sent by a client: the SQL page runs it in the browser, over the Parquet files.
 * Mounted before dataRoutes, which answers every other /data/<file>.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Router, type RequestHandler, type Response } from 'express';
import { contentSecurityPolicy } from 'helmet';
import type { Database } from '../../db/connection.ts';
import { citationFor } from '../citation.ts';
import { HttpError } from '../errors.ts';
import { ARCHIVE_FILE, ExportCache, type BuiltFile } from '../exports.ts';
import { headerSafe } from './data.ts';

const PARQUET = /^([a-z][a-z0-9_]*)\.parquet$/;

/** The only files of the package that are served: the two single-threaded builds (no cross-origin isolation needed). */
export const DUCKDB_WASM_FILES = [
  'duckdb-mvp.wasm',
  'duckdb-eh.wasm',
  'duckdb-browser-mvp.worker.js',
  'duckdb-browser-eh.worker.js',
] as const;

export function duckdbWasmDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
}

/**
 * The SQL page and DuckDB's worker may compile WebAssembly ('wasm-unsafe-eval': WebAssembly only, never JavaScript's
 * eval) and start a worker from this origin; inline script stays forbidden. Every other response keeps the app's
 * default policy. A worker takes its policy from its own script's response, hence the same header there.
 */
export const sqlPagePolicy: RequestHandler = contentSecurityPolicy({
  directives: {
    'upgrade-insecure-requests': null,
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'worker-src': ["'self'"],
  },
});

function sendFile(res: Response, file: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    // No caching beyond revalidation: the ETag (size and time of the file) changes with each build.
    res.sendFile(file, { headers: { 'Cache-Control': 'no-cache', ...headers }, dotfiles: 'allow' }, (error) => {
      if (error && !res.headersSent) reject(error);
      else resolve();
    });
  });
}

export function downloadRoutes(options: { db: Database; dataDir: string; martNames: () => readonly string[] }): Router {
  const router = Router();
  const cache = new ExportCache(options.db, options.dataDir, options.martNames);
  const wasmDir = duckdbWasmDir();

  router.get('/data/:file', async (req, res, next) => {
    const name = req.params.file;
    let built: BuiltFile;
    let headers: Record<string, string>;
    if (name === ARCHIVE_FILE) {
      built = await cache.archive();
      headers = { 'Content-Type': 'application/zip', 'Content-Disposition': 'attachment; filename="adoption-tracker-data.zip"' };
    } else {
      const mart = PARQUET.exec(name)?.[1];
      if (!mart) return next();
      if (!options.martNames().includes(mart)) {
        throw new HttpError(404, `unknown mart: ${JSON.stringify(name.slice(0, 100))}; see /api/marts`);
      }
      built = await cache.parquet(mart);
      const citation = citationFor(mart, null);
      headers = {
        'Content-Type': 'application/vnd.apache.parquet',
        'Content-Disposition': `attachment; filename="${mart}.parquet"`,
        'X-Source': headerSafe(citation.licence ? `${citation.text}; licence ${citation.licence} (${citation.licence_url})` : citation.text),
      };
    }
    await sendFile(res, built.file, { ...headers, 'X-Build': built.build });
  });

  router.get('/vendor/duckdb-wasm/:file', async (req, res, next) => {
    const name = req.params.file;
    if (!(DUCKDB_WASM_FILES as readonly string[]).includes(name)) {
      throw new HttpError(404, `no such file: ${JSON.stringify(name.slice(0, 100))}`);
    }
    const file = path.join(wasmDir, name);
    if (!fs.existsSync(file)) throw new HttpError(404, `${name} is missing from node_modules: run \`npm install\``);
    sqlPagePolicy(req, res, (error?: unknown) => {
      if (error) return next(error);
      const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8';
      sendFile(res, file, { 'Content-Type': type }).catch(next);
    });
  });

  router.get('/sql', sqlPagePolicy);
  return router;
}
