/**
 * GET /data/<mart>.csv and /data/<mart>.json: every mart, with its definition and citation (Datasette-like).
 * The mart name is checked against the allowlist of mart files and never used otherwise.
 */
import { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../db/connection.ts';
import { citationFor, type Citation, type MartSources } from '../citation.ts';
import { HttpError } from '../errors.ts';
import { parseMartRequest, type MartRequest } from '../mart-query.ts';
import { martColumns, martDefinition, queryMart, type MartColumn, type MartPage } from '../marts.ts';
import { ResponseCache, sendAnswer, type Answer } from '../response-cache.ts';
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
function answerKey(file: string, query: Record<string, unknown>): string {
  const params = Object.entries(query)
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${file}?${new URLSearchParams(params as Array<[string, string]>).toString()}`;
}

export function dataRoutes(options: {
  db: Database;
  martNames: () => readonly string[];
  martSources?: MartSources;
  /** The published data's version: answers are built once per version (see response-cache.ts). */
  dataVersion?: () => string;
}): Router {
  const router = Router();
  const cache = new ResponseCache(options.dataVersion);
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
