/**
 * StackedArea: shares by group over time, stacked (e.g. token share by origin). A group absent at a date where
 * others have values is a true zero (the marts hold no zero rows); a date with no values at all is a gap, never
 * drawn as zero. Incomplete dates are veiled and say so. A pure function: rows and options in, an <svg> out.
 */
import { area, scaleLinear, type Selection } from 'd3';
import {
  chartRoot,
  describeCreated,
  describeMarkers,
  drawAxes,
  drawCreatedMarkers,
  drawHoverTargets,
  drawMarkers,
  markersInRange,
  noData,
  parseDay,
  round,
  sortKeys,
  timeFrame,
  withMarkerNotes,
  type TimeChartOptions,
} from './frame.ts';

export interface StackRow {
  /** 'YYYY-MM-DD': the week's Monday or the day. */
  date: string;
  group: string;
  value: number;
  /** False for a week still collecting data. */
  complete?: boolean;
}

export interface StackGroup {
  key: string;
  label: string;
  color: string;
}

export interface StackedAreaOptions extends TimeChartOptions {
  /** Bottom to top. Rows of other groups are ignored. */
  groups: readonly StackGroup[];
  /** Every date the chart spans, in order (missing ones become gaps); defaults to the dates of the rows. */
  dates?: readonly string[];
  interval?: 'week' | 'day';
  /** Defaults to [0, 1] (shares). */
  yMax?: number;
}

export function StackedArea(
  rows: readonly StackRow[],
  {
    document = globalThis.document,
    id = 'stacked-area',
    title = 'Shares over time',
    width = 640,
    height = 300,
    groups,
    dates,
    interval = 'week',
    format = String,
    axisFormat = format,
    yMax = 1,
    markers = [],
    markerLabel = describeMarkers,
    createdMarkers = [],
    createdLabel = describeCreated,
  }: StackedAreaOptions,
): SVGSVGElement {
  const known = new Set(groups.map((g) => g.key));
  const drawn = rows.filter((r) => known.has(r.group));
  const { byDate, incomplete } = valuesByDate(drawn);
  const keys = dates ? [...dates] : sortKeys(byDate.keys());
  const present = keys.filter((k) => byDate.has(k));
  const summary = summaryOf(title, groups, present, byDate, incomplete, interval, format);
  const svg = chartRoot(document, { id, title, summary, width, height });
  if (present.length === 0) {
    noData(svg, width, height);
    return svg.node()!;
  }

  const markerGroups = markersInRange(markers, keys);
  const createdGroups = markersInRange(createdMarkers, keys);
  const shownGroups = groups.filter((g) => drawn.some((r) => r.group === g.key));
  const frame = timeFrame(svg, {
    width,
    height,
    keys,
    legend: [
      ...shownGroups.map((g) => ({ kind: 'area' as const, text: g.label, color: g.color })),
      ...(incomplete.size ? [{ kind: 'hollow' as const, text: 'partial (veiled)', color: '#595959' }] : []),
    ],
    markerGroups,
    createdGroups,
    left: 48,
  });
  const { plot, x, innerHeight } = frame;
  const y = scaleLinear().domain([0, yMax]).range([innerHeight, 0]);
  drawAxes(frame, y, keys, { interval, format: axisFormat });

  const stacks = stacksOf(present, shownGroups, byDate);
  const layer = plot.append('g').attr('class', 'areas');
  const place = { x, y, innerHeight };
  drawAreas(layer, shownGroups, keys, stacks, place);
  drawLoneDates(layer, shownGroups, keys, present, stacks, place);
  drawVeils(
    layer,
    keys,
    present.filter((k) => incomplete.has(k)),
    place,
  );
  drawMarkers(plot, x, markerGroups, innerHeight, markerLabel);
  drawCreatedMarkers(plot, x, createdGroups, innerHeight, createdLabel);
  const tip = tooltipOf(shownGroups, byDate, incomplete, interval, format);
  drawHoverTargets(
    plot,
    x,
    keys,
    innerHeight,
    withMarkerNotes(withMarkerNotes(tip, markerGroups, markerLabel), createdGroups, createdLabel),
  );
  // Exact values per date for any reader of the SVG (and for the tests): group=value pairs.
  plot.selectAll('rect.hover-target').attr('data-values', function () {
    const key = (this as Element).getAttribute('data-key')!;
    const values = byDate.get(key);
    return values
      ? shownGroups
          .filter((g) => values.has(g.key))
          .map((g) => `${g.key}=${values.get(g.key)}`)
          .join(';')
      : '';
  });
  return svg.node()!;
}

type ByDate = Map<string, Map<string, number>>;
type Stacks = Map<string, Map<string, [number, number]>>;
type Layer = Selection<SVGGElement, unknown, null, undefined>;
interface Place {
  x: (d: Date) => number;
  y: (v: number) => number;
  innerHeight: number;
}

/** Each date's value per group (summed), and the dates of partial weeks. */
function valuesByDate(drawn: readonly StackRow[]): { byDate: ByDate; incomplete: Set<string> } {
  const byDate: ByDate = new Map();
  const incomplete = new Set<string>();
  for (const r of drawn) {
    const values = byDate.get(r.date) ?? new Map<string, number>();
    values.set(r.group, (values.get(r.group) ?? 0) + r.value);
    byDate.set(r.date, values);
    if (r.complete === false) incomplete.add(r.date);
  }
  return { byDate, incomplete };
}

