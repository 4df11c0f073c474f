/**
 * HeadlineCards: the week's headline numbers as cards, each with its change against the week before, "as of", and
 * its definition (shown on hover and on keyboard focus, and always read by screen readers). A missing number says
 * why instead of showing a zero. A pure function: cards and options in, an element out.
 */

export interface Headline {
  id: string;
  /** What the number is, e.g. "Chinese models in OpenRouter's weekly top 20". */
  label: string;
  /** The number as shown ('9 of 20', '61.2%'); NULL when there is none. */
  value: string | null;
  /** A sentence that reads the number, e.g. "9 of the top 20 models on OpenRouter in the week of 2026-08-10 are Chinese." */
  sentence: string | null;
  /** A second line, e.g. the low-high range. */
  detail?: string | null;
  /** Change against the week before, as shown ('−1', '+2.3 pts'); NULL when there is no week before. */
  change: string | null;
  /** 'up' | 'down' | 'flat', for styling only; the text says it in words. */
  direction?: 'up' | 'down' | 'flat' | null;
  definition: string;
  asOf: string | null;
  /** Why there is no value (not collected yet, no key, no complete week). */
  missing?: string | null;
  /** A note on partial data (e.g. the current week is incomplete). */
  partial?: string | null;
}

export function HeadlineCards(cards: readonly Headline[], { document = globalThis.document }: { document?: Document } = {}): HTMLElement {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const list = el('ul', { class: 'headlines' });
  for (const card of cards) {
    const definitionId = `headline-${card.id}-definition`;
    const item = el('li', { class: `headline${card.value === null ? ' headline-missing' : ''}`, 'data-headline': card.id });
    // Focusable, so the definition shows for keyboard users as it does on hover.
    const article = el('article', { tabindex: '0', 'aria-describedby': definitionId });
    article.append(el('h2', { class: 'headline-label' }, card.label));
    if (card.value === null) {
      article.append(el('p', { class: 'headline-value missing' }, 'No value'), el('p', { class: 'headline-missing-why' }, card.missing ?? 'No data.'));
    } else {
      article.append(el('p', { class: 'headline-value' }, card.value));
      if (card.sentence) article.append(el('p', { class: 'headline-sentence' }, card.sentence));
      if (card.detail) article.append(el('p', { class: 'headline-detail' }, card.detail));
      const change = el('p', { class: `headline-change${card.direction ? ` ${card.direction}` : ''}` });
      change.textContent = card.change === null ? 'No week before to compare with.' : `${card.change} against the week before`;
      article.append(change);
    }
    if (card.partial) article.append(el('p', { class: 'headline-partial' }, card.partial));
    const asOf = el('p', { class: 'headline-as-of' });
    asOf.textContent = card.asOf ? `As of ${card.asOf} UTC` : 'No data yet';
    article.append(asOf);
    article.append(el('p', { class: 'headline-definition', id: definitionId }, card.definition));
    item.append(article);
    list.append(item);
  }
  return list;
}
