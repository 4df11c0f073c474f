import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpFetch, HttpError, retryAfterMs } from '../../ingest/http.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A loopback server answering with `handler`; returns its URL and the count of requests seen. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void) {
  let n = 0;
  const server = http.createServer((req, res) => handler(req, res, ++n));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, count: () => n };
}

describe('retryAfterMs()', () => {
  const now = new Date('2026-08-22T12:00:00Z');
  it('reads Retry-After seconds, Retry-After dates and the Hub RateLimit t=', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sat, 22 Aug 2026 12:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ ratelimit: '"api";r=0;t=42' }), now)).toBe(42_000);
    expect(retryAfterMs(new Headers({}), now)).toBeUndefined();
  });
});

describe('createHttpFetch()', () => {
  it('times out a request that never answers, retries it, then fails naming the URL', async () => {
    // The timeout fires once the server holds the request: what a real timer does, without racing one.
    let attempt: AbortController | undefined;
    const { url, count } = await serve(() => attempt?.abort(new DOMException('timed out', 'TimeoutError')));
    const fetch = createHttpFetch({
      timeoutMs: 100,
      retries: 2,
      sleep: async () => undefined,
      timeoutSignal: () => {
        attempt = new AbortController();
        return attempt.signal;
      },
    });
    await expect(fetch(url)).rejects.toThrow(`request to ${url} failed: timed out after 100 ms`);
    expect(count()).toBe(3);
  });

  it('waits what Retry-After asks, then succeeds, and hands every body to onResponse', async () => {
    const { url } = await serve((_req, res, n) => {
      if (n === 1) res.writeHead(429, { 'retry-after': '2' }).end('slow down');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const waits: number[] = [];
    const bodies: Array<[number, string]> = [];
    const fetch = createHttpFetch({
      sleep: async (ms) => void waits.push(ms),
      onResponse: (r) => void bodies.push([r.status, r.body]),
    });
    const response = await fetch(url);
    expect(await response.json()).toEqual({ ok: true });
    expect(waits).toEqual([2000]);
    expect(bodies).toEqual([
      [429, 'slow down'],
      [200, '{"ok":true}'],
    ]);
  });

  it('does not retry a 404 and throws an HttpError with status and body', async () => {
    const { url, count } = await serve((_req, res) => res.writeHead(404).end('{"error":"Repository not found"}'));
    const fetch = createHttpFetch({ sleep: async () => undefined });
    const error = await fetch(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toBe(`404 from ${url} — {"error":"Repository not found"}`);
    expect(count()).toBe(1);
  });

  it('fails at once when the server asks to wait longer than allowed', async () => {
    const { url, count } = await serve((_req, res) => res.writeHead(429, { ratelimit: '"api";r=0;t=3600' }).end(''));
    const fetch = createHttpFetch({ maxRetryAfterMs: 60_000, sleep: async () => undefined });
    await expect(fetch(url)).rejects.toThrow(`429 from ${url}: server asks to wait 3600 s`);
    expect(count()).toBe(1);
  });

  it('gives up on 5xx after the bounded retries', async () => {
    const { url, count } = await serve((_req, res) => res.writeHead(503).end('maintenance'));
    const fetch = createHttpFetch({ retries: 3, sleep: async () => undefined });
    await expect(fetch(url)).rejects.toThrow(`503 from ${url} — maintenance`);
    expect(count()).toBe(4);
  });
});

describe('createHttpFetch() network errors', () => {
  it('names the cause of a refused connection', async () => {
    const { url } = await serve(() => undefined);
    const port = new URL(url).port;
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    const fetch = createHttpFetch({ retries: 0 });
    await expect(fetch(url)).rejects.toThrow(
      `request to ${url} failed: fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port})`,
    );
  });
});
