/**
 * The Hugging Face view: origin share of the downloads of the Hub's top N (daily) and of all tracked models
 * (weekly), under the chosen attribution (uploader / lineage) and scope (llm / all); downloads per developer.
 */
import { loadMart, martUrl, type MartResponse } from '../api.ts';
import { chartCard, type CardSpec } from '../card.ts';
import { fillKeys } from '../charts/frame.ts';
import { MultiLine, type Series } from '../charts/MultiLine.ts';
import { StackedArea } from '../charts/StackedArea.ts';
import { checkboxControl, radioControl, rangeControl, selectControl } from '../controls.ts';
import { citationText, el, howMeasured, emptyState, huggingFaceCitation, latestAsOf, notice } from '../dom.ts';
import { formatDownloads, formatShare, formatShareAxis } from '../format.ts';
import { addDays } from '../../../lib/time.ts';
import { sourceFreshness } from '../freshness.ts';
import { originBucket, originWords } from '../palette.ts';
import { dayInRange, HF_TOP_N, weekInRange, type State } from '../state.ts';
import { developerFormats, developerPicker, lineStyles, scaleControl, scaled } from './openrouter.ts';
import {
  bucketRows,
  createdMarkers,
  csvComments,
  describeFirstSeen,
  describeHubCreated,
  fileSuffix,
  missingDataReason,
  ORIGIN_GROUPS,
  releaseMarkers,
  stackRows,
  type FirstSeenRow,
} from './shared.ts';
import type { View, ViewContext } from './types.ts';

interface TopNRow {
  day: string;
  top_n: number;
  origin_country: string;
  models: number;
  downloads_30d: number | string;
  downloads_30d_share: number | null;
  as_of: string;
}

interface WeeklyShareRow {
  week_start: string;
  origin_country: string;
  snapshot_day: string;
  is_complete_week: boolean;
  models: number;
  downloads_30d: number | string | null;
  downloads_30d_share: number | null;
  as_of: string;
}

interface DeveloperRow {
  week_start: string;
  organisation: string;
  origin_country: string;
  snapshot_day: string;
  is_complete_week: boolean;
  models: number;
  downloads_30d: number | string | null;
  models_with_all_time: number;
  downloads_all_time: number | string | null;
  as_of: string;
}

const TOP_N = 'hf_origin_top_n';
const WEEKLY = 'hf_weekly_origin_share';
const DEVELOPERS = 'developer_downloads';
const FIRST_SEEN = 'model_first_seen';
const DEFAULT_DEVELOPERS = 6;

export const ATTRIBUTIONS = [
  {
    value: 'lineage' as const,
    label: 'Lineage',
    hint: 'the country of the model a fine-tune, quantization or re-upload is built on',
  },
  {
    value: 'uploader' as const,
    label: 'Uploader',
    hint: 'the country of the organisation that published the repository',
  },
];
export const SCOPES = [
  { value: 'llm' as const, label: 'Language models', hint: 'text-generation and related pipeline tags' },
  {
    value: 'all' as const,
    label: 'All models',
    hint: 'everything, embeddings included (they dominate raw download counts)',
  },
];

export function toggleDescription(state: Pick<State, 'attr' | 'scope'>): string {
  const attr =
    state.attr === 'lineage'
      ? 'by lineage (a derivative counts for its base model’s country)'
      : 'by uploader (the country of the repository’s organisation)';
  const scope = state.scope === 'llm' ? 'language models only' : 'all models, embeddings included';
  return `Origin ${attr}; ${scope}.`;
}

/** The attribution and scope toggles, shared by this view and the combined chart. */
export function hfToggles(ctx: ViewContext): HTMLElement[] {
  return [
    radioControl({
      id: 'attr',
      legend: 'Attribution',
      value: ctx.state.attr,
      choices: ATTRIBUTIONS,
      onChange: (attr) => ctx.setState({ attr }),
    }),
    radioControl({
      id: 'scope',
      legend: 'Scope',
      value: ctx.state.scope,
      choices: SCOPES,
      onChange: (scope) => ctx.setState({ scope }),
    }),
  ];
}

