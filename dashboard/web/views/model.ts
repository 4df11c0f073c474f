/**
 * A model's page (/model?channel=openrouter|huggingface&id=...): its origin with the registry's evidence, its
 * weekly tokens (OpenRouter) or daily 30-day downloads (Hugging Face), and its rank history.
 */
import { loadMart, martUrl } from '../api.ts';
import { chartCard, type CardSpec } from '../card.ts';
import { fillKeys } from '../charts/frame.ts';
import { MultiLine, type Series } from '../charts/MultiLine.ts';
import { WeeklyLine, type WeekPoint } from '../charts/WeeklyLine.ts';
import {
  citationText,
  el,
  emptyState,
  howMeasured,
  huggingFaceCitation,
  latestAsOf,
  notice,
  openRouterCitation,
} from '../dom.ts';
import { formatDownloads, formatExact, formatLargeAxis, formatTokens } from '../format.ts';
import { daysInWeek, partialWeekWords, sourceFreshness } from '../freshness.ts';
import { modelName, upstreamName, upstreamUrl, type ModelChannel } from '../names.ts';
import { ORIGIN_COLORS, originColor, originWords } from '../palette.ts';
import type { State } from '../state.ts';
import { catalogueNames, csvComments, REGISTRY, type RegistryRow } from './shared.ts';
import type { View, ViewContext } from './types.ts';

interface WeekRow {
  week_start: string;
  rank: number;
  model_permaslug: string;
  author: string;
  organisation: string | null;
  origin_country: string | null;
  total_tokens: number | string;
  days_in_week: number | null;
  as_of: string;
}

interface DayRow {
  day: string;
  rank: number;
  model_id: string;
  author: string;
  organisation: string | null;
  pipeline_tag: string | null;
  downloads_30d: number | string | null;
  origin_country_uploader: string | null;
  origin_country_lineage: string | null;
  lineage_root_id: string | null;
  as_of: string;
}

const OR_WEEKS = 'openrouter_weekly_top_models';
const HF_DAYS = 'hf_top_models';

