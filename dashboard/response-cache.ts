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
 * - Codings: a body of 1 KiB or more is kept gzipped (level 6, at once) and, once kept, Brotli-compressed at the
 *   highest quality off the event loop (node's zlib thread pool): a few hundred ms per publish for an 80 KB answer,
 *   bought back on every request after it (the CSV of `hf_origin_top_n` is 10 KB in gzip, 6 KB in Brotli). Until its
 *   Brotli bytes are ready an entry is sent gzipped. The coding is negotiated by `negotiator` (Express' own), with the
 *   server's preference br, gzip, identity among codings of equal q: Chromium sends `gzip, deflate, br, zstd`, also to
 *   http://127.0.0.1, and gets Brotli.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';
import Negotiator from 'negotiator';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Entry extends Answer {
  etag: string;
  gzip: Buffer | null;
  /** The Brotli bytes, once compressed (only for a kept entry with gzip bytes; null until then). */
  br: Buffer | null;
  /** Header lines of the fast path (`writeAnswer`), built on first use: [name, value, name, value, ...]. */
  lines?: { plain: string[]; gzip: string[]; br: string[]; notModified: string[] };
}

/** Below this a body is sent as is: compressing it costs more than it saves. */
const MIN_GZIP_BYTES = 1024;

/**
 * Brotli's quality by body size: the highest (11, about 2 ms of one thread per KB here) up to 1 MiB, then 5 (about
 * 40 MB/s), so a large export's Brotli bytes are ready within seconds, not minutes.
 */
function brotliQuality(bytes: number): number {
  return bytes <= 1024 * 1024 ? 11 : 5;
}

function seal(answer: Answer, version: string): Entry {
  const hash = crypto.createHash('sha1').update(answer.body).digest('base64url').slice(0, 22);
  const gzip = answer.body.length >= MIN_GZIP_BYTES ? zlib.gzipSync(answer.body, { level: 6 }) : null;
  return { ...answer, etag: `"${version}-${hash}"`, gzip, br: null };
}

function size(entry: Entry): number {
  return entry.body.length + (entry.gzip?.length ?? 0) + (entry.br?.length ?? 0);
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();
  /** Brotli compressions under way (`compressed()` waits for them). */
  private readonly compressing = new Set<Promise<void>>();
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

  /** Resolves once every Brotli compression started so far has ended (tests, the bench). */
  async compressed(): Promise<void> {
    while (this.compressing.size) await Promise.all(this.compressing);
  }

  private keep(key: string, entry: Entry): void {
    if (size(entry) > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += size(entry);
    this.evict();
    if (entry.gzip) this.compressBrotli(key, entry);
  }

  private evict(): void {
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= size(old);
    }
  }

  /**
   * Brotli bytes for a kept entry, in node's zlib thread pool. They are attached only if the entry is still kept (a
   * publish or an eviction may have dropped it meanwhile). A failure leaves the entry as it was: gzip is still sent.
   */
  private compressBrotli(key: string, entry: Entry): void {
    const params = {
      [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality(entry.body.length),
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length,
    };
    const job = new Promise<void>((resolve) => {
      zlib.brotliCompress(entry.body, { params }, (error, br) => {
        if (!error && this.entries.get(key) === entry) {
          entry.br = br;
          entry.lines = undefined;
          this.bytes += br.length;
          this.evict();
        }
        resolve();
      });
    });
    this.compressing.add(job);
    void job.then(() => this.compressing.delete(job));
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

export type Coding = 'br' | 'gzip' | 'identity';

/** Every coding an answer may be sent in, in the server's order of preference among codings of equal q. */
const CODINGS: readonly Coding[] = ['br', 'gzip', 'identity'];
const GZIP_OR_IDENTITY: readonly Coding[] = ['gzip', 'identity'];

/** The coding negotiated for each Accept-Encoding value seen (up to 256 characters, cleared past 1,000 of them). */
const negotiated = new Map<string, { any: Coding; gzip: Coding }>();

function negotiate(header: string, available: readonly Coding[]): Coding {
  const [best] = new Negotiator({ headers: { 'accept-encoding': header } }).encodings(available, {
    preferred: available,
  });
  // Nothing acceptable (`*;q=0`, `identity;q=0`): the plain body all the same, as before, rather than a 406.
  return (best as Coding | undefined) ?? 'identity';
}

/**
 * The coding to send an entry in for an Accept-Encoding header: q values first, then br, gzip, identity. An entry
 * without gzip bytes (under 1 KiB) is sent as is; one whose Brotli bytes are not ready yet is negotiated between gzip
 * and identity. One function for the Express path and the fast path, so they cannot disagree.
 */
export function contentCoding(header: string | undefined, entry: Pick<Entry, 'gzip' | 'br'>): Coding {
  if (!header || !entry.gzip) return 'identity';
  let known = negotiated.get(header);
  if (!known) {
    known = { any: negotiate(header, CODINGS), gzip: negotiate(header, GZIP_OR_IDENTITY) };
    if (header.length <= 256) {
      if (negotiated.size >= 1000) negotiated.clear();
      negotiated.set(header, known);
    }
  }
  return entry.br ? known.any : known.gzip;
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

/** Sends an answer through Express: 304 when If-None-Match holds its ETag, else in the coding negotiated. */
export function sendAnswer(req: Request, res: Response, entry: Entry): void {
  for (const [name, value] of answerHeaders(entry)) res.setHeader(name, value);
  if (etagMatches(req.headers['if-none-match'], entry.etag)) {
    res.status(304).end();
    return;
  }
  res.status(entry.status);
  const coding = contentCoding(req.headers['accept-encoding'], entry);
  const body = bodyIn(entry, coding);
  if (coding !== 'identity') res.setHeader('Content-Encoding', coding);
  res.setHeader('Content-Length', String(body.length));
  res.end(body);
}

function bodyIn(entry: Entry, coding: Coding): Buffer {
  if (coding === 'br' && entry.br) return entry.br;
  if (coding === 'gzip' && entry.gzip) return entry.gzip;
  return entry.body;
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
    const encoded = (coding: Coding, bytes: Buffer | null) =>
      bytes ? [...common, ...own, 'Content-Encoding', coding, 'Content-Length', String(bytes.length)] : [];
    entry.lines = {
      notModified: [...common, ...own],
      plain: [...common, ...own, 'Content-Length', String(entry.body.length)],
      gzip: encoded('gzip', entry.gzip),
      br: encoded('br', entry.br),
    };
  }
  const { lines } = entry;
  if (etagMatches(req.headers['if-none-match'], entry.etag)) {
    res.writeHead(304, extra.length ? [...lines.notModified, ...extra] : lines.notModified);
    res.end();
    return;
  }
  const coding = contentCoding(req.headers['accept-encoding'], entry);
  const head = coding === 'identity' ? lines.plain : lines[coding];
  res.writeHead(entry.status, extra.length ? [...head, ...extra] : head);
  res.end(bodyIn(entry, coding));
}
