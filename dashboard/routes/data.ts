/**
 * GET /data/<mart>.csv and /data/<mart>.json: every mart, with its definition and citation (Datasette-like).
 * The mart name is checked against the allowlist of mart files and never used otherwise.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import querystring from 'node:querystring';
import { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../db/connection.ts';
import { citationFor, type Citation, type MartSources } from '../citation.ts';
import { HttpError } from '../errors.ts';
import { parseMartRequest, type MartRequest } from '../mart-query.ts';
import { martColumns, martDefinition, queryMart, type MartColumn, type MartPage } from '../marts.ts';
import { type ResponseCache, sendAnswer, writeAnswer, type Answer } from '../response-cache.ts';
import { withSession } from '../session.ts';
import { neutraliseCell } from '../../lib/spreadsheet-safe.ts';

const FILE = /^([a-z][a-z0-9_]*)\.(csv|json)$/;

/**
 * A header value must be one line of visible ASCII: lines are joined with ' | ', and '%' and anything outside
 * printable ASCII is percent-encoded as UTF-8, so decodeURIComponent() gives back the exact text.
 */
export function headerSafe(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' | ')
    .replace(/[^\x20-\x24\x26-\x7e]/gu, (ch) => encodeURIComponent(ch));
}

function citationLine(citation: Citation): string {
  return citation.licence ? `${citation.text}; licence ${citation.licence} (${citation.licence_url})` : citation.text;
}

function jsonAnswer(
  citation: Citation,
  mart: string,
  definition: string | null,
  columns: MartColumn[],
  page: MartPage,
): Answer {
  const body = JSON.stringify({
    ok: true,
    mart,
    definition,
    as_of: page.asOf,
    source: citation.text,
    licence: citation.licence,
    licence_url: citation.licence_url,
    columns: columns.map((c) => c.name),
    rows: page.rows,
    truncated: page.truncated,
    next_offset: page.nextOffset,
  });
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: Buffer.from(body) };
}

