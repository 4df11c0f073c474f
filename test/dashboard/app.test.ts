import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/connection.ts';
import { createApp } from '../../dashboard/app.ts';
import { loadConfig } from '../../lib/config.ts';
import { capturingLogger } from '../support/log.ts';
import { tempDatabase } from '../support/tmp.ts';
import { createSyntheticMarts, ORIGIN_SHARE_HEADER } from './marts-fixture.ts';
import { serve } from './serve.ts';

const OPENROUTER_KEY = 'sk-or-v1-dashboardtestsecret';
const HF_TOKEN = 'hf_dashboardtestsecret';
const SMALL_HEADER =
  'hf_small: a synthetic test mart\ngrain: one row per day x model\ndefinition: made-up numbers, 50% of them';

let t: Awaited<ReturnType<typeof tempDatabase>>;
let server: Awaited<ReturnType<typeof serve>>;
const logLines: string[] = [];

beforeAll(async () => {
  t = await tempDatabase({ OPENROUTER_API_KEY: OPENROUTER_KEY, HF_TOKEN });
  await createSyntheticMarts(t.db);
  // SYNTHETIC rows: a BIGINT past 2^53, a NULL in each type, a comma and quotes in a text value.
  await t.db.run(
    `create table marts.hf_small as
     select day::date as day, model_id::varchar as model_id, downloads_30d::bigint as downloads_30d,
            share::double as share, flagged::boolean as flagged, as_of::timestamp as as_of
     from (values
       ('2026-04-01', 'Qwen/Qwen3-8B', 9007199254740993, 0.5, true, '2026-04-02 01:00:00'),
       ('2026-04-01', 'org/with,comma "quoted"', null, null, false, '2026-04-02 01:00:00'),
       ('2026-04-02', 'meta-llama/Llama-3.1-8B', 1200, 0.25, null, '2026-04-03 01:00:00')
     ) v(day, model_id, downloads_30d, share, flagged, as_of)`,
  );
  await t.db.run("insert into meta.marts values ('hf_small', $1, 3, '2026-04-03 02:00:00')", [SMALL_HEADER]);
  // A mart whose query fails at run time, carrying a detail that must not reach the client.
  await t.db.run(
    "create view marts.broken as select x, case when x >= 0 then error('secret internal detail') end as y from range(1) t(x)",
  );
  const log = capturingLogger(logLines);
  const app = createApp({
    db: t.db,
    config: t.config,
    log,
    now: () => new Date('2026-04-29T12:00:00Z'),
    martNames: () => [
      'broken',
      'hf_small',
      'not_built',
      'openrouter_weekly_origin_share',
      'openrouter_weekly_top_models',
    ],
    // The lineage of these synthetic marts, as transform/lineage.ts would find it in their SQL.
    martSources: (mart) => (mart === 'hf_small' ? ['huggingface'] : ['openrouter']),
  });
  server = await serve(app);
});

afterAll(async () => {
  await server?.close();
  t?.cleanup();
});

