/**
 * The page's entry: picks the view from the path, keeps the view's state in the URL (pushState on a change,
 * popstate for back/forward), draws the view and redraws it on a change or a resize. Fetching and layout live in
 * the views; charts are pure functions in charts/.
 */
import { LoadError, martCatalog } from './api.ts';
import { el, emptyState } from './dom.ts';
import { loadFreshness, staleBanner } from './freshness.ts';
import { parseState, sharedSearch, stateSearch, type State } from './state.ts';
import { installTooltips } from './tooltip.ts';
import { claimsView } from './views/claims.ts';
import { digestView } from './views/digest.ts';
import { huggingFaceView } from './views/huggingface.ts';
import { openRouterView } from './views/openrouter.ts';
import { methodView } from './views/method.ts';
import { modelView } from './views/model.ts';
import { overviewView } from './views/overview.ts';
import { sqlView } from './views/sql.ts';
import { statusView } from './views/status.ts';
import type { View } from './views/types.ts';

const VIEWS: readonly View[] = [
  overviewView,
  openRouterView,
  huggingFaceView,
  claimsView,
  digestView,
  methodView,
  statusView,
  sqlView,
  modelView,
];

/** The view named by the last path segment; the base is what precedes it (a proxy may add a prefix). */
function route(pathname: string): { view: View; base: string } {
  const segments = pathname.split('/');
  const last = segments[segments.length - 1] ?? '';
  const view = VIEWS.find((v) => v.path !== '' && v.path === last);
  if (view) return { view, base: segments.slice(0, -1).join('/') + '/' };
  return { view: overviewView, base: pathname.endsWith('/') ? pathname : `${pathname}/` };
}

function nav(base: string, current: View, state: State): HTMLElement {
  const list = el('ul');
  for (const view of VIEWS) {
    if (view.hidden) continue;
    const search = ['claims', 'status', 'method', 'sql'].includes(view.path) ? '' : sharedSearch(state);
    const a = el('a', { href: `${base}${view.path}${search}` }, view.nav);
    if (view === current) a.setAttribute('aria-current', 'page');
    list.append(el('li', {}, a));
  }
  return el('nav', { 'aria-label': 'Views' }, list);
}

function chartWidth(app: HTMLElement): number {
  // The card's padding and border (2 x 12 + 2) come off the column width.
  return Math.max(280, Math.min(860, Math.floor(app.clientWidth) - 26));
}

async function main(): Promise<void> {
  const app = document.getElementById('app');
  const navSlot = document.getElementById('nav');
  if (!app) return;
  installTooltips();
  const { view, base } = route(location.pathname);
  let state = parseState(location.search);
  let generation = 0;

  const draw = async () => {
    const mine = ++generation;
    const focusedId = document.activeElement?.id || null;
    app.setAttribute('aria-busy', 'true');
    navSlot?.replaceChildren(nav(base, view, state));
    try {
      const [catalog, freshness] = await Promise.all([martCatalog(), loadFreshness()]);
      const nodes = await view.render({
        freshness,
        state,
        catalog,
        chartWidth: chartWidth(app),
        setState(patch, options) {
          state = { ...state, ...patch };
          const url = `${location.pathname}${stateSearch(state)}`;
          if (options?.replace) history.replaceState(null, '', url);
          else history.pushState(null, '', url);
          void draw();
        },
        permalink: () => location.href,
      });
      if (mine !== generation) return;
      const channels = typeof view.channels === 'function' ? view.channels(state) : view.channels;
      const banner = channels ? staleBanner(freshness, channels) : null;
      const title = view.titleFor?.(state) ?? view.title;
      document.title = `${title} · Adoption tracker`;
      app.replaceChildren(
        el('h1', {}, title),
        el('p', { class: 'lede' }, view.lede),
        ...(banner ? [banner] : []),
        ...nodes,
      );
    } catch (error) {
      if (mine !== generation) return;
      console.warn(error);
      app.replaceChildren(
        el('h1', {}, view.title),
        emptyState(
          'Could not load the data',
          error instanceof LoadError ? error.message : 'The server did not answer as expected.',
        ),
      );
    } finally {
      if (mine === generation) app.removeAttribute('aria-busy');
    }
    // Redrawing replaces the controls: keep the keyboard where it was.
    if (focusedId && mine === generation) document.getElementById(focusedId)?.focus();
    // A link to a part of a view (method#registry) lands on it once the view has drawn.
    if (mine === 1 && location.hash.length > 1)
      document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  };

  document.title = `${view.titleFor?.(state) ?? view.title} · Adoption tracker`;
  // A malformed or default-valued parameter is dropped from the address without a new history entry.
  const canonical = stateSearch(state);
  if (canonical !== location.search && !(canonical === '' && location.search === '?')) {
    history.replaceState(null, '', `${location.pathname}${canonical}`);
  }
  window.addEventListener('popstate', () => {
    state = parseState(location.search);
    void draw();
  });
  let pending = 0;
  let lastWidth = window.innerWidth;
  window.addEventListener('resize', () => {
    if (window.innerWidth === lastWidth) return;
    lastWidth = window.innerWidth;
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => void draw());
  });
  await draw();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void main());
else void main();
