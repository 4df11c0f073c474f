/**
 * HeadlineCards: the week's headline numbers as cards, each with its change against the week before, "as of", and
 * its definition (shown on hover and on keyboard focus, and always read by screen readers). A missing number says
 * why instead of showing a zero. A pure function: cards and options in, an element out.
 */

export interface Headline {
  id: string;
  /** What the number is, e.g. "Chinese models in OpenRouter's weekly top 20". */
  label: string;
  /** The number as shown ('9 of 20', '61.2%'); NULL when there is none. */
  value: string | null;
  /** A sentence that reads the number, e.g. "9 of the top 20 models on OpenRouter in the week of 2026-08-10 are Chinese." */
  sentence: string | null;
  /** A second line, e.g. the low-high range. */
  detail?: string | null;
  /** Change against the week before, as shown ('−1', '+2.3 pts'); NULL when there is no week before. */
  change: string | null;
  /** 'up' | 'down' | 'flat', for styling only; the text says it in words. */
  direction?: 'up' | 'down' | 'flat' | null;
  definition: string;
  /** NULL: no data yet; undefined: not shown on the card (the view says it once). */
  asOf?: string | null;
  /** Why there is no value (not collected yet, no key, no complete week). */
  missing?: string | null;
  /** A note on partial data (e.g. the current week is incomplete). */
  partial?: string | null;
  /** The precise definition (the data's own), one click away from the one in words. */
  precise?: string | null;
  /** The whole record, complete weeks only (a partial week would read as a fall), oldest first. */
  trend?: ReadonlyArray<TrendPoint>;
  /** Formats the trend's first and last values in its text alternative. */
  trendFormat?: (value: number) => string;
}

export interface TrendPoint {
  week: string;
  value: number | null;
  low?: number | null;
  high?: number | null;
}

const NS = 'http://www.w3.org/2000/svg';
const W = 200;
const H = 44;

/** A small line of the whole record (a band as an area), with a text alternative naming its ends. */
export function Sparkline(
  points: ReadonlyArray<TrendPoint>,
  {
    document = globalThis.document,
    format = String,
    label = 'Trend',
  }: { document?: Document; format?: (v: number) => string; label?: string } = {},
): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg') as SVGSVGElement;
  const mid = (p: TrendPoint) =>
    p.value !== null ? p.value : p.low != null && p.high != null ? (p.low + p.high) / 2 : null;
  const valued = points.filter((p) => mid(p) !== null);
  const attrs: Record<string, string> = {
    class: 'sparkline',
    viewBox: `0 0 ${W} ${H}`,
    preserveAspectRatio: 'none',
    role: 'img',
    'data-points': String(valued.length),
  };
  for (const [k, v] of Object.entries(attrs)) svg.setAttribute(k, v);
  if (valued.length < 2) {
    svg.setAttribute('aria-label', `${label}: not enough complete weeks for a trend yet.`);
    return svg;
  }
  const first = valued[0]!;
  const last = valued[valued.length - 1]!;
  const all = valued.flatMap((p) => [mid(p)!, p.low ?? mid(p)!, p.high ?? mid(p)!]);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo || 1;
  const px = (i: number) => Math.round((2 + (i / (points.length - 1)) * (W - 4)) * 10) / 10;
  const py = (v: number) => Math.round((H - 3 - ((v - lo) / span) * (H - 6)) * 10) / 10;
  const show = (p: TrendPoint) => (p.value !== null ? format(p.value) : `${format(p.low!)} to ${format(p.high!)}`);
  svg.setAttribute(
    'aria-label',
    `${label}: ${valued.length} complete weeks, from ${show(first)} in the week of ${first.week} to ${show(last)} in the week of ${last.week}.`,
  );
  const band = points
    .map((p, i) => (p.low != null && p.high != null ? { i, low: p.low, high: p.high } : null))
    .filter((b) => b !== null);
  if (band.length >= 2) {
    const area = document.createElementNS(NS, 'path');
    const top = band.map((b) => `${px(b.i)},${py(b.high)}`);
    const bottom = [...band].reverse().map((b) => `${px(b.i)},${py(b.low)}`);
    area.setAttribute('d', `M${top.join('L')}L${bottom.join('L')}Z`);
    area.setAttribute('class', 'spark-band');
    svg.append(area);
  }
  // Gaps stay gaps: a new segment after a week with no value.
  let d = '';
  let pen = false;
  points.forEach((p, i) => {
    const v = p.value;
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${px(i)},${py(v)}`;
    pen = true;
  });
  if (d) {
    const path = document.createElementNS(NS, 'path');
    path.setAttribute('d', d);
    path.setAttribute('class', 'spark-line');
    svg.append(path);
  }
  const end = document.createElementNS(NS, 'circle');
  const lastIndex = points.indexOf(last);
  end.setAttribute('cx', String(px(lastIndex)));
  end.setAttribute('cy', String(py(mid(last)!)));
  end.setAttribute('r', '2.5');
  end.setAttribute('class', 'spark-end');
  svg.append(end);
  return svg;
}

export function HeadlineCards(
  cards: readonly Headline[],
  { document = globalThis.document }: { document?: Document } = {},
): HTMLElement {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const list = el('ul', { class: 'headlines' });
  for (const card of cards) {
    const definitionId = `headline-${card.id}-definition`;
    const item = el('li', {
      class: `headline${card.value === null ? ' headline-missing' : ''}`,
      'data-headline': card.id,
    });
    const article = el('article', { 'aria-describedby': definitionId });
    article.append(el('h2', { class: 'headline-label' }, card.label));
    if (card.value === null) {
      article.append(
        el('p', { class: 'headline-value missing' }, 'No value'),
        el('p', { class: 'headline-missing-why' }, card.missing ?? 'No data.'),
      );
    } else {
      article.append(el('p', { class: 'headline-value' }, card.value));
      if (card.sentence) article.append(el('p', { class: 'headline-sentence' }, card.sentence));
      if (card.detail) article.append(el('p', { class: 'headline-detail' }, card.detail));
      const change = el('p', { class: `headline-change${card.direction ? ` ${card.direction}` : ''}` });
      change.textContent =
        card.change === null ? 'No week before to compare with.' : `${card.change} against the week before`;
      article.append(change);
    }
    if (card.trend) {
      const trend = el('figure', { class: 'headline-trend' });
      trend.append(Sparkline(card.trend, { document, format: card.trendFormat, label: `${card.label}, week by week` }));
      const first = card.trend.find((p) => p.value !== null || p.low != null);
      if (first) trend.append(el('figcaption', {}, `Since the week of ${first.week}`));
      article.append(trend);
    }
    if (card.partial) article.append(el('p', { class: 'headline-partial' }, card.partial));
    // `undefined`: the view says "as of" once for all its cards.
    if (card.asOf !== undefined) {
      const asOf = el('p', { class: 'headline-as-of' });
      asOf.textContent = card.asOf ? `As of ${card.asOf} UTC` : 'No data yet';
      article.append(asOf);
    }
    article.append(el('p', { class: 'headline-definition', id: definitionId }, card.definition));
    if (card.precise) {
      const details = el('details', { class: 'definition' });
      details.append(el('summary', {}, 'Precise definition'), el('p', {}, card.precise));
      const method = el('a', { href: 'method' }, 'How origin is decided');
      const p = el('p');
      p.append(method);
      details.append(p);
      article.append(details);
    }
    item.append(article);
    list.append(item);
  }
  return list;
}
