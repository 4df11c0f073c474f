/**
 * WeeklyLine: one value per week as a line with a point per week, an optional low-high band, and incomplete weeks
 * drawn hollow with a dashed line leading to them. A pure function: rows and options in, an <svg> out.
 */
import { area, axisLeft, line, max, scaleLinear, scaleUtc, select, utcFormat, type Selection } from 'd3';

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
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const LEGEND_LINE = 16;
const parseDay = (day: string) => new Date(`${day}T00:00:00Z`);
const round = (n: number) => Math.round(n * 100) / 100;
const tickDay = utcFormat('%b %-d');
const tickYear = utcFormat('%Y');

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

function legend(svg: Svg, items: Array<{ kind: 'line' | 'band' | 'hollow'; text: string }>, color: string) {
  const g = svg.append('g').attr('class', 'legend').attr('transform', 'translate(8,4)');
  items.forEach((item, i) => {
    const row = g.append('g').attr('transform', `translate(0,${i * LEGEND_LINE})`);
    if (item.kind === 'line') {
      row.append('line').attr('x1', 0).attr('x2', 16).attr('y1', 6).attr('y2', 6).attr('stroke', color).attr('stroke-width', 2);
    } else if (item.kind === 'band') {
      row.append('rect').attr('x', 0).attr('y', 1).attr('width', 16).attr('height', 10).attr('fill', color).attr('fill-opacity', 0.2);
    } else {
      row.append('circle').attr('cx', 8).attr('cy', 6).attr('r', 3.5).attr('fill', '#fff').attr('stroke', color).attr('stroke-width', 1.5);
    }
    row.append('text').attr('x', 22).attr('y', 6).attr('dy', '0.35em').text(item.text);
  });
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
  }: WeeklyLineOptions = {},
): SVGSVGElement {
  const points = [...rows].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  const hasBand = points.some((p) => p.low != null && p.high != null);
  const hasIncomplete = points.some((p) => !p.complete);
  const legendItems = [
    { kind: 'line' as const, text: valueLabel },
    ...(hasBand ? [{ kind: 'band' as const, text: bandLabel }] : []),
    ...(hasIncomplete ? [{ kind: 'hollow' as const, text: 'incomplete week (data still arriving)' }] : []),
  ];
  const margin = { top: 12 + legendItems.length * LEGEND_LINE, right: 24, bottom: 44, left: 48 };
  const innerWidth = Math.max(10, width - margin.left - margin.right);
  const innerHeight = Math.max(10, height - margin.top - margin.bottom);

  const valued = points.filter((p) => p.value !== null);
  const latest = valued[valued.length - 1];
  const summary =
    points.length === 0
      ? `${title}: no data.`
      : `${title}. ${points.length} weeks from ${points[0]!.week} to ${points[points.length - 1]!.week}` +
        (latest ? `; latest ${format(latest.value!)} in the week of ${latest.week}` : '') +
        (latest && !latest.complete ? ' (incomplete week).' : '.');

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
  if (points.length === 0) {
    svg.append('text').attr('x', width / 2).attr('y', height / 2).attr('text-anchor', 'middle').text('No data');
    return svg.node()!;
  }
  legend(svg, legendItems, color);

  const first = parseDay(points[0]!.week);
  const last = parseDay(points[points.length - 1]!.week);
  const halfWeek = 3.5 * 86_400_000;
  const x = scaleUtc()
    .domain(first.getTime() === last.getTime() ? [new Date(+first - halfWeek), new Date(+last + halfWeek)] : [first, last])
    .range([6, innerWidth - 6]); // inset, so end points clear the axis labels
  const top = yDomain?.[1] ?? max(points, (p) => Math.max(p.value ?? 0, p.high ?? 0)) ?? 0;
  const y = scaleLinear()
    .domain([yDomain?.[0] ?? 0, top > 0 ? top : 1])
    .range([innerHeight, 0]);
  const tickCount = Math.max(2, Math.floor(innerHeight / 40));
  if (!yDomain) y.nice(tickCount);

  const plot = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);

  const yTicks = y.ticks(tickCount).filter((v) => !integerTicks || Number.isInteger(v));
  plot
    .append('g')
    .attr('class', 'axis axis-y')
    .call(axisLeft(y).tickValues(yTicks).tickFormat((v) => axisFormat(Number(v))).tickSize(-innerWidth))
    .call((g) => g.attr('font-size', null).attr('font-family', null).select('.domain').remove())
    .call((g) => g.selectAll('.tick line').attr('stroke', '#d9d9d9'));

  // Week ticks, counted back from the latest week so it is always labelled; the year under its first tick.
  const maxTicks = Math.max(2, Math.floor(innerWidth / 64));
  const step = Math.ceil(points.length / maxTicks);
  const tickWeeks = points.filter((_, i) => (points.length - 1 - i) % step === 0).map((p) => p.week);
  const xAxis = plot.append('g').attr('class', 'axis axis-x').attr('transform', `translate(0,${innerHeight})`);
  xAxis.append('line').attr('x1', 0).attr('x2', innerWidth).attr('stroke', '#595959');
  let previousYear = '';
  for (const week of tickWeeks) {
    const date = parseDay(week);
    const tick = xAxis.append('g').attr('class', 'tick').attr('transform', `translate(${round(x(date))},0)`);
    tick.append('line').attr('y2', 5).attr('stroke', '#595959');
    tick.append('text').attr('y', 18).attr('text-anchor', 'middle').attr('fill', 'currentColor').text(tickDay(date));
    const year = tickYear(date);
    if (year !== previousYear) {
      tick.append('text').attr('y', 33).attr('text-anchor', 'middle').attr('fill', 'currentColor').text(year);
      previousYear = year;
    }
  }

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

  const marks = plot.append('g').attr('class', 'points');
  for (const p of valued) {
    const mark = marks
      .append('circle')
      .attr('cx', round(x(parseDay(p.week))))
      .attr('cy', round(y(p.value!)))
      .attr('r', 3.5)
      .attr('fill', p.complete ? color : '#fff')
      .attr('stroke', color)
      .attr('stroke-width', 1.5)
      .attr('data-week', p.week)
      .attr('data-value', p.value!)
      .attr('data-complete', String(p.complete));
    const range = p.low != null && p.high != null ? `; ${bandLabel}: ${format(p.low)} to ${format(p.high)}` : '';
    mark.append('title').text(`Week of ${p.week}: ${format(p.value!)}${range}${p.complete ? '' : ' (incomplete week)'}`);
  }
  return svg.node()!;
}
