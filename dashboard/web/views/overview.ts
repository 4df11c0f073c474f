/**
 * The overview: the latest whole week's headline numbers (each with its definition in words and its trend over the
 * whole record), the count of Chinese models in OpenRouter's top N by origin, and the Chinese share on both channels
 * on one chart, each line labelled at its end. All read marts.weekly_metrics (one long table of every headline
 * series) and openrouter_weekly_origin_share.
 */
import { getJson, loadMart, martUrl, type MartResponse } from '../api.ts';
import { chartCard } from '../card.ts';
import { fillKeys } from '../charts/frame.ts';
import { HeadlineCards, type Headline, type TrendPoint } from '../charts/HeadlineCards.ts';
import { MultiLine, type Series } from '../charts/MultiLine.ts';
import { checkboxControl, lineSwatch, rangeControl } from '../controls.ts';
import {
  citationText,
  definitionBlock,
  el,
  emptyState,
  huggingFaceCitation,
  latestAsOf,
  notice,
  openRouterCitation,
} from '../dom.ts';
import {
  formatCount,
  formatCountChange,
  formatDownloads,
  formatShare,
  formatShareAxis,
  formatShareChange,
  formatTimestamp,
} from '../format.ts';
import { daysInWeek, partialWeekWords, sourceFreshness, type Freshness } from '../freshness.ts';
import { SERIES_COLORS } from '../palette.ts';
import { weekInRange, type State } from '../state.ts';
import { metricDefinition, metricLabel } from '../words.ts';
import { hfToggles, toggleDescription } from './huggingface.ts';
import { originCountCard, partialNotice, SHARE } from './origin-count.ts';
import { openRouterWeeks, type OriginShareRow } from './openrouter.ts';
import {
  csvComments,
  describeFirstSeen,
  fileSuffix,
  missingDataReason,
  releaseMarkers,
  type FirstSeenRow,
} from './shared.ts';
import type { View, ViewContext } from './types.ts';

export interface MetricRow {
  week_start: string;
  channel: 'openrouter' | 'huggingface';
  metric: string;
  origin_country: string;
  value: number | null;
  value_low: number | null;
  value_high: number | null;
  previous_value: number | null;
  previous_value_low: number | null;
  previous_value_high: number | null;
  unit: string;
  label: string;
  definition: string;
  is_complete_week: boolean;
  as_of: string;
}

const METRICS = 'weekly_metrics';
const DEFINITIONS = 'metric_definitions';
const FIRST_SEEN = 'model_first_seen';

export function hfMetric(
  kind: 'top30' | 'tracked',
  measure: 'downloads_30d_share' | 'downloads_all_time',
  state: Pick<State, 'attr' | 'scope'>,
): string {
  return `hf_${kind}_${state.scope}_${state.attr}_${measure}`;
}

/** One row of GET /api/headlines: a headline metric's latest complete week and the week before. */
export interface HeadlineRow {
  headline_order: number;
  metric: string;
  channel: 'openrouter' | 'huggingface';
  label: string;
  unit: 'count' | 'share' | 'tokens' | 'downloads';
  value_kind: 'value' | 'band';
  definition: string;
  week_start: string | null;
  is_complete_week: boolean | null;
  value: number | null;
  value_low: number | null;
  value_high: number | null;
  previous_value: number | null;
  previous_value_low: number | null;
  previous_value_high: number | null;
  change: number | null;
  source: string | null;
  as_of: string | null;
  missing: string | null;
}

function direction(delta: number): 'up' | 'down' | 'flat' {
  return delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
}

const ALL_TIME_MISSING =
  'The shipped history recorded only 30-day counts; all-time counts start with the first daily Hugging Face collection.';

function showValue(h: Pick<HeadlineRow, 'unit'>, v: number): string {
  return h.unit === 'share' ? formatShare(v) : h.unit === 'count' ? formatCount(v) : formatDownloads(v);
}

/** Whether a headline has a number to show (a band needs both ends). */
export function hasHeadlineValue(h: HeadlineRow): boolean {
  return (
    h.week_start !== null &&
    (h.value_kind === 'band' ? h.value_low !== null && h.value_high !== null : h.value !== null)
  );
}

