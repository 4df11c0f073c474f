/**
 * The SQL page's example queries, the headline numbers first. They name the marts as `marts.<name>`, so each runs
 * unchanged with `adoption-tracker sql` and on the published DuckDB file (test/dashboard/sql-examples.test.ts runs
 * them all against freshly built marts).
 */

export interface Example {
  id: string;
  title: string;
  description: string;
  /** The marts it reads: it is offered only when they are built. */
  uses: readonly string[];
  sql: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'cn-top20',
    title: 'Chinese models in OpenRouter’s weekly top 20',
    description: 'How many of the 20 models with the most tokens each week are built in China (newest week first).',
    uses: ['openrouter_weekly_origin_share'],
    sql: `-- Chinese models among the 20 with the most tokens each week on OpenRouter (category all).
-- A week with is_complete_week = false has fewer than 7 days of data.
select week_start, models_in_top_20, is_complete_week, as_of
from marts.openrouter_weekly_origin_share
where category = 'all' and origin_country = 'CN'
order by week_start desc`,
  },
  {
    id: 'cn-token-share',
    title: 'Chinese share of OpenRouter’s tokens',
    description:
      'Share of the named (top-50) models’ tokens, and of all tokens as a range (the “other” bucket counted as not Chinese, then as Chinese).',
    uses: ['openrouter_weekly_origin_share'],
    sql: `-- token_share_top50: Chinese models' tokens / all named models' tokens that week.
-- token_share_all_low / _high: share of all tokens, counting the 'other' bucket as not Chinese / as Chinese.
select week_start, token_share_top50, token_share_all_low, token_share_all_high, is_complete_week
from marts.openrouter_weekly_origin_share
where category = 'all' and origin_country = 'CN'
order by week_start desc`,
  },
  {
    id: 'origins-latest',
    title: 'Every origin in the latest complete week',
    description: 'Models in the top 20 and tokens per country of origin (UNKNOWN is its own origin).',
    uses: ['openrouter_weekly_origin_share'],
    sql: `select origin_country, models_in_top_20, total_tokens, token_share_top50
from marts.openrouter_weekly_origin_share
where category = 'all'
  and week_start = (
      select max(week_start) from marts.openrouter_weekly_origin_share
      where category = 'all' and is_complete_week
  )
order by total_tokens desc`,
  },
  {
    id: 'top20-latest',
    title: 'The top 20 of the latest complete week',
    description: 'OpenRouter’s 20 models with the most tokens, with developer and origin.',
    uses: ['openrouter_weekly_top_models'],
    sql: `select rank, model_permaslug, organisation, origin_country, total_tokens
from marts.openrouter_weekly_top_models
where category = 'all' and rank <= 20
  and week_start = (
      select max(week_start) from marts.openrouter_weekly_top_models
      where category = 'all' and days_in_week = 7
  )
order by rank`,
  },
  {
    id: 'headlines',
    title: 'Every headline number, Chinese origin',
    description: 'The dashboard’s headline cards for the latest complete week of each metric.',
    uses: ['weekly_metrics', 'metric_definitions'],
    sql: `select d.headline_order, d.label, m.week_start, m.value, m.value_low, m.value_high
from marts.metric_definitions as d
join marts.weekly_metrics as m
    on m.metric = d.metric and m.week_start = d.last_complete_week_start
where d.headline_order is not null
  and m.organisation is null
  and m.origin_country = case when d.breakdown = 'channel' then 'ALL' else 'CN' end
order by d.headline_order`,
  },
  {
    id: 'hf-llm-share',
    title: 'Chinese share of Hugging Face LLM downloads',
    description: '30-day downloads of tracked language models, credited to the developer of the base model (lineage).',
    uses: ['weekly_metrics'],
    sql: `select week_start, value as downloads_30d_share, is_complete_week
from marts.weekly_metrics
where metric = 'hf_tracked_llm_lineage_downloads_30d_share' and origin_country = 'CN'
order by week_start desc`,
  },
  {
    id: 'columns',
    title: 'Tables and their columns',
    description: 'Every table you can query, with its columns and types.',
    uses: [],
    sql: `select table_name, column_name, data_type
from information_schema.columns
where table_schema = 'marts'
order by table_name, ordinal_position`,
  },
];
