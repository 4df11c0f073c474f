/**
 * The "what changed" view: for one week, entrants and exits of the top 20, crossings (Chinese share passing the
 * US share, a developer passing another) and the biggest movers, on both channels. The same as an Atom feed.
 */
import { loadMart } from '../api.ts';
import { selectControl } from '../controls.ts';
import { el, emptyState, howMeasured } from '../dom.ts';
import type { View, ViewContext } from './types.ts';

export interface ChangeRow {
  week_start: string;
  channel: 'openrouter' | 'huggingface';
  kind: 'crossing' | 'entrant' | 'exit' | 'mover';
  metric: string;
  subject: string;
  detail: string;
  as_of: string | null;
}

const CHANGES = 'weekly_changes';
const KINDS: ReadonlyArray<[ChangeRow['kind'], string]> = [
  ['crossing', 'Crossings'],
  ['entrant', 'New in the top 20'],
  ['exit', 'Left the top 20'],
  ['mover', 'Biggest moves in the top 20'],
];
const CHANNELS: ReadonlyArray<[ChangeRow['channel'], string]> = [
  ['openrouter', 'OpenRouter'],
  ['huggingface', 'Hugging Face'],
];

function feedLink(): HTMLElement {
  return el('p', { class: 'feed' }, 'Follow it as a feed: ', el('a', { href: 'feed.xml', type: 'application/atom+xml', 'data-feed': '' }, 'Atom feed (feed.xml)'), '.');
}

async function render(ctx: ViewContext): Promise<Node[]> {
  if (!ctx.catalog.get(CHANGES)?.built) {
    return [feedLink(), emptyState('No digest yet', `The table ${CHANGES} has not been built yet: run \`adoption-tracker transform\`.`)];
  }
  const changes = await loadMart<ChangeRow>(CHANGES);
  const weeks = [...new Set(changes.rows.map((r) => r.week_start))].sort().reverse();
  if (weeks.length === 0) {
    return [
      feedLink(),
      emptyState('Nothing to compare yet', 'The digest compares a complete week with the complete week before it: it needs two complete weeks of data on a channel.'),
    ];
  }
  const week = ctx.state.week && weeks.includes(ctx.state.week) ? ctx.state.week : weeks[0]!;
  const rows = changes.rows.filter((r) => r.week_start === week);
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
  ];
  for (const [channel, channelLabel] of CHANNELS) {
    const mine = rows.filter((r) => r.channel === channel);
    const card = el('section', { class: 'card digest', 'data-channel': channel, 'aria-labelledby': `digest-${channel}` }, el('h2', { id: `digest-${channel}` }, `${channelLabel}, week of ${week}`));
    if (mine.length === 0) {
      card.append(el('p', { class: 'note' }, `No change recorded on ${channelLabel} for this week: either nothing moved, or this week or the one before is incomplete there (a partial week is never compared).`));
    }
    for (const [kind, label] of KINDS) {
      const items = mine.filter((r) => r.kind === kind);
      if (items.length === 0) continue;
      // Ids as the feed's entry links write them (dashboard/feed.ts entryId), so a feed reader lands on the item.
      const item = (r: ChangeRow) => el('li', { id: `${r.kind}-${r.metric}-${encodeURIComponent(r.subject)}`, 'data-subject': r.subject }, r.detail);
      card.append(el('h3', {}, `${label} (${items.length})`), el('ul', { 'data-kind': kind }, ...items.map(item)));
    }
    sections.push(card);
  }
  sections.push(howMeasured(CHANGES, changes.definition));
  return sections;
}

export const digestView: View = {
  path: 'digest',
  nav: 'What changed',
  title: 'What changed this week',
  lede: 'Entrants and exits of the top 20, crossings and the biggest movers on OpenRouter and Hugging Face, week against week.',
  render,
};
