import { HUGGING_FACE_CITATION, OPENROUTER_CITATION, type SourceCitation } from '../../ingest/declarations.ts';
import { formatTimestamp } from './format.ts';
import { TABLE_WORDS } from './words.ts';
/** Small DOM helpers for the page (the charts build their own elements from the document they are given). */

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | null | undefined> = {},
  ...children: Array<Node | string | null | undefined | false>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value != null) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** Says what is missing and why, in place of a chart: never an empty frame, never zeros. */
export function emptyState(title: string, why: string, headingLevel: 'h2' | 'h3' = 'h2'): HTMLElement {
  return el('section', { class: 'empty', role: 'status' }, el(headingLevel, {}, title), el('p', {}, why));
}

/** A note in a card for partial data (an incomplete week, a truncated export, a column not collected yet). */
export function notice(text: string): HTMLElement {
  return el('p', { class: 'notice', role: 'note' }, text);
}

/** The table's full header (grain, units, definition), one click from its chart; the card's note says it in short. */
export function definitionBlock(
  definition: string | null,
  summary = 'Precise definition (the table’s SQL header)',
): HTMLDetailsElement {
  const details = el('details', { class: 'definition' }, el('summary', {}, summary));
  for (const line of (definition ?? 'No definition recorded for this table yet.').split('\n')) {
    if (line.trim()) details.append(el('p', {}, line.replace(/^--\s?/, '')));
  }
  return details;
}

/**
 * Under a chart: how it is measured in words (words.ts TABLE_WORDS), a link to the method page, and the table's SQL
 * header one click away as the precise version.
 */
export function howMeasured(mart: string, definition: string | null): HTMLElement {
  const words = TABLE_WORDS[mart];
  return el(
    'div',
    { class: 'how-measured', 'data-mart': mart },
    el(
      'p',
      {},
      words ? `How this is measured: ${words} ` : '',
      el('a', { href: 'method' }, 'How origin is decided and what counts as a model'),
      '.',
    ),
    definitionBlock(definition),
  );
}

const CITATIONS = { openrouter: OPENROUTER_CITATION, huggingface: HUGGING_FACE_CITATION } as const;

/** A source's citation as declared in ingest/declarations.ts, with its link and licence. */
function citationElement(cited: SourceCitation, asOf: string | null): HTMLElement {
  const [before, after] = cited.name.split(cited.linkText);
  const parts: Array<Node | string> = [
    'Source: ',
    before ?? '',
    el('a', { href: cited.url }, cited.linkText),
    after ?? '',
  ];
  if (asOf) parts.push(', as of ', el('time', { 'data-as-of': asOf }, formatTimestamp(asOf)), ' UTC');
  if (cited.licence && cited.licenceUrl)
    parts.push('. Licence: ', el('a', { href: cited.licenceUrl, rel: 'license' }, cited.licence));
  parts.push('.');
  return el('p', { class: 'citation' }, ...parts);
}

/** OpenRouter asks for "Source: OpenRouter (openrouter.ai/rankings), as of {as_of}" (CC BY 4.0). */
export function openRouterCitation(asOf: string | null): HTMLElement {
  return citationElement(OPENROUTER_CITATION, asOf);
}

export function huggingFaceCitation(asOf: string | null): HTMLElement {
  return citationElement(HUGGING_FACE_CITATION, asOf);
}

/** The citation line as plain text, for CSV comments and SVG downloads. */
export function citationText(channel: keyof typeof CITATIONS, asOf: string | null): string {
  const cited = CITATIONS[channel];
  const when = asOf ? `, as of ${asOf} UTC` : '';
  const licence = cited.licence ? `; licence ${cited.licence} (${cited.licenceUrl})` : '';
  return `Source: ${cited.name}${when}${licence}`;
}

/** The latest of some 'YYYY-MM-DD HH:MM:SS' timestamps (text order is time order), or null. */
export function latestAsOf(values: Iterable<string | null | undefined>): string | null {
  let latest: string | null = null;
  for (const v of values) if (v && (latest === null || v > latest)) latest = v;
  return latest;
}
