/**
 * The page's words for people: each headline metric's label and definition in plain sentences (the SQL header of
 * its table stays one click away as the precise version), each chart table's column names, and yes/no for flags.
 * Metric ids are parsed by their grammar (seeds/metric_definitions.csv); an id this does not know keeps the
 * label and definition the data gives.
 */

const CHINA = 'developers based in China';

interface HfParts {
  kind: 'top30' | 'top1000' | 'tracked';
  scope: 'llm' | 'all';
  attribution: 'uploader' | 'lineage';
  measure: 'downloads_30d_share' | 'downloads_all_time';
}

const HF_METRIC = /^hf_(top30|top1000|tracked)_(llm|all)_(uploader|lineage)_(downloads_30d_share|downloads_all_time)$/;

function hfParts(metric: string): HfParts | null {
  const m = HF_METRIC.exec(metric);
  return m
    ? {
        kind: m[1] as HfParts['kind'],
        scope: m[2] as HfParts['scope'],
        attribution: m[3] as HfParts['attribution'],
        measure: m[4] as HfParts['measure'],
      }
    : null;
}

const HF_SET: Record<HfParts['kind'], string> = {
  top30: 'the 30 most downloaded models on the Hugging Face Hub',
  top1000: 'the 1,000 most downloaded models on the Hugging Face Hub',
  tracked: 'every Hugging Face model we track (the listed developers’ models plus the Hub’s most downloaded)',
};

export const SCOPE_WORDS: Record<HfParts['scope'], string> = {
  llm: 'language models only (text generation and chat; embeddings and image models left out)',
  all: 'all models, embeddings and image models included',
};

export const ATTRIBUTION_WORDS: Record<HfParts['attribution'], string> = {
  uploader: 'each model counts for the country of the organisation that uploaded it',
  lineage: 'a fine-tune, quantisation or re-upload counts for the country of the developer of the model it is built on',
};

/** The card's title: what the number is, with its scope and attribution in words. */
export function metricLabel(metric: string, fallback: string): string {
  const top = /^or_models_in_top_(\d+)$/.exec(metric);
  if (top) return `Chinese models in OpenRouter’s weekly top ${top[1]}`;
  if (metric === 'or_token_share_top50') return 'Chinese share of OpenRouter tokens (named models)';
  if (metric === 'or_token_share_all') return 'Chinese share of all OpenRouter tokens (range)';
  const hf = hfParts(metric);
  if (!hf) return fallback;
  const set =
    hf.kind === 'tracked'
      ? 'tracked Hugging Face models'
      : `the Hugging Face top ${hf.kind === 'top30' ? '30' : '1,000'}`;
  const scope = hf.scope === 'llm' ? 'language models' : 'all models';
  const by = hf.attribution === 'uploader' ? 'by uploader' : 'by lineage';
  return hf.measure === 'downloads_all_time'
    ? `All-time downloads of Chinese models, ${set} (${scope}, ${by})`
    : `Chinese share of downloads, ${set} (${scope}, ${by})`;
}

/** The full definition in words, for a person reading the card. */
export function metricDefinition(metric: string, fallback: string): string {
  const top = /^or_models_in_top_(\d+)$/.exec(metric);
  if (top) {
    return `How many of the ${top[1]} models with the most tokens on OpenRouter that week are made by ${CHINA}. Tokens are prompt plus completion, summed Monday to Sunday (UTC); a variant such as a “:free” model counts as a model of its own.`;
  }
  if (metric === 'or_token_share_top50') {
    return `The share of ${CHINA} in the tokens of every model OpenRouter names in its daily top 50, that week. The tokens of all other models, which OpenRouter reports only as one total, are left out.`;
  }
  if (metric === 'or_token_share_all') {
    return `The share of ${CHINA} in all tokens on OpenRouter that week. The models outside the daily top 50 are reported only as one total of unknown origin, so this is a range: low if none of it is Chinese, high if all of it is.`;
  }
  const hf = hfParts(metric);
  if (!hf) return fallback;
  const what =
    hf.measure === 'downloads_all_time'
      ? `All-time downloads of the models by ${CHINA} among ${HF_SET[hf.kind]}, summed over the models whose all-time count the Hub reports`
      : `The share of ${CHINA} in the downloads of the last 30 days of ${HF_SET[hf.kind]}`;
  return `${what}; ${SCOPE_WORDS[hf.scope]}; ${ATTRIBUTION_WORDS[hf.attribution]}. Read on the last daily snapshot of each week.`;
}

