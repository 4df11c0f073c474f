/**
 * The insight marts (weekly_metrics, openrouter_weekly_developer_tokens, openrouter_weekly_top_changes,
 * model_first_seen, weekly_changes, metric_definitions, claim_verdicts) on the REAL shipped seed history, loaded by
 * the product's seed loaders. The claims are the repo's transform/seeds/claims.csv plus the SYNTHETIC claims of
 * test/fixtures/insights/synthetic-claims.csv (invented, labelled `synthetic-*`), which exercise 'matches' and
 * 'differs'. Expected OpenRouter figures were computed from the CSVs with python3 one-offs (latest value per day x
 * model, weekly sums, registry origins); Hugging Face uploader shares likewise from top30-daily.csv.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { runTransform, TRANSFORM_DIR, TransformError, type TransformResult } from '../../transform/run.ts';
import { loadSeedHistory } from '../support/seed-raw.ts';
import { tempDatabase, tempDir } from '../support/tmp.ts';

const SYNTHETIC_CLAIMS = path.resolve(import.meta.dirname, '../fixtures/insights/synthetic-claims.csv');
const BUILT_AT = () => new Date('2026-08-23T07:00:00Z');

const MY_CHECKS = [
  'claim_verdicts_complete',
  'claims_values',
  'developer_tokens_grain',
  'metric_definitions_values',
  'model_first_seen_grain',
  'top_changes_grain',
  'weekly_changes_grain',
  'weekly_metrics_bounds',
  'weekly_metrics_definitions',
  'weekly_metrics_grain',
];

/** Numbers to 12 significant digits: DuckDB's parallel avg() may sum in a different order from run to run. */
function rounded<T>(value: T): T {
  if (typeof value === 'number') return Number(value.toPrecision(12)) as T;
  if (Array.isArray(value)) return value.map(rounded) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) as T;
  return value;
}