async function get(path: string): Promise<{ status: number; headers: Headers; text: string; body: unknown }> {
  const res = await fetch(server.url + path);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

describe('GET /data/<mart>.csv', () => {
  it('writes a header row and the rows, NULL as an empty field, booleans as true/false, big BIGINTs whole', async () => {
    const res = await get('/data/hf_small.csv');
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      'day,model_id,downloads_30d,share,flagged,as_of\n' +
        '2026-04-01,Qwen/Qwen3-8B,9007199254740993,0.5,true,2026-04-02 01:00:00\n' +
        '2026-04-01,"org/with,comma ""quoted""",,,false,2026-04-02 01:00:00\n' +
        '2026-04-02,meta-llama/Llama-3.1-8B,1200,0.25,,2026-04-03 01:00:00\n',
    );
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=hf_small.csv');
    expect(res.headers.get('x-source')).toBe('Source: Hugging Face Hub (huggingface.co), as of 2026-04-03 01:00:00');
    expect(res.headers.get('x-definition')).toBe(
      'hf_small: a synthetic test mart | grain: one row per day x model | definition: made-up numbers, 50%25 of them',
    );
    expect(res.headers.get('x-truncated')).toBe('false');
    expect(res.headers.get('x-next-offset')).toBeNull();
  });

  it('carries the OpenRouter citation with its licence, and a non-ASCII definition percent-encoded', async () => {
    const res = await get('/data/openrouter_weekly_origin_share.csv?category=programming');
    expect(res.headers.get('x-source')).toBe(
      'Source: OpenRouter (openrouter.ai/rankings), as of 2026-04-28 02:00:00; licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)',
    );
    const definition = res.headers.get('x-definition')!;
    expect(definition).toContain('(%C3%BCber-synthetic, 100%25 made up)');
    expect(decodeURIComponent(definition)).toBe(ORIGIN_SHARE_HEADER.split('\n').join(' | '));
    expect(res.text).toBe(
      'week_start,category,origin_country,models_in_top_10,models_in_top_20,models_in_top_50,total_tokens,' +
        'token_share_top50,token_share_all_low,token_share_all_high,is_complete_week,as_of\n' +
        '2026-04-20,programming,CN,2,5,11,500000000000,0.28,,,true,2026-04-28 02:00:00\n',
    );
  });

  it('?_meta=1 puts the citation and definition first, as # comment lines', async () => {
    const res = await get('/data/hf_small.csv?_meta=1&_limit=1');
    expect(res.text).toBe(
      '# Source: Hugging Face Hub (huggingface.co), as of 2026-04-02 01:00:00\n' +
        '# hf_small: a synthetic test mart\n' +
        '# grain: one row per day x model\n' +
        '# definition: made-up numbers, 50% of them\n' +
        '# truncated: 1 rows shown; next page _offset=1\n' +
        'day,model_id,downloads_30d,share,flagged,as_of\n' +
        '2026-04-01,Qwen/Qwen3-8B,9007199254740993,0.5,true,2026-04-02 01:00:00\n',
    );
    expect(res.headers.get('x-truncated')).toBe('true');
    expect(res.headers.get('x-next-offset')).toBe('1');
  });
});