const COLUMNS: Record<string, string> = {
  week_start: 'Week of',
  day: 'Day',
  channel: 'Channel',
  metric: 'Measure',
  origin_country: 'Origin',
  origin_group: 'Origin group',
  origin_countries: 'Countries in the group',
  value: 'Value',
  is_complete_week: 'Whole week?',
  as_of: 'As of (UTC)',
  top_n: 'Top N',
  models_in_top_n: 'Models in the top N',
  token_share_top50: 'Share of named models’ tokens',
  token_share_all_low: 'Share of all tokens, low',
  token_share_all_high: 'Share of all tokens, high',
  status: 'Change',
  rank: 'Rank',
  previous_rank: 'Rank the week before',
  rank_change: 'Places moved',
  model_permaslug: 'Model (OpenRouter id)',
  model_id: 'Model (Hub id)',
  organisation: 'Developer',
  total_tokens: 'Tokens',
  previous_total_tokens: 'Tokens the week before',
  scope: 'Scope',
  attribution: 'Attribution',
  models: 'Models',
  downloads_30d: '30-day downloads',
  downloads_30d_share: 'Share of 30-day downloads',
  snapshot_day: 'Snapshot day',
  models_with_all_time: 'Models with an all-time count',
  downloads_all_time: 'All-time downloads',
  days_in_week: 'Days of data',
};

export function columnLabel(column: string): string {
  return COLUMNS[column] ?? column.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** A table cell's text: flags as yes/no, NULL as a dash (never a zero). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return String(value);
}

/**
 * Each table's definition in words, for the "How this is measured" line under a chart; the SQL header follows it
 * as the precise version. Tables not listed show only their header.
 */
export const TABLE_WORDS: Record<string, string> = {
  openrouter_weekly_origin_share:
    'OpenRouter publishes, for every day, the 50 models with the most tokens (prompt plus completion) and one total for all the rest. We add up each model’s days Monday to Sunday (UTC), rank the models by that sum, and credit each to the country of its developer. A week with fewer than 7 days of data is a partial week.',
  openrouter_weekly_top_changes:
    'Each week’s 20 models with the most tokens on OpenRouter, with the rank each had the week before: new entries, moves and the models that left.',
  openrouter_weekly_developer_tokens:
    'The tokens of each developer’s named models on OpenRouter, per week (Monday to Sunday, UTC). A developer is an organisation in our origin registry.',
  openrouter_weekly_top_models:
    'Every named model’s tokens on OpenRouter per week (Monday to Sunday, UTC), with its rank that week.',
  hf_origin_top_n:
    'The Hub’s most downloaded models each day, by their downloads of the last 30 days, and each origin’s share of those downloads. The Hub reports a rolling 30-day count, so days are never added together.',
  hf_weekly_origin_share:
    'Every tracked Hugging Face model (the listed developers’ models plus the Hub’s most downloaded), on the last daily snapshot of each week: each origin’s share of their 30-day downloads.',
  developer_downloads:
    'The 30-day (and, where collected, all-time) downloads of each developer’s tracked Hugging Face models, on the last daily snapshot of each week.',
  weekly_metrics: 'Every headline number of both channels, week by week, with its definition.',
  weekly_changes:
    'A complete week compared with the complete week before: models that entered or left the top 20, the biggest rank moves, and crossings (one origin or developer passing another).',
  hf_top_models: 'The Hub’s most downloaded models each day, by their downloads of the last 30 days.',
  model_first_seen: 'The first day each model appears in our data, and its rank that day.',
};