/** The text a screen reader gets: the span and the latest date's value per group. */
function summaryOf(
  title: string,
  groups: readonly StackGroup[],
  present: readonly string[],
  byDate: ByDate,
  incomplete: ReadonlySet<string>,
  interval: 'week' | 'day',
  format: (v: number) => string,
): string {
  if (present.length === 0) return `${title}: no data.`;
  const unit = interval === 'week' ? 'weeks' : 'days';
  const lastKey = present[present.length - 1]!;
  const latest = byDate.get(lastKey)!;
  return (
    `${title}. ${present.length} ${unit} from ${present[0]} to ${lastKey}; latest: ` +
    groups
      .filter((g) => latest.has(g.key))
      .map((g) => `${g.label} ${format(latest.get(g.key)!)}`)
      .join(', ') +
    (incomplete.has(lastKey) ? ' (partial).' : '.')
  );
}

/** Cumulative bottoms and tops per date, in group order. */
function stacksOf(present: readonly string[], shownGroups: readonly StackGroup[], byDate: ByDate): Stacks {
  const stacks: Stacks = new Map();
  for (const key of present) {
    let base = 0;
    const spans = new Map<string, [number, number]>();
    for (const g of shownGroups) {
      const v = byDate.get(key)!.get(g.key) ?? 0;
      spans.set(g.key, [base, base + v]);
      base += v;
    }
    stacks.set(key, spans);
  }
  return stacks;
}

function drawAreas(
  layer: Layer,
  shownGroups: readonly StackGroup[],
  keys: readonly string[],
  stacks: Stacks,
  { x, y }: Place,
): void {
  for (const g of shownGroups) {
    const shape = area<string>()
      .defined((k) => stacks.has(k))
      .x((k) => x(parseDay(k)))
      .y0((k) => y(stacks.get(k)!.get(g.key)![0]))
      .y1((k) => y(stacks.get(k)!.get(g.key)![1]));
    layer
      .append('path')
      .attr('class', 'area')
      .attr('data-group', g.key)
      .attr('fill', g.color)
      .attr('fill-opacity', 0.85)
      .attr('stroke', '#fff')
      .attr('stroke-width', 0.5)
      .attr('d', shape([...keys]));
  }
}

/** A lone date (between gaps) has no width as an area: a short bar shows it. */
function drawLoneDates(
  layer: Layer,
  shownGroups: readonly StackGroup[],
  keys: readonly string[],
  present: readonly string[],
  stacks: Stacks,
  { x, y }: Place,
): void {
  const lone = present.filter((k) => {
    const i = keys.indexOf(k);
    return !stacks.has(keys[i - 1] ?? '') && !stacks.has(keys[i + 1] ?? '');
  });
  for (const key of lone) {
    for (const g of shownGroups) {
      const [y0, y1] = stacks.get(key)!.get(g.key)!;
      if (y1 === y0) continue;
      layer
        .append('rect')
        .attr('class', 'area-lone')
        .attr('data-group', g.key)
        .attr('x', round(x(parseDay(key)) - 2))
        .attr('width', 4)
        .attr('y', round(y(y1)))
        .attr('height', round(y(y0) - y(y1)))
        .attr('fill', g.color);
    }
  }
}

/** A white veil over each partial date, half way to its neighbours. */
function drawVeils(layer: Layer, keys: readonly string[], partial: readonly string[], { x, innerHeight }: Place): void {
  for (const key of partial) {
    const i = keys.indexOf(key);
    const left = i > 0 ? (x(parseDay(keys[i - 1]!)) + x(parseDay(key))) / 2 : x(parseDay(key)) - 6;
    const right = i < keys.length - 1 ? (x(parseDay(keys[i + 1]!)) + x(parseDay(key))) / 2 : x(parseDay(key)) + 6;
    layer
      .append('rect')
      .attr('class', 'incomplete-veil')
      .attr('data-key', key)
      .attr('x', round(left))
      .attr('width', round(right - left))
      .attr('y', 0)
      .attr('height', innerHeight)
      .attr('fill', '#fff')
      .attr('fill-opacity', 0.5);
  }
}

/** A date's tooltip: every shown group's value, top of the stack first; a group without a row is 0 (none). */
function tooltipOf(
  shownGroups: readonly StackGroup[],
  byDate: ByDate,
  incomplete: ReadonlySet<string>,
  interval: 'week' | 'day',
  format: (v: number) => string,
): (key: string) => string {
  const period = interval === 'week' ? 'Week of ' : '';
  return (key: string) => {
    const values = byDate.get(key);
    const head = `${period}${key}${incomplete.has(key) ? ' (partial)' : ''}`;
    const lines = values
      ? [...shownGroups]
          .reverse()
          .map((g) => `${g.label}: ${values.has(g.key) ? format(values.get(g.key)!) : `${format(0)} (none)`}`)
      : ['no data'];
    return [head, ...lines].join('\n');
  };
}