describe('GET /data/<mart>.json', () => {
  it('answers ok, mart, definition, as_of, source, columns, rows, truncated, next_offset', async () => {
    const res = await get('/data/openrouter_weekly_origin_share.json?category=all&origin_country=CN');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const row = (week: string, n: number[], tokens: number, shares: number[], complete: boolean, asOf: string) => ({
      week_start: week,
      category: 'all',
      origin_country: 'CN',
      models_in_top_10: n[0],
      models_in_top_20: n[1],
      models_in_top_50: n[2],
      total_tokens: tokens,
      token_share_top50: shares[0],
      token_share_all_low: shares[1],
      token_share_all_high: shares[2],
      is_complete_week: complete,
      as_of: asOf,
    });
    expect(res.body).toEqual({
      ok: true,
      mart: 'openrouter_weekly_origin_share',
      definition: ORIGIN_SHARE_HEADER,
      as_of: '2026-04-29 02:00:00',
      source: 'Source: OpenRouter (openrouter.ai/rankings), as of 2026-04-29 02:00:00',
      licence: 'CC BY 4.0',
      licence_url: 'https://creativecommons.org/licenses/by/4.0/',
      columns: [
        'week_start',
        'category',
        'origin_country',
        'models_in_top_10',
        'models_in_top_20',
        'models_in_top_50',
        'total_tokens',
        'token_share_top50',
        'token_share_all_low',
        'token_share_all_high',
        'is_complete_week',
        'as_of',
      ],
      rows: [
        row('2026-04-06', [3, 6, 14], 1200000000000, [0.3, 0.25, 0.4], true, '2026-04-14 02:00:00'),
        row('2026-04-13', [4, 7, 15], 1400000000000, [0.32, 0.27, 0.41], true, '2026-04-21 02:00:00'),
        row('2026-04-20', [4, 8, 16], 1600000000000, [0.35, 0.3, 0.44], true, '2026-04-28 02:00:00'),
        row('2026-04-27', [5, 9, 17], 300000000000, [0.38, 0.33, 0.47], false, '2026-04-29 02:00:00'),
      ],
      truncated: false,
      next_offset: null,
    });
  });

  it('writes a BIGINT past 2^53 as a string and a safe one as a number', async () => {
    const res = await get('/data/hf_small.json?_sort=-downloads_30d');
    const body = res.body as { rows: Array<{ downloads_30d: unknown; flagged: unknown }> };
    expect(body.rows.map((r) => r.downloads_30d)).toEqual(['9007199254740993', 1200, null]);
    expect(body.rows.map((r) => r.flagged)).toEqual([true, null, false]);
  });

  it('filters by several columns, sorts with _sort=-column, and filters on a date and a boolean by their text', async () => {
    const byTokens = await get(
      '/data/openrouter_weekly_top_models.json?week_start=2026-04-20&category=all&_sort=-total_tokens',
    );
    expect((byTokens.body as { rows: Array<{ rank: number }> }).rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 21]);
    const incomplete = await get(
      '/data/openrouter_weekly_origin_share.json?is_complete_week=false&_sort=origin_country',
    );
    expect((incomplete.body as { rows: Array<{ origin_country: string }> }).rows.map((r) => r.origin_country)).toEqual([
      'CN',
      'US',
    ]);
  });

  it('_limit truncates and says so; _offset gives the next page', async () => {
    const first = await get('/data/openrouter_weekly_origin_share.json?category=all&_limit=4&_sort=week_start');
    const body = first.body as {
      rows: Array<{ week_start: string; origin_country: string }>;
      truncated: boolean;
      next_offset: number;
    };
    expect(body.truncated).toBe(true);
    expect(body.next_offset).toBe(4);
    expect(body.rows.map((r) => `${r.week_start} ${r.origin_country}`)).toEqual([
      '2026-04-06 CN',
      '2026-04-06 UNKNOWN',
      '2026-04-06 US',
      '2026-04-13 CN',
    ]);
    const rest = await get(
      '/data/openrouter_weekly_origin_share.json?category=all&_limit=5&_offset=4&_sort=week_start',
    );
    const restBody = rest.body as {
      rows: Array<{ week_start: string; origin_country: string }>;
      truncated: boolean;
      next_offset: null;
    };
    expect(restBody.rows.map((r) => `${r.week_start} ${r.origin_country}`)).toEqual([
      '2026-04-13 US',
      '2026-04-20 CN',
      '2026-04-20 US',
      '2026-04-27 CN',
      '2026-04-27 US',
    ]);
    expect(restBody.truncated).toBe(false);
    expect(restBody.next_offset).toBeNull();
  });

  it('an injection attempt in a filter value is a value: no rows, no error, the table intact', async () => {
    for (const value of ["CN' or '1'='1", "CN'; drop table marts.hf_small; --"]) {
      const res = await get(`/data/openrouter_weekly_origin_share.json?origin_country=${encodeURIComponent(value)}`);
      expect(res.status).toBe(200);
      expect((res.body as { rows: unknown[] }).rows).toEqual([]);
      expect((res.body as { as_of: unknown }).as_of).toBeNull();
      expect((res.body as { source: unknown }).source).toBe('Source: OpenRouter (openrouter.ai/rankings)');
    }
    expect(await t.db.json('select count(*)::integer as n from marts.hf_small')).toEqual([{ n: 3 }]);
  });
});

