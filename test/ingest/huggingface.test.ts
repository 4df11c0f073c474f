import { afterEach, describe, expect, it } from 'vitest';
import {
  createHuggingFaceSource,
  hubThrottle,
  parseBaseModelTags,
  type HuggingFaceSourceOptions,
} from '../../ingest/huggingface.ts';
import { parseBaseModelTag } from '../../ingest/base-model-tags.ts';
import { runSource, type RunResult } from '../../ingest/run.ts';
import type { HuggingFaceTracking } from '../../ingest/tracking.ts';
import type { HuggingFaceFault, HuggingFaceReplayOptions } from '../support/replay/huggingface.ts';
import { startReplayServer, type ReplayServer } from '../support/replay/server.ts';
import { tempDatabase } from '../support/tmp.ts';

const NOW = new Date('2026-08-22T12:00:00Z');
const EXPAND =
  'expand=pipeline_tag&expand=private&expand=gated&expand=downloads&expand=likes&expand=lastModified' +
  '&expand=author&expand=createdAt&expand=downloadsAllTime&expand=library_name&expand=safetensors&expand=tags';
const TOP30_PATH = `/api/models?limit=30&sort=downloads&${EXPAND}&direction=-1`;

// The recorded top 30 of 2026-08-22 (ingest/seed-history/huggingface/top30-daily.csv), in rank order.
const TOP30_2026_08_22: Array<[string, string]> = [
  ['sentence-transformers/all-MiniLM-L6-v2', '257229302'],
  ['google-bert/bert-base-uncased', '100199374'],
  ['cross-encoder/ms-marco-MiniLM-L6-v2', '88221424'],
  ['BAAI/bge-small-en-v1.5', '72415343'],
  ['google/electra-base-discriminator', '55738696'],
  ['sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2', '54870865'],
  ['amazon/chronos-2', '37007228'],
  ['BAAI/bge-m3', '36157038'],
  ['lpiccinelli/unidepth-v2-vitl14', '28672058'],
  ['sentence-transformers/all-mpnet-base-v2', '25248432'],
  ['Qwen/Qwen3-0.6B', '25235903'],
  ['google-t5/t5-small', '22838604'],
  ['openai/clip-vit-base-patch32', '20646135'],
  ['timm/mobilenetv3_small_100.lamb_in1k', '19538218'],
  ['BAAI/bge-reranker-v2-m3', '18680122'],
  ['FacebookAI/xlm-roberta-base', '18615593'],
  ['Comfy-Org/MiniMax-H3', '16773838'],
  ['nomic-ai/nomic-embed-text-v1.5', '16506935'],
  ['trl-internal-testing/tiny-Qwen2ForCausalLM-2.5', '16258034'],
  ['facebook/opt-125m', '15538854'],
  ['Qwen/Qwen3-8B', '15314166'],
  ['openai-community/gpt2', '14313440'],
  ['Qwen/Qwen3.5-9B', '13785751'],
  ['BAAI/bge-large-en-v1.5', '13449810'],
  ['Qwen/Qwen3.6-35B-A3B-FP8', '12974324'],
  ['hexgrad/Kokoro-82M', '12615271'],
  ['nvidia/Qwen3.6-35B-A3B-NVFP4', '12554259'],
  ['intfloat/multilingual-e5-small', '12495124'],
  ['unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF', '12364836'],
  ['BAAI/bge-base-en-v1.5', '11904664'],
];

const ORGS = ['Qwen', 'deepseek-ai', 'meta-llama', 'bartowski'];

function trackingOf(overrides: Partial<HuggingFaceTracking> = {}): HuggingFaceTracking {
  return { topN: 30, trackedOrgs: ORGS, lineageMaxDepth: 6, lineageMaxFetches: 2000, ...overrides };
}

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Harness {
  server: ReplayServer;
  db: Awaited<ReturnType<typeof tempDatabase>>['db'];
  sleeps: number[];
  collect(
    tracking?: HuggingFaceTracking,
    options?: { now?: Date; source?: HuggingFaceSourceOptions },
  ): Promise<RunResult>;
}

