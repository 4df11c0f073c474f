/**
 * The SQL view (/sql): ask the published tables your own question. DuckDB runs in the browser (DuckDB-Wasm, served
 * by this server from node_modules) over each mart's Parquet file (/data/<mart>.parquet); the server never runs the
 * SQL. The engine (assets/sql-engine.js) is imported here, on first render, so no other view loads it.
 *
 * The editor, the result and the engine outlive a redraw (a resize, back/forward): the view keeps them in module
 * scope and hands the same nodes back. The query is kept in the address as #q=<sql>, so a link reruns it.
 */
import type { MartInfo } from '../api.ts';
import { toCsv } from '../csv.ts';
import { el, emptyState } from '../dom.ts';
import { formatCount } from '../format.ts';
import type { Cell, Engine, QueryResult } from '../sql-engine.ts';
import { EXAMPLES } from '../sql-examples.ts';
import { neutraliseCell } from '../../../lib/spreadsheet-safe.ts';
import type { View, ViewContext } from './types.ts';

/** Rows drawn on the page; the CSV has every row. */
export const SHOWN_ROWS = 500;

interface Page {
  root: HTMLElement[];
  editor: HTMLTextAreaElement;
  status: HTMLElement;
  result: HTMLElement;
  examples: HTMLElement;
  tables: HTMLElement;
  run: HTMLButtonElement;
}

let page: Page | undefined;
let engine: Promise<Engine> | undefined;
let catalogBuiltAt: string | null = null;
let lastResult: { sql: string; result: QueryResult } | undefined;

function pageUrl(relative: string): string {
  return new URL(relative, document.baseURI).href;
}

function queryFromHash(): string | null {
  const match = /^#q=(.*)$/s.exec(location.hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  if (!page) return;
  page.status.textContent = text;
  page.status.className = kind === 'error' ? 'sql-status sql-error' : 'sql-status';
}