function facts(items: ReadonlyArray<[string, Node | string]>): HTMLElement {
  return el('dl', { class: 'facts' }, ...items.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function originFacts(
  channel: ModelChannel,
  id: string,
  registry: RegistryRow | undefined,
  origin: string | null,
  extra: ReadonlyArray<[string, Node | string]> = [],
): HTMLElement {
  const url = upstreamUrl(channel, id);
  const swatch = el('span', {
    class: 'swatch',
    'aria-hidden': 'true',
    style: `background-color:${originColor(origin)}`,
  });
  return el(
    'section',
    { class: 'card model-facts', 'aria-labelledby': 'model-facts-title' },
    el('h2', { id: 'model-facts-title' }, 'Origin and evidence'),
    facts([
      ['Id', el('code', {}, id)],
      ['Origin', el('span', {}, swatch, originWords(origin))],
      ['Developer', registry?.developer ?? registry?.organisation ?? 'not in the origin registry (origin unknown)'],
      [
        'Evidence',
        registry
          ? [registry.evidence, registry.note].filter(Boolean).join('. ') || '–'
          : el(
              'span',
              {},
              'none: ',
              el('a', { href: 'method#registry' }, 'the registry'),
              ' has no row for this developer',
            ),
      ],
      ...extra,
      [
        'Upstream',
        url
          ? el(
              'a',
              { href: url, rel: 'noopener noreferrer', 'data-upstream': '' },
              `${modelName(channel, id)} on ${upstreamName(channel)}`,
            )
          : 'no link (the id is not of the usual form)',
      ],
    ]),
    el('p', { class: 'note' }, el('a', { href: 'method#origin' }, 'How origin is decided'), '.'),
  );
}

/** What both of a model's cards share: its rows as CSV with the citation, the JSON link and the file name. */
interface ModelCardData {
  csv: CardSpec['csv'];
  citation: string[];
  json: string;
  fileSuffix: string;
}

const fileSafe = (id: string) => id.replace(/[^A-Za-z0-9._-]+/g, '_');

const OR_WEEK_COLUMNS = [
  'week_start',
  'rank',
  'model_permaslug',
  'organisation',
  'origin_country',
  'total_tokens',
  'days_in_week',
  'as_of',
];

/** Weekly tokens; partial weeks have fewer days, so fewer tokens: left out of the line, never drawn as a fall. */
function openRouterTokensCard(
  ctx: ViewContext,
  id: string,
  rows: readonly WeekRow[],
  keys: readonly string[],
  shared: ModelCardData,
  definition: string | null,
): HTMLElement {
  const source = sourceFreshness(ctx.freshness, 'openrouter');
  const byWeek = new Map(rows.map((r) => [r.week_start, r]));
  const last = rows[rows.length - 1]!;
  const tokenPoints: WeekPoint[] = keys.map((week) => {
    const r = byWeek.get(week);
    return { week, value: r && (r.days_in_week ?? 7) >= 7 ? Number(r.total_tokens) : null, complete: true };
  });
  const partialWords = rows
    .filter((r) => r.days_in_week !== null && r.days_in_week < 7)
    .map(
      (r) =>
        `${r.week_start} (${partialWeekWords(r.days_in_week ?? daysInWeek(r.week_start, source.latestDay), !source.stale)})`,
    );
  return chartCard({
    id: 'model-tokens',
    title: 'Tokens per week',
    note: 'Prompt plus completion tokens on OpenRouter, Monday to Sunday (UTC). A week without a value: the model was not in any day’s top 50.',
    notices: [
      partialWords.length
        ? notice(
            `Not drawn: the week of ${partialWords.join(', ')}. A week with fewer days has fewer tokens, which would read as a fall.`,
          )
        : null,
    ],
    chart: WeeklyLine(tokenPoints, {
      id: 'model-tokens',
      title: `Weekly OpenRouter tokens of ${modelName('openrouter', id)}`,
      width: ctx.chartWidth,
      height: 260,
      color: originColor(last.origin_country),
      format: (v) => `${formatTokens(v)} (${formatExact(v)})`,
      axisFormat: formatLargeAxis,
      valueLabel: 'tokens per week',
    }),
    ...shared,
    after: [howMeasured(OR_WEEKS, definition)],
  });
}

function openRouterRankCard(
  ctx: ViewContext,
  id: string,
  rows: readonly WeekRow[],
  keys: readonly string[],
  shared: ModelCardData,
): HTMLElement {
  const byWeek = new Map(rows.map((r) => [r.week_start, r]));
  const rankPoints: WeekPoint[] = keys.map((week) => ({
    week,
    value: byWeek.get(week)?.rank ?? null,
    complete: (byWeek.get(week)?.days_in_week ?? 7) >= 7,
  }));
  const maxRank = Math.max(20, ...rows.map((r) => r.rank));
  return chartCard({
    id: 'model-rank',
    title: 'Rank per week',
    note: 'Its place among all named models by weekly tokens (1 = most); higher on the chart is a better rank.',
    chart: WeeklyLine(rankPoints, {
      id: 'model-rank',
      title: `Weekly OpenRouter rank of ${modelName('openrouter', id)}`,
      width: ctx.chartWidth,
      height: 240,
      color: ORIGIN_COLORS.UNKNOWN,
      format: (v) => `rank ${v}`,
      axisFormat: String,
      integerTicks: true,
      yDomain: [maxRank, 1],
      valueLabel: 'rank (1 = most tokens)',
    }),
    ...shared,
    fileSuffix: `${shared.fileSuffix}_rank`,
  });
}

async function openRouterModel(ctx: ViewContext, id: string): Promise<Node[]> {
  const [weeks, registry, names] = await Promise.all([
    loadMart<WeekRow>(OR_WEEKS, { category: 'all', model_permaslug: id }),
    ctx.catalog.get(REGISTRY)?.built ? loadMart<RegistryRow>(REGISTRY, { platform: 'openrouter' }) : null,
    catalogueNames(ctx),
  ]);
  const rows = [...weeks.rows].sort((a, b) => (a.week_start < b.week_start ? -1 : 1));
  if (rows.length === 0)
    return [emptyState('Not in the OpenRouter data', `No week of the OpenRouter rankings names ${id}.`)];
  const author = id.split('/')[0]!.toLowerCase();
  const entry = registry?.rows.find((r) => r.author === author);
  const last = rows[rows.length - 1]!;
  const keys = fillKeys(
    rows.map((r) => r.week_start),
    'week',
  );
  const citation = [citationText('openrouter', latestAsOf(rows.map((r) => r.as_of)))];
  const shared: ModelCardData = {
    csv: {
      columns: OR_WEEK_COLUMNS,
      rows,
      comments: csvComments(ctx, {
        citation,
        definition: weeks.definition,
        rows: `the rows of ${OR_WEEKS} (category all) for ${id}`,
      }),
    },
    citation,
    json: martUrl(OR_WEEKS, { category: 'all', model_permaslug: id }),
    fileSuffix: fileSafe(id),
  };
  return [
    originFacts('openrouter', id, entry, last.origin_country, [
      ['Name in the catalogue', names.get(id) ?? 'no catalogue collected (the name above is read from the id)'],
      ['Latest week', `rank ${last.rank} in the week of ${last.week_start}, ${formatTokens(last.total_tokens)} tokens`],
    ]),
    openRouterTokensCard(ctx, id, rows, keys, shared, weeks.definition),
    openRouterRankCard(ctx, id, rows, keys, shared),
    openRouterCitation(latestAsOf(rows.map((r) => r.as_of))),
  ];
}

const HF_DAY_COLUMNS = [
  'day',
  'rank',
  'model_id',
  'organisation',
  'pipeline_tag',
  'downloads_30d',
  'origin_country_uploader',
  'origin_country_lineage',
  'lineage_root_id',
  'as_of',
];

/** One line of a daily value of the model; a day without a row (not among the most downloaded) is a gap. */
function dailySeries(
  rows: readonly DayRow[],
  keys: readonly string[],
  line: { key: string; label: string; color: string },
  value: (r: DayRow) => number | null,
): Series[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return [
    { ...line, points: keys.map((day) => ({ date: day, value: byDay.has(day) ? value(byDay.get(day)!) : null })) },
  ];
}

function huggingFaceDownloadsCard(
  ctx: ViewContext,
  id: string,
  rows: readonly DayRow[],
  keys: readonly string[],
  shared: ModelCardData,
  definition: string | null,
): HTMLElement {
  const last = rows[rows.length - 1]!;
  const line = { key: 'downloads_30d', label: '30-day downloads', color: originColor(last.origin_country_uploader) };
  return chartCard({
    id: 'model-downloads',
    title: 'Downloads of the last 30 days, day by day',
    note: 'The Hub’s rolling 30-day count on each day’s snapshot (never add days together). A gap: the model was not among the most downloaded that day.',
    chart: MultiLine(
      dailySeries(rows, keys, line, (r) => (r.downloads_30d === null ? null : Number(r.downloads_30d))),
      {
        id: 'model-downloads',
        title: `30-day downloads of ${id}, daily`,
        width: ctx.chartWidth,
        height: 260,
        dates: keys,
        interval: 'day',
        format: (v) => `${formatDownloads(v)} (${formatExact(v)})`,
        axisFormat: formatLargeAxis,
      },
    ),
    ...shared,
    after: [howMeasured(HF_DAYS, definition)],
  });
}

function huggingFaceRankCard(
  ctx: ViewContext,
  id: string,
  rows: readonly DayRow[],
  keys: readonly string[],
  shared: ModelCardData,
): HTMLElement {
  const line = { key: 'rank', label: 'rank', color: ORIGIN_COLORS.UNKNOWN };
  return chartCard({
    id: 'model-rank',
    title: 'Rank among the Hub’s most downloaded, day by day',
    note: '1 = most downloaded in the last 30 days; higher on the chart is a better rank.',
    chart: MultiLine(
      dailySeries(rows, keys, line, (r) => r.rank),
      {
        id: 'model-rank',
        title: `Daily rank of ${id} on the Hub`,
        width: ctx.chartWidth,
        height: 240,
        dates: keys,
        interval: 'day',
        format: (v) => `rank ${v}`,
        integerTicks: true,
        yDomain: [Math.max(...rows.map((r) => r.rank), 10), 1],
      },
    ),
    ...shared,
    fileSuffix: `${shared.fileSuffix}_rank`,
  });
}

async function huggingFaceModel(ctx: ViewContext, id: string): Promise<Node[]> {
  const [days, registry] = await Promise.all([
    loadMart<DayRow>(HF_DAYS, { model_id: id }),
    ctx.catalog.get(REGISTRY)?.built ? loadMart<RegistryRow>(REGISTRY, { platform: 'huggingface' }) : null,
  ]);
  const rows = [...days.rows].sort((a, b) => (a.day < b.day ? -1 : 1));
  if (rows.length === 0)
    return [
      emptyState('Not in the Hugging Face data', `No daily snapshot of the Hub’s most downloaded models lists ${id}.`),
    ];
  const entry = registry?.rows.find((r) => r.author === id.split('/')[0]);
  const last = rows[rows.length - 1]!;
  const keys = fillKeys(
    rows.map((r) => r.day),
    'day',
  );
  const citation = [citationText('huggingface', latestAsOf(rows.map((r) => r.as_of)))];
  const shared: ModelCardData = {
    csv: {
      columns: HF_DAY_COLUMNS,
      rows,
      comments: csvComments(ctx, { citation, definition: days.definition, rows: `the rows of ${HF_DAYS} for ${id}` }),
    },
    citation,
    json: martUrl(HF_DAYS, { model_id: id }),
    fileSuffix: fileSafe(id),
  };
  return [
    originFacts('huggingface', id, entry, last.origin_country_uploader, [
      [
        'Origin by lineage',
        `${originWords(last.origin_country_lineage)}${last.lineage_root_id && last.lineage_root_id !== id ? ` (built on ${last.lineage_root_id})` : ''}`,
      ],
      ['Kind', last.pipeline_tag ?? 'no pipeline tag'],
      ['Latest day', `rank ${last.rank} on ${last.day}, ${formatDownloads(last.downloads_30d)} downloads in 30 days`],
    ]),
    huggingFaceDownloadsCard(ctx, id, rows, keys, shared, days.definition),
    huggingFaceRankCard(ctx, id, rows, keys, shared),
    huggingFaceCitation(latestAsOf(rows.map((r) => r.as_of))),
  ];
}

async function render(ctx: ViewContext): Promise<Node[]> {
  const { id, channel } = ctx.state;
  if (!id) return [emptyState('No model chosen', 'Open a model from a table on the OpenRouter or Hugging Face view.')];
  const mart = channel === 'openrouter' ? OR_WEEKS : HF_DAYS;
  if (!ctx.catalog.get(mart)?.built)
    return [
      emptyState('No tables yet', `The table ${mart} has not been built yet: run \`adoption-tracker transform\`.`),
    ];
  return channel === 'openrouter' ? openRouterModel(ctx, id) : huggingFaceModel(ctx, id);
}

export const modelView: View = {
  path: 'model',
  nav: 'Model',
  title: 'A model',
  titleFor: (state: State) => (state.id ? modelName(state.channel, state.id) : 'A model'),
  lede: 'One model’s usage week by week, its rank, its origin and the evidence for it.',
  channels: (state: State) => [state.channel],
  hidden: true,
  render,
};
