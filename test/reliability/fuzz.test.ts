/**
 * Issue 9: 10,000 seeded random requests over every route and parameter of the app (test/reliability/fuzz.ts):
 * no 5xx, and every error in the one JSON shape. Plus the request size and rate limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, MAX_BODY_BYTES } from '../../dashboard/app.ts';
import { tempDatabase } from '../support/tmp.ts';
import { serve } from '../dashboard/serve.ts';
import { fuzzApp } from './fuzz.ts';

describe('fuzzing the HTTP app', () => {
  it('10,000 requests (seed 9): zero 5xx, one JSON error shape', async () => {
    const report = await fuzzApp({ seed: 9, requests: 10_000, concurrency: 4 });
    expect(report.examples).toEqual([]);
    expect({ requests: report.requests, status5xx: report.status5xx, badShape: report.badShape }).toEqual({
      requests: 10_000,
      status5xx: 0,
      badShape: 0,
    });
    // The fuzzer reached the routes, not only their refusals.
    expect(report.byStatus['200']).toBeGreaterThan(100);
    expect(report.byStatus['400']).toBeGreaterThan(100);
    expect(report.byStatus['404']).toBeGreaterThan(1000);
    expect(report.byStatus['413']).toBeGreaterThan(100);
  }, 180_000);
});

describe('request limits', () => {
  let t: Awaited<ReturnType<typeof tempDatabase>>;
  let site: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    t = await tempDatabase();
    site = await serve(createApp({ db: t.db, config: t.config, martNames: () => [], rateLimitPerMinute: 5 }));
  });
  afterAll(async () => {
    await site.close();
    t.cleanup();
  });

  it('a body over the limit is a 413 in the JSON shape, unread', async () => {
    const res = await fetch(`${site.url}/api/marts`, { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      ok: false,
      error: 'request body too large: no route takes a body over 65536 bytes',
      status: 413,
    });
  });

  it('past the rate limit: 429 in the JSON shape with RateLimit headers', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await fetch(`${site.url}/api/marts`);
      statuses.push(last.status);
      if (i < 5) await last.arrayBuffer();
    }
    // The 413 above counted as one of the five.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(await last!.json()).toEqual({
      ok: false,
      error: 'too many requests: at most 5 a minute from one address',
      status: 429,
    });
    expect(last!.headers.get('ratelimit-policy')).toMatch(/^"5-in-1min"; q=5; w=60\b/);
  });
});
