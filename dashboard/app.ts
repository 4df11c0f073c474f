/**
 * createApp: the dashboard's Express app over the live database (no listen; dashboard/server.ts or a test does).
 *
 *   GET /, /openrouter, /huggingface, /claims, /digest, /status, /sql
 *                               the page's views (D3, bundled by dashboard/build.ts in memory on first request)
 *   GET /data/<mart>.csv|json   every mart, with _limit, _offset, _sort and column filters
 *   GET /data/<mart>.parquet, /data/all.zip
 *                               every mart as Parquet; all of them as CSV and Parquet in one zip (routes/downloads.ts)
 *   GET /vendor/duckdb-wasm/*, /vendor/parquet-wasm/*
 *                               DuckDB-Wasm and parquet-wasm for the SQL page, from node_modules
 *   GET /api/marts              the marts, built or not, with their definitions
 *   GET /api/status             jobs, last runs, data freshness
 *   GET /api/headlines, /api/claims, /api/digest, /feed.xml
 *                               the insight routes (routes/insights.ts)
 *
 * Every error is `{ ok: false, error, status }`. The config holds tokens: it never reaches a response.
 * Kept data answers and /api/status are also sent by a fast path that http-server.ts runs before Express (`FAST_PATH`,
 * docs/performance.md "Serving under load"): the same answers and headers, without the middleware chain.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import crypto from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Database } from '../db/connection.ts';
import type { Config } from '../lib/config.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import { systemClock, type Clock } from '../lib/time.ts';
import { martNames as martFiles } from '../transform/run.ts';
import { buildWeb, type WebBundle } from './build.ts';
import type { MartSources } from './citation.ts';
import { errorHandler, HttpError, notFound } from './errors.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { FAST_PATH } from './http-server.ts';
import { ResponseCache } from './response-cache.ts';
import { dataFastPath, dataRoutes } from './routes/data.ts';
import { downloadRoutes } from './routes/downloads.ts';
import { insightsRouter } from './routes/insights.ts';
import { pageRoutes } from './routes/page.ts';
import { statusAnswer, statusFastPath, statusRoutes, type JobsProvider } from './routes/status.ts';

export interface AppOptions {
  db: Database;
  config: Config;
  log?: Logger;
  now?: Clock;
  /** The allowlist of marts; read on each request, so a new mart file needs no restart of this list. */
  martNames?: () => readonly string[];
  /** The declared sources behind each mart, for its citation; default: from the lineage of its SQL. */
  martSources?: MartSources;
  /** The scheduler's view of its jobs (schedule, next run), merged into /api/status. */
  jobs?: JobsProvider;
  /**
   * The data's version, changed by every job (lib/pipeline.ts `version`): data answers and the status read are built
   * once per version and sent with ETags. Absent, every request reads the database.
   */
  dataVersion?: () => string;
  /** The kept data answers (response-cache.ts); default: a new cache over `dataVersion`. Tests and the bench pass
   * their own to wait for its Brotli bytes (`compressed()`). */
  answers?: ResponseCache;
  /** The front-end bundle; built with esbuild on first request unless given. */
  bundle?: () => Promise<WebBundle>;
  /** Requests per minute from one address (default 1200); false turns the limit off (the fuzz test). */
  rateLimitPerMinute?: number | false;
}

/** No route reads a body: anything larger than this is refused before it is read. */
export const MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;

/** The headers a middleware that only sets headers (helmet) sets, run once on a stand-in response. */
function headersOf(middleware: RequestHandler): string[] {
  const headers = new Map<string, [string, string]>();
  const res = {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), [name, String(value)]),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  middleware({} as never, res as never, (error?: unknown) => {
    if (error) throw error;
  });
  return [...headers.values()].flat();
}

/**
 * The rate limit's count for the fast path (routes/data.ts `dataFastPath`): the same store, key and limit as the
 * Express path's express-rate-limit middleware, and the same draft-8 RateLimit headers it writes (its
 * `setDraft8Headers`: the partition key is the first 12 hex digits of the key's SHA-256, base64). Over the limit it
 * answers undefined and the request goes to Express, whose limiter answers 429; counting that request twice changes
 * nothing, since it is over the limit already and the window ends at a fixed time.
 */
