/**
 * The method page: how origin is decided, what counts as a model, what each channel measures, what is unknown and
 * why, and the origin registry with its evidence (marts.origin_registry); where the record's comparison with ATOM
 * is built (marts.origin_registry_vs_atom), its disagreements. Every definition on the other views links here.
 */
import { loadMart, martUrl, type MartResponse } from '../api.ts';
import { el, emptyState } from '../dom.ts';
import { originWords } from '../palette.ts';
import { REGISTRY, type RegistryRow } from './shared.ts';
import type { View, ViewContext } from './types.ts';

const ATOM = 'origin_registry_vs_atom';

function section(id: string, title: string, ...body: Array<Node | string>): HTMLElement {
  return el(
    'section',
    { class: 'card method', id, 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, title),
    ...body,
  );
}

const p = (...parts: Array<Node | string>) => el('p', {}, ...parts);

function originSection(): HTMLElement {
  return section(
    'origin',
    'How origin is decided',
    p(
      'A model’s origin is the country where its developer is based. We look the developer up in our origin registry (the table below): on OpenRouter by the part of the model id before the “/” (',
      el('code', {}, 'qwen/qwen3-coder'),
      ' → qwen → Alibaba → China); on Hugging Face by the owner of the repository (',
      el('code', {}, 'Qwen/Qwen2.5-7B-Instruct'),
      ' → Qwen). Each row of the registry says where its attribution comes from.',
    ),
    p(
      'On Hugging Face there are two ways to count a model that is built on another (a fine-tune, a quantisation, a re-upload): ',
      el('strong', {}, 'by uploader'),
      ', for the country of the organisation that published the repository, or ',
      el('strong', {}, 'by lineage'),
      ', for the country of the developer of the model at the root of its base-model chain. Re-uploaders (quantisers, repackagers, marked REDIST) are never an origin: their models take the origin of the model they are built on.',
    ),
    p(
      'Besides countries, the registry knows international groups (INTL), open communities (COMMUNITY) and unknown origin (UNKNOWN).',
    ),
  );
}

function modelSection(): HTMLElement {
  return section(
    'model',
    'What counts as a model',
    p(
      'On OpenRouter, a model is what OpenRouter ranks: one model id (a “permaslug”). Variants count on their own: ',
      el('code', {}, 'qwen/qwen3-coder:free'),
      ' and ',
      el('code', {}, 'qwen/qwen3-coder'),
      ' are two models, and so are two dated versions of one model.',
    ),
    p(
      'On Hugging Face, a model is a repository. “Language models” are the repositories whose pipeline tag is a text-generation one (text generation, chat, and similar); “all models” adds embeddings, image, speech and every other kind, which dominate raw download counts.',
    ),
  );
}

function channelsSection(): HTMLElement {
  return section(
    'channels',
    'The two channels',
    el('h3', {}, 'OpenRouter: tokens'),
    p(
      'OpenRouter publishes, for each day (UTC), the 50 public models with the most tokens (prompt plus completion, each provider’s own tokenizer) and one total for all other models. We add each model’s days up from Monday to Sunday and rank the week by that sum. A week with fewer than 7 days of data is a partial week: it is drawn hollow and never compared with a whole week. OpenRouter restates recent days as late usage arrives; we keep every value and use the latest. Categories (programming, roleplay, …) are OpenRouter’s sampled estimates, not exact counts.',
    ),
    el('h3', {}, 'Hugging Face: downloads'),
    p(
      'The Hub reports for each repository its downloads of the last 30 days (a rolling count: days are never added together) and, where asked, its all-time downloads. We take a snapshot every day of the tracked developers’ models and of the Hub’s most downloaded models. A week is read on its last snapshot (the Sunday); a week whose last snapshot is not a Sunday is partial.',
    ),
    p(
      'The two channels count different things (use through one API gateway; downloads of open weights), so read the trend of each, not the gap between them.',
    ),
  );
}

function unknownSection(): HTMLElement {
  return section(
    'unknown',
    'What is unknown, and why',
    el(
      'ul',
      {},
      el(
        'li',
        {},
        'OpenRouter reports the tokens of the models outside each day’s top 50 only as one total, with no model names: their origin is unknown. Shares of all tokens are therefore a range, from counting that total as not Chinese (low) to all Chinese (high).',
      ),
      el(
        'li',
        {},
        'A developer that is not in the registry has origin UNKNOWN, drawn as its own grey band. Unknown is never counted as “not Chinese”.',
      ),
      el(
        'li',
        {},
        'On Hugging Face, a base-model chain that ends at a repository that is gone, or at a re-uploader, gives UNKNOWN by lineage.',
      ),
      el(
        'li',
        {},
        'The shipped Hugging Face history recorded only the 30-day downloads of the Hub’s top 30: all-time downloads, creation dates and base models start with the first collection.',
      ),
      el('li', {}, 'A value that is missing is shown as missing, never as zero.'),
    ),
  );
}

