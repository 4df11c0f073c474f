/**
 * The overview: the week's headline cards and the Chinese share on both channels on one chart, each line labelled
 * with its definition. Both read marts.weekly_metrics (one long table of every headline series).
 */
import { getJson, loadMart, martUrl, type MartResponse } from '../api.ts';
import { chartCard } from '../card.ts';
import { fillKeys } from '../charts/frame.ts';
import { HeadlineCards, type Headline } from '../charts/HeadlineCards.ts';
import { MultiLine, type Series } from '../charts/MultiLine.ts';
import { checkboxControl, lineSwatch, rangeControl } from '../controls.ts';
import { citationText, el, emptyState, huggingFaceCitation, latestAsOf, notice, openRouterCitation } from '../dom.ts';
import { formatCount, formatCountChange, formatDownloads, formatShare, formatShareAxis, formatShareChange } from '../format.ts';
import { ORIGIN_COLORS } from '../palette.ts';
import { weekInRange, type State } from '../state.ts';
import { hfToggles, toggleDescription } from './huggingface.ts';
import { csvComments, describeFirstSeen, fileSuffix, missingDataReason, releaseMarkers, type FirstSeenRow } from './shared.ts';
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

export function hfMetric(kind: 'top30' | 'tracked', measure: 'downloads_30d_share' | 'downloads_all_time', state: Pick<State, 'attr' | 'scope'>): string {
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

/**
 * A card per headline metric, in the order the data gives (metric_definitions.headline_order). `partial` holds the
 * CN rows of weekly_metrics, to say when a newer week is still incomplete.
 */
export function headlineCards(rows: readonly HeadlineRow[], partial: readonly MetricRow[], missingByChannel: Readonly<Record<string, string>>): Headline[] {
  return rows.map((h): Headline => {
    const base = { id: h.metric, label: h.label, definition: h.definition, asOf: h.as_of };
    const newer = partial
      .filter((r) => r.metric === h.metric && !r.is_complete_week && (h.week_start === null || r.week_start > h.week_start))
      .sort((a, b) => (a.week_start < b.week_start ? 1 : -1))[0];
    const show = (v: number) => (h.unit === 'share' ? formatShare(v) : h.unit === 'count' ? formatCount(v) : formatDownloads(v));
    const partialNote = newer
      ? `The week of ${newer.week_start} is still incomplete: ${newer.value !== null ? show(newer.value) : newer.value_low !== null && newer.value_high !== null ? `${show(newer.value_low)} to ${show(newer.value_high)}` : 'no value'} so far.`
      : null;
    const hasValue = h.value_kind === 'band' ? h.value_low !== null && h.value_high !== null : h.value !== null;
    if (!hasValue || h.week_start === null) {
      const why = [h.missing ? `No value: ${h.missing}.` : 'No value yet.', missingByChannel[h.channel] ?? '', h.metric.includes('all_time') ? ALL_TIME_MISSING : '']
        .filter(Boolean)
        .join(' ');
      return { ...base, value: null, sentence: null, change: null, missing: why, partial: partialNote };
    }
    const week = h.week_start;
    if (h.value_kind === 'band') {
      const low = h.value_low!;
      const high = h.value_high!;
      const hasPrevious = h.previous_value_low !== null && h.previous_value_high !== null;
      const mid = (low + high) / 2 - ((h.previous_value_low ?? 0) + (h.previous_value_high ?? 0)) / 2;
      return {
        ...base,
        value: `${show(low)} to ${show(high)}`,
        sentence: `Chinese (CN), week of ${week}: a range, as part of the data has no known origin.`,
        change: hasPrevious ? `low ${formatShareChange(low - h.previous_value_low!)}, high ${formatShareChange(high - h.previous_value_high!)}` : null,
        direction: hasPrevious ? direction(mid) : null,
        partial: partialNote,
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
      value: top ? `${formatCount(value)} of ${top[1]}` : show(value),
      sentence: top
        ? `${formatCount(value)} of the top ${top[1]} models on ${channel} in the week of ${week} are Chinese.`
        : `Chinese (CN), week of ${week}.`,
      change,
      direction: h.previous_value === null ? null : direction(value - h.previous_value),
      partial: partialNote,
    };
  });
}

async function render(ctx: ViewContext): Promise<Node[]> {
  const { state, catalog } = ctx;
  if (!catalog.get(METRICS)?.built) {
    return [emptyState('No data yet', 'The tables behind this page have not been built yet: they are built after the first collection (or run `adoption-tracker transform`). Reload this page afterwards.')];
  }
  const [metrics, headlines, firstSeen] = await Promise.all([
    loadMart<MetricRow>(METRICS, { origin_country: 'CN' }),
    catalog.get(DEFINITIONS)?.built ? getJson<{ headlines: HeadlineRow[] }>('api/headlines?origin=CN') : null,
    catalog.get(FIRST_SEEN)?.built ? loadMart<FirstSeenRow>(FIRST_SEEN) : null,
  ]);
  const hasOpenRouter = metrics.rows.some((r) => r.channel === 'openrouter');
  const hasHuggingFace = metrics.rows.some((r) => r.channel === 'huggingface');
  const [openRouterMissing, huggingFaceMissing] = await Promise.all([
    hasOpenRouter ? '' : missingDataReason('openrouter'),
    hasHuggingFace ? '' : missingDataReason('huggingface'),
  ]);
  const cards = headlineCards(headlines?.headlines ?? [], metrics.rows, { openrouter: openRouterMissing, huggingface: huggingFaceMissing });
  const weeks = [...new Set(metrics.rows.map((r) => r.week_start))].sort();
  const sections: Node[] = [
    el('section', { class: 'headline-section', 'aria-label': 'This week’s headline numbers' }, HeadlineCards(cards)),
  ];
  if (weeks.length === 0) {
    sections.push(emptyState('No weekly numbers yet', [openRouterMissing, huggingFaceMissing].filter(Boolean).join(' ')));
    return sections;
  }
  const lastDay = new Date(Date.parse(`${weeks[weeks.length - 1]}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  sections.push(
    el(
      'div',
      { class: 'view-controls' },
      rangeControl({ from: state.from, to: state.to, min: weeks[0]!, max: lastDay, onChange: (range) => ctx.setState(range) }),
      ...hfToggles(ctx),
      checkboxControl({ id: 'markers', label: 'Show release markers (OpenRouter models that entered the top 20 in their first week)', checked: state.markers, onChange: (markers) => ctx.setState({ markers }) }),
    ),
  );
  sections.push(bothChannels(ctx, metrics, weeks, firstSeen));
  sections.push(
    el(
      'p',
      { class: 'more' },
      'More: ',
      el('a', { href: `openrouter${location.search}` }, 'OpenRouter in detail'),
      ' · ',
      el('a', { href: `huggingface${location.search}` }, 'Hugging Face in detail'),
      ' · ',
      el('a', { href: 'claims' }, 'published claims, checked'),
      '.',
    ),
  );
  const orAsOf = latestAsOf(metrics.rows.filter((r) => r.channel === 'openrouter').map((r) => r.as_of));
  const hfAsOf = latestAsOf(metrics.rows.filter((r) => r.channel === 'huggingface').map((r) => r.as_of));
  if (hasOpenRouter) sections.push(openRouterCitation(orAsOf));
  if (hasHuggingFace) sections.push(huggingFaceCitation(hfAsOf));
  return sections;
}

function bothChannels(ctx: ViewContext, metrics: MartResponse<MetricRow>, allWeeks: readonly string[], firstSeen: MartResponse<FirstSeenRow> | null): Node {
  const { state } = ctx;
  const weeks = fillKeys(allWeeks.filter((w) => weekInRange(w, state)), 'week');
  const lines = [
    { metric: 'or_token_share_top50', channel: 'OpenRouter', label: 'OpenRouter: share of ranked models’ tokens', dash: '' },
    { metric: hfMetric('tracked', 'downloads_30d_share', state), channel: 'Hugging Face', label: 'Hugging Face: share of tracked downloads', dash: '6 3' },
    { metric: hfMetric('top30', 'downloads_30d_share', state), channel: 'Hugging Face', label: 'Hugging Face: share of the top 30’s downloads', dash: '2 3' },
  ];
  const rows = metrics.rows.filter((r) => weekInRange(r.week_start, state) && lines.some((l) => l.metric === r.metric));
  const series: Series[] = lines.map((l) => ({
    key: l.metric,
    label: l.label,
    color: ORIGIN_COLORS.CN,
    dash: l.dash,
    points: weeks.map((week) => {
      const row = rows.find((r) => r.metric === l.metric && r.week_start === week);
      // No row: that channel has no data that week (before its history starts): a gap, never a zero.
      return { date: week, value: row?.value ?? null, complete: row?.is_complete_week ?? true };
    }),
  }));
  const [, tracked, top30] = series;
  const coincide = tracked!.points.some((p) => p.value !== null) && tracked!.points.every((p, i) => p.value === top30!.points[i]!.value);
  const definitionList = el('dl', { class: 'line-definitions' });
  for (const l of lines) {
    const row = rows.find((r) => r.metric === l.metric);
    const s = series.find((x) => x.key === l.metric)!;
    definitionList.append(
      el('dt', {}, lineSwatch(s.color, l.dash), s.label),
      el('dd', {}, row ? `${row.label} (${l.metric}): ${row.definition}` : `${l.metric}: no data for this line in the selected range.`),
    );
  }
  const drawn = weeks.flatMap((week) =>
    lines.map((l) => {
      const row = rows.find((r) => r.metric === l.metric && r.week_start === week);
      return { week_start: week, channel: row?.channel ?? (l.channel === 'OpenRouter' ? 'openrouter' : 'huggingface'), metric: l.metric, origin_country: 'CN', value: row?.value ?? null, is_complete_week: row?.is_complete_week ?? null, as_of: row?.as_of ?? null };
    }),
  );
  const citation = [
    citationText('openrouter', latestAsOf(rows.filter((r) => r.channel === 'openrouter').map((r) => r.as_of))),
    citationText('huggingface', latestAsOf(rows.filter((r) => r.channel === 'huggingface').map((r) => r.as_of))),
  ];
  const id = 'both-channels';
  const markers = state.markers && firstSeen ? releaseMarkers(firstSeen.rows.filter((r) => r.channel === 'openrouter'), 'week', 20) : [];
  return chartCard({
    id,
    title: 'Chinese share on OpenRouter and on Hugging Face, week by week',
    note: `Three measures of the same question on one axis: tokens on OpenRouter, downloads on Hugging Face. They count different things, so read the trend of each, not the gap between them. ${toggleDescription(state)}`,
    chart: MultiLine(series, {
      id,
      title: 'Chinese share on OpenRouter (tokens) and on Hugging Face (downloads), weekly',
      width: ctx.chartWidth,
      height: 340,
      dates: weeks,
      format: formatShare,
      axisFormat: formatShareAxis,
      yDomain: [0, 1],
      markers,
      markerLabel: describeFirstSeen,
    }),
    csv: {
      columns: ['week_start', 'channel', 'metric', 'origin_country', 'value', 'is_complete_week', 'as_of'],
      rows: drawn,
      comments: csvComments(ctx, {
        citation,
        definition: lines.map((l) => `${l.metric}: ${rows.find((r) => r.metric === l.metric)?.definition ?? 'no data in range'}`).join('\n'),
        rows: `the CN rows of ${METRICS} for ${lines.map((l) => l.metric).join(', ')}, one per week and line; empty value = no data that week`,
      }),
    },
    citation,
    json: martUrl(METRICS, { origin_country: 'CN' }),
    fileSuffix: `${state.scope}_${state.attr}_${fileSuffix(state)}`,
    notices: [coincide ? notice('The two Hugging Face lines coincide in this range: the tracked models were the top 30 alone.') : null],
    after: [definitionList],
  });
}

export const overviewView: View = {
  path: '',
  nav: 'Overview',
  title: 'How much of open-model adoption goes to models built in China?',
  lede: 'Week by week, on two channels: tokens processed on OpenRouter and downloads from the Hugging Face Hub. Every number has its definition and can be downloaded.',
  render,
};