describe('errors', () => {
  const cases: Array<[string, number, string]> = [
    ['/data/nope.json', 404, 'unknown mart: "nope.json"; see /api/marts'],
    ['/data/hf_small.xml', 404, 'unknown mart: "hf_small.xml"; see /api/marts'],
    ['/data/..%2Fmeta.runs.json', 404, 'unknown mart: "../meta.runs.json"; see /api/marts'],
    ['/data/not_built.json', 404, 'mart not_built has not been built yet: run `adoption-tracker transform`'],
    ['/data/hf_small.json?_limit=0', 400, '_limit must be an integer from 1 to 100000, got "0"'],
    ['/data/hf_small.json?_limit=100001', 400, '_limit must be an integer from 1 to 100000, got "100001"'],
    ['/data/hf_small.json?_limit=1e3', 400, '_limit must be an integer from 1 to 100000, got "1e3"'],
    ['/data/hf_small.csv?_limit=', 400, '_limit must be an integer from 1 to 100000, got ""'],
    ['/data/hf_small.json?_offset=-1', 400, '_offset must be an integer from 0 to 9007199254740991, got "-1"'],
    [
      '/data/hf_small.json?colour=red',
      400,
      'unknown column "colour" in hf_small; its columns are day, model_id, downloads_30d, share, flagged, as_of',
    ],
    ['/data/hf_small.json?_sort=-colour', 400, '_sort: unknown column "colour" in hf_small'],
    ['/data/hf_small.json?_size=5', 400, 'unknown parameter "_size": use _limit, _offset, _sort, _meta or a column'],
    ['/data/hf_small.json?day=a&day=b', 400, 'give day once, as a plain value'],
    ['/data/hf_small.csv?_meta=yes', 400, '_meta must be 0 or 1, got "yes"'],
    ['/nowhere', 404, 'not found: GET /nowhere'],
    ['/assets/nope.js', 404, 'no asset "nope.js"'],
  ];
  it.each(cases)('GET %s -> %i { ok: false, error, status }', async (path, status, error) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({ ok: false, error, status });
  });

  it('a failing query is a 500 "internal error": the stack is logged, the detail never sent', async () => {
    const res = await get('/data/broken.csv');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ ok: false, error: 'internal error', status: 500 });
    expect(res.text).not.toContain('secret');
    const logged = logLines.map(
      (line) => JSON.parse(line) as { level: number; msg: string; path: string; err: { stack: string } },
    );
    const entry = logged.find((l) => l.path === '/data/broken.csv');
    expect(entry?.level).toBe(50);
    expect(entry?.msg).toBe('request failed');
    expect(entry?.err.stack).toMatch(/secret internal detail[\s\S]*\n\s+at /);
  });
});

