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
import { checkboxControl, multiControl, rangeControl, selectControl } from '../controls.ts';
import { citationText, definitionBlock, el, emptyState, latestAsOf, notice, openRouterCitation } from '../dom.ts';
import { formatCount, formatExact, formatLargeAxis, formatShare, formatShareAxis, formatTokens } from '../format.ts';
import { DASHES, ORIGIN_COLORS, originColor } from '../palette.ts';
import { TOP_N, weekInRange } from '../state.ts';
import {
  bucketRows,
  csvComments,
  describeFirstSeen,
  fileSuffix,
  missingDataReason,
  ORIGIN_GROUPS,
  releaseMarkers,
  stackRows,
  type FirstSeenRow,
} from './shared.ts';
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

/** A row of openrouter_weekly_origin_family_share (the columns the top-N chart reads). */
interface FamilyShareRow {
  week_start: string;
  origin_country: string;
  families_in_top_10: number;
  families_in_top_20: number;
  families_in_top_50: number;
  is_complete_week: boolean;
  as_of: string;
}

interface TopChangeRow {
  week_start: string;
  model_permaslug: string;
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

const SHARE = 'openrouter_weekly_origin_share';
const FAMILY_SHARE = 'openrouter_weekly_origin_family_share';
const CHANGES = 'openrouter_weekly_top_changes';
const DEVELOPERS = 'openrouter_weekly_developer_tokens';
const FIRST_SEEN = 'model_first_seen';

/** One row per week of the data, in order, with its completeness. */
export function openRouterWeeks(rows: readonly OriginShareRow[]): Array<{ week: string; complete: boolean }> {
  const weeks = new Map<string, boolean>();
  for (const r of rows) weeks.set(r.week_start, r.is_complete_week);
  return [...weeks.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, complete]) => ({ week, complete }));
}

function modelsInTop(row: OriginShareRow, n: 10 | 20 | 50): number {
  return n === 10 ? row.models_in_top_10 : n === 20 ? row.models_in_top_20 : row.models_in_top_50;
}

function familiesInTop(row: FamilyShareRow, n: 10 | 20 | 50): number {
  return n === 10 ? row.families_in_top_10 : n === 20 ? row.families_in_top_20 : row.families_in_top_50;
}

function developerKey(r: { organisation: string; origin_country: string }): string {
  return r.organisation === 'UNKNOWN' ? `UNKNOWN (${r.origin_country})` : r.organisation;
}

const DEFAULT_DEVELOPERS = 6;

