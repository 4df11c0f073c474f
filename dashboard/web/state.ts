/**
 * Every view's state lives in the URL's query string, so a link reproduces what was seen. Parsing is forgiving
 * (an unknown or malformed value falls back to its default); writing leaves defaults out, so URLs stay short.
 *
 *   from, to   date range, 'YYYY-MM-DD' (inclusive; a week is in range when any of its days is)
 *   n          OpenRouter top N: 10, 20 or 50 (default 20)
 *   count      what counts as one OpenRouter model in the top-N chart: permaslug (default) or family
 *   week       the week of the top-20 table (default: the latest complete week)
 *   ordev      OpenRouter developers to draw (repeatable; default: the largest six)
 *   hfn        Hugging Face top N: 10, 20, 30, 100 or 1000, as far as the data reaches (default 30)
 *   attr       Hugging Face attribution: lineage (default) or uploader
 *   scope      Hugging Face scope: llm (default) or all
 *   hfdev      Hugging Face developers to draw (repeatable; default: the largest six)
 *   markers    0 hides the release markers
 *   channel, id  a model's page: openrouter (default) or huggingface, and the model's permaslug or repo id
 *   devscale   developer charts' scale: linear (default), log, or index (each line = 100 at its first whole week)
 *   verdict    the claims page: show only claims with this verdict (matches, differs, partly, nodata, untestable)
 *   cchannel   the claims page: show only claims about this channel (openrouter, huggingface)
 */

export interface State {
  from: string | null;
  to: string | null;
  n: 10 | 20 | 50;
  count: 'permaslug' | 'family';
  week: string | null;
  ordev: string[] | null;
  hfn: (typeof HF_TOP_N)[number];
  attr: 'lineage' | 'uploader';
  scope: 'llm' | 'all';
  hfdev: string[] | null;
  markers: boolean;
  devscale: DevScale;
  channel: 'openrouter' | 'huggingface';
  id: string | null;
  verdict: (typeof CLAIM_VERDICTS)[number] | null;
  claimChannel: 'openrouter' | 'huggingface' | null;
}

export const DEV_SCALES = ['linear', 'log', 'index'] as const;
export type DevScale = (typeof DEV_SCALES)[number];

export const DEFAULT_STATE: Readonly<State> = {
  from: null,
  to: null,
  n: 20,
  count: 'permaslug',
  week: null,
  ordev: null,
  hfn: 30,
  attr: 'lineage',
  scope: 'llm',
  hfdev: null,
  markers: true,
  devscale: 'linear',
  channel: 'openrouter',
  id: null,
  verdict: null,
  claimChannel: null,
};

/** The claims page's verdict filter values (URL-safe forms of the verdicts). */
export const CLAIM_VERDICTS = ['matches', 'differs', 'partly', 'nodata', 'untestable'] as const;

export const TOP_N = [10, 20, 50] as const;
/** The depths of hf_origin_top_n; the view offers those the data has. */
export const HF_TOP_N = [10, 20, 30, 100, 1000] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(value: string | null): string | null {
  if (value === null || !DAY.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : value;
}

function oneOf<T extends string | number>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => String(a) === value) ?? fallback;
}

function list(values: string[]): string[] | null {
  const kept = [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0 && v.length <= 100))];
  return kept.length ? kept : null;
}

/** A model id as text (checked against its channel's pattern only where it becomes a link: names.ts). */
function modelId(value: string | null): string | null {
  const v = value?.trim() ?? '';
  return v.length > 0 && v.length <= 300 ? v : null;
}

export function parseState(search: string): State {
  const q = new URLSearchParams(search);
  let from = day(q.get('from'));
  let to = day(q.get('to'));
  if (from && to && from > to) [from, to] = [to, from];
  return {
    from,
    to,
    n: oneOf(q.get('n'), TOP_N, DEFAULT_STATE.n),
    count: oneOf(q.get('count'), ['permaslug', 'family'] as const, DEFAULT_STATE.count),
    week: day(q.get('week')),
    ordev: list(q.getAll('ordev')),
    hfn: oneOf(q.get('hfn'), HF_TOP_N, DEFAULT_STATE.hfn),
    attr: oneOf(q.get('attr'), ['lineage', 'uploader'] as const, DEFAULT_STATE.attr),
    scope: oneOf(q.get('scope'), ['llm', 'all'] as const, DEFAULT_STATE.scope),
    hfdev: list(q.getAll('hfdev')),
    markers: q.get('markers') !== '0',
    devscale: oneOf(q.get('devscale'), DEV_SCALES, DEFAULT_STATE.devscale),
    channel: oneOf(q.get('channel'), ['openrouter', 'huggingface'] as const, DEFAULT_STATE.channel),
    id: modelId(q.get('id')),
    verdict: CLAIM_VERDICTS.find((v) => v === q.get('verdict')) ?? null,
    claimChannel: (['openrouter', 'huggingface'] as const).find((c) => c === q.get('cchannel')) ?? null,
  };
}

/** The query string for a state, defaults left out, in a fixed order; '' for the default state. */
export function stateSearch(state: State): string {
  const q = new URLSearchParams();
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  if (state.n !== DEFAULT_STATE.n) q.set('n', String(state.n));
  if (state.count !== DEFAULT_STATE.count) q.set('count', state.count);
  if (state.week) q.set('week', state.week);
  for (const d of state.ordev ?? []) q.append('ordev', d);
  if (state.hfn !== DEFAULT_STATE.hfn) q.set('hfn', String(state.hfn));
  if (state.attr !== DEFAULT_STATE.attr) q.set('attr', state.attr);
  if (state.scope !== DEFAULT_STATE.scope) q.set('scope', state.scope);
  for (const d of state.hfdev ?? []) q.append('hfdev', d);
  if (!state.markers) q.set('markers', '0');
  if (state.devscale !== DEFAULT_STATE.devscale) q.set('devscale', state.devscale);
  if (state.channel !== DEFAULT_STATE.channel) q.set('channel', state.channel);
  if (state.id) q.set('id', state.id);
  if (state.verdict) q.set('verdict', state.verdict);
  if (state.claimChannel) q.set('cchannel', state.claimChannel);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The part of the state that follows the reader from one page to another: the range and the HF toggles. */
export function sharedSearch(state: State): string {
  return stateSearch({
    ...DEFAULT_STATE,
    from: state.from,
    to: state.to,
    attr: state.attr,
    scope: state.scope,
    markers: state.markers,
  });
}

/** Whether a 'YYYY-MM-DD' week (Monday) overlaps the range. */
export function weekInRange(week: string, state: Pick<State, 'from' | 'to'>): boolean {
  if (state.to && week > state.to) return false;
  if (state.from) {
    const sunday = new Date(Date.parse(`${week}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    if (sunday < state.from) return false;
  }
  return true;
}

export function dayInRange(d: string, state: Pick<State, 'from' | 'to'>): boolean {
  return (!state.from || d >= state.from) && (!state.to || d <= state.to);
}
