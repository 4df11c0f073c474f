/**
 * The parts every time chart shares: the <svg> root with its text alternative, the legend, the date axis, release
 * markers and the hover targets that carry each x position's exact values (read by the page's tooltip; also a
 * <title> for anyone without it). Pure helpers over d3 selections; no page state.
 */
import {
  axisLeft,
  scaleLinear,
  scaleUtc,
  select,
  utcFormat,
  type ScaleLinear,
  type ScaleTime,
  type Selection,
} from 'd3';

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const LEGEND_LINE = 16;
const DAY_MS = 86_400_000;

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
export type G = Selection<SVGGElement, unknown, null, undefined>;

/** A release marker: something that happened on `date` ('YYYY-MM-DD'), e.g. a model's first ranking. */
export interface Marker {
  date: string;
  label: string;
  /** A short name drawn at the marker (only markers with one are labelled on the chart; all are in the hover text). */
  short?: string;
}

/** The options every time chart takes; each chart adds its own. */
export interface TimeChartOptions {
  /** The document to create elements in (the browser's, or a DOM implementation in tests). */
  document?: Document;
  /** Names the chart in `data-chart` so a page and its tests can find it. */
  id?: string;
  title?: string;
  width?: number;
  height?: number;
  format?: (value: number) => string;
  /** The y-axis labels; defaults to `format`. */
  axisFormat?: (value: number) => string;
  /** Release markers, at the date they happened (a weekly chart: the Monday of their week). */
  markers?: readonly Marker[];
  markerLabel?: (labels: readonly string[]) => string;
  /** Hub creation markers, at the date a model's repository was created (a weekly chart: its Monday). */
  createdMarkers?: readonly Marker[];
  createdLabel?: (labels: readonly string[]) => string;
}

/** The default `markerLabel`. */
export const describeMarkers = (labels: readonly string[]): string => `first seen: ${labels.join(', ')}`;

/** The default `createdLabel`. */
export const describeCreated = (labels: readonly string[]): string => `created on the Hub: ${labels.join(', ')}`;

export interface LegendItem {
  kind: 'line' | 'band' | 'hollow' | 'area' | 'marker' | 'created';
  text: string;
  color: string;
  dash?: string;
}

export const parseDay = (day: string): Date => new Date(`${day}T00:00:00Z`);
export const round = (n: number): number => Math.round(n * 100) / 100;
const tickDay = utcFormat('%b %-d');
const tickYear = utcFormat('%Y');

export function sortKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort();
}

export function chartRoot(
  document: Document,
  { id, title, summary, width, height }: { id: string; title: string; summary: string; width: number; height: number },
): Svg {
  const svg: Svg = select(document.createElementNS(SVG_NS, 'svg') as SVGSVGElement)
    .attr('xmlns', SVG_NS)
    .attr('class', 'chart')
    .attr('data-chart', id)
    .attr('role', 'img')
    .attr('aria-label', summary)
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', 'system-ui, sans-serif')
    .attr('font-size', 12);
  svg.append('title').text(title);
  svg.append('desc').text(summary);
  return svg;
}

export function noData(svg: Svg, width: number, height: number, text = 'No data'): void {
  svg
    .append('text')
    .attr('x', width / 2)
    .attr('y', height / 2)
    .attr('text-anchor', 'middle')
    .text(text);
}

/** Rough text width for layout without a renderer (tests run in linkedom): 6.6 px a character at 12 px. */
export function textWidth(text: string): number {
  return Math.ceil(text.length * 6.6);
}

/** Lays legend items out in rows that fit the width; returns the rows, for the margin. */
export function legendRows(items: readonly LegendItem[], width: number): LegendItem[][] {
  const rows: LegendItem[][] = [];
  let row: LegendItem[] = [];
  let used = 0;
  for (const item of items) {
    const w = 22 + textWidth(item.text) + 14;
    if (row.length > 0 && used + w > width - 8) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(item);
    used += w;
  }
  if (row.length) rows.push(row);
  return rows;
}

