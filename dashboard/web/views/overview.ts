/**
 * The overview: the week's headline cards and the Chinese share on both channels on one chart, each line labelled
 * with its definition. Both read marts.weekly_metrics (one long table of every headline series).
 */
import { loadMart, type MartResponse } from '../api.ts';
import { chartCard } from '../card.ts';
import { fillKeys } from '../charts/frame.ts';
import { HeadlineCards, type Headline } from '../charts/HeadlineCards.ts';
import { MultiLine, type Series } from '../charts/MultiLine.ts';
import { checkboxControl, lineSwatch, rangeControl } from '../controls.ts';
import { citationText, el, emptyState, huggingFaceCitation, latestAsOf, openRouterCitation } from '../dom.ts';
import { formatCountChange, formatDownloads, formatShare, formatShareAxis, formatShareChange } from '../format.ts';
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

interface DefinitionRow {
  metric: string;
  label: string;
  definition: string;
}

const METRICS = 'weekly_metrics';
const DEFINITIONS = 'metric_definitions';
const FIRST_SEEN = 'model_first_seen';

export function hfMetric(kind: 'top30' | 'tracked', measure: 'downloads_30d_share' | 'downloads_all_time', state: Pick<State, 'attr' | 'scope'>): string {
  return `hf_${kind}_${state.scope}_${state.attr}_${measure}`;
}

/** The latest complete week's row of a metric, and a newer incomplete one if any. */
function latest(rows: readonly MetricRow[], metric: string): { row: MetricRow | undefined; partial: MetricRow | undefined } {
  const mine = rows.filter((r) => r.metric === metric).sort((a, b) => (a.week_start < b.week_start ? -1 : 1));
  const row = [...mine].reverse().find((r) => r.is_complete_week);
  const last = mine[mine.length - 1];
  return { row, partial: last && !last.is_complete_week && (!row || last.week_start > row.week_start) ? last : undefined };
}

function direction(delta: number): 'up' | 'down' | 'flat' {
  return delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
}

interface CardInputs {
  rows: readonly MetricRow[];
  definitions: ReadonlyMap<string, DefinitionRow>;
  state: State;
  openRouterMissing: string;
  huggingFaceMissing: string;
}

