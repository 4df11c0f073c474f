/**
 * Answers built once per publish: the marts change only when a job publishes, so a data answer (a mart, a format and a
 * filter set) is computed once per version of the data, kept compressed, and sent with an ETag; a client that sends
 * the ETag back in If-None-Match gets 304 and no body.
 *
 * - `version()` is the data's version (the pipeline's job counter); a new version drops every entry.
 * - Concurrent requests for the same answer share one computation (single flight): 200 clients asking at once cost
 *   one query, not 200.
 * - Entries are evicted oldest first past `maxBytes`; an answer built under an older version is sent but not kept.
 * - Without a version (an app over a database someone else writes, e.g. in tests), nothing is kept between requests.
 * - `peek` is the fast path's look-up (routes/data.ts `dataFastPath`); `sendAnswer` (Express) and `writeAnswer` (node's
 *   own response) send the same status, headers and body.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Entry extends Answer {
  etag: string;
  gzip: Buffer | null;
  /** Header lines of the fast path (`writeAnswer`), built on its first use: [name, value, name, value, ...]. */
  lines?: { plain: string[]; gzip: string[]; notModified: string[] };
}

/** Below this a body is sent as is: compressing it costs more than it saves. */
const MIN_GZIP_BYTES = 1024;

function seal(answer: Answer, version: string): Entry {
  const hash = crypto.createHash('sha1').update(answer.body).digest('base64url').slice(0, 22);
  const gzip = answer.body.length >= MIN_GZIP_BYTES ? zlib.gzipSync(answer.body, { level: 6 }) : null;
  return { ...answer, etag: `"${version}-${hash}"`, gzip };
}

function size(entry: Entry): number {
  return entry.body.length + (entry.gzip?.length ?? 0);
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();
  private bytes = 0;
  private current: string | undefined;

  constructor(
    private readonly version: (() => string) | undefined,
    private readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  /**
   * The kept answer for `key` under the current version, or undefined (nothing kept, or the version moved on): the
   * fast path's look-up (http-server.ts), synchronous and without building anything.
   */
  peek(key: string): Entry | undefined {
    if (!this.version || this.version() !== this.current) return undefined;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** The answer for `key`, built by `build` at most once per version (errors are not kept). */
  async get(key: string, build: () => Promise<Answer>): Promise<Entry> {
    const version = this.version?.() ?? 'uncached';
    if (version !== this.current) {
      this.entries.clear();
      this.inflight.clear();
      this.bytes = 0;
      this.current = version;
    }
    if (!this.version) return seal(await build(), version);
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last: eviction takes the oldest.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const building = (async () => {
      try {
        const entry = seal(await build(), version);
        if (this.current === version && entry.status === 200) this.keep(key, entry);
        return entry;
      } finally {
        if (this.current === version) this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, building);
    return building;
  }

  private keep(key: string, entry: Entry): void {
    if (size(entry) > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += size(entry);
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= size(old);
    }
  }
}

/** Whether If-None-Match holds the ETag (or `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === etag || t === '*';
  });
}

const gzipAccepted = new Map<string, boolean>();

/**
 * Whether an Accept-Encoding header accepts gzip, as `negotiator` (Express' req.acceptsEncodings) decides: an explicit
 * `gzip` with q > 0, or else `*` with q > 0; codings compare case-insensitively. One function for both the Express
 * path and the fast path, so they cannot disagree; memoised per header value up to 256 characters (clients send a
 * handful of values).
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const known = gzipAccepted.get(header);
  if (known !== undefined) return known;
  let explicit: number | undefined;
  let star: number | undefined;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim());
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split('=').map((p) => p.trim());
      if (name?.toLowerCase() === 'q') q = Number.parseFloat(value ?? '');
    }
    if (!Number.isFinite(q)) q = 0;
    const name = coding.toLowerCase();
    if (name === 'gzip') explicit = Math.max(explicit ?? 0, q);
    else if (name === '*') star = Math.max(star ?? 0, q);
  }
  const accepted = (explicit ?? star ?? 0) > 0;
  if (header.length <= 256) {
    if (gzipAccepted.size > 1000) gzipAccepted.clear();
    gzipAccepted.set(header, accepted);
  }
  return accepted;
}

/** The headers every answer carries besides its own (the same on both paths). */
function answerHeaders(entry: Entry): Array<[string, string]> {
  return [
    ...Object.entries(entry.headers),
    ['ETag', entry.etag],
    ['Vary', 'Accept-Encoding'],
    // Revalidate every time: cheap (304), and a publish is seen at once.
    ['Cache-Control', 'no-cache'],
  ];
}

/** Sends an answer through Express: 304 when If-None-Match holds its ETag, gzip when the client accepts it. */
export function sendAnswer(req: Request, res: Response, entry: Entry): void {
  for (const [name, value] of answerHeaders(entry)) res.setHeader(name, value);
  if (etagMatches(req.headers['if-none-match'], entry.etag)) {
    res.status(304).end();
    return;
  }
  res.status(entry.status);
  if (entry.gzip && acceptsGzip(req.headers['accept-encoding'])) {
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', String(entry.gzip.length));
    res.end(entry.gzip);
    return;
  }
  res.setHeader('Content-Length', String(entry.body.length));
  res.end(entry.body);
}

/**
 * Sends a kept answer on node's own response, without Express: the same status, headers and body as `sendAnswer`
 * after the app's middleware, with `common` (the security headers helmet sets, computed once: app.ts) and `extra`
 * (this request's rate-limit headers) in front. The header lines are built once per answer.
 */
export function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  entry: Entry,
  common: readonly string[],
  extra: readonly string[],
): void {
  if (!entry.lines) {
    const own = answerHeaders(entry).flat();
    entry.lines = {
      notModified: [...common, ...own],
      plain: [...common, ...own, 'Content-Length', String(entry.body.length)],
      gzip: entry.gzip
        ? [...common, ...own, 'Content-Encoding', 'gzip', 'Content-Length', String(entry.gzip.length)]
        : [],
    };
  }
  const { lines } = entry;
  if (etagMatches(req.headers['if-none-match'], entry.etag)) {
    res.writeHead(304, extra.length ? [...lines.notModified, ...extra] : lines.notModified);
    res.end();
    return;
  }
  const gzip = entry.gzip !== null && acceptsGzip(req.headers['accept-encoding']);
  const head = gzip ? lines.gzip : lines.plain;
  res.writeHead(entry.status, extra.length ? [...head, ...extra] : head);
  res.end(gzip ? entry.gzip : entry.body);
}
