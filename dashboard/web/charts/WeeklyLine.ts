/**
 * WeeklyLine: one value per week as a line with a point per week, an optional low-high band, incomplete weeks
 * drawn hollow with a dashed line leading to them, and optional release markers. A pure function: rows and options
 * in, an <svg> out.
 */
import { area, line, max, scaleLinear } from 'd3';
import {
  chartRoot,
  drawHoverTargets,
  drawLegend,
  drawMarkers,
  drawTimeAxis,
  drawYAxis,
  LEGEND_LINE,
  legendRows,
  MARKER_COLOR,
  markersInRange,
  noData,
  parseDay,
  round,
  timeScale,
  type LegendItem,
  type Marker,
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

export interface WeeklyLineOptions {
  /** The document to create elements in (the browser's, or a DOM implementation in tests). */
  document?: Document;
  /** Names the chart in `data-chart` so a page and its tests can find it. */
  id?: string;
  title?: string;
  width?: number;
  height?: number;
  color?: string;
  format?: (value: number) => string;
  /** The y-axis labels; defaults to `format`. */
  axisFormat?: (value: number) => string;
  /** Defaults to [0, the largest value or band top]. */
  yDomain?: readonly [number, number];
  /** Only whole-number ticks (for counts). */
  integerTicks?: boolean;
  valueLabel?: string;
  bandLabel?: string;
  /** Release markers, at the Monday of their week. */
  markers?: readonly Marker[];
  markerLabel?: (labels: readonly string[]) => string;
}

const describeMarkers = (labels: readonly string[]) => `first seen: ${labels.join(', ')}`;

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
  }: WeeklyLineOptions = {},
): SVGSVGElement {
  const points = [...rows].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  const keys = points.map((p) => p.week);
  const hasBand = points.some((p) => p.low != null && p.high != null);
  const hasIncomplete = points.some((p) => !p.complete);
  const markerGroups = markersInRange(markers, keys);

  const valued = points.filter((p) => p.value !== null);
  const latest = valued[valued.length - 1];
  const summary =
    points.length === 0
      ? `${title}: no data.`
      : `${title}. ${points.length} weeks from ${points[0]!.week} to ${points[points.length - 1]!.week}` +
        (latest ? `; latest ${format(latest.value!)} in the week of ${latest.week}` : '') +
        (latest && !latest.complete ? ' (incomplete week).' : '.');
  const svg = chartRoot(document, { id, title, summary, width, height });
  if (points.length === 0) {
    noData(svg, width, height);
    return svg.node()!;
  }

  const legendItems: LegendItem[] = [
    { kind: 'line', text: valueLabel, color },
    ...(hasBand ? [{ kind: 'band' as const, text: bandLabel, color }] : []),
    ...(hasIncomplete ? [{ kind: 'hollow' as const, text: 'incomplete week (data still arriving)', color }] : []),
    ...(markerGroups.length ? [{ kind: 'marker' as const, text: 'new in the rankings', color: MARKER_COLOR }] : []),
  ];
  const rowsOfLegend = legendRows(legendItems, width);
  drawLegend(svg, rowsOfLegend);
  const margin = {
    top: 12 + rowsOfLegend.length * LEGEND_LINE + (markerGroups.length ? 8 : 0),
    right: 24,
    bottom: 44,
    left: 48,
  };
  const innerWidth = Math.max(10, width - margin.left - margin.right);
  const innerHeight = Math.max(10, height - margin.top - margin.bottom);

  const x = timeScale(keys, innerWidth);
  const top = yDomain?.[1] ?? max(points, (p) => Math.max(p.value ?? 0, p.high ?? 0)) ?? 0;
  const y = scaleLinear()
    .domain([yDomain?.[0] ?? 0, top > 0 ? top : 1])
    .range([innerHeight, 0]);
  const tickCount = Math.max(2, Math.floor(innerHeight / 40));
  if (!yDomain) y.nice(tickCount);

  const plot = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  drawYAxis(plot, y, innerWidth, { ticks: tickCount, format: axisFormat, integerTicks });
  drawTimeAxis(plot, x, keys, innerWidth, innerHeight, 'week');
  drawMarkers(plot, x, markerGroups, innerHeight, markerLabel);

  if (hasBand) {
    const band = area<WeekPoint>()
      .defined((p) => p.low != null && p.high != null)
      .x((p) => x(parseDay(p.week)))
      .y0((p) => y(p.low!))
      .y1((p) => y(p.high!));
    plot.append('path').attr('class', 'band').attr('data-band', id).attr('fill', color).attr('fill-opacity', 0.2).attr('d', band(points));
  }

  const path = line<WeekPoint>()
    .x((p) => x(parseDay(p.week)))
    .y((p) => y(p.value!));
  // The dashed line shows under the solid one only where a segment touches an incomplete week.
  if (hasIncomplete) {
    plot
      .append('path')
      .attr('class', 'line line-incomplete')
      .attr('fill', 'none')
      .attr('stroke', color)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', '4 3')
      .attr('d', path.defined((p) => p.value !== null)(points));
  }
  plot
    .append('path')
    .attr('class', 'line')
    .attr('fill', 'none')
    .attr('stroke', color)
    .attr('stroke-width', 2)
    .attr('d', path.defined((p) => p.value !== null && p.complete)(points));

  const tips = new Map<string, string>();
  const marks = plot.append('g').attr('class', 'points');
  for (const p of points) {
    const range = p.low != null && p.high != null ? `; ${bandLabel}: ${format(p.low)} to ${format(p.high)}` : '';
    const value = p.value === null ? 'no value' : format(p.value);
    const text = `Week of ${p.week}: ${value}${range}${p.complete ? '' : ' (incomplete week)'}`;
    tips.set(p.week, text);
    if (p.value === null) continue;
    marks
      .append('circle')
      .attr('cx', round(x(parseDay(p.week))))
      .attr('cy', round(y(p.value)))
      .attr('r', 3.5)
      .attr('fill', p.complete ? color : '#fff')
      .attr('stroke', color)
      .attr('stroke-width', 1.5)
      .attr('data-week', p.week)
      .attr('data-value', p.value)
      .attr('data-complete', String(p.complete))
      .append('title')
      .text(text);
  }
  const markerText = new Map(markerGroups.map((g) => [g.date, markerLabel(g.labels)]));
  drawHoverTargets(plot, x, keys, innerHeight, (week) => {
    const extra = markerText.get(week);
    return `${tips.get(week)}${extra ? `\n${extra}` : ''}`;
  });
  return svg.node()!;
}