function developerKey(r: { organisation: string; origin_country: string }): string {
  return r.organisation === 'UNKNOWN' ? `UNKNOWN (${r.origin_country})` : r.organisation;
}

async function render(ctx: ViewContext): Promise<Node[]> {
  const { state, catalog } = ctx;
  if (!catalog.get(WEEKLY)?.built || !catalog.get(TOP_N)?.built) {
    return [
      emptyState(
        'No Hugging Face tables yet',
        'The Hugging Face tables have not been built yet: they are built after the first collection (or run `adoption-tracker transform`). Reload this page afterwards.',
      ),
    ];
  }
  const filter = { scope: state.scope, attribution: state.attr };
  const [topN, weekly, developers, firstSeen] = await Promise.all([
    loadMart<TopNRow>(TOP_N, filter),
    loadMart<WeeklyShareRow>(WEEKLY, filter),
    catalog.get(DEVELOPERS)?.built ? loadMart<DeveloperRow>(DEVELOPERS, filter) : null,
    catalog.get(FIRST_SEEN)?.built ? loadMart<FirstSeenRow>(FIRST_SEEN, { channel: 'huggingface' }) : null,
  ]);
  if (topN.rows.length === 0 && weekly.rows.length === 0) {
    return [
      el('div', { class: 'view-controls' }, ...hfToggles(ctx)),
      emptyState('No Hugging Face data yet', await missingDataReason('huggingface')),
    ];
  }
  const allDays = [...new Set(topN.rows.map((r) => r.day))].sort();
  const allWeeks = [...new Set(weekly.rows.map((r) => r.week_start))].sort();
  const min = [allDays[0], allWeeks[0]].filter(Boolean).sort()[0]!;
  const max = [allDays[allDays.length - 1], allWeeks.length ? addDays(allWeeks[allWeeks.length - 1]!, 6) : undefined]
    .filter(Boolean)
    .sort()
    .reverse()[0]!;
  const controls = el(
    'div',
    { class: 'view-controls' },
    rangeControl({ from: state.from, to: state.to, min, max, onChange: (range) => ctx.setState(range) }),
    ...hfToggles(ctx),
    checkboxControl({
      id: 'markers',
      label:
        'Label the new models of tracked developers and those that entered the Hub’s top 10 on their first day (and their Hub creation dates, where known)',
      checked: state.markers,
      onChange: (markers) => ctx.setState({ markers }),
    }),
  );
  const sections: Node[] = [controls, el('p', { class: 'note toggles-note' }, toggleDescription(state))];
  const days = allDays.filter((d) => dayInRange(d, state));
  const weeks = allWeeks.filter((w) => weekInRange(w, state));
  if (days.length === 0 && weeks.length === 0) {
    sections.push(
      emptyState(
        'No days in this range',
        `Hugging Face data covers ${min} to ${max}. Pick dates in that span, or press "All".`,
      ),
    );
    return sections;
  }
  sections.push(topNChart(ctx, topN, days, firstSeen));
  sections.push(trackedChart(ctx, weekly, weeks, firstSeen));
  sections.push(...developerCharts(ctx, developers, weeks, firstSeen));
  sections.push(huggingFaceCitation(latestAsOf([...topN.rows, ...weekly.rows].map((r) => r.as_of))));
  return sections;
}