export function drawLegend(svg: Svg, rows: readonly LegendItem[][]): void {
  const g = svg.append('g').attr('class', 'legend').attr('transform', 'translate(8,4)');
  rows.forEach((items, r) => {
    let x = 0;
    for (const item of items) {
      const entry = g.append('g').attr('transform', `translate(${x},${r * LEGEND_LINE})`);
      if (item.kind === 'line') {
        entry
          .append('line')
          .attr('x1', 0)
          .attr('x2', 16)
          .attr('y1', 6)
          .attr('y2', 6)
          .attr('stroke', item.color)
          .attr('stroke-width', 2)
          .attr('stroke-dasharray', item.dash || null);
      } else if (item.kind === 'band' || item.kind === 'area') {
        entry
          .append('rect')
          .attr('x', 0)
          .attr('y', 1)
          .attr('width', 16)
          .attr('height', 10)
          .attr('fill', item.color)
          .attr('fill-opacity', item.kind === 'band' ? 0.2 : 0.85);
      } else if (item.kind === 'marker') {
        entry.append('path').attr('d', 'M4,1L12,1L8,9Z').attr('fill', item.color);
      } else if (item.kind === 'created') {
        entry.append('path').attr('d', CREATED_LEGEND_SHAPE).attr('fill', item.color);
      } else {
        entry
          .append('circle')
          .attr('cx', 8)
          .attr('cy', 6)
          .attr('r', 3.5)
          .attr('fill', '#fff')
          .attr('stroke', item.color)
          .attr('stroke-width', 1.5);
      }
      entry.append('text').attr('x', 22).attr('y', 6).attr('dy', '0.35em').text(item.text);
      x += 22 + textWidth(item.text) + 14;
    }
  });
}

/** An x scale over the keys' dates, inset so end points clear the axis labels; one key gets a week around it. */
export function timeScale(keys: readonly string[], innerWidth: number): ScaleTime<number, number> {
  const first = parseDay(keys[0]!);
  const last = parseDay(keys[keys.length - 1]!);
  const half = 3.5 * DAY_MS;
  return scaleUtc()
    .domain(first.getTime() === last.getTime() ? [new Date(+first - half), new Date(+last + half)] : [first, last])
    .range([6, innerWidth - 6]);
}

export function drawYAxis(
  plot: G,
  y: ScaleLinear<number, number>,
  innerWidth: number,
  { ticks, format, integerTicks = false }: { ticks: number; format: (v: number) => string; integerTicks?: boolean },
): void {
  let values = y.ticks(ticks).filter((v) => !integerTicks || Number.isInteger(v));
  // A log scale's ticks run 1..9 per decade: keep the powers of ten (and 1-2-5 when only one decade is shown).
  if (values.length > ticks * 2) {
    const decades = values.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
    values = decades.length >= 2 ? decades : values.filter((v) => /^[125]/.test(String(v)));
  }
  // A reversed scale (ranks: 1 at the top) labels its top, rank 1.
  const [d0, d1] = y.domain() as [number, number];
  if (d0 > d1 && !values.includes(d1)) values = [d1, ...values];
  plot
    .append('g')
    .attr('class', 'axis axis-y')
    .call(
      axisLeft(y)
        .tickValues(values)
        .tickFormat((v) => format(Number(v)))
        .tickSize(-innerWidth),
    )
    .call((g) => g.attr('font-size', null).attr('font-family', null).select('.domain').remove())
    .call((g) => g.selectAll('.tick line').attr('stroke', '#d9d9d9'));
}

/**
 * The date axis. Weekly: ticks on data weeks, counted back from the latest so it is always labelled. Daily: d3's
 * calendar ticks. The year goes under the first tick of each year.
 */
export function drawTimeAxis(
  plot: G,
  x: ScaleTime<number, number>,
  keys: readonly string[],
  innerWidth: number,
  innerHeight: number,
  interval: 'week' | 'day',
): void {
  const maxTicks = Math.max(2, Math.floor(innerWidth / 64));
  let dates: Date[];
  if (interval === 'week') {
    const step = Math.ceil(keys.length / maxTicks);
    dates = keys.filter((_, i) => (keys.length - 1 - i) % step === 0).map(parseDay);
  } else {
    dates = x.ticks(maxTicks);
  }
  const axis = plot.append('g').attr('class', 'axis axis-x').attr('transform', `translate(0,${innerHeight})`);
  axis.append('line').attr('x1', 0).attr('x2', innerWidth).attr('stroke', '#595959');
  let previousYear = '';
  for (const date of dates) {
    const tick = axis
      .append('g')
      .attr('class', 'tick')
      .attr('transform', `translate(${round(x(date))},0)`);
    tick.append('line').attr('y2', 5).attr('stroke', '#595959');
    tick.append('text').attr('y', 18).attr('text-anchor', 'middle').attr('fill', 'currentColor').text(tickDay(date));
    const year = tickYear(date);
    if (year !== previousYear) {
      tick.append('text').attr('y', 33).attr('text-anchor', 'middle').attr('fill', 'currentColor').text(year);
      previousYear = year;
    }
  }
}

