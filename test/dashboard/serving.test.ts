/**
 * Serving under load: answers built once per data version (single flight), ETag + If-None-Match, gzip, pooled sessions
 * and the pool's admission limit (503 at once instead of a queue that outlives the load).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { tempDatabase } from '../support/tmp.ts';
import { LOAD_NOW, loadMartDatabase } from './load-mart.ts';
import { serve } from './serve.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const t = await loadMartDatabase(cleanups);
  let version = 1;
  const app = createApp({
    db: t.db,
    config: t.config,
    now: () => LOAD_NOW,
    martNames: () => ['hf_load'],
    dataVersion: () => String(version),
  });
  const server = await serve(app);
  cleanups.push(() => server.close());
  return { t, url: server.url, bump: () => (version += 1) };
}

function raw(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('data answers cached per version', () => {
  it('200 concurrent requests for one answer cost one database read; a new version reads again and sees the change', async () => {
    const { t, url, bump } = await setup();
    const pooled = vi.spyOn(t.db, 'pooled');
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => fetch(`${url}/data/hf_load.json?_limit=5&_sort=-downloads_30d`)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(200).fill(200));
    const bodies = new Set(await Promise.all(answers.map((r) => r.text())));
    expect(bodies.size).toBe(1);
    expect(pooled).toHaveBeenCalledTimes(1);
    expect((JSON.parse([...bodies][0]!) as { rows: Array<{ model_id: string }> }).rows.map((r) => r.model_id)).toEqual([
      'synthetic/model-199',
      'synthetic/model-198',
      'synthetic/model-197',
      'synthetic/model-196',
      'synthetic/model-195',
    ]);
    // The same filter set in another order is the same answer.
    expect((await fetch(`${url}/data/hf_load.json?_sort=-downloads_30d&_limit=5`)).status).toBe(200);
    expect(pooled).toHaveBeenCalledTimes(1);

    await t.db.run("insert into marts.hf_load values ('2026-04-01', 'synthetic/new', 999999999)");
    expect(
      (
        (await (await fetch(`${url}/data/hf_load.json?_limit=5&_sort=-downloads_30d`)).json()) as {
          rows: Array<{ model_id: string }>;
        }
      ).rows[0]!.model_id,
    ).toBe('synthetic/model-199');
    bump();
    expect(
      (
        (await (await fetch(`${url}/data/hf_load.json?_limit=5&_sort=-downloads_30d`)).json()) as {
          rows: Array<{ model_id: string }>;
        }
      ).rows[0]!.model_id,
    ).toBe('synthetic/new');
    expect(pooled).toHaveBeenCalledTimes(2);
  });

  it('sends an ETag, answers 304 to If-None-Match, and gzip to a client that accepts it', async () => {
    const { url, bump } = await setup();
    const plain = await raw(`${url}/data/hf_load.csv`, {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString().split('\n').slice(0, 2)).toEqual([
      'day,model_id,downloads_30d',
      '2026-04-01,synthetic/model-0,0',
    ]);
    const etag = plain.headers.etag!;
    expect(etag).toMatch(/^"1-[A-Za-z0-9_-]{22}"$/);

    const gzipped = await raw(`${url}/data/hf_load.csv`, { 'Accept-Encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toBe('Accept-Encoding');
    expect(gzipped.body.length).toBeLessThan(plain.body.length);
    expect(zlib.gunzipSync(gzipped.body).equals(plain.body)).toBe(true);

    const notModified = await raw(`${url}/data/hf_load.csv`, { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);

    bump();
    const after = await raw(`${url}/data/hf_load.csv`, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).toMatch(/^"2-/);
  });

  it('errors are not cached: an unknown column is a 400 every time', async () => {
    const { url } = await setup();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${url}/data/hf_load.json?nope=1`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(
        'unknown column "nope" in hf_load; its columns are day, model_id, downloads_30d',
      );
    }
  });
});

describe('pooled sessions', () => {
  it('past the admission limit a request is refused at once with 503 and Retry-After; freed, it is served', async () => {
    const { t, url } = await setup();
    t.db.setPool({ size: 1, maxWaiting: 0 });
    let release!: () => void;
    let holding!: () => void;
    const isHeld = new Promise<void>((resolve) => (holding = resolve));
    const held = t.db.pooled(() => {
      holding();
      return new Promise<void>((resolve) => (release = resolve));
    });
    // The one session is taken only once its connection is open: wait for that, not for time.
    await isHeld;
    const refused = await fetch(`${url}/data/hf_load.json?_limit=1`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({
      ok: false,
      error: 'the database is busy: 0 requests are waiting; try again shortly',
      status: 503,
    });
    release();
    await held;
    expect((await fetch(`${url}/data/hf_load.json?_limit=1`)).status).toBe(200);
  });

  it('/api/status under 200 concurrent requests: every one answers 200 from one read', async () => {
    const { t, url } = await setup();
    const pooled = vi.spyOn(t.db, 'pooled');
    const answers = await Promise.all(Array.from({ length: 200 }, () => fetch(`${url}/api/status`)));
    expect(answers.map((r) => r.status)).toEqual(Array(200).fill(200));
    expect(pooled).toHaveBeenCalledTimes(1);
  });
});

describe('/api/status kept between changes', () => {
  it('a new generated_at each request; the jobs, the crawl progress and a new version are seen at once', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    let clock = Date.parse('2026-04-29T12:00:00Z');
    let nextRunAt = '2026-04-30T03:00:00.000Z';
    let version = 1;
    const app = createApp({
      db: t.db,
      config: t.config,
      now: () => new Date(clock),
      jobs: () => [{ job: 'openrouter', schedule: '0 3 * * *', nextRunAt }],
      dataVersion: () => String(version),
    });
    const server = await serve(app);
    cleanups.push(() => server.close());
    const status = async () =>
      (await (await fetch(`${server.url}/api/status`)).json()) as {
        ok: boolean;
        generated_at: string;
        jobs: Array<{ job: string; next_run_at: string | null; last_status: string | null }>;
        hf_crawl: unknown;
      };
    const first = await status();
    expect(Object.keys(first).slice(0, 3)).toEqual(['ok', 'generated_at', 'jobs']);
    expect(first.generated_at).toBe('2026-04-29T12:00:00.000Z');
    expect(first.hf_crawl).toBeNull();
    expect(first.jobs.find((j) => j.job === 'openrouter')?.next_run_at).toBe('2026-04-30T03:00:00.000Z');

    clock += 1000;
    const second = await status();
    expect(second.generated_at).toBe('2026-04-29T12:00:01.000Z');
    expect({ ...second, generated_at: null }).toEqual({ ...first, generated_at: null });

    nextRunAt = '2026-05-01T03:00:00.000Z';
    expect((await status()).jobs.find((j) => j.job === 'openrouter')?.next_run_at).toBe('2026-05-01T03:00:00.000Z');

    fs.mkdirSync(path.join(t.dir, 'state'), { recursive: true });
    fs.writeFileSync(path.join(t.dir, 'state', 'hf-crawl.json'), JSON.stringify({ pages: 3 }));
    expect((await status()).hf_crawl).toEqual({ pages: 3 });

    await t.db.run(
      `insert into meta.job_state (job, last_status, last_message) values ('openrouter', 'succeeded', 'synthetic run')`,
    );
    expect((await status()).jobs.find((j) => j.job === 'openrouter')?.last_status).toBeNull();
    version += 1;
    expect((await status()).jobs.find((j) => j.job === 'openrouter')?.last_status).toBe('succeeded');
  });
});
