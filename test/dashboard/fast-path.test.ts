/**
 * The fast path of kept data answers (routes/data.ts `dataFastPath`, run by dashboard/http-server.ts before Express):
 * the same answer, headers and errors as the Express path, without Express' middleware chain.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { contentCoding, ResponseCache } from '../../dashboard/response-cache.ts';
import { LOAD_NOW, loadMartDatabase } from './load-mart.ts';
import { serve } from './serve.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: { rateLimitPerMinute?: number | false } = {}) {
  const t = await loadMartDatabase(cleanups);
  let version = 1;
  const answers = new ResponseCache(() => String(version));
  const app = createApp({
    answers,
    db: t.db,
    config: t.config,
    now: () => LOAD_NOW,
    martNames: () => ['hf_load'],
    dataVersion: () => String(version),
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
  });
  // Express' own entry: every request the fast path hands on goes through app.handle.
  const express = vi.spyOn(app as unknown as { handle: (...args: unknown[]) => void }, 'handle');
  const server = await serve(app);
  cleanups.push(() => server.close());
  return { t, url: server.url, express, answers, bump: () => (version += 1) };
}

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject)
      .end();
  });
}

/** The headers that differ between any two answers by nature: the date, and the rate limit's remaining count. */
function stable(headers: http.IncomingHttpHeaders): http.IncomingHttpHeaders {
  const { date: _date, ratelimit: _ratelimit, ...rest } = headers;
  return rest;
}