async function render(ctx: ViewContext): Promise<Node[]> {
  const { state, catalog } = ctx;
  if (!catalog.get(SHARE)?.built) {
    return [emptyState('No OpenRouter tables yet', 'The OpenRouter tables have not been built yet: they are built after the first collection (or run `adoption-tracker transform`). Reload this page afterwards.')];
  }
  const share = await loadMart<OriginShareRow>(SHARE, { category: 'all' });
  if (share.rows.length === 0) {
    return [emptyState('No OpenRouter data yet', await missingDataReason('openrouter'))];
  }
  const [changes, developers, firstSeen, families] = await Promise.all([
    catalog.get(CHANGES)?.built ? loadMart<TopChangeRow>(CHANGES, { category: 'all' }) : null,
    catalog.get(DEVELOPERS)?.built ? loadMart<DeveloperRow>(DEVELOPERS, { category: 'all' }) : null,
    catalog.get(FIRST_SEEN)?.built ? loadMart<FirstSeenRow>(FIRST_SEEN, { channel: 'openrouter' }) : null,
    state.count === 'family' && catalog.get(FAMILY_SHARE)?.built
      ? loadMart<FamilyShareRow>(FAMILY_SHARE, { category: 'all', origin_country: 'CN' })
      : null,
  ]);

  const allWeeks = openRouterWeeks(share.rows);
  const weeks = allWeeks.filter((w) => weekInRange(w.week, state));
  const first = allWeeks[0]!.week;
  const lastWeek = allWeeks[allWeeks.length - 1]!.week;
  const lastDay = new Date(Date.parse(`${lastWeek}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const controls = el(
    'div',
    { class: 'view-controls' },
    rangeControl({ from: state.from, to: state.to, min: first, max: lastDay, onChange: (range) => ctx.setState(range) }),
    checkboxControl({
      id: 'markers',
      label: 'Show release markers (models that entered the top 20 in their first week)',
      checked: state.markers,
      onChange: (markers) => ctx.setState({ markers }),
    }),
  );
  if (weeks.length === 0) {
    return [controls, emptyState('No weeks in this range', `OpenRouter data covers the weeks from ${first} to ${lastWeek}. Pick dates in that span, or press "All".`)];
  }
  // Debuts in the top 20: the new models that can move these series.
  const markers = state.markers && firstSeen ? releaseMarkers(firstSeen.rows, 'week', 20) : [];
  const inRange = share.rows.filter((r) => weekInRange(r.week_start, state));
  const asOf = latestAsOf(inRange.map((r) => r.as_of));
  const citation = [citationText('openrouter', asOf)];
  const suffix = fileSuffix(state);
  // A function: each card needs its own element.
  const incompleteWeeks = weeks.filter((w) => !w.complete).map((w) => w.week);
  const incompleteNotice = () =>
    incompleteWeeks.length
      ? notice(
          incompleteWeeks.length === 1
            ? `The week of ${incompleteWeeks[0]} is incomplete (fewer than 7 days of data): it is drawn hollow and its numbers can change.`
            : `The weeks of ${incompleteWeeks.join(' and ')} are incomplete (fewer than 7 days of data): they are drawn hollow and their numbers can change.`,
        )
      : null;
  const sections: Node[] = [controls];

  // Chinese models in the top N: a model is a permaslug (default) or a family (dated versions and variants together).
  const cnByWeek = new Map(inRange.filter((r) => r.origin_country === 'CN').map((r) => [r.week_start, r]));
  const byFamily = families !== null;
  const cnFamilies = new Map((families?.rows ?? []).map((r) => [r.week_start, r]));
  // The marts hold no zero rows: a week with data but no CN row had no Chinese model among the named ones.
  const cnCount = (week: string): number => {
    if (byFamily) return cnFamilies.has(week) ? familiesInTop(cnFamilies.get(week)!, state.n) : 0;
    return cnByWeek.has(week) ? modelsInTop(cnByWeek.get(week)!, state.n) : 0;
  };
  const countPoints: WeekPoint[] = weeks.map((w) => ({ week: w.week, complete: w.complete, value: cnCount(w.week) }));
  const counted = byFamily ? 'families_in_top_n' : 'models_in_top_n';
  const countCsvRows = weeks.map((w) => ({
    week_start: w.week,
    origin_country: 'CN',
    top_n: state.n,
    [counted]: cnCount(w.week),
    is_complete_week: w.complete,
    as_of: cnByWeek.get(w.week)?.as_of ?? null,
  }));
  const countId = 'or-cn-top-n';
  const what = byFamily ? 'model families' : 'models';
  sections.push(
    chartCard({
      id: countId,
      title: `Chinese ${what} in OpenRouter's weekly top ${state.n}`,
      note: byFamily
        ? `Number of model families whose developer is based in China (origin CN) among the ${state.n} families with the most tokens that week; a family groups a model's dated versions and :free or other variants, as OpenRouter's rankings page does (the list: openrouter_model_families).`
        : `Number of models whose developer is based in China (origin CN) among the ${state.n} models with the most tokens that week; each permaslug counts, so :free variants and dated versions are separate models.`,
      controls: el(
        'div',
        { class: 'card-controls' },
        selectControl({
          id: 'top-n',
          label: 'Top N',
          value: state.n,
          choices: TOP_N.map((n) => ({ value: n, label: `Top ${n}` })),
          onChange: (n) => ctx.setState({ n }),
        }),
        selectControl({
          id: 'count-as',
          label: 'A model is',
          value: state.count,
          choices: [
            { value: 'permaslug', label: 'each permaslug' },
            { value: 'family', label: 'a family (versions and variants together)' },
          ],
          onChange: (count) => ctx.setState({ count }),
        }),
      ),
      notices: [
        incompleteNotice(),
        state.count === 'family' && !byFamily ? notice(`The table ${FAMILY_SHARE} has not been built yet: counting permaslugs.`) : null,
      ],
      chart: WeeklyLine(countPoints, {
        id: countId,
        title: `Chinese ${what} in the weekly top ${state.n} on OpenRouter`,
        width: ctx.chartWidth,
        height: 280,
        color: ORIGIN_COLORS.CN,
        format: formatCount,
        integerTicks: true,
        yDomain: [0, state.n === 10 ? 10 : state.n === 20 ? 20 : 50],
        valueLabel: `Chinese ${what} in the top ${state.n}`,
        markers,
        markerLabel: describeFirstSeen,
      }),
      csv: {
        columns: ['week_start', 'origin_country', 'top_n', counted, 'is_complete_week', 'as_of'],
        rows: countCsvRows,
        comments: csvComments(ctx, {
          citation,
          definition: byFamily ? families!.definition : share.definition,
          rows: byFamily
            ? `CN families_in_top_${state.n} of ${FAMILY_SHARE} (category all), one per week drawn`
            : `CN models_in_top_${state.n} of ${SHARE} (category all), one per week drawn`,
        }),
      },
      citation,
      json: byFamily ? martUrl(FAMILY_SHARE, { category: 'all', origin_country: 'CN' }) : martUrl(SHARE, { category: 'all', origin_country: 'CN' }),
      fileSuffix: `top${state.n}${byFamily ? '_family' : ''}_${suffix}`,
      after: [definitionBlock(byFamily ? families!.definition : share.definition)],
    }),
  );

  // Token share by origin, stacked.
  const buckets = bucketRows(inRange, (r) => ({ date: r.week_start, origin: r.origin_country, value: r.token_share_top50, complete: r.is_complete_week }));
  const stackId = 'or-origin-share';
  sections.push(
    chartCard({
      id: stackId,
      title: 'Share of OpenRouter tokens by origin',
      note: 'Each origin’s share of the tokens of all ranked (named) models that week; the unranked "other" tokens are left out. Countries other than China and the US are grouped; unknown origin stays its own band.',
      notices: [incompleteNotice()],
      chart: StackedArea(stackRows(buckets), {
        id: stackId,
        title: 'Share of OpenRouter tokens of ranked models, by origin, weekly',
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
        rows: buckets.map((b) => ({ week_start: b.date, origin_group: b.origin_group, origin_countries: b.origin_countries, token_share_top50: b.value, is_complete_week: b.complete })),
        comments: csvComments(ctx, { citation, definition: share.definition, rows: `token_share_top50 of ${SHARE} (category all) summed per week x origin group` }),
      },
      citation,
      json: martUrl(SHARE, { category: 'all' }),
      fileSuffix: suffix,
      after: [definitionBlock(share.definition)],
    }),
  );

  // The Chinese share line with its band.
  const sharePoints: WeekPoint[] = weeks.map((w) => {
    const row = cnByWeek.get(w.week);
    // No CN row: 0 of the named tokens; the all-token band needs the `other` row that week, so it stays empty.
    return { week: w.week, complete: w.complete, value: row ? row.token_share_top50 : 0, low: row?.token_share_all_low ?? null, high: row?.token_share_all_high ?? null };
  });
  const cnShareId = 'or-cn-share';
  const bandMissing = sharePoints.filter((p) => p.low === null);
  sections.push(
    chartCard({
      id: cnShareId,
      title: 'Chinese share of OpenRouter tokens',
      note: 'Line: share of the tokens of all ranked (named) models. Band: share of all tokens, from counting the unranked "other" tokens as not Chinese (low) to all Chinese (high).',
      notices: [
        incompleteNotice(),
        bandMissing.length
          ? notice(`No band for ${bandMissing.map((p) => p.week).join(', ')}: a day of that week has no "other" row, and a missing row is not read as zero.`)
          : null,
      ],
      chart: WeeklyLine(sharePoints, {
        id: cnShareId,
        title: 'Chinese share of tokens on OpenRouter, weekly',
        width: ctx.chartWidth,
        height: 300,
        color: ORIGIN_COLORS.CN,
        format: formatShare,
        axisFormat: formatShareAxis,
        valueLabel: 'share of ranked models’ tokens',
        bandLabel: 'share of all tokens (low to high)',
        markers,
        markerLabel: describeFirstSeen,
      }),
      csv: {
        columns: ['week_start', 'origin_country', 'token_share_top50', 'token_share_all_low', 'token_share_all_high', 'is_complete_week', 'as_of'],
        rows: weeks.map((w, i) => ({
          week_start: w.week,
          origin_country: 'CN',
          token_share_top50: sharePoints[i]!.value,
          token_share_all_low: sharePoints[i]!.low,
          token_share_all_high: sharePoints[i]!.high,
          is_complete_week: w.complete,
          as_of: cnByWeek.get(w.week)?.as_of ?? null,
        })),
        comments: csvComments(ctx, { citation, definition: share.definition, rows: `the CN rows of ${SHARE} (category all), one per week drawn` }),
      },
      citation,
      json: martUrl(SHARE, { category: 'all', origin_country: 'CN' }),
      fileSuffix: suffix,
      after: [definitionBlock(share.definition)],
    }),
  );

  sections.push(topTable(ctx, weeks, changes));
  sections.push(developerChart(ctx, weeks, developers, markers));
  sections.push(openRouterCitation(asOf));
  return sections;
}

