/**
 * MultiLine: several series on one axis (developers, or one measure on two channels), a point per value, NULL as a
 * gap, incomplete weeks hollow, optional release markers. Lines of one colour differ by dash; the legend shows both.
 * A pure function: series and options in, an <svg> out.
 */
import { line, max, scaleLinear } from 'd3';
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
  sortKeys,
  timeScale,
  type LegendItem,
  type Marker,
} from './frame.ts';

export interface SeriesPoint {
  date: string;
  /** NULL leaves a gap; it is never drawn as zero. */
  value: number | null;
  complete?: boolean;
}

export interface Series {
  key: string;
  label: string;
  color: string;
  /** SVG stroke-dasharray; '' for solid. */
  dash?: string;
  points: readonly SeriesPoint[];
}

export interface MultiLineOptions {
  document?: Document;
  id?: string;
  title?: string;
  width?: number;
  height?: number;
  /** Every date the chart spans, in order; defaults to the dates of the points. */
  dates?: readonly string[];
  interval?: 'week' | 'day';
  format?: (value: number) => string;
  axisFormat?: (value: number) => string;
  yDomain?: readonly [number, number];
  integerTicks?: boolean;
  markers?: readonly Marker[];
  markerLabel?: (labels: readonly string[]) => string;
}

const describeMarkers = (labels: readonly string[]) => `first seen: ${labels.join(', ')}`;

export function MultiLine(
  series: readonly Series[],
  {
    document = globalThis.document,
    id = 'multi-line',
    title = 'Series over time',
    width = 640,
    height = 300,
    dates,
    interval = 'week',
    format = String,
    axisFormat = format,
    yDomain,
    integerTicks = false,
    markers = [],
    markerLabel = describeMarkers,
  }: MultiLineOptions = {},
): SVGSVGElement {
  const sorted = series.map((s) => ({ ...s, points: [...s.points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) }));
  const keys = dates ? [...dates] : sortKeys(sorted.flatMap((s) => s.points.map((p) => p.date)));
  const valued = sorted.flatMap((s) => s.points.filter((p) => p.value !== null));
  const unit = interval === 'week' ? 'weeks' : 'days';
  const latestOf = (s: (typeof sorted)[number]) => [...s.points].reverse().find((p) => p.value !== null);
  const summary =
    valued.length === 0
      ? `${title}: no data.`
      : `${title}. ${sorted.length} series over ${keys.length} ${unit} from ${keys[0]} to ${keys[keys.length - 1]}; latest: ` +
        sorted
          .map((s) => {
            const p = latestOf(s);
            return p ? `${s.label} ${format(p.value!)} (${p.date}${p.complete === false ? ', incomplete' : ''})` : `${s.label} no value`;
          })
          .join('; ') +
        '.';
  const svg = chartRoot(document, { id, title, summary, width, height });
  if (valued.length === 0) {
    noData(svg, width, height);
    return svg.node()!;
  }

  const hasIncomplete = valued.some((p) => p.complete === false);
  const markerGroups = markersInRange(markers, keys);
  const legendItems: LegendItem[] = [
    ...sorted.map((s) => ({ kind: 'line' as const, text: s.label, color: s.color, dash: s.dash })),
    ...(hasIncomplete ? [{ kind: 'hollow' as const, text: 'incomplete week', color: '#595959' }] : []),
    ...(markerGroups.length ? [{ kind: 'marker' as const, text: 'new in the rankings', color: MARKER_COLOR }] : []),
  ];
  const rowsOfLegend = legendRows(legendItems, width);
  drawLegend(svg, rowsOfLegend);
  const margin = {
    top: 12 + rowsOfLegend.length * LEGEND_LINE + (markerGroups.length ? 8 : 0),
    right: 24,
    bottom: 44,
    left: 52,
  };
  const innerWidth = Math.max(10, width - margin.left - margin.right);
  const innerHeight = Math.max(10, height - margin.top - margin.bottom);
  const x = timeScale(keys, innerWidth);
  const top = yDomain?.[1] ?? max(valued, (p) => p.value!) ?? 0;
  const y = scaleLinear()
    .domain([yDomain?.[0] ?? 0, top > 0 ? top : 1])
    .range([innerHeight, 0]);
  const tickCount = Math.max(2, Math.floor(innerHeight / 40));
  if (!yDomain) y.nice(tickCount);

  const plot = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  drawYAxis(plot, y, innerWidth, { ticks: tickCount, format: axisFormat, integerTicks });
  drawTimeAxis(plot, x, keys, innerWidth, innerHeight, interval);
  drawMarkers(plot, x, markerGroups, innerHeight, markerLabel);

  const byKey = new Map<string, Map<string, SeriesPoint>>();
  for (const s of sorted) {
    // Consecutive dates only: a date missing between two values is a gap.
    const at = new Map(s.points.map((p) => [p.date, p]));
    byKey.set(s.key, at);
    const path = line<string>()
      .defined((k) => at.get(k)?.value != null)
      .x((k) => x(parseDay(k)))
      .y((k) => y(at.get(k)!.value!));
    const g = plot.append('g').attr('class', 'series').attr('data-series', s.key);
    g.append('path')
      .attr('class', 'line')
      .attr('fill', 'none')
      .attr('stroke', s.color)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', s.dash || null)
      .attr('d', path(keys));
    for (const p of s.points) {
      if (p.value === null) continue;
      g.append('circle')
        .attr('class', 'mark')
        .attr('cx', round(x(parseDay(p.date))))
        .attr('cy', round(y(p.value)))
        .attr('r', 3)
        .attr('fill', p.complete === false ? '#fff' : s.color)
        .attr('stroke', s.color)
        .attr('stroke-width', 1.5)
        .attr('data-date', p.date)
        .attr('data-value', p.value)
        .append('title')
        .text(`${s.label}, ${interval === 'week' ? 'week of ' : ''}${p.date}: ${format(p.value)}${p.complete === false ? ' (incomplete week)' : ''}`);
    }
  }

  const markerText = new Map(markerGroups.map((m) => [m.date, markerLabel(m.labels)]));
  drawHoverTargets(plot, x, keys, innerHeight, (key) => {
    const entries = sorted
      .map((s) => ({ s, p: byKey.get(s.key)!.get(key) }))
      .sort((a, b) => (b.p?.value ?? -Infinity) - (a.p?.value ?? -Infinity));
    const incomplete = entries.some((e) => e.p?.complete === false);
    const head = `${interval === 'week' ? 'Week of ' : ''}${key}${incomplete ? ' (incomplete)' : ''}`;
    const lines = entries.map(({ s, p }) => `${s.label}: ${p?.value != null ? format(p.value) : 'no value'}`);
    const extra = markerText.get(key);
    return [head, ...lines, ...(extra ? [extra] : [])].join('\n');
  });
  return svg.node()!;
}
