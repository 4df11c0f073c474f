/**
 * GET /data/<mart>.csv and /data/<mart>.json: every mart, with its definition and citation (Datasette-like).
 * The mart name is checked against the allowlist of mart files and never used otherwise.
 */
import { Router, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../db/connection.ts';
import { citationFor, type Citation, type MartSources } from '../citation.ts';
import { HttpError } from '../errors.ts';
import { parseMartRequest, type MartRequest } from '../mart-query.ts';
import { martColumns, martDefinition, queryMart, type MartColumn, type MartPage } from '../marts.ts';
import { withSession } from '../session.ts';

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

function sendJson(res: Response, citation: Citation, mart: string, definition: string | null, columns: MartColumn[], page: MartPage) {
  res.json({
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
}

function sendCsv(
  res: Response,
  citation: Citation,
  mart: string,
  definition: string | null,
  columns: MartColumn[],
  page: MartPage,
  request: MartRequest,
) {
  const names = columns.map((c) => c.name);
  const body = stringify(page.rows, {
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
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'X-Source': headerSafe(citationLine(citation)),
    'X-Definition': headerSafe(definition ?? ''),
    'X-Truncated': String(page.truncated),
  });
  if (page.nextOffset !== null) res.set('X-Next-Offset', String(page.nextOffset));
  res.attachment(`${mart}.csv`);
  res.send(comments + body);
}

export function dataRoutes(options: { db: Database; martNames: () => readonly string[]; martSources?: MartSources }): Router {
  const router = Router();
  router.get('/data/:file', async (req, res) => {
    const match = FILE.exec(req.params.file);
    const mart = match?.[1];
    const format = match?.[2];
    if (!mart || !format || !options.martNames().includes(mart)) {
      throw new HttpError(404, `unknown mart: ${JSON.stringify(req.params.file.slice(0, 100))}; see /api/marts`);
    }
    await withSession(options.db, async (session) => {
      const columns = await martColumns(session, mart);
      if (columns.length === 0) {
        throw new HttpError(404, `mart ${mart} has not been built yet: run \`adoption-tracker transform\``);
      }
      const request = parseMartRequest(mart, req.query as Record<string, unknown>, columns);
      const definition = await martDefinition(session, mart);
      const page = await queryMart(session, mart, columns, request);
      const citation = citationFor(mart, page.asOf, options.martSources);
      if (format === 'csv') sendCsv(res, citation, mart, definition, columns, page, request);
      else sendJson(res, citation, mart, definition, columns, page);
    });
  });
  return router;
}
