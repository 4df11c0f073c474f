/**
 * WeeklyLine: one value per week as a line with a point per week, an optional low-high band, incomplete weeks
 * drawn hollow with a dashed line leading to them, and optional release markers. A pure function: rows and options
 * in, an <svg> out.
 */
import { area, line, max } from 'd3';
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
  timeFrame,
  valueScale,
  withMarkerNotes,
  type TimeChartOptions,
} from './frame.ts';

export interface WeekPoint {
  /** Monday of the week, 'YYYY-MM-DD' (UTC). */
  week: string;
  /** NULL (no value) leaves a gap; it is never drawn as zero. */
  value: number | null;
  low?: number | null;
  high?: number | null;
  complete: boolean;
}

export interface WeeklyLineOptions extends TimeChartOptions {
  color?: string;
  /** Defaults to [0, the largest value or band top]. */
  yDomain?: readonly [number, number];
  /** Only whole-number ticks (for counts). */
  integerTicks?: boolean;
  valueLabel?: string;
  bandLabel?: string;
}

export function WeeklyLine(
  rows: readonly WeekPoint[],
  {
    document = globalThis.document,
    id = 'weekly-line',
    title = 'Weekly values',
    width = 640,
    height = 300,
    color = '#D55E00',
    format = String,
    axisFormat = format,
    yDomain,
    integerTicks = false,
    valueLabel = 'value',
    bandLabel = 'range',
    markers = [],
    markerLabel = describeMarkers,
    createdMarkers = [],
    createdLabel = describeCreated,
  }: WeeklyLineOptions = {},
): SVGSVGElement {
  const points = [...rows].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  const keys = points.map((p) => p.week);
  const hasBand = points.some((p) => p.low != null && p.high != null);
  const hasIncomplete = points.some((p) => !p.complete);
  const markerGroups = markersInRange(markers, keys);
  const createdGroups = markersInRange(createdMarkers, keys);

  const summary = summaryOf(title, points, format);
  const svg = chartRoot(document, { id, title, summary, width, height });
  if (points.length === 0) {
    noData(svg, width, height);
    return svg.node()!;
  }

  const frame = timeFrame(svg, {
    width,
    height,
    keys,
    legend: [
      { kind: 'line', text: valueLabel, color },
      ...(hasBand ? [{ kind: 'band' as const, text: bandLabel, color }] : []),
      ...(hasIncomplete ? [{ kind: 'hollow' as const, text: 'partial week', color }] : []),
    ],
    markerGroups,
    createdGroups,
    left: 48,
  });
  const { plot, x, innerHeight } = frame;
  const y = valueScale(
    frame,
    max(points, (p) => Math.max(p.value ?? 0, p.high ?? 0)),
    yDomain,
  );
  drawAxes(frame, y, keys, { interval: 'week', format: axisFormat, integerTicks });
  drawMarkers(plot, x, markerGroups, innerHeight, markerLabel);
  drawCreatedMarkers(plot, x, createdGroups, innerHeight, createdLabel);

  const place = { x, y };
  if (hasBand) drawBand(plot, points, place, { id, color });
  drawLines(plot, points, place, { color, hasIncomplete });
  const radius =
    frame.innerWidth / Math.max(1, points.length) < 5
      ? 1.8
      : frame.innerWidth / Math.max(1, points.length) < 9
        ? 2.5
        : 3.5;
  const tips = drawPoints(plot, points, place, { color, radius, format, bandLabel });
  drawHoverTargets(
    plot,
    x,
    keys,
    innerHeight,
    withMarkerNotes(
      withMarkerNotes((week) => tips.get(week)!, markerGroups, markerLabel),
      createdGroups,
      createdLabel,
    ),
  );
  return svg.node()!;
}

type Plot = ReturnType<typeof timeFrame>['plot'];
interface Place {
  x: (d: Date) => number;
  y: (v: number) => number;
}

/** The text a screen reader gets: the span and the latest value. */
function summaryOf(title: string, points: readonly WeekPoint[], format: (v: number) => string): string {
  if (points.length === 0) return `${title}: no data.`;
  const valued = points.filter((p) => p.value !== null);
  const latest = valued[valued.length - 1];
  return (
    `${title}. ${points.length} weeks from ${points[0]!.week} to ${points[points.length - 1]!.week}` +
    (latest ? `; latest ${format(latest.value!)} in the week of ${latest.week}` : '') +
    (latest && !latest.complete ? ' (partial week).' : '.')
  );
}

/** The low-high band of a band metric, under the line. */
function drawBand(
  plot: Plot,
  points: readonly WeekPoint[],
  { x, y }: Place,
  { id, color }: { id: string; color: string },
): void {
  const band = area<WeekPoint>()
    .defined((p) => p.low != null && p.high != null)
    .x((p) => x(parseDay(p.week)))
    .y0((p) => y(p.low!))
    .y1((p) => y(p.high!));
  plot
    .append('path')
    .attr('class', 'band')
    .attr('data-band', id)
    .attr('fill', color)
    .attr('fill-opacity', 0.2)
    .attr('d', band([...points]));
}

/** The solid line over complete weeks; the dashed one shows under it only where a segment touches a partial week. */
function drawLines(
  plot: Plot,
  points: readonly WeekPoint[],
  { x, y }: Place,
  { color, hasIncomplete }: { color: string; hasIncomplete: boolean },
): void {
  const path = line<WeekPoint>()
    .x((p) => x(parseDay(p.week)))
    .y((p) => y(p.value!));
  if (hasIncomplete) {
    plot
      .append('path')
      .attr('class', 'line line-incomplete')
      .attr('fill', 'none')
      .attr('stroke', color)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', '4 3')
      .attr('d', path.defined((p) => p.value !== null)([...points]));
  }
  plot
    .append('path')
    .attr('class', 'line')
    .attr('fill', 'none')
    .attr('stroke', color)
    .attr('stroke-width', 2)
    .attr('d', path.defined((p) => p.value !== null && p.complete)([...points]));
}

/** A titled point per value (hollow when partial); returns each week's tooltip text, valued or not. */
function drawPoints(
  plot: Plot,
  points: readonly WeekPoint[],
  { x, y }: Place,
  {
    color,
    radius,
    format,
    bandLabel,
  }: { color: string; radius: number; format: (v: number) => string; bandLabel: string },
): Map<string, string> {
  const tips = new Map<string, string>();
  const marks = plot.append('g').attr('class', 'points');
  for (const p of points) {
    const range = p.low != null && p.high != null ? `; ${bandLabel}: ${format(p.low)} to ${format(p.high)}` : '';
    const value = p.value === null ? 'no value' : format(p.value);
    const text = `Week of ${p.week}: ${value}${range}${p.complete ? '' : ' (partial week)'}`;
    tips.set(p.week, text);
    if (p.value === null) continue;
    marks
      .append('circle')
      .attr('cx', round(x(parseDay(p.week))))
      .attr('cy', round(y(p.value)))
      .attr('r', radius)
      .attr('fill', p.complete ? color : '#fff')
      .attr('stroke', color)
      .attr('stroke-width', 1.5)
      .attr('data-week', p.week)
      .attr('data-value', p.value)
      .attr('data-complete', String(p.complete))
      .append('title')
      .text(text);
  }
  return tips;
}
