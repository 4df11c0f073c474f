import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openrouterModelsSource } from '../../ingest/openrouter.ts';
import { runSource } from '../../ingest/run.ts';
import { startReplayServer, type ReplayOptions, type ReplayServer } from '../support/replay/server.ts';
import { tempDatabase } from '../support/tmp.ts';

// The replay's catalogue is SYNTHETIC (no recording of /models exists): built from the archive's permaslugs.
const NOW = new Date('2026-08-22T10:00:00Z');

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer({ now: NOW, openrouter: { rateLimitPerMinute: 10_000 } });
});
afterAll(() => server.close());

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function database(replay: ReplayServer = server) {
  // No OPENROUTER_API_KEY: the catalogue is public.
  const t = await tempDatabase({ OPENROUTER_BASE_URL: replay.openrouterBaseUrl });
  cleanups.push(t.cleanup);
  return t;
}

async function replay(options: ReplayOptions): Promise<ReplayServer> {
  const started = await startReplayServer({ now: NOW, ...options });
  cleanups.push(() => started.close());
  return started;
}

function collect(t: Awaited<ReturnType<typeof database>>, now = NOW) {
  return runSource(openrouterModelsSource, {
    db: t.db,
    config: t.config,
    now: () => now,
    http: { minBackoffMs: 1, maxBackoffMs: 5 },
  });
}

describe('openrouter-models collector', () => {
  it('stores one catalogue snapshot per UTC day, without a key; prices stay strings', async () => {
    const t = await database();
    const before = server.requests.length;
    const result = await collect(t);
    expect(result).toEqual({
      runId: 1,
      source: 'openrouter-models',
      status: 'succeeded',
      rowsFetched: 117,
      rowsWritten: 117,
      message: '117 models in the catalogue snapshot of 2026-08-22',
    });
    expect(server.requests.slice(before)).toEqual([{ method: 'GET', url: '/api/v1/models', authorized: false }]);
    expect(
      await t.db.json(
        `select day, id, canonical_slug, name, created_at, context_length, hugging_face_id, pricing_prompt, pricing_completion,
           modality, fetched_at, run_id
         from raw.openrouter_models where id in ('openai/gpt-oss-120b:free', 'deepseek/deepseek-v4-flash') order by id`,
      ),
    ).toEqual([
      {
        day: '2026-08-22',
        id: 'deepseek/deepseek-v4-flash',
        canonical_slug: 'deepseek/deepseek-v4-flash-20260731',
        name: 'deepseek/deepseek-v4-flash (synthetic replay entry)',
        created_at: '2026-07-31 00:00:00',
        context_length: '131072',
        hugging_face_id: null,
        pricing_prompt: '0.0000005',
        pricing_completion: '0.0000015',
        modality: 'text->text',
        fetched_at: '2026-08-22 10:00:00',
        run_id: '1',
      },
      {
        day: '2026-08-22',
        id: 'openai/gpt-oss-120b:free',
        canonical_slug: 'openai/gpt-oss-120b',
        name: 'openai/gpt-oss-120b:free (synthetic replay entry)',
        created_at: '2025-01-01 00:00:00',
        context_length: '131072',
        hugging_face_id: 'openai/gpt-oss-120b',
        pricing_prompt: '0',
        pricing_completion: '0',
        modality: 'text->text',
        fetched_at: '2026-08-22 10:00:00',
        run_id: '1',
      },
    ]);
    expect(
      await t.db.json('select count(*)::integer as n from raw.openrouter_models where hugging_face_id is not null'),
    ).toEqual([{ n: 14 }]);
  });

  it('a re-run the same UTC day replaces that day; the next day adds a snapshot', async () => {
    const t = await database();
    await collect(t);
    const again = await collect(t, new Date('2026-08-22T18:00:00Z'));
    expect([again.status, again.rowsWritten]).toEqual(['succeeded', 117]);
    expect(
      await t.db.json('select day, count(*)::integer as n, max(run_id) as run from raw.openrouter_models group by day'),
    ).toEqual([{ day: '2026-08-22', n: 117, run: '2' }]);
    await collect(t, new Date('2026-08-23T04:15:00Z'));
    expect(
      await t.db.json('select day, count(*)::integer as n from raw.openrouter_models group by day order by day'),
    ).toEqual([
      { day: '2026-08-22', n: 117 },
      { day: '2026-08-23', n: 117 },
    ]);
  });

  it('fails on a catalogue the SDK rejects, naming the URL and the fields; the day already held stays', async () => {
    const faulty = await replay({
      openrouter: {
        faults: [
          {
            path: '/models',
            status: 200,
            times: 1,
            body: '{"data": [{"id": "x/y"}], "links": {"next": null}, "total_count": 1}',
          },
        ],
      },
    });
    const t = await database();
    expect((await collect(t)).status).toBe('succeeded');
    t.config.openrouterBaseUrl = faulty.openrouterBaseUrl;
    const bad = await collect(t, new Date('2026-08-22T18:00:00Z'));
    expect(bad.status).toBe('failed');
    expect(bad.message).toBe(
      `OpenRouter models response from ${faulty.openrouterBaseUrl}/models does not have the expected shape: ` +
        'data.0.architecture: Invalid input: expected object, received undefined; ' +
        'data.0.canonical_slug: Invalid input: expected string, received undefined; ' +
        'data.0.context_length: Invalid input: expected number, received undefined; and 9 more',
    );
    expect(await t.db.json('select count(*)::integer as n, min(run_id) as run from raw.openrouter_models')).toEqual([
      { n: 117, run: '1' },
    ]);
  });

  it('retries a 503, then succeeds', async () => {
    const faulty = await replay({ openrouter: { faults: [{ path: '/models', status: 503, times: 1 }] } });
    const t = await database(faulty);
    const result = await collect(t);
    expect([result.status, result.rowsWritten]).toEqual(['succeeded', 117]);
    expect(await t.db.json('select http_status from meta.payloads order by payload_id')).toEqual([
      { http_status: 503 },
      { http_status: 200 },
    ]);
  });
});
