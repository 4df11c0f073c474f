/**
 * Issue 9, the fault matrix: each upstream fault the replay server can play, against the real collectors. Transient
 * faults must end in data identical to a clean run with nothing duplicated; permanent ones in a failed run with a
 * one-line message naming the cause, no partial rows, and the previous data still there. Faults already covered
 * elsewhere are listed in docs/reliability.md with their tests. OpenRouter runs over a SYNTHETIC archive
 * (test/fixtures/openrouter/rankings-small.synthetic.csv); the Hub over the shipped top-30 recording of 2026-08-22.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHuggingFaceSource } from '../../ingest/huggingface.ts';
import { createOpenRouterRankingsSource } from '../../ingest/openrouter.ts';
import { runSource, type RunResult } from '../../ingest/run.ts';
import type { OpenRouterFault } from '../support/replay/openrouter.ts';
import type { HuggingFaceFault } from '../support/replay/huggingface.ts';
import { startReplayServer } from '../support/replay/server.ts';
import { tempDatabase } from '../support/tmp.ts';

const ARCHIVE = path.resolve(import.meta.dirname, '../fixtures/openrouter/rankings-small.synthetic.csv');
const NOW = new Date('2026-08-22T23:59:59Z');
const WINDOW = { from: '2026-08-10', to: '2026-08-21' };
const RANKINGS = '/datasets/rankings-daily';
const EXACT_ONLY = createOpenRouterRankingsSource({ categories: [] });
// No real waiting: Retry-After and backoff go through this sleep; a hung request meets a short timeout.
const HTTP = { minBackoffMs: 1, maxBackoffMs: 5, timeoutMs: 400, sleep: async () => undefined };

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!();
});

type Db = Awaited<ReturnType<typeof tempDatabase>>;

async function openrouterRun(faults: OpenRouterFault[], t?: Db): Promise<{ run: RunResult; t: Db }> {
  const replay = await startReplayServer({
    now: NOW,
    openrouter: { csvFile: ARCHIVE, rateLimitPerMinute: 10_000, faults },
  });
  cleanups.push(() => replay.close());
  if (!t) {
    t = await tempDatabase({ OPENROUTER_BASE_URL: replay.openrouterBaseUrl, OPENROUTER_API_KEY: 'replay-key' });
    cleanups.push(t.cleanup);
  }
  const config = { ...t.config, openrouterBaseUrl: replay.openrouterBaseUrl };
  const run = await runSource(EXACT_ONLY, { db: t.db, config, window: WINDOW, now: () => NOW, http: HTTP });
  return { run, t };
}

const rankings = (t: Db) =>
  t.db.json(
    "select strftime(date, '%Y-%m-%d') as d, model_permaslug, total_tokens::varchar as tokens from raw.openrouter_rankings order by 1, 2",
  );
const rankingRows = async (t: Db) =>
  (await t.db.json<{ n: number }>('select count(*)::integer as n from raw.openrouter_rankings'))[0]!.n;

let clean: unknown[];
beforeAll(async () => {
  const { run, t } = await openrouterRun([]);
  expect(run.status).toBe('succeeded');
  clean = await rankings(t);
  expect(clean).toHaveLength(72);
  await cleanups.pop()!(); // the database
  await cleanups.pop()!(); // the replay
});

function expectOneLine(run: RunResult, ...parts: Array<string | RegExp>) {
  expect(run.status).toBe('failed');
  expect(run.message).not.toContain('\n');
  for (const part of parts) expect(run.message).toMatch(part);
}

describe('OpenRouter: transient faults end in the clean data, nothing duplicated', () => {
  it.each([500, 502, 503])('a burst of three %i answers', async (status) => {
    const { run, t } = await openrouterRun([{ path: RANKINGS, status, times: 3 }]);
    expect(run.status).toBe('succeeded');
    expect(await rankings(t)).toEqual(clean);
  });

  it('a response slower than the timeout (the first request never answers)', async () => {
    const { run, t } = await openrouterRun([{ path: RANKINGS, status: 200, times: 1, hang: true }]);
    expect(run.status).toBe('succeeded');
    expect(await rankings(t)).toEqual(clean);
  });

  it('a connection reset mid-body', async () => {
    const { run, t } = await openrouterRun([{ path: RANKINGS, status: 200, times: 2, resetAfterBytes: 500 }]);
    expect(run.status).toBe('succeeded');
    expect(await rankings(t)).toEqual(clean);
  });

  it('the same window collected twice: the second run writes nothing', async () => {
    const first = await openrouterRun([]);
    const second = await openrouterRun([], first.t);
    expect(second.run).toMatchObject({ status: 'succeeded', rowsWritten: 0 });
    expect(await rankings(first.t)).toEqual(clean);
  });
});

describe('OpenRouter: permanent faults fail the run in one line, write no rows, keep the previous data', () => {
  /** A clean run first, then the faulty one over the same database. */
  async function afterCleanRun(faults: OpenRouterFault[]) {
    const first = await openrouterRun([]);
    const { run } = await openrouterRun(faults, first.t);
    expect(await rankings(first.t)).toEqual(clean);
    return run;
  }

  it('a 500 storm past the retry budget', async () => {
    const run = await afterCleanRun([{ path: RANKINGS, status: 500, times: 100 }]);
    expectOneLine(run, /500/, /rankings-daily/);
  });

  it('truncated JSON', async () => {
    const run = await afterCleanRun([
      { path: RANKINGS, status: 200, times: 100, body: '{"data": [{"date": "2026-08-10", "model_permas' },
    ]);
    expectOneLine(run, /rankings/);
  });

  it('a wrong envelope', async () => {
    const run = await afterCleanRun([
      { path: RANKINGS, status: 200, times: 100, mutate: (body) => ({ rows: (body as { data: unknown }).data }) },
    ]);
    expectOneLine(run, /rankings/);
  });

  it('items missing a required field', async () => {
    const run = await afterCleanRun([
      {
        path: RANKINGS,
        status: 200,
        times: 100,
        mutate: (body) => {
          const b = body as { data: Array<Record<string, unknown>> };
          delete b.data[3]!.total_tokens;
          return b;
        },
      },
    ]);
    expectOneLine(run, /rankings/);
  });

  it('numbers as strings reversed: total_tokens as a JSON number, and a date as a number', async () => {
    const asNumber = await afterCleanRun([
      {
        path: RANKINGS,
        status: 200,
        times: 100,
        mutate: (body) => {
          const b = body as { data: Array<Record<string, unknown>> };
          b.data[0]!.total_tokens = Number(b.data[0]!.total_tokens);
          return b;
        },
      },
    ]);
    expectOneLine(asNumber, /rankings/);
    const dateAsNumber = await afterCleanRun([
      {
        path: RANKINGS,
        status: 200,
        times: 100,
        mutate: (body) => {
          const b = body as { data: Array<Record<string, unknown>> };
          b.data[0]!.date = 20260810;
          return b;
        },
      },
    ]);
    expectOneLine(dateAsNumber, /rankings/);
  });

  it('a day served twice with different values in one answer', async () => {
    const run = await afterCleanRun([
      {
        path: RANKINGS,
        status: 200,
        times: 100,
        mutate: (body) => {
          const b = body as { data: Array<Record<string, unknown>> };
          b.data.push({ ...b.data[0]!, total_tokens: '1' });
          return b;
        },
      },
    ]);
    expectOneLine(run, /lists 2026-08-10 \S+ twice/);
  });

  it('the disk full while writing payloads: no payload file half-written, no rows', async () => {
    const first = await openrouterRun([]);
    const write = fs.writeFileSync;
    vi.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (String(file).includes(`${path.sep}payloads${path.sep}`)) {
        write(file, String(data).slice(0, 10));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return write(file, data, options);
    });
    const before = await rankingRows(first.t);
    // Identical bodies are kept once: remove the kept files so this run has to write them again.
    fs.rmSync(path.join(first.t.dir, 'payloads'), { recursive: true, force: true });
    const replayed = await openrouterRun(
      [{ path: RANKINGS, status: 200, times: 100, mutate: (body) => body }],
      first.t,
    );
    vi.restoreAllMocks();
    expectOneLine(
      replayed.run,
      /could not keep the payload of http:\/\/127\.0\.0\.1:\d+\/api\/v1\/datasets\/rankings-daily/,
      /ENOSPC/,
    );
    expect(await rankingRows(first.t)).toBe(before);
    const files = fs.existsSync(path.join(first.t.dir, 'payloads'))
      ? fs.readdirSync(path.join(first.t.dir, 'payloads'), { recursive: true }).map(String)
      : [];
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('Hugging Face: paging faults', () => {
  const TRACK_NONE = { trackedOrgs: [] as string[], topN: 30, lineageMaxDepth: 6, lineageMaxFetches: 2000 };

  async function hubRun(faults: HuggingFaceFault[], maxPageSize = 10) {
    const replay = await startReplayServer({
      now: new Date('2026-08-22T12:00:00Z'),
      huggingface: { faults, maxPageSize },
    });
    cleanups.push(() => replay.close());
    const t = await tempDatabase({ HF_ENDPOINT: replay.hfEndpoint });
    cleanups.push(t.cleanup);
    const now = () => new Date('2026-08-22T12:00:00Z');
    const run = await runSource(createHuggingFaceSource(TRACK_NONE, { sleep: async () => undefined }), {
      db: t.db,
      config: t.config,
      now,
      http: HTTP,
    });
    const [counts] = await t.db.json<{ rows: number; models: number }>(
      'select count(*)::integer as rows, count(distinct model_id)::integer as models from raw.hf_model_snapshots',
    );
    return { run, counts, replay };
  }

  it('duplicate items across pages are stored once', async () => {
    let firstItem: unknown;
    const { run, counts } = await hubRun([
      { path: /^\/models\?(?!.*cursor)/, times: 1, mutate: (body) => ((firstItem = (body as unknown[])[0]), body) },
      { path: /cursor=/, times: 1, mutate: (body) => [firstItem, ...(body as unknown[])] },
    ]);
    expect(run.status).toBe('succeeded');
    expect(counts).toEqual({ rows: 30, models: 30 });
  });

  it('a Link that loops back to a page already read fails the run naming it; nothing written', async () => {
    // The second page names itself as the next page.
    const { run, counts } = await hubRun([
      { path: /cursor=/, times: 100, link: (origin, req) => `<${origin}${req.originalUrl}>; rel="next"` },
    ]);
    expectOneLine(run, /Link pagination loops back to a page already read/);
    expect(counts).toEqual({ rows: 0, models: 0 });
  });

  it('an empty page mid-listing that promises a next page fails the run (ranks after it would be wrong); nothing written', async () => {
    const { run, counts } = await hubRun([{ path: /cursor=/, times: 1, mutate: () => [] }], 10);
    expectOneLine(
      run,
      /^empty page with a next page from http:\/\/127\.0\.0\.1:\d+\/api\/models\?.*cursor=.*: the listing is inconsistent$/,
    );
    expect(counts).toEqual({ rows: 0, models: 0 });
  });

  it('a connection reset mid-body and a hung request are retried: all 30 stored once', async () => {
    const { run, counts } = await hubRun([
      { path: /cursor=/, times: 1, resetAfterBytes: 300 },
      { path: /^\/models\?(?!.*cursor)/, times: 1, hang: true },
    ]);
    expect(run.status).toBe('succeeded');
    expect(counts).toEqual({ rows: 30, models: 30 });
  });

  it('strings as numbers: a downloads count sent as text is stored NULL, never guessed or 0', async () => {
    const { run, counts } = await hubRun([
      {
        path: /^\/models\?(?!.*cursor)/,
        times: 1,
        mutate: (body) =>
          (body as Array<Record<string, unknown>>).map((m, i) =>
            i === 0 ? { ...m, downloads: String(m.downloads) } : m,
          ),
      },
    ]);
    expect(run.status).toBe('succeeded');
    expect(counts).toEqual({ rows: 30, models: 30 });
  });
});
