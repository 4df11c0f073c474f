import { afterEach, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from './server.ts';
import type { HuggingFaceReplayOptions } from './huggingface.ts';

const servers: ReplayServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function start(now = '2026-08-22T12:00:00Z', huggingface: HuggingFaceReplayOptions = {}): Promise<ReplayServer> {
  const server = await startReplayServer({ now: new Date(now), huggingface });
  servers.push(server);
  return server;
}

type Model = { id: string; downloads?: number; [key: string]: unknown };

async function get(
  server: ReplayServer,
  pathAndQuery: string,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(`${server.origin}${pathAndQuery}`);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** Follows Link headers from a first URL; returns every page. */
async function allPages(server: ReplayServer, first: string): Promise<{ pages: Model[][]; links: string[] }> {
  const pages: Model[][] = [];
  const links: string[] = [];
  let url: string | undefined = `${server.origin}${first}`;
  while (url) {
    const res: Response = await fetch(url);
    pages.push((await res.json()) as Model[]);
    const link = res.headers.get('link');
    url = link ? /<([^>]+)>; rel="next"/.exec(link)![1] : undefined;
    if (url) links.push(url);
  }
  return { pages, links };
}

describe('huggingfaceReplay GET /api/models', () => {
  it('serves the recorded top 30 of the replay day, sorted by downloads, with no synthetic mark', async () => {
    const server = await start();
    const { status, headers, body } = await get(server, '/api/models?sort=downloads&direction=-1&limit=30');
    const models = body as Model[];
    expect(status).toBe(200);
    expect(headers.get('x-replay-synthetic')).toBeNull();
    expect(headers.get('x-replay-recorded-at')).toBe('2026-08-22T18:30:07.517Z');
    expect(models).toHaveLength(30);
    expect(models[0]).toEqual({
      id: 'sentence-transformers/all-MiniLM-L6-v2',
      likes: 5241,
      private: false,
      downloads: 257229302,
      tags: ['sentence-transformers', 'pytorch', 'tf', 'rust', 'onnx', 'safetensors'],
      pipeline_tag: 'sentence-similarity',
    });
    expect(models.map((m) => m.id).slice(9, 11)).toEqual([
      'sentence-transformers/all-mpnet-base-v2',
      'Qwen/Qwen3-0.6B',
    ]);
    expect(models[29]).toMatchObject({ id: 'BAAI/bge-base-en-v1.5', downloads: 11904664 });
  });

  it('puts every synthetic model below the recorded top 30 and marks the responses that hold them', async () => {
    const server = await start();
    const { headers, body } = await get(server, '/api/models?sort=downloads&limit=40&expand=downloads');
    const models = body as Model[];
    expect(models).toHaveLength(37);
    expect(models.slice(30)).toEqual([
      { id: 'Qwen/Qwen3-Synthetic-8B-Base', downloads: 3100000 },
      { id: 'meta-llama/Llama-Synthetic-3-8B', downloads: 2200000 },
      { id: 'bartowski/SomeLab_Qwen3-Synthetic-8B-Instruct-GGUF', downloads: 1800000 },
      { id: 'deepseek-ai/DeepSeek-Synthetic-Distill-Llama-8B', downloads: 1500000 },
      { id: 'SomeLab/Qwen3-Synthetic-8B-Instruct', downloads: 900000 },
      { id: 'Qwen/Qwen-Synthetic-Legacy-7B', downloads: 250000 },
      { id: 'deepseek-ai/DeepSeek-Synthetic-Adapter-8B', downloads: 30000 },
    ]);
    expect(headers.get('x-replay-synthetic')).toBe('true');
    expect(headers.get('x-replay-synthetic-ids')!.split(',')).toHaveLength(7);
  });

  it('the smallest recorded rank-30 day (2026-06-14) still gets its own top 30 first', async () => {
    const server = await start('2026-06-14T23:00:00Z');
    const { body } = await get(server, '/api/models?sort=downloads&limit=31&expand=downloads');
    const models = body as Model[];
    expect(models[29]).toEqual({ id: 'facebook/opt-125m', downloads: 7499825 });
    expect(models[30]).toEqual({ id: 'Qwen/Qwen3-Synthetic-8B-Base', downloads: 3100000 });
  });

  it("serves now's UTC day even before that day's recording time, and the latest earlier one after the recording", async () => {
    const early = await start('2026-03-01T05:00:00Z');
    const march = await get(early, '/api/models?sort=downloads&limit=30&expand=downloads');
    expect(march.headers.get('x-replay-recorded-at')).toBe('2026-03-01T21:07:21.499Z');
    expect((march.body as Model[])[29]).toEqual({ id: 'Comfy-Org/Wan_2.2_ComfyUI_Repackaged', downloads: 8490390 });

    const later = await start('2026-10-01T00:00:00Z');
    const october = await get(later, '/api/models?sort=downloads&limit=1&expand=downloads');
    expect(october.headers.get('x-replay-recorded-at')).toBe('2026-08-22T18:30:07.517Z');

    const before = await start('2026-01-01T00:00:00Z');
    const january = await get(before, '/api/models?sort=downloads&limit=100&expand=downloads');
    expect((january.body as Model[]).map((m) => m.id)).toEqual([
      'Qwen/Qwen3-Synthetic-8B-Base',
      'meta-llama/Llama-Synthetic-3-8B',
      'bartowski/SomeLab_Qwen3-Synthetic-8B-Instruct-GGUF',
      'deepseek-ai/DeepSeek-Synthetic-Distill-Llama-8B',
      'SomeLab/Qwen3-Synthetic-8B-Instruct',
      'Qwen/Qwen-Synthetic-Legacy-7B',
      'deepseek-ai/DeepSeek-Synthetic-Adapter-8B',
    ]);
  });

  it('filters by author, search and filter tags, and sorts by likes ascending with direction=1', async () => {
    const server = await start();
    const qwen = (await get(server, '/api/models?author=Qwen&sort=downloads&expand=downloads')).body as Model[];
    expect(qwen.map((m) => [m.id, m.downloads])).toEqual([
      ['Qwen/Qwen3-0.6B', 25235903],
      ['Qwen/Qwen3-8B', 15314166],
      ['Qwen/Qwen3.5-9B', 13785751],
      ['Qwen/Qwen3.6-35B-A3B-FP8', 12974324],
      ['Qwen/Qwen3-Synthetic-8B-Base', 3100000],
      ['Qwen/Qwen-Synthetic-Legacy-7B', 250000],
    ]);
    const search = (await get(server, '/api/models?search=synthetic-8b&expand=author')).body as Model[];
    expect(search.map((m) => m.id).sort()).toEqual([
      'Qwen/Qwen3-Synthetic-8B-Base',
      'SomeLab/Qwen3-Synthetic-8B-Instruct',
      'bartowski/SomeLab_Qwen3-Synthetic-8B-Instruct-GGUF',
    ]);
    const quantized = (
      await get(server, '/api/models?filter=base_model:quantized:SomeLab/Qwen3-Synthetic-8B-Instruct&expand=tags')
    ).body as Model[];
    expect(quantized.map((m) => m.id)).toEqual(['bartowski/SomeLab_Qwen3-Synthetic-8B-Instruct-GGUF']);
    const fewestLikes = (await get(server, '/api/models?sort=likes&direction=1&limit=2&expand=likes')).body as Model[];
    expect(fewestLikes).toEqual([
      { id: 'deepseek-ai/DeepSeek-Synthetic-Adapter-8B', likes: 12 },
      { id: 'trl-internal-testing/tiny-Qwen2ForCausalLM-2.5', likes: 20 },
    ]);
  });

  it('answers only the expanded properties, for expand and expand[] alike', async () => {
    const server = await start();
    const plain = (await get(server, '/api/models?author=meta-llama&expand=downloadsAllTime&expand=createdAt')).body;
    expect(plain).toEqual([
      { id: 'meta-llama/Llama-Synthetic-3-8B', downloadsAllTime: 60000000, createdAt: '2024-04-17T09:00:00.000Z' },
    ]);
    const bracketed = (await get(server, '/api/models?author=meta-llama&expand[]=downloadsAllTime&expand[]=createdAt'))
      .body;
    expect(bracketed).toEqual(plain);
  });

  it('pages with absolute Link URLs that carry every query parameter, and every model arrives once', async () => {
    const server = await start('2026-08-22T12:00:00Z', { maxPageSize: 10 });
    const { pages, links } = await allPages(
      server,
      '/api/models?sort=downloads&direction=-1&limit=500&expand=downloads&expand=tags',
    );
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 7]);
    const ids = pages.flat().map((m) => m.id);
    expect(new Set(ids).size).toBe(37);
    expect(links).toHaveLength(3);
    for (const link of links) {
      const url = new URL(link);
      expect(url.origin).toBe(server.origin);
      expect(url.pathname).toBe('/api/models');
      expect([...url.searchParams.keys()]).toEqual(['sort', 'direction', 'limit', 'expand', 'expand', 'cursor']);
      expect(url.searchParams.getAll('expand')).toEqual(['downloads', 'tags']);
    }
  });

  it('answers 400 with the error JSON for a bad limit, sort, expand or cursor', async () => {
    const server = await start();
    for (const query of ['limit=0', 'sort=trendingScore', 'expand=nonsense', 'cursor=bm9wZQ']) {
      const { status, body } = await get(server, `/api/models?${query}`);
      expect(status).toBe(400);
      expect(Object.keys(body as object)).toEqual(['error']);
    }
  });
});

