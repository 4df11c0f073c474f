/**
 * The page: loads the marts, lays out the charts with their definitions, CSV links and the citation.
 * Charts are pure functions in charts/; fetching and layout live only here.
 */
import { WeeklyLine, type WeekPoint } from './charts/WeeklyLine.ts';
import { TopModelsTable, type TopModelRow } from './charts/TopModelsTable.ts';
import { formatCount, formatShare, formatShareAxis } from './format.ts';
import { ORIGIN_COLORS } from './palette.ts';

interface MartResponse<R> {
  ok: true;
  mart: string;
  definition: string | null;
  as_of: string | null;
  source: string;
  licence: string | null;
  licence_url: string | null;
  rows: R[];
  truncated: boolean;
}

interface OriginShareRow {
  week_start: string;
  origin_country: string;
  models_in_top_20: number | null;
  token_share_top50: number | null;
  token_share_all_low: number | null;
  token_share_all_high: number | null;
  is_complete_week: boolean;
}

const ORIGIN_SHARE = 'openrouter_weekly_origin_share';
const TOP_MODELS = 'openrouter_weekly_top_models';

class LoadError extends Error {}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json().catch(() => null)) as (T & { ok: true }) | { ok: false; error: string } | null;
  if (!res.ok || !body || !body.ok) throw new LoadError(`${url}: ${body && !body.ok ? body.error : `HTTP ${res.status}`}`);
  return body;
}

function loadMart<R>(mart: string, query: Record<string, string>): Promise<MartResponse<R>> {
  return getJson<MartResponse<R>>(`data/${mart}.json?${new URLSearchParams(query)}`);
}

