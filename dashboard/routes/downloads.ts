/**
 * The marts as files, and what the SQL page needs to query them in the browser:
 *
 *   GET /data/<mart>.parquet     one mart as Parquet (built once per build of the marts: dashboard/exports.ts)
 *   GET /data/all.zip            every mart as CSV and Parquet, the data dictionary and the sources' licences
 *   GET /vendor/duckdb-wasm/<f>  DuckDB-Wasm's worker scripts and WebAssembly modules, from node_modules (never a CDN)
 *   GET /vendor/parquet-wasm/<f> parquet-wasm's WebAssembly module (the SQL page decodes the Parquet files with it)
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
import { citationFor, type MartSources } from '../citation.ts';
import { HttpError } from '../errors.ts';
import { ARCHIVE_FILE, ExportCache, type BuiltFile } from '../exports.ts';
import { headerSafe } from './data.ts';

const PARQUET = /^([a-z][a-z0-9_]*)\.parquet$/;

/**
 * The only files of node_modules that are served, by folder under /vendor/: DuckDB-Wasm's two single-threaded
 * builds (no cross-origin isolation needed) and parquet-wasm's module (its JavaScript is in assets/sql-engine.js).
 */
export const VENDOR_FILES: Readonly<Record<string, { locate: string; files: readonly string[] }>> = {
  'duckdb-wasm': {
    locate: '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm',
    files: ['duckdb-mvp.wasm', 'duckdb-eh.wasm', 'duckdb-browser-mvp.worker.js', 'duckdb-browser-eh.worker.js'],
  },
  'parquet-wasm': {
    locate: 'parquet-wasm/esm/parquet_wasm_bg.wasm',
    files: ['parquet_wasm_bg.wasm'],
  },
};

function vendorDirs(): Map<string, string> {
  const require = createRequire(import.meta.url);
  return new Map(
    Object.entries(VENDOR_FILES).map(([name, { locate }]) => [name, path.dirname(require.resolve(locate))]),
  );
}

/**
 * The SQL page and DuckDB's worker may compile WebAssembly ('wasm-unsafe-eval': WebAssembly only, never JavaScript's
 * eval; the page compiles parquet-wasm, the worker DuckDB) and start a worker from this origin; inline script stays
 * forbidden. Every other response keeps the app's
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

export function downloadRoutes(options: {
  db: Database;
  dataDir: string;
  martNames: () => readonly string[];
  martSources?: MartSources;
}): Router {
  const router = Router();
  const cache = new ExportCache(options.db, options.dataDir, options.martNames, options.martSources);
  const vendor = vendorDirs();

  router.get('/data/:file', async (req, res, next) => {
    const name = req.params.file;
    let built: BuiltFile;
    let headers: Record<string, string>;
    if (name === ARCHIVE_FILE) {
      built = await cache.archive();
      headers = {
        'Content-Type': 'application/zip',
        'Content-Disposition': 'attachment; filename="adoption-tracker-data.zip"',
      };
    } else {
      const mart = PARQUET.exec(name)?.[1];
      if (!mart) return next();
      if (!options.martNames().includes(mart)) {
        throw new HttpError(404, `unknown mart: ${JSON.stringify(name.slice(0, 100))}; see /api/marts`);
      }
      built = await cache.parquet(mart);
      const citation = citationFor(mart, null, options.martSources);
      headers = {
        'Content-Type': 'application/vnd.apache.parquet',
        'Content-Disposition': `attachment; filename="${mart}.parquet"`,
        'X-Source': headerSafe(
          citation.licence ? `${citation.text}; licence ${citation.licence} (${citation.licence_url})` : citation.text,
        ),
      };
    }
    await sendFile(res, built.file, { ...headers, 'X-Build': built.build });
  });

  router.get('/vendor/:folder/:file', async (req, res, next) => {
    const { folder, file: name } = req.params;
    const dir = vendor.get(folder);
    if (!dir || !VENDOR_FILES[folder]!.files.includes(name)) {
      throw new HttpError(404, `no such file: ${JSON.stringify(`${folder}/${name}`.slice(0, 100))}`);
    }
    const file = path.join(dir, name);
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
