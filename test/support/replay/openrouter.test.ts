import { HTTPClient, OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from './server.ts';

const NOW = new Date('2026-08-22T23:59:59Z');
const AUTH = { authorization: 'Bearer replay-key' };

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer({ now: NOW, openrouter: { rateLimitPerMinute: 10_000 } });
});
afterAll(() => server.close());

async function get(path: string, headers: Record<string, string> = AUTH, target = server) {
  const response = await fetch(`${target.openrouterBaseUrl}${path}`, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('openrouterReplay() GET /datasets/rankings-daily', () => {
  it('answers 401 with the error JSON without a bearer key', async () => {
    const res = await get('/datasets/rankings-daily?start_date=2026-08-21&end_date=2026-08-21', {});
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { code: 401, message: 'Missing or invalid API key: send Authorization: Bearer <OpenRouter API key>' },
    });
  });

  it('answers 400 for bad dates, reversed or too-long windows, and a window of only today', async () => {
    const cases: Array<[string, string]> = [
      ['start_date=2026-02-30&end_date=2026-03-01', 'start_date must be a date YYYY-MM-DD'],
      ['start_date=2026-08-01', 'end_date must be a date YYYY-MM-DD'],
      ['start_date=2026-08-10&end_date=2026-08-01', 'start_date must not be after end_date'],
      ['start_date=2025-01-01&end_date=2026-01-02', 'the window spans more than 366 days'],
      ['start_date=2026-08-22&end_date=2026-08-22', 'the window holds no complete UTC day (today is 2026-08-22)'],
      [
        'start_date=2026-08-01&end_date=2026-08-02&period=day&category=programming',
        'category reads a weekly sampled dataset: period=day is not allowed',
      ],
      [
        'start_date=2026-08-01&end_date=2026-08-02&period=week&category=programming&modality=text',
        'category cannot be combined with other filters',
      ],
    ];
    for (const [query, message] of cases) {
      const res = await get(`/datasets/rankings-daily?${query}`);
      expect({ query, status: res.status, body: res.body }).toEqual({
        query,
        status: 400,
        body: { error: { code: 400, message } },
      });
    }
  });

  it('accepts exactly 366 days, clamps the start to 2025-01-01 and the end to the last complete day', async () => {
    const full = await get('/datasets/rankings-daily?start_date=2025-01-01&end_date=2026-01-01');
    expect(full.status).toBe(200);
    expect(full.body).toEqual({
      data: [],
      meta: { as_of: '2026-08-22T00:05:21Z', start_date: '2025-01-01', end_date: '2026-01-01', version: 'v1' },
    });
    const clamped = await get('/datasets/rankings-daily?start_date=2024-12-01&end_date=2025-01-05');
    expect(clamped.body.meta).toEqual({
      as_of: '2026-08-22T00:05:21Z',
      start_date: '2025-01-01',
      end_date: '2025-01-05',
      version: 'v1',
    });
    const end = await get('/datasets/rankings-daily?start_date=2026-08-20&end_date=2026-09-30');
    expect(end.body.meta).toEqual({
      as_of: '2026-08-22T00:05:21Z',
      start_date: '2026-08-20',
      end_date: '2026-08-21',
      version: 'v1',
    });
    expect(end.body.data).toHaveLength(102);
  });

  it('sorts by date, then tokens descending, with `other` last in its date; tokens are decimal strings', async () => {
    const res = await get('/datasets/rankings-daily?start_date=2026-08-20&end_date=2026-08-21');
    const rows = res.body.data as Array<{ date: string; model_permaslug: string; total_tokens: string }>;
    expect(rows[0]).toEqual({
      date: '2026-08-20',
      model_permaslug: 'deepseek/deepseek-v4-flash-20260731',
      total_tokens: '1825475696417',
    });
    expect(rows[50]).toEqual({ date: '2026-08-20', model_permaslug: 'other', total_tokens: '816459639951' });
    expect(rows[51]).toEqual({
      date: '2026-08-21',
      model_permaslug: 'stealth/ox-alpha',
      total_tokens: '1990781795145',
    });
    expect(rows[101]).toEqual({ date: '2026-08-21', model_permaslug: 'other', total_tokens: '791829962485' });
    for (const day of [rows.slice(0, 50), rows.slice(51, 101)]) {
      const tokens = day.map((r) => BigInt(r.total_tokens));
      expect(tokens).toEqual([...tokens].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
      expect(day.some((r) => r.model_permaslug === 'other')).toBe(false);
    }
  });

  it('serves each value as it stood at the replay clock, and no day archived after it', async () => {
    const early = await startReplayServer({ now: new Date('2026-07-15T12:00:00Z') });
    try {
      const res = await get('/datasets/rankings-daily?start_date=2026-07-14&end_date=2026-07-20', AUTH, early);
      expect(res.body.meta).toEqual({
        as_of: '2026-07-15T00:05:16Z',
        start_date: '2026-07-14',
        end_date: '2026-07-14',
        version: 'v1',
      });
      expect(res.body.data).toHaveLength(51);
      expect(res.body.data.find((r: any) => r.model_permaslug === 'anthropic/claude-4.6-opus-20260205')).toEqual({
        date: '2026-07-14',
        model_permaslug: 'anthropic/claude-4.6-opus-20260205',
        total_tokens: '36342060322',
      });
    } finally {
      await early.close();
    }
    const late = await get('/datasets/rankings-daily?start_date=2026-07-14&end_date=2026-07-14');
    expect(
      late.body.data.find((r: any) => r.model_permaslug === 'anthropic/claude-4.6-opus-20260205').total_tokens,
    ).toBe('36342232544');
  });

  it('sums the exact rows by ISO week for period=week', async () => {
    const res = await get('/datasets/rankings-daily?start_date=2026-08-10&end_date=2026-08-16&period=week');
    expect(res.headers.get('x-replay-synthetic')).toBeNull();
    expect(res.body.data).toHaveLength(61);
    expect(res.body.data.find((r: any) => r.model_permaslug === 'deepseek/deepseek-v4-flash-20260731')).toEqual({
      date: '2026-08-10',
      model_permaslug: 'deepseek/deepseek-v4-flash-20260731',
      total_tokens: '11180297061770',
    });
  });

  it('answers category requests with synthetic weekly estimates, labelled by a header', async () => {
    const res = await get(
      '/datasets/rankings-daily?start_date=2026-08-10&end_date=2026-08-16&period=week&category=programming',
    );
    expect(res.headers.get('x-replay-synthetic')).toBe('true');
    expect(
      res.body.data.find((r: any) => r.model_permaslug === 'deepseek/deepseek-v4-flash-20260731').total_tokens,
    ).toBe('6515877127599');
    expect(res.body.data.at(-1)).toEqual({
      date: '2026-08-10',
      model_permaslug: 'other',
      total_tokens: '2031671766115',
    });
  });

  it('answers 429 with Retry-After past the per-minute limit', async () => {
    const limited = await startReplayServer({ now: NOW, openrouter: { rateLimitPerMinute: 3 } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await get('/models', {}, limited)).status);
      const res = await get('/models', {}, limited);
      expect(statuses).toEqual([200, 200, 200]);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
      expect(res.body).toEqual({ error: { code: 429, message: 'Rate limit exceeded: 3 requests per minute' } });
    } finally {
      await limited.close();
    }
  });

  it('plays scripted faults in order, then the real answer', async () => {
    const faulty = await startReplayServer({
      now: NOW,
      openrouter: {
        faults: [
          { path: '/models', status: 500, times: 2 },
          { path: '/models', status: 429, times: 1, retryAfterSeconds: 7 },
          { path: '/models', status: 200, times: 1, body: '{"data": "oops"}' },
        ],
      },
    });
    try {
      const seen = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${faulty.openrouterBaseUrl}/models`);
        seen.push([res.status, res.headers.get('retry-after'), (await res.text()).slice(0, 40)]);
      }
      expect(seen).toEqual([
        [500, null, '{"error":{"code":500,"message":"replayed'],
        [500, null, '{"error":{"code":500,"message":"replayed'],
        [429, '7', '{"error":{"code":429,"message":"replayed'],
        [200, null, '{"data": "oops"}'],
        [200, null, '{"data":[{"id":"anthropic/claude-4.5-hai'],
      ]);
    } finally {
      await faulty.close();
    }
  });
});

describe('openrouterReplay() GET /models', () => {
  it('serves a synthetic catalogue that @openrouter/sdk validates', async () => {
    const client = new OpenRouter({
      serverURL: server.openrouterBaseUrl,
      httpClient: new HTTPClient({ fetcher: (input, init) => fetch(input, init) }),
      retryConfig: { strategy: 'none' },
    });
    const models = [];
    for await (const page of await client.models.list()) {
      expect(page.result.totalCount).toBe(117);
      expect(page.result.links).toEqual({ next: null });
      models.push(...page.result.data);
    }
    expect(models).toHaveLength(117);
    expect(models.find((m) => m.id === 'openai/gpt-oss-120b:free')).toMatchObject({
      canonicalSlug: 'openai/gpt-oss-120b',
      huggingFaceId: 'openai/gpt-oss-120b',
      created: 1735689600,
      pricing: { prompt: '0', completion: '0', request: '0', image: '0' },
    });
    // Two dated permaslugs of one model: the catalogue lists the id once, at its newest version.
    expect(models.find((m) => m.id === 'deepseek/deepseek-v4-flash')).toMatchObject({
      canonicalSlug: 'deepseek/deepseek-v4-flash-20260731',
      created: 1785456000,
      huggingFaceId: null,
      pricing: { prompt: '0.0000005', completion: '0.0000015' },
    });
    const res = await fetch(`${server.openrouterBaseUrl}/models`);
    expect(res.headers.get('x-replay-synthetic')).toBe('true');
  });
});