export function headlineCards({ rows, definitions, state, openRouterMissing, huggingFaceMissing }: CardInputs): Headline[] {
  const definitionOf = (metric: string) => definitions.get(metric)?.definition ?? rows.find((r) => r.metric === metric)?.definition ?? `See ${metric} in ${DEFINITIONS}.`;
  const partialNote = (partial: MetricRow | undefined, text: (r: MetricRow) => string) =>
    partial ? `The week of ${partial.week_start} is still incomplete: ${text(partial)} so far.` : null;
  const cards: Headline[] = [];

  const count = latest(rows, 'or_models_in_top_20');
  cards.push(
    count.row && count.row.value !== null
      ? {
          id: 'or-top20',
          label: 'Chinese models in OpenRouter’s weekly top 20',
          value: `${count.row.value} of 20`,
          sentence: `${count.row.value} of the top 20 models on OpenRouter in the week of ${count.row.week_start} are Chinese.`,
          change: count.row.previous_value === null ? null : formatCountChange(count.row.value - count.row.previous_value),
          direction: count.row.previous_value === null ? null : direction(count.row.value - count.row.previous_value),
          definition: definitionOf('or_models_in_top_20'),
          asOf: count.row.as_of,
          partial: partialNote(count.partial, (r) => `${r.value} of 20`),
        }
      : { id: 'or-top20', label: 'Chinese models in OpenRouter’s weekly top 20', value: null, sentence: null, change: null, definition: definitionOf('or_models_in_top_20'), asOf: null, missing: openRouterMissing },
  );

  const share = latest(rows, 'or_token_share_top50');
  const band = share.row ? rows.find((r) => r.metric === 'or_token_share_all' && r.week_start === share.row!.week_start) : undefined;
  cards.push(
    share.row && share.row.value !== null
      ? {
          id: 'or-share',
          label: 'Chinese share of OpenRouter tokens',
          value: formatShare(share.row.value),
          sentence: `of the tokens of ranked models in the week of ${share.row.week_start}.`,
          detail:
            band && band.value_low !== null && band.value_high !== null
              ? `Of all tokens (the unranked "other" counted as not Chinese to all Chinese): ${formatShare(band.value_low)} to ${formatShare(band.value_high)}.`
              : 'Of all tokens: no range this week (a day lacks its "other" row).',
          change: share.row.previous_value === null ? null : formatShareChange(share.row.value - share.row.previous_value),
          direction: share.row.previous_value === null ? null : direction(share.row.value - share.row.previous_value),
          definition: `${definitionOf('or_token_share_top50')} Range: ${definitionOf('or_token_share_all')}`,
          asOf: share.row.as_of,
          partial: partialNote(share.partial, (r) => formatShare(r.value ?? 0)),
        }
      : { id: 'or-share', label: 'Chinese share of OpenRouter tokens', value: null, sentence: null, change: null, definition: definitionOf('or_token_share_top50'), asOf: null, missing: openRouterMissing },
  );

  for (const [id, kind, label] of [
    ['hf-top30', 'top30', 'Chinese share of downloads in the Hugging Face top 30'],
    ['hf-tracked', 'tracked', 'Chinese share of tracked Hugging Face downloads'],
  ] as const) {
    const metric = hfMetric(kind, 'downloads_30d_share', state);
    const found = latest(rows, metric);
    cards.push(
      found.row && found.row.value !== null
        ? {
            id,
            label,
            value: formatShare(found.row.value),
            sentence: `of 30-day downloads on the week of ${found.row.week_start}'s last snapshot. ${toggleDescription(state)}`,
            change: found.row.previous_value === null ? null : formatShareChange(found.row.value - found.row.previous_value),
            direction: found.row.previous_value === null ? null : direction(found.row.value - found.row.previous_value),
            definition: definitionOf(metric),
            asOf: found.row.as_of,
            partial: partialNote(found.partial, (r) => formatShare(r.value ?? 0)),
          }
        : { id, label, value: null, sentence: null, change: null, definition: definitionOf(metric), asOf: null, missing: huggingFaceMissing },
    );
  }

  const allTimeMetric = hfMetric('tracked', 'downloads_all_time', state);
  const allTime = latest(rows, allTimeMetric);
  cards.push(
    allTime.row && allTime.row.value !== null
      ? {
          id: 'hf-all-time',
          label: 'All-time Hugging Face downloads of Chinese models',
          value: formatDownloads(allTime.row.value),
          sentence: `cumulative downloads of tracked Chinese models up to the week of ${allTime.row.week_start}.`,
          change: allTime.row.previous_value === null ? null : `+${formatDownloads(allTime.row.value - allTime.row.previous_value)}`,
          direction: allTime.row.previous_value === null ? null : direction(allTime.row.value - allTime.row.previous_value),
          definition: definitionOf(allTimeMetric),
          asOf: allTime.row.as_of,
        }
      : {
          id: 'hf-all-time',
          label: 'All-time Hugging Face downloads of Chinese models',
          value: null,
          sentence: null,
          change: null,
          definition: definitionOf(allTimeMetric),
          asOf: null,
          missing:
            'Not collected yet: the shipped history recorded only 30-day counts. All-time counts start with the first daily Hugging Face collection.',
        },
  );
  return cards;
}

async function render(ctx: ViewContext): Promise<Node[]> {
  const { state, catalog } = ctx;
  if (!catalog.get(METRICS)?.built) {
    return [emptyState('No data yet', 'The tables behind this page have not been built yet: they are built after the first collection (or run `adoption-tracker transform`). Reload this page afterwards.')];
  }
  const [metrics, definitions, firstSeen] = await Promise.all([
    loadMart<MetricRow>(METRICS, { origin_country: 'CN' }),
    catalog.get(DEFINITIONS)?.built ? loadMart<DefinitionRow>(DEFINITIONS) : null,
    catalog.get(FIRST_SEEN)?.built ? loadMart<FirstSeenRow>(FIRST_SEEN) : null,
  ]);
  const hasOpenRouter = metrics.rows.some((r) => r.channel === 'openrouter');
  const hasHuggingFace = metrics.rows.some((r) => r.channel === 'huggingface');
  const [openRouterMissing, huggingFaceMissing] = await Promise.all([
    hasOpenRouter ? '' : missingDataReason('openrouter'),
    hasHuggingFace ? '' : missingDataReason('huggingface'),
  ]);
  const cards = headlineCards({
    rows: metrics.rows,
    definitions: new Map((definitions?.rows ?? []).map((d) => [d.metric, d])),
    state,
    openRouterMissing: openRouterMissing || 'No complete week yet.',
    huggingFaceMissing: huggingFaceMissing || `No complete week of this series yet (${toggleDescription(state)})`,
  });
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
    fileSuffix: `${state.scope}_${state.attr}_${fileSuffix(state)}`,
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
