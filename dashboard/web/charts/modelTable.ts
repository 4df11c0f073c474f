/**
 * The parts the model tables (top models, exits) share: an element maker, the table with its caption and header
 * row, and the model, origin and number cells. Pure helpers over a passed-in document.
 */
import { modelName, modelPageUrl, upstreamName, upstreamUrl, type ModelChannel } from '../names.ts';
import { originColor, originWords } from '../palette.ts';

export type Make = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string) => HTMLElementTagNameMap[K];

export function elementMaker(document: Document): Make {
  return (tag, text) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  };
}

/** A table with its caption and a header row of [label, class] columns; rows go into the returned body. */
export function modelTable(
  make: Make,
  {
    className,
    caption,
    columns,
  }: { className: string; caption: string; columns: ReadonlyArray<readonly [string, string]> },
): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const table = make('table');
  table.className = className;
  table.append(make('caption', caption));
  const head = make('tr');
  for (const [label, cls] of columns) {
    const th = make('th', label);
    th.setAttribute('scope', 'col');
    if (cls) th.className = cls;
    head.append(th);
  }
  const thead = make('thead');
  thead.append(head);
  const body = make('tbody');
  table.append(thead, body);
  return { table, body };
}

export function numCell(make: Make, text: string, title?: string): HTMLTableCellElement {
  const td = make('td', text);
  td.className = 'num';
  if (title !== undefined) td.setAttribute('title', title);
  return td;
}

/**
 * The model by name (the slug on hover), linked to its page on this site, with a second link to its page on
 * OpenRouter or the Hub where the id has the allowlisted form (names.ts).
 */
export function modelCell(
  make: Make,
  id: string,
  { channel = 'openrouter', name }: { channel?: ModelChannel; name?: string | null } = {},
): HTMLTableCellElement {
  const td = make('td');
  td.className = 'model';
  td.setAttribute('data-model', id);
  const shown = modelName(channel, id, name);
  const own = make('a', shown);
  own.setAttribute('href', modelPageUrl(channel, id));
  own.setAttribute('title', id);
  td.append(own);
  const url = upstreamUrl(channel, id);
  if (url) {
    const out = make('a', '↗');
    out.className = 'upstream';
    out.setAttribute('href', url);
    out.setAttribute('rel', 'noopener noreferrer');
    out.setAttribute('aria-label', `${shown} on ${upstreamName(channel)}`);
    out.setAttribute('title', `${id} on ${upstreamName(channel)}`);
    td.append(' ', out);
  }
  return td;
}

export function originCell(make: Make, origin: string | null): HTMLTableCellElement {
  const td = make('td');
  const swatch = make('span');
  swatch.className = 'swatch';
  swatch.setAttribute('aria-hidden', 'true');
  swatch.setAttribute('style', `background-color:${originColor(origin)}`);
  td.append(swatch, originWords(origin));
  if (origin) td.setAttribute('title', origin);
  return td;
}