/** Markers grouped by date, inside the chart's date range only; sorted, labels sorted within a date. */
export function markersInRange(
  markers: readonly Marker[],
  keys: readonly string[],
): Array<{ date: string; labels: string[]; shorts?: string[] }> {
  if (keys.length === 0) return [];
  const first = keys[0]!;
  const last = keys[keys.length - 1]!;
  const byDate = new Map<string, string[]>();
  const shorts = new Map<string, string[]>();
  for (const m of markers) {
    if (m.date < first || m.date > last) continue;
    byDate.set(m.date, [...(byDate.get(m.date) ?? []), m.label]);
    if (m.short) shorts.set(m.date, [...(shorts.get(m.date) ?? []), m.short]);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, labels]) =>
      shorts.has(date)
        ? { date, labels: labels.sort(), shorts: shorts.get(date)!.sort() }
        : { date, labels: labels.sort() },
    );
}

export const MARKER_COLOR = '#404040';
export const CREATED_COLOR = '#7A5195';
const CREATED_LEGEND_SHAPE = 'M8,1L12,5L8,9L4,5Z';

interface MarkerStyle {
  groupClass: string;
  markClass: string;
  dateAttribute: string;
  color: string;
  dash: string;
  /** The shape above the plot at x = px. */
  shape: (px: number) => string;
}

function drawMarkerRules(
  plot: G,
  x: ScaleTime<number, number>,
  groups: ReadonlyArray<{ date: string; labels: string[]; shorts?: string[] }>,
  innerHeight: number,
  describe: (labels: readonly string[]) => string,
  style: MarkerStyle,
): void {
  if (groups.length === 0) return;
  const g = plot.append('g').attr('class', style.groupClass);
  for (const group of groups) {
    const px = round(x(parseDay(group.date)));
    const mark = g
      .append('g')
      .attr('class', style.markClass)
      .attr(style.dateAttribute, group.date)
      .attr('data-count', group.labels.length);
    mark
      .append('line')
      .attr('x1', px)
      .attr('x2', px)
      .attr('y1', 0)
      .attr('y2', innerHeight)
      .attr('stroke', style.color)
      .attr('stroke-opacity', 0.6)
      .attr('stroke-dasharray', style.dash);
    mark.append('path').attr('d', style.shape(px)).attr('fill', style.color);
    mark.append('title').text(`${group.date}: ${describe(group.labels)}`);
  }
  drawMarkerLabels(g, x, groups);
}

/**
 * Names at the markers that have a short name, in up to three rows at the top of the plot; a name that would
 * overlap the one before it in every row is left to the hover text (the flag stays).
 */
function drawMarkerLabels(
  g: G,
  x: ScaleTime<number, number>,
  groups: ReadonlyArray<{ date: string; shorts?: string[] }>,
): void {
  // A phone-wide plot has no room for names: the flags stay, the names are in the hover text.
  if ((x.range()[1] ?? 0) < 400) return;
  const rowsEnd = [-Infinity, -Infinity, -Infinity];
  for (const group of groups) {
    if (!group.shorts?.length) continue;
    const first = group.shorts[0]!.length > 18 ? `${group.shorts[0]!.slice(0, 17)}…` : group.shorts[0]!;
    const text = group.shorts.length > 1 ? `${first} +${group.shorts.length - 1}` : first;
    const px = round(x(parseDay(group.date)));
    const w = Math.ceil(text.length * 5.6);
    // Near the right edge the name runs leftwards from its rule, so it stays inside the plot.
    const leftward = px + 3 + w > (x.range()[1] ?? Infinity) + 6;
    const start = leftward ? px - 3 - w : px + 3;
    const row = rowsEnd.findIndex((end) => end < start);
    if (row < 0 || start < 0) continue;
    rowsEnd[row] = start + w;
    g.append('text')
      .attr('class', 'marker-label')
      .attr('data-marker-label', group.date)
      .attr('x', round(leftward ? px - 3 : px + 3))
      .attr('y', 10 + row * 12)
      .attr('text-anchor', leftward ? 'end' : null)
      .attr('font-size', 10)
      .text(text);
  }
}