describe('dataFastPath', () => {
  it('answers a kept answer without Express, with the same status, headers and body as the Express path', async () => {
    const { url, express } = await setup();
    const first = await raw(`${url}/data/hf_load.csv?_limit=5`);
    expect(express).toHaveBeenCalledTimes(1);
    const second = await raw(`${url}/data/hf_load.csv?_limit=5`);
    expect(express).toHaveBeenCalledTimes(1);
    expect(second.status).toBe(200);
    expect(second.body.equals(first.body)).toBe(true);
    expect(stable(second.headers)).toEqual(stable(first.headers));
    // helmet's headers, computed once for the fast path, as Express sets them.
    expect(second.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    expect(second.headers['content-security-policy']).toContain("default-src 'self'");
    expect(second.headers['x-content-type-options']).toBe('nosniff');
    expect(second.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(second.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(second.headers['strict-transport-security']).toBeUndefined();
    expect(second.headers['x-powered-by']).toBeUndefined();
    expect(second.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(second.headers['content-length']).toBe(String(second.body.length));
    expect(second.headers['ratelimit-policy']).toBe(first.headers['ratelimit-policy']);
    expect(first.headers.ratelimit).toMatch(/^"1000-in-1min"; r=999; t=(59|60)$/);
    expect(second.headers.ratelimit).toMatch(/^"1000-in-1min"; r=998; t=(59|60)$/);
    expect(second.body.toString().split('\n')[0]).toBe('day,model_id,downloads_30d');
  });

  it('the same filter set in another order is the same kept answer', async () => {
    const { url, express } = await setup();
    const a = await raw(`${url}/data/hf_load.json?_limit=3&_sort=-downloads_30d`);
    const b = await raw(`${url}/data/hf_load.json?_sort=-downloads_30d&_limit=3`);
    expect(express).toHaveBeenCalledTimes(1);
    expect(b.body.equals(a.body)).toBe(true);
    expect(
      (JSON.parse(b.body.toString()) as { rows: Array<{ model_id: string }> }).rows.map((r) => r.model_id),
    ).toEqual(['synthetic/model-199', 'synthetic/model-198', 'synthetic/model-197']);
  });

  it('answers 304 to If-None-Match with its ETag, and a new publish gives a new ETag', async () => {
    const { url, express, bump } = await setup();
    const first = await raw(`${url}/data/hf_load.json`);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"1-[A-Za-z0-9_-]{22}"$/);
    const notModified = await raw(`${url}/data/hf_load.json`, { 'If-None-Match': `"other", ${etag}` });
    expect(express).toHaveBeenCalledTimes(1);
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(notModified.headers.etag).toBe(etag);
    expect(notModified.headers.vary).toBe('Accept-Encoding');
    expect(notModified.headers['cache-control']).toBe('no-cache');
    expect(notModified.headers['x-content-type-options']).toBe('nosniff');

    bump();
    const after = await raw(`${url}/data/hf_load.json`, { 'If-None-Match': etag });
    expect(express).toHaveBeenCalledTimes(2);
    expect(after.status).toBe(200);
    expect(after.headers.etag).toMatch(/^"2-[A-Za-z0-9_-]{22}"$/);
    const again = await raw(`${url}/data/hf_load.json`, { 'If-None-Match': after.headers.etag! });
    expect(express).toHaveBeenCalledTimes(2);
    expect(again.status).toBe(304);
  });

  it('sends Brotli or gzip as the client accepts them, Brotli once compressed, on both paths', async () => {
    const { url, express, answers } = await setup();
    const first = await raw(`${url}/data/hf_load.csv`, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    // The request that built the answer: its Brotli bytes come from the thread pool, later.
    expect(first.headers['content-encoding']).toBe('gzip');
    await answers.compressed();
    const plain = await raw(`${url}/data/hf_load.csv`);
    expect([plain.headers['content-encoding'], plain.body.length]).toEqual([undefined, 7404]);
    expect(zlib.gunzipSync(first.body).equals(plain.body)).toBe(true);
    const decode = (res: Raw) => {
      const coding = res.headers['content-encoding'];
      if (coding === 'br') return zlib.brotliDecompressSync(res.body);
      return coding === 'gzip' ? zlib.gunzipSync(res.body) : res.body;
    };
    const ask = async (accept: string, path = '/data/hf_load.csv') => {
      const res = await raw(`${url}${path}`, { 'Accept-Encoding': accept });
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.headers['content-length']).toBe(String(res.body.length));
      expect(decode(res).equals(plain.body)).toBe(true);
      return [accept, res.headers['content-encoding'] ?? 'identity', res.body.length];
    };
    const cases = [
      'gzip, deflate, br, zstd',
      'gzip',
      'GZIP',
      'br',
      'BR',
      '*',
      'br;q=1, gzip;q=0.5',
      'br;q=0.5, gzip',
      'gzip;q=0',
      'gzip;q=0, *',
      '*;q=0',
      'identity',
      'deflate',
    ];
    const answered = [];
    for (const accept of cases) answered.push(await ask(accept));
    expect(answered).toEqual([
      ['gzip, deflate, br, zstd', 'br', 565],
      ['gzip', 'gzip', 814],
      ['GZIP', 'gzip', 814],
      ['br', 'br', 565],
      ['BR', 'br', 565],
      ['*', 'br', 565],
      ['br;q=1, gzip;q=0.5', 'br', 565],
      ['br;q=0.5, gzip', 'gzip', 814],
      ['gzip;q=0', 'identity', plain.body.length],
      ['gzip;q=0, *', 'br', 565],
      ['*;q=0', 'identity', plain.body.length],
      ['identity', 'identity', plain.body.length],
      ['deflate', 'identity', plain.body.length],
    ]);
    expect(express).toHaveBeenCalledTimes(1);
    // Through Express (a trailing slash is Express' own path form): the same negotiation.
    expect(await ask('gzip, deflate, br', '/data/hf_load.csv/')).toEqual(['gzip, deflate, br', 'br', 565]);
    expect(await ask('br;q=0.5, gzip', '/data/hf_load.csv/')).toEqual(['br;q=0.5, gzip', 'gzip', 814]);
    expect(express).toHaveBeenCalledTimes(3);
  });

  it('contentCoding(): q values first, then br, gzip, identity; a body under 1 KiB is sent as is', () => {
    const both = { gzip: Buffer.from('g'), br: Buffer.from('b') };
    const gzipOnly = { gzip: Buffer.from('g'), br: null };
    const small = { gzip: null, br: null };
    const headers = [undefined, '', 'gzip, deflate, br, zstd', 'x-gzip', 'br;q=0.001, gzip;q=0.002', 'identity;q=0'];
    expect(headers.map((h) => [contentCoding(h, both), contentCoding(h, gzipOnly), contentCoding(h, small)])).toEqual([
      ['identity', 'identity', 'identity'],
      ['identity', 'identity', 'identity'],
      ['br', 'gzip', 'identity'],
      ['identity', 'identity', 'identity'],
      ['gzip', 'gzip', 'identity'],
      ['identity', 'identity', 'identity'],
    ]);
  });

  it('HEAD of a kept answer: the GET headers, no body', async () => {
    const { url, express } = await setup();
    const get = await raw(`${url}/data/hf_load.json`);
    const head = await raw(`${url}/data/hf_load.json`, {}, 'HEAD');
    expect(express).toHaveBeenCalledTimes(1);
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(stable(head.headers)).toEqual(stable(get.headers));
    expect(head.headers['content-length']).toBe(String(get.body.length));
  });

  it('bad parameters are the same JSON 400 as before, every time, also once a good answer is kept', async () => {
    const { url } = await setup();
    expect((await raw(`${url}/data/hf_load.json?_limit=2`)).status).toBe(200);
    for (const query of ['nope=1', '_limit=abc', '_sort=model_id;drop table marts.hf_load']) {
      for (let i = 0; i < 2; i++) {
        const res = await raw(`${url}/data/hf_load.json?${query}`);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect((JSON.parse(res.body.toString()) as { ok: boolean; status: number }).ok).toBe(false);
      }
    }
    const unknown = await raw(`${url}/data/hf_load.json?nope=1`);
    expect(JSON.parse(unknown.body.toString())).toEqual({
      ok: false,
      error: 'unknown column "nope" in hf_load; its columns are day, model_id, downloads_30d',
      status: 400,
    });
    // The table is untouched: the parameter never reached SQL text.
    expect(JSON.parse((await raw(`${url}/data/hf_load.json?_limit=2`)).body.toString()).rows).toHaveLength(2);
  });

  it('leaves to Express what it does not answer: other forms of the path, other methods, a body', async () => {
    const { url, express } = await setup();
    await raw(`${url}/data/hf_load.json`);
    expect(express).toHaveBeenCalledTimes(1);
    // Express matches paths case-insensitively and with a trailing slash: the same answer, through Express.
    const upper = await raw(`${url}/DATA/hf_load.json`);
    expect(upper.status).toBe(200);
    expect(express).toHaveBeenCalledTimes(2);
    const post = await raw(`${url}/data/hf_load.json`, {}, 'POST');
    expect(post.status).toBe(404);
    expect(express).toHaveBeenCalledTimes(3);
    const withBody = await raw(`${url}/data/hf_load.json`, { 'Content-Length': String(70_000) });
    expect(withBody.status).toBe(413);
    expect(express).toHaveBeenCalledTimes(4);
  });

  it('the rate limit counts fast answers too: past it, 429 in the JSON shape', async () => {
    const { url, express } = await setup({ rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    let last: Raw | undefined;
    for (let i = 0; i < 5; i++) {
      last = await raw(`${url}/data/hf_load.json`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // The first built the answer, the next two were fast; the refused ones went to Express' limiter.
    expect(express).toHaveBeenCalledTimes(3);
    expect(JSON.parse(last!.body.toString())).toEqual({
      ok: false,
      error: 'too many requests: at most 3 a minute from one address',
      status: 429,
    });
    expect(last!.headers.ratelimit).toMatch(/^"3-in-1min"; r=0; t=(59|60)$/);
  });
});

describe('statusFastPath', () => {
  it('GET and HEAD /api/status without Express: the same headers and body as the Express path', async () => {
    const { url, express } = await setup();
    // With a query string the path is Express' (the route ignores the query): the reference answer.
    const viaExpress = await raw(`${url}/api/status?via=express`);
    expect(express).toHaveBeenCalledTimes(1);
    const fast = await raw(`${url}/api/status`);
    const head = await raw(`${url}/api/status`, {}, 'HEAD');
    expect(express).toHaveBeenCalledTimes(1);
    expect(fast.status).toBe(200);
    expect(fast.body.equals(viaExpress.body)).toBe(true);
    expect(stable(fast.headers)).toEqual(stable(viaExpress.headers));
    expect(stable(head.headers)).toEqual(stable(fast.headers));
    expect(head.body.length).toBe(0);
    expect(fast.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(fast.headers['x-content-type-options']).toBe('nosniff');
    expect(fast.headers.ratelimit).toMatch(/^"1000-in-1min"; r=998; t=(59|60)$/);
    const body = JSON.parse(fast.body.toString()) as { ok: boolean; generated_at: string };
    expect([body.ok, body.generated_at]).toEqual([true, '2026-04-29T12:00:00.000Z']);
  });
});