describe('GET /api/status', () => {
  it('answers with empty lists and nulls when the tables are empty', async () => {
    const res = await get('/api/status');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      generated_at: '2026-04-29T12:00:00.000Z',
      jobs: [],
      freshness: {
        openrouter: { latest_as_of: null, latest_day: null, normal_lag_days: 2 },
        huggingface: { latest_snapshot_at: null, latest_day: null, normal_lag_days: 2 },
      },
      sources: [
        {
          source: 'openrouter',
          title: 'OpenRouter usage',
          schedule: '30 3 * * *',
          citation: 'OpenRouter (openrouter.ai/rankings)',
          licence: 'CC BY 4.0',
          latest_day: null,
          latest_as_of: null,
          normal_lag_days: 2,
        },
        {
          source: 'openrouter-models',
          title: 'OpenRouter catalogue',
          schedule: '15 4 * * *',
          citation: 'OpenRouter (openrouter.ai/rankings)',
          licence: 'CC BY 4.0',
          latest_day: null,
          latest_as_of: null,
          normal_lag_days: 2,
        },
        {
          source: 'huggingface',
          title: 'Hugging Face downloads',
          schedule: '20 3 * * *',
          citation: 'Hugging Face Hub (huggingface.co)',
          licence: null,
          latest_day: null,
          latest_as_of: null,
          normal_lag_days: 2,
        },
      ],
      marts: [
        { name: 'hf_small', row_count: 3, built_at: '2026-04-03 02:00:00' },
        { name: 'openrouter_weekly_origin_share', row_count: 0, built_at: '2026-04-29 03:00:00' },
        { name: 'openrouter_weekly_top_models', row_count: 0, built_at: '2026-04-29 03:00:00' },
      ],
      hf_crawl: null,
    });
  });

  it('answers with nulls when the tables do not exist at all', async () => {
    const db = await Database.open(':memory:');
    const app = createApp({ db, config: t.config, now: () => new Date('2026-04-29T12:00:00Z'), martNames: () => [] });
    const s = await serve(app);
    try {
      const res = await fetch(`${s.url}/api/status`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        ok: true,
        generated_at: '2026-04-29T12:00:00.000Z',
        jobs: [],
        freshness: {
          openrouter: { latest_as_of: null, latest_day: null, normal_lag_days: 2 },
          huggingface: { latest_snapshot_at: null, latest_day: null, normal_lag_days: 2 },
        },
        sources: [
          {
            source: 'openrouter',
            title: 'OpenRouter usage',
            schedule: '30 3 * * *',
            citation: 'OpenRouter (openrouter.ai/rankings)',
            licence: 'CC BY 4.0',
            latest_day: null,
            latest_as_of: null,
            normal_lag_days: 2,
          },
          {
            source: 'openrouter-models',
            title: 'OpenRouter catalogue',
            schedule: '15 4 * * *',
            citation: 'OpenRouter (openrouter.ai/rankings)',
            licence: 'CC BY 4.0',
            latest_day: null,
            latest_as_of: null,
            normal_lag_days: 2,
          },
          {
            source: 'huggingface',
            title: 'Hugging Face downloads',
            schedule: '20 3 * * *',
            citation: 'Hugging Face Hub (huggingface.co)',
            licence: null,
            latest_day: null,
            latest_as_of: null,
            normal_lag_days: 2,
          },
        ],
        marts: [],
        hf_crawl: null,
      });
    } finally {
      await s.close();
      db.close();
    }
  });

  it('joins job state, the latest run per source and the scheduler, scrubbing any token', async () => {
    const x = await tempDatabase({ OPENROUTER_API_KEY: OPENROUTER_KEY });
    try {
      await x.db.run(`insert into meta.runs (source, started_at, finished_at, status, rows_written, message) values
        ('openrouter', '2026-04-27 01:00:00', '2026-04-27 01:00:09', 'succeeded', 51, null),
        ('openrouter', '2026-04-28 01:00:00', '2026-04-28 01:00:03', 'failed', null, 'HTTP 401 with key ${OPENROUTER_KEY}'),
        ('seed:openrouter', '2026-04-01 00:00:00', '2026-04-01 00:00:02', 'succeeded', 1234, null)`);
      await x.db.run(`insert into meta.job_state values
        ('openrouter', '2026-04-27 01:00:09', '2026-04-28 01:00:00', 'failed', 'HTTP 401')`);
      await x.db.run(`insert into raw.openrouter_rankings values
        ('day', 'all', '2026-04-26', 'a/b', 5, '2026-04-27 02:00:00', '2026-04-27 01:00:05', 1, null)`);
      const app = createApp({
        db: x.db,
        config: x.config,
        now: () => new Date('2026-04-29T12:00:00Z'),
        martNames: () => [],
        jobs: () => [
          { job: 'openrouter', schedule: '0 3 * * *', nextRunAt: '2026-04-30T03:00:00.000Z', unavailable: null },
          { job: 'huggingface', schedule: '0 4 * * *', nextRunAt: '2026-04-30T04:00:00.000Z', unavailable: null },
        ],
      });
      const s = await serve(app);
      try {
        const res = await fetch(`${s.url}/api/status`);
        const text = await res.text();
        expect(text).not.toContain(OPENROUTER_KEY);
        expect(JSON.parse(text)).toEqual({
          ok: true,
          generated_at: '2026-04-29T12:00:00.000Z',
          jobs: [
            {
              job: 'huggingface',
              schedule: '0 4 * * *',
              next_run_at: '2026-04-30T04:00:00.000Z',
              unavailable: null,
              last_success_at: null,
              last_attempt_at: null,
              last_status: null,
              last_message: null,
              latest_run: null,
            },
            {
              job: 'openrouter',
              schedule: '0 3 * * *',
              next_run_at: '2026-04-30T03:00:00.000Z',
              unavailable: null,
              last_success_at: '2026-04-27 01:00:09',
              last_attempt_at: '2026-04-28 01:00:00',
              last_status: 'failed',
              last_message: 'HTTP 401',
              latest_run: {
                source: 'openrouter',
                status: 'failed',
                started_at: '2026-04-28 01:00:00',
                finished_at: '2026-04-28 01:00:03',
                rows_written: null,
                message: 'HTTP 401 with key [redacted]',
              },
            },
            {
              job: 'seed:openrouter',
              schedule: null,
              next_run_at: null,
              unavailable: null,
              last_success_at: null,
              last_attempt_at: null,
              last_status: null,
              last_message: null,
              latest_run: {
                source: 'seed:openrouter',
                status: 'succeeded',
                started_at: '2026-04-01 00:00:00',
                finished_at: '2026-04-01 00:00:02',
                rows_written: 1234,
                message: null,
              },
            },
          ],
          freshness: {
            openrouter: { latest_as_of: '2026-04-27 02:00:00', latest_day: '2026-04-26', normal_lag_days: 2 },
            huggingface: { latest_snapshot_at: null, latest_day: null, normal_lag_days: 2 },
          },
          sources: [
            {
              source: 'openrouter',
              title: 'OpenRouter usage',
              schedule: '30 3 * * *',
              citation: 'OpenRouter (openrouter.ai/rankings)',
              licence: 'CC BY 4.0',
              latest_day: '2026-04-26',
              latest_as_of: '2026-04-27 02:00:00',
              normal_lag_days: 2,
            },
            {
              source: 'openrouter-models',
              title: 'OpenRouter catalogue',
              schedule: '15 4 * * *',
              citation: 'OpenRouter (openrouter.ai/rankings)',
              licence: 'CC BY 4.0',
              latest_day: null,
              latest_as_of: null,
              normal_lag_days: 2,
            },
            {
              source: 'huggingface',
              title: 'Hugging Face downloads',
              schedule: '20 3 * * *',
              citation: 'Hugging Face Hub (huggingface.co)',
              licence: null,
              latest_day: null,
              latest_as_of: null,
              normal_lag_days: 2,
            },
          ],
          marts: [],
          hf_crawl: null,
        });
      } finally {
        await s.close();
      }
    } finally {
      x.cleanup();
    }
  });
});

