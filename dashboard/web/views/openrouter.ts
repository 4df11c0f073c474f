/**
 * The OpenRouter view: Chinese models in the weekly top N, token share by origin (stacked) and the Chinese share
 * with its low/high band, the week's top 20 with moves, entrants and exits, and tokens per developer.
 */
import { loadMart, martUrl, type MartResponse } from '../api.ts';
import { chartCard } from '../card.ts';
import { ExitsTable } from '../charts/ExitsTable.ts';
import { MultiLine, type Series } from '../charts/MultiLine.ts';
import { StackedArea } from '../charts/StackedArea.ts';
import { TopModelsTable, type TopModelRow } from '../charts/TopModelsTable.ts';
import { WeeklyLine, type WeekPoint } from '../charts/WeeklyLine.ts';
import { checkboxControl, multiControl, radioControl, rangeControl, selectControl } from '../controls.ts';
import { citationText, el, howMeasured, emptyState, latestAsOf, notice, openRouterCitation } from '../dom.ts';
import { formatExact, formatIndex, formatLargeAxis, formatShare, formatShareAxis, formatTokens } from '../format.ts';
import { DASHES, ORIGIN_COLORS, originWords, SERIES_COLORS } from '../palette.ts';
import { weekInRange, type DevScale } from '../state.ts';
import { daysInWeek, partialWeekWords, sourceFreshness } from '../freshness.ts';
import {
  bucketRows,
  catalogueNames,
  csvComments,
  describeFirstSeen,
  fileSuffix,
  missingDataReason,
  ORIGIN_GROUPS,
  releaseMarkers,
  stackRows,
  type FirstSeenRow,
} from './shared.ts';
import {
  FAMILY_SHARE,
  familyCountRows,
  originCountCard,
  partialNotice,
  SHARE,
  type FamilyShareRow,
} from './origin-count.ts';
import { modelName } from '../names.ts';
import type { View, ViewContext } from './types.ts';

export interface OriginShareRow {
  week_start: string;
  origin_country: string;
  models_in_top_10: number;
  models_in_top_20: number;
  models_in_top_50: number;
  total_tokens: number | string;
  token_share_top50: number;
  token_share_all_low: number | null;
  token_share_all_high: number | null;
  is_complete_week: boolean;
  as_of: string;
}

interface TopChangeRow {
  week_start: string;
  model_permaslug: string;
  /** Added on the page from the catalogue (not a column of the mart). */
  model_name?: string | null;
  organisation: string | null;
  origin_country: string | null;
  status: string | null;
  /** NULL for an exit. */
  rank: number | null;
  previous_rank: number | null;
  rank_change: number | null;
  total_tokens: number | string | null;
  previous_total_tokens: number | string | null;
  is_complete_week: boolean;
  as_of: string;
}

interface DeveloperRow {
  week_start: string;
  organisation: string;
  origin_country: string;
  rank: number;
  models: number;
  total_tokens: number | string;
  token_share_top50: number;
  is_complete_week: boolean;
  as_of: string;
}

const CHANGES = 'openrouter_weekly_top_changes';
const DEVELOPERS = 'openrouter_weekly_developer_tokens';
const FIRST_SEEN = 'model_first_seen';

/** One row per week of the data, in order, with its completeness. */
export function openRouterWeeks(rows: readonly OriginShareRow[]): Array<{ week: string; complete: boolean }> {
  const weeks = new Map<string, boolean>();
  for (const r of rows) weeks.set(r.week_start, r.is_complete_week);
  return [...weeks.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, complete]) => ({ week, complete }));
}

function developerKey(r: { organisation: string; origin_country: string }): string {
  return r.organisation === 'UNKNOWN' ? `UNKNOWN (${r.origin_country})` : r.organisation;
}

const DEFAULT_DEVELOPERS = 6;