/** Models and 30-day downloads per day x origin group, for the CSV beside the shares. */
function topNTotals(rows: readonly TopNRow[]): { models: Map<string, number>; downloads: Map<string, number> } {
  const models = new Map<string, number>();
  const downloads = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.day}|${originBucket(r.origin_country)}`;
    models.set(key, (models.get(key) ?? 0) + r.models);
    downloads.set(key, (downloads.get(key) ?? 0) + Number(r.downloads_30d));
  }
  return { models, downloads };
}

function topNControl(ctx: ViewContext, topN: MartResponse<TopNRow>): HTMLElement {
  const { state } = ctx;
  return selectControl({
    id: 'hf-top-n',
    label: 'Top N',
    value: state.hfn,
    // The depths the data reaches (the shipped history: 30), and the one asked for, so the control shows it.
    choices: HF_TOP_N.filter((n) => n === state.hfn || topN.rows.some((r) => r.top_n === n)).map((n) => ({
      value: n,
      label: `Top ${n}`,
    })),
    onChange: (hfn) => ctx.setState({ hfn }),
  });
}

/** Days without a share to draw, said as gaps: none of the scope in the top N, or no snapshot at all. */
function topNNotices(
  state: State,
  rows: readonly TopNRow[],
  days: readonly string[],
  keys: readonly string[],
): Array<HTMLElement | null> {
  const drawnDays = new Set(rows.map((r) => r.day));
  const snapshotDays = new Set(days);
  const noSnapshot = keys.filter((d) => !snapshotDays.has(d));
  const noneInScope = days.filter((d) => !drawnDays.has(d));
  const scopeWords = state.scope === 'llm' ? 'language model' : 'model';
  return [
    noneInScope.length
      ? notice(
          `${noneInScope.length} of ${days.length} days have no ${scopeWords} among the top ${state.hfn} (or fewer than ${state.hfn} ranked models): there is no share to draw, so they are gaps, not zeros.`,
        )
      : null,
    noSnapshot.length ? notice(`${noSnapshot.length} day(s) have no snapshot: gaps, not zeros.`) : null,
  ];
}

/** Exactly the rows drawn: one per day and origin group, with the models and downloads behind each share. */
function topNCsvRows(
  state: State,
  buckets: ReturnType<typeof bucketRows>,
  rows: readonly TopNRow[],
): Array<Record<string, string | number | null>> {
  const { models, downloads } = topNTotals(rows);
  return buckets.map((b) => {
    const key = `${b.date}|${b.origin_group}`;
    return {
      day: b.date,
      scope: state.scope,
      attribution: state.attr,
      top_n: state.hfn,
      origin_group: b.origin_group,
      origin_countries: b.origin_countries,
      models: models.get(key) ?? null,
      downloads_30d: downloads.get(key) ?? null,
      downloads_30d_share: b.value,
    };
  });
}

function topNChart(
  ctx: ViewContext,
  topN: MartResponse<TopNRow>,
  days: readonly string[],
  firstSeen: MartResponse<FirstSeenRow> | null,
): Node {
  const { state } = ctx;
  const rows = topN.rows.filter((r) => r.top_n === state.hfn && dayInRange(r.day, state));
  const buckets = bucketRows(rows, (r) => ({
    date: r.day,
    origin: r.origin_country,
    value: r.downloads_30d_share,
    complete: true,
  }));
  const citation = [citationText('huggingface', latestAsOf(rows.map((r) => r.as_of)))];
  const id = 'hf-top-n-share';
  const keys = fillKeys(days, 'day');
  return chartCard({
    id,
    title: `Share of downloads among the Hub’s top ${state.hfn}, by origin`,
    note: `Each origin’s share of the 30-day downloads of the ${state.hfn} most downloaded models on the Hub that day${state.scope === 'llm' ? ' (the language models among them)' : ''}. Daily.`,
    controls: topNControl(ctx, topN),
    notices: topNNotices(state, rows, days, keys),
    chart: StackedArea(stackRows(buckets), {
      id,
      title: `Share of the 30-day downloads of the Hugging Face top ${state.hfn}, by origin, daily`,
      width: ctx.chartWidth,
      height: 300,
      groups: ORIGIN_GROUPS,
      dates: keys,
      interval: 'day',
      format: formatShare,
      axisFormat: formatShareAxis,
      markers: state.markers && firstSeen ? releaseMarkers(firstSeen.rows, 'day', 10, { unranked: true }) : [],
      markerLabel: describeFirstSeen,
      createdMarkers: state.markers && firstSeen ? createdMarkers(firstSeen.rows, 'day', 10, { unranked: true }) : [],
      createdLabel: describeHubCreated,
    }),
    csv: {
      columns: [
        'day',
        'scope',
        'attribution',
        'top_n',
        'origin_group',
        'origin_countries',
        'models',
        'downloads_30d',
        'downloads_30d_share',
      ],
      rows: topNCsvRows(state, buckets, rows),
      comments: csvComments(ctx, {
        citation,
        definition: topN.definition,
        rows: `${TOP_N} for scope ${state.scope}, attribution ${state.attr}, top_n ${state.hfn}, summed per day x origin group`,
      }),
    },
    citation,
    json: martUrl(TOP_N, { scope: state.scope, attribution: state.attr, top_n: String(state.hfn) }),
    fileSuffix: `${state.scope}_${state.attr}_top${state.hfn}_${fileSuffix(state)}`,
    after: [howMeasured(TOP_N, topN.definition)],
  });
}

function trackedChart(
  ctx: ViewContext,
  weekly: MartResponse<WeeklyShareRow>,
  weeks: readonly string[],
  firstSeen: MartResponse<FirstSeenRow> | null,
): Node {
  const { state } = ctx;
  const rows = weekly.rows.filter((r) => weekInRange(r.week_start, state));
  const buckets = bucketRows(rows, (r) => ({
    date: r.week_start,
    origin: r.origin_country,
    value: r.downloads_30d_share,
    complete: r.is_complete_week,
  }));
  const citation = [citationText('huggingface', latestAsOf(rows.map((r) => r.as_of)))];
  const incomplete = [
    ...new Set(rows.filter((r) => !r.is_complete_week).map((r) => `${r.week_start} (snapshot of ${r.snapshot_day})`)),
  ];
  const id = 'hf-tracked-share';
  return chartCard({
    id,
    title: 'Share of tracked Hugging Face downloads, by origin',
    note: 'Each origin’s share of the 30-day downloads of all tracked models (the tracked organisations plus the global top N), on the last snapshot of each week.',
    notices: [
      incomplete.length
        ? notice(
            `Partial week: ${incomplete.join(', ')} is not a Sunday snapshot, so it is veiled${sourceFreshness(ctx.freshness, 'huggingface').stale ? ' (collection has stopped: it stays partial)' : ' and will change'}.`,
          )
        : null,
    ],
    chart: StackedArea(stackRows(buckets), {
      id,
      title: 'Share of the 30-day downloads of tracked Hugging Face models, by origin, weekly',
      width: ctx.chartWidth,
      height: 300,
      groups: ORIGIN_GROUPS,
      dates: fillKeys(weeks, 'week'),
      interval: 'week',
      format: formatShare,
      axisFormat: formatShareAxis,
      markers: state.markers && firstSeen ? releaseMarkers(firstSeen.rows, 'week', 10, { unranked: true }) : [],
      markerLabel: describeFirstSeen,
      createdMarkers: state.markers && firstSeen ? createdMarkers(firstSeen.rows, 'week', 10, { unranked: true }) : [],
      createdLabel: describeHubCreated,
    }),
    csv: {
      columns: [
        'week_start',
        'scope',
        'attribution',
        'origin_group',
        'origin_countries',
        'downloads_30d_share',
        'is_complete_week',
      ],
      rows: buckets.map((b) => ({
        week_start: b.date,
        scope: state.scope,
        attribution: state.attr,
        origin_group: b.origin_group,
        origin_countries: b.origin_countries,
        downloads_30d_share: b.value,
        is_complete_week: b.complete,
      })),
      comments: csvComments(ctx, {
        citation,
        definition: weekly.definition,
        rows: `downloads_30d_share of ${WEEKLY} for scope ${state.scope}, attribution ${state.attr}, summed per week x origin group`,
      }),
    },
    citation,
    json: martUrl(WEEKLY, { scope: state.scope, attribution: state.attr }),
    fileSuffix: `${state.scope}_${state.attr}_${fileSuffix(state)}`,
    after: [howMeasured(WEEKLY, weekly.definition)],
  });
}

/** Developers in the range, largest 30-day downloads first, with their country. */
function rankDevelopers(
  rows: readonly DeveloperRow[],
): Map<string, { key: string; origin: string; downloads: number }> {
  const latest = new Map<string, { key: string; origin: string; downloads: number }>();
  for (const r of rows) {
    const key = developerKey(r);
    const value = r.downloads_30d === null ? 0 : Number(r.downloads_30d);
    const entry = latest.get(key) ?? { key, origin: r.origin_country, downloads: 0 };
    entry.downloads = Math.max(entry.downloads, value);
    latest.set(key, entry);
  }
  return new Map([...latest.entries()].sort(([, a], [, b]) => b.downloads - a.downloads || (a.key < b.key ? -1 : 1)));
}

/** Exactly the rows drawn: one per week and chosen developer, NULL where a developer had no tracked model. */
function developerCsvRows(
  state: ViewContext['state'],
  weekKeys: readonly string[],
  chosen: readonly string[],
  find: (week: string, key: string) => DeveloperRow | undefined,
  origins: ReadonlyMap<string, { origin: string }>,
  complete: ReadonlyMap<string, boolean>,
): Array<Record<string, string | number | boolean | null>> {
  return weekKeys.flatMap((week) =>
    chosen.map((key) => {
      const row = find(week, key);
      return {
        week_start: week,
        scope: state.scope,
        attribution: state.attr,
        organisation: row?.organisation ?? key,
        origin_country: row?.origin_country ?? origins.get(key)!.origin,
        snapshot_day: row?.snapshot_day ?? null,
        models: row?.models ?? null,
        downloads_30d: row?.downloads_30d ?? null,
        models_with_all_time: row?.models_with_all_time ?? null,
        downloads_all_time: row?.downloads_all_time ?? null,
        is_complete_week: complete.get(week) ?? null,
      };
    }),
  );
}

/** The developers in range, ranked by their latest 30-day downloads, the ones drawn, their styles and weeks. */
function developerPlot(ctx: ViewContext, developers: MartResponse<DeveloperRow>, weeks: readonly string[]) {
  const { state } = ctx;
  const rows = developers.rows.filter((r) => weekInRange(r.week_start, state));
  const latest = rankDevelopers(rows);
  const ranked = [...latest.values()];
  const chosen = (state.hfdev ?? ranked.slice(0, DEFAULT_DEVELOPERS).map((d) => d.key)).filter((k) => latest.has(k));
  const style = lineStyles(ranked.map((d) => ({ key: d.key, origin: d.origin })));
  const weekKeys = fillKeys(weeks, 'week');
  const complete = new Map(rows.map((r) => [r.week_start, r.is_complete_week]));
  const find = (week: string, key: string) => rows.find((r) => r.week_start === week && developerKey(r) === key);
  return { rows, latest, ranked, chosen, style, weekKeys, complete, find };
}

type DeveloperPlot = ReturnType<typeof developerPlot>;

/** One line per chosen developer of `measure`, scaled as asked. */
function developerLines(
  plot: DeveloperPlot,
  measure: 'downloads_30d' | 'downloads_all_time',
  scale: State['devscale'],
): Series[] {
  const { chosen, latest, style, weekKeys, find, complete } = plot;
  // A developer with no tracked model on a week's snapshot has no row: NULL, drawn as a gap (it was not tracked).
  return scaled(
    chosen.map((key) => ({
      key,
      label: `${key} (${originWords(latest.get(key)!.origin)})`,
      endLabel: key,
      color: style.get(key)!.color,
      dash: style.get(key)!.dash,
      points: weekKeys.map((week) => {
        const value = find(week, key)?.[measure];
        return {
          date: week,
          value: value === null || value === undefined ? null : Number(value),
          complete: complete.get(week) ?? true,
        };
      }),
    })),
    scale,
  );
}

const DEVELOPER_COLUMNS = [
  'week_start',
  'scope',
  'attribution',
  'organisation',
  'origin_country',
  'snapshot_day',
  'models',
  'downloads_30d',
  'models_with_all_time',
  'downloads_all_time',
  'is_complete_week',
];

type DeveloperCardWords = Pick<CardSpec, 'id' | 'title' | 'note' | 'controls' | 'notices'> & { chartTitle: string };

/** A card drawing one measure per developer; the two cards share the data, CSV and links. */
function developerCardMaker(
  ctx: ViewContext,
  plot: DeveloperPlot,
  developers: MartResponse<DeveloperRow>,
  firstSeen: MartResponse<FirstSeenRow> | null,
): (measure: 'downloads_30d' | 'downloads_all_time', words: DeveloperCardWords) => HTMLElement {
  const { state } = ctx;
  const csvRows = developerCsvRows(state, plot.weekKeys, plot.chosen, plot.find, plot.latest, plot.complete);
  const citation = [citationText('huggingface', latestAsOf(plot.rows.map((r) => r.as_of)))];
  const markers = state.markers && firstSeen ? releaseMarkers(firstSeen.rows, 'week', 10, { unranked: true }) : [];
  const created = state.markers && firstSeen ? createdMarkers(firstSeen.rows, 'week', 10, { unranked: true }) : [];
  return (measure, { chartTitle, ...card }) =>
    chartCard({
      ...card,
      chart: MultiLine(developerLines(plot, measure, state.devscale), {
        id: card.id,
        title: chartTitle,
        width: ctx.chartWidth,
        height: 320,
        dates: plot.weekKeys,
        ...developerFormats(state.devscale, formatDownloads),
        scale: state.devscale === 'log' ? 'log' : 'linear',
        directLabels: true,
        markers,
        markerLabel: describeFirstSeen,
        createdMarkers: created,
        createdLabel: describeHubCreated,
      }),
      csv: {
        columns: DEVELOPER_COLUMNS,
        rows: csvRows,
        comments: csvComments(ctx, {
          citation,
          definition: developers.definition,
          rows: `${DEVELOPERS} for scope ${state.scope}, attribution ${state.attr}, the developers drawn, one per week`,
        }),
      },
      citation,
      json: martUrl(DEVELOPERS, { scope: state.scope, attribution: state.attr }),
      fileSuffix: `${state.scope}_${state.attr}_${fileSuffix(state)}`,
      after: [howMeasured(DEVELOPERS, developers.definition)],
    });
}

function developerCharts(
  ctx: ViewContext,
  developers: MartResponse<DeveloperRow> | null,
  weeks: readonly string[],
  firstSeen: MartResponse<FirstSeenRow> | null,
): Node[] {
  if (!developers)
    return [
      emptyState(
        'No developer series yet',
        `The table ${DEVELOPERS} has not been built yet: run \`adoption-tracker transform\`.`,
      ),
    ];
  const { state } = ctx;
  const plot = developerPlot(ctx, developers, weeks);
  const developerCard = developerCardMaker(ctx, plot, developers, firstSeen);
  const recent = developerCard('downloads_30d', {
    id: 'hf-developers-30d',
    title: '30-day Hugging Face downloads per developer',
    note: 'The Hub’s rolling 30-day download count of each developer’s tracked models, on the last snapshot of each week (a rolling window: never add weeks together). Each developer has its own colour; the country is in its label.',
    chartTitle: `30-day Hugging Face downloads per developer, weekly${state.devscale === 'log' ? ' (log scale)' : state.devscale === 'index' ? ' (indexed: first whole week = 100)' : ''}`,
    controls: el(
      'div',
      { class: 'card-controls' },
      developerPicker('hf-dev', plot.ranked, plot.style, plot.chosen, (hfdev) => ctx.setState({ hfdev })),
      scaleControl(ctx, 'hf-dev-scale'),
    ),
    notices: [plot.chosen.length === 0 ? notice('No developer selected: tick one or more above.') : null],
  });
  const hasAllTime = plot.rows.some((r) => r.downloads_all_time !== null);
  if (!hasAllTime) {
    return [
      recent,
      emptyState(
        'Cumulative (all-time) downloads per developer: not collected yet',
        'The shipped history recorded only the 30-day counts, so downloads_all_time is empty for every week in this range. ' +
          'The cumulative series ("when did Qwen pass Llama?") starts with the first daily Hugging Face collection, which asks the Hub for all-time counts.',
      ),
    ];
  }
  return [
    recent,
    developerCard('downloads_all_time', {
      id: 'hf-developers-all-time',
      title: 'Cumulative Hugging Face downloads per developer',
      note: 'All-time downloads of each developer’s tracked models that report them, on the last snapshot of each week. Weeks before all-time counts were collected are gaps.',
      chartTitle: 'All-time Hugging Face downloads per developer, weekly',
    }),
  ];
}

export const huggingFaceView: View = {
  path: 'huggingface',
  nav: 'Hugging Face',
  title: 'Hugging Face: downloads by origin',
  lede: 'From daily snapshots of the Hugging Face Hub: the most downloaded models and every model of the tracked organisations, attributed to a country.',
  channels: ['huggingface'],
  render,
};