describe('GET /api/marts', () => {
  it('lists every mart of the allowlist, built or not, with its definition and URLs', async () => {
    const res = await get('/api/marts');
    const marts = (
      res.body as { marts: Array<{ name: string; built: boolean; row_count: number | null; csv: string }> }
    ).marts;
    expect(marts.map((m) => [m.name, m.built, m.row_count, m.csv])).toEqual([
      ['broken', false, null, '/data/broken.csv'],
      ['hf_small', true, 3, '/data/hf_small.csv'],
      ['not_built', false, null, '/data/not_built.csv'],
      ['openrouter_weekly_origin_share', true, 0, '/data/openrouter_weekly_origin_share.csv'],
      ['openrouter_weekly_top_models', true, 0, '/data/openrouter_weekly_top_models.csv'],
    ]);
  });
});

describe('the page and security headers', () => {
  it('serves the page and its bundle with helmet headers and no X-Powered-By', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<script type="module" src="assets/main.js"></script>');
    expect(page.headers.get('x-powered-by')).toBeNull();
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(page.headers.get('strict-transport-security')).toBeNull();
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const js = await get('/assets/main.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.text.length).toBeGreaterThan(10_000);
    const css = await get('/assets/styles.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves the same page at each view path; anything else under / is a 404 in the JSON error shape', async () => {
    const index = (await get('/')).text;
    for (const path of ['/openrouter', '/huggingface', '/claims', '/digest', '/status']) {
      const page = await get(path);
      expect([path, page.status, page.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
      expect(page.text).toBe(index);
    }
    const unknown = await get('/openrouter/extra');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ ok: false, error: 'not found: GET /openrouter/extra', status: 404 });
    expect((await get('/assets/index.html')).status).toBe(404);
  });

  it('never sends a configured token, on any route', async () => {
    expect(t.config.openrouterApiKey).toBe(OPENROUTER_KEY);
    for (const path of [
      '/',
      '/assets/main.js',
      '/api/status',
      '/api/marts',
      '/data/hf_small.json',
      '/data/hf_small.csv?_meta=1',
    ]) {
      const res = await fetch(server.url + path);
      const text = (await res.text()) + JSON.stringify([...res.headers]);
      expect(text).not.toContain(OPENROUTER_KEY);
      expect(text).not.toContain(HF_TOKEN);
    }
  });

  it('by default the allowlist is the mart files in transform/marts, read on each request', async () => {
    const app = createApp({ db: t.db, config: loadConfig({}) });
    const s = await serve(app);
    try {
      expect((await fetch(`${s.url}/data/openrouter_weekly_top_models.json?rank=21`)).status).toBe(200);
      // hf_small is a table in this database but has no mart file: not served.
      expect((await fetch(`${s.url}/data/hf_small.json`)).status).toBe(404);
    } finally {
      await s.close();
    }
    const names = ['hf_small'];
    const growing = await serve(createApp({ db: t.db, config: loadConfig({}), martNames: () => names }));
    try {
      expect((await fetch(`${growing.url}/data/openrouter_weekly_top_models.json`)).status).toBe(404);
      names.push('openrouter_weekly_top_models');
      expect((await fetch(`${growing.url}/data/openrouter_weekly_top_models.json`)).status).toBe(200);
    } finally {
      await growing.close();
    }
  });
});
