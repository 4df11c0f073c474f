/**
 * The count chart the overview and the OpenRouter view share: how many of OpenRouter's weekly top N models come from
 * each origin group (China, the US, other countries, international groups, unknown), a line each, labelled at its
 * end. The mart holds no zero rows: in a week with data, a group without a row had no model in the top N (0).
 */
import { martUrl } from '../api.ts';
import { chartCard } from '../card.ts';
import type { Marker } from '../charts/frame.ts';
import { MultiLine, type Series } from '../charts/MultiLine.ts';
import { selectControl } from '../controls.ts';
import { citationText, el, howMeasured, latestAsOf, notice } from '../dom.ts';
import { formatCount } from '../format.ts';
import { ORIGIN_BUCKETS, ORIGIN_COLORS, ORIGIN_LABELS, originBucket, type OriginBucket } from '../palette.ts';
import { TOP_N } from '../state.ts';
import { csvComments, describeFirstSeen, fileSuffix } from './shared.ts';
import type { ViewContext } from './types.ts';
import type { OriginShareRow } from './openrouter.ts';

export const SHARE = 'openrouter_weekly_origin_share';
/** The same grain, counting a model as a family (dated versions and :free or other variants together). */
export const FAMILY_SHARE = 'openrouter_weekly_origin_family_share';

/** A row of openrouter_weekly_origin_family_share (the columns the count chart reads). */
export interface FamilyShareRow {
  week_start: string;
  origin_country: string;
  families_in_top_10: number;
  families_in_top_20: number;
  families_in_top_50: number;
  is_complete_week: boolean;
  as_of: string;
}

/** Family rows in the shape the count chart reads: the family counts stand in for the permaslug counts. */
export function familyCountRows(rows: readonly FamilyShareRow[]): OriginShareRow[] {
  return rows.map((r) => ({
    week_start: r.week_start,
    origin_country: r.origin_country,
    models_in_top_10: r.families_in_top_10,
    models_in_top_20: r.families_in_top_20,
    models_in_top_50: r.families_in_top_50,
    total_tokens: 0,
    token_share_top50: 0,
    token_share_all_low: null,
    token_share_all_high: null,
    is_complete_week: r.is_complete_week,
    as_of: r.as_of,
  }));
}

export function modelsInTop(row: OriginShareRow, n: 10 | 20 | 50): number {
  return n === 10 ? row.models_in_top_10 : n === 20 ? row.models_in_top_20 : row.models_in_top_50;
}

/** Count per week x origin group; the member countries are kept for the CSV. */
export function countsByGroup(
  rows: readonly OriginShareRow[],
  weeks: ReadonlyArray<{ week: string; complete: boolean }>,
  n: 10 | 20 | 50,
): Array<{ week: string; complete: boolean; group: OriginBucket; count: number; countries: string }> {
  const out: Array<{ week: string; complete: boolean; group: OriginBucket; count: number; countries: string }> = [];
  for (const w of weeks) {
    const mine = rows.filter((r) => r.week_start === w.week);
    for (const group of ORIGIN_BUCKETS) {
      const members = mine.filter((r) => originBucket(r.origin_country) === group && modelsInTop(r, n) > 0);
      out.push({
        week: w.week,
        complete: w.complete,
        group,
        count: members.reduce((sum, r) => sum + modelsInTop(r, n), 0),
        countries: members
          .map((r) => r.origin_country)
          .sort()
          .join(' '),
      });
    }
  }
  return out;
}

/** One line per origin group, its latest count at the line's end: the number and its history read together. */
function countSeries(
  counts: ReturnType<typeof countsByGroup>,
  groups: readonly OriginBucket[],
  lastWeek: string | undefined,
): Series[] {
  const latest = (group: OriginBucket) => counts.find((c) => c.group === group && c.week === lastWeek)?.count;
  return groups.map((group) => ({
    key: group,
    label: ORIGIN_LABELS[group],
    endLabel: `${ORIGIN_LABELS[group]} ${latest(group) ?? ''}`.trim(),
    color: ORIGIN_COLORS[group],
    points: counts
      .filter((c) => c.group === group)
      .map((c) => ({ date: c.week, value: c.count, complete: c.complete })),
  }));
}

function countNote(
  n: number,
  { compact, countToggle, byFamily }: { compact: boolean; countToggle: boolean; byFamily: boolean },
): string {
  const models = byFamily ? 'model families' : 'models';
  return (
    (compact
      ? `Models of each origin among the ${n} with the most tokens each week, over the whole record; the lines add up to ${n}.`
      : `Each line counts the ${models} of one origin among the ${n} with the most tokens that week; the lines add up to ${n}. China, the United States, other countries together, international groups, and unknown origin, which is never counted as “not Chinese”.`) +
    (byFamily
      ? ' A family groups a model’s dated versions and :free or other variants, as OpenRouter’s rankings page does (every family: openrouter_model_families).'
      : countToggle
        ? ' Each permaslug counts, as the Data API lists them: :free variants and dated versions are separate models.'
        : '')
  );
}