describe('huggingfaceReplay GET /api/models/{id}', () => {
  it('serves one model, with or without /revision/{rev}, and 404 JSON for an unknown one', async () => {
    const server = await start();
    const one = await get(server, '/api/models/Qwen/Qwen3-8B/revision/HEAD?expand=downloads&expand=pipeline_tag');
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ id: 'Qwen/Qwen3-8B', downloads: 15314166, pipeline_tag: 'text-generation' });
    const same = await get(server, '/api/models/Qwen/Qwen3-8B?expand=downloads&expand=pipeline_tag');
    expect(same.body).toEqual(one.body);

    const missing = await get(server, '/api/models/nobody/nothing/revision/HEAD');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(missing.body).toEqual({ error: 'Repository not found' });
  });

  it("serves a model out of the day's top 30 from its latest recording before now, and says when that was", async () => {
    const server = await start();
    const res = await get(server, '/api/models/Qwen/Qwen2.5-7B-Instruct?expand=downloads');
    expect(res.body).toEqual({ id: 'Qwen/Qwen2.5-7B-Instruct', downloads: 11946777 });
    expect(res.headers.get('x-replay-recorded-at')).toBe('2026-08-21T21:23:55.095Z');
  });

  it('marks a synthetic model as synthetic', async () => {
    const server = await start();
    const res = await get(server, '/api/models/SomeLab/Qwen3-Synthetic-8B-Instruct?expand=tags');
    expect(res.headers.get('x-replay-synthetic')).toBe('true');
    expect(res.headers.get('x-replay-synthetic-ids')).toBe('SomeLab/Qwen3-Synthetic-8B-Instruct');
  });
});