function fastAdmission(store: MemoryStore, perMinute: number) {
  const name = `${perMinute}-in-1min`;
  const partitionKeys = new Map<string, string>();
  const linesOf = (key: string, totalHits: number, resetTime: Date | undefined): readonly string[] | undefined => {
    if (totalHits > perMinute) return undefined;
    let pk = partitionKeys.get(key);
    if (pk === undefined) {
      pk = Buffer.from(crypto.createHash('sha256').update(key).digest('hex').slice(0, 12)).toString('base64');
      if (partitionKeys.size > 10_000) partitionKeys.clear();
      partitionKeys.set(key, pk);
    }
    const reset = resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60;
    return [
      'RateLimit',
      `"${name}"; r=${Math.max(perMinute - totalHits, 0)}; t=${reset}`,
      'RateLimit-Policy',
      `"${name}"; q=${perMinute}; w=60; pk=:${pk}:`,
    ];
  };
  return (req: IncomingMessage): Promise<readonly string[] | undefined> => {
    // Express' req.ip without 'trust proxy' (never set here) is the socket's address, as express-rate-limit keys it.
    const key = ipKeyGenerator(req.socket.remoteAddress ?? '', 56);
    return store.increment(key).then(({ totalHits, resetTime }) => linesOf(key, totalHits, resetTime));
  };
}

export type App = Express & {
  /**
   * Run by dashboard/http-server.ts before Express: kept data answers (routes/data.ts `dataFastPath`) and
   * /api/status (routes/status.ts `statusFastPath`).
   */
  [FAST_PATH]?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
};

export function createApp(options: AppOptions): App {
  const log = options.log ?? silentLogger;
  const martNames = options.martNames ?? (() => martFiles());
  const app: App = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const security = helmet({
    contentSecurityPolicy: {
      // Served over plain http on a LAN as often as behind https: do not force https sub-requests.
      directives: { 'upgrade-insecure-requests': null },
    },
    // HTTPS, and so HSTS, belongs to whatever proxy terminates TLS in front of this server.
    strictTransportSecurity: false,
  });
  app.use(security);
  const perMinute = options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  const store = new MemoryStore();
  if (perMinute !== false) {
    app.use(
      rateLimit({
        windowMs: 60_000,
        limit: perMinute,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        store,
        // Behind a proxy every request shares its address; the limit is then per proxy, which is the safe side.
        validate: false,
        handler: (_req, _res, next) =>
          next(new HttpError(429, `too many requests: at most ${perMinute} a minute from one address`)),
      }),
    );
  }
  const answers = options.answers ?? new ResponseCache(options.dataVersion);
  const status = statusAnswer({
    db: options.db,
    config: options.config,
    now: options.now ?? systemClock,
    jobs: options.jobs,
    dataVersion: options.dataVersion,
  });
  const securityHeaders = headersOf(security);
  const admit = perMinute === false ? undefined : fastAdmission(store, perMinute);
  const dataFast = dataFastPath({ cache: answers, securityHeaders, admit });
  const statusFast = statusFastPath({ answer: status, securityHeaders, admit });
  app[FAST_PATH] = (req, res, next) => dataFast(req, res, () => statusFast(req, res, next));
  app.use((req, res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BODY_BYTES) {
      // Refused unread: the connection closes after the answer, so the body is never consumed.
      res.set('Connection', 'close');
      return next(new HttpError(413, `request body too large: no route takes a body over ${MAX_BODY_BYTES} bytes`));
    }
    next();
  });
  // Before the page and /data/<mart>.csv|json: /sql's own CSP, /data/<mart>.parquet and /data/all.zip.
  app.use(
    downloadRoutes({ db: options.db, dataDir: options.config.dataDir, martNames, martSources: options.martSources }),
  );
  app.use(pageRoutes({ bundle: options.bundle ?? (() => buildWeb()) }));
  app.use(dataRoutes({ db: options.db, martNames, martSources: options.martSources, cache: answers }));
  app.use(catalogRoutes({ db: options.db, martNames }));
  app.use(statusRoutes({ answer: status }));
  app.use(insightsRouter({ db: options.db, siteUrl: options.config.publicUrl, now: options.now ?? systemClock }));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
