/**
 * MultiLine: several series on one axis (developers, or one measure on two channels), a point per value, NULL as a
 * gap, incomplete weeks hollow, optional release markers. Lines of one colour differ by dash; the legend shows both.
 * A pure function: series and options in, an <svg> out.
 */
import { line, max, min, scaleLog } from 'd3';
import {
  chartRoot,
  describeCreated,
  describeMarkers,
  drawAxes,
  drawCreatedMarkers,
  drawEndLabels,
  drawHoverTargets,
  drawMarkers,
  markersInRange,
  noData,
  parseDay,
  round,
  sortKeys,
  textWidth,
  timeFrame,
  valueScale,
  withMarkerNotes,
  type TimeChartOptions,
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
  /** The direct label at the line's end (defaults to `label`). */
  endLabel?: string;
  points: readonly SeriesPoint[];
}

export interface MultiLineOptions extends TimeChartOptions {
  /** Every date the chart spans, in order; defaults to the dates of the points. */
  dates?: readonly string[];
  interval?: 'week' | 'day';
  yDomain?: readonly [number, number];
  integerTicks?: boolean;
  /** Each line's name at its end, right of the plot. */
  directLabels?: boolean;
  /** 'log' draws a log scale (values <= 0 are gaps); 'linear' by default. */
  scale?: 'linear' | 'log';
}

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
    directLabels = false,
    scale = 'linear',
    markers = [],
    markerLabel = describeMarkers,
    createdMarkers = [],
    createdLabel = describeCreated,
  }: MultiLineOptions = {},
): SVGSVGElement {
  const sorted = series.map((s) => ({
    ...s,
    points: [...s.points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  }));
  const keys = dates ? [...dates] : sortKeys(sorted.flatMap((s) => s.points.map((p) => p.date)));
  const valued = sorted.flatMap((s) => s.points.filter((p) => p.value !== null));
  const summary = summaryOf(title, sorted, keys, interval, format, valued.length > 0);
  const svg = chartRoot(document, { id, title, summary, width, height });
  if (valued.length === 0) {
    noData(svg, width, height);
    return svg.node()!;
  }

  const hasIncomplete = valued.some((p) => p.complete === false);
  // On a phone-wide chart the end labels would squeeze the plot: the legend names the lines there.
  const labelled = directLabels && width >= 480;
  const markerGroups = markersInRange(markers, keys);
  const createdGroups = markersInRange(createdMarkers, keys);
  const frame = timeFrame(svg, {
    width,
    height,
    keys,
    legend: [
      ...sorted.map((s) => ({ kind: 'line' as const, text: s.label, color: s.color, dash: s.dash })),
      ...(hasIncomplete ? [{ kind: 'hollow' as const, text: 'partial week', color: '#595959' }] : []),
    ],
    markerGroups,
    createdGroups,
    left: 52,
    right: labelled
      ? Math.min(170, Math.max(40, 14 + Math.max(...sorted.map((s) => textWidth(s.endLabel ?? s.label)))))
      : 24,
  });
  const { plot, x, innerHeight } = frame;
  const y = yScaleOf(frame, valued, scale, yDomain);
  const drawable = (v: number | null | undefined): v is number => v != null && (scale !== 'log' || v > 0);
  drawAxes(frame, y, keys, { interval, format: axisFormat, integerTicks: integerTicks || scale === 'log' });
  drawMarkers(plot, x, markerGroups, innerHeight, markerLabel);
  drawCreatedMarkers(plot, x, createdGroups, innerHeight, createdLabel);

  // Points shrink as they crowd: a long record on a narrow chart stays a line, not a string of beads.
  const spacing = frame.innerWidth / Math.max(1, keys.length);
  const radius = spacing < 5 ? 1.5 : spacing < 9 ? 2 : 3;
  const place = { x, y, drawable };
  for (const s of sorted) drawSeries(plot, s, keys, place, { radius, interval, format });
  if (labelled) drawEndLabels(plot, endsOf(sorted, place), { innerHeight });

  const tip = tooltipOf(sorted, interval, format);
  drawHoverTargets(
    plot,
    x,
    keys,
    innerHeight,
    withMarkerNotes(withMarkerNotes(tip, markerGroups, markerLabel), createdGroups, createdLabel),
  );
  return svg.node()!;
}

type Frame = ReturnType<typeof timeFrame>;
type YScale = ReturnType<typeof valueScale>;
/** Where a value is drawn, and whether it can be (a log scale cannot draw values <= 0). */
interface Place {
  x: Frame['x'];
  y: YScale;
  drawable: (v: number | null | undefined) => v is number;
}

/** The text a screen reader gets: the span, and each series' latest value. */
function summaryOf(
  title: string,
  sorted: readonly Series[],
  keys: readonly string[],
  interval: 'week' | 'day',
  format: (v: number) => string,
  hasData: boolean,
): string {
  if (!hasData) return `${title}: no data.`;
  const unit = interval === 'week' ? 'weeks' : 'days';
  const latestOf = (s: Series) => [...s.points].reverse().find((p) => p.value !== null);
  return (
    `${title}. ${sorted.length} series over ${keys.length} ${unit} from ${keys[0]} to ${keys[keys.length - 1]}; latest: ` +
    sorted
      .map((s) => {
        const p = latestOf(s);
        return p
          ? `${s.label} ${format(p.value!)} (${p.date}${p.complete === false ? ', partial week' : ''})`
          : `${s.label} no value`;
      })
      .join('; ') +
    '.'
  );
}

function yScaleOf(
  frame: Frame,
  valued: readonly SeriesPoint[],
  scale: 'linear' | 'log',
  yDomain: readonly [number, number] | undefined,
): YScale {
  const positive = valued.filter((p) => p.value! > 0);
  return scale === 'log' && positive.length
    ? (scaleLog()
        .domain([min(positive, (p) => p.value!)!, max(positive, (p) => p.value!)!])
        .range([frame.innerHeight, 0])
        .nice() as unknown as YScale)
    : valueScale(
        frame,
        max(valued, (p) => p.value!),
        yDomain,
      );
}

/** One series: its line over consecutive dates (a missing date is a gap) and a titled point per value. */
function drawSeries(
  plot: Frame['plot'],
  s: Series,
  keys: readonly string[],
  { x, y, drawable }: Place,
  { radius, interval, format }: { radius: number; interval: 'week' | 'day'; format: (v: number) => string },
): void {
  const at = new Map(s.points.map((p) => [p.date, p]));
  const path = line<string>()
    .defined((k) => drawable(at.get(k)?.value))
    .x((k) => x(parseDay(k)))
    .y((k) => y(at.get(k)!.value!));
  const g = plot.append('g').attr('class', 'series').attr('data-series', s.key);
  g.append('path')
    .attr('class', 'line')
    .attr('fill', 'none')
    .attr('stroke', s.color)
    .attr('stroke-width', 2)
    .attr('stroke-dasharray', s.dash || null)
    .attr('d', path([...keys]));
  for (const p of s.points) {
    if (!drawable(p.value)) continue;
    g.append('circle')
      .attr('class', 'mark')
      .attr('cx', round(x(parseDay(p.date))))
      .attr('cy', round(y(p.value)))
      .attr('r', radius)
      .attr('fill', p.complete === false ? '#fff' : s.color)
      .attr('stroke', s.color)
      .attr('stroke-width', 1.5)
      .attr('data-date', p.date)
      .attr('data-value', p.value)
      .append('title')
      .text(
        `${s.label}, ${interval === 'week' ? 'week of ' : ''}${p.date}: ${format(p.value)}${p.complete === false ? ' (partial week)' : ''}`,
      );
  }
}

/** Each series' last drawable point, for its label at the line's end. */
function endsOf(sorted: readonly Series[], { x, y, drawable }: Place) {
  return sorted.flatMap((s) => {
    const p = [...s.points].reverse().find((q) => drawable(q.value));
    return p
      ? [
          {
            key: s.key,
            label: s.endLabel ?? s.label,
            color: s.color,
            x: x(parseDay(p.date)),
            y: y(p.value!),
            value: p.value!,
          },
        ]
      : [];
  });
}

/** A date's tooltip: every series' value that date, largest first. */
function tooltipOf(
  sorted: readonly Series[],
  interval: 'week' | 'day',
  format: (v: number) => string,
): (key: string) => string {
  const byKey = new Map(sorted.map((s) => [s.key, new Map(s.points.map((p) => [p.date, p]))]));
  return (key: string) => {
    const entries = sorted
      .map((s) => ({ s, p: byKey.get(s.key)!.get(key) }))
      .sort((a, b) => (b.p?.value ?? -Infinity) - (a.p?.value ?? -Infinity));
    const incomplete = entries.some((e) => e.p?.complete === false);
    const head = `${interval === 'week' ? 'Week of ' : ''}${key}${incomplete ? ' (partial week)' : ''}`;
    const lines = entries.map(({ s, p }) => `${s.label}: ${p?.value != null ? format(p.value) : 'no value'}`);
    return [head, ...lines].join('\n');
  };
}
