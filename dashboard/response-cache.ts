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
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface Entry extends Answer {
  etag: string;
  gzip: Buffer | null;
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

/** Sends an answer: 304 when If-None-Match holds its ETag, gzip when the client accepts it. */
export function sendAnswer(req: Request, res: Response, entry: Entry): void {
  res.set(entry.headers);
  res.set('ETag', entry.etag);
  res.set('Vary', 'Accept-Encoding');
  // Revalidate every time: cheap (304), and a publish is seen at once.
  res.set('Cache-Control', 'no-cache');
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === entry.etag || tag.trim() === '*')) {
    res.status(304).end();
    return;
  }
  res.status(entry.status);
  if (entry.gzip && req.acceptsEncodings('gzip') === 'gzip') {
    res.set('Content-Encoding', 'gzip');
    res.set('Content-Length', String(entry.gzip.length));
    res.end(entry.gzip);
    return;
  }
  res.set('Content-Length', String(entry.body.length));
  res.end(entry.body);
}