describe('huggingfaceReplay rate limit and faults', () => {
  it('counts requests in fixed windows and answers 429 with RateLimit and RateLimit-Policy past the quota', async () => {
    let ms = 1_000_000 * 60_000; // a window boundary
    const server = await start('2026-08-22T12:00:00Z', { rateLimit: { quota: 2, windowSeconds: 60 }, clock: () => ms });
    ms += 15_000;
    const first = await get(server, '/api/models?limit=1');
    expect(first.headers.get('ratelimit')).toBe('"api";r=1;t=45');
    expect(first.headers.get('ratelimit-policy')).toBe('"fixed window";"api";q=2;w=60');
    const second = await get(server, '/api/models?limit=1');
    expect(second.headers.get('ratelimit')).toBe('"api";r=0;t=45');
    ms += 5_000;
    const third = await get(server, '/api/models?limit=1');
    expect(third.status).toBe(429);
    expect(third.headers.get('ratelimit')).toBe('"api";r=0;t=40');
    expect(third.headers.get('ratelimit-policy')).toBe('"fixed window";"api";q=2;w=60');
    expect(Object.keys(third.body as object)).toEqual(['error']);
    ms += 40_000;
    const next = await get(server, '/api/models?limit=1');
    expect(next.status).toBe(200);
    expect(next.headers.get('ratelimit')).toBe('"api";r=1;t=60');
  });

  it('injects a status, a raw body or an edited body for the next N requests to a path', async () => {
    const faults: NonNullable<HuggingFaceReplayOptions['faults']> = [];
    const server = await start('2026-08-22T12:00:00Z', { faults });
    faults.push({ path: '/models', times: 1, status: 503 });
    faults.push({ path: '/models', times: 1, body: 'not json' });
    faults.push({ path: /author=meta-llama/, times: 1, mutate: (body) => [...(body as unknown[]), { downloads: 1 }] });
    expect((await get(server, '/api/models/Qwen/Qwen3-8B')).status).toBe(200);
    expect((await get(server, '/api/models?limit=1')).status).toBe(503);
    const raw = await fetch(`${server.origin}/api/models?limit=1`);
    expect(await raw.text()).toBe('not json');
    expect((await get(server, '/api/models?author=meta-llama&expand=downloads')).body).toEqual([
      { id: 'meta-llama/Llama-Synthetic-3-8B', downloads: 2200000 },
      { downloads: 1 },
    ]);
    expect((await get(server, '/api/models?author=meta-llama&expand=downloads')).body).toEqual([
      { id: 'meta-llama/Llama-Synthetic-3-8B', downloads: 2200000 },
    ]);
    expect(faults.map((f) => f.times)).toEqual([0, 0, 0]);
  });
});
