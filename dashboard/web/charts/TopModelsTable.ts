/**
 * TopModelsTable: one week's top models by tokens as a table (rank, model, origin, tokens).
 * A pure function: rows and options in, a <table> out.
 */
import { formatExact, formatTokens } from '../format.ts';
import { originColor } from '../palette.ts';

export interface TopModelRow {
  rank: number;
  model_permaslug: string;
  origin_country: string | null;
  /** A JSON number, or a decimal string past 2^53. */
  total_tokens: number | string | null;
}

export interface TopModelsTableOptions {
  document?: Document;
  caption?: string;
  /** Rows ranked above this are left out. */
  limit?: number;
}

export function TopModelsTable(
  rows: readonly TopModelRow[],
  { document = globalThis.document, caption = 'Top models by tokens', limit = 20 }: TopModelsTableOptions = {},
): HTMLTableElement {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const table = el('table');
  table.className = 'top-models';
  table.append(el('caption', caption));
  const head = el('tr');
  for (const [label, cls] of [
    ['Rank', 'num'],
    ['Model', ''],
    ['Origin', ''],
    ['Tokens', 'num'],
  ] as const) {
    const th = el('th', label);
    th.setAttribute('scope', 'col');
    if (cls) th.className = cls;
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  table.append(thead);
  const body = el('tbody');
  const shown = rows.filter((r) => r.rank <= limit).sort((a, b) => a.rank - b.rank);
  for (const row of shown) {
    const tr = el('tr');
    tr.setAttribute('data-rank', String(row.rank));
    const rank = el('td', String(row.rank));
    rank.className = 'num';
    const model = el('td');
    model.className = 'model';
    // A narrow screen may break the permaslug after its '/', not inside a word.
    const slash = row.model_permaslug.indexOf('/');
    if (slash >= 0) model.append(row.model_permaslug.slice(0, slash + 1), el('wbr'), row.model_permaslug.slice(slash + 1));
    else model.append(row.model_permaslug);
    const origin = el('td');
    const swatch = el('span');
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    swatch.setAttribute('style', `background-color:${originColor(row.origin_country)}`);
    origin.append(swatch, row.origin_country ?? '–');
    const tokens = el('td', formatTokens(row.total_tokens));
    tokens.className = 'num';
    tokens.setAttribute('title', `${formatExact(row.total_tokens)} tokens`);
    tr.append(rank, model, origin, tokens);
    body.append(tr);
  }
  table.append(body);
  return table;
}