/** A copy of transform/ (SQL and seeds only) whose claims.csv gains the given lines. */
function transformRoot(into: string, extraClaims = ''): string {
  fs.cpSync(TRANSFORM_DIR, into, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  if (extraClaims) fs.appendFileSync(path.join(into, 'seeds', 'claims.csv'), extraClaims);
  return into;
}

describe('insight marts on the real seed history (with synthetic claims added)', () => {
  let db: Database;
  let result: TransformResult;
  let cleanups: Array<() => void> = [];

  beforeAll(async () => {
    const t = await tempDatabase();
    const root = tempDir();
    cleanups = [t.cleanup, root.cleanup];
    db = t.db;
    await loadSeedHistory(db, t.config);
    result = await runTransform(db, {
      root: transformRoot(root.dir, fs.readFileSync(SYNTHETIC_CLAIMS, 'utf8')),
      now: BUILT_AT,
    });
  });
  afterAll(() => cleanups.forEach((c) => c()));

  it('builds every insight mart and passes every check, its own included', () => {
    // the ATOM comparison is a second opinion that lists findings to review (test/transform/atom.test.ts)
    expect(result.checks.filter((c) => c.failures > 0 && c.name !== 'origin_registry_atom_disagreements')).toEqual([]);
    expect(result.checks.map((c) => c.name).filter((n) => MY_CHECKS.includes(n))).toEqual(MY_CHECKS);
    const rows = Object.fromEntries(result.models.filter((m) => m.layer === 'marts').map((m) => [m.name, m.rows]));
    expect({
      weekly_metrics: rows.weekly_metrics,
      metric_definitions: rows.metric_definitions,
      openrouter_weekly_developer_tokens: rows.openrouter_weekly_developer_tokens,
      openrouter_weekly_top_changes: rows.openrouter_weekly_top_changes,
      model_first_seen: rows.model_first_seen,
      weekly_changes: rows.weekly_changes,
      claim_verdicts: rows.claim_verdicts,
    }).toEqual({
      weekly_metrics: 7458,
      metric_definitions: 38,
      openrouter_weekly_developer_tokens: 1447,
      openrouter_weekly_top_changes: 2120,
      model_first_seen: 489,
      weekly_changes: 1571,
      claim_verdicts: 25,
    });
  });

  it('weekly_metrics: rows per metric, no row where the seed has no value (all-time downloads, top 1000, programming)', async () => {
    const rows = await db.json(
      `select metric, count(*)::integer as rows, count(distinct week_start)::integer as weeks,
           min(week_start) as first_week, max(week_start) as last_week
       from marts.weekly_metrics group by metric order by metric`,
    );
    const hf = (metric: string, n: number) => ({
      metric,
      rows: n,
      weeks: 26,
      first_week: '2026-02-23',
      last_week: '2026-08-17',
    });
    // OpenRouter: the record runs from the week of 2024-12-30 (2025-01-01 is a Wednesday) to that of 2026-10-05.
    const or = (metric: string, n: number) => ({
      metric,
      rows: n,
      weeks: 93,
      first_week: '2024-12-30',
      last_week: '2026-10-05',
    });
    expect(rows).toEqual([
      hf('hf_org_all_uploader_downloads_30d', 357),
      hf('hf_top30_all_lineage_downloads_30d_share', 140),
      hf('hf_top30_all_uploader_downloads_30d_share', 140),
      hf('hf_top30_llm_lineage_downloads_30d_share', 53),
      hf('hf_top30_llm_uploader_downloads_30d_share', 53),
      hf('hf_tracked_all_lineage_downloads_30d_share', 140),
      hf('hf_tracked_all_uploader_downloads_30d_share', 140),
      // the atom scope: the top 30's models that ATOM's curated lists name (only Qwen models in this history)
      hf('hf_tracked_atom_lineage_downloads_30d_share', 35),
      hf('hf_tracked_atom_uploader_downloads_30d_share', 35),
      hf('hf_tracked_llm_lineage_downloads_30d_share', 53),
      hf('hf_tracked_llm_uploader_downloads_30d_share', 53),
      or('or_families_in_top_10', 429),
      or('or_families_in_top_20', 429),
      or('or_families_in_top_50', 429),
      or('or_models_in_top_10', 429),
      or('or_models_in_top_20', 429),
      or('or_models_in_top_50', 429),
      or('or_open_token_share_all', 429),
      or('or_open_token_share_top50', 429),
      or('or_org_total_tokens', 1447),
      or('or_token_share_all', 429),
      or('or_token_share_top50', 429),
      or('or_total_tokens', 429),
      or('or_total_tokens_all_origins', 93),
    ]);
  });

  it('weekly_metrics: the week of 2026-08-10 for CN (and ALL), with the week before', async () => {
    const rows = await db.json(
      `select channel, metric, origin_country, value, value_low, value_high, previous_value, previous_value_low,
           previous_value_high, previous_is_complete_week, unit, is_complete_week, as_of
       from marts.weekly_metrics
       where week_start = '2026-08-10' and origin_country in ('CN', 'ALL') and organisation is null
       order by channel, metric`,
    );
    // OpenRouter: python3 over the vintages (latest value per day x model, weekly sums, registry origins).
    // Hugging Face: the top 30 of 2026-08-16 vs 2026-08-09; this history has only the top 30, so "tracked" = top 30,
    // and no repo of its LLMs has a base-model tag outside its own organisation: lineage = uploader here.
    const hfAll = { value: 0.20281287560585265, previous_value: 0.19896025958478575 };
    const hfLlm = { value: 0.5875638846880883, previous_value: 0.6418738907715809 };
    const hf = {
      channel: 'huggingface',
      origin_country: 'CN',
      value_low: null,
      value_high: null,
      previous_value_low: null,
      previous_value_high: null,
      previous_is_complete_week: true,
      unit: 'share',
      is_complete_week: true,
      as_of: '2026-08-16 21:19:23.964',
    };
    const or = {
      channel: 'openrouter',
      origin_country: 'CN',
      value_low: null,
      value_high: null,
      previous_value_low: null,
      previous_value_high: null,
      previous_is_complete_week: true,
      is_complete_week: true,
      as_of: '2026-10-11 00:27:00',
    };
    expect(rows).toEqual([
      { ...hf, metric: 'hf_top30_all_lineage_downloads_30d_share', ...hfAll },
      { ...hf, metric: 'hf_top30_all_uploader_downloads_30d_share', ...hfAll },
      { ...hf, metric: 'hf_top30_llm_lineage_downloads_30d_share', ...hfLlm },
      { ...hf, metric: 'hf_top30_llm_uploader_downloads_30d_share', ...hfLlm },
      { ...hf, metric: 'hf_tracked_all_lineage_downloads_30d_share', ...hfAll },
      { ...hf, metric: 'hf_tracked_all_uploader_downloads_30d_share', ...hfAll },
      // the five ATOM-listed models of the top 30 that week are all Qwen's: CN holds the whole atom scope
      { ...hf, metric: 'hf_tracked_atom_lineage_downloads_30d_share', value: 1, previous_value: 1 },
      { ...hf, metric: 'hf_tracked_atom_uploader_downloads_30d_share', value: 1, previous_value: 1 },
      { ...hf, metric: 'hf_tracked_llm_lineage_downloads_30d_share', ...hfLlm },
      { ...hf, metric: 'hf_tracked_llm_uploader_downloads_30d_share', ...hfLlm },
      // python3 over both shipped files: families = permaslugs without variant tag and 8-digit date suffix
      { ...or, metric: 'or_families_in_top_10', value: 5, previous_value: 6, unit: 'count' },
      { ...or, metric: 'or_families_in_top_20', value: 8, previous_value: 9, unit: 'count' },
      { ...or, metric: 'or_families_in_top_50', value: 13, previous_value: 16, unit: 'count' },
      { ...or, metric: 'or_models_in_top_10', value: 6, previous_value: 6, unit: 'count' },
      { ...or, metric: 'or_models_in_top_20', value: 9, previous_value: 10, unit: 'count' },
      { ...or, metric: 'or_models_in_top_50', value: 15, previous_value: 16, unit: 'count' },
      // open weights in 2026: most of the record's Chinese models of 2026 have no known weights status (no catalogue
      // snapshot ships), so the range is wide: known-open only (low) to unknown-status and `other` included (high)
      {
        ...or,
        metric: 'or_open_token_share_all',
        value: null,
        value_low: 0.00546106084719114,
        value_high: 0.6369984682351306,
        previous_value: null,
        previous_value_low: 0.00572680924522044,
        previous_value_high: 0.6567731187955315,
        unit: 'share',
      },
      {
        ...or,
        metric: 'or_open_token_share_top50',
        value: 0.005837282341451701,
        previous_value: 0.0061010901037220205,
        unit: 'share',
      },
      {
        ...or,
        metric: 'or_token_share_all',
        value: null,
        value_low: 0.572546986834456,
        value_high: 0.6369984682351306,
        previous_value: null,
        previous_value_low: 0.5954265639768691,
        previous_value_high: 0.6567731187955315,
        unit: 'share',
      },
      {
        ...or,
        metric: 'or_token_share_top50',
        value: 0.6119906936431857,
        previous_value: 0.6343412119068493,
        unit: 'share',
      },
      { ...or, metric: 'or_total_tokens', value: 43136022686477, previous_value: 41112142785293, unit: 'tokens' },
      {
        ...or,
        metric: 'or_total_tokens_all_origins',
        origin_country: 'ALL',
        value: 75340581084831,
        previous_value: 69046537847932,
        unit: 'tokens',
      },
    ]);
  });

  it('weekly_metrics: each row carries its label, definition and citation', async () => {
    const rows = await db.json(
      `select label, definition, source from marts.weekly_metrics
       where week_start = '2026-08-10' and metric in ('or_models_in_top_20', 'hf_top30_all_uploader_downloads_30d_share') and origin_country = 'CN'
       order by metric`,
    );
    expect(rows).toEqual([
      {
        label: "Share of the Hugging Face top 30's downloads (uploader)",
        definition:
          "This origin's share of the 30-day downloads of the Hub's 30 most downloaded models on the week's last snapshot day, origin = the repo uploader's country (re-uploaders take their base model's).",
        source: 'Source: Hugging Face Hub API (huggingface.co), as of 2026-08-16 21:19:23.964',
      },
      {
        label: "Models in OpenRouter's weekly top 20",
        definition:
          "Number of this origin's models among the 20 with the most tokens that week on OpenRouter (weekly sums of the exact daily top 50, category all; a permaslug is a model, so :free variants and dated versions count separately).",
        source:
          'Source: OpenRouter (openrouter.ai/rankings), as of 2026-10-11 00:27:00; licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)',
      },
    ]);
  });

  it('weekly_metrics: the first week of each channel has no previous value; an incomplete week says so', async () => {
    // python3: CN uploader shares of the top 30 on 2026-03-01, 05-17, 05-24, 05-31, 08-16 and 08-22 (a Saturday).
    const rows = await db.json(
      `select week_start, metric, value, previous_value, previous_is_complete_week, is_complete_week
       from marts.weekly_metrics
       where origin_country = 'CN' and (
               (metric = 'hf_top30_all_uploader_downloads_30d_share' and week_start in ('2026-02-23', '2026-05-18', '2026-05-25', '2026-08-17'))
               or (metric = 'or_models_in_top_20' and week_start in ('2024-12-30', '2025-01-06', '2025-06-09', '2025-06-16', '2025-07-14', '2026-10-05')))
       order by metric, week_start`,
    );
    expect(rows).toEqual([
      {
        week_start: '2026-02-23',
        metric: 'hf_top30_all_uploader_downloads_30d_share',
        value: 0.0963918472297204,
        previous_value: null,
        previous_is_complete_week: null,
        is_complete_week: true,
      },
      {
        week_start: '2026-05-18',
        metric: 'hf_top30_all_uploader_downloads_30d_share',
        value: 0.21938784792275218,
        previous_value: 0.27731568963092385,
        previous_is_complete_week: true,
        is_complete_week: true,
      },
      {
        week_start: '2026-05-25',
        metric: 'hf_top30_all_uploader_downloads_30d_share',
        value: 0.18998988344609746,
        previous_value: 0.21938784792275218,
        previous_is_complete_week: true,
        is_complete_week: true,
      },
      {
        week_start: '2026-08-17',
        metric: 'hf_top30_all_uploader_downloads_30d_share',
        value: 0.20397378712940664,
        previous_value: 0.20281287560585265,
        previous_is_complete_week: true,
        is_complete_week: false,
      },
      // OpenRouter (python3 over both shipped files): the first week has 5 days (from Wed 2025-01-01); the weeks of
      // 2025-06-09 and 2025-07-14 lack the days the pull misses (06-15, 07-15); the last week has 5 days (to 10-09).
      {
        week_start: '2024-12-30',
        metric: 'or_models_in_top_20',
        value: 2,
        previous_value: null,
        previous_is_complete_week: null,
        is_complete_week: false,
      },
      {
        week_start: '2025-01-06',
        metric: 'or_models_in_top_20',
        value: 2,
        previous_value: 2,
        previous_is_complete_week: false,
        is_complete_week: true,
      },
      {
        week_start: '2025-06-09',
        metric: 'or_models_in_top_20',
        value: 4,
        previous_value: 4,
        previous_is_complete_week: true,
        is_complete_week: false,
      },
      {
        week_start: '2025-06-16',
        metric: 'or_models_in_top_20',
        value: 4,
        previous_value: 4,
        previous_is_complete_week: false,
        is_complete_week: true,
      },
      {
        week_start: '2025-07-14',
        metric: 'or_models_in_top_20',
        value: 5,
        previous_value: 4,
        previous_is_complete_week: true,
        is_complete_week: false,
      },
      {
        week_start: '2026-10-05',
        metric: 'or_models_in_top_20',
        value: 10,
        previous_value: 10,
        previous_is_complete_week: true,
        is_complete_week: false,
      },
    ]);
  });

  it('metric_definitions: the six headline metrics in order, with the weeks their data covers', async () => {
    const rows = await db.json(
      `select headline_order, metric, channel, unit, breakdown, value_kind, first_week_start, last_complete_week_start, as_of
       from marts.metric_definitions where headline_order is not null order by headline_order`,
    );
    const or = {
      channel: 'openrouter',
      breakdown: 'origin',
      first_week_start: '2024-12-30',
      last_complete_week_start: '2026-09-28',
      as_of: '2026-10-11 00:27:00',
    };
    const hf = {
      channel: 'huggingface',
      breakdown: 'origin',
      first_week_start: '2026-02-23',
      last_complete_week_start: '2026-08-10',
      as_of: '2026-08-22 18:30:07.517',
    };
    expect(rows).toEqual([
      { headline_order: 1, metric: 'or_models_in_top_20', unit: 'count', value_kind: 'value', ...or },
      { headline_order: 2, metric: 'or_token_share_top50', unit: 'share', value_kind: 'value', ...or },
      { headline_order: 3, metric: 'or_token_share_all', unit: 'share', value_kind: 'band', ...or },
      {
        headline_order: 4,
        metric: 'hf_top30_all_uploader_downloads_30d_share',
        unit: 'share',
        value_kind: 'value',
        ...hf,
      },
      {
        headline_order: 5,
        metric: 'hf_tracked_llm_lineage_downloads_30d_share',
        unit: 'share',
        value_kind: 'value',
        ...hf,
      },
      // the shipped history has no all-time downloads: defined, with no data yet
      {
        headline_order: 6,
        metric: 'hf_tracked_llm_lineage_downloads_all_time',
        unit: 'downloads',
        value_kind: 'value',
        channel: 'huggingface',
        breakdown: 'origin',
        first_week_start: null,
        last_complete_week_start: null,
        as_of: null,
      },
    ]);
  });

  it('openrouter_weekly_developer_tokens: the five largest organisations of the week of 2026-08-10', async () => {
    const rows = await db.json(
      `select organisation, origin_country, rank, models, total_tokens, token_share_top50, is_complete_week, as_of
       from marts.openrouter_weekly_developer_tokens where week_start = '2026-08-10' and category = 'all' and rank <= 5
       order by rank`,
    );
    const week = { is_complete_week: true, as_of: '2026-10-11 00:27:00' };
    expect(rows).toEqual([
      {
        organisation: 'DeepSeek',
        origin_country: 'CN',
        rank: 1,
        models: 5,
        total_tokens: '19774207014073',
        token_share_top50: 0.2805458156108654,
        ...week,
      },
      {
        organisation: 'Tencent',
        origin_country: 'CN',
        rank: 2,
        models: 1,
        total_tokens: '9953312056288',
        token_share_top50: 0.1412122390988168,
        ...week,
      },
      {
        organisation: 'OpenAI',
        origin_country: 'US',
        rank: 3,
        models: 11,
        total_tokens: '8841981032438',
        token_share_top50: 0.1254452721464749,
        ...week,
      },
      {
        organisation: 'Google',
        origin_country: 'US',
        rank: 4,
        models: 11,
        total_tokens: '6330075829953',
        token_share_top50: 0.08980771190111068,
        ...week,
      },
      {
        organisation: 'Anthropic',
        origin_country: 'US',
        rank: 5,
        models: 8,
        total_tokens: '6212083654947',
        token_share_top50: 0.08813370237197003,
        ...week,
      },
    ]);
  });

  it("openrouter_weekly_developer_tokens: a model the registry names no organisation for counts as 'UNKNOWN', never as another's", async () => {
    const rows = await db.json(
      `select week_start, organisation, origin_country, rank, models, total_tokens from marts.openrouter_weekly_developer_tokens
       where organisation = 'UNKNOWN' order by week_start`,
    );
    // stealth models (registry: no organisation, country UNKNOWN): ox-alpha first seen 2026-08-21 at daily rank 1,
    // then the others of the stealth author up to the end of the record
    const unknown = { organisation: 'UNKNOWN', origin_country: 'UNKNOWN', models: 1 };
    expect(rows).toEqual([
      { week_start: '2026-08-17', ...unknown, rank: 2, total_tokens: '11556512357708' },
      { week_start: '2026-08-24', ...unknown, rank: 2, total_tokens: '15680990601876' },
      { week_start: '2026-09-14', ...unknown, rank: 16, total_tokens: '977444329833' },
      { week_start: '2026-09-21', ...unknown, rank: 4, total_tokens: '13858497514441' },
      { week_start: '2026-09-28', ...unknown, rank: 1, total_tokens: '38661199699827' },
      { week_start: '2026-10-05', ...unknown, rank: 9, total_tokens: '4196825632807' },
    ]);
  });

  it('openrouter_weekly_top_changes: no statuses in the first week, then new/exit in pairs; the week of 2026-08-10 in full detail', async () => {
    const counts = await db.json(
      `select week_start, coalesce(status, 'none') as status, count(*)::integer as n
       from marts.openrouter_weekly_top_changes where week_start in ('2024-12-30', '2025-01-06', '2026-08-10')
       group by all order by all`,
    );
    expect(counts).toEqual([
      { week_start: '2024-12-30', status: 'none', n: 20 },
      { week_start: '2025-01-06', status: 'down', n: 6 },
      { week_start: '2025-01-06', status: 'exit', n: 2 },
      { week_start: '2025-01-06', status: 'new', n: 2 },
      { week_start: '2025-01-06', status: 'same', n: 8 },
      { week_start: '2025-01-06', status: 'up', n: 4 },
      { week_start: '2026-08-10', status: 'down', n: 9 },
      { week_start: '2026-08-10', status: 'exit', n: 1 },
      { week_start: '2026-08-10', status: 'new', n: 1 },
      { week_start: '2026-08-10', status: 'same', n: 4 },
      { week_start: '2026-08-10', status: 'up', n: 6 },
    ]);
    const rows = await db.json(
      `select * exclude (week_start, category) from marts.openrouter_weekly_top_changes
       where week_start = '2026-08-10' and (status in ('new', 'exit') or abs(rank_change) >= 2)
       order by rank nulls last`,
    );
    const week = { is_complete_week: true, previous_is_complete_week: true, as_of: '2026-10-11 00:27:00' };
    expect(rows).toEqual([
      {
        model_permaslug: 'openai/gpt-5.6-luna-20260709',
        author: 'openai',
        organisation: 'OpenAI',
        origin_country: 'US',
        status: 'up',
        rank: 3,
        previous_rank: 5,
        rank_change: 2,
        total_tokens: '5311298774780',
        previous_total_tokens: '4434794606781',
        ...week,
      },
      {
        model_permaslug: 'xiaomi/mimo-v2.5-20260422',
        author: 'xiaomi',
        organisation: 'Xiaomi',
        origin_country: 'CN',
        status: 'down',
        rank: 6,
        previous_rank: 4,
        rank_change: -2,
        total_tokens: '3791573036238',
        previous_total_tokens: '5392889601768',
        ...week,
      },
      {
        model_permaslug: 'anthropic/claude-opus-5-20260723',
        author: 'anthropic',
        organisation: 'Anthropic',
        origin_country: 'US',
        status: 'up',
        rank: 8,
        previous_rank: 13,
        rank_change: 5,
        total_tokens: '2666233498928',
        previous_total_tokens: '1319966300398',
        ...week,
      },
      {
        model_permaslug: 'nvidia/nemotron-3-ultra-550b-a55b-20260604:free',
        author: 'nvidia',
        organisation: 'NVIDIA',
        origin_country: 'US',
        status: 'down',
        rank: 10,
        previous_rank: 8,
        rank_change: -2,
        total_tokens: '2144630158407',
        previous_total_tokens: '2406946248889',
        ...week,
      },
      {
        model_permaslug: 'openai/gpt-5.6-terra-20260709',
        author: 'openai',
        organisation: 'OpenAI',
        origin_country: 'US',
        status: 'up',
        rank: 16,
        previous_rank: 18,
        rank_change: 2,
        total_tokens: '930800079302',
        previous_total_tokens: '801941209762',
        ...week,
      },
      {
        model_permaslug: 'openai/gpt-5.6-sol-20260709',
        author: 'openai',
        organisation: 'OpenAI',
        origin_country: 'US',
        status: 'new',
        rank: 20,
        previous_rank: null,
        rank_change: null,
        total_tokens: '706212319268',
        previous_total_tokens: null,
        ...week,
      },
      // out of the top 20 and without any tokens in the data that week
      {
        model_permaslug: 'inclusionai/ling-3.0-flash-20260723:free',
        author: 'inclusionai',
        organisation: 'Ant Group',
        origin_country: 'CN',
        status: 'exit',
        rank: null,
        previous_rank: 19,
        rank_change: null,
        total_tokens: null,
        previous_total_tokens: '626684504895',
        ...week,
      },
    ]);
  });

  it('model_first_seen: left-censored models of the first day, and the latest releases with their first rank', async () => {
    const counts = await db.json(
      `select channel, count(*)::integer as models, count(*) filter (where is_left_censored)::integer as left_censored,
           min(first_seen_day) as first_day, count(hub_created_at)::integer as with_created_at
       from marts.model_first_seen group by channel order by channel`,
    );
    expect(counts).toEqual([
      { channel: 'huggingface', models: 62, left_censored: 30, first_day: '2026-02-28', with_created_at: 0 },
      { channel: 'openrouter', models: 427, left_censored: 50, first_day: '2025-01-01', with_created_at: 0 },
    ]);
    const rows = await db.json(
      `select channel, model_id, first_seen_day, first_seen_week_start, first_seen_rank, first_ranked_day, organisation,
           origin_country, is_left_censored, as_of
       from marts.model_first_seen
       where (channel = 'huggingface' and first_seen_day >= '2026-08-15') or (channel = 'openrouter' and first_seen_day >= '2026-10-03')
       order by channel, first_seen_day, model_id`,
    );
    const hf = { channel: 'huggingface', is_left_censored: false, as_of: '2026-08-22 18:30:07.517' };
    const or = { channel: 'openrouter', is_left_censored: false, as_of: '2026-10-11 00:27:00' };
    expect(rows).toEqual([
      {
        ...hf,
        model_id: 'BAAI/bge-base-en-v1.5',
        first_seen_day: '2026-08-15',
        first_seen_week_start: '2026-08-10',
        first_seen_rank: 30,
        first_ranked_day: '2026-08-15',
        organisation: 'BAAI',
        origin_country: 'CN',
      },
      {
        ...hf,
        model_id: 'Qwen/Qwen3.6-35B-A3B-FP8',
        first_seen_day: '2026-08-16',
        first_seen_week_start: '2026-08-10',
        first_seen_rank: 30,
        first_ranked_day: '2026-08-16',
        organisation: 'Alibaba',
        origin_country: 'CN',
      },
      {
        ...hf,
        model_id: 'unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF',
        first_seen_day: '2026-08-21',
        first_seen_week_start: '2026-08-17',
        first_seen_rank: 30,
        first_ranked_day: '2026-08-21',
        organisation: null,
        origin_country: 'UNKNOWN',
      },
      {
        ...or,
        model_id: 'inclusionai/ling-3.1-flash-20261002',
        first_seen_day: '2026-10-03',
        first_seen_week_start: '2026-09-28',
        first_seen_rank: 38,
        first_ranked_day: '2026-10-03',
        organisation: 'Ant Group',
        origin_country: 'CN',
      },
      {
        ...or,
        model_id: 'qwen/qwen3.8-27b-20260814:free',
        first_seen_day: '2026-10-03',
        first_seen_week_start: '2026-09-28',
        first_seen_rank: 37,
        first_ranked_day: '2026-10-03',
        organisation: 'Alibaba',
        origin_country: 'CN',
      },
      {
        ...or,
        model_id: 'anthropic/claude-haiku-5.5-20261007',
        first_seen_day: '2026-10-08',
        first_seen_week_start: '2026-10-05',
        first_seen_rank: 15,
        first_ranked_day: '2026-10-08',
        organisation: 'Anthropic',
        origin_country: 'US',
      },
      {
        ...or,
        model_id: 'stepfun/step-5-preview-20261008',
        first_seen_day: '2026-10-08',
        first_seen_week_start: '2026-10-05',
        first_seen_rank: 9,
        first_ranked_day: '2026-10-08',
        organisation: 'StepFun',
        origin_country: 'CN',
      },
    ]);
  });

  it('weekly_changes: only weeks that follow a complete week, and the OpenRouter digest of 2026-08-10 sentence by sentence', async () => {
    const weeks = await db.json(
      `select channel, min(week_start) as first_week, max(week_start) as last_week, count(distinct week_start)::integer as weeks
       from marts.weekly_changes group by channel order by channel`,
    );
    expect(weeks).toEqual([
      { channel: 'huggingface', first_week: '2026-03-02', last_week: '2026-08-10', weeks: 24 },
      { channel: 'openrouter', first_week: '2025-01-13', last_week: '2026-09-28', weeks: 86 },
    ]);
    const rows = await db.json(
      `select kind, metric, subject, compare_subject, origin_country, organisation, detail, value_before, value_after,
           compare_before, compare_after, unit, as_of
       from marts.weekly_changes where week_start = '2026-08-10' and channel = 'openrouter'
       order by case kind when 'crossing' then 1 when 'entrant' then 2 when 'exit' then 3 else 4 end,
           metric, value_after - value_before, subject`,
    );
    expect(rows).toEqual([
      {
        kind: 'crossing',
        metric: 'or_org_total_tokens',
        subject: 'Zhipu AI passed Xiaomi',
        compare_subject: 'Xiaomi',
        origin_country: 'CN',
        organisation: 'Zhipu AI',
        detail:
          'In the week of 2026-08-10, Zhipu AI (CN) passed Xiaomi (CN) in tokens on OpenRouter per developer: 4.33T tokens vs 4.27T tokens (the week before: 3.51T tokens vs 5.88T tokens).',
        value_before: 3510045708792,
        value_after: 4328860989331,
        compare_before: 5883265149152,
        compare_after: 4272186356714,
        unit: 'tokens',
        as_of: '2026-10-11 00:27:00',
      },
      {
        kind: 'crossing',
        metric: 'or_org_total_tokens',
        subject: 'Anthropic passed Xiaomi',
        compare_subject: 'Xiaomi',
        origin_country: 'US',
        organisation: 'Anthropic',
        detail:
          'In the week of 2026-08-10, Anthropic (US) passed Xiaomi (CN) in tokens on OpenRouter per developer: 6.21T tokens vs 4.27T tokens (the week before: 4.65T tokens vs 5.88T tokens).',
        value_before: 4651581493010,
        value_after: 6212083654947,
        compare_before: 5883265149152,
        compare_after: 4272186356714,
        unit: 'tokens',
        as_of: '2026-10-11 00:27:00',
      },
      {
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
        as_of: '2026-10-11 00:27:00',
      },
      {
        kind: 'exit',
        metric: 'or_top20_rank',
        subject: 'inclusionai/ling-3.0-flash-20260723:free',
        compare_subject: null,
        origin_country: 'CN',
        organisation: 'Ant Group',
        detail:
          "inclusionai/ling-3.0-flash-20260723:free (CN, Ant Group) left OpenRouter's weekly top 20 in the week of 2026-08-10; it was rank 19 the week before.",
        value_before: 19,
        value_after: null,
        compare_before: null,
        compare_after: null,
        unit: 'rank',
        as_of: '2026-10-11 00:27:00',
      },
      {
        kind: 'mover',
        metric: 'or_top20_rank',
        subject: 'anthropic/claude-opus-5-20260723',
        compare_subject: null,
        origin_country: 'US',
        organisation: 'Anthropic',
        detail:
          "anthropic/claude-opus-5-20260723 (US, Anthropic) rose from rank 13 to rank 8 in OpenRouter's weekly top 20 in the week of 2026-08-10.",
        value_before: 13,
        value_after: 8,
        compare_before: null,
        compare_after: null,
        unit: 'rank',
        as_of: '2026-10-11 00:27:00',
      },
      {
        kind: 'mover',
        metric: 'or_top20_rank',
        subject: 'openai/gpt-5.6-luna-20260709',
        compare_subject: null,
        origin_country: 'US',
        organisation: 'OpenAI',
        detail:
          "openai/gpt-5.6-luna-20260709 (US, OpenAI) rose from rank 5 to rank 3 in OpenRouter's weekly top 20 in the week of 2026-08-10.",
        value_before: 5,
        value_after: 3,
        compare_before: null,
        compare_after: null,
        unit: 'rank',
        as_of: '2026-10-11 00:27:00',
      },
      {
        kind: 'mover',
        metric: 'or_top20_rank',
        subject: 'openai/gpt-5.6-terra-20260709',
        compare_subject: null,
        origin_country: 'US',
        organisation: 'OpenAI',
        detail:
          "openai/gpt-5.6-terra-20260709 (US, OpenAI) rose from rank 18 to rank 16 in OpenRouter's weekly top 20 in the week of 2026-08-10.",
        value_before: 18,
        value_after: 16,
        compare_before: null,
        compare_after: null,
        unit: 'rank',
        as_of: '2026-10-11 00:27:00',
      },
      {
        kind: 'mover',
        metric: 'or_top20_rank',
        subject: 'deepseek/deepseek-v4-flash-20260423',
        compare_subject: null,
        origin_country: 'CN',
        organisation: 'DeepSeek',
        detail:
          "deepseek/deepseek-v4-flash-20260423 (CN, DeepSeek) fell from rank 3 to rank 4 in OpenRouter's weekly top 20 in the week of 2026-08-10.",
        value_before: 3,
        value_after: 4,
        compare_before: null,
        compare_after: null,
        unit: 'rank',
        as_of: '2026-10-11 00:27:00',
      },
      {
        kind: 'mover',
        metric: 'or_top20_rank',
        subject: 'nvidia/nemotron-3-ultra-550b-a55b-20260604:free',
        compare_subject: null,
        origin_country: 'US',
        organisation: 'NVIDIA',
        detail:
          "nvidia/nemotron-3-ultra-550b-a55b-20260604:free (US, NVIDIA) fell from rank 8 to rank 10 in OpenRouter's weekly top 20 in the week of 2026-08-10.",
        value_before: 8,
        value_after: 10,
        compare_before: null,
        compare_after: null,
        unit: 'rank',
        as_of: '2026-10-11 00:27:00',
      },
      {
        kind: 'mover',
        metric: 'or_top20_rank',
        subject: 'xiaomi/mimo-v2.5-20260422',
        compare_subject: null,
        origin_country: 'CN',
        organisation: 'Xiaomi',
        detail:
          "xiaomi/mimo-v2.5-20260422 (CN, Xiaomi) fell from rank 4 to rank 6 in OpenRouter's weekly top 20 in the week of 2026-08-10.",
        value_before: 4,
        value_after: 6,
        compare_before: null,
        compare_after: null,
        unit: 'rank',
        as_of: '2026-10-11 00:27:00',
      },
    ]);
  });

  it('weekly_changes: the Hugging Face top-20 changes of 2026-08-10 (Sunday 08-16 against Sunday 08-09)', async () => {
    const rows = await db.json(
      `select kind, subject, origin_country, organisation, value_before, value_after from marts.weekly_changes
       where week_start = '2026-08-10' and channel = 'huggingface' and kind <> 'crossing'
       order by case kind when 'entrant' then 1 when 'exit' then 2 else 3 end, value_after - value_before, value_after`,
    );
    // python3 over top30-daily.csv: ties in rank change go to the better current rank.
    expect(rows).toEqual([
      {
        kind: 'entrant',
        subject: 'trl-internal-testing/tiny-Qwen2ForCausalLM-2.5',
        origin_country: 'US',
        organisation: 'Hugging Face',
        value_before: null,
        value_after: 20,
      },
      {
        kind: 'exit',
        subject: 'intfloat/multilingual-e5-small',
        origin_country: 'US',
        organisation: 'Microsoft',
        value_before: 20,
        value_after: null,
      },
      {
        kind: 'mover',
        subject: 'amazon/chronos-2',
        origin_country: 'US',
        organisation: 'Amazon',
        value_before: 9,
        value_after: 7,
      },
      {
        kind: 'mover',
        subject: 'timm/mobilenetv3_small_100.lamb_in1k',
        origin_country: 'US',
        organisation: 'Hugging Face',
        value_before: 17,
        value_after: 15,
      },
      {
        kind: 'mover',
        subject: 'BAAI/bge-reranker-v2-m3',
        origin_country: 'CN',
        organisation: 'BAAI',
        value_before: 15,
        value_after: 14,
      },
      {
        kind: 'mover',
        subject: 'lpiccinelli/unidepth-v2-vitl14',
        origin_country: 'CH',
        organisation: 'ETH Zurich',
        value_before: 7,
        value_after: 8,
      },
      {
        kind: 'mover',
        subject: 'BAAI/bge-m3',
        origin_country: 'CN',
        organisation: 'BAAI',
        value_before: 8,
        value_after: 9,
      },
      {
        kind: 'mover',
        subject: 'FacebookAI/xlm-roberta-base',
        origin_country: 'US',
        organisation: 'Meta',
        value_before: 14,
        value_after: 16,
      },
    ]);
  });

  it('weekly_changes: every CN-vs-US crossing of a headline share (the two channels disagree, and each reverses)', async () => {
    const rows = await db.json(
      `select week_start, channel, metric, subject, value_before, value_after, compare_before, compare_after
       from marts.weekly_changes where kind = 'crossing' and organisation is null order by week_start, channel, metric`,
    );
    // python3 over top30-daily.csv: the uploader shares of 2026-05-03/10/17 and the LLM shares of 2026-07-12/19/26, 08-02;
    // over the two OpenRouter files: CN vs US shares of the top-50 tokens in consecutive complete weeks.
    const or = { channel: 'openrouter', metric: 'or_token_share_top50' };
    expect(rows).toEqual([
      {
        week_start: '2026-03-23',
        ...or,
        subject: 'CN passed US',
        value_before: 0.4641536816798369,
        value_after: 0.57077306482645,
        compare_before: 0.46810500546008676,
        compare_after: 0.4252185032233063,
      },
      {
        week_start: '2026-04-06',
        ...or,
        subject: 'US passed CN',
        value_before: 0.34082473098388655,
        value_after: 0.5159268309547458,
        compare_before: 0.6552315747772386,
        compare_after: 0.4762582477768696,
      },
      {
        week_start: '2026-04-27',
        ...or,
        subject: 'CN passed US',
        value_before: 0.4441866339532529,
        value_after: 0.5315390646332023,
        compare_before: 0.5429682183856949,
        compare_after: 0.4602349322577335,
      },
      {
        week_start: '2026-05-04',
        channel: 'huggingface',
        metric: 'hf_top30_all_uploader_downloads_30d_share',
        subject: 'CN passed US',
        value_before: 0.2812463925828137,
        value_after: 0.30137242148141374,
        compare_before: 0.3253801527437187,
        compare_after: 0.29473618264176793,
      },
      {
        week_start: '2026-05-11',
        channel: 'huggingface',
        metric: 'hf_top30_all_uploader_downloads_30d_share',
        subject: 'US passed CN',
        value_before: 0.29473618264176793,
        value_after: 0.31590424734871364,
        compare_before: 0.30137242148141374,
        compare_after: 0.27731568963092385,
      },
      {
        week_start: '2026-07-13',
        channel: 'huggingface',
        metric: 'hf_tracked_llm_lineage_downloads_30d_share',
        subject: 'US passed CN',
        value_before: 0.490017206548713,
        value_after: 0.5476957328450336,
        compare_before: 0.5099827934512869,
        compare_after: 0.4523042671549664,
      },
      {
        week_start: '2026-07-27',
        channel: 'huggingface',
        metric: 'hf_tracked_llm_lineage_downloads_30d_share',
        subject: 'CN passed US',
        value_before: 0.4953913819868461,
        value_after: 0.5411924585892847,
        compare_before: 0.5046086180131538,
        compare_after: 0.45880754141071534,
      },
    ]);
  });

  it('claim_verdicts: every seed claim and every synthetic claim, verdict by verdict', async () => {
    const rows = await db.json(
      `select id, verdict, subject, compare_subject, aggregate, our_value, our_value_low, our_value_high,
           our_compare_value, difference, compare_difference, weeks_covered, weeks_in_period, week_used,
           our_value_text, verdict_detail, as_of
       from marts.claim_verdicts order by id`,
    );
    expect(rounded(rows)).toEqual(
      rounded([
        {
          id: 'a16z-cn-share-avg2025',
          verdict: 'differs',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'avg',
          our_value: null,
          our_value_low: 0.1496734270513876,
          our_value_high: 0.21029781755608104,
          our_compare_value: null,
          difference: 0.019673427051387582,
          compare_difference: null,
          weeks_covered: 49,
          weeks_in_period: 51,
          week_used: null,
          our_value_text: 'CN 15.0% to 21.0% (average of 49 complete weeks, 2025-01-06 to 2025-12-22)',
          verdict_detail:
            "Ours differs from the claim's 0.130 by +1.97 points, beyond the tolerance of ±0.05 points. Our data covers 49 of the period's 51 weeks. Caveat: ours: the open-weights share is a range (low: models known to be open; high: adds models of unknown weights status and the whole `other` bucket); by every China-origin model, open-weights or not, as the second definition, and averages complete weeks.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'a16z-cn-share-late2024',
          verdict: 'no data for that period',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'avg',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 0,
          weeks_in_period: 12,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            "No complete week of or_open_token_share_all for CN lies within 2024-10-01 to 2024-12-31. Our complete weeks of it run from 2025-01-06 to 2026-09-28. Caveat: ours: the open-weights share is a range (low: models known to be open; high: adds models of unknown weights status and the whole `other` bucket); by every China-origin model, open-weights or not, as the second definition; OpenRouter's rankings history starts on 2025-01-01.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'a16z-cn-share-peak2025',
          verdict: 'matches',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'max',
          our_value: null,
          our_value_low: 0.30892810716303626,
          our_value_high: 0.3710652526280361,
          our_compare_value: null,
          difference: 0.00892810716303627,
          compare_difference: null,
          weeks_covered: 49,
          weeks_in_period: 51,
          week_used: null,
          our_value_text: 'CN 30.9% to 37.1% (highest of 49 complete weeks, 2025-01-06 to 2025-12-22)',
          verdict_detail:
            "The claim's 0.30 lies within our range (tolerance ±2.00 points). Our data covers 49 of the period's 51 weeks. Caveat: ours: the open-weights share is a range (low: models known to be open; high: adds models of unknown weights status and the whole `other` bucket); by every China-origin model, open-weights or not, as the second definition; 'nearly 30%' is read as 28% to 32%.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'atom-2026-03',
          verdict: 'no data for that period',
          subject: 'CN',
          compare_subject: 'US',
          aggregate: 'last',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 0,
          weeks_in_period: 4,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            "No complete week of hf_tracked_llm_lineage_downloads_all_time for CN and US lies within 2026-03-01 to 2026-03-31. weekly_metrics has no complete week of this metric for CN at all. Caveat: ours: all-time downloads of tracked LLMs by base-model lineage on the last complete week of March; ATOM's window is not stated in the summaries.",
          as_of: '2026-08-22 18:30:07.517',
        },
        {
          id: 'atom-crossover',
          verdict: 'no data for that period',
          subject: 'CN',
          compare_subject: 'US',
          aggregate: 'crossing',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 0,
          weeks_in_period: 13,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            "No complete week of hf_tracked_llm_lineage_downloads_30d_share for CN and US lies within 2025-06-01 to 2025-08-31. Our complete weeks of it run from 2026-02-23 to 2026-08-10. Caveat: ours: LLM downloads by base-model lineage of tracked models (30-day counts), not ATOM's curated ~1.5K models.",
          as_of: '2026-08-22 18:30:07.517',
        },
        {
          id: 'deepseek-40x',
          // the shipped record has no catalogue snapshot: no price, so no verdict, said plainly (never a guess)
          verdict: 'no data for that period',
          subject: 'OpenAI',
          compare_subject: 'DeepSeek',
          aggregate: 'ratio_max',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 0,
          weeks_in_period: 51,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            "No data: no catalogue snapshot collected yet; run `adoption-tracker collect openrouter-models` to price OpenAI's and DeepSeek's ranked models (prices come only from OpenRouter's /api/v1/models; none is guessed). Caveat: ours: OpenAI's token-weighted price per million tokens over its ranked models divided by DeepSeek's, each week, highest of 2025's complete weeks; completion (output) prices decide, prompt (input) prices are the second definition. The catalogue gives current prices only: every week's token mix is priced at the snapshot's prices, not the prices in force that week. 'Up to 40 times' is read as a stated maximum of about 40 (35x to 45x), so a far larger ratio differs too.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'eoi-hf-share',
          verdict: 'no data for that period',
          subject: 'CN',
          compare_subject: 'US',
          aggregate: 'avg',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 0,
          weeks_in_period: 56,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            "No complete week of hf_tracked_all_uploader_downloads_30d_share for CN and US lies within 2024-08-01 to 2025-08-31. Our complete weeks of it run from 2026-02-23 to 2026-08-10. Caveat: ours: the 30-day download share of tracked models on each week's last snapshot day, averaged over complete weeks; theirs: all downloads of all repos over the year.",
          as_of: '2026-08-22 18:30:07.517',
        },
        {
          id: 'hf-540m',
          verdict: 'no data for that period',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'last',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 0,
          weeks_in_period: 3,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            "No complete week of hf_tracked_llm_lineage_downloads_all_time for CN lies within 2025-10-01 to 2025-10-31. weekly_metrics has no complete week of this metric for CN at all. Caveat: ours: all-time downloads of tracked LLM repos whose base-model chain starts at a Chinese developer, on the last complete week of October; the claim's scope is not located.",
          as_of: '2026-08-22 18:30:07.517',
        },
        {
          id: 'or-4-of-top10-programming',
          verdict: 'no data for that period',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'any_week',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 0,
          weeks_in_period: 4,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            "No complete week of or_programming_models_in_top_10 for CN lies within 2025-11-01 to 2025-11-30. weekly_metrics has no complete week of this metric for CN at all. Caveat: the programming category is OpenRouter's weekly sampled estimate, not exact counts.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'or-7-of-20',
          verdict: 'differs',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'any_week',
          our_value: 5,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: -2,
          compare_difference: null,
          weeks_covered: 4,
          weeks_in_period: 4,
          week_used: '2025-11-17',
          our_value_text: 'CN 5 (the week of 2025-11-17, the closest of 4 complete weeks in the period)',
          verdict_detail:
            "Ours differs from the claim's 7 of 20 by -2. Caveat: ours counts permaslugs as models (:free variants and dated versions separately) and ranks weekly sums of the exact daily top 50; any complete week of the month that had 7 counts.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'or-cn-passes-us',
          verdict: 'differs',
          subject: 'CN',
          compare_subject: 'US',
          aggregate: 'crossing',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 1,
          weeks_in_period: 1,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            'No week in the period where CN passed US: CN was above US in 0 and below it in 1 of the 1 complete week. Caveat: we test a crossing within that week (CN below or level with US the week before, above it that week), not that it was the first ever.',
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'or-week-2026-05-24',
          verdict: 'differs',
          subject: 'CN',
          compare_subject: 'US',
          aggregate: 'last',
          our_value: 12629889323179,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: 12163418394123,
          difference: 3406889323179,
          compare_difference: 7233418394123,
          weeks_covered: 1,
          weeks_in_period: 1,
          week_used: '2026-05-18',
          our_value_text:
            'CN 12.630T tokens vs US 12.163T tokens (the week of 2026-05-18, the only complete week in the period)',
          verdict_detail:
            "Ours differs from the claim's 9.223T vs 4.93T by +3.407T tokens (US: +7.233T tokens), beyond the tolerance of ±0.005T tokens. Caveat: the claim's 28.9T total is not tested; only complete weeks are compared.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'qwen-700m',
          verdict: 'no data for that period',
          subject: 'Alibaba',
          compare_subject: null,
          aggregate: 'last',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 0,
          weeks_in_period: 3,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            'No complete week of hf_org_all_uploader_downloads_all_time for Alibaba lies within 2026-01-01 to 2026-01-31. weekly_metrics has no complete week of this metric for Alibaba at all. Caveat: ours: all-time downloads of repos uploaded by Alibaba organisations (Qwen, Alibaba-NLP, ...), tracked models only.',
          as_of: '2026-08-22 18:30:07.517',
        },
        {
          id: 'qwen-passes-llama',
          verdict: 'no data for that period',
          subject: 'Alibaba',
          compare_subject: 'Meta',
          aggregate: 'crossing',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 0,
          weeks_in_period: 3,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            'No complete week of hf_org_all_uploader_downloads_all_time for Alibaba and Meta lies within 2025-10-01 to 2025-10-31. weekly_metrics has no complete week of this metric for Alibaba at all. Caveat: ours: all-time downloads of repos uploaded by Alibaba (Qwen and Alibaba orgs) vs Meta, tracked models only.',
          as_of: '2026-08-22 18:30:07.517',
        },
        {
          id: 'synthetic-hf-cn-passes-us-june',
          verdict: 'differs',
          subject: 'CN',
          compare_subject: 'US',
          aggregate: 'crossing',
          our_value: null,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: null,
          compare_difference: null,
          weeks_covered: 4,
          weeks_in_period: 4,
          week_used: null,
          our_value_text: null,
          verdict_detail:
            'No week in the period where CN passed US: CN was above US in 4 and below it in 0 of the 4 complete weeks.',
          as_of: '2026-06-28 22:02:07.026',
        },
        {
          id: 'synthetic-hf-us-passes-cn-july',
          verdict: 'matches',
          subject: 'US',
          compare_subject: 'CN',
          aggregate: 'crossing',
          our_value: 0.5476957328450336,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: 0.4523042671549664,
          difference: null,
          compare_difference: null,
          weeks_covered: 2,
          weeks_in_period: 2,
          week_used: '2026-07-13',
          our_value_text: 'US 54.8% vs CN 45.2% in the week of 2026-07-13, after 49.0% vs 51.0% the week before',
          verdict_detail: 'US passed CN in the week of 2026-07-13, within the period.',
          as_of: '2026-07-19 21:52:40.824',
        },
        {
          id: 'synthetic-or-deepseek-2026-08-10',
          verdict: 'matches',
          subject: 'DeepSeek',
          compare_subject: null,
          aggregate: 'last',
          our_value: 19774207014073,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: 774207014073,
          compare_difference: null,
          weeks_covered: 1,
          weeks_in_period: 1,
          week_used: '2026-08-10',
          our_value_text: 'DeepSeek 19.774T tokens (the week of 2026-08-10, the only complete week in the period)',
          verdict_detail: "Our value is at least the claim's 19T.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'synthetic-or-share-avg-july',
          verdict: 'differs',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'avg',
          our_value: null,
          our_value_low: 0.6248775902534974,
          our_value_high: 0.6869003619301374,
          our_compare_value: null,
          difference: 0.4948775902534974,
          compare_difference: null,
          weeks_covered: 3,
          weeks_in_period: 3,
          week_used: null,
          our_value_text: 'CN 62.5% to 68.7% (average of 3 complete weeks, 2026-07-06 to 2026-07-20)',
          verdict_detail: "Ours differs from the claim's 0.13 by +49.49 points, beyond the tolerance of ±0.05 points.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'synthetic-or-share-peak-july',
          verdict: 'matches',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'max',
          our_value: null,
          our_value_low: 0.6350248939629408,
          our_value_high: 0.7057861904787718,
          our_compare_value: null,
          difference: 0,
          compare_difference: null,
          weeks_covered: 3,
          weeks_in_period: 3,
          week_used: null,
          our_value_text: 'CN 63.5% to 70.6% (highest of 3 complete weeks, 2026-07-06 to 2026-07-20)',
          verdict_detail: "The claim's 0.65 lies within our range.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'synthetic-or-tokens-2026-08-10',
          verdict: 'matches',
          subject: 'CN',
          compare_subject: 'US',
          aggregate: 'last',
          our_value: 43136022686477,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: 26729310351071,
          difference: 36022686477,
          compare_difference: 29310351071,
          weeks_covered: 1,
          weeks_in_period: 1,
          week_used: '2026-08-10',
          our_value_text:
            'CN 43.136T tokens vs US 26.729T tokens (the week of 2026-08-10, the only complete week in the period)',
          verdict_detail: "Our value agrees with the claim's 43.1T vs 26.7T (tolerance ±0.050T tokens).",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'synthetic-or-top10-june-min',
          verdict: 'differs',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'min',
          our_value: 6,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: -1,
          compare_difference: null,
          weeks_covered: 4,
          weeks_in_period: 4,
          week_used: null,
          our_value_text: 'CN 6 (lowest of 4 complete weeks, 2026-06-01 to 2026-06-22)',
          verdict_detail: "Ours is below the claim's 7 of 10 by -1.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'synthetic-or-top20-0810-partly',
          verdict: 'partly',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'last',
          our_value: 9,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: 0,
          compare_difference: null,
          weeks_covered: 1,
          weeks_in_period: 1,
          week_used: '2026-08-10',
          our_value_text: 'CN 9 (the week of 2026-08-10, the only complete week in the period)',
          verdict_detail:
            "Partly: it matches by Models in OpenRouter's weekly top 20 and differs by another definition (see each below). Our value equals the claim's 9 of 20.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'synthetic-or-top20-july',
          verdict: 'matches',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'any_week',
          our_value: 10,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: 0,
          compare_difference: null,
          weeks_covered: 3,
          weeks_in_period: 3,
          week_used: '2026-07-20',
          our_value_text: 'CN 10 (the week of 2026-07-20, the closest of 3 complete weeks in the period)',
          verdict_detail: "Our value equals the claim's 10 of 20.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'synthetic-or-top20-may-max',
          verdict: 'differs',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'max',
          our_value: 9,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: 1,
          compare_difference: null,
          weeks_covered: 4,
          weeks_in_period: 4,
          week_used: null,
          our_value_text: 'CN 9 (highest of 4 complete weeks, 2026-05-04 to 2026-05-25)',
          verdict_detail: "Ours differs from the claim's 8 of 20 by +1.",
          as_of: '2026-10-11 00:27:00',
        },
        {
          id: 'synthetic-or-top20-week-2026-05-18',
          verdict: 'differs',
          subject: 'CN',
          compare_subject: null,
          aggregate: 'last',
          our_value: 7,
          our_value_low: null,
          our_value_high: null,
          our_compare_value: null,
          difference: -1,
          compare_difference: null,
          weeks_covered: 1,
          weeks_in_period: 1,
          week_used: '2026-05-18',
          our_value_text: 'CN 7 (the week of 2026-05-18, the only complete week in the period)',
          verdict_detail: "Ours differs from the claim's 8 of 20 by -1.",
          as_of: '2026-10-11 00:27:00',
        },
      ]),
    );
  });

  it('claim_evaluations: each claim under each definition it could mean; the verdict names the one that decided it', async () => {
    // python3 over both shipped OpenRouter files: CN permaslugs in the top 20 of the November 2025 weeks 5, 5, 5, 4;
    // CN families 5, 5, 5, 5; in the week of 2026-08-10, 9 permaslugs but 8 families (DeepSeek V4 Flash twice).
    expect(
      await db.json(`select claim_id, definition_rank, metric, verdict, our_value, week_used, weekly_values_text
        from marts.claim_evaluations where claim_id in ('or-7-of-20', 'synthetic-or-top20-0810-partly') order by claim_id, definition_rank`),
    ).toEqual([
      {
        claim_id: 'or-7-of-20',
        definition_rank: 0,
        metric: 'or_models_in_top_20',
        verdict: 'differs',
        our_value: 5,
        week_used: '2025-11-17',
        weekly_values_text: '2025-11-03: 5; 2025-11-10: 5; 2025-11-17: 5; 2025-11-24: 4',
      },
      {
        claim_id: 'or-7-of-20',
        definition_rank: 1,
        metric: 'or_families_in_top_20',
        verdict: 'differs',
        our_value: 5,
        week_used: '2025-11-24',
        weekly_values_text: '2025-11-03: 5; 2025-11-10: 5; 2025-11-17: 5; 2025-11-24: 5',
      },
      {
        claim_id: 'synthetic-or-top20-0810-partly',
        definition_rank: 0,
        metric: 'or_models_in_top_20',
        verdict: 'matches',
        our_value: 9,
        week_used: '2026-08-10',
        weekly_values_text: '2026-08-10: 9',
      },
      {
        claim_id: 'synthetic-or-top20-0810-partly',
        definition_rank: 1,
        metric: 'or_families_in_top_20',
        verdict: 'differs',
        our_value: 8,
        week_used: '2026-08-10',
        weekly_values_text: '2026-08-10: 8',
      },
    ]);
    // python3: CN's share of all tokens in the complete weeks of 2025, low (other not CN) and high (other CN); the
    // open-weights low is lower (only models known open), its high the same (unknown status and other included)
    expect(
      rounded(
        await db.json(`select claim_id, definition_rank, metric, verdict, our_value_low, our_value_high, weeks_covered
        from marts.claim_evaluations where claim_id = 'a16z-cn-share-peak2025' order by definition_rank`),
      ),
    ).toEqual(
      rounded([
        {
          claim_id: 'a16z-cn-share-peak2025',
          definition_rank: 0,
          metric: 'or_open_token_share_all',
          verdict: 'matches',
          our_value_low: 0.308928107163,
          our_value_high: 0.3710652526280361,
          weeks_covered: 49,
        },
        {
          claim_id: 'a16z-cn-share-peak2025',
          definition_rank: 1,
          metric: 'or_token_share_all',
          verdict: 'matches',
          our_value_low: 0.31131845800581776,
          our_value_high: 0.3710652526280361,
          weeks_covered: 49,
        },
      ]),
    );
    expect(
      await db.json(`select id, verdict, metric, deciding_definition, own_metric, own_verdict, verdict_by_definition from marts.claim_verdicts
        where id in ('or-7-of-20', 'synthetic-or-top20-0810-partly', 'or-cn-passes-us') order by id`),
    ).toEqual([
      {
        id: 'or-7-of-20',
        verdict: 'differs',
        metric: 'or_models_in_top_20',
        deciding_definition: "Models in OpenRouter's weekly top 20",
        own_metric: 'or_models_in_top_20',
        own_verdict: 'differs',
        verdict_by_definition:
          "Models in OpenRouter's weekly top 20: CN 5 (the week of 2025-11-17, the closest of 4 complete weeks in the period) (differs); Model families in OpenRouter's weekly top 20: CN 5 (the week of 2025-11-24, the closest of 4 complete weeks in the period) (differs)",
      },
      {
        id: 'or-cn-passes-us',
        verdict: 'differs',
        metric: 'or_total_tokens',
        deciding_definition: 'Tokens on OpenRouter',
        own_metric: 'or_total_tokens',
        own_verdict: 'differs',
        // python3: CN 5.456T vs US 6.510T in the week of 2026-02-09 (3.053T vs 5.792T the week before): no crossing
        verdict_by_definition: 'Tokens on OpenRouter: CN vs US by week: 2026-02-09: 5.456T vs 6.510T (differs)',
      },
      {
        id: 'synthetic-or-top20-0810-partly',
        verdict: 'partly',
        metric: 'or_models_in_top_20',
        deciding_definition: "Models in OpenRouter's weekly top 20",
        own_metric: 'or_models_in_top_20',
        own_verdict: 'matches',
        verdict_by_definition:
          "Models in OpenRouter's weekly top 20: CN 9 (the week of 2026-08-10, the only complete week in the period) (matches); Model families in OpenRouter's weekly top 20: CN 8 (the week of 2026-08-10, the only complete week in the period) (differs)",
      },
    ]);
  });

  it("claim_verdicts keeps each claim's own text and source exactly as in seeds/claims.csv", async () => {
    const seed = parse(fs.readFileSync(path.join(TRANSFORM_DIR, 'seeds', 'claims.csv'), 'utf8'), {
      columns: true,
    }) as Array<Record<string, string>>;
    const rows = await db.json(
      `select id, claim, channel, period, claim_value, source, source_kind, note from marts.claim_verdicts
       where source_kind <> 'synthetic' order by id`,
    );
    expect(rows).toEqual(
      seed
        .map((r) => ({
          id: r.id,
          claim: r.claim,
          channel: r.channel,
          period: r.period,
          claim_value: r.value,
          source: r.source,
          source_kind: r.source_kind,
          note: r.note || null,
        }))
        .sort((a, b) => a.id!.localeCompare(b.id!)),
    );
  });

  it('claim_verdicts.query, pasted as is, reproduces our value and weeks covered', async () => {
    const claims = await db.json<{
      id: string;
      query: string | null;
      aggregate: string | null;
      our_value: number | null;
      our_value_low: number | null;
      our_value_high: number | null;
      our_compare_value: number | null;
      weeks_covered: number;
      week_used: string | null;
    }>(
      'select id, query, aggregate, our_value, our_value_low, our_value_high, our_compare_value, weeks_covered, week_used from marts.claim_verdicts order by id',
    );
    expect(claims.filter((c) => c.query === null).map((c) => c.id)).toEqual([]);
    for (const claim of claims.filter((c) => c.query !== null)) {
      const [found] = await db.json(claim.query!);
      // count(*) is a BIGINT: db.json() gives it as text
      const row = found && { ...found, weeks_covered: Number(found.weeks_covered) };
      const expected: Record<string, unknown> = {};
      if (claim.weeks_covered > 0 && !(claim.aggregate === 'crossing' && claim.week_used === null)) {
        if ('our_value' in (row ?? {})) expected.our_value = claim.our_value;
        if ('our_value_low' in (row ?? {}))
          Object.assign(expected, { our_value_low: claim.our_value_low, our_value_high: claim.our_value_high });
        if ('our_compare_value' in (row ?? {})) expected.our_compare_value = claim.our_compare_value;
        if ('week_start' in (row ?? {})) expected.week_start = claim.week_used;
        expected.weeks_covered = claim.weeks_covered;
        expect(rounded({ id: claim.id, ...row })).toEqual(rounded({ id: claim.id, ...expected }));
      } else if (['max', 'min', 'avg'].includes(claim.aggregate!.replace(/^ratio_/, ''))) {
        // an aggregate over no week: one row of NULLs and a count of 0
        expect(row?.weeks_covered).toBe(claim.weeks_covered);
      } else {
        // last / any_week / crossing with no week to show: no row
        expect({ id: claim.id, row }).toEqual({ id: claim.id, row: undefined });
      }
    }
  });

  it('claim_verdicts: the generated SQL of a band average and of a crossing', async () => {
    const rows = await db.json(
      `select id, query from marts.claim_verdicts where id in ('synthetic-or-share-avg-july', 'synthetic-hf-us-passes-cn-july') order by id`,
    );
    expect(rows).toEqual([
      {
        id: 'synthetic-hf-us-passes-cn-july',
        query:
          "select s.week_start, s.value as our_value, c.value as our_compare_value, count(*) over () as weeks_covered from marts.weekly_metrics as s inner join marts.weekly_metrics as c on c.week_start = s.week_start and c.metric = s.metric and c.organisation is null and c.origin_country = 'CN' where s.metric = 'hf_tracked_llm_lineage_downloads_30d_share' and s.organisation is null and s.origin_country = 'US' and s.is_complete_week and s.week_start >= date '2026-07-06' and s.week_start + 6 <= date '2026-07-19' qualify s.previous_value <= c.previous_value and s.value > c.value order by s.week_start limit 1",
      },
      {
        id: 'synthetic-or-share-avg-july',
        query:
          "select avg(s.value_low) as our_value_low, avg(s.value_high) as our_value_high, count(*) as weeks_covered from marts.weekly_metrics as s where s.metric = 'or_token_share_all' and s.organisation is null and s.origin_country = 'CN' and s.is_complete_week and s.week_start >= date '2026-07-01' and s.week_start + 6 <= date '2026-07-31'",
      },
    ]);
  });
});

type Ranking = [date: string, permaslug: string, tokens: bigint, asOf: string];

/** SYNTHETIC OpenRouter rows (invented numbers): 21 models so one can fall out of the top 20 and keep tokens. */
function syntheticRankings(): Ranking[] {
  const rows: Ranking[] = [];
  // Week of 2026-06-01 (7 days): m01 (rank 1) .. m21 (rank 21), openai/m01..m21 except qwen/m03 and newco/m21.
  // Week of 2026-06-08 (7 days): newco/m21 jumps to rank 1, openai/m20 falls to 21, qwen/m03 falls to 6.
  const slug = (i: number) => (i === 3 ? 'qwen/m03' : i === 21 ? 'newco/m21' : `openai/m${String(i).padStart(2, '0')}`);
  for (let d = 1; d <= 14; d++) {
    const day = `2026-06-${String(d).padStart(2, '0')}`;
    const asOf = `2026-06-${String(d + 1).padStart(2, '0')} 01:00:00`;
    for (let i = 1; i <= 21; i++) {
      let tokens = BigInt((22 - i) * 100);
      if (d >= 8 && i === 21) tokens = 5000n;
      if (d >= 8 && i === 20) tokens = 50n;
      if (d >= 8 && i === 3) tokens = 1650n;
      rows.push([day, slug(i), tokens, asOf]);
    }
    rows.push([day, 'other', 1000n, asOf]);
  }
  return rows;
}

async function insertRankings(db: Database, rows: Ranking[]): Promise<void> {
  for (const [date, permaslug, tokens, asOf] of rows) {
    await db.run(
      `insert into raw.openrouter_rankings (period, category, date, model_permaslug, total_tokens, as_of, fetched_at, run_id)
       values ('day', 'all', $1::date, $2, $3, $4::timestamp, $4::timestamp, 1)`,
      [date, permaslug, tokens, asOf],
    );
  }
}

describe('insight marts on SYNTHETIC input (invented rows, for the logic only)', () => {
  let db: Database;
  let cleanups: Array<() => void> = [];

  beforeAll(async () => {
    const t = await tempDatabase();
    const root = tempDir();
    cleanups = [t.cleanup, root.cleanup];
    db = t.db;
    await insertRankings(db, syntheticRankings());
    // Two Hub snapshots of one repo, the later one with the Hub's createdAt (is_synthetic: the values are invented).
    for (const [day, created] of [
      ['2026-06-06', null],
      ['2026-06-07', '2026-06-05 10:00:00'],
    ] as const) {
      await db.run(
        `insert into raw.hf_model_snapshots
             (day, snapshot_at, model_id, downloads_30d, created_at, pipeline_tag, top_rank, tracked_org, lineage_only, is_synthetic, run_id)
         values ($1::date, ($1 || ' 23:00:00')::timestamp, 'Qwen/Synthetic-1B', 1000, $2::timestamp, 'text-generation', 1, true, false, true, 1)`,
        [day, created],
      );
    }
    // A second repo, outside the top N on its first day (top_rank NULL) and ranked 2 the next day.
    for (const [day, rank] of [
      ['2026-06-06', null],
      ['2026-06-07', 2],
    ] as const) {
      await db.run(
        `insert into raw.hf_model_snapshots
             (day, snapshot_at, model_id, downloads_30d, pipeline_tag, top_rank, tracked_org, lineage_only, is_synthetic, run_id)
         values ($1::date, ($1 || ' 23:00:00')::timestamp, 'Qwen/Synthetic-Late', 10, 'text-generation', $2::integer, true, false, true, 1)`,
        [day, rank],
      );
    }
    await runTransform(db, { root: transformRoot(root.dir), now: BUILT_AT });
  });
  afterAll(() => cleanups.forEach((c) => c()));

  it('openrouter_weekly_top_changes: an entrant from outside the top 20, an exit that still has tokens beyond it, movers', async () => {
    const counts = await db.json(
      `select coalesce(status, 'none') as status, count(*)::integer as n from marts.openrouter_weekly_top_changes
       where week_start = '2026-06-08' group by all order by all`,
    );
    // Week 1 sums: openai/mNN and qwen/m03 at 7 x (22 - NN) x 100, so ranks follow NN; newco/m21 is 21st.
    // Week 2: newco/m21 7 x 5000 (rank 1), qwen/m03 7 x 1650 (rank 6), openai/m20 7 x 50 (rank 21); m06..m19 move down one.
    expect(counts).toEqual([
      { status: 'down', n: 17 },
      { status: 'exit', n: 1 },
      { status: 'new', n: 1 },
      { status: 'same', n: 2 },
    ]);
    const rows = await db.json(
      `select model_permaslug, organisation, origin_country, status, rank, previous_rank, rank_change, total_tokens, previous_total_tokens
       from marts.openrouter_weekly_top_changes
       where week_start = '2026-06-08' and model_permaslug in ('newco/m21', 'qwen/m03', 'openai/m04', 'openai/m20')
       order by rank nulls last`,
    );
    expect(rows).toEqual([
      {
        model_permaslug: 'newco/m21',
        organisation: null,
        origin_country: 'UNKNOWN',
        status: 'new',
        rank: 1,
        previous_rank: null,
        rank_change: null,
        total_tokens: '35000',
        previous_total_tokens: null,
      },
      {
        model_permaslug: 'openai/m04',
        organisation: 'OpenAI',
        origin_country: 'US',
        status: 'same',
        rank: 4,
        previous_rank: 4,
        rank_change: 0,
        total_tokens: '12600',
        previous_total_tokens: '12600',
      },
      {
        model_permaslug: 'qwen/m03',
        organisation: 'Alibaba',
        origin_country: 'CN',
        status: 'down',
        rank: 6,
        previous_rank: 3,
        rank_change: -3,
        total_tokens: '11550',
        previous_total_tokens: '13300',
      },
      {
        model_permaslug: 'openai/m20',
        organisation: 'OpenAI',
        origin_country: 'US',
        status: 'exit',
        rank: null,
        previous_rank: 20,
        rank_change: null,
        total_tokens: '350',
        previous_total_tokens: '1400',
      },
    ]);
  });

  it('weekly_changes: the entrant, the exit and the three biggest losses (ties to the better current rank); no gains', async () => {
    const rows = await db.json(
      `select kind, subject, value_before, value_after, detail from marts.weekly_changes
       where week_start = '2026-06-08' order by kind, value_after`,
    );
    expect(rows).toEqual([
      {
        kind: 'entrant',
        subject: 'newco/m21',
        value_before: null,
        value_after: 1,
        detail: "newco/m21 (UNKNOWN) entered OpenRouter's weekly top 20 at rank 1 in the week of 2026-06-08.",
      },
      {
        kind: 'exit',
        subject: 'openai/m20',
        value_before: 20,
        value_after: null,
        detail:
          "openai/m20 (US, OpenAI) left OpenRouter's weekly top 20 in the week of 2026-06-08; it was rank 20 the week before.",
      },
      {
        kind: 'mover',
        subject: 'openai/m01',
        value_before: 1,
        value_after: 2,
        detail:
          "openai/m01 (US, OpenAI) fell from rank 1 to rank 2 in OpenRouter's weekly top 20 in the week of 2026-06-08.",
      },
      {
        kind: 'mover',
        subject: 'openai/m02',
        value_before: 2,
        value_after: 3,
        detail:
          "openai/m02 (US, OpenAI) fell from rank 2 to rank 3 in OpenRouter's weekly top 20 in the week of 2026-06-08.",
      },
      {
        kind: 'mover',
        subject: 'qwen/m03',
        value_before: 3,
        value_after: 6,
        detail:
          "qwen/m03 (CN, Alibaba) fell from rank 3 to rank 6 in OpenRouter's weekly top 20 in the week of 2026-06-08.",
      },
    ]);
  });

  it("openrouter_weekly_developer_tokens: an author the registry lacks is the 'UNKNOWN' organisation, ranked with the rest", async () => {
    const rows = await db.json(
      `select organisation, origin_country, rank, models, total_tokens, token_share_top50
       from marts.openrouter_weekly_developer_tokens where week_start = '2026-06-08' order by rank`,
    );
    // OpenAI: 700 x (sum of 22 - i for i in 1..19 except 3 = 209) + 350 = 146650; all named: 193200.
    expect(rows).toEqual([
      {
        organisation: 'OpenAI',
        origin_country: 'US',
        rank: 1,
        models: 19,
        total_tokens: '146650',
        token_share_top50: 146650 / 193200,
      },
      {
        organisation: 'UNKNOWN',
        origin_country: 'UNKNOWN',
        rank: 2,
        models: 1,
        total_tokens: '35000',
        token_share_top50: 35000 / 193200,
      },
      {
        organisation: 'Alibaba',
        origin_country: 'CN',
        rank: 3,
        models: 1,
        total_tokens: '11550',
        token_share_top50: 11550 / 193200,
      },
    ]);
  });

  it('model_first_seen: the Hub creation time from the snapshot that reports it; the first day of data is left-censored; the rank of the first day, NULL outside the top N', async () => {
    const rows = await db.json(
      `select * from marts.model_first_seen where channel = 'huggingface' or model_id in ('newco/m21', 'openai/m01')
       order by channel, model_id`,
    );
    expect(rows).toEqual([
      {
        channel: 'huggingface',
        model_id: 'Qwen/Synthetic-1B',
        first_seen_day: '2026-06-06',
        first_seen_week_start: '2026-06-01',
        first_seen_rank: 1,
        first_ranked_day: '2026-06-06',
        hub_created_at: '2026-06-05 10:00:00',
        organisation: 'Alibaba',
        origin_country: 'CN',
        is_left_censored: true,
        as_of: '2026-06-07 23:00:00',
      },
      {
        channel: 'huggingface',
        model_id: 'Qwen/Synthetic-Late',
        first_seen_day: '2026-06-06',
        first_seen_week_start: '2026-06-01',
        first_seen_rank: null,
        first_ranked_day: '2026-06-07',
        hub_created_at: null,
        organisation: 'Alibaba',
        origin_country: 'CN',
        is_left_censored: true,
        as_of: '2026-06-07 23:00:00',
      },
      {
        channel: 'openrouter',
        model_id: 'newco/m21',
        first_seen_day: '2026-06-01',
        first_seen_week_start: '2026-06-01',
        first_seen_rank: 21,
        first_ranked_day: '2026-06-01',
        hub_created_at: null,
        organisation: null,
        origin_country: 'UNKNOWN',
        is_left_censored: true,
        as_of: '2026-06-15 01:00:00',
      },
      {
        channel: 'openrouter',
        model_id: 'openai/m01',
        first_seen_day: '2026-06-01',
        first_seen_week_start: '2026-06-01',
        first_seen_rank: 1,
        first_ranked_day: '2026-06-01',
        hub_created_at: null,
        organisation: 'OpenAI',
        origin_country: 'US',
        is_left_censored: true,
        as_of: '2026-06-15 01:00:00',
      },
    ]);
  });
});

describe('claims and metric definitions are data: bad entries fail the transform by name', () => {
  let t: Awaited<ReturnType<typeof tempDatabase>>;
  let root: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    t = await tempDatabase();
    root = tempDir();
    transformRoot(root.dir);
    await runTransform(t.db, { root: root.dir, now: BUILT_AT });
  });
  afterAll(() => {
    t.cleanup();
    root.cleanup();
  });

  it('on an empty database every claim is "no data for that period" (or not testable), never a guess', async () => {
    expect(await t.db.json('select count(*)::integer as n from marts.weekly_metrics')).toEqual([{ n: 0 }]);
    expect(await t.db.json('select count(*)::integer as n from marts.weekly_changes')).toEqual([{ n: 0 }]);
    const rows = await t.db.json(
      'select id, verdict, our_value, weeks_covered, as_of from marts.claim_verdicts order by id',
    );
    const none = { verdict: 'no data for that period', our_value: null, weeks_covered: 0, as_of: null };
    expect(rows).toEqual([
      { id: 'a16z-cn-share-avg2025', ...none },
      { id: 'a16z-cn-share-late2024', ...none },
      { id: 'a16z-cn-share-peak2025', ...none },
      { id: 'atom-2026-03', ...none },
      { id: 'atom-crossover', ...none },
      { id: 'deepseek-40x', ...none },
      { id: 'eoi-hf-share', ...none },
      { id: 'hf-540m', ...none },
      { id: 'or-4-of-top10-programming', ...none },
      { id: 'or-7-of-20', ...none },
      { id: 'or-cn-passes-us', ...none },
      { id: 'or-week-2026-05-24', ...none },
      { id: 'qwen-700m', ...none },
      { id: 'qwen-passes-llama', ...none },
    ]);
  });

  it('a claim with an unknown metric, an impossible date and a non-numeric tolerance fails claims_values; the previous verdicts keep serving', async () => {
    const bad = fs.mkdtempSync(path.join(root.dir, 'bad-claims-'));
    transformRoot(
      bad,
      'bad-metric,"SYNTHETIC bad claim",openrouter,2025,7,test,synthetic,,or_models_in_top_99,CN,,,,2025-11-01,2025-11-30,max,approx,7,,0,,,,\n' +
        'bad-period,"SYNTHETIC bad claim",openrouter,2025,7,test,synthetic,,or_models_in_top_20,CN,,,,2025-11-31,2025-11-30,max,approx,7,,about 1,,,,\n',
    );
    await expect(runTransform(t.db, { root: bad, now: BUILT_AT })).rejects.toThrow(
      new TransformError(
        'checks failed: claims_values (3 rows, e.g. {"id":"bad-metric","problem":"unknown metric or_models_in_top_99 (see seeds/metric_definitions.csv)"})',
      ),
    );
    expect(await t.db.json('select count(*)::integer as n from marts.claim_verdicts')).toEqual([{ n: 14 }]);
  });

  it('claims_values lists every problem of a bad claim, one row each', async () => {
    const line =
      'bad-compare,"SYNTHETIC bad claim",openrouter,2025,7,test,synthetic,,or_token_share_all,CN,,US,Meta,2025-11-30,2025-11-01,crossing,roughly,,0.1,-1,,,,\n';
    const bad = fs.mkdtempSync(path.join(root.dir, 'bad-claims-'));
    transformRoot(bad, line);
    await expect(runTransform(t.db, { root: bad, now: BUILT_AT })).rejects.toThrow(
      'checks failed: claims_values (6 rows, e.g. {"id":"bad-compare","problem":"comparison must be approx or at_least, got roughly"})',
    );
    // The same check as a warning, over the seeds and staging only, so the transform completes and reports every row.
    const listing = fs.mkdtempSync(path.join(root.dir, 'listing-'));
    for (const dir of ['seeds', 'staging', 'checks']) fs.mkdirSync(path.join(listing, dir));
    for (const file of ['claims.csv', 'metric_definitions.csv'])
      fs.copyFileSync(path.join(bad, 'seeds', file), path.join(listing, 'seeds', file));
    for (const file of ['stg_claims.sql', 'stg_metric_definitions.sql'])
      fs.copyFileSync(path.join(bad, 'staging', file), path.join(listing, 'staging', file));
    fs.writeFileSync(
      path.join(listing, 'checks', 'claims_values.sql'),
      `-- severity: warn\n${fs.readFileSync(path.join(TRANSFORM_DIR, 'checks', 'claims_values.sql'), 'utf8')}`,
    );
    const t2 = await tempDatabase();
    try {
      const result = await runTransform(t2.db, { root: listing, now: BUILT_AT });
      expect(result.checks).toEqual([
        {
          name: 'claims_values',
          severity: 'warn',
          failures: 6,
          sample: [
            { id: 'bad-compare', problem: 'comparison must be approx or at_least, got roughly' },
            {
              id: 'bad-compare',
              problem: 'metric or_token_share_all is a band: it cannot be compared with another subject or crossed',
            },
            { id: 'bad-compare', problem: 'metric or_token_share_all is per origin: compare with compare_origin' },
            { id: 'bad-compare', problem: 'period_end is before period_start' },
            { id: 'bad-compare', problem: 'set one of compare_origin and compare_organisation, not both' },
            { id: 'bad-compare', problem: 'tolerance must be a number >= 0, got -1' },
          ],
        },
      ]);
    } finally {
      t2.cleanup();
    }
  });

  it('a ratio claim without a compare subject, or with a compare value, or a ratio crossing fails claims_values by id', async () => {
    const lines =
      [
        'bad-ratio-alone,"SYNTHETIC bad ratio claim",openrouter,2025,40x,test,synthetic,,or_org_price_completion_per_mtok,,OpenAI,,,2025-01-01,2025-12-31,ratio_max,approx,40,,5,,,,',
        'bad-ratio-compare,"SYNTHETIC bad ratio claim",openrouter,2025,40x,test,synthetic,,or_org_price_completion_per_mtok,,OpenAI,,DeepSeek,2025-01-01,2025-12-31,ratio_max,approx,40,1,5,,,,',
        'bad-ratio-crossing,"SYNTHETIC bad ratio claim",openrouter,2025,40x,test,synthetic,,or_org_price_completion_per_mtok,,OpenAI,,DeepSeek,2025-01-01,2025-12-31,ratio_crossing,approx,40,,5,,,,',
      ].join('\n') + '\n';
    const bad = fs.mkdtempSync(path.join(root.dir, 'bad-ratio-'));
    transformRoot(bad, lines);
    await expect(runTransform(t.db, { root: bad, now: BUILT_AT })).rejects.toThrow(
      'checks failed: claims_values (3 rows, e.g. {"id":"bad-ratio-alone","problem":"a ratio_ aggregate needs compare_origin or compare_organisation and no compare_expected_value"})',
    );
  });

  it('a metric the SQL produces without a definition row fails weekly_metrics_definitions by metric id', async () => {
    const bad = fs.mkdtempSync(path.join(root.dir, 'no-definition-'));
    transformRoot(bad);
    const file = path.join(bad, 'seeds', 'metric_definitions.csv');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('or_models_in_top_50,'))
        .join('\n'),
    );
    const t2 = await tempDatabase();
    try {
      await insertRankings(t2.db, syntheticRankings());
      await expect(runTransform(t2.db, { root: bad, now: BUILT_AT })).rejects.toThrow(
        new TransformError(
          'checks failed: weekly_metrics_definitions (1 rows, e.g. {"metric":"or_models_in_top_50","channel":"openrouter"})',
        ),
      );
    } finally {
      t2.cleanup();
    }
  });

  it('a definition with an unknown unit fails metric_definitions_values', async () => {
    const bad = fs.mkdtempSync(path.join(root.dir, 'bad-unit-'));
    transformRoot(bad);
    const file = path.join(bad, 'seeds', 'metric_definitions.csv');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('or_total_tokens,openrouter,tokens,', 'or_total_tokens,openrouter,tokenz,'),
    );
    await expect(runTransform(t.db, { root: bad, now: BUILT_AT })).rejects.toThrow(
      new TransformError(
        'checks failed: metric_definitions_values (1 rows, e.g. {"metric":"or_total_tokens","problem":"unit must be count, share, tokens, downloads or usd_per_mtok"})',
      ),
    );
  });
});
