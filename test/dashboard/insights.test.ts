/**
 * The insight routes (dashboard/routes/insights.ts) mounted on a bare express app with the dashboard's error
 * middleware, over the REAL shipped seed history loaded by the product's seed loaders and transformed.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { errorHandler, notFound } from '../../dashboard/errors.ts';
import { insightsRouter } from '../../dashboard/routes/insights.ts';
import { loadConfig } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { addDays } from '../../lib/time.ts';
import { runTransform, TRANSFORM_DIR } from '../../transform/run.ts';
import { loadSeedHistory } from '../support/seed-raw.ts';
import { tempDatabase } from '../support/tmp.ts';
import { serve } from './serve.ts';

type Served = Awaited<ReturnType<typeof serve>>;

const SITE = 'https://adoption.example';
const DEFINITIONS = new Map(
  (
    parse(fs.readFileSync(path.join(TRANSFORM_DIR, 'seeds', 'metric_definitions.csv'), 'utf8'), {
      columns: true,
    }) as Array<Record<string, string>>
  ).map((r) => [r.metric!, r]),
);

function app(db: Awaited<ReturnType<typeof tempDatabase>>['db'], siteUrl?: string): express.Express {
  const a = express();
  a.set('query parser', 'simple');
  a.use(insightsRouter({ db, siteUrl, now: () => new Date('2026-08-23T00:00:00Z') }));
  a.use(notFound);
  a.use(errorHandler(silentLogger));
  return a;
}

async function get(
  server: Served,
  url: string,
): Promise<{ status: number; type: string | null; text: string; body: any }> {
  const res = await fetch(server.url + url);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type'), text, body };
}

describe('insight routes over the seeded database', () => {
  let t: Awaited<ReturnType<typeof tempDatabase>>;
  let server: Served;
  let hostServer: Served;

  beforeAll(async () => {
    t = await tempDatabase();
    await loadSeedHistory(t.db, t.config);
    await runTransform(t.db, { now: () => new Date('2026-08-23T07:00:00Z') });
    server = await serve(app(t.db, `${SITE}/`));
    hostServer = await serve(app(t.db));
  });
  afterAll(async () => {
    await server?.close();
    await hostServer?.close();
    t?.cleanup();
  });

  it('GET /api/headlines: each headline metric in its latest complete week for CN, with the week before and its definition', async () => {
    const res = await get(server, '/api/headlines');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json; charset=utf-8');
    const text = (metric: string) => ({
      label: DEFINITIONS.get(metric)!.label,
      definition: DEFINITIONS.get(metric)!.definition,
    });
    // OpenRouter's latest complete week is 2026-09-28 (the record ends on Friday 2026-10-09); the Hub's is 2026-08-10.
    const or = {
      channel: 'openrouter',
      week_start: '2026-09-28',
      origin_country: 'CN',
      is_complete_week: true,
      previous_is_complete_week: true,
      value_low: null,
      value_high: null,
      previous_value_low: null,
      previous_value_high: null,
      source:
        'Source: OpenRouter (openrouter.ai/rankings), as of 2026-10-11 00:27:00; licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)',
      as_of: '2026-10-11 00:27:00',
      missing: null,
    };
    const hf = {
      ...or,
      channel: 'huggingface',
      week_start: '2026-08-10',
      source: 'Source: Hugging Face Hub API (huggingface.co), as of 2026-08-16 21:19:23.964',
      as_of: '2026-08-16 21:19:23.964',
    };
    expect(res.body).toEqual({
      ok: true,
      origin_country: 'CN',
      headlines: [
        {
          headline_order: 1,
          metric: 'or_models_in_top_20',
          ...text('or_models_in_top_20'),
          unit: 'count',
          value_kind: 'value',
          ...or,
          value: 10,
          previous_value: 10,
          change: 0,
        },
        {
          headline_order: 2,
          metric: 'or_token_share_top50',
          ...text('or_token_share_top50'),
          unit: 'share',
          value_kind: 'value',
          ...or,
          // python3 over both shipped OpenRouter files: CN's share of the top-50 tokens of 2026-09-28 and 2026-09-21
          value: 0.48787000289358856,
          previous_value: 0.5949660286443793,
          change: 0.48787000289358856 - 0.5949660286443793,
        },
        {
          headline_order: 3,
          metric: 'or_token_share_all',
          ...text('or_token_share_all'),
          unit: 'share',
          value_kind: 'band',
          ...or,
          value: null,
          value_low: 0.458318277069691,
          value_high: 0.5188912281604002,
          previous_value: null,
          previous_value_low: 0.55452270368675,
          previous_value_high: 0.6224985594675897,
          change: null,
        },
        {
          headline_order: 4,
          metric: 'hf_top30_all_uploader_downloads_30d_share',
          ...text('hf_top30_all_uploader_downloads_30d_share'),
          unit: 'share',
          value_kind: 'value',
          ...hf,
          value: 0.20281287560585265,
          previous_value: 0.19896025958478575,
          change: 0.20281287560585265 - 0.19896025958478575,
        },
        {
          headline_order: 5,
          metric: 'hf_tracked_llm_lineage_downloads_30d_share',
          ...text('hf_tracked_llm_lineage_downloads_30d_share'),
          unit: 'share',
          value_kind: 'value',
          ...hf,
          value: 0.5875638846880883,
          previous_value: 0.6418738907715809,
          change: 0.5875638846880883 - 0.6418738907715809,
        },
        {
          headline_order: 6,
          metric: 'hf_tracked_llm_lineage_downloads_all_time',
          ...text('hf_tracked_llm_lineage_downloads_all_time'),
          channel: 'huggingface',
          unit: 'downloads',
          value_kind: 'value',
          week_start: null,
          origin_country: null,
          is_complete_week: null,
          value: null,
          value_low: null,
          value_high: null,
          previous_value: null,
          previous_value_low: null,
          previous_value_high: null,
          previous_is_complete_week: null,
          change: null,
          source: null,
          as_of: null,
          missing: 'no complete week of this metric yet',
        },
      ],
    });
  });

  it('GET /api/headlines?origin=US answers for that origin (python3: 8 US models in the top 20 of 2026-09-28, 7 the week before)', async () => {
    const res = await get(server, '/api/headlines?origin=US');
    expect(res.status).toBe(200);
    expect(res.body.origin_country).toBe('US');
    expect(res.body.headlines[0]).toMatchObject({
      metric: 'or_models_in_top_20',
      origin_country: 'US',
      value: 8,
      previous_value: 7,
      change: 1,
    });
  });

  it('GET /api/headlines rejects an origin that is not a code, and a repeated one, with 400', async () => {
    expect(await get(server, '/api/headlines?origin=china')).toMatchObject({
      status: 400,
      body: {
        ok: false,
        status: 400,
        error: 'origin must be a country code such as CN or US, or UNKNOWN, INTL, COMMUNITY; got "china"',
      },
    });
    expect(await get(server, "/api/headlines?origin=CN'%20or%201=1")).toMatchObject({ status: 400 });
    expect(await get(server, '/api/headlines?origin=CN&origin=US')).toMatchObject({
      status: 400,
      body: { ok: false, status: 400, error: 'origin must be given once' },
    });
  });

  it('GET /api/digest: the latest digest week by default, its changes in digest order, and the weeks that have one', async () => {
    const latest = await get(server, '/api/digest');
    expect(latest.status).toBe(200);
    // A digest compares two complete weeks: none for the first week (5 days), nor for the weeks of and after the two
    // days the record lacks (2025-06-15 in the week of 06-09, 2025-07-15 in that of 07-14), nor for the last (5 days).
    const gaps = ['2025-06-09', '2025-06-16', '2025-07-14', '2025-07-21'];
    const weeks = Array.from({ length: 90 }, (_, i) => addDays('2026-09-28', -7 * i)).filter((w) => !gaps.includes(w));
    expect([weeks.length, weeks.at(-1)]).toEqual([86, '2025-01-13']);
    expect({ ...latest.body, rows: undefined }).toEqual({
      ok: true,
      week_start: '2026-09-28',
      weeks,
      as_of: '2026-10-11 00:27:00',
      rows: undefined,
    });
    const res = await get(server, '/api/digest?week=2026-08-10');
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: any) => [r.channel, r.kind, r.subject])).toEqual([
      ['openrouter', 'crossing', 'Zhipu AI passed Xiaomi'],
      ['openrouter', 'crossing', 'Anthropic passed Xiaomi'],
      ['openrouter', 'entrant', 'openai/gpt-5.6-sol-20260709'],
      ['openrouter', 'exit', 'inclusionai/ling-3.0-flash-20260723:free'],
      ['openrouter', 'mover', 'anthropic/claude-opus-5-20260723'],
      ['openrouter', 'mover', 'openai/gpt-5.6-luna-20260709'],
      ['openrouter', 'mover', 'openai/gpt-5.6-terra-20260709'],
      ['openrouter', 'mover', 'deepseek/deepseek-v4-flash-20260423'],
      ['openrouter', 'mover', 'nvidia/nemotron-3-ultra-550b-a55b-20260604:free'],
      ['openrouter', 'mover', 'xiaomi/mimo-v2.5-20260422'],
      ['huggingface', 'crossing', 'Amazon passed ETH Zurich'],
      ['huggingface', 'crossing', 'Amazon passed OpenAI'],
      ['huggingface', 'entrant', 'trl-internal-testing/tiny-Qwen2ForCausalLM-2.5'],
      ['huggingface', 'exit', 'intfloat/multilingual-e5-small'],
      ['huggingface', 'mover', 'amazon/chronos-2'],
      ['huggingface', 'mover', 'timm/mobilenetv3_small_100.lamb_in1k'],
      ['huggingface', 'mover', 'BAAI/bge-reranker-v2-m3'],
      ['huggingface', 'mover', 'BAAI/bge-m3'],
      ['huggingface', 'mover', 'lpiccinelli/unidepth-v2-vitl14'],
      ['huggingface', 'mover', 'FacebookAI/xlm-roberta-base'],
    ]);
    expect(res.body.rows[2]).toEqual({
      week_start: '2026-08-10',
      channel: 'openrouter',
      kind: 'entrant',
      metric: 'or_top20_rank',
      subject: 'openai/gpt-5.6-sol-20260709',
      compare_subject: null,
      origin_country: 'US',
      organisation: 'OpenAI',
      detail:
        "openai/gpt-5.6-sol-20260709 (US, OpenAI) entered OpenRouter's weekly top 20 at rank 20 in the week of 2026-08-10.",
      value_before: null,
      value_after: 20,
      compare_before: null,
      compare_after: null,
      unit: 'rank',
      definition:
        "Rank by prompt + completion tokens that week among OpenRouter's models (category all; weekly sums of the exact daily top 50).",
      as_of: '2026-10-11 00:27:00',
      // Only Hugging Face models have a pipeline scope.
      in_llm_scope: null,
    });
    // A Hugging Face subject carries whether it is a language model (from hf_top_models): the digest lists those first.
    const hf = await get(server, '/api/digest?week=2026-08-10');
    expect(hf.body.rows.find((r: any) => r.subject === 'FacebookAI/xlm-roberta-base').in_llm_scope).toBe(false);
  });

  it('GET /api/digest?week= takes any day of the week; the week of a crossing shows it', async () => {
    const res = await get(server, '/api/digest?week=2026-05-07');
    expect(res.status).toBe(200);
    expect(res.body.week_start).toBe('2026-05-04');
    expect(res.body.rows.filter((r: any) => r.kind === 'crossing' && r.organisation === null)).toEqual([
      {
        week_start: '2026-05-04',
        channel: 'huggingface',
        kind: 'crossing',
        metric: 'hf_top30_all_uploader_downloads_30d_share',
        subject: 'CN passed US',
        compare_subject: 'US',
        origin_country: 'CN',
        organisation: null,
        detail:
          "In the week of 2026-05-04, CN passed US in share of the Hugging Face top 30's downloads (uploader): 30.1% vs 29.5% (the week before: 28.1% vs 32.5%).",
        value_before: 0.2812463925828137,
        value_after: 0.30137242148141374,
        compare_before: 0.3253801527437187,
        compare_after: 0.29473618264176793,
        unit: 'share',
        definition: DEFINITIONS.get('hf_top30_all_uploader_downloads_30d_share')!.definition,
        in_llm_scope: null,
        as_of: '2026-05-10 21:19:55.282',
      },
    ]);
  });

  it('GET /api/digest: 400 for a date that is not one, 404 for a week without a digest', async () => {
    expect(await get(server, '/api/digest?week=2026-02-30')).toMatchObject({
      status: 400,
      body: { ok: false, status: 400, error: 'week must be a date YYYY-MM-DD, got "2026-02-30"' },
    });
    expect(await get(server, '/api/digest?week=last')).toMatchObject({ status: 400 });
    expect(await get(server, '/api/digest?week=2026-10-08')).toMatchObject({
      status: 404,
      body: {
        ok: false,
        status: 404,
        error: 'no digest for the week of 2026-10-05: digests exist for the weeks of 2025-01-13 to 2026-09-28',
      },
    });
    expect(await get(server, '/api/digest?week=2025-06-16')).toMatchObject({ status: 404 });
    expect(await get(server, '/api/digest?week=2024-11-10')).toMatchObject({ status: 404 });
  });

  it('GET /api/claims: every claim with its verdict, and the latest as_of', async () => {
    const res = await get(server, '/api/claims');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.as_of).toBe('2026-10-11 00:27:00');
    expect(res.body.rows.map((r: any) => [r.id, r.verdict])).toEqual([
      ['a16z-cn-share-avg2025', 'differs'],
      ['a16z-cn-share-late2024', 'no data for that period'],
      ['a16z-cn-share-peak2025', 'matches'],
      ['atom-2026-03', 'no data for that period'],
      ['atom-crossover', 'no data for that period'],
      ['deepseek-40x', 'no data for that period'],
      ['eoi-hf-share', 'no data for that period'],
      ['hf-540m', 'no data for that period'],
      ['or-4-of-top10-programming', 'no data for that period'],
      ['or-7-of-20', 'differs'],
      ['or-cn-passes-us', 'differs'],
      ['or-week-2026-05-24', 'differs'],
      ['qwen-700m', 'no data for that period'],
      ['qwen-passes-llama', 'no data for that period'],
    ]);
    expect(Object.keys(res.body.rows[0])).toEqual([
      'id',
      'claim',
      'channel',
      'source',
      'source_kind',
      'period',
      'period_start',
      'period_end',
      'claim_value',
      'note',
      'metric',
      'unit',
      'subject',
      'compare_subject',
      'aggregate',
      'comparison',
      'expected_value',
      'compare_expected_value',
      'tolerance',
      'our_value',
      'our_value_low',
      'our_value_high',
      'our_compare_value',
      'our_value_text',
      'verdict',
      'verdict_detail',
      'difference',
      'compare_difference',
      'weeks_covered',
      'weeks_in_period',
      'week_used',
      'caveat',
      'query',
      'deciding_definition',
      'own_metric',
      'own_verdict',
      'verdict_by_definition',
      'weekly_values_text',
      'source_url',
      'as_of',
    ]);
  });

  it('GET /feed.xml: Atom, one entry per week of the latest 12 digest weeks, ids the weeks’ digests on the configured site', async () => {
    const res = await get(server, '/feed.xml');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/atom+xml; charset=utf-8');
    expect(
      res.text.startsWith(
        [
          '<?xml version="1.0" encoding="utf-8"?>',
          '<feed xmlns="http://www.w3.org/2005/Atom">',
          `    <id>${SITE}/feed.xml</id>`,
          '    <title>adoption-tracker: what changed this week</title>',
          '    <updated>2026-10-11T00:27:00.000Z</updated>',
        ].join('\n'),
      ),
    ).toBe(true);
    const entries = res.text.split('<entry>').slice(1);
    // weekly_changes of 2026-07-13 .. 2026-09-28: 12 weeks (255 changes), one entry each.
    expect(entries.length).toBe(12);
    const ids = entries.map((e) => /<id>([^<]+)<\/id>/.exec(e)![1]!);
    expect(ids[0]).toBe(`${SITE}/digest?week=2026-09-28`);
    expect(ids[11]).toBe(`${SITE}/digest?week=2026-07-13`);
    expect(new Set(ids).size).toBe(12);
    for (const entry of entries) {
      expect(entry).toMatch(/<title type="html"><!\[CDATA\[Week of 2026-\d\d-\d\d: [^\]]+\]\]><\/title>/);
      expect(entry).toMatch(/<updated>2026-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/updated>/);
      expect(entry).toMatch(/<content type="html"><!\[CDATA\[<h2>[^\]]+<\/ul>/);
    }
    expect(res.text.trimEnd().endsWith('</feed>')).toBe(true);
  });

  it('GET /feed.xml without a configured site uses the request host, never an odd Host header', async () => {
    const res = await get(hostServer, '/feed.xml');
    expect(res.text).toContain(`<id>${hostServer.url}/feed.xml</id>`);
    const spoofed = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${hostServer.url}/feed.xml`, { headers: { Host: 'evil.example/"><x' } }, (r) => {
        let body = '';
        r.on('data', (chunk) => (body += chunk));
        r.on('end', () => resolve(body));
      });
      req.on('error', reject);
    });
    expect(spoofed).toContain('<id>http://localhost/feed.xml</id>');
    expect(spoofed).not.toContain('evil.example');
  });

  it('createApp takes the feed site from PUBLIC_URL', async () => {
    const config = loadConfig({ ADOPTION_DATA_DIR: t.dir, PUBLIC_URL: 'https://adoption.example.org/' });
    const full = await serve(createApp({ db: t.db, config, now: () => new Date('2026-08-23T00:00:00Z') }));
    try {
      const res = await get(full, '/feed.xml');
      expect(res.status).toBe(200);
      expect(res.text).toContain('<id>https://adoption.example.org/feed.xml</id>');
    } finally {
      await full.close();
    }
  });
});

describe('insight routes before the first transform', () => {
  let t: Awaited<ReturnType<typeof tempDatabase>>;
  let server: Served;

  beforeAll(async () => {
    t = await tempDatabase();
    server = await serve(app(t.db, SITE));
  });
  afterAll(async () => {
    await server?.close();
    t?.cleanup();
  });

  it('answers 404 naming the mart to build, in the one error shape', async () => {
    for (const [url, mart] of [
      ['/api/claims', 'claim_verdicts'],
      ['/api/digest', 'weekly_changes'],
      ['/api/headlines', 'metric_definitions'],
      ['/feed.xml', 'weekly_changes'],
    ] as const) {
      const res = await get(server, url);
      expect({ url, status: res.status, body: res.body }).toEqual({
        url,
        status: 404,
        body: {
          ok: false,
          status: 404,
          error: `mart ${mart} has not been built yet: run \`adoption-tracker transform\``,
        },
      });
    }
  });
});
