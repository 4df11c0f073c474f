/**
 * SYNTHETIC mart rows for the dashboard tests: invented numbers with the real marts' columns and types.
 * None of these figures is OpenRouter's or Hugging Face's data.
 */
import type { Database } from '../../db/connection.ts';

export const ORIGIN_SHARE_HEADER = [
  'openrouter_weekly_origin_share: synthetic test header',
  'grain: one row per week_start x category x origin_country',
  'units: shares are fractions in [0, 1]',
  'definition: token_share_top50 = origin tokens / named tokens (über-synthetic, 100% made up)',
].join('\n');

export const TOP_MODELS_HEADER =
  'openrouter_weekly_top_models: synthetic test header\ngrain: one row per week x category x model';

const ORIGIN_SHARE_COLUMNS = `week_start, category, origin_country, models_in_top_10, models_in_top_20, models_in_top_50,
  total_tokens, token_share_top50, token_share_all_low, token_share_all_high, is_complete_week, as_of`;

const ORIGIN_SHARE_TYPES = `
  week_start::date as week_start, category::varchar as category, origin_country::varchar as origin_country,
  models_in_top_10::integer as models_in_top_10, models_in_top_20::integer as models_in_top_20,
  models_in_top_50::integer as models_in_top_50, total_tokens::bigint as total_tokens,
  token_share_top50::double as token_share_top50, token_share_all_low::double as token_share_all_low,
  token_share_all_high::double as token_share_all_high, is_complete_week::boolean as is_complete_week,
  as_of::timestamp as as_of`;

// Four 'all' weeks, the last incomplete; one 'programming' row; CN, US and UNKNOWN origins.
const ORIGIN_SHARE_ROWS = `
  ('2026-04-06', 'all', 'CN', 3, 6, 14, 1200000000000, 0.30, 0.25, 0.40, true, '2026-04-14 02:00:00'),
  ('2026-04-06', 'all', 'US', 6, 12, 30, 2600000000000, 0.65, 0.55, 0.70, true, '2026-04-14 02:00:00'),
  ('2026-04-06', 'all', 'UNKNOWN', 1, 2, 6, 200000000000, 0.05, 0.04, 0.19, true, '2026-04-14 02:00:00'),
  ('2026-04-13', 'all', 'CN', 4, 7, 15, 1400000000000, 0.32, 0.27, 0.41, true, '2026-04-21 02:00:00'),
  ('2026-04-13', 'all', 'US', 5, 11, 29, 2700000000000, 0.62, 0.53, 0.68, true, '2026-04-21 02:00:00'),
  ('2026-04-20', 'all', 'CN', 4, 8, 16, 1600000000000, 0.35, 0.30, 0.44, true, '2026-04-28 02:00:00'),
  ('2026-04-20', 'all', 'US', 5, 10, 28, 2800000000000, 0.61, 0.52, 0.66, true, '2026-04-28 02:00:00'),
  ('2026-04-27', 'all', 'CN', 5, 9, 17, 300000000000, 0.38, 0.33, 0.47, false, '2026-04-29 02:00:00'),
  ('2026-04-27', 'all', 'US', 4, 9, 27, 450000000000, 0.57, 0.48, 0.62, false, '2026-04-29 02:00:00'),
  ('2026-04-20', 'programming', 'CN', 2, 5, 11, 500000000000, 0.28, null, null, true, '2026-04-28 02:00:00')`;

const TOP_MODELS_TYPES = `
  week_start::date as week_start, category::varchar as category, rank::integer as rank,
  model_permaslug::varchar as model_permaslug, author::varchar as author, organisation::varchar as organisation,
  origin_country::varchar as origin_country, total_tokens::bigint as total_tokens,
  days_in_week::integer as days_in_week, as_of::timestamp as as_of`;

// The latest complete week (2026-04-20) has ranks 1-4 and 21 (which the top-20 table must leave out).
const TOP_MODELS_ROWS = `
  ('2026-04-13', 'all', 1, 'anthropic/claude-sonnet-4', 'anthropic', 'Anthropic', 'US', 900000000000, 7, '2026-04-21 02:00:00'),
  ('2026-04-20', 'all', 1, 'anthropic/claude-sonnet-4', 'anthropic', 'Anthropic', 'US', 950000000000, 7, '2026-04-28 02:00:00'),
  ('2026-04-20', 'all', 2, 'deepseek/deepseek-v3.2', 'deepseek', 'DeepSeek', 'CN', 610000000000, 7, '2026-04-28 02:00:00'),
  ('2026-04-20', 'all', 3, 'qwen/qwen3-coder:free', 'qwen', 'Alibaba', 'CN', 480500000000, 7, '2026-04-28 02:00:00'),
  ('2026-04-20', 'all', 4, 'stealth/mystery-model', 'stealth', null, 'UNKNOWN', 12345678, 7, '2026-04-28 02:00:00'),
  ('2026-04-20', 'all', 21, 'mistralai/mistral-small', 'mistralai', 'Mistral', 'FR', 1000000, 7, '2026-04-28 02:00:00'),
  ('2026-04-27', 'all', 1, 'z-ai/glm-5', 'z-ai', 'Zhipu', 'CN', 200000000000, 2, '2026-04-29 02:00:00'),
  ('2026-04-20', 'programming', 1, 'qwen/qwen3-coder:free', 'qwen', 'Alibaba', 'CN', 90000000000, null, '2026-04-28 02:00:00')`;

async function createMetaMarts(db: Database, rows: Array<[string, string]>): Promise<void> {
  await db.run(
    'create or replace table meta.marts (name varchar, header varchar, row_count integer, built_at timestamp)',
  );
  for (const [name, header] of rows) {
    await db.run("insert into meta.marts values ($1, $2, 0, '2026-04-29 03:00:00')", [name, header]);
  }
}

/** The two OpenRouter marts with synthetic rows, and their meta.marts headers. */
export async function createSyntheticMarts(db: Database): Promise<void> {
  await db.run('create schema if not exists marts');
  await db.run(
    `create or replace table marts.openrouter_weekly_origin_share as
     select ${ORIGIN_SHARE_TYPES} from (values ${ORIGIN_SHARE_ROWS}) t(${ORIGIN_SHARE_COLUMNS})`,
  );
  await db.run(
    `create or replace table marts.openrouter_weekly_top_models as
     select ${TOP_MODELS_TYPES} from (values ${TOP_MODELS_ROWS})
     t(week_start, category, rank, model_permaslug, author, organisation, origin_country, total_tokens, days_in_week, as_of)`,
  );
  await createMetaMarts(db, [
    ['openrouter_weekly_origin_share', ORIGIN_SHARE_HEADER],
    ['openrouter_weekly_top_models', TOP_MODELS_HEADER],
  ]);
}

/** The two OpenRouter marts built but holding no rows: a fresh install before any data. */
export async function createEmptyMarts(db: Database): Promise<void> {
  await createSyntheticMarts(db);
  await db.run('delete from marts.openrouter_weekly_origin_share');
  await db.run('delete from marts.openrouter_weekly_top_models');
}