interface OpenRouterData {
  share: MartResponse<OriginShareRow>;
  changes: MartResponse<TopChangeRow> | null;
  developers: MartResponse<DeveloperRow> | null;
  firstSeen: MartResponse<FirstSeenRow> | null;
  /** Catalogue names by permaslug (empty without a catalogue). */
  names: Map<string, string>;
  /** openrouter_weekly_origin_family_share when the count chart counts families (?count=family), else null. */
  families: MartResponse<FamilyShareRow> | null;
}

type Week = { week: string; complete: boolean };

/** What the charts of one range share: its weeks, rows, markers, citation and partial-week notice. */
interface RangeParts {
  weeks: Week[];
  inRange: OriginShareRow[];
  markers: ReturnType<typeof releaseMarkers>;
  citation: string[];
  asOf: string | null;
  /** A function: each card needs its own element. */
  partial: () => HTMLElement | null;
}

async function loadOpenRouter(ctx: ViewContext): Promise<OpenRouterData | Node[]> {
  const { catalog } = ctx;
  if (!catalog.get(SHARE)?.built) {
    return [
      emptyState(
        'No OpenRouter tables yet',
        'The OpenRouter tables have not been built yet: they are built after the first collection (or run `adoption-tracker transform`). Reload this page afterwards.',
      ),
    ];
  }
  const share = await loadMart<OriginShareRow>(SHARE, { category: 'all' });
  if (share.rows.length === 0) return [emptyState('No OpenRouter data yet', await missingDataReason('openrouter'))];
  const [changes, developers, firstSeen, names, families] = await Promise.all([
    catalog.get(CHANGES)?.built ? loadMart<TopChangeRow>(CHANGES, { category: 'all' }) : null,
    catalog.get(DEVELOPERS)?.built ? loadMart<DeveloperRow>(DEVELOPERS, { category: 'all' }) : null,
    catalog.get(FIRST_SEEN)?.built ? loadMart<FirstSeenRow>(FIRST_SEEN, { channel: 'openrouter' }) : null,
    catalogueNames(ctx),
    ctx.state.count === 'family' && catalog.get(FAMILY_SHARE)?.built
      ? loadMart<FamilyShareRow>(FAMILY_SHARE, { category: 'all' })
      : null,
  ]);
  return { share, changes, developers, firstSeen, names, families };
}

function viewControls(ctx: ViewContext, first: string, lastDay: string): HTMLElement {
  const { state } = ctx;
  return el(
    'div',
    { class: 'view-controls' },
    rangeControl({
      from: state.from,
      to: state.to,
      min: first,
      max: lastDay,
      onChange: (range) => ctx.setState(range),
    }),
    checkboxControl({
      id: 'markers',
      label: 'Label the models that entered the top 10 in their first week',
      checked: state.markers,
      onChange: (markers) => ctx.setState({ markers }),
    }),
  );
}

function rangeParts(ctx: ViewContext, data: OpenRouterData, weeks: Week[]): RangeParts {
  const { state } = ctx;
  const source = sourceFreshness(ctx.freshness, 'openrouter');
  // Debuts in the top 10: the few new models that move these series; the rest are in the top-20 table.
  const markers = state.markers && data.firstSeen ? releaseMarkers(data.firstSeen.rows, 'week', 10) : [];
  const inRange = data.share.rows.filter((r) => weekInRange(r.week_start, state));
  const asOf = latestAsOf(inRange.map((r) => r.as_of));
  const incomplete = weeks
    .filter((w) => !w.complete)
    .map((w) => ({ week: w.week, days: daysInWeek(w.week, source.latestDay) }));
  return {
    weeks,
    inRange,
    markers,
    citation: [citationText('openrouter', asOf)],
    asOf,
    partial: () => partialNotice(incomplete, !source.stale),
  };
}