function csvAnswer(
  citation: Citation,
  mart: string,
  definition: string | null,
  columns: MartColumn[],
  page: MartPage,
  request: MartRequest,
) {
  const names = columns.map((c) => c.name);
  // Text cells a spreadsheet would run as a formula get a leading ' (numbers stay numbers).
  const text = columns.filter((c) => c.type === 'VARCHAR').map((c) => c.name);
  const rows = text.length
    ? page.rows.map((row) => {
        const safe = { ...row };
        for (const name of text) if (typeof safe[name] === 'string') safe[name] = neutraliseCell(safe[name]);
        return safe;
      })
    : page.rows;
  const body = stringify(rows, {
    header: true,
    columns: names,
    // csv-stringify writes false as an empty field by default; NULL alone is empty.
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  let comments = '';
  if (request.meta) {
    const lines = [citationLine(citation), ...(definition ?? '').split(/\r?\n/).filter((l) => l.trim())];
    if (page.truncated) lines.push(`truncated: ${page.rows.length} rows shown; next page _offset=${page.nextOffset}`);
    comments = lines.map((line) => `# ${line}\n`).join('');
  }
  const headers: Record<string, string> = {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename=${mart}.csv`,
    'X-Source': headerSafe(citationLine(citation)),
    'X-Definition': headerSafe(definition ?? ''),
    'X-Truncated': String(page.truncated),
  };
  if (page.nextOffset !== null) headers['X-Next-Offset'] = String(page.nextOffset);
  return { status: 200, headers, body: Buffer.from(comments + body) };
}

/** The cache key of a request: the file and its parameters in a fixed order (`?a=1&b=2` = `?b=2&a=1`). */
export function answerKey(file: string, query: Record<string, unknown>): string {
  const params = Object.entries(query)
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${file}?${new URLSearchParams(params as Array<[string, string]>).toString()}`;
}

export function dataRoutes(options: {
  db: Database;
  martNames: () => readonly string[];
  martSources?: MartSources;
  /** The answers, built once per version of the published data (see response-cache.ts). */
  cache: ResponseCache;
}): Router {
  const router = Router();
  const { cache } = options;
  router.get('/data/:file', async (req, res) => {
    const match = FILE.exec(req.params.file);
    const mart = match?.[1];
    const format = match?.[2];
    if (!mart || !format || !options.martNames().includes(mart)) {
      throw new HttpError(404, `unknown mart: ${JSON.stringify(req.params.file.slice(0, 100))}; see /api/marts`);
    }
    const query = req.query as Record<string, unknown>;
    const answer = await cache.get(answerKey(req.params.file, query), () =>
      withSession(options.db, async (session) => {
        const columns = await martColumns(session, mart);
        if (columns.length === 0) {
          throw new HttpError(404, `mart ${mart} has not been built yet: run \`adoption-tracker transform\``);
        }
        const request = parseMartRequest(mart, query, columns);
        const definition = await martDefinition(session, mart);
        const page = await queryMart(session, mart, columns, request);
        const citation = citationFor(mart, page.asOf, options.martSources);
        return format === 'csv'
          ? csvAnswer(citation, mart, definition, columns, page, request)
          : jsonAnswer(citation, mart, definition, columns, page);
      }),
    );
    sendAnswer(req, res, answer);
  });
  return router;
}

/** The one path form the fast path answers: anything else (encoded, upper case, a trailing slash) goes to Express. */
const FAST_PATH = /^\/data\/([a-z][a-z0-9_]*\.(?:csv|json))$/;

/**
 * The fast path of /data/<mart>.csv|json (run by dashboard/http-server.ts before Express): a request whose answer is
 * already kept for the current data version is sent from node's own request handler, with headers computed once,
 * instead of through Express' middleware chain, several times cheaper per request. Everything else (a miss, an
 * error, a request with a body, any other path or method) is handed to Express by `next`, so validation, errors
 * and building stay in one place (`dataRoutes`). The cache key is computed as Express computes it: the same query
 * parser ('simple', node's querystring) and `answerKey`; a kept answer exists only for an allowed mart and valid
 * parameters, since errors are never kept.
 *
 * `admit` is the rate limit, counted on the same store as the Express path's: the header lines to add, or undefined
 * when the request is over the limit (Express then answers it, 429 in the JSON shape).
 */
export function dataFastPath(options: {
  cache: ResponseCache;
  /** The headers helmet sets on every answer, as [name, value, ...]. */
  securityHeaders: readonly string[];
  admit?: (req: IncomingMessage) => Promise<readonly string[] | undefined>;
}): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const { cache, securityHeaders, admit } = options;
  // The cache key of each URL seen, as the key is a pure function of the URL (bounded: URLs up to 1 KiB, cleared past
  // 10,000 of them).
  const keys = new Map<string, string | null>();
  const keyOf = (url: string): string | null => {
    let key = keys.get(url);
    if (key !== undefined) return key;
    const mark = url.indexOf('?');
    const file = FAST_PATH.exec(mark === -1 ? url : url.slice(0, mark))?.[1];
    // A fragment is not sent by clients; Express' URL parser would drop it, so leave such a request to Express.
    key =
      file && !url.includes('#') ? answerKey(file, mark === -1 ? {} : querystring.parse(url.slice(mark + 1))) : null;
    if (url.length <= 1024) {
      if (keys.size >= 10_000) keys.clear();
      keys.set(url, key);
    }
    return key;
  };
  return (req, res, next) => {
    const url = req.url ?? '';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.startsWith('/data/')) return next();
    // A request with a body goes through Express' size check (413).
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) return next();
    const key = keyOf(url);
    const entry = key === null ? undefined : cache.peek(key);
    if (!entry) return next();
    if (!admit) return writeAnswer(req, res, entry, securityHeaders, []);
    admit(req).then(
      (extra) => (extra ? writeAnswer(req, res, entry, securityHeaders, extra) : next()),
      () => next(),
    );
  };
}