/** Why a headline metric has no number yet, in a sentence. */
export function missingWhy(h: HeadlineRow, missingByChannel: Readonly<Record<string, string>>): string {
  return [
    h.missing ? `No value: ${h.missing}.` : 'No value yet.',
    missingByChannel[h.channel] ?? '',
    h.metric.includes('all_time') ? ALL_TIME_MISSING : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The newest partial week of a metric after its latest complete one, in words, with its value so far. */
function partialNote(h: HeadlineRow, partial: readonly MetricRow[], freshness: Freshness | null): string | null {
  const newer = partial
    .filter(
      (r) => r.metric === h.metric && !r.is_complete_week && (h.week_start === null || r.week_start > h.week_start),
    )
    .sort((a, b) => (a.week_start < b.week_start ? 1 : -1))[0];
  if (!newer) return null;
  const source = freshness?.get(h.channel);
  // Days of the week with data: OpenRouter has every day to its newest; a Hub week is read on its newest snapshot.
  const days = daysInWeek(newer.week_start, source?.latestDay ?? null);
  const live = source ? !source.stale : true;
  const value =
    newer.value !== null
      ? showValue(h, newer.value)
      : newer.value_low !== null && newer.value_high !== null
        ? `${showValue(h, newer.value_low)} to ${showValue(h, newer.value_high)}`
        : 'no value';
  return `Week of ${newer.week_start} (${partialWeekWords(days, live)}): ${value}; ${live ? 'compared once whole' : 'a partial week is not compared'}.`;
}

function trendOf(h: HeadlineRow, rows: readonly MetricRow[]): TrendPoint[] {
  // Complete weeks only: a partial week has fewer days and would read as a fall.
  return rows
    .filter((r) => r.metric === h.metric && r.is_complete_week)
    .sort((a, b) => (a.week_start < b.week_start ? -1 : 1))
    .map((r) => ({ week: r.week_start, value: r.value, low: r.value_low, high: r.value_high }));
}

/**
 * A card per headline metric that has a value, in the order the data gives (metric_definitions.headline_order):
 * its label and definition in words, the number, its change, its trend over the whole record. `partial` holds the
 * CN rows of weekly_metrics (for the trend and to say when a newer week is partial).
 */
export function headlineCards(
  rows: readonly HeadlineRow[],
  partial: readonly MetricRow[],
  freshness: Freshness | null = null,
): Headline[] {
  return rows.filter(hasHeadlineValue).map((h): Headline => {
    const base = {
      id: h.metric,
      label: metricLabel(h.metric, h.label),
      definition: metricDefinition(h.metric, h.definition),
      precise: h.definition,
      trend: trendOf(h, partial),
      trendFormat: (v: number) => showValue(h, v),
      partial: partialNote(h, partial, freshness),
    };
    const week = h.week_start!;
    if (h.value_kind === 'band') {
      const low = h.value_low!;
      const high = h.value_high!;
      const hasPrevious = h.previous_value_low !== null && h.previous_value_high !== null;
      const mid = (low + high) / 2 - ((h.previous_value_low ?? 0) + (h.previous_value_high ?? 0)) / 2;
      return {
        ...base,
        value: `${showValue(h, low)} to ${showValue(h, high)}`,
        sentence: `Week of ${week}; a range, as part of the tokens has no known origin.`,
        change: hasPrevious
          ? `low ${formatShareChange(low - h.previous_value_low!)}, high ${formatShareChange(high - h.previous_value_high!)}`
          : null,
        direction: hasPrevious ? direction(mid) : null,
      };
    }
    const value = h.value!;
    const top = /_in_top_(\d+)$/.exec(h.metric);
    const channel = h.channel === 'openrouter' ? 'OpenRouter' : 'Hugging Face';
    const change =
      h.previous_value === null
        ? null
        : h.unit === 'share'
          ? formatShareChange(value - h.previous_value)
          : h.unit === 'count'
            ? formatCountChange(value - h.previous_value)
            : `${value >= h.previous_value ? '+' : '−'}${formatDownloads(Math.abs(value - h.previous_value))}`;
    return {
      ...base,
      value: top ? `${formatCount(value)} of ${top[1]}` : showValue(h, value),
      sentence: top
        ? `${formatCount(value)} of the top ${top[1]} models on ${channel} in the week of ${week} are Chinese.`
        : `Week of ${week}.`,
      change,
      direction: h.previous_value === null ? null : direction(value - h.previous_value),
    };
  });
}

/** The metrics with no number yet: listed under the cards with the reason, never a card of their own. */
function notYetMeasured(
  rows: readonly HeadlineRow[],
  missingByChannel: Readonly<Record<string, string>>,
): HTMLElement | null {
  const missing = rows.filter((h) => !hasHeadlineValue(h));
  if (missing.length === 0) return null;
  return el(
    'section',
    { class: 'not-yet', 'aria-labelledby': 'not-yet-title' },
    el('h2', { id: 'not-yet-title' }, 'Not measured yet'),
    el(
      'ul',
      {},
      ...missing.map((h) =>
        el(
          'li',
          { 'data-missing': h.metric },
          el('strong', {}, metricLabel(h.metric, h.label)),
          `: ${missingWhy(h, missingByChannel)}`,
        ),
      ),
    ),
  );
}

/** One "as of" per channel for the whole view: the cards, charts and citations below all read these rows. */
function asOfLine(metrics: readonly MetricRow[]): HTMLElement {
  const parts: Array<Node | string> = ['Data as of '];
  const channels = (['openrouter', 'huggingface'] as const)
    .map((c) => ({ c, at: latestAsOf(metrics.filter((r) => r.channel === c).map((r) => r.as_of)) }))
    .filter((x) => x.at);
  channels.forEach(({ c, at }, i) => {
    if (i > 0) parts.push(' · ');
    parts.push(
      `${c === 'openrouter' ? 'OpenRouter' : 'Hugging Face'} `,
      el('time', { 'data-as-of': at!, 'data-channel': c }, formatTimestamp(at)),
      ' UTC',
    );
  });
  return el('p', { class: 'as-of-line' }, ...(channels.length ? parts : ['No data yet.']), '.');
}

async function loadOverview(ctx: ViewContext) {
  const { catalog } = ctx;
  const [metrics, headlines, firstSeen, share] = await Promise.all([
    loadMart<MetricRow>(METRICS, { origin_country: 'CN' }),
    catalog.get(DEFINITIONS)?.built ? getJson<{ headlines: HeadlineRow[] }>('api/headlines?origin=CN') : null,
    catalog.get(FIRST_SEEN)?.built ? loadMart<FirstSeenRow>(FIRST_SEEN) : null,
    catalog.get(SHARE)?.built ? loadMart<OriginShareRow>(SHARE, { category: 'all' }) : null,
  ]);
  const hasOpenRouter = metrics.rows.some((r) => r.channel === 'openrouter');
  const hasHuggingFace = metrics.rows.some((r) => r.channel === 'huggingface');
  const [openRouterMissing, huggingFaceMissing] = await Promise.all([
    hasOpenRouter ? '' : missingDataReason('openrouter'),
    hasHuggingFace ? '' : missingDataReason('huggingface'),
  ]);
  return {
    metrics,
    headlines: headlines?.headlines ?? [],
    firstSeen,
    share,
    missing: { openrouter: openRouterMissing, huggingface: huggingFaceMissing },
  };
}

async function render(ctx: ViewContext): Promise<Node[]> {
  const { state, catalog } = ctx;
  if (!catalog.get(METRICS)?.built) {
    return [
      emptyState(
        'No data yet',
        'The tables behind this page have not been built yet: they are built after the first collection (or run `adoption-tracker transform`). Reload this page afterwards.',
      ),
    ];
  }
  const { metrics, headlines, firstSeen, share, missing } = await loadOverview(ctx);
  const weeks = [...new Set(metrics.rows.map((r) => r.week_start))].sort();
  const markers =
    state.markers && firstSeen
      ? releaseMarkers(
          firstSeen.rows.filter((r) => r.channel === 'openrouter'),
          'week',
          10,
        )
      : [];
  // First screen: the count over the whole record, then the latest whole week's numbers, each with its trend.
  const sections: Node[] = [asOfLine(metrics.rows)];
  const countCard = topNCount(ctx, share, markers);
  if (countCard) sections.push(countCard);
  sections.push(
    el(
      'section',
      { class: 'headline-section', 'aria-label': 'The headline numbers of the latest whole week' },
      HeadlineCards(headlineCards(headlines, metrics.rows, ctx.freshness)),
    ),
  );
  const later = notYetMeasured(headlines, missing);
  if (weeks.length === 0) {
    sections.push(
      emptyState('No weekly numbers yet', [missing.openrouter, missing.huggingface].filter(Boolean).join(' ')),
    );
    if (later) sections.push(later);
    return sections;
  }
  const lastDay = new Date(Date.parse(`${weeks[weeks.length - 1]}T00:00:00Z`) + 6 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  sections.push(
    el(
      'div',
      { class: 'view-controls', 'aria-label': 'For the chart below' },
      rangeControl({
        from: state.from,
        to: state.to,
        min: weeks[0]!,
        max: lastDay,
        onChange: (range) => ctx.setState(range),
      }),
      checkboxControl({
        id: 'markers',
        label: 'Label the models that entered OpenRouter’s top 10 in their first week',
        checked: state.markers,
        onChange: (markers) => ctx.setState({ markers }),
      }),
    ),
  );
  sections.push(bothChannels(ctx, metrics, weeks, markers));
  if (later) sections.push(later);
  sections.push(moreLinks());
  const orAsOf = latestAsOf(metrics.rows.filter((r) => r.channel === 'openrouter').map((r) => r.as_of));
  const hfAsOf = latestAsOf(metrics.rows.filter((r) => r.channel === 'huggingface').map((r) => r.as_of));
  if (orAsOf) sections.push(openRouterCitation(orAsOf));
  if (hfAsOf) sections.push(huggingFaceCitation(hfAsOf));
  return sections;
}

function moreLinks(): HTMLElement {
  return el(
    'p',
    { class: 'more' },
    'More: ',
    el('a', { href: `openrouter${location.search}` }, 'OpenRouter in detail'),
    ' · ',
    el('a', { href: `huggingface${location.search}` }, 'Hugging Face in detail'),
    ' · ',
    el('a', { href: 'claims' }, 'published claims, checked'),
    ' · ',
    el('a', { href: 'method' }, 'how it is measured'),
    '.',
  );
}

/** The count of Chinese models in the top N over the whole record (the date range is for the chart below), by origin group. */
function topNCount(
  ctx: ViewContext,
  share: MartResponse<OriginShareRow> | null,
  markers: ReturnType<typeof releaseMarkers>,
): HTMLElement | null {
  if (!share || share.rows.length === 0) return null;
  const weeks = openRouterWeeks(share.rows);
  const rows = share.rows;
  const source = sourceFreshness(ctx.freshness, 'openrouter');
  const incomplete = weeks
    .filter((w) => !w.complete)
    .map((w) => ({ week: w.week, days: daysInWeek(w.week, source.latestDay) }));
  return originCountCard(ctx, rows, weeks, {
    definition: share.definition,
    markers,
    notices: [partialNotice(incomplete, !source.stale)],
    height: 260,
    compact: true,
  });
}

/** The overview's three lines: distinct hues, a label at each end, the Hugging Face toggles with the chart they drive. */
const LINES = [
  {
    channel: 'openrouter' as const,
    label: 'OpenRouter: share of named models’ tokens',
    end: 'OpenRouter tokens',
    color: SERIES_COLORS[0],
    dash: '',
  },
  {
    channel: 'huggingface' as const,
    kind: 'tracked' as const,
    label: 'Hugging Face: share of tracked downloads',
    end: 'Hub, tracked',
    color: SERIES_COLORS[1],
    dash: '6 3',
  },
  {
    channel: 'huggingface' as const,
    kind: 'top30' as const,
    label: 'Hugging Face: share of the top 30’s downloads',
    end: 'Hub, top 30',
    color: SERIES_COLORS[2],
    dash: '2 3',
  },
];

type BothLine = (typeof LINES)[number] & { metric: string };

/** The three lines: OpenRouter's top-50 token share, and the two Hugging Face lines the toggles choose. */
function bothLines(state: State): BothLine[] {
  return LINES.map((l) => ({
    ...l,
    metric: l.channel === 'openrouter' ? 'or_token_share_top50' : hfMetric(l.kind!, 'downloads_30d_share', state),
  }));
}

function bothSeries(lines: readonly BothLine[], rows: readonly MetricRow[], weeks: readonly string[]): Series[] {
  return lines.map((l) => ({
    key: l.metric,
    label: l.label,
    endLabel: l.end,
    color: l.color,
    dash: l.dash,
    points: weeks.map((week) => {
      const row = rows.find((r) => r.metric === l.metric && r.week_start === week);
      // No row: that channel has no data that week (before its history starts): a gap, never a zero.
      return { date: week, value: row?.value ?? null, complete: row?.is_complete_week ?? true };
    }),
  }));
}

/** Each line's swatch, its definition in words and the precise one. */
function bothDefinitions(lines: readonly BothLine[], rows: readonly MetricRow[]): HTMLElement {
  const definitionList = el('dl', { class: 'line-definitions' });
  for (const l of lines) {
    const row = rows.find((r) => r.metric === l.metric);
    definitionList.append(
      el('dt', {}, lineSwatch(l.color, l.dash), l.label),
      el(
        'dd',
        {},
        row ? metricDefinition(l.metric, row.definition) : 'No data for this line in the selected range.',
        ' ',
        definitionBlock(row?.definition ?? null, 'Precise definition'),
      ),
    );
  }
  return definitionList;
}

/** Exactly the rows drawn: one per week and line, NULL where that channel has no data that week. */
function bothCsvRows(
  lines: readonly BothLine[],
  rows: readonly MetricRow[],
  weeks: readonly string[],
): Array<Record<string, string | number | boolean | null>> {
  return weeks.flatMap((week) =>
    lines.map((l) => {
      const row = rows.find((r) => r.metric === l.metric && r.week_start === week);
      return {
        week_start: week,
        channel: l.channel,
        metric: l.metric,
        origin_country: 'CN',
        value: row?.value ?? null,
        is_complete_week: row?.is_complete_week ?? null,
        as_of: row?.as_of ?? null,
      };
    }),
  );
}

function bothChannels(
  ctx: ViewContext,
  metrics: MartResponse<MetricRow>,
  allWeeks: readonly string[],
  markers: ReturnType<typeof releaseMarkers>,
): Node {
  const { state } = ctx;
  const weeks = fillKeys(
    allWeeks.filter((w) => weekInRange(w, state)),
    'week',
  );
  const lines = bothLines(state);
  const rows = metrics.rows.filter((r) => weekInRange(r.week_start, state) && lines.some((l) => l.metric === r.metric));
  const series = bothSeries(lines, rows, weeks);
  const [, tracked, top30] = series;
  const coincide =
    tracked!.points.some((p) => p.value !== null) &&
    tracked!.points.every((p, i) => p.value === top30!.points[i]!.value);
  const citation = [
    citationText('openrouter', latestAsOf(rows.filter((r) => r.channel === 'openrouter').map((r) => r.as_of))),
    citationText('huggingface', latestAsOf(rows.filter((r) => r.channel === 'huggingface').map((r) => r.as_of))),
  ];
  const id = 'both-channels';
  return chartCard({
    id,
    title: 'Chinese share on OpenRouter and on Hugging Face, week by week',
    note: `Three measures of the same question on one axis: tokens on OpenRouter, downloads on Hugging Face. They count different things, so read the trend of each, not the gap between them. The two Hugging Face lines: ${toggleDescription(state)}`,
    controls: el('div', { class: 'card-controls' }, ...hfToggles(ctx)),
    chart: MultiLine(series, {
      id,
      title: 'Chinese share on OpenRouter (tokens) and on Hugging Face (downloads), weekly',
      width: ctx.chartWidth,
      height: 340,
      dates: weeks,
      format: formatShare,
      axisFormat: formatShareAxis,
      yDomain: [0, 1],
      directLabels: true,
      markers,
      markerLabel: describeFirstSeen,
    }),
    csv: {
      columns: ['week_start', 'channel', 'metric', 'origin_country', 'value', 'is_complete_week', 'as_of'],
      rows: bothCsvRows(lines, rows, weeks),
      comments: csvComments(ctx, {
        citation,
        definition: lines
          .map((l) => `${l.metric}: ${rows.find((r) => r.metric === l.metric)?.definition ?? 'no data in range'}`)
          .join('\n'),
        rows: `the CN rows of ${METRICS} for ${lines.map((l) => l.metric).join(', ')}, one per week and line; empty value = no data that week`,
      }),
    },
    citation,
    json: martUrl(METRICS, { origin_country: 'CN' }),
    fileSuffix: `${state.scope}_${state.attr}_${fileSuffix(state)}`,
    notices: [
      coincide
        ? notice('The two Hugging Face lines coincide in this range: the tracked models were the top 30 alone.')
        : null,
    ],
    after: [bothDefinitions(lines, rows)],
  });
}

export const overviewView: View = {
  path: '',
  nav: 'Overview',
  title: 'How much of open-model adoption goes to models built in China?',
  lede: 'Week by week, on two channels: tokens processed on OpenRouter and downloads from the Hugging Face Hub. Every number has its definition and can be downloaded.',
  channels: ['openrouter', 'huggingface'],
  render,
};