function topTable(ctx: ViewContext, weeks: ReadonlyArray<{ week: string; complete: boolean }>, changes: MartResponse<TopChangeRow> | null): Node {
  if (!changes) return emptyState('No top-20 table yet', `The table ${CHANGES} has not been built yet: run \`adoption-tracker transform\`.`);
  const { state } = ctx;
  const latestComplete = [...weeks].reverse().find((w) => w.complete)?.week ?? weeks[weeks.length - 1]!.week;
  const week = state.week && weeks.some((w) => w.week === state.week) ? state.week : latestComplete;
  const rows = changes.rows.filter((r) => r.week_start === week);
  const top = rows.filter((r): r is TopChangeRow & TopModelRow => r.rank !== null && r.status !== 'exit');
  const exits = rows.filter((r) => r.status === 'exit');
  const entrants = top.filter((r) => r.status === 'new');
  const complete = weeks.find((w) => w.week === week)?.complete ?? false;
  const citation = [citationText('openrouter', latestAsOf(rows.map((r) => r.as_of)))];
  const id = 'or-top-20';
  const firstWeek = rows.length > 0 && rows.every((r) => r.status === null);
  const table = TopModelsTable(top, {
    caption: `The 20 models with the most tokens on OpenRouter in the week starting ${week}${complete ? '' : ' (incomplete week)'}, with the move since the week before`,
    showChange: true,
  });
  const summary = firstWeek
    ? 'The first week of data: there is no earlier week to compare with.'
    : `${entrants.length} new in the top 20 (${entrants.map((r) => r.model_permaslug).join(', ') || 'none'}); ${exits.length} left it.`;
  const card = chartCard({
    id,
    title: `Top 20 models, week of ${week}`,
    note: summary,
    controls: selectControl({
      id: 'top-week',
      label: 'Week',
      value: week,
      choices: [...weeks].reverse().map((w) => ({ value: w.week, label: `${w.week}${w.complete ? '' : ' (incomplete)'}` })),
      onChange: (picked) => ctx.setState({ week: picked === latestComplete ? null : picked }),
    }),
    notices: [complete ? null : notice('This week is incomplete: ranks can still change as the remaining days arrive.')],
    chart: el('div', { class: 'table-wrap' }, table),
    csv: {
      columns: ['week_start', 'status', 'rank', 'previous_rank', 'rank_change', 'model_permaslug', 'organisation', 'origin_country', 'total_tokens', 'previous_total_tokens', 'is_complete_week', 'as_of'],
      rows: [...top, ...exits],
      comments: csvComments(ctx, { citation, definition: changes.definition, rows: `the rows of ${CHANGES} (category all) for the week of ${week}: its top 20, then the exits` }),
    },
    citation,
    json: martUrl(CHANGES, { category: 'all', week_start: week }),
    fileSuffix: week,
    after: [
      exits.length
        ? el('div', { class: 'table-wrap' }, ExitsTable(exits, { caption: `Left the top 20 in the week of ${week} (${exits.length})` }))
        : firstWeek
          ? null
          : el('p', { class: 'note' }, 'No model left the top 20 this week.'),
      definitionBlock(changes.definition),
    ],
  });
  return card;
}