/** A dotted rule and a small flag per date; the names are in the flag's title and in the hover text. */
export function drawMarkers(
  plot: G,
  x: ScaleTime<number, number>,
  groups: ReadonlyArray<{ date: string; labels: string[] }>,
  innerHeight: number,
  describe: (labels: readonly string[]) => string,
): void {
  drawMarkerRules(plot, x, groups, innerHeight, describe, {
    groupClass: 'markers',
    markClass: 'marker',
    dateAttribute: 'data-marker',
    color: MARKER_COLOR,
    dash: '1 3',
    shape: (px) => `M${round(px - 4)},-8L${round(px + 4)},-8L${px},0Z`,
  });
}

/**
 * Hub creation dates: a dashed rule and a diamond above the plot, so they read apart from the first-seen flags.
 * Their own class (`created-marker`), so `.marker` still counts first appearances only.
 */
export function drawCreatedMarkers(
  plot: G,
  x: ScaleTime<number, number>,
  groups: ReadonlyArray<{ date: string; labels: string[] }>,
  innerHeight: number,
  describe: (labels: readonly string[]) => string,
): void {
  drawMarkerRules(plot, x, groups, innerHeight, describe, {
    groupClass: 'created-markers',
    markClass: 'created-marker',
    dateAttribute: 'data-created',
    color: CREATED_COLOR,
    dash: '4 3',
    shape: (px) => `M${px},-9L${round(px + 4)},-5L${px},-1L${round(px - 4)},-5Z`,
  });
}

/**
 * One transparent column per x position, carrying the exact values as text (`data-tip`, lines split by '\n').
 * The page shows it on hover and on arrow keys; the <title> serves any other reader of the SVG.
 */
export function drawHoverTargets(
  plot: G,
  x: ScaleTime<number, number>,
  keys: readonly string[],
  innerHeight: number,
  tip: (key: string) => string,
): void {
  const g = plot.append('g').attr('class', 'hover-targets');
  const xs = keys.map((k) => x(parseDay(k)));
  keys.forEach((key, i) => {
    const left = i === 0 ? xs[i]! - 6 : (xs[i - 1]! + xs[i]!) / 2;
    const right = i === keys.length - 1 ? xs[i]! + 6 : (xs[i]! + xs[i + 1]!) / 2;
    const text = tip(key);
    g.append('rect')
      .attr('class', 'hover-target')
      .attr('data-key', key)
      .attr('data-x', round(xs[i]!))
      .attr('data-tip', text)
      .attr('x', round(left))
      .attr('y', 0)
      .attr('width', round(Math.max(1, right - left)))
      .attr('height', innerHeight)
      .attr('fill', 'transparent')
      .append('title')
      .text(text);
  });
}

export interface TimeFrame {
  /** The plot area, inside the margins. */
  plot: G;
  x: ScaleTime<number, number>;
  innerWidth: number;
  innerHeight: number;
  /** How many y ticks fit the plot's height. */
  tickCount: number;
}

/**
 * The legend (with an entry per kind of marker drawn), the margins it leaves, the x scale and the plot area.
 * `left` is the room for the y-axis labels.
 */
export function timeFrame(
  svg: Svg,
  {
    width,
    height,
    keys,
    legend,
    markerGroups,
    createdGroups = [],
    left,
    right = 24,
  }: {
    width: number;
    height: number;
    keys: readonly string[];
    legend: readonly LegendItem[];
    markerGroups: readonly unknown[];
    createdGroups?: readonly unknown[];
    left: number;
    /** Room right of the plot (direct labels need more). */
    right?: number;
  },
): TimeFrame {
  const items: LegendItem[] = [
    ...legend,
    ...(markerGroups.length ? [{ kind: 'marker' as const, text: 'new in the rankings', color: MARKER_COLOR }] : []),
    ...(createdGroups.length ? [{ kind: 'created' as const, text: 'created on the Hub', color: CREATED_COLOR }] : []),
  ];
  const rows = legendRows(items, width);
  drawLegend(svg, rows);
  const flags = markerGroups.length || createdGroups.length;
  const margin = { top: 12 + rows.length * LEGEND_LINE + (flags ? 8 : 0), right, bottom: 44, left };
  const innerWidth = Math.max(10, width - margin.left - margin.right);
  const innerHeight = Math.max(10, height - margin.top - margin.bottom);
  const x = timeScale(keys, innerWidth);
  const plot = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  return { plot, x, innerWidth, innerHeight, tickCount: Math.max(2, Math.floor(innerHeight / 40)) };
}