/** Top N, and "a model is: each permaslug / a family" where offered. */
function countControls(ctx: ViewContext, countToggle: boolean): HTMLElement {
  const { state } = ctx;
  return el(
    'div',
    { class: 'card-controls' },
    selectControl({
      id: 'top-n',
      label: 'Top N',
      value: state.n,
      choices: TOP_N.map((v) => ({ value: v, label: `Top ${v}` })),
      onChange: (picked) => ctx.setState({ n: picked }),
    }),
    countToggle
      ? selectControl({
          id: 'count-as',
          label: 'A model is',
          value: state.count,
          choices: [
            { value: 'permaslug', label: 'each permaslug' },
            { value: 'family', label: 'a family (versions and variants together)' },
          ],
          onChange: (count) => ctx.setState({ count }),
        })
      : null,
  );
}

export function originCountCard(
  ctx: ViewContext,
  rows: readonly OriginShareRow[],
  weeks: ReadonlyArray<{ week: string; complete: boolean }>,
  {
    definition,
    markers,
    notices = [],
    height = 300,
    compact = false,
    countToggle = false,
    byFamily = false,
  }: {
    definition: string | null;
    markers: readonly Marker[];
    notices?: ReadonlyArray<HTMLElement | null>;
    height?: number;
    compact?: boolean;
    /** Offer "a model is: each permaslug / a family" (the OpenRouter view). */
    countToggle?: boolean;
    /** The rows count families (familyCountRows of openrouter_weekly_origin_family_share). */
    byFamily?: boolean;
  },
): HTMLElement {
  const { state } = ctx;
  const n = state.n;
  const models = byFamily ? 'model families' : 'models';
  const mart = byFamily ? FAMILY_SHARE : SHARE;
  const counted = byFamily ? 'families_in_top_n' : 'models_in_top_n';
  const counts = countsByGroup(rows, weeks, n);
  // Only groups with a model in the top N at some week in range get a line (China always does, to show its zeros).
  const groups = ORIGIN_BUCKETS.filter((g) => g === 'CN' || counts.some((c) => c.group === g && c.count > 0));
  const series = countSeries(counts, groups, weeks[weeks.length - 1]?.week);
  const citation = [citationText('openrouter', latestAsOf(rows.map((r) => r.as_of)))];
  const id = 'or-top-n-by-origin';
  return chartCard({
    id,
    title: `How many of OpenRouter’s weekly top ${n} ${models} are Chinese`,
    note: countNote(n, { compact, countToggle, byFamily }),
    controls: countControls(ctx, countToggle),
    notices,
    chart: MultiLine(series, {
      id,
      title: `${byFamily ? 'Model families' : 'Models'} in OpenRouter’s weekly top ${n}, by origin`,
      width: ctx.chartWidth,
      height,
      dates: weeks.map((w) => w.week),
      format: formatCount,
      integerTicks: true,
      yDomain: [0, n],
      directLabels: true,
      markers,
      markerLabel: describeFirstSeen,
    }),
    csv: {
      columns: ['week_start', 'top_n', 'origin_group', 'origin_countries', counted, 'is_complete_week'],
      rows: counts
        .filter((c) => groups.includes(c.group))
        .map((c) => ({
          week_start: c.week,
          top_n: n,
          origin_group: c.group,
          origin_countries: c.countries,
          [counted]: c.count,
          is_complete_week: c.complete,
        })),
      comments: csvComments(ctx, {
        citation,
        definition,
        rows: `${byFamily ? 'families' : 'models'}_in_top_${n} of ${mart} (category all) summed per week x origin group; a group without a row that week had no model in the top ${n}`,
      }),
    },
    citation,
    json: martUrl(mart, { category: 'all' }),
    fileSuffix: `top${n}${byFamily ? '_family' : ''}_${fileSuffix(state)}`,
    after: [howMeasured(mart, definition)],
  });
}

/** The partial-week notice for OpenRouter charts, by what the weeks are: "partial weeks, drawn hollow: … (5 of 7 days)". */
export function partialNotice(
  incomplete: ReadonlyArray<{ week: string; days: number | null }>,
  live: boolean,
): HTMLElement | null {
  if (incomplete.length === 0) return null;
  const unknown = incomplete.filter((w) => w.days === null).map((w) => w.week);
  const known = incomplete
    .filter((w) => w.days !== null)
    .map((w) => `${w.week} (${w.days} of 7 days${live ? ' so far' : ''})`);
  const list = [...(unknown.length ? [`${unknown.join(', ')} (fewer than 7 days)`] : []), ...known];
  const one = incomplete.length === 1;
  return notice(
    `${one ? 'Partial week, drawn hollow' : 'Partial weeks, drawn hollow'}: ${list.join('; ')}.${live ? ' The latest will change as its remaining days arrive.' : ''}`,
  );
}
