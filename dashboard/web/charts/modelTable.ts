/**
 * The parts the model tables (top models, exits) share: an element maker, the table with its caption and header
 * row, and the model, origin and number cells. Pure helpers over a passed-in document.
 */
import { originColor } from '../palette.ts';

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
  { className, caption, columns }: { className: string; caption: string; columns: ReadonlyArray<readonly [string, string]> },
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

/** A narrow screen may break the permaslug after its '/', not inside a word. */
export function modelCell(make: Make, permaslug: string): HTMLTableCellElement {
  const td = make('td');
  td.className = 'model';
  const slash = permaslug.indexOf('/');
  if (slash >= 0) td.append(permaslug.slice(0, slash + 1), make('wbr'), permaslug.slice(slash + 1));
  else td.append(permaslug);
  return td;
}

export function originCell(make: Make, origin: string | null): HTMLTableCellElement {
  const td = make('td');
  const swatch = make('span');
  swatch.className = 'swatch';
  swatch.setAttribute('aria-hidden', 'true');
  swatch.setAttribute('style', `background-color:${originColor(origin)}`);
  td.append(swatch, origin ?? '–');
  return td;
}