function cellText(value: Cell): string {
  if (value === null) return 'NULL';
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

function resultTable(result: QueryResult): HTMLElement {
  const shown = result.rows.slice(0, SHOWN_ROWS);
  const numeric = result.columns.map((c) => c.kind === 'number');
  const text = result.columns.map((c) => c.kind === 'text' || c.kind === 'other');
  const caption =
    `${formatCount(result.rows.length)} ${result.rows.length === 1 ? 'row' : 'rows'}` +
    (result.rows.length > shown.length ? `, the first ${SHOWN_ROWS} shown (the CSV has all)` : '');
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'sql-result', id: 'sql-result-table' },
      el('caption', {}, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...result.columns.map((c, i) =>
            el('th', { scope: 'col', title: c.type, class: numeric[i] ? 'num' : null }, c.name),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        ...shown.map((row) =>
          el(
            'tr',
            {},
            ...row.map((value, i) =>
              el(
                'td',
                {
                  class:
                    [numeric[i] ? 'num' : '', text[i] ? 'text' : '', value === null ? 'null' : ''].join(' ').trim() ||
                    null,
                },
                cellText(value),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The result as CSV: text cells neutralised against spreadsheet formulas (numbers never are), NULL empty. */
export function resultCsv(
  sql: string,
  result: QueryResult,
  context: { builtAt: string | null; version: string; url: string },
): string {
  const names = result.columns.map((c) => c.name);
  const text = result.columns.map((c) => c.kind === 'text' || c.kind === 'other');
  const rows = result.rows.map((row) =>
    Object.fromEntries(
      row.map((value, i) => [names[i], text[i] && typeof value === 'string' ? neutraliseCell(value) : value]),
    ),
  );
  return toCsv({
    columns: names,
    rows,
    comments: [
      'Sources: OpenRouter (openrouter.ai/rankings), licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), ' +
        'and Hugging Face Hub (huggingface.co); cite "Source: OpenRouter (openrouter.ai/rankings), as of {as_of}" for OpenRouter data',
      `Tables built ${context.builtAt ?? '(unknown)'} UTC; computed in the browser with DuckDB-Wasm ${context.version} at ${context.url}`,
      ...sql.split(/\r?\n/).map((line) => `query: ${line}`),
    ],
  });
}

function download(csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = el('a', { href: url, download: 'adoption-tracker-query.csv', hidden: '' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function runQuery(sql: string): Promise<void> {
  if (!page || !engine) return;
  const current = page;
  current.run.disabled = true;
  setStatus('Running…');
  const started = performance.now();
  try {
    const db = await engine;
    const result = await db.query(sql);
    const ms = Math.round(performance.now() - started);
    lastResult = { sql, result };
    history.replaceState(null, '', `${location.pathname}${location.search}#q=${encodeURIComponent(sql)}`);
    const csvButton = el('button', { type: 'button', id: 'sql-download-csv' }, 'Download CSV');
    csvButton.addEventListener('click', () => {
      if (!lastResult) return;
      download(
        resultCsv(lastResult.sql, lastResult.result, {
          builtAt: catalogBuiltAt,
          version: db.version,
          url: location.href,
        }),
      );
    });
    current.result.replaceChildren(
      el('h2', {}, 'Result'),
      el('div', { class: 'actions' }, csvButton),
      result.columns.length
        ? resultTable(result)
        : el('p', { class: 'note' }, 'The statement ran and returned no columns.'),
    );
    setStatus(`Done in ${ms} ms: ${formatCount(result.rows.length)} ${result.rows.length === 1 ? 'row' : 'rows'}.`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    setStatus(message, 'error');
  } finally {
    current.run.disabled = false;
    // How many queries have finished: lets a test (or a script) wait for this one.
    current.status.dataset.runs = String(Number(current.status.dataset.runs ?? 0) + 1);
  }
}

function examplesList(available: ReadonlySet<string>): HTMLElement {
  const usable = EXAMPLES.filter((e) => e.uses.every((m) => available.has(m)));
  const list = el('ul', { class: 'sql-examples' });
  for (const example of usable) {
    const described = `sql-example-${example.id}`;
    const button = el(
      'button',
      { type: 'button', 'data-example': example.id, 'aria-describedby': described },
      example.title,
    );
    button.addEventListener('click', () => {
      if (!page) return;
      page.editor.value = example.sql;
      void runQuery(example.sql);
    });
    list.append(el('li', {}, button, ' ', el('span', { class: 'note', id: described }, example.description)));
  }
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'sql-examples-title' },
    el('h2', { id: 'sql-examples-title' }, 'Examples'),
    list,
  );
}

function tablesCard(marts: readonly MartInfo[]): HTMLElement {
  const rows = marts.map((m) =>
    el(
      'tr',
      {},
      el('td', { class: 'sql-table-name' }, el('code', {}, m.name)),
      el('td', { class: 'num' }, m.row_count === null ? '–' : formatCount(m.row_count)),
      el(
        'td',
        {},
        el('a', { href: `data/${m.name}.parquet` }, 'Parquet'),
        ' · ',
        el('a', { href: `data/${m.name}.csv` }, 'CSV'),
      ),
    ),
  );
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'sql-tables-title' },
    el('h2', { id: 'sql-tables-title' }, 'Tables'),
    el(
      'p',
      {},
      'Each table is loaded into your browser under its own name (also as ',
      el('code', {}, 'marts.<name>'),
      ', as in ',
      el('code', {}, 'adoption-tracker sql'),
      '). Their definitions are on each view’s cards and in the data dictionary of ',
      el('a', { href: 'data/all.zip', id: 'download-all' }, 'all the data in one zip'),
      ' (every table as CSV and Parquet, with the sources’ licences).',
    ),
    el(
      'div',
      { class: 'table-wrap' },
      el(
        'table',
        { class: 'sql-tables' },
        el('caption', {}, `${marts.length} tables`),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, 'Table'),
            el('th', { scope: 'col', class: 'num' }, 'Rows'),
            el('th', { scope: 'col' }, 'Download'),
          ),
        ),
        el('tbody', {}, ...rows),
      ),
    ),
  );
}

function buildPage(ctx: ViewContext): Page {
  const marts = [...ctx.catalog.values()].filter((m) => m.built);
  catalogBuiltAt = marts.reduce<string | null>(
    (max, m) => (m.built_at && (max === null || m.built_at > max) ? m.built_at : max),
    null,
  );
  const editor = el('textarea', {
    id: 'sql-query',
    rows: '9',
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    'aria-describedby': 'sql-help',
  });
  const run = el('button', { type: 'button', id: 'sql-run', disabled: '' }, 'Run');
  const status = el(
    'p',
    { class: 'sql-status', id: 'sql-status', role: 'status', 'aria-live': 'polite' },
    'Loading DuckDB…',
  );
  const result = el('section', { class: 'card sql-result-card', id: 'sql-result', 'aria-live': 'off' });
  const editorCard = el(
    'section',
    { class: 'card', 'aria-labelledby': 'sql-editor-title' },
    el('h2', { id: 'sql-editor-title' }, el('label', { for: 'sql-query' }, 'Your query')),
    editor,
    el(
      'div',
      { class: 'actions' },
      run,
      el('span', { class: 'note', id: 'sql-help' }, 'Ctrl+Enter (⌘+Enter) runs it. DuckDB SQL; read the tables below.'),
    ),
    status,
  );
  const examples = examplesList(new Set(marts.map((m) => m.name)));
  const tables = tablesCard(marts);
  editor.value =
    queryFromHash() ??
    EXAMPLES.find((e) => e.uses.every((m) => marts.some((b) => b.name === m)))?.sql ??
    EXAMPLES.at(-1)!.sql;
  run.addEventListener('click', () => void runQuery(editor.value));
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void runQuery(editor.value);
    }
  });
  return { root: [examples, editorCard, result, tables], editor, status, result, examples, tables, run };
}

function startEngine(marts: readonly MartInfo[]): void {
  const url = pageUrl('assets/sql-engine.js');
  engine = (async () => {
    // A computed URL: esbuild leaves this import alone, so the engine is its own file, fetched only here.
    const module = (await import(url)) as typeof import('../sql-engine.ts');
    return module.openEngine({
      vendorUrl: pageUrl('vendor/duckdb-wasm/'),
      parquetWasmUrl: pageUrl('vendor/parquet-wasm/parquet_wasm_bg.wasm'),
      marts: marts.map((m) => ({ name: m.name, url: pageUrl(`data/${m.name}.parquet`) })),
      onProgress: (message) => setStatus(message),
    });
  })();
  engine.then(
    (db) => {
      if (!page) return;
      page.run.disabled = false;
      if (db.skipped.length) {
        // Said where the tables are listed, so it stays visible after the first query's status replaces this one.
        page.tables
          .querySelector('h2')
          ?.after(
            el(
              'p',
              { class: 'notice', role: 'note', id: 'sql-skipped' },
              `Not loaded: ${db.skipped.map((s) => `${s.name} (${s.error})`).join('; ')}.`,
            ),
          );
      }
      setStatus(`DuckDB ${db.version} is ready with ${db.tables.length} tables.`);
      void runQuery(page.editor.value);
    },
    (error: unknown) => {
      engine = undefined;
      setStatus(`DuckDB could not start: ${error instanceof Error ? error.message : String(error)}`, 'error');
    },
  );
}

async function render(ctx: ViewContext): Promise<Node[]> {
  const marts = [...ctx.catalog.values()].filter((m) => m.built);
  if (marts.length === 0) {
    return [
      emptyState(
        'No tables to query yet',
        'No table has been built yet: the first transform builds them (run `adoption-tracker transform`, or wait for the server’s first job).',
      ),
    ];
  }
  if (!page) {
    document.head.append(el('link', { rel: 'stylesheet', href: pageUrl('assets/sql.css') }));
    page = buildPage(ctx);
    startEngine(marts);
  }
  return page.root;
}

export const sqlView: View = {
  path: 'sql',
  nav: 'SQL',
  title: 'Query the data with SQL',
  lede:
    'Ask the published tables your own question. The SQL runs in your browser (DuckDB-Wasm) over each table as a Parquet ' +
    'file; nothing you type is sent to the server. Start from an example.',
  render,
};