function registryTable(rows: readonly RegistryRow[], platform: string, caption: string): HTMLElement {
  const mine = rows.filter((r) => r.platform === platform);
  const head = el(
    'tr',
    {},
    ...['Author', 'Developer', 'Origin', 'Evidence and note'].map((c) => el('th', { scope: 'col' }, c)),
  );
  const body = mine.map((r) =>
    el(
      'tr',
      { 'data-author': r.author },
      el('td', {}, el('code', {}, r.author)),
      el('td', {}, r.developer ?? r.organisation ?? '–'),
      el('td', { title: r.country }, originWords(r.country)),
      el('td', {}, [r.evidence, r.note].filter(Boolean).join('. ') || '–'),
    ),
  );
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'registry', 'data-platform': platform },
      el('caption', {}, `${caption} (${mine.length})`),
      el('thead', {}, head),
      el('tbody', {}, ...body),
    ),
  );
}

function registrySection(registry: MartResponse<RegistryRow> | null): HTMLElement {
  if (!registry) {
    return section(
      'registry',
      'The origin registry',
      p('The registry table has not been built yet: run `adoption-tracker transform`.'),
    );
  }
  return section(
    'registry',
    'The origin registry',
    p(
      'Every developer we attribute, with its country and the evidence. To add or correct one, edit ',
      el('code', {}, 'transform/seeds/origins.csv'),
      '. The same as ',
      el('a', { href: martUrl(REGISTRY, {}, 'csv') }, 'CSV'),
      ' and ',
      el('a', { href: martUrl(REGISTRY, {}) }, 'JSON'),
      '.',
    ),
    el(
      'details',
      { class: 'registry-block', open: '' },
      el('summary', {}, 'OpenRouter authors'),
      registryTable(registry.rows, 'openrouter', 'OpenRouter authors (the part of a model id before the “/”)'),
    ),
    el(
      'details',
      { class: 'registry-block' },
      el('summary', {}, 'Hugging Face owners'),
      registryTable(registry.rows, 'huggingface', 'Hugging Face repository owners'),
    ),
  );
}

function atomSection(atom: MartResponse<Record<string, unknown>> | null): HTMLElement {
  if (!atom) {
    return section(
      'atom',
      'Where others disagree',
      p(
        `The comparison of this registry with the ATOM project’s attributions appears here once its table (${ATOM}) is built.`,
      ),
    );
  }
  const head = el('tr', {}, ...atom.columns.map((c) => el('th', { scope: 'col' }, c.replace(/_/g, ' '))));
  const body = atom.rows.map((r) =>
    el('tr', {}, ...atom.columns.map((c) => el('td', {}, r[c] === null || r[c] === undefined ? '–' : String(r[c])))),
  );
  return section(
    'atom',
    'Where others disagree',
    p(`Where the ATOM project attributes a developer differently from this registry (${atom.rows.length} rows).`),
    el(
      'div',
      { class: 'table-wrap' },
      el('table', { class: 'registry' }, el('thead', {}, head), el('tbody', {}, ...body)),
    ),
  );
}

async function render(ctx: ViewContext): Promise<Node[]> {
  const [registry, atom] = await Promise.all([
    ctx.catalog.get(REGISTRY)?.built ? loadMart<RegistryRow>(REGISTRY) : null,
    ctx.catalog.get(ATOM)?.built ? loadMart<Record<string, unknown>>(ATOM) : null,
  ]);
  const toc = el(
    'nav',
    { class: 'toc', 'aria-label': 'On this page' },
    el(
      'ul',
      {},
      ...[
        ['origin', 'How origin is decided'],
        ['model', 'What counts as a model'],
        ['channels', 'The two channels'],
        ['unknown', 'What is unknown, and why'],
        ['registry', 'The origin registry'],
        ['atom', 'Where others disagree'],
      ].map(([id, label]) => el('li', {}, el('a', { href: `#${id}` }, label!))),
    ),
  );
  const nodes: Node[] = [
    toc,
    originSection(),
    modelSection(),
    channelsSection(),
    unknownSection(),
    registrySection(registry),
    atomSection(atom),
  ];
  if (!registry && !atom && ctx.catalog.size === 0)
    nodes.push(emptyState('No tables yet', 'Nothing has been built yet.'));
  return nodes;
}

export const methodView: View = {
  path: 'method',
  nav: 'Method',
  title: 'How it is measured',
  lede: 'How a model’s origin is decided, what counts as a model, what each channel measures, and what stays unknown.',
  render,
};
