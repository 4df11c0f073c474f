/**
 * ExitsTable: the models that left a top-20 list since the week before: last week's rank, and this week's tokens
 * when the model still had some. A pure function: rows and options in, a <table> out.
 */
import { formatExact, formatTokens } from '../format.ts';
import { originColor } from '../palette.ts';

export interface ExitRow {
  model_permaslug: string;
  origin_country: string | null;
  previous_rank: number | null;
  /** Tokens this week outside the top 20; NULL when it had none in the data. */
  total_tokens: number | string | null;
}

export function ExitsTable(
  rows: readonly ExitRow[],
  // "Was" = rank the week before; "Tokens" = this week's, outside the top 20 ('none' = not in the data at all).
  { document = globalThis.document, caption = 'Left the top 20' }: { document?: Document; caption?: string } = {},
): HTMLTableElement {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const table = el('table');
  table.className = 'top-models exits';
  table.append(el('caption', caption));
  const head = el('tr');
  for (const [label, cls] of [
    ['Was', 'num'],
    ['Model', 'model'],
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
  const sorted = [...rows].sort((a, b) => (a.previous_rank ?? 99) - (b.previous_rank ?? 99) || (a.model_permaslug < b.model_permaslug ? -1 : 1));
  for (const row of sorted) {
    const tr = el('tr');
    tr.setAttribute('data-exit', row.model_permaslug);
    const rank = el('td', row.previous_rank === null ? '–' : String(row.previous_rank));
    rank.className = 'num';
    const model = el('td');
    model.className = 'model';
    const slash = row.model_permaslug.indexOf('/');
    if (slash >= 0) model.append(row.model_permaslug.slice(0, slash + 1), el('wbr'), row.model_permaslug.slice(slash + 1));
    else model.append(row.model_permaslug);
    const origin = el('td');
    const swatch = el('span');
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    swatch.setAttribute('style', `background-color:${originColor(row.origin_country)}`);
    origin.append(swatch, row.origin_country ?? '–');
    const tokens = el('td', row.total_tokens === null ? 'none' : formatTokens(row.total_tokens));
    tokens.className = 'num';
    tokens.setAttribute('title', row.total_tokens === null ? 'no tokens in the data this week' : `${formatExact(row.total_tokens)} tokens`);
    tr.append(rank, model, origin, tokens);
    body.append(tr);
  }
  table.append(body);
  return table;
}
