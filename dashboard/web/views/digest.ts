/**
 * The "what changed" view: for one week, entrants and exits of the top 20, crossings (Chinese share passing the
 * US share, a developer passing another) and the biggest movers, on both channels. The same as an Atom feed.
 */
import { getJson, LoadError } from '../api.ts';
import { selectControl } from '../controls.ts';
import { digestGroups, foldedText, weekSummary, type DigestItem, type DigestRow } from '../digest-words.ts';
import { el, emptyState, howMeasured } from '../dom.ts';
import { modelPageUrl } from '../names.ts';
import type { View, ViewContext } from './types.ts';

const CHANGES = 'weekly_changes';
const CHANNELS: ReadonlyArray<[string, string]> = [
  ['openrouter', 'OpenRouter'],
  ['huggingface', 'Hugging Face'],
];

interface DigestResponse {
  week_start: string;
  weeks: string[];
  as_of: string | null;
  rows: DigestRow[];
}

function feedLink(): HTMLElement {
  return el(
    'p',
    { class: 'feed' },
    'Follow it as a feed, one entry a week: ',
    el('a', { href: 'feed.xml', type: 'application/atom+xml', 'data-feed': '' }, 'Atom feed (feed.xml)'),
    '.',
  );
}

/** The digest of a week (the latest when none is asked); NULL when there is none yet. */
async function loadDigest(week: string | null): Promise<DigestResponse | null> {
  try {
    const latest = await getJson<DigestResponse>('api/digest');
    if (!week || week === latest.week_start || !latest.weeks.includes(week)) return latest;
    return await getJson<DigestResponse>(`api/digest?week=${week}`);
  } catch (error) {
    if (error instanceof LoadError && error.status === 404) return null;
    throw error;
  }
}

function itemNode(item: DigestItem): HTMLElement {
  const text = item.model ? linkedText(item) : [item.text];
  return el('li', { id: item.anchor, 'data-subject': item.subject }, ...text);
}

/** The model's name in the sentence links to its page. */
function linkedText(item: DigestItem): Array<Node | string> {
  const cut = item.text.indexOf(' (');
  if (cut < 0 || !item.model) return [item.text];
  return [
    el('a', { href: modelPageUrl(item.model.channel, item.model.id), title: item.model.id }, item.text.slice(0, cut)),
    item.text.slice(cut),
  ];
}

function channelCard(rows: readonly DigestRow[], channel: string, label: string, week: string): HTMLElement {
  const card = el(
    'section',
    { class: 'card digest', 'data-channel': channel, 'aria-labelledby': `digest-${channel}` },
    el('h2', { id: `digest-${channel}` }, `${label}, week of ${week}`),
  );
  const groups = digestGroups(rows, channel);
  if (groups.length === 0) {
    card.append(
      el(
        'p',
        { class: 'note' },
        `No change recorded on ${label} for the week of ${week}: either nothing moved, or that week or the one before is partial there (a partial week is never compared).`,
      ),
    );
  }
  for (const group of groups) {
    const list = el('ul', { 'data-kind': group.kind }, ...group.items.map(itemNode));
    if (group.folded.length)
      list.append(el('li', { class: 'folded', 'data-folded': String(group.folded.length) }, foldedText(group.folded)));
    card.append(el('h3', {}, `${group.heading} (${group.items.length + group.folded.length})`), list);
  }
  return card;
}

async function render(ctx: ViewContext): Promise<Node[]> {
  if (!ctx.catalog.get(CHANGES)?.built) {
    return [
      feedLink(),
      emptyState('No digest yet', `The table ${CHANGES} has not been built yet: run \`adoption-tracker transform\`.`),
    ];
  }
  const digest = await loadDigest(ctx.state.week);
  if (!digest) {
    return [
      feedLink(),
      emptyState(
        'Nothing to compare yet',
        'The digest compares a whole week with the whole week before it: it needs two whole weeks of data on a channel.',
      ),
    ];
  }
  const week = digest.week_start;
  const weeks = digest.weeks;
  const sections: Node[] = [
    feedLink(),
    el(
      'div',
      { class: 'view-controls' },
      selectControl({
        id: 'digest-week',
        label: 'Week',
        value: week,
        choices: weeks.map((w) => ({ value: w, label: `Week of ${w}` })),
        onChange: (picked) => ctx.setState({ week: picked === weeks[0] ? null : picked }),
      }),
    ),
    el('p', { class: 'note' }, `In short: ${weekSummary(digest.rows)}.`),
  ];
  for (const [channel, label] of CHANNELS) sections.push(channelCard(digest.rows, channel, label, week));
  const definition = ctx.catalog.get(CHANGES)?.definition ?? null;
  sections.push(howMeasured(CHANGES, definition));
  return sections;
}

export const digestView: View = {
  path: 'digest',
  nav: 'What changed',
  title: 'What changed, week by week',
  lede: 'Entrants and exits of the top 20, crossings and the biggest movers on OpenRouter and Hugging Face, week against week.',
  channels: ['openrouter', 'huggingface'],
  render,
};