/** The given y domain as is; otherwise 0 to the largest value (1 when none is above 0), made nice. */
export function valueScale(
  { innerHeight, tickCount }: TimeFrame,
  largest: number | undefined,
  yDomain?: readonly [number, number],
): ScaleLinear<number, number> {
  const top = yDomain?.[1] ?? largest ?? 0;
  const y = scaleLinear()
    .domain([yDomain?.[0] ?? 0, top > 0 ? top : 1])
    .range([innerHeight, 0]);
  if (!yDomain) y.nice(tickCount);
  return y;
}

/** The y axis, then the date axis. */
export function drawAxes(
  { plot, x, innerWidth, innerHeight, tickCount }: TimeFrame,
  y: ScaleLinear<number, number>,
  keys: readonly string[],
  {
    interval,
    format,
    integerTicks = false,
  }: { interval: 'week' | 'day'; format: (v: number) => string; integerTicks?: boolean },
): void {
  drawYAxis(plot, y, innerWidth, { ticks: tickCount, format, integerTicks });
  drawTimeAxis(plot, x, keys, innerWidth, innerHeight, interval);
}

/** A hover text with the date's marker line (if any) under it. */
export function withMarkerNotes(
  tip: (key: string) => string,
  groups: ReadonlyArray<{ date: string; labels: string[] }>,
  markerLabel: (labels: readonly string[]) => string,
): (key: string) => string {
  const notes = new Map(groups.map((g) => [g.date, markerLabel(g.labels)]));
  return (key) => {
    const note = notes.get(key);
    return note ? `${tip(key)}\n${note}` : tip(key);
  };
}

/** The consecutive weeks (Mondays) or days from the first key to the last: a missing one is a gap, not a zero. */
export function fillKeys(keys: readonly string[], interval: 'week' | 'day'): string[] {
  if (keys.length === 0) return [];
  const step = (interval === 'week' ? 7 : 1) * DAY_MS;
  const out: string[] = [];
  const end = parseDay(keys[keys.length - 1]!).getTime();
  for (let t = parseDay(keys[0]!).getTime(); t <= end; t += step) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * Direct labels: each line's name at its last value, right of the plot, pushed apart so none overlap; lines that
 * end on the same value share one label ("A = B"), which also says that they coincide.
 */
export function drawEndLabels(
  plot: G,
  ends: ReadonlyArray<{ key: string; label: string; color: string; x: number; y: number; value: number }>,
  { innerHeight, gap = 13 }: { innerHeight: number; gap?: number },
): void {
  const merged: Array<{ keys: string[]; labels: string[]; color: string; x: number; y: number; value: number }> = [];
  for (const end of [...ends].sort((a, b) => a.y - b.y)) {
    const same = merged.find((m) => Math.abs(m.y - end.y) < 0.5 && m.value === end.value);
    if (same) {
      same.keys.push(end.key);
      same.labels.push(end.label);
      same.x = Math.max(same.x, end.x);
    } else
      merged.push({ keys: [end.key], labels: [end.label], color: end.color, x: end.x, y: end.y, value: end.value });
  }
  // Push apart top-down, then pull back up from the bottom if the last ran past the plot.
  const ys = merged.map((m) => m.y);
  for (let i = 1; i < ys.length; i++) ys[i] = Math.max(ys[i]!, ys[i - 1]! + gap);
  const overflow = ys.length ? ys[ys.length - 1]! - (innerHeight + 4) : 0;
  if (overflow > 0) {
    ys[ys.length - 1] = innerHeight + 4;
    for (let i = ys.length - 2; i >= 0; i--) ys[i] = Math.min(ys[i]!, ys[i + 1]! - gap);
  }
  const g = plot.append('g').attr('class', 'end-labels');
  merged.forEach((m, i) => {
    const text = g
      .append('text')
      .attr('class', 'end-label')
      .attr('data-series', m.keys.join('|'))
      .attr('x', round(m.x + 8))
      .attr('y', round(ys[i]!))
      .attr('dy', '0.35em')
      .attr('fill', m.labels.length > 1 ? 'currentColor' : m.color)
      // Inline, so the page's rule for chart text does not turn the label back to the text colour.
      .attr('style', m.labels.length > 1 ? null : `fill:${m.color}`)
      .attr('font-weight', 600);
    text.text(m.labels.join(' = '));
  });
}