async function render(ctx: ViewContext): Promise<Node[]> {
  const { state } = ctx;
  const data = await loadOpenRouter(ctx);
  if (Array.isArray(data)) return data;
  const allWeeks = openRouterWeeks(data.share.rows);
  const weeks = allWeeks.filter((w) => weekInRange(w.week, state));
  const first = allWeeks[0]!.week;
  const lastWeek = allWeeks[allWeeks.length - 1]!.week;
  const lastDay = new Date(Date.parse(`${lastWeek}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const controls = viewControls(ctx, first, lastDay);
  if (weeks.length === 0) {
    return [
      controls,
      emptyState(
        'No weeks in this range',
        `OpenRouter data covers the weeks from ${first} to ${lastWeek}. Pick dates in that span, or press "All".`,
      ),
    ];
  }
  const parts = rangeParts(ctx, data, weeks);
  return [
    controls,
    data.families
      ? originCountCard(
          ctx,
          familyCountRows(data.families.rows).filter((r) => weekInRange(r.week_start, state)),
          weeks,
          {
            definition: data.families.definition,
            markers: parts.markers,
            notices: [parts.partial()],
            countToggle: true,
            byFamily: true,
          },
        )
      : originCountCard(ctx, parts.inRange, weeks, {
          definition: data.share.definition,
          markers: parts.markers,
          notices: [
            parts.partial(),
            state.count === 'family'
              ? notice(`The table ${FAMILY_SHARE} has not been built yet: counting permaslugs.`)
              : null,
          ],
          countToggle: true,
        }),
    originShareCard(ctx, data, parts),
    chineseShareCard(ctx, data, parts),
    topTable(ctx, weeks, data.changes, data.names),
    developerChart(ctx, weeks, data.developers, parts.markers),
    openRouterCitation(parts.asOf),
  ];
}

/** Token share by origin, stacked. */
function originShareCard(
  ctx: ViewContext,
  data: OpenRouterData,
  { weeks, inRange, markers, citation, partial }: RangeParts,
): HTMLElement {
  const buckets = bucketRows(inRange, (r) => ({
    date: r.week_start,
    origin: r.origin_country,
    value: r.token_share_top50,
    complete: r.is_complete_week,
  }));
  const id = 'or-origin-share';
  return chartCard({
    id,
    title: 'Share of OpenRouter tokens by origin',
    note: 'Each origin’s share of the tokens of all named models that week; the tokens OpenRouter reports only as one total (“other”) are left out. Countries other than China and the US are grouped; unknown origin stays its own band.',
    notices: [partial()],
    chart: StackedArea(stackRows(buckets), {
      id,
      title: 'Share of OpenRouter tokens of named models, by origin, weekly',
      width: ctx.chartWidth,
      height: 300,
      groups: ORIGIN_GROUPS,
      dates: weeks.map((w) => w.week),
      interval: 'week',
      format: formatShare,
      axisFormat: formatShareAxis,
      markers,
      markerLabel: describeFirstSeen,
    }),
    csv: {
      columns: ['week_start', 'origin_group', 'origin_countries', 'token_share_top50', 'is_complete_week'],
      rows: buckets.map((b) => ({
        week_start: b.date,
        origin_group: b.origin_group,
        origin_countries: b.origin_countries,
        token_share_top50: b.value,
        is_complete_week: b.complete,
      })),
      comments: csvComments(ctx, {
        citation,
        definition: data.share.definition,
        rows: `token_share_top50 of ${SHARE} (category all) summed per week x origin group`,
      }),
    },
    citation,
    json: martUrl(SHARE, { category: 'all' }),
    fileSuffix: fileSuffix(ctx.state),
    after: [howMeasured(SHARE, data.share.definition)],
  });
}

/** The Chinese share line with its band. */
function chineseShareCard(
  ctx: ViewContext,
  data: OpenRouterData,
  { weeks, inRange, markers, citation, partial }: RangeParts,
): HTMLElement {
  const cnByWeek = new Map(inRange.filter((r) => r.origin_country === 'CN').map((r) => [r.week_start, r]));
  const sharePoints: WeekPoint[] = weeks.map((w) => {
    const row = cnByWeek.get(w.week);
    // No CN row: 0 of the named tokens; the all-token band needs the `other` row that week, so it stays empty.
    return {
      week: w.week,
      complete: w.complete,
      value: row ? row.token_share_top50 : 0,
      low: row?.token_share_all_low ?? null,
      high: row?.token_share_all_high ?? null,
    };
  });
  const id = 'or-cn-share';
  const bandMissing = sharePoints.filter((p) => p.low === null);
  return chartCard({
    id,
    title: 'Chinese share of OpenRouter tokens',
    note: 'Line: share of the tokens of all named models. Band: share of all tokens, from counting the tokens OpenRouter reports only as one total (“other”) as not Chinese (low) to all Chinese (high).',
    notices: [
      partial(),
      bandMissing.length
        ? notice(
            `No band for ${bandMissing.map((p) => p.week).join(', ')}: a day of that week has no “other” total, and a missing total is not read as zero.`,
          )
        : null,
    ],
    chart: WeeklyLine(sharePoints, {
      id,
      title: 'Chinese share of tokens on OpenRouter, weekly',
      width: ctx.chartWidth,
      height: 300,
      color: ORIGIN_COLORS.CN,
      format: formatShare,
      axisFormat: formatShareAxis,
      valueLabel: 'share of named models’ tokens',
      bandLabel: 'share of all tokens (low to high)',
      markers,
      markerLabel: describeFirstSeen,
    }),
    csv: {
      columns: [
        'week_start',
        'origin_country',
        'token_share_top50',
        'token_share_all_low',
        'token_share_all_high',
        'is_complete_week',
        'as_of',
      ],
      rows: weeks.map((w, i) => ({
        week_start: w.week,
        origin_country: 'CN',
        token_share_top50: sharePoints[i]!.value,
        token_share_all_low: sharePoints[i]!.low,
        token_share_all_high: sharePoints[i]!.high,
        is_complete_week: w.complete,
        as_of: cnByWeek.get(w.week)?.as_of ?? null,
      })),
      comments: csvComments(ctx, {
        citation,
        definition: data.share.definition,
        rows: `the CN rows of ${SHARE} (category all), one per week drawn`,
      }),
    },
    citation,
    json: martUrl(SHARE, { category: 'all', origin_country: 'CN' }),
    fileSuffix: fileSuffix(ctx.state),
    after: [howMeasured(SHARE, data.share.definition)],
  });
}

function topTable(
  ctx: ViewContext,
  weeks: ReadonlyArray<{ week: string; complete: boolean }>,
  changes: MartResponse<TopChangeRow> | null,
  names: Map<string, string> = new Map(),
): Node {
  const source = sourceFreshness(ctx.freshness, 'openrouter');
  if (!changes)
    return emptyState(
      'No top-20 table yet',
      `The table ${CHANGES} has not been built yet: run \`adoption-tracker transform\`.`,
    );
  const { state } = ctx;
  const latestComplete = [...weeks].reverse().find((w) => w.complete)?.week ?? weeks[weeks.length - 1]!.week;
  const week = state.week && weeks.some((w) => w.week === state.week) ? state.week : latestComplete;
  const rows = changes.rows
    .filter((r) => r.week_start === week)
    .map((r): TopChangeRow => ({ ...r, model_name: names.get(r.model_permaslug) ?? null }));
  const top = rows.filter((r): r is TopChangeRow & TopModelRow => r.rank !== null && r.status !== 'exit');
  const exits = rows.filter((r) => r.status === 'exit');
  const entrants = top.filter((r) => r.status === 'new');
  const complete = weeks.find((w) => w.week === week)?.complete ?? false;
  const citation = [citationText('openrouter', latestAsOf(rows.map((r) => r.as_of)))];
  const id = 'or-top-20';
  const firstWeek = rows.length > 0 && rows.every((r) => r.status === null);
  const table = TopModelsTable(top, {
    caption: `The 20 models with the most tokens on OpenRouter in the week starting ${week}${complete ? '' : ' (partial week)'}, with the move since the week before`,
    showChange: true,
  });
  const summary = firstWeek
    ? 'The first week of data: there is no earlier week to compare with.'
    : `${entrants.length} new in the top 20 (${entrants.map((r) => modelName('openrouter', r.model_permaslug, r.model_name)).join(', ') || 'none'}); ${exits.length} left it.`;
  const card = chartCard({
    id,
    title: `Top 20 models, week of ${week}`,
    note: summary,
    controls: selectControl({
      id: 'top-week',
      label: 'Week',
      value: week,
      choices: [...weeks]
        .reverse()
        .map((w) => ({ value: w.week, label: `${w.week}${w.complete ? '' : ' (partial week)'}` })),
      onChange: (picked) => ctx.setState({ week: picked === latestComplete ? null : picked }),
    }),
    notices: [
      complete
        ? null
        : notice(
            `The week of ${week} is a ${partialWeekWords(daysInWeek(week, source.latestDay), !source.stale)}: ${source.stale ? 'collection has stopped, so these ranks are of those days only' : 'ranks can change as the remaining days arrive'}.`,
          ),
    ],
    chart: el('div', { class: 'table-wrap' }, table),
    csv: {
      columns: [
        'week_start',
        'status',
        'rank',
        'previous_rank',
        'rank_change',
        'model_permaslug',
        'organisation',
        'origin_country',
        'total_tokens',
        'previous_total_tokens',
        'is_complete_week',
        'as_of',
      ],
      rows: [...top, ...exits],
      comments: csvComments(ctx, {
        citation,
        definition: changes.definition,
        rows: `the rows of ${CHANGES} (category all) for the week of ${week}: its top 20, then the exits`,
      }),
    },
    citation,
    json: martUrl(CHANGES, { category: 'all', week_start: week }),
    fileSuffix: week,
    after: [
      exits.length
        ? el(
            'div',
            { class: 'table-wrap' },
            ExitsTable(exits, { caption: `Left the top 20 in the week of ${week} (${exits.length})` }),
          )
        : firstWeek
          ? null
          : el('p', { class: 'note' }, `No model left the top 20 in the week of ${week}.`),
      howMeasured(CHANGES, changes.definition),
    ],
  });
  return card;
}

/** The scale picker of the developer charts (linear, log, indexed), with the chart it drives. */
export function scaleControl(ctx: ViewContext, id: string): HTMLElement {
  return radioControl({
    id,
    legend: 'Scale',
    value: ctx.state.devscale,
    choices: [
      { value: 'linear' as const, label: 'Linear' },
      { value: 'log' as const, label: 'Log', hint: 'equal steps are equal ratios: small developers stay readable' },
      {
        value: 'index' as const,
        label: 'Indexed',
        hint: 'each line is 100 at its first whole week in the range: growth, not size',
      },
    ],
    onChange: (devscale) => ctx.setState({ devscale }),
  });
}

/** Each series as drawn on the chosen scale: indexed = 100 at the line's first value. */
export function scaled(series: Series[], scale: DevScale): Series[] {
  if (scale !== 'index') return series;
  return series.map((s) => {
    const base = s.points.find((p) => p.value !== null && p.value > 0 && p.complete !== false)?.value ?? null;
    return {
      ...s,
      points: s.points.map((p) => ({ ...p, value: base === null || p.value === null ? null : (p.value / base) * 100 })),
    };
  });
}

function developerSeries(
  rows: readonly DeveloperRow[],
  weeks: readonly Week[],
  chosen: readonly string[],
  style: ReturnType<typeof lineStyles>,
  origins: Map<string, string>,
): Series[] {
  return chosen.map((key) => ({
    key,
    label: `${key} (${originWords(origins.get(key))})`,
    endLabel: key,
    color: style.get(key)!.color,
    dash: style.get(key)!.dash,
    points: weeks.map((w) => {
      const row = rows.find((r) => r.week_start === w.week && developerKey(r) === key);
      // A partial week has fewer days, so fewer tokens: left out rather than drawn as a fall.
      if (!w.complete) return { date: w.week, value: null, complete: false };
      // No row: the developer had no model among the named ones that week; the tokens are then 0, as drawn.
      return { date: w.week, value: row ? Number(row.total_tokens) : 0, complete: w.complete };
    }),
  }));
}

/** The developers in range with their tokens summed over it, largest first. */
function rankByTokens(rows: readonly DeveloperRow[]): Array<{ key: string; origin: string; tokens: number }> {
  const totals = new Map<string, { key: string; origin: string; tokens: number }>();
  for (const r of rows) {
    const key = developerKey(r);
    const entry = totals.get(key) ?? { key, origin: r.origin_country, tokens: 0 };
    entry.tokens += Number(r.total_tokens);
    totals.set(key, entry);
  }
  return [...totals.values()].sort((a, b) => b.tokens - a.tokens || (a.key < b.key ? -1 : 1));
}

/** The developers' checkboxes, largest first, each with its line's swatch (OpenRouter and Hugging Face alike). */
export function developerPicker(
  id: string,
  ranked: ReadonlyArray<{ key: string; origin: string }>,
  style: ReturnType<typeof lineStyles>,
  chosen: readonly string[],
  onChange: (picked: string[]) => void,
): HTMLElement {
  return multiControl({
    id,
    legend: 'Developers (largest first in this range)',
    choices: ranked.map((d) => ({
      value: d.key,
      label: d.key.startsWith('UNKNOWN') ? d.key : `${d.key} (${originWords(d.origin)})`,
      swatch: style.get(d.key),
    })),
    selected: [...chosen],
    // 'none' keeps an empty choice in the URL (no parameter means the default six).
    onChange: (picked) => onChange(picked.length ? picked : ['none']),
  });
}

/** A developer line's value and axis text under each scale: the short form with the exact figure, or the index. */
export function developerFormats(
  scale: DevScale,
  short: (v: number) => string,
): { format: (v: number) => string; axisFormat: (v: number) => string } {
  return {
    format: scale === 'index' ? formatIndex : (v: number) => `${short(v)} (${formatExact(v)})`,
    axisFormat: scale === 'index' ? (v: number) => String(Math.round(v)) : formatLargeAxis,
  };
}

/** Exactly the rows drawn: one per week and chosen developer; no row that week = 0 tokens, as drawn. */
function developerTokenCsvRows(
  rows: readonly DeveloperRow[],
  weeks: readonly Week[],
  chosen: readonly string[],
  origins: ReadonlyMap<string, string>,
): Array<Record<string, string | number | boolean | null>> {
  return weeks.flatMap((w) =>
    chosen.map((key) => {
      const row = rows.find((r) => r.week_start === w.week && developerKey(r) === key);
      return {
        week_start: w.week,
        organisation: row?.organisation ?? key,
        origin_country: row?.origin_country ?? origins.get(key)!,
        total_tokens: row ? row.total_tokens : 0,
        token_share_top50: row ? row.token_share_top50 : 0,
        rank: row?.rank ?? null,
        is_complete_week: w.complete,
        as_of: row?.as_of ?? null,
      };
    }),
  );
}

function developerNotices(
  ctx: ViewContext,
  weeks: readonly Week[],
  chosen: readonly string[],
): Array<HTMLElement | null> {
  const source = sourceFreshness(ctx.freshness, 'openrouter');
  const partialWeeks = weeks
    .filter((w) => !w.complete)
    .map((w) => `${w.week} (${partialWeekWords(daysInWeek(w.week, source.latestDay), !source.stale)})`);
  return [
    chosen.length === 0 ? notice('No developer selected: tick one or more above.') : null,
    partialWeeks.length
      ? notice(
          `Not drawn: the week of ${partialWeeks.join(', ')}. A week with fewer days has fewer tokens, which would read as a fall.`,
        )
      : null,
  ];
}

function developerChart(
  ctx: ViewContext,
  weeks: readonly Week[],
  developers: MartResponse<DeveloperRow> | null,
  markers: ReturnType<typeof releaseMarkers>,
): Node {
  if (!developers)
    return emptyState(
      'No developer series yet',
      `The table ${DEVELOPERS} has not been built yet: run \`adoption-tracker transform\`.`,
    );
  const { state } = ctx;
  const rows = developers.rows.filter((r) => weekInRange(r.week_start, state));
  const ranked = rankByTokens(rows);
  const origins = new Map(ranked.map((d) => [d.key, d.origin]));
  const chosen = (state.ordev ?? ranked.slice(0, DEFAULT_DEVELOPERS).map((d) => d.key)).filter((k) => origins.has(k));
  const style = lineStyles(ranked.map((d) => ({ key: d.key, origin: d.origin })));
  const series = scaled(developerSeries(rows, weeks, chosen, style, origins), state.devscale);
  const citation = [citationText('openrouter', latestAsOf(rows.map((r) => r.as_of)))];
  const id = 'or-developers';
  return chartCard({
    id,
    title: 'OpenRouter tokens per developer',
    note: 'Weekly tokens of each developer’s named models. Each developer has its own colour; the country is in its label.',
    controls: el(
      'div',
      { class: 'card-controls' },
      developerPicker('or-dev', ranked, style, chosen, (ordev) => ctx.setState({ ordev })),
      scaleControl(ctx, 'or-dev-scale'),
    ),
    notices: developerNotices(ctx, weeks, chosen),
    chart: MultiLine(series, {
      id,
      title: `Weekly OpenRouter tokens per developer${state.devscale === 'log' ? ' (log scale)' : state.devscale === 'index' ? ' (indexed: first whole week = 100)' : ''}`,
      width: ctx.chartWidth,
      height: 320,
      dates: weeks.map((w) => w.week),
      ...developerFormats(state.devscale, formatTokens),
      scale: state.devscale === 'log' ? 'log' : 'linear',
      directLabels: true,
      markers,
      markerLabel: describeFirstSeen,
    }),
    csv: {
      columns: [
        'week_start',
        'organisation',
        'origin_country',
        'total_tokens',
        'token_share_top50',
        'rank',
        'is_complete_week',
        'as_of',
      ],
      rows: developerTokenCsvRows(rows, weeks, chosen, origins),
      comments: csvComments(ctx, {
        citation,
        definition: developers.definition,
        rows: `the rows of ${DEVELOPERS} (category all) of the developers drawn, one per week; a week without a row is 0 tokens`,
      }),
    },
    citation,
    json: martUrl(DEVELOPERS, { category: 'all' }),
    fileSuffix: fileSuffix(state),
    after: [howMeasured(DEVELOPERS, developers.definition)],
  });
}

/**
 * A distinct hue per developer, in ranked order (the largest get the most distinct colours); dashes only once the
 * palette is used up. Colour is not spent on country: five US developers would share one colour. The country is
 * in each line's label.
 */
export function lineStyles(
  items: ReadonlyArray<{ key: string; origin: string }>,
): Map<string, { color: string; dash: string }> {
  const out = new Map<string, { color: string; dash: string }>();
  items.forEach(({ key }, i) => {
    out.set(key, {
      color: SERIES_COLORS[i % SERIES_COLORS.length]!,
      dash: DASHES[Math.floor(i / SERIES_COLORS.length) % DASHES.length]!,
    });
  });
  return out;
}

export const openRouterView: View = {
  path: 'openrouter',
  nav: 'OpenRouter',
  title: 'OpenRouter: tokens by origin, week by week',
  lede: 'From OpenRouter’s public daily rankings of the top 50 models by tokens (prompt + completion), summed per week (Monday to Sunday, UTC).',
  channels: ['openrouter'],
  render,
};