/** Asked first, so a fresh install shows why it is empty instead of a 404 in the console. */
async function builtMarts(): Promise<Set<string>> {
  const { marts } = await getJson<{ marts: Array<{ name: string; built: boolean }> }>('api/marts');
  return new Set(marts.filter((m) => m.built).map((m) => m.name));
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function csvLink(mart: string, query: Record<string, string>, label = 'Download this data (CSV)') {
  return el('a', { class: 'csv', href: `data/${mart}.csv?${new URLSearchParams(query)}`, download: '' }, label);
}

/** Open next to the chart on a wide screen; one tap away on a phone, where it would push the charts apart. */
function definitionBlock(definition: string | null) {
  const details = el('details', { class: 'definition' }, el('summary', {}, 'Definition'));
  details.open = window.matchMedia('(min-width: 700px)').matches;
  for (const line of (definition ?? 'No definition recorded for this mart yet.').split('\n')) {
    if (line.trim()) details.append(el('p', {}, line));
  }
  return details;
}

function citation(data: MartResponse<unknown>) {
  // "Source: OpenRouter (openrouter.ai/rankings), as of {as_of}", as the CC BY 4.0 licence asks.
  const parts: Array<Node | string> = [
    'Source: OpenRouter (',
    el('a', { href: 'https://openrouter.ai/rankings' }, 'openrouter.ai/rankings'),
    ')',
  ];
  if (data.as_of) parts.push(', as of ', el('time', { 'data-as-of': data.as_of }, data.as_of), ' UTC');
  parts.push('. Licence: ', el('a', { href: data.licence_url ?? 'https://creativecommons.org/licenses/by/4.0/', rel: 'license' }, data.licence ?? 'CC BY 4.0'), '.');
  return el('p', { class: 'citation' }, ...parts);
}

function emptyState(title: string, why: string) {
  return el('section', { class: 'empty', role: 'status' }, el('h2', {}, title), el('p', {}, why));
}

/** One point per week of the data; the CN row of each week (a week without one had no Chinese model ranked). */
function chineseWeeks(rows: readonly OriginShareRow[]) {
  const weeks = new Map<string, { complete: boolean; cn: OriginShareRow | undefined }>();
  for (const row of rows) {
    const week = weeks.get(row.week_start) ?? { complete: row.is_complete_week, cn: undefined };
    if (row.origin_country === 'CN') week.cn = row;
    weeks.set(row.week_start, week);
  }
  const ordered = [...weeks.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  // The mart has no zero rows: a week with data but no CN row means no Chinese model among the named ones,
  // a true zero. The all-token band needs the `other` tokens, which that row would have carried: left empty.
  const count: WeekPoint[] = ordered.map(([week, w]) => ({
    week,
    complete: w.complete,
    value: w.cn ? w.cn.models_in_top_20 : 0,
  }));
  const share: WeekPoint[] = ordered.map(([week, w]) => ({
    week,
    complete: w.complete,
    value: w.cn ? w.cn.token_share_top50 : 0,
    low: w.cn?.token_share_all_low ?? null,
    high: w.cn?.token_share_all_high ?? null,
  }));
  const latestComplete = ordered.filter(([, w]) => w.complete).pop()?.[0] ?? null;
  return { count, share, latestComplete };
}

function chartWidth(container: HTMLElement): number {
  return Math.max(280, Math.min(860, Math.floor(container.clientWidth)));
}

async function render(app: HTMLElement) {
  const built = await builtMarts();
  if (!built.has(ORIGIN_SHARE)) {
    app.replaceChildren(
      emptyState(
        'No data yet',
        'The tables behind this page have not been built yet: they are built after the first collection ' +
          '(or run `adoption-tracker transform`). Reload this page afterwards.',
      ),
    );
    return;
  }
  const originShare = await loadMart<OriginShareRow>(ORIGIN_SHARE, { category: 'all' });
  if (originShare.rows.length === 0) {
    app.replaceChildren(
      emptyState(
        'No OpenRouter data yet',
        'No OpenRouter data yet: set OPENROUTER_API_KEY or wait for the seed history to load. ' +
          'The charts appear once the first week of rankings has been collected and transformed.',
      ),
    );
    return;
  }
  const { count, share: shares, latestComplete } = chineseWeeks(originShare.rows);
  const topQuery = latestComplete ? { category: 'all', week_start: latestComplete, _sort: 'rank', _limit: '20' } : null;
  const top = topQuery && built.has(TOP_MODELS) ? await loadMart<TopModelRow>(TOP_MODELS, topQuery) : null;

  const countFigure = el('figure', { class: 'chart-figure' });
  const shareFigure = el('figure', { class: 'chart-figure' });
  const cnQuery = { category: 'all', origin_country: 'CN' };
  const countSection = el(
    'section',
    { class: 'card', 'aria-labelledby': 'count-title' },
    el('h2', { id: 'count-title' }, 'Chinese models in the weekly top 20'),
    el('p', { class: 'note' }, 'Number of models whose developer is based in China (origin CN) among the 20 models with the most tokens that week.'),
    countFigure,
    definitionBlock(originShare.definition),
    csvLink(ORIGIN_SHARE, cnQuery),
  );
  const shareSection = el(
    'section',
    { class: 'card', 'aria-labelledby': 'share-title' },
    el('h2', { id: 'share-title' }, 'Chinese share of tokens'),
    el(
      'p',
      { class: 'note' },
      'Line: share of the tokens of all ranked (named) models. Band: share of all tokens, from counting the unranked "other" tokens as not Chinese (low) to all Chinese (high).',
    ),
    shareFigure,
    definitionBlock(originShare.definition),
    csvLink(ORIGIN_SHARE, cnQuery),
  );
  const sections: HTMLElement[] = [countSection, shareSection];

  if (top && topQuery && latestComplete) {
    sections.push(
      el(
        'section',
        { class: 'card', 'aria-labelledby': 'top-title' },
        el('h2', { id: 'top-title' }, `Top 20 models, week of ${latestComplete}`),
        el('div', { class: 'table-wrap' }, TopModelsTable(top.rows, { caption: `The 20 models with the most tokens on OpenRouter in the week starting ${latestComplete} (the latest complete week)` })),
        definitionBlock(top.definition),
        csvLink(TOP_MODELS, topQuery),
      ),
    );
  } else if (!built.has(TOP_MODELS)) {
    sections.push(emptyState('No top-model table yet', `The table ${TOP_MODELS} has not been built yet.`));
  } else {
    sections.push(emptyState('No top-model table yet', 'No week is complete yet: the table shows the latest complete week.'));
  }
  app.replaceChildren(...sections, citation(originShare));

  const draw = () => {
    countFigure.replaceChildren(
      WeeklyLine(count, {
        id: 'cn-top20-count',
        title: 'Chinese models in the weekly top 20 on OpenRouter',
        width: chartWidth(countFigure),
        height: 280,
        color: ORIGIN_COLORS.CN,
        format: formatCount,
        integerTicks: true,
        valueLabel: 'models in the top 20',
      }),
    );
    shareFigure.replaceChildren(
      WeeklyLine(shares, {
        id: 'cn-token-share',
        title: 'Chinese share of tokens on OpenRouter, weekly',
        width: chartWidth(shareFigure),
        height: 300,
        color: ORIGIN_COLORS.CN,
        format: formatShare,
        axisFormat: formatShareAxis,
        valueLabel: 'share of ranked models’ tokens',
        bandLabel: 'share of all tokens (low to high)',
      }),
    );
  };
  draw();
  let pending = 0;
  let lastWidth = window.innerWidth;
  window.addEventListener('resize', () => {
    if (window.innerWidth === lastWidth) return;
    lastWidth = window.innerWidth;
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(draw);
  });
}

async function main() {
  const app = document.getElementById('app');
  if (!app) return;
  try {
    await render(app);
  } catch (error) {
    console.warn(error);
    app.replaceChildren(
      emptyState('Could not load the data', error instanceof LoadError ? error.message : 'The server did not answer as expected.'),
    );
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void main());
else void main();