function developerChart(
  ctx: ViewContext,
  weeks: ReadonlyArray<{ week: string; complete: boolean }>,
  developers: MartResponse<DeveloperRow> | null,
  markers: ReturnType<typeof releaseMarkers>,
): Node {
  if (!developers) return emptyState('No developer series yet', `The table ${DEVELOPERS} has not been built yet: run \`adoption-tracker transform\`.`);
  const { state } = ctx;
  const rows = developers.rows.filter((r) => weekInRange(r.week_start, state));
  const totals = new Map<string, { key: string; origin: string; tokens: number }>();
  for (const r of rows) {
    const key = developerKey(r);
    const entry = totals.get(key) ?? { key, origin: r.origin_country, tokens: 0 };
    entry.tokens += Number(r.total_tokens);
    totals.set(key, entry);
  }
  const ranked = [...totals.values()].sort((a, b) => b.tokens - a.tokens || (a.key < b.key ? -1 : 1));
  const chosen = (state.ordev ?? ranked.slice(0, DEFAULT_DEVELOPERS).map((d) => d.key)).filter((k) => totals.has(k));
  const style = lineStyles(ranked.map((d) => ({ key: d.key, origin: d.origin })));
  const series: Series[] = chosen.map((key) => ({
    key,
    label: key,
    color: style.get(key)!.color,
    dash: style.get(key)!.dash,
    points: weeks.map((w) => {
      const row = rows.find((r) => r.week_start === w.week && developerKey(r) === key);
      // No row: the developer had no model among the named ones that week; the tokens are then 0, as drawn.
      return { date: w.week, value: row ? Number(row.total_tokens) : 0, complete: w.complete };
    }),
  }));
  const drawnRows = weeks.flatMap((w) =>
    chosen.map((key) => {
      const row = rows.find((r) => r.week_start === w.week && developerKey(r) === key);
      return {
        week_start: w.week,
        organisation: row?.organisation ?? key,
        origin_country: row?.origin_country ?? totals.get(key)!.origin,
        total_tokens: row ? row.total_tokens : 0,
        token_share_top50: row ? row.token_share_top50 : 0,
        rank: row?.rank ?? null,
        is_complete_week: w.complete,
        as_of: row?.as_of ?? null,
      };
    }),
  );
  const citation = [citationText('openrouter', latestAsOf(rows.map((r) => r.as_of)))];
  const id = 'or-developers';
  return chartCard({
    id,
    title: 'OpenRouter tokens per developer',
    note: 'Weekly tokens of each developer’s ranked models. Colour = the developer’s country (China orange, US blue); line style tells developers of one country apart. A partial week has fewer tokens because it has fewer days.',
    controls: multiControl({
      id: 'or-dev',
      legend: 'Developers (largest first in this range)',
      choices: ranked.map((d) => ({ value: d.key, label: d.key.startsWith('UNKNOWN') ? d.key : `${d.key} (${d.origin})`, swatch: style.get(d.key) })),
      selected: chosen,
      // 'none' keeps an empty choice in the URL (no parameter means the default six).
      onChange: (ordev) => ctx.setState({ ordev: ordev.length ? ordev : ['none'] }),
    }),
    notices: [chosen.length === 0 ? notice('No developer selected: tick one or more above.') : null],
    chart: MultiLine(series, {
      id,
      title: 'Weekly OpenRouter tokens per developer',
      width: ctx.chartWidth,
      height: 320,
      dates: weeks.map((w) => w.week),
      format: (v) => `${formatTokens(v)} (${formatExact(v)})`,
      axisFormat: formatLargeAxis,
      markers,
      markerLabel: describeFirstSeen,
    }),
    csv: {
      columns: ['week_start', 'organisation', 'origin_country', 'total_tokens', 'token_share_top50', 'rank', 'is_complete_week', 'as_of'],
      rows: drawnRows,
      comments: csvComments(ctx, { citation, definition: developers.definition, rows: `the rows of ${DEVELOPERS} (category all) of the developers drawn, one per week; a week without a row is 0 tokens` }),
    },
    citation,
    json: martUrl(DEVELOPERS, { category: 'all' }),
    fileSuffix: fileSuffix(state),
    after: [definitionBlock(developers.definition)],
  });
}

/** Colour by origin; dash by order within that origin, so two Chinese developers never look alike. */
export function lineStyles(items: ReadonlyArray<{ key: string; origin: string }>): Map<string, { color: string; dash: string }> {
  const seen = new Map<string, number>();
  const out = new Map<string, { color: string; dash: string }>();
  for (const { key, origin } of items) {
    const color = originColor(origin);
    const i = seen.get(color) ?? 0;
    seen.set(color, i + 1);
    out.set(key, { color, dash: DASHES[i % DASHES.length]! });
  }
  return out;
}

export const openRouterView: View = {
  path: 'openrouter',
  nav: 'OpenRouter',
  title: 'OpenRouter: tokens by origin, week by week',
  lede: 'From OpenRouter’s public daily rankings of the top 50 models by tokens (prompt + completion), summed per week (Monday to Sunday, UTC).',
  render,
};