async function harness(
  replay: HuggingFaceReplayOptions = {},
  env: NodeJS.ProcessEnv = {},
  clock?: { advance(ms: number): void },
): Promise<Harness> {
  const server = await startReplayServer({ now: NOW, huggingface: replay });
  cleanups.push(() => server.close());
  const t = await tempDatabase({ HF_ENDPOINT: server.hfEndpoint, ...env });
  cleanups.push(t.cleanup);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock?.advance(ms);
  };
  return {
    server,
    db: t.db,
    sleeps,
    collect: (tracking = trackingOf(), options = {}) => {
      const now = options.now ?? NOW;
      server.setNow(now);
      return runSource(createHuggingFaceSource(tracking, { sleep, ...options.source }), {
        db: t.db,
        config: t.config,
        now: () => now,
        http: { minBackoffMs: 1, maxBackoffMs: 5, sleep },
      });
    },
  };
}

async function count(h: Harness, table: string): Promise<number> {
  const [row] = await h.db.json<{ n: number }>(`select count(*)::integer as n from ${table}`);
  return row!.n;
}

describe('huggingface collect() against a replay of 2026-08-22', () => {
  it("stores that day's recorded top 30 with top_rank 1..30, the tracked organisations' models and the lineage-only bases", async () => {
    const h = await harness();
    const result = await h.collect();
    expect(result).toMatchObject({
      status: 'succeeded',
      rowsFetched: 37,
      rowsWritten: 41,
      message:
        '37 models: top 30, 10 from 4 tracked organisations, 1 lineage-only; base models not found: 1 (synthetic-gone/Deleted-Base-8B)',
    });
    expect(await count(h, 'raw.hf_model_snapshots')).toBe(37);

    const top = await h.db.json<{ top_rank: number; model_id: string; downloads_30d: string }>(
      'select top_rank, model_id, downloads_30d from raw.hf_model_snapshots where top_rank is not null order by top_rank',
    );
    expect(top.map((r) => r.top_rank)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(top.map((r) => [r.model_id, r.downloads_30d])).toEqual(TOP30_2026_08_22);

    const first = await h.db.json(
      "select * from raw.hf_model_snapshots where model_id = 'sentence-transformers/all-MiniLM-L6-v2'",
    );
    expect(first).toEqual([
      {
        day: '2026-08-22',
        snapshot_at: '2026-08-22 12:00:00',
        model_id: 'sentence-transformers/all-MiniLM-L6-v2',
        author: 'sentence-transformers',
        downloads_30d: '257229302',
        downloads_all_time: null,
        likes: '5241',
        created_at: null,
        last_modified_at: null,
        pipeline_tag: 'sentence-similarity',
        library_name: null,
        tags: ['sentence-transformers', 'pytorch', 'tf', 'rust', 'onnx', 'safetensors'],
        parameters: null,
        top_rank: 1,
        tracked_org: false,
        lineage_only: false,
        is_synthetic: false,
        run_id: String(result.runId),
        payload_id: '1',
      },
    ]);

    const scoped = await h.db.json(
      `select model_id, top_rank, tracked_org, lineage_only, is_synthetic from raw.hf_model_snapshots
       where tracked_org or lineage_only order by model_id`,
    );
    expect(scoped).toEqual([
      {
        model_id: 'Qwen/Qwen-Synthetic-Legacy-7B',
        top_rank: null,
        tracked_org: true,
        lineage_only: false,
        is_synthetic: true,
      },
      { model_id: 'Qwen/Qwen3-0.6B', top_rank: 11, tracked_org: true, lineage_only: false, is_synthetic: false },
      { model_id: 'Qwen/Qwen3-8B', top_rank: 21, tracked_org: true, lineage_only: false, is_synthetic: false },
      {
        model_id: 'Qwen/Qwen3-Synthetic-8B-Base',
        top_rank: null,
        tracked_org: true,
        lineage_only: false,
        is_synthetic: true,
      },
      { model_id: 'Qwen/Qwen3.5-9B', top_rank: 23, tracked_org: true, lineage_only: false, is_synthetic: false },
      {
        model_id: 'Qwen/Qwen3.6-35B-A3B-FP8',
        top_rank: 25,
        tracked_org: true,
        lineage_only: false,
        is_synthetic: false,
      },
      {
        model_id: 'SomeLab/Qwen3-Synthetic-8B-Instruct',
        top_rank: null,
        tracked_org: false,
        lineage_only: true,
        is_synthetic: true,
      },
      {
        model_id: 'bartowski/SomeLab_Qwen3-Synthetic-8B-Instruct-GGUF',
        top_rank: null,
        tracked_org: true,
        lineage_only: false,
        is_synthetic: true,
      },
      {
        model_id: 'deepseek-ai/DeepSeek-Synthetic-Adapter-8B',
        top_rank: null,
        tracked_org: true,
        lineage_only: false,
        is_synthetic: true,
      },
      {
        model_id: 'deepseek-ai/DeepSeek-Synthetic-Distill-Llama-8B',
        top_rank: null,
        tracked_org: true,
        lineage_only: false,
        is_synthetic: true,
      },
      {
        model_id: 'meta-llama/Llama-Synthetic-3-8B',
        top_rank: null,
        tracked_org: true,
        lineage_only: false,
        is_synthetic: true,
      },
    ]);

    expect(
      await h.db.json('select model_id, base_model_id, relation from raw.hf_model_base_models order by model_id'),
    ).toEqual([
      {
        model_id: 'SomeLab/Qwen3-Synthetic-8B-Instruct',
        base_model_id: 'Qwen/Qwen3-Synthetic-8B-Base',
        relation: 'finetune',
      },
      {
        model_id: 'bartowski/SomeLab_Qwen3-Synthetic-8B-Instruct-GGUF',
        base_model_id: 'SomeLab/Qwen3-Synthetic-8B-Instruct',
        relation: 'quantized',
      },
      {
        model_id: 'deepseek-ai/DeepSeek-Synthetic-Adapter-8B',
        base_model_id: 'synthetic-gone/Deleted-Base-8B',
        relation: 'adapter',
      },
      {
        model_id: 'deepseek-ai/DeepSeek-Synthetic-Distill-Llama-8B',
        base_model_id: 'meta-llama/Llama-Synthetic-3-8B',
        relation: 'finetune',
      },
    ]);
  });

  it('keeps every field the Hub gives, turns the placeholder createdAt into NULL, and leaves missing values NULL', async () => {
    const h = await harness();
    await h.collect();
    const rows = await h.db.json(
      `select model_id, downloads_30d, downloads_all_time, likes, created_at, last_modified_at, pipeline_tag, library_name,
              parameters from raw.hf_model_snapshots
       where model_id in ('Qwen/Qwen-Synthetic-Legacy-7B', 'Qwen/Qwen3-Synthetic-8B-Base', 'deepseek-ai/DeepSeek-Synthetic-Adapter-8B')
       order by model_id`,
    );
    expect(rows).toEqual([
      {
        model_id: 'Qwen/Qwen-Synthetic-Legacy-7B',
        downloads_30d: '250000',
        downloads_all_time: '9000000',
        likes: '120',
        created_at: null,
        last_modified_at: '2024-01-10 00:00:00',
        pipeline_tag: 'text-generation',
        library_name: 'transformers',
        parameters: null,
      },
      {
        model_id: 'Qwen/Qwen3-Synthetic-8B-Base',
        downloads_30d: '3100000',
        downloads_all_time: '41000000',
        likes: '410',
        created_at: '2025-04-28 12:00:00',
        last_modified_at: '2025-07-01 08:30:00',
        pipeline_tag: 'text-generation',
        library_name: 'transformers',
        parameters: '8190735360',
      },
      {
        model_id: 'deepseek-ai/DeepSeek-Synthetic-Adapter-8B',
        downloads_30d: '30000',
        downloads_all_time: null,
        likes: '12',
        created_at: '2025-03-03 09:00:00',
        last_modified_at: '2025-03-03 09:00:00',
        pipeline_tag: null,
        library_name: 'peft',
        parameters: null,
      },
    ]);
  });

  it('stamps each row with the payload it came from; every response is kept', async () => {
    const h = await harness();
    await h.collect();
    const payloads = await h.db.json<{ payload_id: string; url: string; http_status: number }>(
      'select payload_id, url, http_status from meta.payloads order by payload_id',
    );
    expect(payloads.map((p) => [p.url.replace(h.server.origin, ''), p.http_status])).toEqual([
      [TOP30_PATH, 200],
      [`/api/models?limit=500&author=Qwen&${EXPAND}`, 200],
      [`/api/models?limit=500&author=deepseek-ai&${EXPAND}`, 200],
      [`/api/models?limit=500&author=meta-llama&${EXPAND}`, 200],
      [`/api/models?limit=500&author=bartowski&${EXPAND}`, 200],
      [`/api/models/synthetic-gone/Deleted-Base-8B/revision/HEAD?${EXPAND}`, 404],
      [`/api/models/SomeLab/Qwen3-Synthetic-8B-Instruct/revision/HEAD?${EXPAND}`, 200],
    ]);
    expect(
      await h.db.json(
        `select payload_id, count(*)::integer as n from raw.hf_model_snapshots group by payload_id order by payload_id`,
      ),
    ).toEqual([
      { payload_id: '1', n: 30 },
      { payload_id: '2', n: 2 },
      { payload_id: '3', n: 2 },
      { payload_id: '4', n: 1 },
      { payload_id: '5', n: 1 },
      { payload_id: '7', n: 1 },
    ]);
  });

  it('re-running the same day replaces the rows: same rows, same count, no duplicates', async () => {
    const h = await harness();
    const first = await h.collect();
    const second = await h.collect();
    expect(second.status).toBe('succeeded');
    expect(second.rowsWritten).toBe(first.rowsWritten);
    expect(await count(h, 'raw.hf_model_snapshots')).toBe(37);
    expect(await count(h, 'raw.hf_model_base_models')).toBe(4);
    expect(await h.db.json('select distinct run_id from raw.hf_model_snapshots')).toEqual([
      { run_id: String(second.runId) },
    ]);
    expect(await h.db.json('select distinct run_id from raw.hf_model_base_models')).toEqual([
      { run_id: String(second.runId) },
    ]);
  });

  it('a run on another day adds that day and keeps the earlier one', async () => {
    const h = await harness();
    await h.collect(trackingOf({ trackedOrgs: [] }), { now: new Date('2026-08-21T12:00:00Z') });
    await h.collect(trackingOf({ trackedOrgs: [] }));
    expect(
      await h.db.json(
        `select day::varchar as day, count(*)::integer as n, sum(downloads_30d)::varchar as downloads
         from raw.hf_model_snapshots group by day order by day`,
      ),
    ).toEqual([
      { day: '2026-08-21', n: 30, downloads: '1085224283' },
      { day: '2026-08-22', n: 30, downloads: '1078163641' },
    ]);
  });

  it('sends the token as a Bearer header and keeps it out of URLs, payload records and the run log', async () => {
    const token = 'hf_replaytoken0123456789';
    const h = await harness({}, { HF_TOKEN: token });
    const result = await h.collect();
    expect(result.status).toBe('succeeded');
    expect(h.server.requests.length).toBe(7);
    expect(h.server.requests.every((r) => r.authorized && !r.url.includes(token))).toBe(true);
    const stored = JSON.stringify([
      await h.db.json('select * from meta.payloads'),
      await h.db.json('select * from meta.runs'),
    ]);
    expect(stored.includes(token)).toBe(false);
  });
});

describe('huggingface collect() paging and rate limits', () => {
  it('follows Link pages when the page size is smaller than the result, and stores every model once', async () => {
    const h = await harness({ maxPageSize: 4 });
    const result = await h.collect(trackingOf({ trackedOrgs: ['Qwen'] }));
    expect(result.status).toBe('succeeded');
    const listings = h.server.requests.filter((r) => r.url.startsWith('/api/models?'));
    // top 30 in pages of 4: 8 requests (the 8th supplies ranks 29-30); Qwen's 6 models: 2 pages
    expect(listings).toHaveLength(10);
    expect(listings.filter((r) => r.url.includes('author=Qwen'))).toHaveLength(2);
    expect(listings.filter((r) => r.url.includes('cursor='))).toHaveLength(8);
    expect(await count(h, 'raw.hf_model_snapshots')).toBe(32);
    const top = await h.db.json<{ model_id: string; downloads_30d: string }>(
      'select model_id, downloads_30d from raw.hf_model_snapshots where top_rank is not null order by top_rank',
    );
    expect(top.map((r) => [r.model_id, r.downloads_30d])).toEqual(TOP30_2026_08_22);
  });

  it('waits as long as a 429 says in RateLimit t=<seconds>, then succeeds', async () => {
    const faults: HuggingFaceFault[] = [
      { path: '/models', times: 1, status: 429, headers: { RateLimit: '"api";r=0;t=7' } },
    ];
    const h = await harness({ faults });
    const result = await h.collect(trackingOf({ trackedOrgs: [] }));
    expect(result.status).toBe('succeeded');
    expect(h.sleeps).toEqual([7000]);
    expect(h.server.requests.map((r) => r.url)).toEqual([TOP30_PATH, TOP30_PATH]);
    expect(await count(h, 'raw.hf_model_snapshots')).toBe(30);
  });

  it('fails after bounded retries when 429 never stops, writes nothing, and names the URL and status', async () => {
    const faults: HuggingFaceFault[] = [
      { path: '/models', times: 1000, status: 429, headers: { RateLimit: '"api";r=0;t=1' } },
    ];
    const h = await harness({ faults });
    const result = await h.collect(trackingOf({ trackedOrgs: [] }));
    expect(result.status).toBe('failed');
    expect(result.message).toBe(`429 from ${h.server.origin}${TOP30_PATH} — {"error":"injected fault: 429"}`);
    expect(h.sleeps).toEqual([1000, 1000, 1000, 1000]);
    expect(h.server.requests).toHaveLength(5);
    expect(await count(h, 'raw.hf_model_snapshots')).toBe(0);
    expect(await h.db.json('select source, status, message from meta.runs')).toEqual([
      { source: 'huggingface', status: 'failed', message: result.message },
    ]);
  });

  it('waits for the window to reset when a successful response says r=0, so the quota is never exceeded', async () => {
    let ms = 0;
    const h = await harness(
      { rateLimit: { quota: 3, windowSeconds: 300 }, clock: () => ms },
      {},
      { advance: (d) => (ms += d) },
    );
    const result = await h.collect(trackingOf({ trackedOrgs: ['Qwen', 'deepseek-ai', 'meta-llama'] }));
    expect(result.status).toBe('succeeded');
    // 4 listings + 1 lineage fetch: requests 1-3 fill the window (the third answers r=0;t=300); the fourth goes
    // after the wait, and no 429 ever comes (a 429 would add a retry and a sleep)
    expect(h.sleeps).toEqual([300_000]);
    expect(h.server.requests).toHaveLength(5);
  });

  it('keeps a throttle under the Hub quota even when our windows straddle one of its 5-minute windows', () => {
    for (const [authenticated, quota] of [
      [false, 500],
      [true, 1000],
    ] as const) {
      const { limit, intervalMs } = hubThrottle(authenticated);
      const windowsTouched = Math.ceil(300_000 / intervalMs) + 1;
      expect(limit * windowsTouched).toBeLessThan(quota);
    }
    expect(hubThrottle(false)).toEqual({ limit: 120, intervalMs: 100_000 });
  });
});

describe('huggingface collect() lineage', () => {
  it('walks quantized -> finetune -> base across authors and stores the bases as lineage-only rows', async () => {
    const h = await harness();
    const result = await h.collect(trackingOf({ topN: 5, trackedOrgs: ['bartowski'] }));
    expect(result).toMatchObject({
      status: 'succeeded',
      rowsFetched: 8,
      message: '8 models: top 5, 1 from 1 tracked organisations, 2 lineage-only',
    });
    expect(
      await h.db.json('select model_id, base_model_id, relation from raw.hf_model_base_models order by model_id'),
    ).toEqual([
      {
        model_id: 'SomeLab/Qwen3-Synthetic-8B-Instruct',
        base_model_id: 'Qwen/Qwen3-Synthetic-8B-Base',
        relation: 'finetune',
      },
      {
        model_id: 'bartowski/SomeLab_Qwen3-Synthetic-8B-Instruct-GGUF',
        base_model_id: 'SomeLab/Qwen3-Synthetic-8B-Instruct',
        relation: 'quantized',
      },
    ]);
    const root = await h.db.json(
      "select * exclude (run_id, payload_id) from raw.hf_model_snapshots where model_id = 'Qwen/Qwen3-Synthetic-8B-Base'",
    );
    expect(root).toEqual([
      {
        day: '2026-08-22',
        snapshot_at: '2026-08-22 12:00:00',
        model_id: 'Qwen/Qwen3-Synthetic-8B-Base',
        author: 'Qwen',
        downloads_30d: '3100000',
        downloads_all_time: '41000000',
        likes: '410',
        created_at: '2025-04-28 12:00:00',
        last_modified_at: '2025-07-01 08:30:00',
        pipeline_tag: 'text-generation',
        library_name: 'transformers',
        tags: ['transformers', 'safetensors', 'qwen3', 'text-generation', 'license:apache-2.0', 'region:us'],
        parameters: '8190735360',
        top_rank: null,
        tracked_org: false,
        lineage_only: true,
        is_synthetic: true,
      },
    ]);
    expect(h.server.requests.filter((r) => r.url.startsWith('/api/models/')).map((r) => r.url.split('?')[0])).toEqual([
      '/api/models/SomeLab/Qwen3-Synthetic-8B-Instruct/revision/HEAD',
      '/api/models/Qwen/Qwen3-Synthetic-8B-Base/revision/HEAD',
    ]);
  });

  it('stops at lineageMaxDepth and says how many bases it left', async () => {
    const h = await harness();
    const result = await h.collect(trackingOf({ topN: 5, trackedOrgs: ['bartowski'], lineageMaxDepth: 1 }));
    expect(result.message).toBe(
      '7 models: top 5, 1 from 1 tracked organisations, 1 lineage-only; base models left unfetched beyond lineage depth 1: 1',
    );
    expect(await h.db.json('select model_id from raw.hf_model_snapshots where lineage_only')).toEqual([
      { model_id: 'SomeLab/Qwen3-Synthetic-8B-Instruct' },
    ]);
    // the link to the unfetched root is still recorded
    expect(await count(h, 'raw.hf_model_base_models')).toBe(2);
  });

  it('stops at lineageMaxFetches and says how many bases it left', async () => {
    const h = await harness();
    const result = await h.collect(trackingOf({ topN: 5, trackedOrgs: ['bartowski'], lineageMaxFetches: 1 }));
    expect(result.message).toBe(
      '7 models: top 5, 1 from 1 tracked organisations, 1 lineage-only; base models left unfetched, lineage budget of 1 fetches spent: 1',
    );
  });

  it('counts a base the Hub answers 401 for (its answer to anonymous callers for a missing repo) as not found, and goes on', async () => {
    const faults: HuggingFaceFault[] = [
      { path: '/models/synthetic-gone/Deleted-Base-8B/revision/HEAD', times: 1, status: 401 },
    ];
    const h = await harness({ faults });
    const result = await h.collect(trackingOf({ topN: 1, trackedOrgs: ['deepseek-ai'] }));
    expect(result).toMatchObject({
      status: 'succeeded',
      message:
        '4 models: top 1, 2 from 1 tracked organisations, 1 lineage-only; base models not found: 1 (synthetic-gone/Deleted-Base-8B)',
    });
    expect(
      await h.db.json("select model_id, lineage_only from raw.hf_model_snapshots where model_id like 'meta-llama/%'"),
    ).toEqual([{ model_id: 'meta-llama/Llama-Synthetic-3-8B', lineage_only: true }]);
  });

  it('fails the run when a base model answers a status other than not-found', async () => {
    const faults: HuggingFaceFault[] = [
      { path: '/models/SomeLab/Qwen3-Synthetic-8B-Instruct/revision/HEAD', times: 1, status: 403 },
    ];
    const h = await harness({ faults });
    const result = await h.collect(trackingOf({ topN: 1, trackedOrgs: ['bartowski'] }));
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(
      /^403 from http:\/\/127\.0\.0\.1:\d+\/api\/models\/SomeLab\/Qwen3-Synthetic-8B-Instruct\/revision\/HEAD\?/,
    );
    expect(await count(h, 'raw.hf_model_snapshots')).toBe(0);
  });
});

describe('huggingface collect() bad input', () => {
  it('skips an item without an id and counts it in the run message', async () => {
    const faults: HuggingFaceFault[] = [
      { path: '/models', times: 1, mutate: (body) => [{ downloads: 99 }, ...(body as unknown[])] },
    ];
    const h = await harness({ faults });
    const result = await h.collect(trackingOf({ trackedOrgs: ['Qwen'] }));
    expect(result).toMatchObject({
      status: 'succeeded',
      rowsFetched: 32,
      message: '32 models: top 30, 6 from 1 tracked organisations, 0 lineage-only; items without an id skipped: 1',
    });
    const top = await h.db.json<{ model_id: string }>('select model_id from raw.hf_model_snapshots where top_rank = 1');
    expect(top).toEqual([{ model_id: 'sentence-transformers/all-MiniLM-L6-v2' }]);
  });

  it('fails the run and writes nothing when more than 5% of the items are bad', async () => {
    const faults: HuggingFaceFault[] = [
      { path: '/models', times: 1, mutate: (body) => [...(body as unknown[]), null, { id: '' }] },
    ];
    const h = await harness({ faults });
    const result = await h.collect(trackingOf({ trackedOrgs: [] }));
    expect(result.status).toBe('failed');
    expect(result.message).toBe('2 of 32 items from the Hub had no id (more than 5%): not writing a partial snapshot');
    expect(await count(h, 'raw.hf_model_snapshots')).toBe(0);
  });

  it('fails the run, naming the URL, when a page is not a JSON array; the previous data keeps serving', async () => {
    const faults: HuggingFaceFault[] = [];
    const h = await harness({ faults });
    const good = await h.collect(trackingOf({ trackedOrgs: [] }));
    faults.push({ path: '/models', times: 1, body: '{"error":"maintenance"}' });
    const result = await h.collect(trackingOf({ trackedOrgs: [] }));
    expect(result.status).toBe('failed');
    expect(result.message).toBe(
      `expected a JSON array of models from ${h.server.origin}${TOP30_PATH}, got an object with keys error`,
    );
    expect(
      await h.db.json('select distinct run_id, count(*)::integer as n from raw.hf_model_snapshots group by run_id'),
    ).toEqual([{ run_id: String(good.runId), n: 30 }]);
  });

  it('fails the run, naming the URL, on a body that is not JSON', async () => {
    const h = await harness({ faults: [{ path: '/models', times: 1, body: '<html>busy</html>' }] });
    const result = await h.collect(trackingOf({ trackedOrgs: [] }));
    expect(result.status).toBe('failed');
    expect(result.message).toBe(`malformed JSON from ${h.server.origin}${TOP30_PATH}: <html>busy</html>`);
  });

  it('fails the run, naming the URL, when one model answers something other than an object', async () => {
    const path = '/models/SomeLab/Qwen3-Synthetic-8B-Instruct/revision/HEAD';
    const h = await harness({ faults: [{ path, times: 1, body: '[]' }] });
    const result = await h.collect(trackingOf({ topN: 1, trackedOrgs: ['bartowski'] }));
    expect(result.status).toBe('failed');
    expect(result.message).toBe(
      `expected a JSON object (one model) from ${h.server.origin}/api${path}?${EXPAND}, got an array`,
    );
  });
});

describe('parseBaseModelTag()', () => {
  it('reads one tag: its relation when it names one of the four, else unspecified; nothing for an empty or colon id', () => {
    expect(parseBaseModelTag('base_model:quantized:org/m')).toEqual({ baseModelId: 'org/m', relation: 'quantized' });
    expect(parseBaseModelTag('base_model:org/m')).toEqual({ baseModelId: 'org/m', relation: 'unspecified' });
    expect(parseBaseModelTag('base_model:finetune')).toEqual({ baseModelId: 'finetune', relation: 'unspecified' });
    expect(parseBaseModelTag('base_model:weird:org/m')).toBeUndefined();
    expect(parseBaseModelTag('base_model:merge:')).toBeUndefined();
    expect(parseBaseModelTag('license:mit')).toBeUndefined();
  });
});

describe('parseBaseModelTags()', () => {
  it('reads bare and relation tags, prefers the relation, and ignores other tags', () => {
    expect(
      parseBaseModelTags([
        'gguf',
        'base_model:Qwen/Qwen3-8B',
        'base_model:finetune:Qwen/Qwen3-8B',
        'base_model:merge:a/one',
        'base_model:merge:b/two',
        'base_model:adapter:c/three',
        'base_model:quantized:d/four',
        'base_model:e/five',
        'base_model:weird:f/six',
        'base_model:',
      ]),
    ).toEqual([
      { baseModelId: 'Qwen/Qwen3-8B', relation: 'finetune' },
      { baseModelId: 'a/one', relation: 'merge' },
      { baseModelId: 'b/two', relation: 'merge' },
      { baseModelId: 'c/three', relation: 'adapter' },
      { baseModelId: 'd/four', relation: 'quantized' },
      { baseModelId: 'e/five', relation: 'unspecified' },
    ]);
  });
});
